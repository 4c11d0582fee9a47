"""Settings: read once, when an interface starts, from its options and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pourparler.domain.error import InvalidInput

__all__ = ["DATABASE_ENV", "Settings"]

DATABASE_ENV = "POURPARLER_DATABASE_URL"
DEFAULT_DATABASE = "pourparler.db"


@dataclass(frozen=True)
class Settings:
    database_url: str

    @classmethod
    def load(cls, database_url: str | None = None) -> Settings:
        """`database_url`, else $POURPARLER_DATABASE_URL, else ./pourparler.db (SQLite)."""
        url = (database_url or os.environ.get(DATABASE_ENV) or "").strip()
        if not url:
            url = f"sqlite+pysqlite:///{Path.cwd() / DEFAULT_DATABASE}"
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if not scheme.startswith(("sqlite", "postgresql")):
            raise InvalidInput(
                "the database URL must start with sqlite:// or postgresql+psycopg:// "
                f"(got {scheme or 'no scheme'!r})"
            )
        return cls(url)

"""Settings: read once, when an interface starts, from its options and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pourparler.domain.error import InvalidInput

__all__ = ["AUDIT_ENV", "DATABASE_ENV", "SIGNING_KEY_ENV", "Settings"]

DATABASE_ENV = "POURPARLER_DATABASE_URL"
SIGNING_KEY_ENV = "POURPARLER_SIGNING_KEY"
AUDIT_ENV = "POURPARLER_AUDIT"  # "1": the shortcuts of acts and reads check themselves
DEFAULT_DATABASE = "pourparler.db"
KEY_SUFFIX = ".signing-key"


def _default_key(url: str) -> Path:
    """Beside a SQLite database file (`pourparler.db.signing-key`); in the working folder for a
    server database."""
    if url.startswith("sqlite") and ":///" in url:
        database = url.split(":///", 1)[1].split("?", 1)[0]
        if database and database != ":memory:":
            return Path(database + KEY_SUFFIX)
    return Path.cwd() / f"pourparler{KEY_SUFFIX}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    signing_key: Path
    audit: bool = False

    @classmethod
    def load(cls, database_url: str | None = None) -> Settings:
        """`database_url`, else $POURPARLER_DATABASE_URL, else ./pourparler.db (SQLite); the
        signing key's file from $POURPARLER_SIGNING_KEY, else beside the SQLite file or in the
        working folder. With $POURPARLER_AUDIT=1 the shortcuts check themselves: every act
        checks the facts it binds against the talks' facts built whole, and every answer a read
        gets from a snapshot against one computed anew (slow: the test suite's setting)."""
        url = (database_url or os.environ.get(DATABASE_ENV) or "").strip()
        if not url:
            url = f"sqlite+pysqlite:///{Path.cwd() / DEFAULT_DATABASE}"
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if not scheme.startswith(("sqlite", "postgresql")):
            raise InvalidInput(
                "the database URL must start with sqlite+pysqlite:// or postgresql+psycopg:// "
                f"(got {scheme or 'no scheme'!r})"
            )
        key = os.environ.get(SIGNING_KEY_ENV, "").strip()
        audit = os.environ.get(AUDIT_ENV, "").strip() == "1"
        return cls(url, Path(key) if key else _default_key(url), audit)

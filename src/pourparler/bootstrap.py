"""The one place that wires Pourparler together: settings, store, clock and password hashing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from pourparler.config import Settings
from pourparler.services.port import Services, UnitOfWork
from pourparler.store import migrate
from pourparler.store.database import make_engine, make_session_factory, redacted
from pourparler.store.mapping import start_mappers
from pourparler.store.uow import SqlUnitOfWork

__all__ = ["Argon2Hasher", "build", "upgrade_database", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Argon2Hasher:
    """Passwords hashed with Argon2id, with the library's recommended parameters."""

    def __init__(self) -> None:
        self._argon2 = Argon2()

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def build(database_url: str | None = None, *, clock: Callable[[], datetime] = utc_now) -> Services:
    """Services over the configured database."""
    settings = Settings.load(database_url)
    start_mappers()
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)

    def unit_of_work() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return Services(unit_of_work, clock, Argon2Hasher(), engine.dispose)


def upgrade_database(database_url: str | None = None) -> str:
    """Apply every migration; returns the URL upgraded, its password hidden."""
    settings = Settings.load(database_url)
    migrate.upgrade(settings.database_url)
    return redacted(settings.database_url)

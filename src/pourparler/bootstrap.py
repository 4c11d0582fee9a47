"""The one place that wires Pourparler together: settings, store, clock and password hashing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from pourparler.config import Settings
from pourparler.domain.error import StoreUnavailable
from pourparler.keyring import FileKeyRing
from pourparler.services.port import Services, UnitOfWork
from pourparler.services.snapshot import Snapshots
from pourparler.store import migrate
from pourparler.store.database import make_engine, make_session_factory, parse_url, redacted
from pourparler.store.mapping import start_mappers
from pourparler.store.notice import CHANNEL as RECORD_CHANNEL
from pourparler.store.notice import listen_locally
from pourparler.store.uow import SqlUnitOfWork
from pourparler.store.watch import HeadWatch

__all__ = [
    "RECORD_CHANNEL",
    "Argon2Hasher",
    "HeadWatch",
    "Upgraded",
    "build",
    "listen_locally",
    "not_ready",
    "record_listener_url",
    "record_watch",
    "require_database",
    "rotate_signing_key",
    "upgrade_database",
    "utc_now",
]


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

    keys = FileKeyRing(settings.signing_key, clock)
    return Services(
        unit_of_work,
        clock,
        Argon2Hasher(),
        keys,
        engine.dispose,
        snapshots=Snapshots(audit=settings.audit),
        audit=settings.audit,
    )


class Upgraded(NamedTuple):
    url: str  # its password hidden
    fingerprint: str  # of the signing key
    new_file: Path | None  # the SQLite file this upgrade created
    new_key: Path | None  # the signing key file this upgrade created


def upgrade_database(database_url: str | None = None) -> Upgraded:
    """Apply every migration and make sure the installation has its signing key (created on
    the first upgrade); says what it upgraded and what it created."""
    settings = Settings.load(database_url)
    new_file = migrate.missing_file(settings.database_url)
    had_key = settings.signing_key.exists()
    migrate.upgrade(settings.database_url)
    svc = build(settings.database_url)
    try:
        with svc.unit_of_work() as uow:
            fingerprint = svc.keys.signer(uow).fingerprint
            uow.commit()
    finally:
        svc.close()
    new_key = None if had_key or not settings.signing_key.exists() else settings.signing_key
    return Upgraded(redacted(settings.database_url), fingerprint, new_file, new_key)


def require_database(database_url: str | None = None) -> None:
    """Refuse a SQLite database file that does not exist, before anything connects: connecting
    would create it empty, and every use of it but `db upgrade` would then fail, leaving the
    empty file behind. Only `upgrade_database` creates the file."""
    file = migrate.missing_file(Settings.load(database_url).database_url)
    if file is not None:
        raise StoreUnavailable(
            f"the database file {file} does not exist yet: run 'pourparler db upgrade' to create it"
        )


def rotate_signing_key(database_url: str | None = None) -> tuple[str, str]:
    """Hand the installation's signing over to a new key; returns (old, new) fingerprints."""
    require_database(database_url)
    settings = Settings.load(database_url)
    ring = FileKeyRing(settings.signing_key, utc_now)
    svc = build(settings.database_url)
    try:
        with svc.unit_of_work() as uow:
            found = ring.rotate(uow)
            uow.commit()
    finally:
        svc.close()
    return found


def not_ready(database_url: str | None = None) -> str | None:
    """Why the installation cannot serve yet (database unreachable, migrations behind), or None
    when it can."""
    settings = Settings.load(database_url)
    if migrate.missing_file(settings.database_url) is not None:
        # Not created here (connecting would leave an empty file), nor named: /readyz tells
        # anyone who asks, and the operator knows the URL.
        return "the SQLite database file does not exist yet: run 'pourparler db upgrade'"
    try:
        at = migrate.current(settings.database_url)
    except StoreUnavailable:
        return "the database cannot be reached"
    latest = migrate.head()
    if at != latest:
        behind = f"the database is at migration {at or 'none'}, not {latest}"
        return f"{behind}: run 'pourparler db upgrade'"
    return None


def record_listener_url(database_url: str | None = None) -> str | None:
    """Where to LISTEN for word of new record entries (a libpq URL), when the configured
    database is PostgreSQL; None for SQLite (see `record_watch`)."""
    url = parse_url(Settings.load(database_url).database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def record_watch(database_url: str | None = None) -> HeadWatch | None:
    """For SQLite, which has no NOTIFY, a watch on the record heads: how a server process
    notices acts made through another process (another worker, the command line). None for
    PostgreSQL, where `record_listener_url` serves instead."""
    url = Settings.load(database_url).database_url
    if parse_url(url).get_backend_name() != "sqlite":
        return None
    return HeadWatch(url)

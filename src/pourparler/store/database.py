"""Engines and sessions from a database URL: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from pourparler.domain.error import InvalidInput, StoreUnavailable
from pourparler.store.mapping import start_mappers
from pourparler.store.notice import watch_commits

__all__ = [
    "check_connection",
    "make_engine",
    "make_session_factory",
    "parse_url",
    "redacted",
    "unavailable",
]

_HELP = (
    "use sqlite+pysqlite:///path/to/pourparler.db or "
    "postgresql+psycopg://user:password@host:5432/database"
)
_DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def redacted(url: str | URL) -> str:
    """`url` fit for a message or a log: the password, if any, hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable URL>"


def parse_url(url: str) -> URL:
    """`url` parsed, checked and given Pourparler's driver (psycopg, pysqlite); raises
    InvalidInput naming what is wrong, without the password."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError, TypeError, AttributeError):
        raise InvalidInput(f"the database URL is not a URL: {_HELP}") from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise InvalidInput(
            f"Pourparler does not store in {parsed.drivername!r} ({redacted(parsed)}): {_HELP}"
        )
    if driver.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
        raise InvalidInput(
            "a SQLite database URL needs a file (an in-memory database forgets everything "
            f"between connections): {_HELP}"
        )
    return parsed.set(drivername=driver)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite, per connection; WAL lets readers run while
    # one writer writes, which is what several request handlers on one file need.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for `url`, keeping up to `pool_size` idle connections; nothing connects until
    the engine is first used.

    Raises InvalidInput for a URL that is malformed or names an unsupported database.
    """
    parsed = parse_url(url)
    # More connections than request threads (server/app.py), so that a request never waits for
    # a connection, even with the command line and event streams using some.
    options: dict[str, Any] = {"pool_size": pool_size, "max_overflow": 30}
    if parsed.drivername.startswith("sqlite"):
        # A writer waits for the one before it for up to 30 s rather than the driver's 5.
        options["connect_args"] = {"timeout": 30}
    else:
        options["pool_pre_ping"] = True  # a server's connections can be dropped while idle
    try:
        engine = create_engine(parsed, **options)
    except (ArgumentError, NoSuchModuleError, ImportError, TypeError) as exc:
        raise InvalidInput(f"cannot use the database URL {redacted(parsed)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def check_connection(engine: Engine) -> None:
    """Connect once, and raise StoreUnavailable with a readable reason if that fails."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise unavailable(engine.url, exc) from None


def unavailable(url: URL, exc: DBAPIError) -> StoreUnavailable:
    """The error to show when the database at `url` could not be used."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
        return StoreUnavailable(
            f"the database {redacted(url)} has no Pourparler tables yet: "
            "run `pourparler db upgrade`"
        )
    return StoreUnavailable(f"the database {redacted(url)} cannot be used: {reason}")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on `engine` whose objects stay readable after commit (the mapping is started)."""
    start_mappers()
    sessions = sessionmaker(engine, expire_on_commit=False)
    watch_commits(sessions)  # word of each committed append, for those who follow talks live
    return sessions

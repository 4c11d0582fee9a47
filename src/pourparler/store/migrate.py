"""Run the store's Alembic migrations from code: no alembic.ini is needed at run time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from pourparler.store.database import make_engine, parse_url, unavailable

__all__ = ["MIGRATIONS", "current", "downgrade", "head", "missing_file", "upgrade"]

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    # Config values pass through configparser, where '%' starts an interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (the latest by default), in one transaction
    where the database allows it.

    Raises InvalidInput for a bad URL and StoreUnavailable when the database cannot be reached.
    """
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), revision)
    except OperationalError as exc:
        raise unavailable(engine.url, exc) from None
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    """Take the database at `url` back to `revision` ("base": no tables). Data is lost."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.downgrade(_config(connection), revision)
    except OperationalError as exc:
        raise unavailable(engine.url, exc) from None
    finally:
        engine.dispose()


def missing_file(url: str) -> Path | None:
    """The file a SQLite `url` names when it does not exist (connecting would create it
    empty), else None."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database is None:
        return None
    file = Path(parsed.database)
    return None if file.exists() else file


def current(url: str) -> str | None:
    """The revision the database at `url` is at, or None when it was never migrated. Asking
    leaves no trace: a SQLite file that does not exist is not created."""
    if missing_file(url) is not None:
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise unavailable(engine.url, exc) from None
    finally:
        engine.dispose()


def head() -> str | None:
    """The latest revision this version of Pourparler ships."""
    return ScriptDirectory.from_config(_config()).get_current_head()

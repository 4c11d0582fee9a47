"""Alembic's environment: runs the migrations on the connection or URL the caller passes.

`pourparler.store.migrate` passes an open connection in `config.attributes["connection"]`;
a developer running the `alembic` command may pass `-x url=...` or `sqlalchemy.url` instead.
Nothing here reads the application's settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from pourparler.store.database import make_engine
from pourparler.store.mapping import metadata

config = context.config


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("no database URL: pass -x url=... or set sqlalchemy.url")
    return url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters tables only by copying them; later migrations need batch mode there.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

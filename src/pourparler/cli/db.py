"""`pourparler db`: the database schema."""

from __future__ import annotations

import typer

from pourparler import bootstrap
from pourparler.cli.common import console

db = typer.Typer(help="The database schema.", no_args_is_help=True)


@db.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply every schema migration to the database."""
    url = bootstrap.upgrade_database(ctx.find_root().obj.get("database_url"))
    console.print(f"database is up to date: {url}")


def register(app: typer.Typer) -> None:
    app.add_typer(db, name="db")

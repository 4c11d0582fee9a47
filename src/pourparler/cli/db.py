"""`pourparler db`: the database schema."""

from __future__ import annotations

import typer

from pourparler.cli.common import console

db = typer.Typer(help="The database schema.", no_args_is_help=True)


@db.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply every schema migration to the database."""
    from pourparler import bootstrap  # the database layer, on first use

    done = bootstrap.upgrade_database(ctx.find_root().obj.get("database_url"))
    if done.new_file is not None:
        console.print(f"created the database file {done.new_file}")
    console.print(f"database is up to date: {done.url}")
    if done.new_key is not None:
        console.print(f"created the signing key {done.new_key}: back it up (docs/operator.md)")
    console.print(f"record heads are signed with key {done.fingerprint}")


@db.command("rotate-key")
def rotate_key(ctx: typer.Context) -> None:
    """Replace the installation's signing key; the old key signs the hand-over to the new."""
    from pourparler import bootstrap  # the database layer, on first use

    old, new = bootstrap.rotate_signing_key(ctx.find_root().obj.get("database_url"))
    console.print(f"signing key {old} handed over to {new}")


def register(app: typer.Typer) -> None:
    app.add_typer(db, name="db")

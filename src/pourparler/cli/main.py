"""The `pourparler` command line: one Typer application, commands registered from modules.

Errors of the rules reach the user as one line on stderr and an exit code: 2 for a refused or
malformed request, 1 for a failed check. A traceback means a bug, never a user's mistake.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from pourparler.cli import (
    analysis,
    analyze,
    db,
    demo,
    exchange,
    memo,
    note,
    record,
    round,
    schema,
    talks,
    text,
    user,
)
from pourparler.domain.error import IntegrityFailure, PourparlerError


class _Commands(TyperGroup):
    def invoke(self, ctx: Any) -> Any:  # click's Context, which Typer now vendors privately
        try:
            return super().invoke(ctx)
        except PourparlerError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1 if isinstance(exc, IntegrityFailure) else 2) from None


app = typer.Typer(
    name="pourparler",
    cls=_Commands,
    help="Negotiation support for structured, multi-round talks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            envvar="POURPARLER_DATABASE_URL",
            help="Database URL (default: sqlite file pourparler.db here).",
        ),
    ] = None,
) -> None:
    ctx.obj = {"database_url": database_url}


for module in (db, user, talks, round, memo, exchange, text, note, record, demo, analyze, analysis):
    module.register(app)
schema.register(app)


def main() -> None:
    """Console entry point."""
    app()

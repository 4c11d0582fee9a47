"""The `pourparler` command line: one Typer application, commands registered from modules.

Errors of the rules reach the user as one line on stderr and an exit code (`exit_code`): 1 for
a failed integrity check, 2 for any other refusal, a malformed request or a database that
cannot be used (a SQLite file that does not exist yet included). A traceback means a bug, never
a user's mistake. The error tree in domain/error.py says the same of each error.
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

try:  # Typer vendors click privately since 0.2x; its exceptions are the ones raised
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - an older Typer over the public click
    from click import exceptions as click_errors  # type: ignore[no-redef]

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
    serve,
    talks,
    text,
    user,
)
from pourparler.domain.error import IntegrityFailure, PourparlerError


def exit_code(refusal: PourparlerError) -> int:
    """The exit status of a command the rules refused: 1 when a verification failed, else 2."""
    return 1 if isinstance(refusal, IntegrityFailure) else 2


def _usage_error(exc: click_errors.ClickException) -> NoReturn:
    """A mistyped command line, in one line on stderr and exit 2, whichever command it was.

    Click would draw a box of five or six lines around it; a script reading stderr, or a person
    scanning a terminal, needs the one line that says what is wrong and where to look.
    """
    said = " ".join(exc.format_message().split())
    context = getattr(exc, "ctx", None)
    where = f"{context.command_path}: " if context is not None else ""
    hint = f" (see '{context.command_path} --help')" if context is not None else ""
    typer.echo(f"error: {where}{said}{hint}", err=True)
    raise typer.Exit(2)


class _Commands(TyperGroup):
    """The root command: translates errors once, at the edge, for every command below it."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click_errors.NoArgsIsHelpError:
            raise  # `pourparler` alone prints the help, as asked for
        except click_errors.ClickException as exc:
            _usage_error(exc)

    def invoke(self, ctx: Any) -> Any:  # click's Context, which Typer now vendors privately
        try:
            return super().invoke(ctx)
        except PourparlerError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(exit_code(exc)) from None
        except click_errors.NoArgsIsHelpError:
            raise  # `pourparler talks` alone prints the help of `talks`
        except click_errors.ClickException as exc:
            _usage_error(exc)


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
serve.register(app)


def main() -> None:
    """Console entry point."""
    app()

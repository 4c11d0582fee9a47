"""The `pourparler` command line: one Typer application, commands registered from modules."""

from __future__ import annotations

import typer

from pourparler.cli.analyze import register as register_analyze

app = typer.Typer(
    name="pourparler",
    help="Negotiation support for structured, multi-round talks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

register_analyze(app)


def main() -> None:
    """Console entry point."""
    app()

"""The `pourparler` command line: one Typer application, commands registered from modules."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="pourparler",
    help="Negotiation support for structured, multi-round talks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Console entry point."""
    app()

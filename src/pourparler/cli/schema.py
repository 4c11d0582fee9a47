"""`pourparler schema`: the JSON Schema of each document a user hands in."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pourparler.services.document import DOCUMENTS, schema_text


def schema(
    kind: Annotated[str, typer.Argument(metavar="|".join(DOCUMENTS), help="Which document.")],
) -> None:
    """Print the JSON Schema of a memorandum, clauses, profile or talks export file."""
    sys.stdout.write(schema_text(kind))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)

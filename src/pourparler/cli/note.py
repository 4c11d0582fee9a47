"""`pourparler note`: the mediator's own notes on the talks, read by mediators alone."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pourparler.cli.common import AsMember, Json, TalksId, console, emit_json, services
from pourparler.services import note as notes
from pourparler.services.principal import OPERATOR

note = typer.Typer(help="Mediator notes: the mediator's alone.", no_args_is_help=True)

RoundOption = Annotated[
    str | None, typer.Option("--round", metavar="ROUND_ID", help="A round of the talks.")
]


@note.command("add")
def add(
    ctx: typer.Context,
    talks_id: TalksId,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="The note (up to 20,000 characters).")
    ],
    round_id: RoundOption = None,
    who: AsMember = OPERATOR,
) -> None:
    """Write a note on the talks, or on one round (the mediator)."""
    written = notes.write_note(services(ctx), who, talks_id, text=text, round_id=round_id)
    console.print(written.id)


@note.command("list")
def list_(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundOption = None,
    json_: Json = False,
    who: AsMember = OPERATOR,
) -> None:
    """The notes in the order written; with --round, that round's only."""
    found = notes.list_notes(services(ctx), who, talks_id, round_id=round_id)
    if json_:
        emit_json(found)
        return
    table = Table("id", "written (UTC)", "round", "note")
    for n in found:
        table.add_row(n["id"], n["written_at"][:16].replace("T", " "), n["round"] or "", n["text"])
    console.print(table)


@note.command("delete")
def delete(ctx: typer.Context, talks_id: TalksId, note_id: str, who: AsMember = OPERATOR) -> None:
    """Delete one of your own notes; the record keeps a mediator-only act of it."""
    notes.delete_note(services(ctx), who, talks_id, note_id)
    console.print("deleted")


def register(app: typer.Typer) -> None:
    app.add_typer(note, name="note")

"""`pourparler record`: the tamper-evident record of the talks."""

from __future__ import annotations

import typer
from rich.table import Table

from pourparler.cli.common import AsMember, Json, TalksId, console, emit_json, services
from pourparler.domain.error import IntegrityFailure
from pourparler.services.transfer import verify_record
from pourparler.services.view import talks_document

record = typer.Typer(help="The record: every act, hash-chained.", no_args_is_help=True)


@record.command("show")
def show(ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = None) -> None:
    """The acts you may see; others' private acts appear as sealed stubs."""
    entries = talks_document(services(ctx), who, talks_id)["record"]
    if json_:
        emit_json(entries)
        return
    table = Table("#", "when (UTC)", "who", "act", "hash")
    for e in entries:
        if e.get("stub"):
            table.add_row(str(e["seq"]), "", "", "[dim](private act)[/]", e["hash"][:12])
        else:
            table.add_row(
                str(e["seq"]), e["at"][:19].replace("T", " "), e["actor"], e["act"], e["hash"][:12]
            )
    console.print(table)


@record.command("verify")
def verify(ctx: typer.Context, talks_id: TalksId, who: AsMember = None) -> None:
    """Check the stored chain: exit 0 when intact, 1 naming the first bad entry."""
    broken = verify_record(services(ctx), who, talks_id)
    if broken:
        raise IntegrityFailure(f"the record is broken at entry {broken[0]}: {broken[1]}")
    console.print("the record is intact")


def register(app: typer.Typer) -> None:
    app.add_typer(record, name="record")

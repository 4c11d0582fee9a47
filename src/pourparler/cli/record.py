"""`pourparler record`: the tamper-evident record of the talks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from pourparler.cli.common import AsMember, Json, TalksId, console, emit_json, read_json, services
from pourparler.domain.error import InvalidInput
from pourparler.services.principal import OPERATOR
from pourparler.services.record_query import list_record
from pourparler.services.verification import (
    Verification,
    verify_export,
    verify_extension,
    verify_record,
)

record = typer.Typer(help="The record: every act, hash-chained and signed.", no_args_is_help=True)

Pinned = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="FINGERPRINT",
        help="Require the head to be signed by this key (or one it handed over to).",
    ),
]


@record.command("show")
def show(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """The acts you may see; others' private acts appear as sealed stubs."""
    entries = list_record(services(ctx), who, talks_id)
    if json_:
        emit_json(entries)
        return
    table = Table("#", "when (UTC)", "who", "act", "hash")
    for e in entries:
        if e.get("stub"):
            table.add_row(str(e["seq"]), "", "", Text("(private act)", "dim"), e["hash"][:12])
        else:
            table.add_row(
                str(e["seq"]), e["at"][:19].replace("T", " "), e["actor"], e["act"], e["hash"][:12]
            )
    console.print(table)


def report(found: Verification) -> None:
    """Print what a verification found; exit 1 (IntegrityFailure) when anything is wrong."""
    found.raise_if_broken()
    keys = ", ".join(found.signers) or "no key"
    console.print(
        f"the record is intact: {found.entries} entries, {found.facts} stored facts checked, "
        f"head signed by key {keys}"
    )
    if found.unchecked:
        console.print(f"{found.unchecked} facts not checked: {found.why_unchecked}")


@record.command("verify")
def verify(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(metavar="TALKS_ID|EXPORT", help="Talks here, or an export file.")
    ],
    against: Annotated[
        Path | None,
        typer.Option(help="An earlier export of the same talks that this one must extend."),
    ] = None,
    pinned: Pinned = None,
    who: AsMember = OPERATOR,
) -> None:
    """Check the chain, every stored fact against it, and the signed head: exit 0 when intact,
    1 naming what is wrong. Give an export file to check it offline."""
    if target.endswith(".json") and not Path(target).is_file():
        raise InvalidInput(f"no such export file: {target}")
    if Path(target).is_file():
        document = read_json(Path(target))
        if against is not None:
            found = verify_extension(document, read_json(against), pinned=pinned)
        else:
            found = verify_export(document, pinned=pinned)
        report(found)
        if against is not None:
            console.print(f"it extends the record of {against}")
        return
    report(verify_record(services(ctx), who, target))


def register(app: typer.Typer) -> None:
    app.add_typer(record, name="record")

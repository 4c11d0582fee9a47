"""`pourparler talks`: create, set up, list, show, export and import talks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pourparler.cli.common import (
    AsMember,
    Json,
    TalksId,
    Title,
    console,
    emit_json,
    read_json,
    services,
)
from pourparler.cli.render import process_overview, talks_overview
from pourparler.domain.error import InvalidInput
from pourparler.domain.framework import IssueChange, NumericRange
from pourparler.services import setup
from pourparler.services.principal import OPERATOR
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.view import list_talks, talks_document

talks = typer.Typer(help="Talks: create, set up, list, show, export, import.", no_args_is_help=True)


@talks.command("list")
def list_(ctx: typer.Context, json_: Json = False, who: AsMember = OPERATOR) -> None:
    """The talks you may see."""
    found = list_talks(services(ctx), who)
    if json_:
        emit_json(found)
        return
    table = Table("id", "title", "status", "parties", "rounds")
    for t in found:
        table.add_row(t["id"], t["title"], t["status"], ", ".join(t["parties"]), str(t["rounds"]))
    console.print(table)


@talks.command("show")
def show(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """Everything about the talks that you may read."""
    doc = talks_document(services(ctx), who, talks_id, with_record=json_)
    if json_:
        emit_json(doc)
    else:
        talks_overview(doc)
        process_overview(doc)


@talks.command("export")
def export(ctx: typer.Context, talks_id: TalksId, who: AsMember = OPERATOR) -> None:
    """The talks as one JSON document on stdout (what you may read, record included)."""
    emit_json(export_talks(services(ctx), who, talks_id))


@talks.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by 'talks export'.")],
    unverified: Annotated[
        bool,
        typer.Option(help="Keep it even though its signatures do not hold, marked unverified."),
    ] = False,
    pinned: Annotated[
        str | None,
        typer.Option("--key", metavar="FINGERPRINT", help="Require the head signed by this key."),
    ] = None,
    who: AsMember = OPERATOR,
) -> None:
    """Restore exported talks into this database, after verifying them."""
    document = read_json(file)
    restored = import_talks(services(ctx), who, document, unverified=unverified, pinned=pinned)
    state = "UNVERIFIED (its signatures do not hold)" if unverified else "verified"
    console.print(f"talks {restored.id} imported, {state}: {restored.title}")


@talks.command("create")
def create(
    ctx: typer.Context,
    title: Title,
    subject: Annotated[str, typer.Option(help="What the talks are about.")] = "",
    language: Annotated[list[str] | None, typer.Option(help="A working language (repeat).")] = None,
    template: Annotated[str | None, typer.Option(help="ceasefire or labour")] = None,
    who: AsMember = OPERATOR,
) -> None:
    """Open new talks (the secretariat)."""
    created = setup.create_talks(
        services(ctx),
        who,
        title=title,
        subject=subject,
        languages=tuple(language or ["en"]),
        template=template,
    )
    console.print(created.id)


@talks.command("party")
def party(ctx: typer.Context, talks_id: TalksId, name: str, who: AsMember = OPERATOR) -> None:
    """Add a party."""
    console.print(setup.add_party(services(ctx), who, talks_id, name=name))


@talks.command("seat")
def seat(
    ctx: typer.Context,
    talks_id: TalksId,
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="The person's e-mail.")],
    role: Annotated[
        str,
        typer.Argument(
            metavar="ROLE", help="head, delegate, adviser, mediator, observer, secretariat"
        ),
    ],
    party: Annotated[str | None, typer.Option(help="The party, for party roles.")] = None,
    who: AsMember = OPERATOR,
) -> None:
    """Give an account a seat in the talks (a head seats its own delegates and advisers)."""
    svc = services(ctx)
    setup.seat(svc, who, talks_id, email=email, role=role, party=party)
    waiting = setup.awaits_confirmation(svc, who, talks_id, email=email)
    note = ": the party's head confirms it with 'pourparler talks confirm'" if waiting else ""
    console.print(f"{email} seated as {role}{note}")


@talks.command("confirm")
def confirm(ctx: typer.Context, talks_id: TalksId, email: str, who: AsMember = OPERATOR) -> None:
    """Confirm a seat given in your party (its head): until then it reads nothing of it."""
    setup.confirm_seat(services(ctx), who, talks_id, email=email)
    console.print(f"{email} confirmed")


@talks.command("issue")
def issue(
    ctx: typer.Context,
    talks_id: TalksId,
    title: Title,
    kind: Annotated[str, typer.Option(help="options, range or clause")],
    option: Annotated[list[str] | None, typer.Option(help="An alternative (repeat).")] = None,
    low: float | None = None,
    high: float | None = None,
    step: float = 1.0,
    unit: str = "",
    category: str = "",
    who: AsMember = OPERATOR,
) -> None:
    """Add an issue to the framework."""
    bounds = _bounds(low, high, step, unit)
    added = setup.add_issue(
        services(ctx),
        who,
        talks_id,
        title=title,
        kind=kind,
        category=category,
        options=tuple(option or ()),
        bounds=bounds,
    )
    console.print(added.id)


def _bounds(low: float | None, high: float | None, step: float, unit: str) -> NumericRange | None:
    if low is None and high is None:
        return None
    if low is None or high is None:
        raise InvalidInput("a range issue needs both --low and --high")
    return NumericRange(low, high, step, unit)


IssueRef = Annotated[str, typer.Argument(metavar="ISSUE", help="The issue's id or title.")]


@talks.command("issue-edit")
def issue_edit(
    ctx: typer.Context,
    talks_id: TalksId,
    issue: IssueRef,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    description: Annotated[str | None, typer.Option(help="A new description.")] = None,
    category: Annotated[str | None, typer.Option(help="A new category.")] = None,
    option: Annotated[
        list[str] | None, typer.Option(help="The new alternatives, all of them (repeat).")
    ] = None,
    low: float | None = None,
    high: float | None = None,
    step: float = 1.0,
    unit: str = "",
    who: AsMember = OPERATOR,
) -> None:
    """Correct an issue that no memorandum, text or profile refers to yet."""
    change = IssueChange(
        title=title,
        category=category,
        description=description,
        options=tuple(option) if option else None,
        range=_bounds(low, high, step, unit),
    )
    edited = setup.edit_issue(services(ctx), who, talks_id, issue, change)
    console.print(f"issue {edited.id} corrected: {edited.title}")


@talks.command("issue-remove")
def issue_remove(
    ctx: typer.Context, talks_id: TalksId, issue: IssueRef, who: AsMember = OPERATOR
) -> None:
    """Take an issue that nothing refers to off the framework."""
    removed = setup.remove_issue(services(ctx), who, talks_id, issue)
    console.print(f"issue {removed.id} removed: {removed.title}")


@talks.command("template")
def template(
    ctx: typer.Context,
    talks_id: TalksId,
    name: Annotated[str, typer.Argument(metavar="NAME", help="ceasefire or labour")],
    add: Annotated[
        bool, typer.Option("--add", help="Add to the issues the talks have already.")
    ] = False,
    who: AsMember = OPERATOR,
) -> None:
    """Give the talks a built-in framework: ceasefire or labour."""
    count = setup.apply_template(services(ctx), who, talks_id, template=name, add=add)
    console.print(f"{count} issues added")


@talks.command("status")
def status(
    ctx: typer.Context,
    talks_id: TalksId,
    new: Annotated[str, typer.Argument(metavar="STATUS")],
    statement: str = "",
    who: AsMember = OPERATOR,
) -> None:
    """Suspend, resume ('active') or conclude the talks."""
    setup.set_status(services(ctx), who, talks_id, status=new, statement=statement)
    console.print(f"talks are {new}")


def register(app: typer.Typer) -> None:
    app.add_typer(talks, name="talks")

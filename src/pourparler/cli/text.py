"""`pourparler text`, `pourparler clarify` and `pourparler minutes`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pourparler.cli.common import (
    AsMember,
    Json,
    TalksId,
    Title,
    VersionNumber,
    console,
    emit_json,
    read_json,
    services,
)
from pourparler.cli.render import clarifications_table
from pourparler.services import clarification
from pourparler.services import text as texts
from pourparler.services.minutes import round_minutes
from pourparler.services.principal import OPERATOR
from pourparler.services.view import talks_document

text = typer.Typer(help="The single negotiating text.", no_args_is_help=True)
clarify = typer.Typer(help="Clarifications on revealed documents.", no_args_is_help=True)


@text.command("start")
def start(
    ctx: typer.Context,
    talks_id: TalksId,
    title: Title,
    empty: Annotated[bool, typer.Option(help="Start empty, not from the memoranda.")] = False,
    who: AsMember = OPERATOR,
) -> None:
    """Start the text from the revealed memoranda (the mediator)."""
    version = texts.start_text(services(ctx), who, talks_id, title=title, from_memoranda=not empty)
    console.print(f"version {version.number} {version.hash}")


@text.command("revise")
def revise(
    ctx: typer.Context,
    talks_id: TalksId,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="JSON list of clauses (`pourparler schema clauses`)."),
    ],
    who: AsMember = OPERATOR,
) -> None:
    """Replace the clauses with those of a JSON file: a new version."""
    version = texts.revise_text_document(services(ctx), who, talks_id, read_json(file))
    console.print(f"version {version.number} {version.hash}")


@text.command("show")
def show(
    ctx: typer.Context, talks_id: TalksId, version: int | None = None, who: AsMember = OPERATOR
) -> None:
    """The text as Markdown, in the bracket convention."""
    sys.stdout.write(texts.text_markdown(services(ctx), who, talks_id, version) + "\n")


@text.command("diff")
def diff(
    ctx: typer.Context, talks_id: TalksId, first: int, second: int, who: AsMember = OPERATOR
) -> None:
    """What changed between two versions."""
    sys.stdout.write(texts.diff_text(services(ctx), who, talks_id, first, second))


@text.command("accept")
def accept(
    ctx: typer.Context, talks_id: TalksId, version_hash: str, who: AsMember = OPERATOR
) -> None:
    """Accept the whole current version for your party, by its hash (8 hex digits or more)."""
    agreed = texts.accept_text(services(ctx), who, talks_id, version_hash=version_hash)
    console.print("accepted: the talks reached agreement" if agreed else "accepted")


@clarify.command("ask")
def ask(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: Annotated[
        str, typer.Argument(metavar="MEMORANDUM_ID", help="The memorandum asked about.")
    ],
    version: VersionNumber,
    anchor: Annotated[str, typer.Option(help="section, position or clause")],
    key: Annotated[str, typer.Option(help="Section key, or the issue's id.")],
    question: Annotated[str, typer.Option(help="The question.")],
    who: AsMember = OPERATOR,
) -> None:
    """Ask another party about a point of its revealed document."""
    asked = clarification.ask_clarification(
        services(ctx),
        who,
        talks_id,
        memorandum_id=memorandum_id,
        version=version,
        anchor=anchor,
        key=key,
        question=question,
    )
    console.print(asked.id)


@clarify.command("list")
def list_(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: Annotated[str | None, typer.Option("--round", help="Only this round's.")] = None,
    memo: Annotated[str | None, typer.Option(help="Only those on this memorandum.")] = None,
    json_: Json = False,
    who: AsMember = OPERATOR,
) -> None:
    """Clarifications, per round or per document."""
    found = clarification.list_clarifications(
        services(ctx), who, talks_id, round_id=round_id, memorandum_id=memo
    )
    if json_:
        emit_json(found)
        return
    doc = talks_document(services(ctx), who, talks_id, with_record=False)
    anchors = {c["id"]: c["anchor_name"] for c in found}
    console.print(clarifications_table(doc, found, anchors))


@clarify.command("answer")
def answer(
    ctx: typer.Context,
    talks_id: TalksId,
    clarification_id: Annotated[str, typer.Argument(metavar="CLARIFICATION_ID")],
    reply: Annotated[str, typer.Argument(metavar="ANSWER", help="Your answer.")],
    who: AsMember = OPERATOR,
) -> None:
    """Answer a question put to your party."""
    clarification.answer_clarification(services(ctx), who, talks_id, clarification_id, answer=reply)
    console.print("answered")


@clarify.command("close")
def close(
    ctx: typer.Context, talks_id: TalksId, clarification_id: str, who: AsMember = OPERATOR
) -> None:
    """Close a clarification."""
    clarification.close_clarification(services(ctx), who, talks_id, clarification_id)
    console.print("closed")


def minutes(ctx: typer.Context, round_id: str, who: AsMember = OPERATOR) -> None:
    """The minutes of a round, as Markdown, from the record."""
    sys.stdout.write(round_minutes(services(ctx), who, round_id))


def register(app: typer.Typer) -> None:
    app.add_typer(text, name="text")
    app.add_typer(clarify, name="clarify")
    app.command("minutes")(minutes)

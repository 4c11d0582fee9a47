"""`pourparler memo`: memoranda of your party; reading, diffing and comparing memoranda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pourparler.cli.common import (
    AsMember,
    Json,
    TalksId,
    VersionNumber,
    console,
    emit_json,
    read_json,
    services,
)
from pourparler.cli.render import (
    memoranda_table,
    memorandum_view,
    revision_table,
    standings_table,
)
from pourparler.domain.error import InvalidInput
from pourparler.services import memorandum, reading
from pourparler.services.document import read_memorandum
from pourparler.services.principal import OPERATOR

memo = typer.Typer(
    help="Memoranda: draft, save versions, share, list, show, diff, compare.", no_args_is_help=True
)

MemoId = Annotated[str, typer.Argument(metavar="MEMORANDUM_ID")]


@memo.command("create")
def create(ctx: typer.Context, talks_id: TalksId, title: str, who: AsMember = OPERATOR) -> None:
    """Start a memorandum for your party (private to it)."""
    console.print(memorandum.create_memorandum(services(ctx), who, talks_id, title=title).id)


@memo.command("save")
def save(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: MemoId,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="JSON: `pourparler schema memorandum`.")
    ],
    who: AsMember = OPERATOR,
) -> None:
    """Save a new version from a JSON file (issues named by id or title)."""
    sections, positions = read_memorandum(read_json(file))
    version = memorandum.save_memorandum(
        services(ctx), who, talks_id, memorandum_id, sections=sections, positions=positions
    )
    console.print(f"version {version.number} saved")


@memo.command("share")
def share(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: MemoId,
    version: VersionNumber,
    who: AsMember = OPERATOR,
) -> None:
    """Let the mediator read one version (the head of delegation)."""
    memorandum.share_with_mediator(services(ctx), who, talks_id, memorandum_id, version=version)
    console.print(f"version {version} shared with the mediator")


@memo.command("list")
def list_(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """Your party's memoranda, and every other one with a version you may read."""
    rows = reading.list_memoranda(services(ctx), who, talks_id)
    if json_:
        emit_json(rows)
    elif rows:
        console.print(memoranda_table(rows))
    else:
        console.print("no memoranda that you may read")


@memo.command("show")
def show(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: MemoId,
    version: Annotated[
        int | None,
        typer.Argument(metavar="VERSION", help="The version (default: the latest you may read)."),
    ] = None,
    json_: Json = False,
    who: AsMember = OPERATOR,
) -> None:
    """One version of a memorandum: its sections and its positions, issue by issue."""
    doc = reading.show_memorandum(services(ctx), who, talks_id, memorandum_id, version)
    if json_:
        emit_json(doc)
    else:
        memorandum_view(doc)


@memo.command("diff")
def diff(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: MemoId,
    first: Annotated[int, typer.Argument(metavar="V1")],
    second: Annotated[int, typer.Argument(metavar="V2")],
    json_: Json = False,
    who: AsMember = OPERATOR,
) -> None:
    """What changed between two versions of one memorandum: sections and positions."""
    doc = reading.diff_versions(services(ctx), who, talks_id, memorandum_id, first, second)
    if json_:
        emit_json(doc)
    else:
        console.print(revision_table(doc))


@memo.command("compare")
def compare(
    ctx: typer.Context,
    talks_id: TalksId,
    memos: Annotated[
        list[str] | None,
        typer.Argument(metavar="MEMO_ID[:VERSION]...", help="Two or more memoranda."),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Every party's latest memorandum you may read, side by side."),
    ] = False,
    json_: Json = False,
    who: AsMember = OPERATOR,
) -> None:
    """Compare memoranda issue by issue (latest versions you may read unless given)."""
    if all_ == bool(memos):
        raise InvalidInput("name two or more memoranda, or use --all, not both")
    refs = None if all_ else [_version_ref(ref) for ref in memos or []]
    names, result = reading.compare_memoranda(services(ctx), who, talks_id, refs)
    if json_:
        emit_json(reading.comparison_rows(result))
        return
    console.print(standings_table(result, names))


def _version_ref(ref: str) -> tuple[str, int | None]:
    memo_id, _, number = ref.partition(":")
    if not number:
        return memo_id, None
    if not number.isdigit():
        raise InvalidInput(f"{number!r} is not a version number")
    return memo_id, int(number)


def register(app: typer.Typer) -> None:
    app.add_typer(memo, name="memo")

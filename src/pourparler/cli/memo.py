"""`pourparler memo`: memoranda of your party, and comparison of positions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pourparler.cli.common import AsMember, Json, TalksId, console, emit_json, read_json, services
from pourparler.cli.render import comparison_table
from pourparler.domain.error import InvalidInput
from pourparler.services import memorandum
from pourparler.services.document import read_memorandum
from pourparler.services.view import talks_document

memo = typer.Typer(help="Memoranda: draft, save versions, share, compare.", no_args_is_help=True)

MemoId = Annotated[str, typer.Argument(metavar="MEMORANDUM_ID")]


@memo.command("create")
def create(ctx: typer.Context, talks_id: TalksId, title: str, who: AsMember = None) -> None:
    """Start a memorandum for your party (private to it)."""
    console.print(memorandum.create_memorandum(services(ctx), who, talks_id, title=title).id)


@memo.command("save")
def save(
    ctx: typer.Context,
    talks_id: TalksId,
    memorandum_id: MemoId,
    file: Annotated[Path, typer.Argument(help="JSON: `pourparler schema memorandum`.")],
    who: AsMember = None,
) -> None:
    """Save a new version from a JSON file (issues named by id or title)."""
    sections, positions = read_memorandum(read_json(file))
    version = memorandum.save_memorandum(
        services(ctx), who, talks_id, memorandum_id, sections=sections, positions=positions
    )
    console.print(f"version {version.number} saved")


@memo.command("share")
def share(
    ctx: typer.Context, talks_id: TalksId, memorandum_id: MemoId, version: int, who: AsMember = None
) -> None:
    """Let the mediator read one version (the head of delegation)."""
    memorandum.share_with_mediator(services(ctx), who, talks_id, memorandum_id, version=version)
    console.print(f"version {version} shared with the mediator")


@memo.command("compare")
def compare(
    ctx: typer.Context,
    talks_id: TalksId,
    first: Annotated[str, typer.Argument(metavar="MEMO_ID[:VERSION]")],
    second: Annotated[str, typer.Argument(metavar="MEMO_ID[:VERSION]")],
    json_: Json = False,
    who: AsMember = None,
) -> None:
    """Compare two memoranda issue by issue (latest versions unless given)."""
    svc = services(ctx)
    doc = talks_document(svc, who, talks_id, with_record=False)
    a, b = _version_ref(doc, first), _version_ref(doc, second)
    result = memorandum.compare_versions(svc, who, talks_id, a, b)
    if json_:
        emit_json(
            [
                {
                    "issue": c.issue.title,
                    "standing": c.standing.value,
                    "common_ground": c.overlap_label(),
                    "red_lines": list(c.red_lines),
                }
                for c in result
            ]
        )
        return
    parties = {p["id"]: p["name"] for p in doc["parties"]}
    owners = {m["id"]: parties[m["party"]] for m in doc["memoranda"]}
    console.print(comparison_table(result, owners[a[0]], owners[b[0]]))


def _version_ref(doc: dict[str, Any], ref: str) -> tuple[str, int]:
    memo_id, _, number = ref.partition(":")
    found = next((m for m in doc["memoranda"] if m["id"] == memo_id), None)
    if found is None:
        raise InvalidInput(f"no memorandum {memo_id} that you may read")
    if number:
        if not number.isdigit():
            raise InvalidInput(f"{number!r} is not a version number")
        return memo_id, int(number)
    readable = [v["number"] for v in found["versions"] if "positions" in v]
    if not readable:
        raise InvalidInput(f"no version of memorandum {memo_id} that you may read")
    return memo_id, max(readable)


def register(app: typer.Typer) -> None:
    app.add_typer(memo, name="memo")

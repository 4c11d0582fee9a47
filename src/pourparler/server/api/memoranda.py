"""Memoranda: a party's position papers, their versions, sharing, diffs and the comparison.

A draft is written by replacing its latest version: `GET` gives the latest version's id as the
ETag ("none" before the first save), and `PUT .../draft` must send it back in If-Match. The
use case checks it in the same unit of work as the save, so two delegates who started from one
version can never both save: the second is told (412) to reload.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field

from pourparler.server.api.common import (
    PRECONDITIONS,
    Body,
    IfMatch,
    Limit,
    Offset,
    Page,
    expect_version,
    page_of,
    retried,
    set_etag,
)
from pourparler.server.auth import Caller, Svc
from pourparler.services import memorandum, reading
from pourparler.services.document import MemorandumDocument

__all__ = ["router"]

router = APIRouter(tags=["memoranda"])

Number = Annotated[int, Path(ge=1, le=1_000_000, description="The version's number.")]


class MemorandumSummary(BaseModel):
    """A memorandum one may read something of; `versions` are those one may read."""

    id: str
    title: str
    party: str
    own: bool
    versions: list[int]
    latest: int
    latest_state: str
    saved_at: str
    readable: bool


class MemorandumStart(Body):
    title: str = Field(min_length=1, max_length=300)
    round_id: str | None = Field(None, description="The round it is prepared for, if any.")


class MemorandumStarted(BaseModel):
    id: str
    title: str
    party_id: str
    round_id: str | None


class SectionView(BaseModel):
    key: str
    heading: str
    body: str


class PositionView(BaseModel):
    """A position, with its issue named by title and what it asks in words (`position`)."""

    issue: str
    position: str
    issue_id: str
    asked_options: list[str]
    acceptable_options: list[str]
    asked_range: tuple[float, float] | None
    acceptable_range: tuple[float, float] | None
    text: str
    red_line: bool
    rationale: str


class MemorandumVersionView(BaseModel):
    """One version in full. `state` is draft, shared with the mediator, or revealed."""

    id: str
    title: str
    party: str
    version: int
    saved_at: str
    state: str
    sections: list[SectionView]
    positions: list[PositionView]


class MemorandumLatest(BaseModel):
    """The latest version one may read; for one's own memorandum not yet saved, no version."""

    id: str
    title: str
    party: str
    version: int | None
    version_id: str | None
    saved_at: str | None
    state: str
    sections: list[SectionView]
    positions: list[PositionView]


class MemorandumSaved(BaseModel):
    id: str
    version: int
    version_id: str
    saved_at: str


class Sharing(BaseModel):
    memorandum: str
    version: int
    shared_with_mediator: bool


class Change(BaseModel):
    part: str
    name: str
    change: str
    before: str
    after: str
    fields: list[str]


class MemorandumDiff(BaseModel):
    model_config = {"populate_by_name": True}

    id: str
    title: str
    party: str
    from_: int = Field(alias="from")
    to: int
    changes: list[Change]


class IssueComparison(BaseModel):
    issue_id: str
    issue: str
    standing: str
    overlap: str
    red_lines: list[bool]


class ComparisonView(BaseModel):
    """Where the memoranda stand together; `columns` name each one (party and version)."""

    columns: list[str]
    issues: list[IssueComparison]


@router.get("/talks/{talks_id}/memoranda", response_model=Page[MemorandumSummary])
def list_memoranda(
    talks_id: str, who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[MemorandumSummary]:
    """Your party's memoranda, and every other one with a version you may read."""
    rows = [MemorandumSummary(**r) for r in reading.list_memoranda(svc, who, talks_id)]
    return page_of(rows, offset, limit)


@router.post(
    "/talks/{talks_id}/memoranda",
    response_model=MemorandumStarted,
    status_code=status.HTTP_201_CREATED,
)
def start_memorandum(
    talks_id: str, body: MemorandumStart, who: Caller, svc: Svc, response: Response
) -> MemorandumStarted:
    """Start a memorandum for your party (head of delegation or delegate); private to it. The
    ETag is "none": send it in If-Match with the first save."""
    started = retried(
        lambda: memorandum.create_memorandum(
            svc, who, talks_id, title=body.title, round_id=body.round_id
        )
    )
    set_etag(response, memorandum.NO_VERSION)
    return MemorandumStarted(
        id=started.id,
        title=started.title,
        party_id=started.party,
        round_id=started.round,
    )


@router.get("/talks/{talks_id}/memoranda/{memorandum_id}", response_model=MemorandumLatest)
def latest_version(
    talks_id: str, memorandum_id: str, who: Caller, svc: Svc, response: Response
) -> dict[str, Any]:
    """The latest version you may read. Its ETag names it (for your own party's memorandum:
    the latest version, "none" before the first save): send it as If-Match to save a draft."""
    shown = reading.latest_memorandum(svc, who, talks_id, memorandum_id)
    set_etag(response, shown["version_id"] or memorandum.NO_VERSION)
    return shown


@router.get(
    "/talks/{talks_id}/memoranda/{memorandum_id}/versions/{number}",
    response_model=MemorandumVersionView,
)
def one_version(
    talks_id: str, memorandum_id: str, number: Number, who: Caller, svc: Svc
) -> dict[str, Any]:
    """One version you may read, in full."""
    return reading.show_memorandum(svc, who, talks_id, memorandum_id, number)


@router.put(
    "/talks/{talks_id}/memoranda/{memorandum_id}/draft",
    response_model=MemorandumSaved,
    responses=PRECONDITIONS,
)
def save_draft(
    talks_id: str,
    memorandum_id: str,
    body: MemorandumDocument,
    who: Caller,
    svc: Svc,
    response: Response,
    if_match: IfMatch = None,
) -> MemorandumSaved:
    """Save a new version of your party's memorandum. If-Match must name the version you
    started from (428 without it, 412 when someone saved another version since)."""
    expected = expect_version(if_match)
    sections, positions = body.sections_and_positions()
    saved = retried(
        lambda: memorandum.save_memorandum(
            svc,
            who,
            talks_id,
            memorandum_id,
            sections=sections,
            positions=positions,
            expected=expected,
        )
    )
    set_etag(response, saved.id)
    return MemorandumSaved(
        id=memorandum_id,
        version=saved.number,
        version_id=saved.id,
        saved_at=saved.created_at.isoformat(),
    )


@router.post(
    "/talks/{talks_id}/memoranda/{memorandum_id}/versions/{number}/sharing",
    response_model=Sharing,
)
def share_with_mediator(
    talks_id: str, memorandum_id: str, number: Number, who: Caller, svc: Svc
) -> Sharing:
    """Let the mediator read this version (your party's head of delegation)."""
    retried(
        lambda: memorandum.share_with_mediator(svc, who, talks_id, memorandum_id, version=number)
    )
    return Sharing(memorandum=memorandum_id, version=number, shared_with_mediator=True)


@router.get(
    "/talks/{talks_id}/memoranda/{memorandum_id}/diff",
    response_model=MemorandumDiff,
    response_model_by_alias=True,
)
def diff(
    talks_id: str,
    memorandum_id: str,
    who: Caller,
    svc: Svc,
    first: Annotated[int, Query(alias="from", ge=1, description="The earlier version.")],
    second: Annotated[int, Query(alias="to", ge=1, description="The later version.")],
) -> dict[str, Any]:
    """What changed between two versions of one memorandum that you may read."""
    return reading.diff_versions(svc, who, talks_id, memorandum_id, first, second)


@router.get("/talks/{talks_id}/comparison", response_model=ComparisonView)
def comparison(talks_id: str, who: Caller, svc: Svc) -> ComparisonView:
    """Where the parties stand, issue by issue: every party's latest memorandum version that
    you may read (for your own party, its latest version)."""
    columns, found = reading.compare_memoranda(svc, who, talks_id, None)
    return ComparisonView(
        columns=columns,
        issues=[
            IssueComparison(
                issue_id=c.issue.id,
                issue=c.issue.title,
                standing=c.standing.value,
                overlap=c.overlap,
                red_lines=list(c.red_lines),
            )
            for c in found
        ],
    )

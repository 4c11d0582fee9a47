"""The single negotiating text: its versions, what changed, its markdown, and its acceptance.

The mediator (without one, a head of delegation) keeps the text. A revision replaces the whole
text: `GET .../text` gives the current version's hash as the ETag, and `PUT .../text` must send
it back in If-Match, checked in the revision's own unit of work (428 without, 412 when stale).
A party accepts a whole version by its hash; any revision withdraws earlier acceptances.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from pourparler.server.api.common import (
    PRECONDITIONS,
    Body,
    IfMatch,
    expect_version,
    json_reply,
    model_json,
    retried,
    set_etag,
)
from pourparler.server.auth import Caller, Svc
from pourparler.services import text
from pourparler.services.document import ClausesDocument
from pourparler.services.export_document import AcceptanceRecord, TextVersionRecord

__all__ = ["router"]

router = APIRouter(tags=["single text"])

Number = Annotated[int, Path(ge=1, le=1_000_000, description="The version's number.")]


class TextView(BaseModel):
    """One version of the text (clauses absent for the secretariat, which sees metadata only),
    the number of the current version, and the parties' acceptances."""

    id: str
    title: str
    current: int
    version: TextVersionRecord
    acceptances: list[AcceptanceRecord]


class TextStart(Body):
    title: str = Field(min_length=1, max_length=300)
    from_memoranda: bool = Field(
        True, description="Start from the revealed memoranda: one clause per issue."
    )


class TextSaved(BaseModel):
    number: int
    hash: str


class TextDiff(BaseModel):
    model_config = {"populate_by_name": True}

    from_: int = Field(alias="from")
    to: int
    diff: str = Field(description="A unified diff of the two versions in markdown.")


class Acceptance(Body):
    version_hash: str = Field(
        min_length=8, max_length=64, description="The hash of the current version (or 8+ digits)."
    )


class Accepted(BaseModel):
    agreed: bool = Field(description="Every party has now accepted this version: agreement.")


_TEXT_JSON = model_json(TextView)


def _text_json(shown: dict[str, Any]) -> tuple[bytes, str]:
    """The text as sent, and its version's hash: the ETag."""
    return _TEXT_JSON(shown), shown["version"]["hash"]


def _saved(version: TextVersionRecord, response: Response) -> TextSaved:
    set_etag(response, version.hash)
    return TextSaved(number=version.number, hash=version.hash)


@router.get("/talks/{talks_id}/text", response_model=TextView, response_model_exclude_unset=True)
def current_text(talks_id: str, who: Caller, svc: Svc) -> Response:
    """The current version; its hash is the ETag to send as If-Match with a revision."""
    return json_reply(*text.shaped_text(svc, who, talks_id, None, _text_json))


@router.get(
    "/talks/{talks_id}/text/versions/{number}",
    response_model=TextView,
    response_model_exclude_unset=True,
)
def one_version(talks_id: str, number: Number, who: Caller, svc: Svc) -> Response:
    """One version of the text."""
    return json_reply(text.shaped_text(svc, who, talks_id, number, _TEXT_JSON))


@router.get("/talks/{talks_id}/text/diff", response_model=TextDiff, response_model_by_alias=True)
def diff(
    talks_id: str,
    who: Caller,
    svc: Svc,
    first: Annotated[int, Query(alias="from", ge=1, description="The earlier version.")],
    second: Annotated[int, Query(alias="to", ge=1, description="The later version.")],
) -> TextDiff:
    """What changed between two versions, as a unified diff of their markdown."""
    changes = text.diff_text(svc, who, talks_id, first, second)
    return TextDiff.model_validate({"from": first, "to": second, "diff": changes})


@router.get("/talks/{talks_id}/text/markdown", response_class=PlainTextResponse)
def markdown(
    talks_id: str,
    who: Caller,
    svc: Svc,
    version: Annotated[int | None, Query(ge=1, description="A version; else the current.")] = None,
) -> PlainTextResponse:
    """The text in the bracket convention, as markdown."""
    rendered = text.text_markdown(svc, who, talks_id, version)
    return PlainTextResponse(rendered, media_type="text/markdown; charset=utf-8")


@router.post(
    "/talks/{talks_id}/text", response_model=TextSaved, status_code=status.HTTP_201_CREATED
)
def start(talks_id: str, body: TextStart, who: Caller, svc: Svc, response: Response) -> TextSaved:
    """Start the text (the mediator; without one, a head of delegation)."""
    started = retried(
        lambda: text.start_text(
            svc, who, talks_id, title=body.title, from_memoranda=body.from_memoranda
        )
    )
    return _saved(started, response)


@router.put("/talks/{talks_id}/text", response_model=TextSaved, responses=PRECONDITIONS)
def revise(
    talks_id: str,
    body: ClausesDocument,
    who: Caller,
    svc: Svc,
    response: Response,
    if_match: IfMatch = None,
) -> TextSaved:
    """Replace the clauses: a new version, withdrawing every acceptance. If-Match must name the
    current version's hash (428 without it, 412 when the text was revised since)."""
    expected = expect_version(if_match)
    document = body.model_dump(mode="json", exclude_unset=True)
    revised = retried(
        lambda: text.revise_text_document(svc, who, talks_id, document, expected=expected)
    )
    return _saved(revised, response)


@router.post("/talks/{talks_id}/text/acceptances", response_model=Accepted)
def accept(talks_id: str, body: Acceptance, who: Caller, svc: Svc) -> Accepted:
    """Accept the whole current version for your party (head of delegation)."""
    agreed = retried(lambda: text.accept_text(svc, who, talks_id, version_hash=body.version_hash))
    return Accepted(agreed=agreed)

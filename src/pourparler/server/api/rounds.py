"""Rounds: proposing a meeting, each party's answer, and the meeting from opening to outcome.

Times follow the command line's strict rules (domain/base.local_moment): `starts_at` is an ISO
date-time, either local to `time_zone` or with an offset that must be the zone's at that
instant; a local time the zone skips or shows twice is refused, naming it, never guessed at,
and so is a date without a time of day, never taken for midnight.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from pourparler.domain.base import local_moment, parse_moment, zone
from pourparler.domain.error import InvalidInput
from pourparler.domain.round import RoundChange, RoundFormat
from pourparler.server.api.common import Body, Limit, Offset, Page, page_of
from pourparler.server.auth import Caller, Svc
from pourparler.services import round as rounds
from pourparler.services.export_document import RoundRecord
from pourparler.services.view import round_with_answers, talks_document

__all__ = ["router"]

router = APIRouter(tags=["rounds"])


Moment = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "description": "ISO date-time, local to time_zone (2027-03-16T10:00), or with the "
            "offset time_zone has then (2027-03-16T10:00+01:00).",
            "examples": ["2027-03-16T10:00"],
        }
    ),
]


class RoundView(RoundRecord):
    """A round, and the names of the parties whose answer it still waits for."""

    still_to_answer: list[str]


def _zone(value: str | None) -> str | None:
    if value is not None:
        try:
            zone(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
    return value


def _moment(value: object, info: ValidationInfo) -> datetime | None:
    """`starts_at` read in the body's `time_zone` (validated before it), refused when the zone
    skips or repeats that local time, or when its offset is not the zone's."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("write the date-time as an ISO string, such as 2027-03-16T10:00")
    time_zone = info.data.get("time_zone")
    if not time_zone:
        raise ValueError("a date-time needs time_zone, the IANA zone it is given in")
    try:
        return local_moment(parse_moment(value), time_zone)
    except InvalidInput as exc:
        raise ValueError(exc.message) from None


class NewRound(Body):
    time_zone: str = Field(max_length=100, description="IANA zone, such as 'Europe/Vienna'.")
    starts_at: Moment
    venue: str = Field(min_length=1, max_length=500)
    format: RoundFormat = RoundFormat.IN_PERSON

    _zone_known = field_validator("time_zone")(_zone)
    _moment_checked = field_validator("starts_at", mode="before")(_moment)


class Counter(Body):
    """What the counter-proposal changes; what is left out stays as proposed."""

    time_zone: str | None = Field(None, max_length=100)
    starts_at: Moment | None = None
    venue: str | None = Field(None, min_length=1, max_length=500)
    format: RoundFormat | None = None

    _zone_known = field_validator("time_zone")(_zone)
    _moment_checked = field_validator("starts_at", mode="before")(_moment)

    @model_validator(mode="after")
    def _changes_something(self) -> Counter:
        if all(v is None for v in (self.time_zone, self.starts_at, self.venue, self.format)):
            raise ValueError("a counter-proposal changes starts_at, time_zone, venue or format")
        return self

    def change(self) -> RoundChange:
        return RoundChange(
            starts_at=self.starts_at, time_zone=self.time_zone, venue=self.venue, format=self.format
        )


class NewDate(Body):
    time_zone: str = Field(max_length=100)
    starts_at: Moment

    _zone_known = field_validator("time_zone")(_zone)
    _moment_checked = field_validator("starts_at", mode="before")(_moment)


class Reasoned(Body):
    """A refusal, a postponement or a cancellation, and why."""

    reason: str = Field(min_length=1, max_length=10_000)


class Outcome(Body):
    outcome: str = Field(min_length=1, max_length=10_000)


def _path(talks_id: str, round_id: str) -> str:
    return f"/api/talks/{talks_id}/rounds/{round_id}"


@router.get("/talks/{talks_id}/rounds", response_model=Page[RoundRecord])
def list_rounds(
    talks_id: str, who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[Any]:
    """Every round of the talks, proposals and counter-proposals included, in order."""
    return page_of(talks_document(svc, who, talks_id, with_record=False)["rounds"], offset, limit)


@router.get("/talks/{talks_id}/rounds/{round_id}", response_model=RoundView)
def one_round(talks_id: str, round_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """One round, with the parties whose answer it still waits for."""
    return round_with_answers(svc, who, talks_id, round_id)


@router.post("/talks/{talks_id}/rounds", status_code=201, response_model=RoundRecord)
def propose(
    talks_id: str, body: NewRound, who: Caller, svc: Svc, response: Response
) -> RoundRecord:
    """Propose a round (a head of delegation, or the mediator); every other party answers."""
    proposal = rounds.propose_round(
        svc,
        who,
        talks_id,
        starts_at=body.starts_at,
        time_zone=body.time_zone,
        venue=body.venue,
        format=body.format,
    )
    response.headers["Location"] = _path(talks_id, proposal.id)
    return proposal


@router.post("/talks/{talks_id}/rounds/{round_id}/acceptance", response_model=RoundRecord)
def accept(talks_id: str, round_id: str, who: Caller, svc: Svc) -> RoundRecord:
    """Accept the proposal for your party (its head of delegation)."""
    return rounds.accept_round(svc, who, talks_id, round_id)


@router.post("/talks/{talks_id}/rounds/{round_id}/refusal", response_model=RoundRecord)
def refuse(talks_id: str, round_id: str, body: Reasoned, who: Caller, svc: Svc) -> RoundRecord:
    """Decline the proposal for your party, saying why."""
    return rounds.decline_round(svc, who, talks_id, round_id, reason=body.reason)


@router.post(
    "/talks/{talks_id}/rounds/{round_id}/counter-proposal",
    status_code=201,
    response_model=RoundRecord,
)
def counter(
    talks_id: str, round_id: str, body: Counter, who: Caller, svc: Svc, response: Response
) -> RoundRecord:
    """Counter-propose for your party: a new proposal that supersedes this one."""
    proposal = rounds.counter_round(svc, who, talks_id, round_id, change=body.change())
    response.headers["Location"] = _path(talks_id, proposal.id)
    return proposal


@router.post("/talks/{talks_id}/rounds/{round_id}/opening", response_model=RoundRecord)
def open_round(talks_id: str, round_id: str, who: Caller, svc: Svc) -> RoundRecord:
    """Open a scheduled round: the mediator, or a head where there is no mediator."""
    return rounds.open_round(svc, who, talks_id, round_id)


@router.post("/talks/{talks_id}/rounds/{round_id}/closing", response_model=RoundRecord)
def close_round(talks_id: str, round_id: str, body: Outcome, who: Caller, svc: Svc) -> RoundRecord:
    """Close an open round with a summary of its outcome."""
    return rounds.close_round(svc, who, talks_id, round_id, outcome=body.outcome)


@router.post("/talks/{talks_id}/rounds/{round_id}/postponement", response_model=RoundRecord)
def postpone(talks_id: str, round_id: str, body: Reasoned, who: Caller, svc: Svc) -> RoundRecord:
    """Postpone a proposed or scheduled round, saying why."""
    return rounds.postpone_round(svc, who, talks_id, round_id, reason=body.reason)


@router.post("/talks/{talks_id}/rounds/{round_id}/rescheduling", response_model=RoundRecord)
def reschedule(talks_id: str, round_id: str, body: NewDate, who: Caller, svc: Svc) -> RoundRecord:
    """A new date for a postponed round (the proposing head, or the mediator); every party
    answers again."""
    moved = rounds.reschedule_round(svc, who, talks_id, round_id, starts_at=body.starts_at)
    return moved


@router.post("/talks/{talks_id}/rounds/{round_id}/cancellation", response_model=RoundRecord)
def cancel(talks_id: str, round_id: str, body: Reasoned, who: Caller, svc: Svc) -> RoundRecord:
    """Cancel a round, saying why."""
    return rounds.cancel_round(svc, who, talks_id, round_id, reason=body.reason)

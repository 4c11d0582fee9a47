"""Sealed exchanges: open one at a round, commit a memorandum version, withdraw, reveal, close,
and verify the revealed documents of an export offline.

Before the reveal, another party's commitment shows only that it exists, when, and its digest:
the documents themselves are in the answers of those the reveal reached.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, field_validator

from pourparler.domain.base import parse_moment
from pourparler.domain.error import InvalidInput
from pourparler.server.api.common import Body, Limit, Offset, Page, page_of, retried
from pourparler.server.auth import Caller, Svc
from pourparler.services import exchange
from pourparler.services.export_document import ExchangeRecord
from pourparler.services.model import ExchangeView

__all__ = ["router"]

router = APIRouter(tags=["exchanges"])
_EXAMPLE = "2027-03-16T18:00+01:00"


class ExchangeOpening(Body):
    round_id: str = Field(min_length=1, description="The scheduled or open round it belongs to.")
    title: str = Field(min_length=1, max_length=300)
    policy: Literal["all_or_nothing", "at_deadline"] = Field(
        "all_or_nothing",
        description="Reveal when every party committed, or at the deadline to those who did.",
    )
    deadline: datetime | None = Field(
        None,
        description="ISO 8601 date-time with its offset, such as 2027-03-16T18:00+01:00: a "
        "date alone is refused, never taken for midnight.",
    )

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline_as_written(cls, value: object) -> datetime | None:
        """The deadline exactly as written: a date and a time of day, and the offset."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"write the deadline as an ISO string, such as {_EXAMPLE}")
        try:
            moment = parse_moment(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        if moment.utcoffset() is None:
            raise ValueError(f"this date-time has no offset: write it with one, such as {_EXAMPLE}")
        return moment


class ExchangeState(BaseModel):
    """Where an exchange stands after an act: its status and who has committed."""

    id: str
    round: str
    title: str
    status: str
    committed: list[str] = Field(description="The parties whose commitment stands.")
    revealed_at: datetime | None


class CommitmentGiven(Body):
    memorandum_id: str = Field(min_length=1)
    version: int = Field(ge=1, description="The number of the version to commit.")


class ExchangeVerification(Body):
    """An export of talks (`pourparler talks export`) and the exchange to verify in it."""

    document: dict[str, Any] = Field(description="The export, as JSON.")
    exchange_id: str = Field(min_length=1)
    pinned: str | None = Field(
        None, description="The fingerprint of the signing key you trust, if you pinned one."
    )


class CommitmentCheck(BaseModel):
    party: str
    digest: str
    verified: bool


class VerifiedExchange(BaseModel):
    """Every revealed commitment matched its document, and the export's record held."""

    exchange_id: str
    commitments: list[CommitmentCheck]
    record_entries: int
    signers: list[str]


def _state(found: ExchangeView) -> ExchangeState:
    return ExchangeState(
        id=found.id,
        round=found.round,
        title=found.title,
        status=found.status.value,
        committed=found.committed(),
        revealed_at=found.revealed_at,
    )


@router.get(
    "/talks/{talks_id}/exchanges",
    response_model=Page[ExchangeRecord],
    response_model_exclude_unset=True,
)
def list_exchanges(
    talks_id: str, who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[dict[str, Any]]:
    """The talks' exchanges, as you may read them."""
    return page_of(exchange.list_exchanges(svc, who, talks_id), offset, limit)


@router.post(
    "/talks/{talks_id}/exchanges",
    response_model=ExchangeState,
    status_code=status.HTTP_201_CREATED,
)
def open_exchange(talks_id: str, body: ExchangeOpening, who: Caller, svc: Svc) -> ExchangeState:
    """Open a sealed exchange at a round (the mediator; without one, a head of delegation)."""
    opened = retried(
        lambda: exchange.open_exchange(
            svc,
            who,
            talks_id,
            body.round_id,
            title=body.title,
            policy=body.policy,
            deadline=body.deadline,
        )
    )
    return _state(opened)


@router.get(
    "/talks/{talks_id}/exchanges/{exchange_id}",
    response_model=ExchangeRecord,
    response_model_exclude_unset=True,
)
def one_exchange(talks_id: str, exchange_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """One exchange, as you may read it."""
    return exchange.show_exchange(svc, who, talks_id, exchange_id)


@router.post(
    "/talks/{talks_id}/exchanges/{exchange_id}/commitments",
    response_model=ExchangeState,
    status_code=status.HTTP_201_CREATED,
)
def commit(
    talks_id: str, exchange_id: str, body: CommitmentGiven, who: Caller, svc: Svc
) -> ExchangeState:
    """Seal one version of your party's memorandum into the exchange (head of delegation).
    When it was the last commitment awaited, everything is revealed at once."""
    found = retried(
        lambda: exchange.commit_document(
            svc,
            who,
            talks_id,
            exchange_id,
            memorandum_id=body.memorandum_id,
            version=body.version,
        )
    )
    return _state(found)


@router.delete(
    "/talks/{talks_id}/exchanges/{exchange_id}/commitments/mine",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
def withdraw(talks_id: str, exchange_id: str, who: Caller, svc: Svc) -> Response:
    """Withdraw your party's commitment before the reveal (head of delegation)."""
    retried(lambda: exchange.withdraw_commitment(svc, who, talks_id, exchange_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/talks/{talks_id}/exchanges/{exchange_id}/reveal", response_model=ExchangeState)
def reveal(talks_id: str, exchange_id: str, who: Caller, svc: Svc) -> ExchangeState:
    """Reveal once due: every party committed, or the deadline passed."""
    return _state(retried(lambda: exchange.reveal_exchange(svc, who, talks_id, exchange_id)))


@router.post("/talks/{talks_id}/exchanges/{exchange_id}/closing", response_model=ExchangeState)
def close(talks_id: str, exchange_id: str, who: Caller, svc: Svc) -> ExchangeState:
    """Close the exchange before the reveal: nothing committed is ever revealed."""
    return _state(retried(lambda: exchange.close_exchange(svc, who, talks_id, exchange_id)))


@router.post("/exchanges/verification", response_model=VerifiedExchange)
def verify(body: ExchangeVerification, who: Caller) -> VerifiedExchange:
    """Check, offline, every revealed commitment of one exchange in an export against its
    document, after the export's own record and signatures. Refused (409) when anything does
    not verify or nothing could be."""
    del who  # verification needs no seat, but the API answers signed-in callers only
    results, checked = exchange.verify_exported_exchange(
        body.document, body.exchange_id, pinned=body.pinned
    )
    return VerifiedExchange(
        exchange_id=body.exchange_id,
        commitments=[CommitmentCheck(**r) for r in results],
        record_entries=checked.entries,
        signers=checked.signers,
    )

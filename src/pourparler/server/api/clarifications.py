"""Clarifications: questions about a point of another party's revealed document, their answers,
and their closing. Parties ask and answer; everyone seated reads them; the secretariat sees
their metadata only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from pourparler.server.api.common import Body, Limit, Offset, Page, page_of, retried
from pourparler.server.auth import Caller, Svc
from pourparler.services import clarification
from pourparler.services.export_document import ClarificationRecord

__all__ = ["router"]

router = APIRouter(tags=["clarifications"])


class ClarificationView(ClarificationRecord):
    """A clarification, with what it is about in words (`anchor_name`)."""

    anchor_name: str


class Question(Body):
    memorandum_id: str = Field(min_length=1, description="The revealed memorandum asked about.")
    version: int = Field(ge=1, description="Its revealed version's number.")
    anchor: Literal["section", "position", "clause"] = Field(
        description="A free section (by its key), or a position on an issue (by the issue's "
        "id or title): 'clause' for a clause issue's proposed wording."
    )
    key: str = Field(min_length=1, max_length=300)
    question: str = Field(min_length=1, max_length=20_000)


class Answer(Body):
    answer: str = Field(min_length=1, max_length=20_000)


class ClarificationState(BaseModel):
    id: str
    status: str
    asking_party: str
    answering_party: str


def _state(found: ClarificationRecord) -> ClarificationState:
    return ClarificationState(
        id=found.id,
        status=found.status.value,
        asking_party=found.asking_party,
        answering_party=found.answering_party,
    )


@router.get(
    "/talks/{talks_id}/clarifications",
    response_model=Page[ClarificationView],
    response_model_exclude_unset=True,
)
def list_clarifications(
    talks_id: str,
    who: Caller,
    svc: Svc,
    status_: Annotated[
        Literal["open", "answered", "closed"] | None,
        Query(alias="status", description="Only those with this status."),
    ] = None,
    anchor: Annotated[
        str | None,
        Query(
            max_length=400,
            description="Only those about this: 'section', 'position' or 'clause', or one "
            "point as 'section:KEY' or 'position:ISSUE-ID'.",
        ),
    ] = None,
    round_id: Annotated[str | None, Query(alias="round", description="Only this round's.")] = None,
    memorandum_id: Annotated[
        str | None, Query(alias="memorandum", description="Only those about this memorandum.")
    ] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[dict[str, Any]]:
    """Clarifications, oldest first."""
    found = clarification.list_clarifications(
        svc,
        who,
        talks_id,
        status=status_,
        anchor=anchor,
        round_id=round_id,
        memorandum_id=memorandum_id,
    )
    return page_of(found, offset, limit)


@router.post(
    "/talks/{talks_id}/clarifications",
    response_model=ClarificationState,
    status_code=status.HTTP_201_CREATED,
)
def ask(talks_id: str, body: Question, who: Caller, svc: Svc) -> ClarificationState:
    """Ask another party about a point of its revealed document (head or delegate)."""
    asked = retried(
        lambda: clarification.ask_clarification(
            svc,
            who,
            talks_id,
            memorandum_id=body.memorandum_id,
            version=body.version,
            anchor=body.anchor,
            key=body.key,
            question=body.question,
        )
    )
    return _state(asked)


@router.post(
    "/talks/{talks_id}/clarifications/{clarification_id}/answer",
    response_model=ClarificationState,
)
def answer(
    talks_id: str, clarification_id: str, body: Answer, who: Caller, svc: Svc
) -> ClarificationState:
    """Answer a question put to your party (head or delegate)."""
    given = retried(
        lambda: clarification.answer_clarification(
            svc, who, talks_id, clarification_id, answer=body.answer
        )
    )
    return _state(given)


@router.post(
    "/talks/{talks_id}/clarifications/{clarification_id}/closing",
    response_model=ClarificationState,
)
def close(talks_id: str, clarification_id: str, who: Caller, svc: Svc) -> ClarificationState:
    """Close a clarification: the asking party, or the mediator."""
    return _state(
        retried(lambda: clarification.close_clarification(svc, who, talks_id, clarification_id))
    )

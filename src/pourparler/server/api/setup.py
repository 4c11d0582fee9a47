"""Setting talks up: opening them, their parties, the seats of their members, the framework of
issues, and their status. The rules (who may do what, and when) are the services'."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from pourparler.domain.framework import IssueChange, IssueKind, NumericRange
from pourparler.domain.role import Role
from pourparler.domain.talks import TalksStatus
from pourparler.server.api.common import Body, Limit, Offset, Page, page_of
from pourparler.server.auth import Caller, Svc
from pourparler.services import setup
from pourparler.services.export_document import IssueRecord, MemberRecord, PartyRecord
from pourparler.services.model import TalksSummary
from pourparler.services.view import talks_document

__all__ = ["router"]

router = APIRouter(tags=["setting talks up"])


class NewTalks(Body):
    title: str = Field(min_length=1, max_length=500)
    subject: str = Field("", max_length=10_000)
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1, max_length=50)
    template: str | None = Field(
        None, description="A built-in framework to start from: 'ceasefire' or 'labour'."
    )


class NewParty(Body):
    name: str = Field(min_length=1, max_length=500)


class NewSeat(Body):
    email: str = Field(min_length=1, max_length=320)
    role: Role
    party: str | None = Field(None, description="The party's name or id, for party roles.")


class Bounds(Body):
    low: float
    high: float
    step: float = 1.0
    unit: str = Field("", max_length=100)

    def to_range(self) -> NumericRange:
        return NumericRange(self.low, self.high, self.step, self.unit)


class NewIssue(Body):
    title: str = Field(min_length=1, max_length=500)
    kind: IssueKind
    category: str = Field("", max_length=500)
    description: str = Field("", max_length=10_000)
    options: list[str] = Field(default_factory=list, max_length=200)
    range: Bounds | None = None


class IssueCorrection(Body):
    """Only the fields given change; a correction that changes nothing is refused."""

    title: str | None = Field(None, min_length=1, max_length=500)
    category: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=10_000)
    options: list[str] | None = Field(None, max_length=200)
    range: Bounds | None = None


class TemplateChoice(Body):
    template: str = Field(min_length=1, max_length=100, description="'ceasefire' or 'labour'")
    add: bool = Field(False, description="Add to the issues the talks have already.")


class TemplateApplied(BaseModel):
    template: str
    issues: int = Field(description="How many issues the template added.")


class StatusChange(Body):
    status: TalksStatus
    statement: str = Field("", max_length=10_000)


def _located(response: Response, path: str) -> None:
    response.headers["Location"] = f"/api{path}"


@router.post("/talks", status_code=201, response_model=TalksSummary)
def open_talks(body: NewTalks, who: Caller, svc: Svc, response: Response) -> TalksSummary:
    """Open new talks, with a built-in framework if `template` names one (the secretariat)."""
    created = setup.create_talks(
        svc,
        who,
        title=body.title,
        subject=body.subject,
        languages=tuple(body.languages),
        template=body.template,
    )
    _located(response, f"/talks/{created.id}")
    return created


@router.post("/talks/{talks_id}/parties", status_code=201, response_model=PartyRecord)
def add_party(
    talks_id: str, body: NewParty, who: Caller, svc: Svc, response: Response
) -> PartyRecord:
    """Add a party to the talks (the secretariat or the mediator, while setting up)."""
    party_id = setup.add_party(svc, who, talks_id, name=body.name)
    _located(response, f"/talks/{talks_id}")
    return PartyRecord(id=party_id, name=body.name.strip())


@router.get("/talks/{talks_id}/members", response_model=Page[MemberRecord])
def members(
    talks_id: str, who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[Any]:
    """The seats of the talks: each member's name, e-mail, role, party and whether the seat is
    confirmed."""
    return page_of(talks_document(svc, who, talks_id, with_record=False)["members"], offset, limit)


@router.post("/talks/{talks_id}/members", status_code=201, response_model=MemberRecord)
def give_seat(
    talks_id: str, body: NewSeat, who: Caller, svc: Svc, response: Response
) -> MemberRecord:
    """Seat an account. The secretariat and the mediator seat anyone, a seat in a party waiting
    for its head's confirmation; a head seats delegates and advisers of their own party."""
    seated = setup.seat(
        svc, who, talks_id, email=body.email, role=body.role.value, party=body.party
    )
    _located(response, f"/talks/{talks_id}/members")
    return seated


@router.post("/talks/{talks_id}/members/{email}/confirmation", status_code=204)
def confirm_seat(talks_id: str, email: str, who: Caller, svc: Svc) -> Response:
    """Confirm a seat given in your party (its head), or another mediator's (a mediator)."""
    setup.confirm_seat(svc, who, talks_id, email=email)
    return Response(status_code=204)


@router.get("/talks/{talks_id}/framework", response_model=Page[IssueRecord])
def framework(
    talks_id: str, who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50
) -> Page[Any]:
    """The issues under negotiation, in their order."""
    issues = talks_document(svc, who, talks_id, with_record=False)["framework"]
    return page_of(issues, offset, limit)


@router.post("/talks/{talks_id}/framework", status_code=201, response_model=IssueRecord)
def add_issue(
    talks_id: str, body: NewIssue, who: Caller, svc: Svc, response: Response
) -> IssueRecord:
    """Put an issue on the framework (the secretariat or the mediator)."""
    issue = setup.add_issue(
        svc,
        who,
        talks_id,
        title=body.title,
        kind=body.kind.value,
        category=body.category,
        description=body.description,
        options=tuple(body.options),
        bounds=body.range.to_range() if body.range else None,
    )
    _located(response, f"/talks/{talks_id}/framework/{issue.id}")
    return issue


@router.patch("/talks/{talks_id}/framework/{issue}", response_model=IssueRecord)
def correct_issue(
    talks_id: str, issue: str, body: IssueCorrection, who: Caller, svc: Svc
) -> IssueRecord:
    """Correct an issue (by id or title) while nothing refers to it."""
    change = IssueChange(
        title=body.title,
        category=body.category,
        description=body.description,
        options=tuple(body.options) if body.options is not None else None,
        range=body.range.to_range() if body.range else None,
    )
    return setup.edit_issue(svc, who, talks_id, issue, change)


@router.delete("/talks/{talks_id}/framework/{issue}", status_code=204)
def remove_issue(talks_id: str, issue: str, who: Caller, svc: Svc) -> Response:
    """Take an issue (by id or title) off the framework while nothing refers to it."""
    setup.remove_issue(svc, who, talks_id, issue)
    return Response(status_code=204)


@router.post(
    "/talks/{talks_id}/framework/templates", status_code=201, response_model=TemplateApplied
)
def apply_template(
    talks_id: str, body: TemplateChoice, who: Caller, svc: Svc, response: Response
) -> TemplateApplied:
    """Add every issue of a built-in framework; talks with issues take one only with `add`."""
    added = setup.apply_template(svc, who, talks_id, template=body.template, add=body.add)
    _located(response, f"/talks/{talks_id}/framework")
    return TemplateApplied(template=body.template, issues=added)


@router.put("/talks/{talks_id}/status", status_code=204)
def set_status(talks_id: str, body: StatusChange, who: Caller, svc: Svc) -> Response:
    """Suspend, resume or conclude the talks: the mediator, or where there is none a head of
    delegation or the secretariat. In mediated talks a head of delegation (a party walking out)
    or the secretariat may suspend them; only the mediator resumes or concludes them."""
    setup.set_status(svc, who, talks_id, status=body.status.value, statement=body.statement)
    return Response(status_code=204)

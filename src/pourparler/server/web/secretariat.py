"""The pages that set the talks up: members (parties, seats, invitations, confirmations) and
the framework (issues: add, correct, remove; templates).

The secretariat sets the talks up, and the mediator may too (`access.require_setup`): both get
the framework. The members page is also a head's of delegation, to confirm the seats given in
their party, and the mediator's, to confirm another mediator's. Nobody sees a party's private
work here: these pages read the talks through the same `talks_document`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import InvalidInput, NotFound, PourparlerError
from pourparler.domain.framework import IssueChange, NumericRange
from pourparler.domain.template import TEMPLATES
from pourparler.server.auth import services
from pourparler.server.problem import status_of
from pourparler.server.web.menu import Seats
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Act, Acting, Viewer, Viewing
from pourparler.server.web.talks import talks_context
from pourparler.services import invitation, setup

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ROLES = ("head", "delegate", "adviser", "mediator", "observer", "secretariat")
KINDS = ("options", "range", "clause")


def may_open(section: str, seats: Seats) -> bool:
    """Who gets each page (the menu offers it on the same rule)."""
    if section == "members":
        return seats.sets_up or seats.confirms_seats
    return seats.sets_up


def awaiting_confirmation(members: list[dict[str, Any]], seats: Seats) -> list[dict[str, Any]]:
    """The seats the viewer may confirm: unconfirmed seats in their party for a head, another
    mediator's for a mediator (`setup.confirm_seat`'s rule)."""
    return [
        m
        for m in members
        if not m.get("confirmed")
        and m.get("person") != seats.person_id
        and (
            (seats.head and seats.party is not None and m.get("party") == seats.party)
            or (seats.mediator and m.get("role") == "mediator")
        )
    ]


def _page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    section: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    context = talks_context(request, viewer, talks_id, section)
    seats = context["seats"]
    if not may_open(section, seats):
        raise NotFound(section)
    context.update(
        roles=ROLES,
        kinds=KINDS,
        templates=sorted(TEMPLATES),
        error="",
        invitation=None,
        awaiting=awaiting_confirmation(context["talks"]["members"], seats),
    )
    context.update(extra or {})
    return page(request, f"{section}.html", context, status_code=status_code)


def _acted(
    request: Request, act: Any, talks_id: str, section: str, do: Callable[[], Any]
) -> Response:
    try:
        done = do()
    except NotFound:
        raise
    except PourparlerError as refused:
        extra = {"error": refused.message}
        return _page(request, act.viewer, talks_id, section, extra, status_of(refused))
    if isinstance(done, invitation.IssuedInvitation):  # the link is shown once, to the inviter
        link = invitation.link(str(request.base_url), done.secret)
        return _page(request, act.viewer, talks_id, section, {"invitation": link}, 201)
    return RedirectResponse(f"/talks/{talks_id}/{section}", status_code=303)


@router.get("/talks/{talks_id}/members")
def members(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _page(request, viewer, talks_id, "members")


@router.post("/talks/{talks_id}/members/{act_name}")
def members_act(request: Request, talks_id: str, act_name: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> Any:
        party = act.text("party") or None
        if act_name == "party":
            return setup.add_party(svc, who, talks_id, name=act.text("name"))
        if act_name == "seat":
            return setup.seat(
                svc, who, talks_id, email=act.text("email"), role=act.text("role"), party=party
            )
        if act_name == "invite":
            return invitation.invite(
                svc,
                who,
                email=act.text("email"),
                name=act.text("name") or None,
                talks_id=talks_id,
                role=act.text("role"),
                party=party,
            )
        if act_name == "confirm":
            return setup.confirm_seat(svc, who, talks_id, email=act.text("email"))
        raise InvalidInput(translate("unknown act on members: %(act)r", act=act_name[:40]))

    return _acted(request, act, talks_id, "members", do)


@router.get("/talks/{talks_id}/framework")
def framework(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _page(request, viewer, talks_id, "framework")


@router.post("/talks/{talks_id}/framework/{act_name}")
def framework_act(request: Request, talks_id: str, act_name: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> Any:
        if act_name == "issue":
            kind = act.text("kind")
            return setup.add_issue(
                svc,
                who,
                talks_id,
                title=act.text("title"),
                kind=kind,
                category=act.text("category"),
                description=act.text("description"),
                options=_options(act) or (),
                bounds=_bounds(act) if kind == "range" else None,
            )
        if act_name == "edit":
            change = IssueChange(
                title=act.text("title"),
                category=act.text("category"),
                description=act.text("description"),
                options=_options(act),
                range=_bounds(act),
            )
            return setup.edit_issue(svc, who, talks_id, act.text("issue"), change)
        if act_name == "remove":
            return setup.remove_issue(svc, who, talks_id, act.text("issue"))
        if act_name == "template":
            return setup.apply_template(svc, who, talks_id, template=act.text("template"), add=True)
        raise InvalidInput(translate("unknown act on the framework: %(act)r", act=act_name[:40]))

    return _acted(request, act, talks_id, "framework", do)


def _options(act: Act) -> tuple[str, ...] | None:
    """The options typed one a line; None when the form has no options field (a range or a
    clause issue's)."""
    if "options" not in act.form:
        return None
    return tuple(o.strip() for o in act.text("options").splitlines() if o.strip())


def _number(act: Act, name: str, label: str, default: float | None = None) -> float:
    raw = act.text(name)
    if not raw and default is not None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(
            translate("%(label)s: give a number such as 12.5", label=label)
        ) from None


def _bounds(act: Act) -> NumericRange | None:
    """A range issue's bounds, step and unit; None when the form has no bounds (not a range)."""
    if "low" not in act.form:
        return None
    return NumericRange(
        _number(act, "low", translate("Lowest value")),
        _number(act, "high", translate("Highest value")),
        _number(act, "step", translate("Step"), default=1.0),
        act.text("unit"),
    )

"""The secretariat's pages: members (parties, seats, invitations, confirmations) and the
framework (issues, templates). The secretariat sets the talks up; it never sees a party's
private work, because these pages read the talks through the same `talks_document`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import InvalidInput, NotFound, PourparlerError
from pourparler.domain.template import TEMPLATES
from pourparler.server.auth import services
from pourparler.server.web.render import page
from pourparler.server.web.session import Acting, Viewer, Viewing
from pourparler.server.web.talks import talks_context
from pourparler.services import invitation, setup

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ROLES = ("head", "delegate", "adviser", "mediator", "observer", "secretariat")


def _page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    section: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    context = talks_context(request, viewer, talks_id, section)
    if not context["seats"].secretariat:
        raise NotFound(section)
    context.update(roles=ROLES, templates=sorted(TEMPLATES), error="", invitation=None)
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
        return _page(request, act.viewer, talks_id, section, {"error": refused.message}, 409)
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
        raise InvalidInput(f"unknown act on members: {act_name[:40]!r}")

    return _acted(request, act, talks_id, "members", do)


@router.get("/talks/{talks_id}/framework")
def framework(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _page(request, viewer, talks_id, "framework")


@router.post("/talks/{talks_id}/framework/{act_name}")
def framework_act(request: Request, talks_id: str, act_name: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> Any:
        if act_name == "issue":
            options = tuple(o.strip() for o in act.text("options").splitlines() if o.strip())
            return setup.add_issue(
                svc,
                who,
                talks_id,
                title=act.text("title"),
                kind=act.text("kind"),
                category=act.text("category"),
                description=act.text("description"),
                options=options,
            )
        if act_name == "remove":
            return setup.remove_issue(svc, who, talks_id, act.text("issue"))
        if act_name == "template":
            return setup.apply_template(svc, who, talks_id, template=act.text("template"), add=True)
        raise InvalidInput(f"unknown act on the framework: {act_name[:40]!r}")

    return _acted(request, act, talks_id, "framework", do)

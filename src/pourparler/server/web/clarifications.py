"""Clarifications: questions anchored to a section, position or clause of another party's
revealed memorandum; answered by that party, closed by the asker or the mediator; the open
ones on their own at a click. The list follows the talks' event stream (static/live.js) and is
served alone as /clarifications/list, so new questions and answers appear without a reload.
The secretariat's list holds metadata only (the services leave out the question and the
answer), and whether an act is allowed is the services' to say.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pourparler.domain.error import InvalidInput
from pourparler.server.auth import services
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import (
    LARGEST_VERSION,
    Acting,
    Viewer,
    Viewing,
    acted,
    whole_number,
)
from pourparler.server.web.talks import talks_context
from pourparler.services import clarification, reading

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_STATUSES = ("open", "answered", "closed")


def _anchors(request: Request, viewer: Viewer, talks_id: str, seats: Any) -> list[dict[str, Any]]:
    """What the viewer's party may ask about: each other party's revealed version, with its
    sections and positions (clause positions named as clauses)."""
    if not seats.in_party:
        return []
    svc = services(request)
    found = []
    for row in reading.list_memoranda(svc, viewer.principal, talks_id):
        if row["own"] or not row["readable"]:
            continue
        for number in row["versions"]:
            shown = reading.show_memorandum(svc, viewer.principal, talks_id, row["id"], number)
            if shown["state"] != "revealed":
                continue
            points = [
                {"value": f"section:{s['key']}", "label": s["heading"]} for s in shown["sections"]
            ]
            points += [
                {
                    "value": f"{'clause' if p['text'] else 'position'}:{p['issue_id']}",
                    "label": p["issue"],
                }
                for p in shown["positions"]
            ]
            found.append({"ref": f"{row['id']}:{number}", "memo": shown, "points": points})
    return found


def _listed(
    request: Request, viewer: Viewer, talks_id: str, status: str | None, *, live: bool
) -> dict[str, Any]:
    context = talks_context(request, viewer, talks_id, "clarifications", live=live)
    wanted = status if status in _STATUSES else None
    context["clarifications"] = clarification.list_clarifications(
        services(request), viewer.principal, talks_id, status=wanted
    )
    context["status"] = wanted
    return context


def _page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    status: str | None,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = _listed(request, viewer, talks_id, status, live=True)
    context["anchors"] = _anchors(request, viewer, talks_id, context["seats"])
    context["error"] = error
    return page(request, "clarifications.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/clarifications")
def clarifications_page(
    request: Request, talks_id: str, viewer: Viewing, status: str | None = None
) -> Response:
    return _page(request, viewer, talks_id, status)


@router.get("/talks/{talks_id}/clarifications/list")
def clarification_list(
    request: Request, talks_id: str, viewer: Viewing, status: str | None = None
) -> Response:
    """The list alone (questions, answers, the forms the viewer's seat offers), for
    static/live.js to fetch again when the record grows; read like the page."""
    return page(
        request, "_clarification_list.html", _listed(request, viewer, talks_id, status, live=False)
    )


def _done(request: Request, act: Any, talks_id: str, do: Any) -> Response:
    refused = partial(_page, request, act.viewer, talks_id, None)
    return acted(do, f"/talks/{talks_id}/clarifications", refused)


@router.post("/talks/{talks_id}/clarifications")
def ask(request: Request, talks_id: str, act: Acting) -> Response:
    def do() -> None:
        # `about` is "MEMORANDUM:VERSION|KIND:KEY", one choice of the grouped list
        document, _, point = act.text("about").partition("|")
        memorandum_id, _, number = document.rpartition(":")
        kind, _, key = point.partition(":")
        version = whole_number(number, LARGEST_VERSION)
        if not memorandum_id or version is None or not kind or not key:
            raise InvalidInput(
                translate("choose the section, position or clause your question is about")
            )
        clarification.ask_clarification(
            services(request),
            act.viewer.principal,
            talks_id,
            memorandum_id=memorandum_id,
            version=version,
            anchor=kind,
            key=key,
            question=act.text("question"),
        )

    return _done(request, act, talks_id, do)


@router.post("/talks/{talks_id}/clarifications/{clarification_id}/{what}")
def answer_or_close(
    request: Request, talks_id: str, clarification_id: str, what: str, act: Acting
) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> None:
        if what == "answer":
            clarification.answer_clarification(
                svc, who, talks_id, clarification_id, answer=act.text("answer")
            )
        elif what == "close":
            clarification.close_clarification(svc, who, talks_id, clarification_id)
        else:
            raise InvalidInput(translate("unknown act on a clarification: %(act)r", act=what[:40]))

    return _done(request, act, talks_id, do)

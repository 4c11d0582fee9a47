"""My talks, a talks' dashboard, and new talks (the secretariat's).

Each page reads the talks through `talks_document` with the viewer's Principal: what it holds
is what the viewer may see, and someone without a seat gets NotFound (a 404 page).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import NotFound, PourparlerError
from pourparler.domain.talks import CONCLUDED, TalksStatus
from pourparler.domain.template import TEMPLATES
from pourparler.server.auth import services
from pourparler.server.web.menu import Seats, menu, seats_of
from pourparler.server.web.render import page
from pourparler.server.web.session import Acting, Viewer, Viewing
from pourparler.services.setup import create_talks
from pourparler.services.view import list_talks, talks_document

__all__ = ["last_seq", "router", "talks_context", "waiting_for"]

router = APIRouter(include_in_schema=False)


def talks_context(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    section: str,
    *,
    with_record: bool = False,
    live: bool = False,
) -> dict[str, Any]:
    """What every page of one talks needs: the document as the viewer may read it, the
    viewer's seats, the menu, names for the ids the document holds, and whether the talks'
    status still lets anything change (`talks_open`: concluded talks refuse every act, so their
    pages offer no form).

    A `live` page also gets `after`, the last record entry this viewer may see, where its
    event stream (static/live.js) starts; the record itself is read for that alone and left
    out of the document."""
    document = talks_document(
        services(request), viewer.principal, talks_id, with_record=with_record or live
    )
    after = last_seq(document)
    if live and not with_record:
        document.pop("record", None)
    seats = seats_of(document, viewer.principal.person_id or "", viewer.secretariat)
    people = {m["person"]: m["name"] for m in document["members"]}
    return {
        "talks": document,
        "after": after,
        "seats": seats,
        "menu": menu(talks_id, seats),
        "section": section,
        "party_names": dict(seats.parties),
        "people": people,
        "talks_open": TalksStatus(document["status"]) not in CONCLUDED,
    }


def last_seq(document: Mapping[str, Any]) -> int:
    """The seq of the last record entry the document holds (0 without a record)."""
    return max((int(e["seq"]) for e in document.get("record") or []), default=0)


def waiting_for(document: Mapping[str, Any], seats: Seats) -> list[dict[str, Any]]:
    """What is waiting for the viewer: a proposal to answer, a clarification to answer, a
    version of the single text to accept, an exchange to commit to. Read from the document
    the services gave this viewer; nothing here widens what it holds."""
    base = f"/talks/{document['id']}"
    found: list[dict[str, Any]] = []
    party = seats.party
    if party is None:
        return found
    for proposal in document["rounds"]:
        answered = {r["party_id"] for r in proposal["responses"]}
        if (
            seats.head
            and proposal["status"] == "proposed"
            and party in proposal["required_parties"]
            and party != proposal["proposing_party"]
            and party not in answered
        ):
            found.append(
                {
                    "what": "Answer the proposal of round %(n)d",
                    "args": {"n": proposal["number"]},
                    "href": f"{base}/rounds",
                }
            )
    for asked in document["clarifications"]:
        if asked["status"] == "open" and asked["answering_party"] == party:
            found.append(
                {
                    "what": "Answer a clarification",
                    "args": {},
                    "href": f"{base}/clarifications?status=open",
                }
            )
    text = document.get("text")
    if text and text["versions"] and seats.head:
        latest = text["versions"][-1]
        accepted = {
            a["hash"] for a in text["acceptances"] if a["party"] == party and not a["withdrawn_at"]
        }
        if latest["hash"] not in accepted:
            found.append(
                {
                    "what": "Accept version %(n)d of the single text",
                    "args": {"n": latest["number"]},
                    "href": f"{base}/text",
                }
            )
    for exchange in document["exchanges"]:
        committed = {c["party"] for c in exchange["commitments"] if not c["withdrawn_at"]}
        if (
            seats.head
            and exchange["status"] == "open"
            and party in exchange["parties"]
            and party not in committed
        ):
            found.append(
                {
                    "what": "Commit to the exchange “%(title)s”",
                    "args": {"title": exchange["title"]},
                    "href": f"{base}/exchanges",
                }
            )
    return found


@router.get("/talks")
def my_talks(request: Request, viewer: Viewing) -> Response:
    rows = list_talks(services(request), viewer.principal)
    return page(request, "talks_list.html", {"rows": rows, "section": "talks"})


@router.get("/talks/new")
def new_talks_form(request: Request, viewer: Viewing) -> Response:
    """The form is offered to those the services let open talks: the installation's
    secretariat (an operator account) and accounts the operator let open talks; anyone else
    gets the page that does not exist."""
    if not viewer.opens_talks:
        raise NotFound("page")
    return page(
        request, "talks_new.html", {"templates": sorted(TEMPLATES), "section": "new", "form": {}}
    )


@router.post("/talks/new")
def new_talks(request: Request, act: Acting) -> Response:
    form = {k: act.text(k) for k in ("title", "subject", "template")}
    try:
        talks = create_talks(
            services(request),
            act.viewer.principal,
            title=form["title"],
            subject=form["subject"],
            template=form["template"] or None,
        )
    except PourparlerError as refused:
        context = {
            "templates": sorted(TEMPLATES),
            "section": "new",
            "form": form,
            "error": refused.message,
        }
        return page(request, "talks_new.html", context, status_code=422)
    return RedirectResponse(f"/talks/{talks.id}", status_code=303)


@router.get("/talks/{talks_id}")
def dashboard(request: Request, talks_id: str, viewer: Viewing) -> Response:
    context = talks_context(request, viewer, talks_id, "dashboard", live=True)
    context["waiting"] = waiting_for(context["talks"], context["seats"])
    return page(request, "dashboard.html", context)


@router.get("/talks/{talks_id}/waiting")
def waiting_fragment(request: Request, talks_id: str, viewer: Viewing) -> Response:
    """The dashboard's "waiting for you" region alone, fetched again by static/live.js when
    the record grows: read like the dashboard, with the viewer's Principal."""
    context = talks_context(request, viewer, talks_id, "dashboard")
    context["waiting"] = waiting_for(context["talks"], context["seats"])
    return page(request, "_waiting.html", context)

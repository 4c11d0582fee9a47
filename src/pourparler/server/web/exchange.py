"""The sealed exchange, per round: who has committed (with the commitment), commit and
withdraw (heads), open, reveal and close (whoever conducts), the revealed documents, and a
button that checks every revealed commitment in the browser (static/verify.js, Web Crypto).
The list of exchanges and one exchange's page follow the talks' event stream (static/live.js):
their regions are served alone as /exchanges/list and /exchanges/{id}/commitments, so a head
sees a new exchange, the other side commit, and the reveal, without a reload.

A commitment is SHA-256 over the salt's bytes followed by the document's canonical JSON in
UTF-8 (domain/exchange.py). The page hands the browser exactly what the services let this
viewer read of each commitment, the salt and the canonical JSON among it once revealed (or to
the own party), so the browser recomputes the digest itself instead of trusting the server's
verdict. What a viewer reads of a commitment is the services' to say (view_process.py).
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pourparler.domain.error import InvalidInput, NotFound
from pourparler.server.auth import services
from pourparler.server.web.render import page, translate
from pourparler.server.web.rounds import _moment as typed_moment
from pourparler.server.web.session import (
    LARGEST_VERSION,
    Act,
    Acting,
    Viewer,
    Viewing,
    acted,
    whole_number,
)
from pourparler.server.web.talks import talks_context
from pourparler.services import exchange, reading

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _document(commitment: dict[str, Any], issues: dict[str, str]) -> dict[str, Any] | None:
    """The committed document, read from the very JSON the browser will hash."""
    canonical = commitment.get("document")
    if not canonical:
        return None
    try:
        content = json.loads(canonical)
    except ValueError:
        return None
    for p in content.get("positions", []):
        p["issue"] = issues.get(p.get("issue_id", ""), p.get("issue_id", ""))
    return dict(content)


def _exchanges(context: dict[str, Any]) -> list[dict[str, Any]]:
    issues = {i["id"]: i["title"] for i in context["talks"]["framework"]}
    rounds = {r["id"]: r for r in context["talks"]["rounds"]}
    shown = []
    for e in context["talks"]["exchanges"]:
        commitments = [{**c, "content": _document(c, issues)} for c in e["commitments"]]
        active = {c["party"] for c in commitments if not c["withdrawn_at"]}
        shown.append(
            {
                **e,
                "commitments": commitments,
                "round_number": rounds[e["round"]]["number"] if e["round"] in rounds else None,
                "committed": active,
                "waiting": [p for p in e["parties"] if p not in active],
            }
        )
    return shown


def _own_versions(request: Request, viewer: Viewer, talks_id: str) -> list[dict[str, Any]]:
    """The own party's saved versions, newest first: what its head may commit."""
    rows = reading.list_memoranda(services(request), viewer.principal, talks_id)
    return [
        {"value": f"{r['id']}:{n}", "title": r["title"], "version": n}
        for r in rows
        if r["own"]
        for n in sorted(r["versions"], reverse=True)
    ]


def _list_context(request: Request, viewer: Viewer, talks_id: str, *, live: bool) -> dict[str, Any]:
    context = talks_context(request, viewer, talks_id, "exchanges", live=live)
    context["exchanges"] = _exchanges(context)
    context["choices"] = _own_versions(request, viewer, talks_id) if context["seats"].head else []
    return context


def _exchanges_page(
    request: Request, viewer: Viewer, talks_id: str, *, error: str = "", status_code: int = 200
) -> Response:
    context = _list_context(request, viewer, talks_id, live=True)
    context["rounds_open"] = [
        r for r in context["talks"]["rounds"] if r["status"] in ("scheduled", "open")
    ]
    context["error"] = error
    return page(request, "exchanges.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/exchanges")
def exchanges_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _exchanges_page(request, viewer, talks_id)


# Declared before /exchanges/{exchange_id}, which would otherwise take "list" for an id.
@router.get("/talks/{talks_id}/exchanges/list")
def exchange_list(request: Request, talks_id: str, viewer: Viewing) -> Response:
    """The list of exchanges alone (each one's status, commitments and acts), for
    static/live.js to fetch again when the record grows; read like the page."""
    context = _list_context(request, viewer, talks_id, live=False)
    return page(request, "_exchange_list.html", context)


def _exchange_context(
    request: Request, viewer: Viewer, talks_id: str, exchange_id: str, *, live: bool
) -> dict[str, Any]:
    context = talks_context(request, viewer, talks_id, "exchanges", live=live)
    found = next((e for e in _exchanges(context) if e["id"] == exchange_id), None)
    if found is None:
        raise NotFound("no such exchange")
    context["exchange"] = found
    head = context["seats"].head and found["status"] == "open"
    context["choices"] = _own_versions(request, viewer, talks_id) if head else []
    return context


@router.get("/talks/{talks_id}/exchanges/{exchange_id}")
def exchange_page(request: Request, talks_id: str, exchange_id: str, viewer: Viewing) -> Response:
    context = _exchange_context(request, viewer, talks_id, exchange_id, live=True)
    return page(request, "exchange.html", context)


@router.get("/talks/{talks_id}/exchanges/{exchange_id}/commitments")
def exchange_region(request: Request, talks_id: str, exchange_id: str, viewer: Viewing) -> Response:
    """The exchange's live region alone (status, commitments, acts, revealed documents), for
    static/live.js to fetch again when the record grows; read like the page."""
    context = _exchange_context(request, viewer, talks_id, exchange_id, live=False)
    return page(request, "_exchange_region.html", context)


def _acted(request: Request, act: Act, talks_id: str, back: str, do: Any) -> Response:
    return acted(do, back, partial(_exchanges_page, request, act.viewer, talks_id))


@router.post("/talks/{talks_id}/exchanges")
def open_exchange(request: Request, talks_id: str, act: Acting) -> Response:
    def do() -> None:
        policy = act.text("policy") or "all_or_nothing"
        deadline = None
        if policy == "at_deadline":
            deadline, _ = typed_moment(act, "deadline", "time_zone")
        exchange.open_exchange(
            services(request),
            act.viewer.principal,
            talks_id,
            act.text("round"),
            title=act.text("title"),
            policy=policy,
            deadline=deadline,
        )

    return _acted(request, act, talks_id, f"/talks/{talks_id}/exchanges", do)


@router.post("/talks/{talks_id}/exchanges/{exchange_id}/{what}")
def act_on(request: Request, talks_id: str, exchange_id: str, what: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> None:
        if what == "commit":
            memorandum_id, _, number = act.text("version").rpartition(":")
            version = whole_number(number, LARGEST_VERSION)
            if not memorandum_id or version is None:
                raise InvalidInput(translate("choose the version of your memorandum to commit"))
            exchange.commit_document(
                svc, who, talks_id, exchange_id, memorandum_id=memorandum_id, version=version
            )
        elif what == "withdraw":
            exchange.withdraw_commitment(svc, who, talks_id, exchange_id)
        elif what == "reveal":
            exchange.reveal_exchange(svc, who, talks_id, exchange_id)
        elif what == "close":
            exchange.close_exchange(svc, who, talks_id, exchange_id)
        else:
            raise InvalidInput(translate("unknown act on an exchange: %(act)r", act=what[:40]))

    return _acted(request, act, talks_id, f"/talks/{talks_id}/exchanges/{exchange_id}", do)

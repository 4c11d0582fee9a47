"""The single negotiating text: clauses with their status, bracketed alternatives attributed to
their parties, the editor of whoever keeps the text, the diff between versions, acceptance by
the heads, the state of acceptances and the agreement banner, and a print view in the bracket
convention.

The page's status region (acceptances and the banner) is also served alone as a fragment, which
static/live.js fetches again whenever the talks' event stream (GET /api/talks/{id}/events)
brings a new entry: the banner appears in every open page without a reload. What the fragment
holds is read through `talks_document` like the page, so a refresh shows only what the viewer
may see.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound, PourparlerError, Stale
from pourparler.domain.talks import TalksStatus
from pourparler.server.auth import services
from pourparler.server.web.menu import Seats
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Acting, Viewer, Viewing, acted, require_whole_number
from pourparler.server.web.talks import talks_context
from pourparler.services import text as texts

__all__ = ["acceptance_state", "clauses_from_form", "router"]

router = APIRouter(include_in_schema=False)

STATUSES = ("open", "bracketed", "agreed ad referendum")
MAX_CLAUSES = 200
MAX_ALTERNATIVES = 12


def acceptance_state(talks: dict[str, Any]) -> dict[str, Any]:
    """Who accepted which version, from the document the viewer was given: for each party the
    version it stands on (None when it accepted none, or its acceptance was withdrawn), whether
    every party stands on the current version, and whether that made the agreement."""
    text = talks.get("text")
    if not text or not text["versions"]:
        return {"parties": [], "agreed": False, "current": None}
    current = text["versions"][-1]
    numbers = {v["hash"]: v["number"] for v in text["versions"]}
    standing: dict[str, dict[str, Any]] = {}
    for accepted in text["acceptances"]:
        if accepted["withdrawn_at"] is None:
            standing[accepted["party"]] = accepted
    parties = []
    for party in talks["parties"]:
        found = standing.get(party["id"])
        parties.append(
            {
                "id": party["id"],
                "name": party["name"],
                "version": numbers.get(found["hash"]) if found else None,
                "on_current": bool(found and found["hash"] == current["hash"]),
                "at": found["at"] if found else None,
            }
        )
    everyone = bool(parties) and all(p["on_current"] for p in parties)
    # The services declare the agreement (every party on the current version, every clause
    # agreed) by the talks' status; every party on a version with open clauses is not one.
    agreed = talks["status"] == TalksStatus.AGREED.value and everyone
    return {"parties": parties, "agreed": agreed, "everyone": everyone, "current": current}


def _chosen_version(text: dict[str, Any] | None, version: int | None) -> dict[str, Any] | None:
    if not text or not text["versions"]:
        return None
    if version is None:
        return dict(text["versions"][-1])
    for found in text["versions"]:
        if found["number"] == version:
            return dict(found)
    raise NotFound("no such version of the text")


def _text_context(
    request: Request, viewer: Viewer, talks_id: str, version: int | None = None
) -> dict[str, Any]:
    context = talks_context(request, viewer, talks_id, "text", live=True)
    talks = context["talks"]
    context["text"] = talks.get("text")
    context["version"] = _chosen_version(context["text"], version)
    context["state"] = acceptance_state(talks)
    context["issue_titles"] = {i["id"]: i["title"] for i in talks["framework"]}
    context["shown"] = context["version"]["number"] if context["version"] else None
    context["keeps_text"] = _keeps_text(talks, context["seats"])
    chosen = context["version"]
    if chosen and "clauses" in chosen:  # the page's own copy: the document is shared
        context["version"] = {
            **chosen,
            "clauses": _named(chosen["clauses"], context["party_names"]),
        }
    return context


def _keeps_text(talks: dict[str, Any], seats: Seats) -> bool:
    """Who keeps the text (services/access.require_conduct): the mediator, or a head when the
    talks have no mediator. Only decides whether the editor is offered: the services judge."""
    has_mediator = any(m["role"] == "mediator" for m in talks["members"])
    return seats.mediator or (seats.head and not has_mediator)


def _named(clauses: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """Clauses whose alternatives carry the names of their proposing parties."""
    named = []
    for clause in clauses:
        alternatives = []
        for given in clause["alternatives"]:
            ids = given.get("party_ids") or [given.get("party_id")]
            alternatives.append({**given, "names": [names.get(p, p) for p in ids if p]})
        named.append({**clause, "alternatives": alternatives})
    return named


def _text_page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    *,
    version: int | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = _text_context(request, viewer, talks_id, version)
    context["error"] = error
    return page(request, "text.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/text")
def text_page(
    request: Request, talks_id: str, viewer: Viewing, version: int | None = None
) -> Response:
    return _text_page(request, viewer, talks_id, version=version)


@router.get("/talks/{talks_id}/text/status")
def text_status(
    request: Request, talks_id: str, viewer: Viewing, shown: int | None = None
) -> Response:
    """The status region alone (acceptances and the agreement banner), for live refreshes;
    `shown` is the version the viewer's page shows, to point out a newer one."""
    context = _text_context(request, viewer, talks_id)
    context["shown"] = shown
    return page(request, "_text_status.html", context)


@router.get("/talks/{talks_id}/text/print")
def text_print(
    request: Request, talks_id: str, viewer: Viewing, version: int | None = None
) -> Response:
    context = _text_context(request, viewer, talks_id, version)
    if context["version"] is None:
        raise NotFound("no text yet")
    return page(request, "text_print.html", context)


@router.get("/talks/{talks_id}/text/diff")
def text_diff(
    request: Request,
    talks_id: str,
    viewer: Viewing,
    first: int | None = None,
    second: int | None = None,
) -> Response:
    context = _text_context(request, viewer, talks_id)
    text = context["text"]
    lines: list[dict[str, str]] = []
    error = ""
    if text and len(text["versions"]) >= 2:
        last = text["versions"][-1]["number"]
        first = first if first is not None else last - 1
        second = second if second is not None else last
        try:
            diff = texts.diff_text(services(request), viewer.principal, talks_id, first, second)
        except (NotFound, NotAllowed):
            raise  # no such version; the secretariat, who reads no clauses
        except PourparlerError as refused:
            error = refused.message
        else:
            lines = [{"kind": _line_kind(line), "line": line} for line in diff.splitlines()]
    context.update(first=first, second=second, lines=lines, error=error)
    return page(request, "text_diff.html", context, status_code=422 if error else 200)


def _line_kind(line: str) -> str:
    if line.startswith(("+++", "---")):
        return "file"
    if line.startswith("@@"):
        return "hunk"
    if line.startswith("+"):
        return "added"
    if line.startswith("-"):
        return "removed"
    return "same"


@router.post("/talks/{talks_id}/text/start")
def start(request: Request, talks_id: str, act: Acting) -> Response:
    def do() -> None:
        if not act.text("title"):
            raise InvalidInput(translate("give the text a title"))
        texts.start_text(
            services(request),
            act.viewer.principal,
            talks_id,
            title=act.text("title"),
            from_memoranda=act.text("from_memoranda") == "yes",
        )

    return acted(do, f"/talks/{talks_id}/text", partial(_text_page, request, act.viewer, talks_id))


@router.post("/talks/{talks_id}/text/accept")
def accept(request: Request, talks_id: str, act: Acting) -> Response:
    def do() -> None:
        texts.accept_text(
            services(request), act.viewer.principal, talks_id, version_hash=act.text("version")
        )

    return acted(do, f"/talks/{talks_id}/text", partial(_text_page, request, act.viewer, talks_id))


# The editor ---------------------------------------------------------------------------------


def _count(form: FormData, name: str, limit: int) -> int:
    raw = form.get(name, "0")
    refusal = translate("%(name)s: a whole number up to %(limit)d", name=name, limit=limit)
    return require_whole_number(raw.strip() if isinstance(raw, str) else "", limit, refusal)


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def clauses_from_form(form: FormData) -> list[dict[str, Any]]:
    """The clauses document (services/document.py ClausesDocument) the editor's form describes.

    Each clause is `clause-N-*` (key, heading, status, text, issues, remove) and its
    alternatives `clause-N-alt-M-text` with `clause-N-alt-M-party` (one per proposing party).
    A clause left wholly blank (an unused slot) or marked for removal is left out; an
    alternative left blank is left out."""
    clauses = []
    for n in range(_count(form, "clauses", MAX_CLAUSES)):
        at = f"clause-{n}"
        if _field(form, f"{at}-remove") == "yes":
            continue
        key, heading = _field(form, f"{at}-key"), _field(form, f"{at}-heading")
        text = _field(form, f"{at}-text")
        alternatives = []
        for m in range(_count(form, f"{at}-alternatives", MAX_ALTERNATIVES)):
            wording = _field(form, f"{at}-alt-{m}-text")
            parties = [p for p in form.getlist(f"{at}-alt-{m}-party") if isinstance(p, str)]
            if wording or parties:
                alternatives.append({"parties": parties, "text": wording})
        if not (key or heading or text or alternatives):
            continue  # an empty slot for a new clause, left unused
        status = _field(form, f"{at}-status") or "open"
        issues = [i for i in _field(form, f"{at}-issues").split() if i]
        clause: dict[str, Any] = {
            "key": key,
            "heading": heading,
            "status": status,
            "text": text if status != "bracketed" else "",
            "alternatives": alternatives if status == "bracketed" else [],
            "issue_ids": issues,
        }
        if status != "bracketed" and alternatives:
            raise InvalidInput(
                translate(
                    "clause %(clause)s: only a bracketed clause holds alternatives; "
                    "choose “bracketed” or clear its alternatives",
                    clause=key or n + 1,
                )
            )
        clauses.append(clause)
    return clauses


def _editor_rows(clauses: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """Clauses as the editor shows them: each with its alternatives and two empty ones more,
    and an empty clause at the end for a new one."""
    rows = []
    for clause in [*clauses, {"key": "", "heading": "", "status": "open", "text": ""}]:
        alternatives = []
        for given in clause.get("alternatives") or []:
            parties = given.get("parties") or given.get("party_ids") or [given.get("party_id")]
            ids = [p for p in parties if p]
            by_name = {v.casefold(): k for k, v in names.items()}
            alternatives.append(
                {
                    "text": given.get("text", ""),
                    "parties": [by_name.get(p.casefold(), p) for p in ids],
                }
            )
        alternatives += [{"text": "", "parties": []}] * 2
        rows.append(
            {
                "key": clause.get("key", ""),
                "heading": clause.get("heading", ""),
                "status": clause.get("status", "open"),
                "text": clause.get("text", ""),
                "issues": " ".join(clause.get("issue_ids") or []),
                "alternatives": alternatives,
            }
        )
    return rows


def _editor_page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    *,
    clauses: list[dict[str, Any]] | None = None,
    expected: str = "",
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = _text_context(request, viewer, talks_id)
    current = context["version"]
    if current is None or "clauses" not in current:
        raise NotFound("no text to edit")
    if not context["keeps_text"]:
        raise NotAllowed(translate("only whoever keeps the single negotiating text edits it"))
    names = dict(context["party_names"])
    context["rows"] = _editor_rows(clauses if clauses is not None else current["clauses"], names)
    context["expected"] = expected or current["hash"]
    context["statuses"] = STATUSES
    context["error"] = error
    return page(request, "text_edit.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/text/edit")
def edit_form(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _editor_page(request, viewer, talks_id)


@router.post("/talks/{talks_id}/text/edit")
def revise(request: Request, talks_id: str, act: Acting) -> Response:
    expected = act.text("expected")
    try:
        clauses = clauses_from_form(act.form)
    except InvalidInput as refused:
        return _editor_page(
            request, act.viewer, talks_id, expected=expected, error=refused.message,
            status_code=422,
        )  # fmt: skip
    try:
        texts.revise_text_document(
            services(request), act.viewer.principal, talks_id, clauses, expected=expected or None
        )
    except NotFound:
        raise
    except Stale:
        message = translate(
            "Someone revised the text after you opened the editor: your changes were not "
            "saved. They are kept in the form below; compare them with the current version, "
            "then save again."
        )
        return _editor_page(
            request, act.viewer, talks_id, clauses=clauses, error=message, status_code=409
        )
    except PourparlerError as refused:
        return _editor_page(
            request, act.viewer, talks_id, clauses=clauses, expected=expected,
            error=refused.message, status_code=422,
        )  # fmt: skip
    return RedirectResponse(f"/talks/{talks_id}/text", status_code=303)

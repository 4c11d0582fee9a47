"""Memoranda: the party's own and the others' revealed ones, one version in full, the editor
(sections in Markdown with a preview, a position per framework issue), sharing a version with
the mediator, and what changed between two versions.

The editor is opened on one version (its id travels in the form as `expected`); the save is
refused as Stale inside the saving unit of work when someone saved another version since, and
the page then says so and gives the writer back every word typed: never a silent overwrite.
Which memoranda and versions a viewer reads is the services' to say (services/reading.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pourparler.domain.error import InvalidInput, NotFound, PourparlerError, Stale
from pourparler.server.auth import services
from pourparler.server.problem import status_of
from pourparler.server.web.memorandum_form import (
    EXTRA_SECTIONS,
    edited,
    positions_of,
    sections_of,
)
from pourparler.server.web.render import ENVIRONMENT, page, translate
from pourparler.server.web.session import (
    LARGEST_VERSION,
    Acting,
    Viewer,
    Viewing,
    require_whole_number,
)
from pourparler.server.web.talks import talks_context
from pourparler.services import memorandum, reading

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _base(talks_id: str) -> str:
    return f"/talks/{talks_id}/memoranda"


def _list_page(
    request: Request, viewer: Viewer, talks_id: str, *, error: str = "", status_code: int = 200
) -> Response:
    context = talks_context(request, viewer, talks_id, "memoranda")
    context["rows"] = reading.list_memoranda(services(request), viewer.principal, talks_id)
    context["error"] = error
    return page(request, "memoranda.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/memoranda")
def memoranda_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _list_page(request, viewer, talks_id)


@router.post("/talks/{talks_id}/memoranda")
def start(request: Request, talks_id: str, act: Acting) -> Response:
    try:
        made = memorandum.create_memorandum(
            services(request), act.viewer.principal, talks_id, title=act.text("title")
        )
    except NotFound:
        raise
    except PourparlerError as refused:
        return _list_page(
            request,
            act.viewer,
            talks_id,
            error=refused.message,
            status_code=status_of(refused),
        )
    return RedirectResponse(f"{_base(talks_id)}/{made.id}/edit", status_code=303)


def _version_number(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    return require_whole_number(raw, LARGEST_VERSION, translate("a version is a number such as 2"))


def _show_page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    memorandum_id: str,
    version: int | None,
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    svc = services(request)
    context = talks_context(request, viewer, talks_id, "memoranda")
    shown = reading.show_memorandum(svc, viewer.principal, talks_id, memorandum_id, version)
    row = next(
        (
            r
            for r in reading.list_memoranda(svc, viewer.principal, talks_id)
            if r["id"] == shown["id"]
        ),
        None,
    )
    context.update(
        memo=shown,
        versions=row["versions"] if row and row["readable"] else [shown["version"]],
        own=bool(row and row["own"]),
        error=error,
    )
    return page(request, "memorandum.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/memoranda/{memorandum_id}")
def show(
    request: Request,
    talks_id: str,
    memorandum_id: str,
    viewer: Viewing,
    version: str | None = None,
) -> Response:
    try:
        number = _version_number(version)
    except InvalidInput:
        raise NotFound("no such version") from None
    return _show_page(request, viewer, talks_id, memorandum_id, number)


@router.post("/talks/{talks_id}/memoranda/{memorandum_id}/share")
def share(request: Request, talks_id: str, memorandum_id: str, act: Acting) -> Response:
    try:
        number = _version_number(act.text("version"))
        if number is None:
            raise InvalidInput(translate("choose the version to share"))
        memorandum.share_with_mediator(
            services(request), act.viewer.principal, talks_id, memorandum_id, version=number
        )
    except NotFound:
        raise
    except PourparlerError as refused:
        return _show_page(
            request, act.viewer, talks_id, memorandum_id, None, error=refused.message,
            status_code=status_of(refused),
        )  # fmt: skip
    return RedirectResponse(f"{_base(talks_id)}/{memorandum_id}?version={number}", status_code=303)


@router.get("/talks/{talks_id}/memoranda/{memorandum_id}/diff")
def diff(
    request: Request,
    talks_id: str,
    memorandum_id: str,
    viewer: Viewing,
    first: str = "",
    second: str = "",
) -> Response:
    context = talks_context(request, viewer, talks_id, "memoranda")
    try:
        a, b = _version_number(first), _version_number(second)
        if a is None or b is None:
            raise InvalidInput(translate("choose two versions to compare"))
        changes = reading.diff_versions(
            services(request), viewer.principal, talks_id, memorandum_id, a, b
        )
    except NotFound:
        raise
    except PourparlerError as refused:
        return _show_page(
            request, viewer, talks_id, memorandum_id, None, error=refused.message,
            status_code=422,
        )  # fmt: skip
    context["diff"] = changes
    return page(request, "memorandum_diff.html", context)


# The editor


def _editable(shown: dict[str, Any]) -> dict[str, Any]:
    """A saved version in the editor's shape: ranges as two strings each."""

    def pair(value: Any) -> list[str]:
        return [f"{value[0]:g}", f"{value[1]:g}"] if value else ["", ""]

    return {
        "sections": shown["sections"],
        "positions": [
            {
                **p,
                "asked_range": pair(p["asked_range"]),
                "acceptable_range": pair(p["acceptable_range"]),
            }
            for p in shown["positions"]
        ],
    }


def _editor_page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    latest: dict[str, Any],
    draft: dict[str, Any],
    *,
    expected: str,
    error: str = "",
    conflict: bool = False,
    status_code: int = 200,
) -> Response:
    context = talks_context(request, viewer, talks_id, "memoranda")
    positions = {p["issue_id"]: p for p in draft["positions"]}
    context.update(
        memo=latest,
        sections=[*draft["sections"], *({"key": "", "heading": "", "body": ""},) * EXTRA_SECTIONS],
        positions=positions,
        expected=expected,
        error=error,
        conflict=conflict,
    )
    return page(request, "memorandum_edit.html", context, status_code=status_code)


def _own_latest(
    request: Request, viewer: Viewer, talks_id: str, memorandum_id: str
) -> dict[str, Any]:
    latest = reading.latest_memorandum(services(request), viewer.principal, talks_id, memorandum_id)
    rows = reading.list_memoranda(services(request), viewer.principal, talks_id)
    if (
        not any(r["id"] == memorandum_id and r["own"] for r in rows)
        and latest["version"] is not None
    ):
        raise NotFound("only the party's own memoranda are edited")
    return latest


@router.get("/talks/{talks_id}/memoranda/{memorandum_id}/edit")
def editor(request: Request, talks_id: str, memorandum_id: str, viewer: Viewing) -> Response:
    latest = _own_latest(request, viewer, talks_id, memorandum_id)
    return _editor_page(
        request,
        viewer,
        talks_id,
        latest,
        _editable(latest),
        expected=latest["version_id"] or memorandum.NO_VERSION,
    )


@router.post("/talks/{talks_id}/memoranda/{memorandum_id}/edit")
def save(request: Request, talks_id: str, memorandum_id: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal
    latest = _own_latest(request, act.viewer, talks_id, memorandum_id)
    framework = talks_context(request, act.viewer, talks_id, "memoranda")["talks"]["framework"]
    expected = act.text("expected") or memorandum.NO_VERSION
    try:
        saved = memorandum.save_memorandum(
            svc,
            who,
            talks_id,
            memorandum_id,
            sections=sections_of(act.form),
            positions=positions_of(act.form, framework),
            expected=expected,
        )
    except NotFound:
        raise
    except Stale:
        # Someone saved first: say so, keep every word typed, and offer to save over the
        # newer version only as a deliberate second act (the form now names that version).
        newer = _own_latest(request, act.viewer, talks_id, memorandum_id)
        return _editor_page(
            request, act.viewer, talks_id, newer, edited(act.form, framework),
            expected=newer["version_id"] or memorandum.NO_VERSION, conflict=True,
            status_code=409,
        )  # fmt: skip
    except PourparlerError as refused:
        return _editor_page(
            request, act.viewer, talks_id, latest, edited(act.form, framework),
            expected=expected, error=refused.message, status_code=422,
        )  # fmt: skip
    return RedirectResponse(
        f"{_base(talks_id)}/{memorandum_id}?version={saved.number}", status_code=303
    )


_PREVIEW = ENVIRONMENT.from_string('<div class="markdown preview">{{ body | markdown }}</div>')


@router.post("/talks/{talks_id}/memoranda/preview")
def preview(request: Request, talks_id: str, act: Acting, n: int = 0) -> Response:
    """What section `n`'s Markdown will look like, for htmx to put beside the editor; rendered
    by the same sanitising filter as every page, and only for a seated viewer."""
    talks_context(request, act.viewer, talks_id, "memoranda")  # NotFound without a seat
    html = _PREVIEW.render(body=act.text(f"section_body_{n}"))
    return HTMLResponse(html, headers={"cache-control": "no-store"})

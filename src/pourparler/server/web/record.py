"""The record with its verification status, and the mediators' notes (theirs alone)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import NotFound, PourparlerError
from pourparler.server.auth import services
from pourparler.server.web.render import page
from pourparler.server.web.session import Acting, Viewer, Viewing
from pourparler.server.web.talks import talks_context
from pourparler.services.note import delete_note, list_notes, write_note
from pourparler.services.verification import verify_record

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/talks/{talks_id}/record")
def record_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    context = talks_context(request, viewer, talks_id, "record", with_record=True)
    context["verification"] = verify_record(services(request), viewer.principal, talks_id)
    return page(request, "record.html", context)


def _notes_page(
    request: Request, viewer: Viewer, talks_id: str, error: str = "", status_code: int = 200
) -> Response:
    context = talks_context(request, viewer, talks_id, "notes")
    if not context["seats"].has_notes:
        raise NotFound("notes")  # the notes' existence is the mediators' own to know
    context["notes"] = list_notes(services(request), viewer.principal, talks_id)
    context["error"] = error
    return page(request, "notes.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/notes")
def notes_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _notes_page(request, viewer, talks_id)


@router.post("/talks/{talks_id}/notes")
def add_note(request: Request, talks_id: str, act: Acting) -> Response:
    try:
        write_note(
            services(request),
            act.viewer.principal,
            talks_id,
            text=act.text("text"),
            round_id=act.text("round") or None,
        )
    except NotFound:
        raise
    except PourparlerError as refused:
        return _notes_page(request, act.viewer, talks_id, refused.message, status_code=409)
    return RedirectResponse(f"/talks/{talks_id}/notes", status_code=303)


@router.post("/talks/{talks_id}/notes/{note_id}/delete")
def remove_note(request: Request, talks_id: str, note_id: str, act: Acting) -> Response:
    try:
        delete_note(services(request), act.viewer.principal, talks_id, note_id)
    except NotFound:
        raise
    except PourparlerError as refused:
        return _notes_page(request, act.viewer, talks_id, refused.message, status_code=409)
    return RedirectResponse(f"/talks/{talks_id}/notes", status_code=303)

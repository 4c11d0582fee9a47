"""Mediator notes: the mediators' own, written, listed and deleted by them alone.

To anyone else the notes do not exist: the refusal the services give a non-mediator answers 404
here, exactly as talks that do not exist, so nobody learns that a mediator keeps notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from pourparler.domain.error import NotAllowed, NotFound
from pourparler.server.api.common import Body, Limit, Offset, Page, page_of
from pourparler.server.auth import Caller, Svc
from pourparler.services.note import REFUSAL, delete_note, list_notes, write_note

__all__ = ["router"]

router = APIRouter(tags=["mediator notes"])


class NoteView(BaseModel):
    id: str
    round: str | None = Field(description="The round the note is on, if any.")
    author: str
    written_at: datetime
    text: str


class NewNote(Body):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000, description="What the note says.")
    round: str | None = Field(None, max_length=36, description="The round it is on, if any.")


@contextmanager
def _unknown_to_others() -> Iterator[None]:
    try:
        yield
    except NotAllowed as exc:
        if exc.message != REFUSAL:
            raise  # a mediator refused (another's note): they know notes exist
        raise NotFound(REFUSAL) from None


@router.get("/talks/{talks_id}/notes", response_model=Page[NoteView])
def notes(
    talks_id: str,
    who: Caller,
    svc: Svc,
    round: Annotated[str | None, Query(max_length=36, description="One round's notes.")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[NoteView]:
    """The talks' mediator notes in the order written (mediators only)."""
    with _unknown_to_others():
        found = list_notes(svc, who, talks_id, round_id=round)
    return page_of([NoteView(**n) for n in found], offset, limit)


@router.post("/talks/{talks_id}/notes", response_model=NoteView, status_code=201)
def new_note(talks_id: str, body: NewNote, who: Caller, svc: Svc) -> NoteView:
    """Keep a note on the talks or one of its rounds (mediators only)."""
    with _unknown_to_others():
        note = write_note(svc, who, talks_id, text=body.text, round_id=body.round)
    return NoteView.model_validate(note.model_dump())


@router.delete("/talks/{talks_id}/notes/{note_id}", status_code=204)
def drop_note(talks_id: str, note_id: str, who: Caller, svc: Svc) -> Response:
    """Delete a note you wrote; the record keeps a mediators-only entry of the deletion."""
    with _unknown_to_others():
        delete_note(svc, who, talks_id, note_id)
    return Response(status_code=204)

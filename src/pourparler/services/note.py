"""Use cases of mediator notes: write, list, delete — for the talks' mediators alone.

Everyone else is refused in the same words, whether or not the talks hold any notes, so that a
refusal never tells a party, an observer or the secretariat that the mediator keeps notes. The
record shows each act to the mediators only (audience MEDIATOR), without the note's text.
"""

from __future__ import annotations

from typing import Any

from pourparler.domain.act import Act
from pourparler.domain.error import NotAllowed
from pourparler.domain.note import MediatorNote
from pourparler.domain.record import MEDIATOR
from pourparler.domain.role import Actor
from pourparler.services.access import in_talks, reading_talks, record, require
from pourparler.services.model import NoteView
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["REFUSAL", "delete_note", "list_notes", "note_document", "write_note"]

REFUSAL = "only the mediator keeps mediator notes"


def _require_mediator(actor: Actor) -> None:
    """The one check of every note use case, made before anything about the notes is looked up."""
    require(actor.is_mediator, REFUSAL)


def note_document(note: MediatorNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "round": note.round_id,
        "author": note.author_id,
        "written_at": note.written_at.isoformat(),
        "text": note.text,
    }


def write_note(
    svc: Services, who: Principal, talks_id: str, *, text: str, round_id: str | None = None
) -> NoteView:
    """Keep a note on the talks, or on one of its rounds."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        _require_mediator(actor)
        now = svc.clock()
        note = talks.add_note(MediatorNote(actor.person_id or "", now, text, round_id))
        record(
            uow,
            talks,
            actor,
            Act.NOTE_WRITTEN,
            now,
            audience=MEDIATOR,
            note=note.id,
            round=round_id,
        )
        uow.commit()
        return NoteView.model_validate(note_document(note))


def list_notes(
    svc: Services, who: Principal, talks_id: str, *, round_id: str | None = None
) -> list[dict[str, Any]]:
    """The talks' notes in the order written; with `round_id`, that round's only."""
    with reading_talks(svc, who, talks_id) as (_, talks, actor):
        _require_mediator(actor)
        if round_id is not None:
            talks.round(round_id)  # an unknown round is named, not answered with nothing
        return [note_document(n) for n in talks.notes if round_id is None or n.round_id == round_id]


def delete_note(svc: Services, who: Principal, talks_id: str, note_id: str) -> None:
    """Delete one of your own notes; the record keeps a mediator-only act of it."""
    with in_talks(svc, who, talks_id) as (uow, talks, actor):
        _require_mediator(actor)
        if talks.note(note_id).author_id != actor.person_id:
            raise NotAllowed("a mediator deletes only the notes they wrote")
        note = talks.drop_note(note_id)
        now = svc.clock()
        record(
            uow,
            talks,
            actor,
            Act.NOTE_DELETED,
            now,
            audience=MEDIATOR,
            note=note.id,
            round=note.round_id,
        )
        uow.commit()

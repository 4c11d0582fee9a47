"""Mediator notes and mediator-only record entries through SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pourparler.domain.note import MediatorNote
from pourparler.domain.record import GENESIS, MEDIATOR, RecordEntry, first_broken, seal
from pourparler.domain.talks import Talks
from pourparler.store import SqlUnitOfWork

WRITTEN = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)


def test_notes_come_back_in_order_with_their_rounds(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    mediator = next(m.person_id for m in stored_talks.memberships if m.role.value == "mediator")
    round_id = stored_talks.rounds[0].id
    texts = ["Nord bougera sur le périmètre — الشمال", "x" * 20_000, "Third, on the round"]
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        for i, text in enumerate(texts):
            on = round_id if i != 1 else None
            talks.add_note(MediatorNote(mediator, WRITTEN + timedelta(minutes=i), text, on))
        uow.commit()
    with new_uow() as uow:
        notes = uow.talks.get(stored_talks.id).notes
        assert [(n.text, n.round_id, n.author_id) for n in notes] == [
            (texts[0], round_id, mediator),
            (texts[1], None, mediator),
            (texts[2], round_id, mediator),
        ]
        assert notes[0].written_at == WRITTEN
        assert notes[0].written_at.tzinfo is UTC
        uow.talks.get(stored_talks.id).drop_note(notes[1].id)
        uow.commit()
    with new_uow() as uow:
        assert [n.text for n in uow.talks.get(stored_talks.id).notes] == [texts[0], texts[2]]


def test_a_mediator_only_entry_keeps_its_audience_and_its_hash(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    public = seal(RecordEntry(stored_talks.id, 1, GENESIS, WRITTEN, None, "Secretariat", "created"))
    only = seal(
        RecordEntry(
            stored_talks.id,
            2,
            public.hash,
            WRITTEN,
            "m",
            "Farah",
            "note written",
            {"note": "abc", "salt": "0f" * 16},
            audience=MEDIATOR,
        )
    )
    with new_uow() as uow:
        uow.record.append(public)
        uow.record.append(only)
        uow.commit()
    with new_uow() as uow:
        entries = uow.record.entries(stored_talks.id)
        head = uow.record.head(stored_talks.id)
    assert [e.audience for e in entries] == [None, MEDIATOR]
    assert first_broken(entries, head) is None

"""The record: entries appended in a chain, read back in order, the head kept beside them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from pourparler.domain.error import Conflict
from pourparler.domain.record import GENESIS, RecordEntry, first_broken, seal
from pourparler.domain.talks import Talks
from pourparler.store import SqlUnitOfWork

START = datetime(2026, 11, 25, 9, 0, 0, 654321, tzinfo=UTC)


def chain(talks: Talks, acts: list[str]) -> list[RecordEntry]:
    entries, previous = [], GENESIS
    for seq, act in enumerate(acts, start=1):
        entry = seal(
            RecordEntry(
                talks_id=talks.id,
                seq=seq,
                at=START + timedelta(minutes=seq),
                actor_id=None,
                actor="Secretariat",
                act=act,
                data={"title": talks.title, "n": seq, "nested": {"ok": True, "list": [1, 2.5]}},
                party_id=talks.parties[0].id if seq == 2 else None,
                prev_hash=previous,
            )
        )
        entries.append(entry)
        previous = entry.hash
    return entries


@pytest.fixture
def talks(new_uow: Callable[[], SqlUnitOfWork]) -> Talks:
    talks = Talks("Talks with a record — مفاوضات")
    talks.add_party("Northern Coalition")
    with new_uow() as uow:
        uow.talks.add(talks)
        uow.commit()
    return talks


def test_appended_entries_come_back_in_order_and_still_verify(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    written = chain(talks, ["talks created", "memorandum saved", "round proposed"])
    with new_uow() as uow:
        for entry in written:
            uow.record.append(entry)
        uow.commit()
    with new_uow() as uow:
        entries = uow.record.entries(talks.id)
        head = uow.record.head(talks.id)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [(e.act, e.data, e.party_id, e.at) for e in entries] == [
        (e.act, e.data, e.party_id, e.at) for e in written
    ]
    assert all(e.at.tzinfo is UTC for e in entries)
    assert first_broken(entries, head) is None


def test_entries_are_read_by_sequence_whatever_the_order_of_writing(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    written = chain(talks, ["talks created", "memorandum saved", "round proposed"])
    with new_uow() as uow:
        for entry in reversed(written):
            uow.record.append(entry)
        uow.commit()
    with new_uow() as uow:
        assert [e.seq for e in uow.record.entries(talks.id)] == [1, 2, 3]
        # the head is where the last append moved it: the caller appends in order
        assert uow.record.head(talks.id) == (1, written[0].hash)


def test_the_head_follows_the_last_entry_appended(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    first, second = chain(talks, ["talks created", "party added"])
    with new_uow() as uow:
        assert uow.record.head(talks.id) is None
        uow.record.append(first)
        assert uow.record.head(talks.id) == (1, first.hash)
        uow.commit()
    with new_uow() as uow:
        uow.record.append(second)
        assert [e.seq for e in uow.record.entries(talks.id)] == [1, 2]
        uow.commit()
    with new_uow() as uow:
        assert uow.record.head(talks.id) == (2, second.hash)


def test_a_record_of_other_talks_is_not_mixed_in(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    other = Talks("Other talks")
    other.add_party("Someone")
    with new_uow() as uow:
        uow.talks.add(other)
        uow.record.append(chain(other, ["talks created"])[0])
        uow.commit()
    with new_uow() as uow:
        assert uow.record.entries(talks.id) == []
        assert uow.record.head(talks.id) is None
        assert len(uow.record.entries(other.id)) == 1


def test_two_entries_at_one_position_are_a_conflict(
    new_uow: Callable[[], SqlUnitOfWork], talks: Talks
) -> None:
    (first,) = chain(talks, ["talks created"])
    (rival,) = chain(talks, ["talks created again"])
    with new_uow() as uow:
        uow.record.append(first)
        uow.commit()

    def append_rival() -> None:
        with new_uow() as uow:
            uow.record.append(rival)  # may fail here already: the head's upsert flushes
            uow.commit()

    with pytest.raises(Conflict, match="recorded in these talks at the same moment"):
        append_rival()
    with new_uow() as uow:
        assert uow.record.head(talks.id) == (1, first.hash)
        assert [e.act for e in uow.record.entries(talks.id)] == ["talks created"]


def test_an_entry_for_unknown_talks_is_refused(new_uow: Callable[[], SqlUnitOfWork]) -> None:
    ghost = Talks("Never stored")
    ghost.add_party("Nobody")
    with new_uow() as uow:
        uow.record.append(chain(ghost, ["talks created"])[0])
        with pytest.raises(Conflict, match="not stored"):
            uow.commit()
        assert uow.record.entries(ghost.id) == []

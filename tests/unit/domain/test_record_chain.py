from datetime import UTC, datetime

import pytest

from pourparler.domain.error import InvalidInput
from pourparler.domain.record import GENESIS, MEDIATOR, RecordEntry, _sha256, first_broken, seal

AT = datetime(2026, 3, 2, tzinfo=UTC)


def chain(n: int) -> list[RecordEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = seal(RecordEntry("t", seq, prev, AT, "p", "Anna", f"act {seq}", {"n": seq}))
        entries.append(entry)
        prev = entry.hash
    return entries


def test_an_intact_chain_verifies():
    entries = chain(4)
    assert first_broken(entries, (4, entries[-1].hash)) is None


def test_an_altered_entry_is_named():
    entries = chain(4)
    entries[2].data = {"n": 99}
    assert first_broken(entries) == (3, "its content does not match its hash")


def test_a_removed_entry_is_named():
    entries = chain(4)
    del entries[1]
    assert first_broken(entries)[0] == 2  # type: ignore[index]


def test_reordered_entries_are_named():
    entries = chain(4)
    entries[1], entries[2] = entries[2], entries[1]
    assert first_broken(entries)[0] == 2  # type: ignore[index]


def test_a_cut_off_tail_shows_against_the_recorded_head():
    entries = chain(4)
    head = (4, entries[-1].hash)
    assert first_broken(entries[:3], head)[0] == 4  # type: ignore[index]


def test_a_stub_still_verifies_but_a_forged_stub_does_not():
    entries = chain(3)
    entries[1] = entries[1].as_stub()
    assert entries[1].act == ""
    assert entries[1].data == {}
    assert first_broken(entries) is None
    entries[1].content_hash = "f" * 64
    assert first_broken(entries) == (2, "its hash does not match its place in the chain")


def test_the_audience_is_covered_by_the_content_hash():
    entries = chain(3)
    entries[1] = seal(
        RecordEntry("t", 2, entries[0].hash, AT, "p", "Anna", "note written", {}, audience=MEDIATOR)
    )
    entries[2].prev_hash = entries[1].hash
    seal(entries[2])
    assert first_broken(entries) is None
    entries[1].audience = None  # made public after the fact
    assert first_broken(entries) == (2, "its content does not match its hash")


def test_an_entry_without_audience_hashes_as_before_audiences_existed():
    """Entries recorded before audiences existed keep their hashes."""
    entry = RecordEntry("t", 1, GENESIS, AT, "p", "Anna", "talks created", {"n": 1})
    assert entry.content_digest() == _sha256(
        {
            "at": AT.isoformat(timespec="microseconds"),
            "actor_id": "p",
            "actor": "Anna",
            "act": "talks created",
            "data": {"n": 1},
            "party": None,
        }
    )


def test_a_mediator_only_entry_verifies_as_a_stub():
    entries = chain(3)
    entries[1] = seal(
        RecordEntry("t", 2, entries[0].hash, AT, "p", "Farah", "note written", audience=MEDIATOR)
    )
    entries[2].prev_hash = entries[1].hash
    seal(entries[2])
    stubbed = [entries[0], entries[1].as_stub(), entries[2]]
    assert stubbed[1].audience is None
    assert stubbed[1].act == ""
    assert first_broken(stubbed, (3, entries[2].hash)) is None


def test_an_unknown_audience_is_refused():
    with pytest.raises(InvalidInput, match="unknown audience"):
        RecordEntry("t", 1, GENESIS, AT, "p", "Anna", "x", audience="everyone")

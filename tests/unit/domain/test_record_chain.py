from datetime import UTC, datetime

from pourparler.domain.record import GENESIS, RecordEntry, first_broken, seal

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

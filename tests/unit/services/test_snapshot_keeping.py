"""What a process keeps between requests (services/snapshot.py): talks by record head, the
answers of reads with them, the record's entries, and the talks an act is committing."""

from __future__ import annotations

import threading

import pytest

from pourparler.domain.record import GENESIS, RecordEntry, seal
from pourparler.domain.talks import Talks
from pourparler.services.snapshot import Snapshots


def _chain(count: int, *, start: str = GENESIS, first: int = 1) -> list[RecordEntry]:
    entries, previous = [], start
    for seq in range(first, first + count):
        entry = RecordEntry("t", seq, previous, act=f"act {seq}")
        previous = seal(entry).hash
        entries.append(entry)
    return entries


def test_talks_read_before_an_act_never_replace_the_talks_the_act_kept() -> None:
    kept, older = Talks("after the act"), Talks("before the act")
    snapshots = Snapshots()
    snapshots.keep("t", (5, "h5"), kept)
    snapshots.keep("t", (4, "h4"), older)  # a read that began before the act ended
    assert snapshots.get("t", (5, "h5")) is kept
    assert snapshots.get("t", (4, "h4"), wait=0) is None


def test_a_reader_of_the_head_an_act_is_committing_waits_for_its_talks() -> None:
    snapshots = Snapshots()
    talks = Talks("as the act stored them")
    snapshots.coming("t", (2, "h2"))
    found: list[Talks | None] = []
    reader = threading.Thread(target=lambda: found.append(snapshots.get("t", (2, "h2"), wait=5)))
    reader.start()
    snapshots.keep("t", (2, "h2"), talks)
    reader.join(timeout=5)
    assert found == [talks]


def test_a_withdrawn_head_is_not_waited_for() -> None:
    snapshots = Snapshots()
    snapshots.coming("t", (2, "h2"))
    snapshots.withdraw("t", (2, "h2"))
    assert snapshots.get("t", (2, "h2"), wait=5) is None  # at once: nothing is coming


def test_answers_are_kept_with_the_talks_kept_and_only_with_them() -> None:
    snapshots = Snapshots()
    kept, other = Talks("kept"), Talks("not kept")
    snapshots.keep(kept.id, (1, "h1"), kept)
    calls: list[str] = []

    def compute(name: str) -> dict[str, str]:
        calls.append(name)
        return {"answer": name}

    first = snapshots.answer(kept, "q", lambda: compute("kept"))
    assert snapshots.answer(kept, "q", lambda: compute("kept again")) is first
    snapshots.answer(other, "q", lambda: compute("other"))
    snapshots.answer(other, "q", lambda: compute("other again"))
    assert calls == ["kept", "other", "other again"]
    snapshots.keep(kept.id, (2, "h2"), kept)  # a new head: answers start again
    snapshots.answer(kept, "q", lambda: compute("after the act"))
    assert calls[-1] == "after the act"


def test_an_audited_answer_that_a_reader_changed_is_refused() -> None:
    snapshots = Snapshots(audit=True)
    talks = Talks("kept")
    snapshots.keep(talks.id, (1, "h1"), talks)
    shared = snapshots.answer(talks, "q", lambda: {"answer": [1, 2]})
    assert snapshots.answer(talks, "q", lambda: {"answer": [1, 2]}) is shared
    shared["answer"].append(3)
    with pytest.raises(RuntimeError, match="changed the answer"):
        snapshots.answer(talks, "q", lambda: {"answer": [1, 2]})


def test_entries_are_read_once_and_only_those_added_since_are_loaded() -> None:
    record = _chain(5)
    loads: list[int] = []

    def load(after: int) -> list[RecordEntry]:
        loads.append(after)
        return record[after:]

    snapshots = Snapshots()
    head = (3, record[2].hash)
    assert snapshots.entries("t", (3, record[2].hash), lambda a: load(a)[: 3 - a]) == record[:3]
    assert snapshots.entries("t", head, load) == record[:3]  # kept: no load
    assert snapshots.entries("t", (5, record[4].hash), load) == record
    assert loads == [0, 3]


def test_entries_of_another_record_are_read_anew() -> None:
    kept, restored = _chain(3), _chain(4, start="f" * 64)
    snapshots = Snapshots()
    snapshots.entries("t", (3, kept[2].hash), lambda after: kept[after:])
    # The store now holds another record (restored from a backup): nothing kept is served.
    found = snapshots.entries("t", (4, restored[3].hash), lambda after: restored[after:])
    assert found == restored


def test_readers_of_a_head_nobody_kept_wait_for_the_one_loading_it() -> None:
    snapshots = Snapshots()
    talks = Talks("loaded by the first reader")
    assert snapshots.loading("t", (3, "h3"))
    assert not snapshots.loading("t", (3, "h3"))  # the second reader does not announce too
    found: list[Talks | None] = []
    reader = threading.Thread(target=lambda: found.append(snapshots.get("t", (3, "h3"), wait=5)))
    reader.start()
    snapshots.keep("t", (3, "h3"), talks)
    reader.join(timeout=5)
    assert found == [talks]


def test_a_reader_that_loaded_an_older_head_than_the_one_kept_releases_those_waiting() -> None:
    snapshots = Snapshots()
    newer = Talks("kept by an act meanwhile")
    assert snapshots.loading("t", (3, "h3"))
    snapshots.keep("t", (4, "h4"), newer)
    snapshots.keep("t", (3, "h3"), Talks("loaded at the older head"))
    assert snapshots.get("t", (4, "h4")) is newer
    assert snapshots.loading("t", (5, "h5"))  # nothing announced is left for anyone to wait on

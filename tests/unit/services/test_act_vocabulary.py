"""The record's acts are one vocabulary: what the demo writes, the minutes read."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.domain.act import Act
from pourparler.domain.error import InvalidInput
from pourparler.domain.record import seal
from pourparler.services.minutes import ROUND_ACTS, WINDOW_ACTS, round_minutes
from pourparler.services.transfer import import_talks
from pourparler.services.verification import entries_from
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR
from support.exports import valid_export
from support.memory import MemoryStore, memory_services


@pytest.fixture(scope="module")
def demo() -> tuple:
    clock = ScriptClock(demo_start(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    svc, store = memory_services(clock)  # type: ignore[arg-type]
    load_demo(svc, clock)
    return svc, store


def written_acts(store: MemoryStore) -> set[str]:
    return {e.act for entries in store.committed.record.values() for e in entries}


def test_every_act_the_demo_writes_is_an_act_of_the_vocabulary(demo) -> None:
    _, store = demo
    acts = written_acts(store)
    assert acts, "the demo wrote no record"
    assert acts <= {a.value for a in Act}
    # Stored as the plain strings they always were: the hashes of older records stay valid.
    assert all(type(e.act) is str for es in store.committed.record.values() for e in es)


def test_the_demo_writes_most_of_the_vocabulary(demo) -> None:
    """A guard against a vocabulary that drifts away from what the use cases write."""
    _, store = demo
    assert len(written_acts(store)) >= len(Act) // 2


def test_the_minutes_know_every_act_on_a_round_and_on_the_common_work() -> None:
    assert not ROUND_ACTS & WINDOW_ACTS
    assert {a for a in Act if a.value.startswith("round")} == ROUND_ACTS
    common = ("text", "acceptance", "agreement", "clarification", "status")
    assert {a for a in Act if a.value.startswith(common)} == WINDOW_ACTS


def test_the_minutes_describe_each_act_of_the_round_they_know(demo) -> None:
    svc, _ = demo
    (talks,) = [t for t in list_talks(svc, OPERATOR) if "ceasefire" in t["title"]]
    document = talks_document(svc, OPERATOR, talks["id"])
    described: set[str] = set()
    for meeting in document["rounds"]:
        minutes = round_minutes(svc, OPERATOR, meeting["id"])
        proceedings = minutes.split("## Proceedings")[1].split("##")[0]
        described |= {a.value for a in Act if f": {a.value}" in proceedings}
    assert Act.ROUND_OPENED in described
    assert Act.ROUND_CLOSED in described
    assert Act.TEXT_REVISED in described or Act.TEXT_STARTED in described
    unknown = {
        line.split(": ", 1)[1].split(" (")[0]
        for meeting in document["rounds"]
        for line in round_minutes(svc, OPERATOR, meeting["id"]).splitlines()
        if line.startswith("- ") and " — " in line and ": " in line
    } - {a.value for a in Act}
    assert not unknown, f"minutes describe acts outside the vocabulary: {unknown}"


def _with_last_act(act: str) -> dict:
    """The sample export, its last entry's act replaced and re-sealed: its chain holds, its
    signature (on the old head) does not, so only an unverified import may keep it."""
    forged = copy.deepcopy(valid_export())
    rows = forged["talks"]["record"]
    assert not rows[-1].get("stub")
    (entry,) = entries_from(forged["talks"]["id"], rows[-1:])
    entry.act = act
    seal(entry)
    rows[-1].update(act=act, content_hash=entry.content_hash, hash=entry.hash)
    return forged


def test_an_import_refuses_an_act_outside_the_vocabulary() -> None:
    elsewhere, store = memory_services()
    with pytest.raises(InvalidInput, match="unknown act"):
        import_talks(elsewhere, OPERATOR, _with_last_act("coup"), unverified=True)
    assert store.commits == 0


def test_an_import_keeps_an_act_of_the_vocabulary_as_written() -> None:
    elsewhere, store = memory_services()
    forged = _with_last_act(Act.TALKS_CREATED.value)
    talks = import_talks(elsewhere, OPERATOR, forged, unverified=True)
    (last,) = store.committed.record[talks.id][-1:]
    assert (last.act, type(last.act)) == ("talks created", str)

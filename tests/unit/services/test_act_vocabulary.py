"""The record's acts are one vocabulary: what the demo writes, the minutes read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.domain.act import Act
from pourparler.services.minutes import ROUND_ACTS, WINDOW_ACTS, round_minutes
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR
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

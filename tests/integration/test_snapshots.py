"""Reads served from this process's snapshot of the talks (services/snapshot.py): a read after
any act, through this process or another one, sees that act; no read changes the snapshot it
shares with other readers; verification still reads the store itself, so a snapshot never hides
a tampered row. Writers to one talks take turns and all land. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update

from pourparler import bootstrap
from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.domain.error import PourparlerError
from pourparler.services import analysis, clarification, exchange, note, profile, reading, text
from pourparler.services.fact import facts, seated_people
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.record_query import record_entries
from pourparler.services.transfer import export_talks
from pourparler.services.verification import verify_record
from pourparler.services.view import talks_document
from pourparler.store.process_tables import clarifications
from support.caller import OPERATOR, by

NORTH_HEAD = "head@northland.example"
SOUTH_HEAD = "head@southland.example"
READERS = (
    NORTH_HEAD,
    "delegate@northland.example",
    SOUTH_HEAD,
    "adviser@southland.example",
    "envoy@harbour.example",
    "secretariat@harbour.example",
    "observer@eastmark.example",
)


@pytest.fixture
def demo(database_url: str) -> Iterator[tuple[Services, str, str]]:
    bootstrap.upgrade_database(database_url)
    clock = ScriptClock(demo_start(datetime.now(UTC)))
    loading = bootstrap.build(database_url, clock=clock)  # as `pourparler demo` loads it
    try:
        talks_id = load_demo(loading, clock)
    finally:
        loading.close()
    svc = bootstrap.build(database_url)
    yield svc, talks_id, database_url
    svc.close()


def _anchor(svc: Services, talks_id: str) -> dict[str, Any]:
    """A section of Southland's revealed memorandum, for Northland to ask about."""
    rows = reading.list_memoranda(svc, by(NORTH_HEAD), talks_id)
    row = next(r for r in rows if not r["own"] and r["latest_state"] == "revealed")
    shown = reading.show_memorandum(svc, by(NORTH_HEAD), talks_id, row["id"], row["latest"])
    key = shown["sections"][0]["key"]
    return {"memorandum_id": row["id"], "version": row["latest"], "anchor": "section", "key": key}


def _questions(svc: Services, talks_id: str) -> list[str]:
    return [c["question"] for c in clarification.list_clarifications(svc, by(NORTH_HEAD), talks_id)]


def test_a_read_after_an_act_of_another_process_sees_the_act(demo) -> None:
    svc, talks_id, url = demo
    before = _questions(svc, talks_id)  # kept as this process's snapshot
    other = bootstrap.build(url)  # another worker, over the same database
    try:
        clarification.ask_clarification(
            other, by(NORTH_HEAD), talks_id, **_anchor(other, talks_id), question="Asked afar?"
        )
    finally:
        other.close()
    after = _questions(svc, talks_id)
    assert after == [*before, "Asked afar?"]
    document = talks_document(svc, by(SOUTH_HEAD), talks_id, with_record=False)
    assert "Asked afar?" in [c["question"] for c in document["clarifications"]]


def _every_read(svc: Services, talks_id: str, who: Principal) -> None:
    reads: list[Callable[[], object]] = [
        lambda: talks_document(svc, who, talks_id),
        lambda: record_entries(svc, who, talks_id, after=0, limit=50),
        lambda: reading.list_memoranda(svc, who, talks_id),
        lambda: reading.latest_readable_versions(svc, who, talks_id),
        lambda: reading.compare_memoranda(svc, who, talks_id, None),
        lambda: clarification.list_clarifications(svc, who, talks_id),
        lambda: clarification.anchor_labels(svc, who, talks_id),
        lambda: exchange.list_exchanges(svc, who, talks_id),
        lambda: text.show_text(svc, who, talks_id),
        lambda: text.text_markdown(svc, who, talks_id),
        lambda: note.list_notes(svc, who, talks_id),
        lambda: profile.read_profile(svc, who, talks_id),
        lambda: analysis.own_analysis(svc, who, talks_id),
        lambda: analysis.mediator_analysis(svc, who, talks_id),
    ]
    for read in reads:
        with suppress(PourparlerError):  # refused to this reader: it must change nothing either
            read()


def test_no_read_changes_the_snapshot_other_readers_share(demo) -> None:
    svc, talks_id, _ = demo
    talks_document(svc, by(NORTH_HEAD), talks_id)
    with svc.unit_of_work() as uow:
        head = uow.record.head(talks_id)
        snapshot = svc.snapshots.get(talks_id, head)
        assert snapshot is not None
        people = seated_people(uow, snapshot)
    kept = facts(snapshot, people)
    for email in READERS:
        _every_read(svc, talks_id, by(email))
    assert svc.snapshots.get(talks_id, head) is snapshot
    assert facts(snapshot, people) == kept


def test_verification_and_export_read_the_store_and_not_the_snapshot(demo) -> None:
    svc, talks_id, _ = demo
    clarification.ask_clarification(
        svc, by(NORTH_HEAD), talks_id, **_anchor(svc, talks_id), question="As asked?"
    )
    assert "As asked?" in _questions(svc, talks_id)  # the snapshot now holds it
    assert verify_record(svc, OPERATOR, talks_id).problems == []
    with svc.unit_of_work() as uow:  # someone with the database rewrites the question
        uow.session.execute(  # type: ignore[attr-defined]
            update(clarifications)
            .where(clarifications.c.question == "As asked?")
            .values(question="As rewritten?")
        )
        uow.commit()
    assert verify_record(svc, OPERATOR, talks_id).problems != []
    exported = export_talks(svc, by(NORTH_HEAD), talks_id)["talks"]["clarifications"]
    assert "As rewritten?" in [c["question"] for c in exported]


def test_writers_to_one_talks_take_turns_and_all_land(demo) -> None:
    svc, talks_id, _ = demo
    anchor = _anchor(svc, talks_id)
    before = _questions(svc, talks_id)
    writers = 8
    barrier = threading.Barrier(writers, timeout=60)
    failures: list[BaseException] = []

    def ask(k: int) -> None:
        barrier.wait()
        try:
            clarification.ask_clarification(
                svc, by(NORTH_HEAD), talks_id, **anchor, question=f"In turn {k}?"
            )
        except BaseException as exc:  # every failure is reported below
            failures.append(exc)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    asked = _questions(svc, talks_id)[len(before) :]
    assert sorted(asked) == sorted(f"In turn {k}?" for k in range(writers))
    assert verify_record(svc, OPERATOR, talks_id).problems == []


def _stored_and_kept(svc: Services, talks_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts of the talks as loaded from the store, and of the snapshot kept at its head."""
    with svc.unit_of_work() as uow:
        head = uow.record.head(talks_id)
        stored = uow.talks.get(talks_id)
        people = seated_people(uow, stored)
        fresh = facts(stored, people)
    kept = svc.snapshots.get(talks_id, head)
    assert kept is not None, "the act kept the talks it stored"
    return fresh, facts(kept, people)


def test_the_talks_an_act_keeps_are_the_talks_it_stored(demo) -> None:
    svc, talks_id, _ = demo
    anchor = _anchor(svc, talks_id)
    clarification.ask_clarification(  # loads the talks, then keeps them
        svc, by(NORTH_HEAD), talks_id, **anchor, question="First of two?"
    )
    fresh, kept = _stored_and_kept(svc, talks_id)
    assert kept == fresh
    clarification.ask_clarification(  # takes up the kept talks instead of loading them
        svc, by(NORTH_HEAD), talks_id, **anchor, question="Second of two?"
    )
    fresh, kept = _stored_and_kept(svc, talks_id)
    assert kept == fresh
    assert _questions(svc, talks_id)[-2:] == ["First of two?", "Second of two?"]
    assert verify_record(svc, OPERATOR, talks_id).problems == []


def test_an_act_builds_again_only_the_parts_of_the_talks_it_changed(demo, monkeypatch) -> None:
    """Binding (services/binding.py) recomputes the facts of what an act changed, not of the
    whole talks; the test suite's audit (POURPARLER_AUDIT) checks them against the whole."""
    from pourparler.services import fact, memorandum

    svc, talks_id, _ = demo
    built: list[frozenset[str] | None] = []
    real = fact.fact_state

    def watched(talks, people, known=None, changed=None):  # type: ignore[no-untyped-def]
        if known is not None:  # the act's own binding, not the audit's whole facts
            built.append(None if changed is None else frozenset(changed))
        return real(talks, people, known, changed)

    monkeypatch.setattr("pourparler.services.binding.fact_state", watched)
    rows = reading.list_memoranda(svc, by(NORTH_HEAD), talks_id)
    memo = next(r["id"] for r in rows if r["own"])
    memorandum.save_memorandum(svc, by(NORTH_HEAD), talks_id, memo, sections=[], positions=[])
    body = {**_anchor(svc, talks_id), "question": "Which districts?"}
    clarification.ask_clarification(svc, by(NORTH_HEAD), talks_id, **body)
    assert built[-2:] == [frozenset({f"memorandum:{memo}"}), frozenset({"clarifications"})]
    assert verify_record(svc, OPERATOR, talks_id).problems == []


def test_every_head_an_act_announces_is_kept_or_withdrawn(demo) -> None:
    """A reader that finds an announced head waits for its talks (Snapshots.coming): every
    announcement must end, whether the act succeeds, is refused, or creates the talks."""
    from pourparler.services import memorandum, setup
    from pourparler.services.snapshot import Snapshots

    class Recording(Snapshots):
        def __init__(self) -> None:
            super().__init__()
            self.open: set[tuple[str, tuple[int, str]]] = set()

        def coming(self, talks_id: str, head: tuple[int, str]) -> None:
            self.open.add((talks_id, head))
            super().coming(talks_id, head)

        def withdraw(self, talks_id: str, head: tuple[int, str]) -> None:
            self.open.discard((talks_id, head))
            super().withdraw(talks_id, head)

    svc, talks_id, _ = demo
    recording = Recording()
    svc = replace(svc, snapshots=recording)
    setup.create_talks(svc, OPERATOR, title="Announced talks")
    rows = reading.list_memoranda(svc, by(NORTH_HEAD), talks_id)
    memo = next(r["id"] for r in rows if r["own"])
    memorandum.save_memorandum(svc, by(NORTH_HEAD), talks_id, memo, sections=[], positions=[])
    with pytest.raises(PourparlerError):
        memorandum.save_memorandum(svc, by(SOUTH_HEAD), talks_id, memo, sections=[], positions=[])
    assert recording.open == set()
    assert recording.get(talks_id, recording_head(svc, talks_id), wait=0) is not None


def recording_head(svc: Services, talks_id: str) -> tuple[int, str] | None:
    with svc.unit_of_work() as uow:
        return uow.record.head(talks_id)

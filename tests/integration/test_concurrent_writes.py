"""Two people acting on the same talks at the same instant: they take turns on the record's head,
so the second acts on what the first left, and nothing is lost or half-written. Should a writer
not take its turn, the record's unique sequence still lets only one of them win, and the other
is told to try again."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from pourparler import bootstrap
from pourparler.domain.error import Conflict
from pourparler.services import exchange
from pourparler.services.port import Services
from pourparler.services.view import talks_document
from pourparler.store.repository import SqlRecordRepository, SqlTalksRepository
from support.caller import OPERATOR, by
from support.process import exchanged
from support.world import NORTH_HEAD, SOUTH_HEAD, World, build_world


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    yield build_world(svc)
    svc.close()


def race(svc: Services, monkeypatch, *acts, turns: bool = True) -> list[BaseException | None]:
    """Run the acts in threads that all start at once: with `turns`, all of them reach the
    record's head before any takes its turn; without, writers skip their turn (as a writer
    that did not take it would) and all load the talks before any of them writes."""
    barrier = threading.Barrier(len(acts), timeout=20)

    def in_step() -> None:
        if threading.current_thread() is not threading.main_thread():
            barrier.wait()

    if turns:
        hold = SqlRecordRepository.hold

        def wait_then_hold(self, talks_id):  # type: ignore[no-untyped-def]
            in_step()
            hold(self, talks_id)

        monkeypatch.setattr(SqlRecordRepository, "hold", wait_then_hold)
    else:
        loaded = SqlTalksRepository.get

        def get_then_wait(self, talks_id):  # type: ignore[no-untyped-def]
            talks = loaded(self, talks_id)
            in_step()
            return talks

        adopted = SqlTalksRepository.adopt

        def adopt_then_wait(self, kept):  # type: ignore[no-untyped-def]
            talks = adopted(self, kept)  # the talks an earlier act kept, taken up
            in_step()
            return talks

        monkeypatch.setattr(SqlRecordRepository, "hold", lambda self, talks_id: None)
        monkeypatch.setattr(SqlTalksRepository, "get", get_then_wait)
        monkeypatch.setattr(SqlTalksRepository, "adopt", adopt_then_wait)
    outcomes: list[BaseException | None] = [None] * len(acts)

    def run(k: int) -> None:
        try:
            acts[k]()
        except BaseException as exc:
            outcomes[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(acts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    monkeypatch.undo()
    return outcomes


def _commit(world: World, exchange_id: str, who: str, memo: tuple[str, int]):  # type: ignore[no-untyped-def]
    return lambda: exchange.commit_document(
        world.svc, by(who), world.talks_id, exchange_id, memorandum_id=memo[0], version=memo[1]
    )


def test_simultaneous_commitments_take_turns_and_reveal(world: World, monkeypatch) -> None:
    exchange_id, north, south = exchanged(world)
    outcomes = race(
        world.svc,
        monkeypatch,
        _commit(world, exchange_id, NORTH_HEAD, north),
        _commit(world, exchange_id, SOUTH_HEAD, south),
    )
    assert outcomes == [None, None]
    doc = talks_document(world.svc, by(NORTH_HEAD), world.talks_id)
    assert len(doc["exchanges"][0]["commitments"]) == 2
    assert doc["exchanges"][0]["status"] == "revealed"
    from pourparler.services.verification import verify_record

    assert verify_record(world.svc, OPERATOR, world.talks_id).problems == []


def test_a_writer_that_skips_its_turn_collides_and_never_misses_the_reveal(
    world: World, monkeypatch
) -> None:
    exchange_id, north, south = exchanged(world)

    def commit(who: str, memo: tuple[str, int]):  # type: ignore[no-untyped-def]
        return _commit(world, exchange_id, who, memo)

    outcomes = race(
        world.svc,
        monkeypatch,
        commit(NORTH_HEAD, north),
        commit(SOUTH_HEAD, south),
        turns=False,
    )
    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 1, outcomes
    assert isinstance(failed[0], Conflict)
    assert "try again" in failed[0].message
    doc = talks_document(world.svc, by(NORTH_HEAD), world.talks_id)
    assert len(doc["exchanges"][0]["commitments"]) == 1
    assert doc["exchanges"][0]["status"] == "open"
    retry = commit(SOUTH_HEAD, south) if outcomes[1] is not None else commit(NORTH_HEAD, north)
    retry()
    doc = talks_document(world.svc, by(NORTH_HEAD), world.talks_id)
    assert doc["exchanges"][0]["status"] == "revealed"
    from pourparler.services.verification import verify_record

    assert verify_record(world.svc, OPERATOR, world.talks_id).problems == []

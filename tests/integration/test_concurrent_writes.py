"""Two people acting on the same talks at the same instant: one wins, the other is told to try
again, and nothing is lost or half-written. The record's unique sequence serialises writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from pourparler import bootstrap
from pourparler.domain.error import Conflict
from pourparler.services import exchange
from pourparler.services.port import Services
from pourparler.services.view import talks_document
from pourparler.store.repository import SqlTalksRepository
from support.caller import OPERATOR, by
from support.process import exchanged
from support.world import NORTH_HEAD, SOUTH_HEAD, World, build_world


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    yield build_world(svc)
    svc.close()


def race(svc: Services, monkeypatch, *acts) -> list[BaseException | None]:
    """Run the acts in threads that all load the talks before any of them writes."""
    barrier = threading.Barrier(len(acts), timeout=20)
    loaded = SqlTalksRepository.get

    def get_then_wait(self, talks_id):  # type: ignore[no-untyped-def]
        talks = loaded(self, talks_id)
        if threading.current_thread() is not threading.main_thread():
            barrier.wait()
        return talks

    monkeypatch.setattr(SqlTalksRepository, "get", get_then_wait)
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


def test_simultaneous_commitments_never_miss_the_reveal(world: World, monkeypatch) -> None:
    exchange_id, north, south = exchanged(world)

    def commit(who: str, memo: tuple[str, int]):  # type: ignore[no-untyped-def]
        return lambda: exchange.commit_document(
            world.svc, by(who), world.talks_id, exchange_id, memorandum_id=memo[0], version=memo[1]
        )

    outcomes = race(world.svc, monkeypatch, commit(NORTH_HEAD, north), commit(SOUTH_HEAD, south))
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

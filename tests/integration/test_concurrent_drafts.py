"""Twenty saves of one draft, all from the same ETag, at the same moment, through the HTTP app:
exactly one is kept, every other writer is told (412) that the draft changed under them, and
the record holds one save. Run on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pourparler import bootstrap
from pourparler.server.app import create_app
from pourparler.server.auth import caller
from pourparler.services import memorandum
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.verification import verify_record
from pourparler.store.repository import SqlRecordRepository
from support.caller import OPERATOR, by
from support.world import NORTH_DELEGATE, NORTH_HEAD, World, build_world

WRITERS = 20
GATHERED = 10  # fewer than the connection pool holds (10 + 30 overflow): each waits holding one


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    yield build_world(svc)
    svc.close()


def draft_of(k: int) -> dict[str, object]:
    return {"sections": [{"key": "intro", "heading": "Introduction", "body": f"draft {k}"}]}


def all_at_the_head_before_any_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first GATHERED writers wait for one another before they take their turn on the
    record's head, so that they all queue at once with the same ETag; the others go freely."""
    barrier = threading.Barrier(GATHERED, timeout=60)
    hold = SqlRecordRepository.hold
    count = iter(range(1_000_000))
    lock = threading.Lock()

    def wait_then_hold(self, talks_id):  # type: ignore[no-untyped-def]
        with lock:
            first = next(count) < GATHERED
        if first:
            barrier.wait()
        hold(self, talks_id)

    monkeypatch.setattr(SqlRecordRepository, "hold", wait_then_hold)


def save_all_at_once(svc: Services, path: str, etag: str) -> list[tuple[int, str]]:
    app = create_app(svc)
    app.dependency_overrides[caller] = lambda: Principal.named(NORTH_DELEGATE)
    outcomes: list[tuple[int, str]] = [(0, "")] * WRITERS

    def save(k: int) -> None:
        with TestClient(app) as client:
            response = client.put(path, json=draft_of(k), headers={"If-Match": etag})
            outcomes[k] = (response.status_code, response.headers.get("etag", ""))

    threads = [threading.Thread(target=save, args=(k,)) for k in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_twenty_simultaneous_saves_from_one_etag_keep_exactly_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = memorandum.create_memorandum(world.svc, by(NORTH_DELEGATE), world.talks_id, title="V")
    path = f"/api/talks/{world.talks_id}/memoranda/{memo.id}/draft"
    all_at_the_head_before_any_writes(monkeypatch)
    outcomes = save_all_at_once(world.svc, path, '"none"')
    monkeypatch.undo()

    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200] + [412] * (WRITERS - 1), outcomes
    winner = next(k for k, (status, _) in enumerate(outcomes) if status == 200)

    client = TestClient(create_app(world.svc))
    client.app.dependency_overrides[caller] = lambda: Principal.named(NORTH_HEAD)  # type: ignore[attr-defined]
    latest = client.get(f"/api/talks/{world.talks_id}/memoranda/{memo.id}")
    assert latest.status_code == 200
    assert latest.headers["etag"] == outcomes[winner][1]
    shown = latest.json()
    assert shown["version"] == 1
    assert shown["sections"] == draft_of(winner)["sections"]

    with world.svc.unit_of_work() as uow:
        saves = [
            e
            for e in uow.record.entries(world.talks_id)
            if e.act == "memorandum saved" and e.data.get("memorandum") == memo.id
        ]
    assert [e.data["version"] for e in saves] == [1]
    assert verify_record(world.svc, OPERATOR, world.talks_id).problems == []

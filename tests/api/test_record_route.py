"""GET /api/talks/{id}/record: pages by seq, each entry filtered for the caller exactly as the
talks export filters it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pourparler.services import note, profile
from pourparler.services.view import talks_document
from support.caller import by
from support.http import as_header
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_HEAD,
    World,
)

PROFILE = {
    "reservation": 0.25,
    "issues": [
        {"issue": "Geographic scope", "weight": 2, "ratings": {"Contact line only": 10}},
        {"issue": "Initial duration", "weight": 1, "curve": "rising"},
    ],
}


def _record(client: TestClient, world: World, who: str, **params: int) -> dict:
    answer = client.get(
        f"/api/talks/{world.talks_id}/record", params=params, headers=as_header(who)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_partys_private_act_reaches_another_party_only_as_a_stub(
    client: TestClient, world: World
) -> None:
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, PROFILE)
    north = _record(client, world, NORTH_HEAD, limit=500)["items"]
    south = _record(client, world, SOUTH_HEAD, limit=500)["items"]
    saved = next(e for e in north if e.get("act") == "profile saved")
    assert saved["party"] == world.north
    stub = next(e for e in south if e["seq"] == saved["seq"])
    assert stub == {
        "seq": saved["seq"],
        "prev_hash": saved["prev_hash"],
        "content_hash": saved["content_hash"],
        "hash": saved["hash"],
        "stub": True,
    }
    assert [e["seq"] for e in north] == [e["seq"] for e in south]


def test_every_role_reads_the_record_as_the_export_gives_it(
    client: TestClient, world: World
) -> None:
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, PROFILE)
    note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="NOTE-MARK-1")
    for who in (NORTH_HEAD, SOUTH_HEAD, MEDIATOR, OBSERVER, CLERK):
        items = _record(client, world, who, limit=500)["items"]
        assert items == talks_document(world.svc, by(who), world.talks_id)["record"], who


def test_pages_follow_the_seq(client: TestClient, world: World) -> None:
    whole = _record(client, world, NORTH_HEAD, limit=500)
    assert whole["next"] is None
    seqs = [e["seq"] for e in whole["items"]]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) > 4
    first = _record(client, world, NORTH_HEAD, limit=3)
    assert [e["seq"] for e in first["items"]] == [1, 2, 3]
    assert first["next"] == 3
    rest = _record(client, world, NORTH_HEAD, after=first["next"], limit=500)
    assert [e["seq"] for e in rest["items"]] == seqs[3:]
    assert _record(client, world, NORTH_HEAD, after=seqs[-1])["items"] == []


def test_bad_paging_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    for params, named in (
        ({"after": -1}, "after"),
        ({"limit": 0}, "limit"),
        ({"limit": "x"}, "limit"),
    ):
        answer = client.get(
            f"/api/talks/{world.talks_id}/record", params=params, headers=as_header(NORTH_HEAD)
        )
        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"
        assert named in answer.json()["detail"]


def test_no_seat_no_record(client: TestClient, world: World) -> None:
    from pourparler.services import account
    from support.caller import OPERATOR

    account.add_user(world.svc, OPERATOR, name="Olaf", email="out@example.org", password="x" * 12)
    seatless = client.get(
        f"/api/talks/{world.talks_id}/record", headers=as_header("out@example.org")
    )
    missing = client.get("/api/talks/no-such-talks/record", headers=as_header(NORTH_HEAD))
    assert seatless.status_code == missing.status_code == 404
    assert seatless.json() == missing.json()

"""Sealed exchanges over HTTP: who opens, commits, withdraws, reveals and closes; what each role
reads of a commitment before and after the reveal; offline verification of an export."""

from __future__ import annotations

import pytest

from pourparler.services.transfer import export_talks
from support.api_process import Api, same_refusal, sent
from support.caller import by
from support.memory import memory_services
from support.process import exchanged, scheduled_round
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    World,
    build_world,
)

EVERYONE = [
    NORTH_HEAD,
    NORTH_DELEGATE,
    NORTH_ADVISER,
    SOUTH_HEAD,
    SOUTH_DELEGATE,
    MEDIATOR,
    OBSERVER,
    CLERK,
]
NORTH_SECRET = f"Secret reasoning of {NORTH_HEAD}"


@pytest.fixture
def world() -> World:
    return build_world(memory_services()[0])


@pytest.fixture
def served(world: World) -> Api:
    return Api(world.svc, world.talks_id)


def committed(served: Api, who: str, exchange_id: str, memo: tuple[str, int]) -> dict:
    response = served.as_(who).post(
        served.path(f"/exchanges/{exchange_id}/commitments"),
        json={"memorandum_id": memo[0], "version": memo[1]},
    )
    return sent(response, 201)


def test_the_mediator_opens_an_exchange_that_everyone_seated_reads(
    world: World, served: Api
) -> None:
    round_id = scheduled_round(world)
    opening = {"round_id": round_id, "title": "Visions"}
    refused = served.as_(NORTH_HEAD).post(served.path("/exchanges"), json=opening)
    assert sent(refused, 403)["title"] == "Not allowed"
    opened = sent(served.as_(MEDIATOR).post(served.path("/exchanges"), json=opening), 201)
    assert opened["status"] == "open"
    assert opened["committed"] == []
    for who in EVERYONE:
        listed = sent(served.as_(who).get(served.path("/exchanges")), 200)
        assert [e["id"] for e in listed["items"]] == [opened["id"]]
        one = sent(served.as_(who).get(served.path(f"/exchanges/{opened['id']}")), 200)
        assert one["title"] == "Visions"


def test_opening_refuses_bad_input_naming_the_field(world: World, served: Api) -> None:
    round_id = scheduled_round(world)
    mediator = served.as_(MEDIATOR)
    bad_policy = mediator.post(
        served.path("/exchanges"), json={"round_id": round_id, "title": "T", "policy": "never"}
    )
    assert "policy" in sent(bad_policy, 422)["detail"]
    no_title = mediator.post(served.path("/exchanges"), json={"round_id": round_id})
    assert "title" in sent(no_title, 422)["detail"]
    no_round = mediator.post(served.path("/exchanges"), json={"round_id": "nosuch", "title": "T"})
    assert no_round.status_code == 404


@pytest.mark.parametrize(
    ("deadline", "said"),
    [
        (
            "2026-03-20",
            "a date without a time of day: write the time too, such as 2026-03-20T10:00",
        ),
        ("2026-03-20T18:00", "no offset: write it with one, such as 2027-03-16T18:00+01:00"),
        (1773932400, "an ISO string"),
        ("Friday evening", "not a date-time"),
    ],
)
def test_a_deadline_is_taken_only_as_written_in_full(
    world: World, served: Api, deadline: object, said: str
) -> None:
    opening = {"round_id": scheduled_round(world), "title": "T", "policy": "at_deadline"}
    mediator = served.as_(MEDIATOR)
    refused = sent(
        mediator.post(served.path("/exchanges"), json={**opening, "deadline": deadline}), 422
    )
    assert refused["errors"] == [{"field": "deadline", "problem": refused["errors"][0]["problem"]}]
    assert refused["detail"].startswith("deadline: ")
    assert said in refused["detail"]
    assert sent(mediator.get(served.path("/exchanges")), 200)["total"] == 0
    full = {**opening, "deadline": "2026-03-20T18:00+01:00"}
    opened = sent(mediator.post(served.path("/exchanges"), json=full), 201)
    assert opened["status"] == "open"


def test_before_the_reveal_others_read_only_the_commitment(world: World, served: Api) -> None:
    exchange_id, north, _ = exchanged(world)
    state = committed(served, NORTH_HEAD, exchange_id, north)
    assert state["committed"] == [world.north]
    for who in EVERYONE:
        answer = served.as_(who).get(served.path(f"/exchanges/{exchange_id}"))
        (commitment,) = sent(answer, 200)["commitments"]
        assert commitment["digest"]
        own = who.startswith("north.")
        assert ("document" in commitment) is own, who
        assert ("salt" in commitment) is own, who
        assert (NORTH_SECRET in answer.text) is own, who


def test_only_the_head_commits_and_only_the_own_party_s_memorandum(
    world: World, served: Api
) -> None:
    exchange_id, north, _ = exchanged(world)
    path = served.path(f"/exchanges/{exchange_id}/commitments")
    body = {"memorandum_id": north[0], "version": north[1]}
    assert sent(served.as_(NORTH_DELEGATE).post(path, json=body), 403)["status"] == 403
    same_refusal(
        served.as_(SOUTH_HEAD).post(path, json=body),
        served.as_(SOUTH_HEAD).post(path, json={**body, "memorandum_id": "nosuchmemo"}),
    )
    bad = served.as_(NORTH_HEAD).post(path, json={**body, "version": "first"})
    assert "version" in sent(bad, 422)["detail"]


def test_a_head_withdraws_the_party_s_commitment_before_the_reveal(
    world: World, served: Api
) -> None:
    exchange_id, north, _ = exchanged(world)
    committed(served, NORTH_HEAD, exchange_id, north)
    mine = served.path(f"/exchanges/{exchange_id}/commitments/mine")
    assert sent(served.as_(NORTH_DELEGATE).delete(mine), 403)["status"] == 403
    withdrawn = served.as_(NORTH_HEAD).delete(mine)
    assert withdrawn.status_code == 204
    assert withdrawn.content == b""
    shown = sent(served.as_(SOUTH_HEAD).get(served.path(f"/exchanges/{exchange_id}")), 200)
    assert shown["commitments"][0]["withdrawn_at"] is not None
    again = served.as_(NORTH_HEAD).delete(mine)
    assert again.status_code in (404, 409), again.text
    assert again.headers["content-type"] == "application/problem+json"


def test_the_last_commitment_reveals_to_every_reader_of_content(world: World, served: Api) -> None:
    exchange_id, north, south = exchanged(world)
    committed(served, NORTH_HEAD, exchange_id, north)
    state = committed(served, SOUTH_HEAD, exchange_id, south)
    assert state["status"] == "revealed"
    for who in (SOUTH_DELEGATE, MEDIATOR, OBSERVER):
        answer = served.as_(who).get(served.path(f"/exchanges/{exchange_id}"))
        assert all("document" in c for c in sent(answer, 200)["commitments"])
        assert NORTH_SECRET in answer.text
    clerk = served.as_(CLERK).get(served.path(f"/exchanges/{exchange_id}"))
    assert all("document" not in c for c in sent(clerk, 200)["commitments"])
    assert NORTH_SECRET not in clerk.text


def test_the_mediator_reveals_when_due_and_closes_before_the_reveal(
    world: World, served: Api
) -> None:
    exchange_id, north, _ = exchanged(world)
    committed(served, NORTH_HEAD, exchange_id, north)
    reveal = served.path(f"/exchanges/{exchange_id}/reveal")
    closing = served.path(f"/exchanges/{exchange_id}/closing")
    assert sent(served.as_(NORTH_HEAD).post(reveal), 403)["status"] == 403
    early = served.as_(MEDIATOR).post(reveal)
    assert early.status_code == 409, early.text
    assert sent(served.as_(SOUTH_HEAD).post(closing), 403)["status"] == 403
    closed = sent(served.as_(MEDIATOR).post(closing), 200)
    assert closed["status"] == "closed"
    shown = served.as_(SOUTH_HEAD).get(served.path(f"/exchanges/{exchange_id}"))
    assert NORTH_SECRET not in shown.text


def test_an_export_s_revealed_exchange_verifies_offline(world: World, served: Api) -> None:
    exchange_id, north, south = exchanged(world)
    committed(served, NORTH_HEAD, exchange_id, north)
    committed(served, SOUTH_HEAD, exchange_id, south)
    document = export_talks(world.svc, by(OBSERVER), world.talks_id)
    client = served.as_(CLERK)
    checked = client.post(
        "/api/exchanges/verification", json={"document": document, "exchange_id": exchange_id}
    )
    found = sent(checked, 200)
    assert sorted(c["party"] for c in found["commitments"]) == ["Northland", "Southland"]
    assert all(c["verified"] for c in found["commitments"])
    exchange = next(e for e in document["talks"]["exchanges"] if e["id"] == exchange_id)
    exchange["commitments"][0]["document"] += " "
    tampered = client.post(
        "/api/exchanges/verification", json={"document": document, "exchange_id": exchange_id}
    )
    assert sent(tampered, 409)["title"] == "Verification failed"
    missing = client.post("/api/exchanges/verification", json={"document": document})
    assert "exchange_id" in sent(missing, 422)["detail"]

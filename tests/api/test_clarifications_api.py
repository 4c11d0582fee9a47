"""Clarifications over HTTP: parties ask about a revealed document and answer, the asking party
or the mediator closes, everyone seated reads, the secretariat sees metadata, filters work."""

from __future__ import annotations

import pytest

from support.api_process import Api, sent
from support.memory import memory_services
from support.process import commit, exchanged
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

QUESTION = "What does the introduction mean by 'reasoning'?"


@pytest.fixture
def world() -> World:
    return build_world(memory_services()[0])


@pytest.fixture
def served(world: World) -> Api:
    return Api(world.svc, world.talks_id)


@pytest.fixture
def revealed(world: World) -> tuple[str, int]:
    """Both documents revealed; returns Northland's memorandum (id, version)."""
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    return north


def asked(served: Api, north: tuple[str, int], who: str = SOUTH_DELEGATE) -> str:
    body = {
        "memorandum_id": north[0],
        "version": north[1],
        "anchor": "section",
        "key": "intro",
        "question": QUESTION,
    }
    return str(sent(served.as_(who).post(served.path("/clarifications"), json=body), 201)["id"])


def test_a_party_asks_the_other_answers_and_the_asker_closes(
    served: Api, revealed: tuple[str, int]
) -> None:
    question = asked(served, revealed)
    answer = served.path(f"/clarifications/{question}/answer")
    by_asker = served.as_(SOUTH_HEAD).post(answer, json={"answer": "No."})
    assert "only the party whose document it is" in sent(by_asker, 409)["detail"]
    given = sent(served.as_(NORTH_DELEGATE).post(answer, json={"answer": "Our view."}), 200)
    assert given["status"] == "answered"
    closing = served.path(f"/clarifications/{question}/closing")
    assert sent(served.as_(NORTH_HEAD).post(closing), 403)["status"] == 403
    assert sent(served.as_(SOUTH_HEAD).post(closing), 200)["status"] == "closed"


@pytest.mark.parametrize("who", [NORTH_ADVISER, MEDIATOR, OBSERVER, CLERK])
def test_those_who_write_nothing_binding_may_not_ask(
    served: Api, revealed: tuple[str, int], who: str
) -> None:
    body = {
        "memorandum_id": revealed[0],
        "version": revealed[1],
        "anchor": "section",
        "key": "intro",
        "question": QUESTION,
    }
    refused = served.as_(who).post(served.path("/clarifications"), json=body)
    assert refused.status_code == 403, refused.text
    assert QUESTION not in refused.text


def test_the_mediator_closes_any_clarification(served: Api, revealed: tuple[str, int]) -> None:
    question = asked(served, revealed)
    closed = served.as_(MEDIATOR).post(served.path(f"/clarifications/{question}/closing"))
    assert sent(closed, 200)["status"] == "closed"


def test_everyone_seated_reads_and_the_secretariat_sees_metadata(
    served: Api, revealed: tuple[str, int]
) -> None:
    asked(served, revealed)
    for who in (NORTH_HEAD, NORTH_ADVISER, SOUTH_HEAD, MEDIATOR, OBSERVER):
        listed = sent(served.as_(who).get(served.path("/clarifications")), 200)
        (found,) = listed["items"]
        assert found["question"] == QUESTION
        assert found["anchor_name"] == "section 'Introduction'"
    clerk = served.as_(CLERK).get(served.path("/clarifications"))
    (found,) = sent(clerk, 200)["items"]
    assert "question" not in found
    assert "answer" not in found
    assert QUESTION not in clerk.text
    assert "Introduction" not in clerk.text


def test_the_list_filters_by_status_and_anchor(
    world: World, served: Api, revealed: tuple[str, int]
) -> None:
    first = asked(served, revealed)
    second = asked(served, revealed, SOUTH_HEAD)
    served.as_(NORTH_HEAD).post(
        served.path(f"/clarifications/{first}/answer"), json={"answer": "Yes"}
    )
    client = served.as_(OBSERVER)

    def ids(query: str) -> list[str]:
        found = sent(client.get(served.path(f"/clarifications?{query}")), 200)
        return [c["id"] for c in found["items"]]

    assert ids("status=open") == [second]
    assert ids("status=answered") == [first]
    assert ids("status=closed") == []
    assert ids("anchor=section") == [first, second]
    assert ids("anchor=section:intro") == [first, second]
    assert ids("anchor=section:other") == []
    assert ids("anchor=position") == []
    assert ids(f"memorandum={revealed[0]}&limit=1") == [first]
    bad_status = client.get(served.path("/clarifications?status=pending"))
    assert "status" in sent(bad_status, 422)["detail"]
    bad_anchor = client.get(served.path("/clarifications?anchor=paragraph"))
    assert "anchor" in sent(bad_anchor, 422)["detail"]


def test_asking_refuses_bad_input_naming_the_field(served: Api, revealed: tuple[str, int]) -> None:
    client = served.as_(SOUTH_DELEGATE)
    body = {
        "memorandum_id": revealed[0],
        "version": revealed[1],
        "anchor": "paragraph",
        "key": "intro",
        "question": QUESTION,
    }
    assert "anchor" in sent(client.post(served.path("/clarifications"), json=body), 422)["detail"]
    empty = {**body, "anchor": "section", "question": ""}
    assert (
        "question" in sent(client.post(served.path("/clarifications"), json=empty), 422)["detail"]
    )
    nowhere = {**body, "anchor": "section", "key": "no-such-section"}
    refused = client.post(served.path("/clarifications"), json=nowhere)
    assert sent(refused, 422)["title"] == "Invalid input"


def test_a_draft_cannot_be_asked_about(world: World, served: Api) -> None:
    north = served.as_(NORTH_HEAD).post(served.path("/memoranda"), json={"title": "Private"})
    memo = sent(north, 201)["id"]
    body = {
        "memorandum_id": memo,
        "version": 1,
        "anchor": "section",
        "key": "intro",
        "question": QUESTION,
    }
    hidden = served.as_(SOUTH_HEAD).post(served.path("/clarifications"), json=body)
    missing = served.as_(SOUTH_HEAD).post(
        served.path("/clarifications"), json={**body, "memorandum_id": "nosuchmemo"}
    )
    assert hidden.status_code == 404
    assert hidden.json() == missing.json()

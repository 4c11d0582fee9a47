"""The single negotiating text over HTTP: the mediator starts and revises it with If-Match
(428, 412), everyone seated reads it, the secretariat sees metadata, parties accept by hash."""

from __future__ import annotations

import pytest

from support.api_process import Api, sent
from support.memory import memory_services
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_HEAD,
    World,
    build_world,
)

CLAUSES = [
    {"key": "scope", "heading": "Scope", "text": "The ceasefire covers the contact line."},
    {
        "key": "start",
        "heading": "Start",
        "status": "bracketed",
        "alternatives": [
            {"parties": ["Northland"], "text": "Within 30 days."},
            {"parties": ["Southland"], "text": "Within 90 days."},
        ],
    },
]


@pytest.fixture
def world() -> World:
    return build_world(memory_services()[0])


@pytest.fixture
def served(world: World) -> Api:
    return Api(world.svc, world.talks_id)


def started(served: Api) -> str:
    response = served.as_(MEDIATOR).post(served.path("/text"), json={"title": "Draft agreement"})
    sent(response, 201)
    return response.headers["etag"]


def revised(served: Api, etag: str, clauses: list | None = None) -> str:
    response = served.as_(MEDIATOR).put(
        served.path("/text"), json=clauses or CLAUSES, headers={"If-Match": etag}
    )
    sent(response, 200)
    return response.headers["etag"]


def test_the_mediator_starts_and_revises_the_text_with_its_etag(served: Api) -> None:
    etag = started(served)
    current = served.as_(OBSERVER).get(served.path("/text"))
    assert current.headers["etag"] == etag
    assert sent(current, 200)["current"] == 1
    newer = revised(served, etag)
    assert newer != etag
    shown = served.as_(NORTH_ADVISER).get(served.path("/text"))
    assert shown.headers["etag"] == newer
    body = sent(shown, 200)
    assert body["current"] == 2
    assert [c["key"] for c in body["version"]["clauses"]] == ["scope", "start"]
    assert f'"{body["version"]["hash"]}"' == newer
    first = sent(served.as_(SOUTH_HEAD).get(served.path("/text/versions/1")), 200)
    assert first["version"]["number"] == 1


def test_a_revision_without_if_match_gets_428_and_a_stale_one_412(served: Api) -> None:
    etag = started(served)
    mediator = served.as_(MEDIATOR)
    missing = mediator.put(served.path("/text"), json=CLAUSES)
    assert sent(missing, 428)["title"] == "If-Match required"
    revised(served, etag)
    stale = mediator.put(served.path("/text"), json=CLAUSES[:1], headers={"If-Match": etag})
    assert sent(stale, 412)["status"] == 412
    shown = sent(mediator.get(served.path("/text")), 200)
    assert shown["current"] == 2
    assert len(shown["version"]["clauses"]) == 2


@pytest.mark.parametrize("who", [NORTH_HEAD, NORTH_DELEGATE, OBSERVER, CLERK])
def test_only_the_mediator_keeps_the_text(served: Api, who: str) -> None:
    refused = served.as_(who).post(served.path("/text"), json={"title": "Mine"})
    assert sent(refused, 403)["status"] == 403
    etag = started(served)
    revision = served.as_(who).put(served.path("/text"), json=CLAUSES, headers={"If-Match": etag})
    assert sent(revision, 403)["status"] == 403


def test_the_secretariat_sees_the_text_s_metadata_only(served: Api) -> None:
    revised(served, started(served))
    clerk = served.as_(CLERK)
    shown = clerk.get(served.path("/text"))
    version = sent(shown, 200)["version"]
    assert "clauses" not in version
    assert version["hash"]
    assert "contact line" not in shown.text
    assert sent(clerk.get(served.path("/text/markdown")), 403)["status"] == 403
    assert sent(clerk.get(served.path("/text/diff?from=1&to=2")), 403)["status"] == 403


def test_markdown_and_diff_show_the_brackets(served: Api) -> None:
    revised(served, started(served))
    observer = served.as_(OBSERVER)
    markdown = observer.get(served.path("/text/markdown"))
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Within 30 days." in markdown.text
    assert "Northland" in markdown.text
    diff = sent(observer.get(served.path("/text/diff?from=1&to=2")), 200)
    assert diff["from"] == 1
    assert "+" in diff["diff"]
    assert "Within 90 days." in diff["diff"]
    assert "from" in sent(observer.get(served.path("/text/diff?to=2")), 422)["detail"]


def test_the_parties_accept_one_version_and_reach_agreement(served: Api) -> None:
    settled = [{**CLAUSES[0], "status": "agreed ad referendum"}]
    etag = revised(served, started(served), settled)
    version_hash = etag.strip('"')
    accept = served.path("/text/acceptances")
    body = {"version_hash": version_hash}
    assert sent(served.as_(NORTH_DELEGATE).post(accept, json=body), 403)["status"] == 403
    assert sent(served.as_(MEDIATOR).post(accept, json=body), 403)["status"] == 403
    assert sent(served.as_(NORTH_HEAD).post(accept, json=body), 200) == {"agreed": False}
    shown = sent(served.as_(OBSERVER).get(served.path("/text")), 200)
    assert [a["hash"] for a in shown["acceptances"]] == [version_hash]
    assert sent(served.as_(SOUTH_HEAD).post(accept, json=body), 200) == {"agreed": True}


def test_text_input_errors_name_the_field(served: Api) -> None:
    etag = started(served)
    mediator = served.as_(MEDIATOR)
    no_heading = mediator.put(
        served.path("/text"), json=[{"key": "scope"}], headers={"If-Match": etag}
    )
    assert "heading" in sent(no_heading, 422)["detail"]
    not_a_list = mediator.put(served.path("/text"), json={"key": "x"}, headers={"If-Match": etag})
    assert sent(not_a_list, 422)["title"] == "Invalid input"
    short = served.as_(NORTH_HEAD).post(
        served.path("/text/acceptances"), json={"version_hash": "ab"}
    )
    assert "version_hash" in sent(short, 422)["detail"]
    unknown = mediator.put(
        served.path("/text"),
        json=[{"key": "k", "heading": "H", "issues": ["No such issue"]}],
        headers={"If-Match": etag},
    )
    assert sent(unknown, 422)["title"] == "Invalid input"
    assert sent(mediator.get(served.path("/text/versions/9")), 404)["status"] == 404


def test_a_talks_without_text_answers_404(served: Api) -> None:
    assert sent(served.as_(OBSERVER).get(served.path("/text")), 404)["status"] == 404
    missing = served.as_(MEDIATOR).put(
        served.path("/text"), json=CLAUSES, headers={"If-Match": "x"}
    )
    assert missing.status_code == 404

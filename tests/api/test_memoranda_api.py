"""Memoranda over HTTP: the own party drafts with If-Match, nobody else learns a draft exists,
sharing lets the mediator read one version, and bad input is named."""

from __future__ import annotations

import pytest

from pourparler.services import account
from support.api_process import Api, same_refusal, sent
from support.caller import OPERATOR
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

STRANGER = "stranger@example.org"
OUTSIDERS = [SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER, CLERK]
DRAFT = {
    "sections": [{"key": "intro", "heading": "Introduction", "body": "Our secret reasoning"}],
    "positions": [{"issue": "Geographic scope", "asked_options": ["Contact line only"]}],
}


@pytest.fixture
def world() -> World:
    return build_world(memory_services()[0])


@pytest.fixture
def served(world: World) -> Api:
    return Api(world.svc, world.talks_id)


def started(served: Api, who: str = NORTH_DELEGATE) -> str:
    body = sent(served.as_(who).post(served.path("/memoranda"), json={"title": "Our vision"}), 201)
    return str(body["id"])


def saved(served: Api, memo: str, etag: str, body: dict | None = None) -> str:
    response = served.as_(NORTH_DELEGATE).put(
        served.path(f"/memoranda/{memo}/draft"), json=body or DRAFT, headers={"If-Match": etag}
    )
    sent(response, 200)
    return response.headers["etag"]


def test_a_delegate_starts_reads_and_saves_a_draft_with_its_etag(served: Api) -> None:
    client = served.as_(NORTH_DELEGATE)
    answer = client.post(served.path("/memoranda"), json={"title": "Our vision"})
    assert sent(answer, 201)["title"] == "Our vision"
    assert answer.headers["etag"] == '"none"'
    memo = answer.json()["id"]
    empty = client.get(served.path(f"/memoranda/{memo}"))
    assert sent(empty, 200)["version"] is None
    assert empty.headers["etag"] == '"none"'
    etag = saved(served, memo, '"none"')
    latest = client.get(served.path(f"/memoranda/{memo}"))
    shown = sent(latest, 200)
    assert latest.headers["etag"] == etag == f'"{shown["version_id"]}"'
    assert shown["version"] == 1
    assert shown["sections"][0]["body"] == "Our secret reasoning"
    assert shown["positions"][0]["issue"] == "Geographic scope"
    one = sent(client.get(served.path(f"/memoranda/{memo}/versions/1")), 200)
    assert one["state"] == "draft"
    listed = sent(served.as_(NORTH_ADVISER).get(served.path("/memoranda")), 200)
    assert [m["id"] for m in listed["items"]] == [memo]
    assert listed["total"] == 1


def test_a_save_without_if_match_is_refused_with_428_and_stores_nothing(served: Api) -> None:
    memo = started(served)
    refused = served.as_(NORTH_DELEGATE).put(served.path(f"/memoranda/{memo}/draft"), json=DRAFT)
    assert sent(refused, 428)["title"] == "If-Match required"
    assert refused.headers["content-type"] == "application/problem+json"
    shown = sent(served.as_(NORTH_DELEGATE).get(served.path(f"/memoranda/{memo}")), 200)
    assert shown["version"] is None


def test_a_save_from_a_replaced_version_is_refused_with_412(served: Api) -> None:
    memo = started(served)
    first = saved(served, memo, '"none"')
    saved(served, memo, first, {"sections": [{"key": "a", "heading": "Head's", "body": "b"}]})
    stale = served.as_(NORTH_HEAD).put(
        served.path(f"/memoranda/{memo}/draft"), json=DRAFT, headers={"If-Match": first}
    )
    assert sent(stale, 412)["status"] == 412
    assert "Head's" not in stale.text
    latest = sent(served.as_(NORTH_HEAD).get(served.path(f"/memoranda/{memo}")), 200)
    assert latest["version"] == 2
    assert latest["sections"][0]["heading"] == "Head's"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_draft_is_answered_to_anyone_else_exactly_as_a_missing_one(served: Api, who: str) -> None:
    memo = started(served)
    etag = saved(served, memo, '"none"')
    client = served.as_(who)
    for tail in ("", "/versions/1", "/diff?from=1&to=2"):
        same_refusal(
            client.get(served.path(f"/memoranda/{memo}{tail}")),
            client.get(served.path(f"/memoranda/nosuchmemo{tail}")),
        )
    for method, tail, body in (
        ("PUT", "/draft", DRAFT),
        ("POST", "/versions/1/sharing", None),
    ):
        same_refusal(
            client.request(
                method,
                served.path(f"/memoranda/{memo}{tail}"),
                json=body,
                headers={"If-Match": etag},
            ),
            client.request(
                method,
                served.path(f"/memoranda/nosuchmemo{tail}"),
                json=body,
                headers={"If-Match": etag},
            ),
        )
    listed = sent(client.get(served.path("/memoranda")), 200)
    assert listed["items"] == []
    assert "secret" not in client.get(served.path(f"/memoranda/{memo}")).text


@pytest.mark.parametrize("who", [NORTH_ADVISER, MEDIATOR, OBSERVER, CLERK])
def test_only_a_party_s_writers_start_a_memorandum(served: Api, who: str) -> None:
    refused = served.as_(who).post(served.path("/memoranda"), json={"title": "Mine"})
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == "application/problem+json"


def test_an_adviser_reads_the_draft_but_may_not_save_it(served: Api) -> None:
    memo = started(served)
    etag = saved(served, memo, '"none"')
    adviser = served.as_(NORTH_ADVISER)
    assert sent(adviser.get(served.path(f"/memoranda/{memo}")), 200)["version"] == 1
    refused = adviser.put(
        served.path(f"/memoranda/{memo}/draft"), json=DRAFT, headers={"If-Match": etag}
    )
    assert sent(refused, 403)["title"] == "Not allowed"


def test_bad_input_is_refused_with_422_naming_the_field(served: Api) -> None:
    memo = started(served)
    client = served.as_(NORTH_DELEGATE)
    missing = client.put(
        served.path(f"/memoranda/{memo}/draft"),
        json={"sections": [{"key": "intro", "body": "x"}]},
        headers={"If-Match": '"none"'},
    )
    assert "sections.0.heading" in sent(missing, 422)["detail"]
    unknown = client.put(
        served.path(f"/memoranda/{memo}/draft"),
        json={"sections": [], "extra": 1},
        headers={"If-Match": '"none"'},
    )
    assert "extra" in sent(unknown, 422)["detail"]
    no_title = client.post(served.path("/memoranda"), json={"title": ""})
    assert "title" in sent(no_title, 422)["detail"]
    bad_issue = client.put(
        served.path(f"/memoranda/{memo}/draft"),
        json={"positions": [{"issue": "No such issue", "asked_options": ["x"]}]},
        headers={"If-Match": '"none"'},
    )
    assert sent(bad_issue, 422)["detail"] == "no issue 'No such issue' in the framework"
    no_issue = client.put(
        served.path(f"/memoranda/{memo}/draft"),
        json={"positions": [{"asked_options": ["x"]}]},
        headers={"If-Match": '"none"'},
    )
    said = sent(no_issue, 422)["detail"]
    assert said.startswith("positions.0: a position names its issue")  # no "Value error, "
    as_text = client.put(
        served.path(f"/memoranda/{memo}/draft"),
        content=b'{"sections": []}',
        headers={"If-Match": '"none"', "Content-Type": "text/plain"},
    )
    assert "Content-Type: application/json" in sent(as_text, 415)["detail"]
    anything = client.put(
        served.path(f"/memoranda/{memo}/draft"), json=DRAFT, headers={"If-Match": "*"}
    )
    assert "ETag" in sent(anything, 428)["detail"]
    bad_version = client.get(served.path(f"/memoranda/{memo}/versions/zero"))
    assert "number" in sent(bad_version, 422)["detail"]
    no_from = client.get(served.path(f"/memoranda/{memo}/diff?to=2"))
    assert "from" in sent(no_from, 422)["detail"]


def test_the_head_shares_one_version_with_the_mediator_alone(served: Api) -> None:
    memo = started(served)
    first = saved(served, memo, '"none"')
    saved(served, memo, first, {"sections": [{"key": "b", "heading": "Later", "body": "v2"}]})
    path = served.path(f"/memoranda/{memo}/versions/1/sharing")
    assert sent(served.as_(NORTH_DELEGATE).post(path), 403)["status"] == 403
    assert sent(served.as_(NORTH_HEAD).post(path), 200)["shared_with_mediator"] is True
    mediator = served.as_(MEDIATOR)
    latest = mediator.get(served.path(f"/memoranda/{memo}"))
    assert sent(latest, 200)["version"] == 1
    assert latest.headers["etag"] == first
    assert sent(mediator.get(served.path(f"/memoranda/{memo}/versions/1")), 200)["version"] == 1
    same_refusal(
        mediator.get(served.path(f"/memoranda/{memo}/versions/2")),
        mediator.get(served.path(f"/memoranda/{memo}/versions/3")),
    )
    same_refusal(
        served.as_(SOUTH_HEAD).get(served.path(f"/memoranda/{memo}/versions/1")),
        served.as_(SOUTH_HEAD).get(served.path(f"/memoranda/{memo}/versions/3")),
    )


def test_the_diff_names_what_changed_between_two_versions(served: Api) -> None:
    memo = started(served)
    first = saved(served, memo, '"none"')
    changed = {
        **DRAFT,
        "sections": [{"key": "intro", "heading": "Introduction", "body": "Rewritten"}],
    }
    saved(served, memo, first, changed)
    diff = sent(
        served.as_(NORTH_ADVISER).get(served.path(f"/memoranda/{memo}/diff?from=1&to=2")), 200
    )
    assert diff["from"] == 1
    assert diff["to"] == 2
    changes = [(c["part"], c["name"], c["change"]) for c in diff["changes"]]
    assert changes == [
        ("section", "Introduction", "changed"),
        ("position", "Geographic scope", "unchanged"),
    ]


def test_the_comparison_shows_revealed_documents_to_the_observer(world: World, served: Api) -> None:
    exchange_id, north, south = exchanged(world)
    refused = served.as_(OBSERVER).get(served.path("/comparison"))
    assert sent(refused, 422)["title"] == "Invalid input"
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    found = sent(served.as_(OBSERVER).get(served.path("/comparison")), 200)
    assert found["columns"] == ["Northland v1", "Southland v1"]
    scope = next(i for i in found["issues"] if i["issue"] == "Geographic scope")
    assert scope["standing"] == "compatible"
    assert scope["overlap"] == "Contested districts"
    clerk = sent(served.as_(CLERK).get(served.path("/comparison")), 403)
    assert "metadata only" in clerk["detail"]
    assert "Contested" not in str(clerk)


@pytest.mark.parametrize(
    "tail",
    ["/memoranda", "/comparison", "/exchanges", "/clarifications", "/text", "/text/markdown"],
)
def test_someone_without_a_seat_learns_nothing_of_the_talks(
    world: World, served: Api, tail: str
) -> None:
    account.add_user(
        world.svc, OPERATOR, name="Stranger", email=STRANGER, password="correct horse battery"
    )
    client = served.as_(STRANGER)
    same_refusal(client.get(served.path(tail)), client.get(f"/api/talks/nosuchtalks{tail}"))

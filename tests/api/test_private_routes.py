"""Mediator notes, profiles, consent, analyses and secret bids over HTTP: each reaches only
whom the "who sees what" table names, and refusals say nothing of what exists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pourparler.services import account, note
from support.caller import OPERATOR, by
from support.http import as_header
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
)

NORTH_MARK = 0.3141  # North's reservation: appears nowhere else
NORTH_PROFILE = {
    "reservation": NORTH_MARK,
    "issues": [
        {"issue": "Geographic scope", "weight": 2, "ratings": {"Contact line only": 10}},
        {"issue": "Initial duration", "weight": 1, "curve": "rising"},
    ],
}
SOUTH_PROFILE = {
    "reservation": 0.2718,
    "issues": [
        {"issue": "Geographic scope", "weight": 3, "ratings": {"Entire territory": 10}},
        {"issue": "Initial duration", "weight": 1, "curve": "falling"},
    ],
}
NOT_FOUND = {
    "type": "about:blank",
    "title": "Not found",
    "status": 404,
    "detail": "nothing here that you may see",
}


def _url(world: World, tail: str) -> str:
    return f"/api/talks/{world.talks_id}/{tail}"


def _missing(client: TestClient, method: str, tail: str, who: str, **kwargs: object):
    return client.request(
        method, f"/api/talks/no-such-talks/{tail}", headers=as_header(who), **kwargs
    )


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_DELEGATE, OBSERVER, CLERK])
def test_notes_answer_others_exactly_as_missing_talks(
    client: TestClient, world: World, who: str
) -> None:
    written = note.write_note(world.svc, by(MEDIATOR), world.talks_id, text="NOTE-MARK-7")
    for method, tail, body in (
        ("GET", "notes", None),
        ("POST", "notes", {"text": "a note"}),
        ("DELETE", f"notes/{written.id}", None),
    ):
        answer = client.request(method, _url(world, tail), headers=as_header(who), json=body)
        missing = _missing(client, method, tail, who, json=body)
        assert answer.status_code == missing.status_code == 404, (method, tail)
        assert answer.json() == missing.json() == NOT_FOUND
        assert "NOTE-MARK-7" not in answer.text
    assert [n["text"] for n in note.list_notes(world.svc, by(MEDIATOR), world.talks_id)] == [
        "NOTE-MARK-7"
    ]


def test_the_mediator_writes_lists_and_deletes_notes(client: TestClient, world: World) -> None:
    me = as_header(MEDIATOR)
    made = client.post(_url(world, "notes"), json={"text": "Watch the scope"}, headers=me)
    assert made.status_code == 201, made.text
    assert made.json()["text"] == "Watch the scope"
    listed = client.get(_url(world, "notes"), headers=me).json()
    assert listed["total"] == 1
    assert listed["items"] == [made.json()]
    assert client.delete(_url(world, f"notes/{made.json()['id']}"), headers=me).status_code == 204
    assert client.get(_url(world, "notes"), headers=me).json()["items"] == []


def test_a_note_request_with_unknown_fields_is_refused(client: TestClient, world: World) -> None:
    answer = client.post(
        _url(world, "notes"), json={"text": "x", "colour": "red"}, headers=as_header(MEDIATOR)
    )
    assert answer.status_code == 422
    assert "colour" in answer.json()["detail"]
    empty = client.post(_url(world, "notes"), json={"text": ""}, headers=as_header(MEDIATOR))
    assert empty.status_code == 422
    assert "text" in empty.json()["detail"]


def test_a_profile_is_read_by_its_own_party_alone(client: TestClient, world: World) -> None:
    kept = client.put(_url(world, "profile"), json=NORTH_PROFILE, headers=as_header(NORTH_DELEGATE))
    assert kept.status_code == 200, kept.text
    assert kept.json()["reservation"] == NORTH_MARK
    assert kept.json()["party"] == world.north
    for who in (NORTH_HEAD, NORTH_ADVISER):
        mine = client.get(_url(world, "profile"), headers=as_header(who))
        assert mine.status_code == 200
        assert mine.json() == kept.json()
    # Southland has no profile yet: it asks for its own and is told there is none; no route
    # names a party, so North's cannot be asked for.
    south = client.get(_url(world, "profile"), headers=as_header(SOUTH_HEAD))
    assert south.status_code == 404
    for who in (MEDIATOR, OBSERVER, CLERK):
        answer = client.get(_url(world, "profile"), headers=as_header(who))
        assert answer.status_code in (403, 404), who
        assert str(NORTH_MARK) not in answer.text
    other = client.get(
        _url(world, "profile"), params={"party": world.north}, headers=as_header(SOUTH_HEAD)
    )
    assert other.status_code == 404
    assert str(NORTH_MARK) not in other.text


def test_a_profile_document_is_checked(client: TestClient, world: World) -> None:
    bad = {**NORTH_PROFILE, "reservation": 2}
    answer = client.put(_url(world, "profile"), json=bad, headers=as_header(NORTH_DELEGATE))
    assert answer.status_code == 422
    assert "reservation" in answer.json()["detail"]
    unknown = {**NORTH_PROFILE, "secret": 1}
    answer = client.put(_url(world, "profile"), json=unknown, headers=as_header(NORTH_DELEGATE))
    assert answer.status_code == 422
    assert "secret" in answer.json()["detail"]
    adviser = client.put(
        _url(world, "profile"), json=NORTH_PROFILE, headers=as_header(NORTH_ADVISER)
    )
    assert adviser.status_code == 403
    assert client.get(_url(world, "profile"), headers=as_header(NORTH_HEAD)).status_code == 404


def _both_profiles_consented(client: TestClient, world: World) -> None:
    for writer, head, document in (
        (NORTH_DELEGATE, NORTH_HEAD, NORTH_PROFILE),
        (SOUTH_DELEGATE, SOUTH_HEAD, SOUTH_PROFILE),
    ):
        assert client.put(
            _url(world, "profile"), json=document, headers=as_header(writer)
        ).is_success
        given = client.put(
            _url(world, "profile/consent"), json={"consent": True}, headers=as_header(head)
        )
        assert given.status_code == 200
        assert given.json() == {"consents_to_mediator": True}


def test_consent_is_the_heads_and_opens_the_mediators_analysis(
    client: TestClient, world: World
) -> None:
    assert client.put(
        _url(world, "profile"), json=NORTH_PROFILE, headers=as_header(NORTH_DELEGATE)
    ).is_success
    refused = client.put(
        _url(world, "profile/consent"), json={"consent": True}, headers=as_header(NORTH_DELEGATE)
    )
    assert refused.status_code == 403
    early = client.get(_url(world, "mediation"), headers=as_header(MEDIATOR))
    assert early.status_code == 409  # one consenting party is not enough
    _both_profiles_consented(client, world)
    analysis = client.get(_url(world, "mediation"), headers=as_header(MEDIATOR))
    assert analysis.status_code == 200, analysis.text
    assert analysis.json()["parties"] == ["Northland", "Southland"]
    assert str(NORTH_MARK) not in analysis.text
    for who in (NORTH_HEAD, OBSERVER, CLERK):
        assert client.get(_url(world, "mediation"), headers=as_header(who)).status_code == 403


def test_a_party_analyses_its_own_profile(client: TestClient, world: World) -> None:
    assert client.get(_url(world, "analysis"), headers=as_header(NORTH_HEAD)).status_code == 404
    _both_profiles_consented(client, world)
    north = client.get(_url(world, "analysis"), headers=as_header(NORTH_ADVISER))
    assert north.status_code == 200, north.text
    assert north.json()["party"] == "Northland"
    assert north.json()["reservation"] == NORTH_MARK
    south = client.get(_url(world, "analysis"), headers=as_header(SOUTH_HEAD))
    assert south.json()["party"] == "Southland"
    assert str(NORTH_MARK) not in south.text
    assert client.get(_url(world, "analysis"), headers=as_header(MEDIATOR)).status_code == 403


def test_secret_bids_tell_only_whether_they_overlap(client: TestClient, world: World) -> None:
    _both_profiles_consented(client, world)
    first = client.put(
        _url(world, "secret-bid"), json={"minimum": 0.4}, headers=as_header(NORTH_HEAD)
    )
    assert first.status_code == 200
    assert first.json() == {"reopened": False}
    waiting = client.get(_url(world, "secret-bid/outcome"), headers=as_header(MEDIATOR))
    assert waiting.json() == {"ready": False}
    south = client.get(_url(world, "secret-bid/outcome"), headers=as_header(SOUTH_HEAD))
    assert south.json() == {"ready": False, "your_bid_stands": False}
    assert client.put(
        _url(world, "secret-bid"), json={"minimum": 0.3}, headers=as_header(SOUTH_HEAD)
    ).is_success
    for who in (NORTH_HEAD, SOUTH_DELEGATE, MEDIATOR):
        outcome = client.get(_url(world, "secret-bid/outcome"), headers=as_header(who))
        assert outcome.status_code == 200, who
        assert outcome.json()["ready"] is True, who
        assert set(outcome.json()) <= {"ready", "overlap", "package", "your_utility"}
        assert "minimum" not in outcome.text
    for who in (OBSERVER, CLERK):
        assert (
            client.get(_url(world, "secret-bid/outcome"), headers=as_header(who)).status_code == 403
        )
    for body in ({"minimum": 1.5}, {"minimum": "high"}, {}, {"minimum": 0.5, "party": "x"}):
        answer = client.put(_url(world, "secret-bid"), json=body, headers=as_header(NORTH_HEAD))
        assert answer.status_code == 422, body
    delegate = client.put(
        _url(world, "secret-bid"), json={"minimum": 0.2}, headers=as_header(NORTH_DELEGATE)
    )
    assert delegate.status_code == 403


def test_no_seat_is_answered_as_missing_talks_on_every_route(
    client: TestClient, world: World
) -> None:
    account.add_user(world.svc, OPERATOR, name="Olaf", email="out@example.org", password="x" * 12)
    for method, tail, body in (
        ("GET", "notes", None),
        ("GET", "profile", None),
        ("PUT", "profile", NORTH_PROFILE),
        ("PUT", "profile/consent", {"consent": True}),
        ("GET", "analysis", None),
        ("GET", "mediation", None),
        ("PUT", "secret-bid", {"minimum": 0.5}),
        ("GET", "secret-bid/outcome", None),
        ("GET", "record", None),
        ("GET", "events", None),
    ):
        answer = client.request(
            method, _url(world, tail), headers=as_header("out@example.org"), json=body
        )
        missing = _missing(client, method, tail, NORTH_HEAD, json=body)
        assert answer.status_code == missing.status_code == 404, tail
        assert answer.json() == missing.json() == NOT_FOUND


def test_a_mediator_is_told_plainly_what_is_missing(client: TestClient, world: World) -> None:
    me = as_header(MEDIATOR)
    unknown_round = client.post(
        _url(world, "notes"), json={"text": "x", "round": "nope"}, headers=me
    )
    assert unknown_round.status_code in (404, 422), unknown_round.text
    assert client.get(_url(world, "notes"), params={"round": "nope"}, headers=me).status_code == 404
    assert client.delete(_url(world, "notes/nope"), headers=me).status_code == 404
    assert client.get(_url(world, "notes"), headers=me).json()["items"] == []

"""GET /api/talks/{id}/events on a real server: new entries arrive as they are made, each as
the record route gives it to that viewer; another party's private act only as a stub."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import FastAPI

from pourparler.server.api import record as record_api
from pourparler.server.app import create_app
from pourparler.services import account, credential, setup
from pourparler.services.port import Services
from support.caller import OPERATOR
from support.http import WAIT_SECONDS, app_for_tests, as_header, event_stream, live_server
from support.world import (
    MEDIATOR,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
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


@pytest.fixture
def app(svc: Services) -> FastAPI:
    return app_for_tests(svc)


@pytest.fixture
def server(app: FastAPI, world: World) -> Iterator[str]:
    with live_server(app) as base:
        yield base


def _record(base: str, world: World, who: str, after: int = 0) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{base}/api/talks/{world.talks_id}/record",
        params={"after": after, "limit": 500},
        headers=as_header(who),
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_acts_reach_each_open_stream_as_that_viewer_may_see_them(server: str, world: World) -> None:
    start = _record(server, world, NORTH_HEAD)[-1]["seq"]
    url = f"{server}/api/talks/{world.talks_id}/events?after={start}"
    viewers = (NORTH_HEAD, SOUTH_HEAD, MEDIATOR, OBSERVER)
    with (
        event_stream(url, as_header(NORTH_HEAD)) as north,
        event_stream(url, as_header(SOUTH_HEAD)) as south,
        event_stream(url, as_header(MEDIATOR)) as mediator,
        event_stream(url, as_header(OBSERVER)) as observer,
    ):
        streams = dict(zip(viewers, (north, south, mediator, observer), strict=True))
        for stream in streams.values():
            assert stream.status == 200
            assert stream.content_type.startswith("text/event-stream")
        # Through the app: a private act of Northland and a mediators-only note; then a
        # public act made in this process outside any request.
        kept = httpx.put(
            f"{server}/api/talks/{world.talks_id}/profile",
            json=PROFILE,
            headers=as_header(NORTH_DELEGATE),
        )
        assert kept.status_code == 200, kept.text
        noted = httpx.post(
            f"{server}/api/talks/{world.talks_id}/notes",
            json={"text": "NOTE-ON-STREAM-k1"},
            headers=as_header(MEDIATOR),
        )
        assert noted.status_code == 201, noted.text
        setup.add_issue(
            world.svc,
            OPERATOR,
            world.talks_id,
            title="Monitoring",
            kind="options",
            options=("Joint", "International"),
        )
        end = _record(server, world, NORTH_HEAD)[-1]["seq"]
        received = {who: stream.until(end) for who, stream in streams.items()}

    for who, events in received.items():
        assert {e["event"] for e in events} == {"entry"}
        assert [int(e["id"]) for e in events] == [e["data"]["seq"] for e in events]
        # entry for entry what the record gives this viewer, and nothing else
        assert [e["data"] for e in events] == _record(server, world, who, start), who
    acts = {who: [e["data"].get("act") for e in events] for who, events in received.items()}
    assert acts[NORTH_HEAD] == ["profile saved", None, "issue added"]
    assert acts[SOUTH_HEAD] == [None, None, "issue added"]
    assert acts[MEDIATOR] == [None, "note written", "issue added"]
    assert acts[OBSERVER] == [None, None, "issue added"]
    stub = received[SOUTH_HEAD][0]["data"]
    assert set(stub) == {"seq", "prev_hash", "content_hash", "hash", "stub"}
    for who in (NORTH_HEAD, SOUTH_HEAD, OBSERVER):
        assert all("NOTE-ON-STREAM-k1" not in str(e) for e in received[who])


def test_a_reconnecting_client_resumes_after_its_last_event(server: str, world: World) -> None:
    seqs = [e["seq"] for e in _record(server, world, SOUTH_HEAD)]
    headers = {**as_header(SOUTH_HEAD), "Last-Event-ID": str(seqs[-3])}
    with event_stream(f"{server}/api/talks/{world.talks_id}/events?after=0", headers) as stream:
        got = stream.until(seqs[-1])
    assert [int(e["id"]) for e in got] == seqs[-2:]


def test_a_stream_is_refused_before_it_opens(server: str, world: World) -> None:
    account.add_user(world.svc, OPERATOR, name="Olaf", email="out@example.org", password="x" * 12)
    base = f"{server}/api/talks/{world.talks_id}/events"
    seatless = httpx.get(base, headers=as_header("out@example.org"))
    missing = httpx.get(f"{server}/api/talks/nothing/events", headers=as_header(NORTH_HEAD))
    assert seatless.status_code == missing.status_code == 404
    assert seatless.headers["content-type"] == "application/problem+json"
    assert seatless.json() == missing.json()
    bad = httpx.get(base, headers={**as_header(NORTH_HEAD), "Last-Event-ID": "yesterday"})
    assert bad.status_code == 422
    assert "Last-Event-ID" in bad.json()["detail"]
    anonymous = httpx.get(base)
    assert anonymous.status_code == 401


def test_a_stream_ends_on_the_server_when_its_client_hangs_up(
    app: FastAPI, server: str, world: World
) -> None:
    url = f"{server}/api/talks/{world.talks_id}/events"
    with event_stream(url, as_header(OBSERVER)) as stream:
        stream.next()
        assert app.state.notifier.following(world.talks_id) == 1
    deadline = time.monotonic() + WAIT_SECONDS
    while app.state.notifier.following(world.talks_id):
        assert time.monotonic() < deadline, "the server still follows for a client gone"
        time.sleep(0.05)


def test_a_head_request_opens_no_stream(app: FastAPI, server: str, world: World) -> None:
    url = f"{server}/api/talks/{world.talks_id}/events"
    answer = httpx.head(url, headers=as_header(OBSERVER), timeout=WAIT_SECONDS)
    assert answer.status_code == 405  # the API answers GET only
    assert answer.headers["allow"] == "GET"
    assert answer.headers["content-type"] == "application/problem+json"
    assert app.state.notifier.following(world.talks_id) == 0


@pytest.fixture
def signed_server(svc: Services, world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The application as served, callers proven by real sessions and tokens; a quiet stream
    checks its credential every 0.2 s instead of every few seconds."""
    monkeypatch.setattr(record_api, "RECHECK_SECONDS", 0.2)
    with live_server(create_app(svc)) as base:
        yield base


def _bearer(world: World, kind: str) -> tuple[dict[str, str], str]:
    """Headers proving OBSERVER by a fresh API token or API session, and its id."""
    if kind == "token":
        issued = credential.create_token(
            world.svc, email=OBSERVER, password=PASSWORD, name="stream", address="test"
        )
        return {"Authorization": f"Bearer {issued.token}"}, issued.id
    opened = credential.sign_in(
        world.svc, email=OBSERVER, password=PASSWORD, address="test", kind="api"
    )
    return {"Authorization": f"Bearer {opened.secret}"}, opened.session_id


def _end(base: str, world: World, way: str, headers: dict[str, str], held_id: str) -> None:
    if way == "token revoked":
        ended = httpx.delete(f"{base}/api/tokens/{held_id}", headers=headers)
    elif way == "signed out":
        ended = httpx.delete(f"{base}/api/session", headers=headers)
    else:  # the password changed from another session, which ends every other one
        other, _ = _bearer(world, "session")
        ended = httpx.post(
            f"{base}/api/password",
            json={"current": PASSWORD, "new": "another long password"},
            headers=other,
        )
    assert ended.status_code == 204, ended.text


@pytest.mark.parametrize(
    ("kind", "way"),
    [("token", "token revoked"), ("session", "signed out"), ("token", "password changed")],
)
def test_an_open_stream_ends_when_its_credential_ends(
    signed_server: str, world: World, kind: str, way: str
) -> None:
    url = f"{signed_server}/api/talks/{world.talks_id}/events"
    headers, held_id = _bearer(world, kind)
    with event_stream(url, headers) as stream:
        assert stream.status == 200
        stream.next()  # the record so far arrives: the stream is open and reading
        time.sleep(1.0)  # five checks of a credential that holds
        assert not stream.finished.is_set(), "the stream ended while its credential held"
        _end(signed_server, world, way, headers, held_id)
        assert stream.finished.wait(5.0), f"the stream went on after: {way}"
    again = httpx.get(url, headers=headers)
    assert again.status_code == 401

"""The routes over a real database (SQLite; PostgreSQL when configured): what a write returns
is read after its transaction ended, so it must not lean on the session that wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from pourparler import bootstrap
from pourparler.server.app import create_app
from pourparler.server.auth import caller
from pourparler.services import account
from pourparler.services.principal import Principal
from support.api import REGISTRY, problem
from support.caller import OPERATOR
from support.world import MEDIATOR, NORTH_HEAD, OBSERVER, PASSWORD, SOUTH_HEAD, build_world


@pytest.fixture
def client(database_url: str) -> Iterator[tuple[TestClient, str]]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    try:
        world = build_world(svc)
        account.add_user(svc, OPERATOR, name="R", email=REGISTRY, password=PASSWORD, operator=True)
        app = create_app(svc)
        with TestClient(app) as http:
            yield http, world.talks_id
    finally:
        svc.close()


def as_(http: TestClient, email: str) -> TestClient:
    http.app.dependency_overrides[caller] = lambda: Principal.named(email)  # type: ignore[attr-defined]
    return http


def test_a_talks_is_set_up_and_a_round_walked_through_on_the_database(client) -> None:
    http, talks_id = client
    opened = as_(http, REGISTRY).post("/api/talks", json={"title": "Harbour", "template": "labour"})
    assert opened.status_code == 201, opened.text
    talks = f"/api/talks/{talks_id}"
    issue = as_(http, MEDIATOR).post(
        f"{talks}/framework", json={"title": "Amnesty", "kind": "clause"}
    )
    assert issue.status_code == 201, issue.text
    seat = as_(http, MEDIATOR).post(
        f"{talks}/members", json={"email": REGISTRY, "role": "observer"}
    )
    assert seat.status_code == 201, seat.text
    assert seat.json()["name"] == "R"
    next_june = f"{datetime.now(UTC).year + 1}-06-01T10:00"  # the store's clock is the real one
    body = {"starts_at": next_june, "time_zone": "Europe/Vienna", "venue": "Harbour"}
    proposal = as_(http, NORTH_HEAD).post(f"{talks}/rounds", json=body)
    assert proposal.status_code == 201, proposal.text
    at = f"{talks}/rounds/{proposal.json()['id']}"
    accepted = as_(http, SOUTH_HEAD).post(f"{at}/acceptance")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["responses"][0]["answer"] == "accept"
    assert as_(http, OBSERVER).get(at).json()["status"] == "scheduled"
    postponed = as_(http, MEDIATOR).post(f"{at}/postponement", json={"reason": "Storm"})
    assert postponed.json()["status"] == "postponed"
    problem(as_(http, OBSERVER).post(f"{at}/opening"), 403)
    checked = as_(http, OBSERVER).get(f"{talks}/record/verification").json()
    assert checked["ok"] is True, checked["problems"]
    assert as_(http, OBSERVER).get(f"{talks}/export").status_code == 200

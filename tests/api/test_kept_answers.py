"""Reads answered from what the process keeps (services/snapshot.py): the talks and the text are
kept per reader and record head, already shaped as the API sends them. What is sent is exactly
what the response models make of the services' documents, for every role; it is sent again,
byte for byte, while nothing happens; and an act shows at the next read, to those who may see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from pourparler import bootstrap
from pourparler.server.api.talks import TalksView
from pourparler.server.api.text import TextView
from pourparler.server.app import create_app
from pourparler.server.auth import caller
from pourparler.services import text
from pourparler.services.port import Services
from pourparler.services.principal import Principal
from pourparler.services.view import talks_document
from support.caller import by
from support.scene import OUTSIDER, ROLES, Scene, build_scene
from support.world import MEDIATOR, NORTH_HEAD, SOUTH_HEAD

READERS = [role for role in ROLES if role != OUTSIDER]


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[TestClient, Services, Scene]]:
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    try:
        scene = build_scene(svc)
        with TestClient(create_app(svc)) as http:
            yield http, svc, scene
    finally:
        svc.close()


def as_(http: TestClient, role: str | Principal | None) -> TestClient:
    http.app.dependency_overrides[caller] = lambda: by(role)  # type: ignore[attr-defined]
    return http


def sent_by(model: type[BaseModel], document: dict[str, Any]) -> Any:
    return model.model_validate(document).model_dump(mode="json", exclude_unset=True)


def test_every_role_gets_what_the_response_models_send_and_again_unchanged(served) -> None:
    http, svc, scene = served
    tid = scene.talks_id
    for role in READERS:
        talks = as_(http, role).get(f"/api/talks/{tid}")
        assert talks.status_code == 200, (role, talks.text)
        expected = talks_document(svc, by(role), tid, with_record=False)
        assert talks.json() == sent_by(TalksView, expected), role
        assert talks.headers["content-type"] == "application/json"
        assert as_(http, role).get(f"/api/talks/{tid}").content == talks.content, role

        current = as_(http, role).get(f"/api/talks/{tid}/text")
        shown = text.show_text(svc, by(role), tid)
        assert current.json() == sent_by(TextView, shown), role
        assert current.headers["etag"] == f'"{shown["version"]["hash"]}"'
        first = as_(http, role).get(f"/api/talks/{tid}/text/versions/1")
        assert first.json() == sent_by(TextView, text.show_text(svc, by(role), tid, 1)), role
        assert first.json()["version"]["number"] == 1


def test_an_act_shows_at_the_next_read_to_those_who_may_see_it(served) -> None:
    http, _, scene = served
    tid = scene.talks_id
    before = {role: as_(http, role).get(f"/api/talks/{tid}").json() for role in READERS}
    made = as_(http, NORTH_HEAD).post(
        f"/api/talks/{tid}/memoranda", json={"title": "KEPT-ANSWER-CHECK-k3"}
    )
    assert made.status_code == 201, made.text
    draft = {"sections": [{"key": "s", "heading": "S", "body": "KEPT-BODY-k3"}], "positions": []}
    saved = as_(http, NORTH_HEAD).put(
        f"/api/talks/{tid}/memoranda/{made.json()['id']}/draft",
        json=draft,
        headers={"If-Match": made.headers.get("etag", '"none"')},
    )
    assert saved.status_code in (200, 201), saved.text
    north = as_(http, NORTH_HEAD).get(f"/api/talks/{tid}").text
    assert "KEPT-ANSWER-CHECK-k3" in north
    assert "KEPT-BODY-k3" in north
    for role in (SOUTH_HEAD, MEDIATOR):
        after = as_(http, role).get(f"/api/talks/{tid}").json()
        assert "KEPT-ANSWER-CHECK-k3" not in str(after)
        assert after == before[role]  # the act changed nothing they may read

    old = as_(http, MEDIATOR).get(f"/api/talks/{tid}/text")
    clauses = [{"key": "one", "heading": "One", "text": "KEPT-CLAUSE-k3"}]
    revised = as_(http, MEDIATOR).put(
        f"/api/talks/{tid}/text", json=clauses, headers={"If-Match": old.headers["etag"]}
    )
    assert revised.status_code == 200, revised.text
    for role in (NORTH_HEAD, SOUTH_HEAD, MEDIATOR):
        now = as_(http, role).get(f"/api/talks/{tid}/text")
        assert now.json()["current"] == old.json()["current"] + 1
        assert "KEPT-CLAUSE-k3" in now.text
        assert now.headers["etag"] == revised.headers["etag"]

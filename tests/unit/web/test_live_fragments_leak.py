"""The live fragments against the leak test's markers (support/leak.py): the scene's secrets,
each head's secret bid, every role's credentials and session ids, the stored password hashes,
the mediator's note ids and a draft of other talks. Each role, signed in with a browser session
of its own over HTTP, asks every fragment of both talks; no answer (status line, headers, body)
may hold a marker the role may not read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.leak import ANONYMOUS, ROLES, Stage, staged
from support.scene import SECRETS
from support.world import PASSWORD


@pytest.fixture(scope="module")
def stage() -> Iterator[Stage]:
    with staged() as built:
        yield built


def fragments(stage: Stage) -> list[str]:
    scene = stage.scene
    found = []
    for talks in (scene.talks_id, stage.other_talks):
        base = f"/talks/{talks}"
        found.append(f"{base}/waiting")
        found.append(f"{base}/exchanges/list")
        for exchange in (scene.revealed_exchange, scene.sealed_exchange):
            found.append(f"{base}/exchanges/{exchange}/commitments")
        for status in ("", "?status=open", "?status=answered", "?status=closed"):
            found.append(f"{base}/clarifications/list{status}")
        found.append(f"{base}/text/status")
    return found


def _session(stage: Stage, role: str) -> dict[str, str]:
    """A browser session of the role's own (its cookie is no planted marker)."""
    if role == ANONYMOUS:
        return {}
    with stage.server.client() as anonymous:
        opened = anonymous.post("/api/session", json={"email": role, "password": PASSWORD})
        assert opened.status_code == 204, opened.text
        cookie = opened.cookies.get("pourparler_session")
    assert cookie
    return {"Cookie": f"pourparler_session={cookie}"}


def _answer(response) -> str:
    head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    head += [f"{name}: {value}" for name, value in response.headers.multi_items()]
    return "\n".join([*head, "", response.text])


@pytest.mark.parametrize("role", ROLES)
def test_no_fragment_holds_a_leak_marker_the_role_may_not_read(stage, role):
    headers = _session(stage, role)
    forbidden = stage.markers.forbidden(role)
    assert forbidden  # every role is denied something: the check below can fail
    leaks = []
    statuses = set()
    seen = ""
    with stage.server.client() as client:
        for path in fragments(stage):
            for htmx in ({}, {"HX-Request": "true"}):
                response = client.get(path, headers={**headers, **htmx})
                statuses.add(response.status_code)
                text = _answer(response)
                seen += text
                leaks += [
                    (path, kind, marker)
                    for marker, kind in forbidden.items()
                    if marker in text and marker not in path
                ]
    assert leaks == []
    assert statuses <= {200, 204, 303, 403, 404}, statuses
    if role != ANONYMOUS:
        assert 200 in statuses  # each signed-in role reads some fragment: not a vacuous pass
    question = SECRETS["clarification"][0]
    if question in stage.markers.allowed(role):  # a reader of the question finds it
        assert question in seen

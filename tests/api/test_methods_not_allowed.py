"""A method a resource does not answer gets 405 naming, in Allow and in the problem's detail,
every method that resource does answer: under /api/ (routers included with a prefix) as on the
pages and the health checks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from support.http import as_header
from support.world import NORTH_HEAD, World


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/api/talks", "GET, POST"),
        ("PATCH", "/api/talks/{talks}/record", "GET"),
        ("GET", "/api/talks/{talks}/memoranda/m1/draft", "PUT"),
        ("POST", "/readyz", "GET"),
    ],
)
def test_a_method_not_answered_gets_405_naming_those_that_are(
    client: TestClient, world: World, method: str, path: str, allowed: str
) -> None:
    answer = client.request(
        method, path.format(talks=world.talks_id), headers=as_header(NORTH_HEAD)
    )
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["allow"] == allowed
    assert answer.json()["detail"] == f"this resource answers {allowed}"

"""The web pages over the memory fakes and the scene of planted secrets, signed in through the
real sign-in (services/credential.py)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pourparler.server.app import create_app
from support.memory import memory_services
from support.scene import Scene, build_scene
from support.world import PASSWORD

_FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def scene() -> Scene:
    svc, _ = memory_services()
    return build_scene(svc)


@pytest.fixture
def app(scene: Scene):
    return create_app(scene.svc)


def browser(app) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def signed_in(app, email: str, password: str = PASSWORD) -> TestClient:
    client = browser(app)
    form = client.get("/sign-in")
    token = _FORM_TOKEN.search(form.text)
    assert token, form.text
    answer = client.post(
        "/sign-in", data={"email": email, "password": password, "form_token": token.group(1)}
    )
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(client: TestClient, path: str = "/password") -> str:
    found = _CSRF.search(client.get(path).text)
    assert found
    return found.group(1)

"""The API over memory services holding the standard cast (support/world.py), called as any
member: sign-in is another part's, so API tests name the caller as the CLI's --as does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pourparler.server.app import create_app
from pourparler.server.auth import caller, credential_check
from pourparler.server.problem import PROBLEM
from pourparler.services import account
from pourparler.services.principal import Principal
from support.caller import OPERATOR
from support.memory import Clock, memory_services
from support.world import PASSWORD, World, build_world

OUTSIDER = "outsider@example.org"  # an account with no seat in the talks
REGISTRY = "registry@example.org"  # an account of the installation's secretariat (operator)


@dataclass
class Api:
    """The application, its client and the world it serves."""

    app: FastAPI
    client: TestClient
    world: World
    clock: Clock

    @property
    def talks(self) -> str:
        return f"/api/talks/{self.world.talks_id}"

    def by(self, email: str) -> TestClient:
        """The client, every call made as the person with this e-mail from now on."""
        self.app.dependency_overrides[caller] = lambda: Principal.named(email)
        self.app.dependency_overrides[credential_check] = lambda: lambda: True
        return self.client


def serve(clock: Clock | None = None) -> Api:
    """The application over the cast, with an outsider and an operator account besides."""
    clock = clock or Clock()
    svc = memory_services(clock)[0]
    world = build_world(svc)
    account.add_user(svc, OPERATOR, name="Otto Outside", email=OUTSIDER, password=PASSWORD)
    account.add_user(
        svc, OPERATOR, name="Rhea Registry", email=REGISTRY, password=PASSWORD, operator=True
    )
    app = create_app(svc)
    return Api(app, TestClient(app), world, clock)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem document of a refusal with `status`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def invalid(response: httpx.Response, field: str) -> dict[str, Any]:
    """A 422 naming `field` among the fields it finds wrong."""
    body = problem(response, 422)
    assert field in [e["field"] for e in body["errors"]], body
    assert field in body["detail"]
    return body

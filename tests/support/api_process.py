"""The standard world served over HTTP: one application over the world's services, and a client
per person of the cast, signed in by overriding the caller (sign-in itself is tested apart)."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from pourparler.server.app import create_app
from pourparler.server.auth import caller, credential_check
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["Api", "same_refusal", "sent"]


class Api:
    """`api.as_(email)` is a client acting as that person; `api.talks` the world's talks id."""

    def __init__(self, svc: Services, talks_id: str) -> None:
        self.svc = svc
        self.talks = talks_id
        self._clients: dict[str, TestClient] = {}

    def as_(self, email: str) -> TestClient:
        if email not in self._clients:
            app = create_app(self.svc)
            app.dependency_overrides[caller] = lambda: Principal.named(email)
            app.dependency_overrides[credential_check] = lambda: lambda: True
            self._clients[email] = TestClient(app)
        return self._clients[email]

    def path(self, tail: str) -> str:
        return f"/api/talks/{self.talks}{tail}"


def _comparable(response: httpx.Response) -> tuple[int, bytes, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k.lower() != "x-request-id"}
    return response.status_code, response.content, headers


def same_refusal(hidden: httpx.Response, missing: httpx.Response) -> None:
    """Something not visible answers exactly as something that does not exist: status, body
    and every header but the request id."""
    assert hidden.status_code == 404, hidden.text
    assert _comparable(hidden) == _comparable(missing)


def sent(response: httpx.Response, status: int) -> Any:
    """The JSON body of `response`, once its status is `status` (else the body in the failure)."""
    assert response.status_code == status, (response.status_code, response.text)
    return response.json() if response.content else None

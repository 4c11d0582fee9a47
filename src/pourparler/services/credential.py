"""PLACEHOLDER interface of sign-in, sessions and tokens, replaced on the `accounts` branch.

Nothing here authenticates anyone yet: `authenticate` finds nobody, so every request that is
not given a caller by a test override answers 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["Authenticated", "authenticate"]


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    bearer: bool  # an API token or API session, sent as Authorization: Bearer
    csrf: str | None  # a web session's CSRF token
    session_id: str


def authenticate(svc: Services, secret: str) -> Authenticated | None:
    return None

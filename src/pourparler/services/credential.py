"""PLACEHOLDER interface of sign-in, sessions, invitations and tokens, replaced on the
`accounts` branch.

Nothing here authenticates anyone yet: `authenticate` finds nobody and every act refuses, so
every request that is not given a caller by a test override answers 401. The web pages are
written against these names (the `web` branch); tests replace them with an in-memory fake
(tests/support/sessions.py) until the real module is merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pourparler.domain.error import Unauthenticated
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = [
    "Authenticated",
    "Invitation",
    "Opened",
    "TokenSummary",
    "accept_invitation",
    "authenticate",
    "change_password",
    "create_token",
    "invite",
    "list_tokens",
    "read_invitation",
    "revoke_token",
    "sign_in",
    "sign_out",
]

_NOT_YET = "sign-in is not available in this build yet"


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    bearer: bool  # an API token or API session, sent as Authorization: Bearer
    csrf: str | None  # a web session's CSRF token
    session_id: str


@dataclass(frozen=True)
class Opened:
    """A session just opened: its secret goes into the cookie, its CSRF token into forms."""

    secret: str
    csrf: str
    session_id: str
    expires_at: datetime


@dataclass(frozen=True)
class Invitation:
    secret: str
    email: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenSummary:
    id: str
    name: str
    created_at: datetime


def authenticate(svc: Services, secret: str) -> Authenticated | None:
    return None


def sign_in(svc: Services, *, email: str, password: str, address: str, kind: str = "web") -> Opened:
    raise Unauthenticated(_NOT_YET)


def sign_out(svc: Services, secret: str) -> None:
    return None


def change_password(svc: Services, who: Principal, *, current: str, new: str) -> None:
    raise Unauthenticated(_NOT_YET)


def read_invitation(svc: Services, secret: str) -> Invitation | None:
    return None


def accept_invitation(svc: Services, secret: str, *, password: str) -> str:
    raise Unauthenticated(_NOT_YET)


def invite(
    svc: Services, who: Principal, talks_id: str, *, email: str, role: str, party: str | None
) -> Invitation:
    raise Unauthenticated(_NOT_YET)


def list_tokens(svc: Services, who: Principal) -> list[TokenSummary]:
    raise Unauthenticated(_NOT_YET)


def create_token(svc: Services, who: Principal, *, name: str) -> tuple[TokenSummary, str]:
    raise Unauthenticated(_NOT_YET)


def revoke_token(svc: Services, who: Principal, token_id: str) -> None:
    raise Unauthenticated(_NOT_YET)

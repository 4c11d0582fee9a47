"""What proves who someone is: sign-in sessions, API tokens, invitations, failed sign-ins.

Only digests of secrets are kept (SHA-256 of 32 random bytes): whoever reads the database, or a
backup of it, holds no session, token or invitation that works. The secrets themselves are
shown once, to the person they were issued to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from hashlib import sha256
from secrets import token_urlsafe

from pourparler.domain.base import new_id

__all__ = [
    "INVITATION_LIFETIME",
    "SESSION_IDLE",
    "SESSION_LIFETIME",
    "Invitation",
    "SessionKind",
    "SignInFailure",
    "SignInSession",
    "digest",
    "new_secret",
]

SESSION_IDLE = timedelta(hours=12)
SESSION_LIFETIME = timedelta(days=7)
INVITATION_LIFETIME = timedelta(days=7)


def digest(secret: str) -> str:
    """What the store keeps of a secret: its SHA-256, hex. Enough to recognise it, useless to
    sign in with."""
    return sha256(secret.encode("utf-8")).hexdigest()


class SessionKind(StrEnum):
    WEB = "web"  # a browser's cookie, with a CSRF token
    API = "api"  # a program's session, sent as a bearer
    TOKEN = "token"  # a named API token; never expires, revoked by its owner


@dataclass(eq=False)
class SignInSession:
    """A session or an API token of one person, known by the digest of its secret."""

    person_id: str
    kind: SessionKind
    secret_hash: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime | None = None
    name: str | None = None
    csrf: str | None = None
    revoked_at: datetime | None = None
    id: str = field(default_factory=new_id)

    def in_force(self, now: datetime) -> bool:
        """Not revoked, not past its end, and (a browser's) not idle for too long."""
        if self.revoked_at is not None:
            return False
        if self.expires_at is not None and now >= self.expires_at:
            return False
        return not (self.kind is SessionKind.WEB and now - self.last_used_at >= SESSION_IDLE)

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now


@dataclass(eq=False)
class Invitation:
    """A single-use link for a person to set their password, and the seat it came with."""

    person_id: str
    secret_hash: str
    created_at: datetime
    expires_at: datetime
    created_by: str | None  # the inviting person; None for the installation's operator
    talks_id: str | None = None
    role: str | None = None
    party_id: str | None = None
    used_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class SignInFailure:
    """One failed sign-in: counted per account and per address for the rate limits."""

    account: str  # the lower-cased e-mail tried, whether or not such an account exists
    address: str
    at: datetime
    id: str = field(default_factory=new_id)


def new_secret() -> str:
    """32 random bytes, urlsafe: a session's, a token's, an invitation's or a CSRF secret."""
    return token_urlsafe(32)

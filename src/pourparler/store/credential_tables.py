"""Tables of sign-in sessions and API tokens, invitations, and failed sign-ins.

Secrets are kept as their SHA-256 digests only (domain/credential.py), each unique so that a
secret names one row.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table

from pourparler.domain.credential import SessionKind
from pourparler.store.schema import ID, id_column, metadata
from pourparler.store.types import EnumText, UtcDateTime

__all__ = ["invitations", "sessions", "sign_in_failures"]

DIGEST = 64  # SHA-256, hex
SECRET = 64  # a CSRF token: 32 random bytes, urlsafe base64 (43 characters)


def _person(name: str, *, nullable: bool = False) -> Column[str]:
    """A link to an account: deleting the account deletes its sessions and invitations."""
    return Column(
        name,
        String(ID),
        ForeignKey("people.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        nullable=nullable,
        index=not nullable,
    )


sessions = Table(
    "sessions",
    metadata,
    id_column(),
    _person("person_id"),
    Column("kind", EnumText(SessionKind), nullable=False),
    Column("name", String(100), nullable=True),
    Column("secret_hash", String(DIGEST), nullable=False, unique=True),
    Column("csrf", String(SECRET), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

invitations = Table(
    "invitations",
    metadata,
    id_column(),
    _person("person_id"),
    Column("talks_id", String(ID), ForeignKey("talks.id", ondelete="CASCADE"), nullable=True),
    Column("role", String(40), nullable=True),
    Column("party_id", String(ID), nullable=True),
    Column("secret_hash", String(DIGEST), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("created_by", String(ID), nullable=True),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    id_column(),
    Column("account", String(254), nullable=False, index=True),
    Column("address", String(100), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False, index=True),
)

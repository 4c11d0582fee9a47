"""Tables of signed record heads and of the public keys that sign them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from pourparler.store.schema import ID, id_column, metadata
from pourparler.store.types import UtcDateTime

__all__ = ["record_signatures", "signing_keys", "talks_imports"]

FINGERPRINT = 64

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("fingerprint", String(FINGERPRINT), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("previous", String(FINGERPRINT), nullable=True),
    Column("handover", String(128), nullable=True),
    Column("retired_at", UtcDateTime, nullable=True),
    Column("imported", Boolean, nullable=False),
)

record_signatures = Table(
    "record_signatures",
    metadata,
    id_column(),
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("key", String(FINGERPRINT), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("signed_at", UtcDateTime, nullable=False),
    UniqueConstraint("talks_id", "seq", "key"),
)

talks_imports = Table(
    "talks_imports",
    metadata,
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE", deferrable=True, initially="DEFERRED"),
        primary_key=True,
    ),
    Column("imported_at", UtcDateTime, nullable=False),
    Column("verified", Boolean, nullable=False),
    Column("signers", Text, nullable=False),  # fingerprints, space-separated
    Column("withheld", Text, nullable=False),  # fact keys the export did not hold, one a line
)

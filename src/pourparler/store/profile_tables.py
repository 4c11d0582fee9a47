"""The tables of preference profiles (one row per party that keeps one, in its talks) and of the
verdicts on secret bids (one per talks at most)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, String, Table, UniqueConstraint

from pourparler.store.schema import (
    ID,
    id_column,
    metadata,
    position_column,
    reference,
    talks_id_column,
)
from pourparler.store.types import IssuePreferencesJson, UtcDateTime

__all__ = ["preference_profiles", "secret_verdicts"]

preference_profiles = Table(
    "preference_profiles",
    metadata,
    id_column(),
    talks_id_column(),
    reference("party_id", "parties.id"),
    Column("issues", IssuePreferencesJson, nullable=False),
    Column("reservation", Float, nullable=False),
    Column("consents_to_mediator", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=True),
    Column("secret_minimum", Float, nullable=True),
    position_column(),
    # the digest of the profile and framework the bid was made under (domain.bidding)
    Column("bid_basis", String(64), nullable=True),
    UniqueConstraint("talks_id", "party_id"),  # one profile per party
)

secret_verdicts = Table(
    "secret_verdicts",
    metadata,
    id_column(),
    Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("basis", String(64), nullable=False),
    Column("overlap", Boolean, nullable=False),
    Column("package", JSON, nullable=True),
    Column("utilities", JSON, nullable=False),
    Column("reached_at", UtcDateTime, nullable=True),
)

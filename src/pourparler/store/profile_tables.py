"""The table of preference profiles: one row per party that keeps one, in its talks."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Table, UniqueConstraint

from pourparler.store.schema import id_column, metadata, position_column, reference, talks_id_column
from pourparler.store.types import IssuePreferencesJson, UtcDateTime

__all__ = ["preference_profiles"]

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
    UniqueConstraint("talks_id", "party_id"),  # one profile per party
)

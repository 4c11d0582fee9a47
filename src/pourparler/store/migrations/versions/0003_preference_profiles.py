"""Preference profiles: one per party that keeps one, private to it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Written by hand to match `pourparler.store.profile_tables`; a test compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36


def upgrade() -> None:
    op.create_table(
        "preference_profiles",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("talks_id", sa.String(ID), nullable=False),
        sa.Column("party_id", sa.String(ID), nullable=False),
        sa.Column("issues", sa.JSON(), nullable=False),
        sa.Column("reservation", sa.Float(), nullable=False),
        sa.Column("consents_to_mediator", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("secret_minimum", sa.Float(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_preference_profiles"),
        sa.ForeignKeyConstraint(
            ["talks_id"],
            ["talks.id"],
            name="fk_preference_profiles_talks_id",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name="fk_preference_profiles_party_id",
            deferrable=True,
            initially="DEFERRED",
        ),
        sa.UniqueConstraint(
            "talks_id", "party_id", name="uq_preference_profiles_talks_id_party_id"
        ),
    )
    op.create_index("ix_preference_profiles_talks_id", "preference_profiles", ["talks_id"])


def downgrade() -> None:
    op.drop_table("preference_profiles")

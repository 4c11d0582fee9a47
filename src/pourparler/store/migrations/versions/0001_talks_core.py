"""Talks core: people, talks with parties, seats, issues, rounds, memoranda; the record.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written by hand to match `pourparler.store.mapping`; a test compares the two after upgrading.
Value objects are JSON; enums are their string values; date-times are UTC.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36
ENUM = 40


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(ID), nullable=False)


def _talks_id() -> sa.Column[str]:
    return sa.Column("talks_id", sa.String(ID), nullable=False)


def _to_talks(table: str, *, deferred: bool = False) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["talks_id"],
        ["talks.id"],
        name=f"fk_{table}_talks_id",
        ondelete="CASCADE",
        deferrable=True if deferred else None,
        initially="DEFERRED" if deferred else None,
    )


def _deferred(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """A reference checked at commit (see the mapping's docstring for why)."""
    return sa.ForeignKeyConstraint(
        [column],
        [target],
        name=f"fk_{table}_{column}",
        deferrable=True,
        initially="DEFERRED",
    )


def _position() -> sa.Column[int]:
    return sa.Column("position", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "people",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("operator", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("email", name="uq_people_email"),
    )
    op.create_table(
        "talks",
        _id(),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(ENUM), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_talks"),
    )
    op.create_table(
        "parties",
        _id(),
        _talks_id(),
        sa.Column("name", sa.String(200), nullable=False),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_parties"),
        _to_talks("parties"),
    )
    op.create_index("ix_parties_talks_id", "parties", ["talks_id"])
    op.create_table(
        "memberships",
        _id(),
        _talks_id(),
        sa.Column("person_id", sa.String(ID), nullable=False),
        sa.Column("role", sa.String(ENUM), nullable=False),
        sa.Column("party_id", sa.String(ID), nullable=True),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        _to_talks("memberships"),
        _deferred("memberships", "person_id", "people.id"),
        _deferred("memberships", "party_id", "parties.id"),
        sa.UniqueConstraint("talks_id", "person_id", name="uq_memberships_talks_id_person_id"),
    )
    op.create_index("ix_memberships_talks_id", "memberships", ["talks_id"])
    op.create_index("ix_memberships_person_id", "memberships", ["person_id"])
    op.create_table(
        "issues",
        _id(),
        _talks_id(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(ENUM), nullable=False),
        sa.Column("category", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("range", sa.JSON(), nullable=True),
        sa.Column("order", sa.Integer(), nullable=False),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_issues"),
        _to_talks("issues"),
    )
    op.create_index("ix_issues_talks_id", "issues", ["talks_id"])
    op.create_table(
        "rounds",
        _id(),
        _talks_id(),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("format", sa.String(ENUM), nullable=False),
        sa.Column("proposed_by", sa.String(ID), nullable=False),
        sa.Column("proposing_party_id", sa.String(ID), nullable=True),
        sa.Column("required_party_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(ENUM), nullable=False),
        sa.Column("responses", sa.JSON(), nullable=False),
        sa.Column("supersedes_id", sa.String(ID), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_rounds"),
        _to_talks("rounds"),
        _deferred("rounds", "proposed_by", "people.id"),
        _deferred("rounds", "proposing_party_id", "parties.id"),
        _deferred("rounds", "supersedes_id", "rounds.id"),
    )
    op.create_index("ix_rounds_talks_id", "rounds", ["talks_id"])
    op.create_table(
        "memoranda",
        _id(),
        _talks_id(),
        sa.Column("party_id", sa.String(ID), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("round_id", sa.String(ID), nullable=True),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_memoranda"),
        _to_talks("memoranda"),
        _deferred("memoranda", "party_id", "parties.id"),
        _deferred("memoranda", "round_id", "rounds.id"),
    )
    op.create_index("ix_memoranda_talks_id", "memoranda", ["talks_id"])
    op.create_table(
        "memorandum_versions",
        _id(),
        sa.Column("memorandum_id", sa.String(ID), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.String(ID), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("positions", sa.JSON(), nullable=False),
        sa.Column("shared_with_mediator", sa.Boolean(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_memorandum_versions"),
        sa.ForeignKeyConstraint(
            ["memorandum_id"],
            ["memoranda.id"],
            name="fk_memorandum_versions_memorandum_id",
            ondelete="CASCADE",
        ),
        _deferred("memorandum_versions", "author_id", "people.id"),
        sa.UniqueConstraint(
            "memorandum_id", "number", name="uq_memorandum_versions_memorandum_id_number"
        ),
    )
    op.create_table(
        "record_entries",
        _id(),
        _talks_id(),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actor_id", sa.String(ID), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("act", sa.String(100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("party_id", sa.String(ID), nullable=True),
        sa.Column("audience", sa.String(20), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("stub", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_record_entries"),
        _to_talks("record_entries", deferred=True),
        _deferred("record_entries", "party_id", "parties.id"),
        sa.UniqueConstraint("talks_id", "seq", name="uq_record_entries_talks_id_seq"),
    )
    op.create_table(
        "record_heads",
        _talks_id(),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("talks_id", name="pk_record_heads"),
        _to_talks("record_heads", deferred=True),
    )


def downgrade() -> None:
    for table in (
        "record_heads",
        "record_entries",
        "memorandum_versions",
        "memoranda",
        "rounds",
        "issues",
        "memberships",
        "parties",
        "talks",
        "people",
    ):
        op.drop_table(table)

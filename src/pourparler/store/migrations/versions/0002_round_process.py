"""Round process: sealed exchanges and commitments, clarifications, the negotiating text,
mediator notes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Written by hand to match `pourparler.store.process_tables`; a test compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36
ENUM = 40


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(ID), nullable=False)


def _text(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(ID), nullable=nullable)


def _when(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _position() -> sa.Column[int]:
    return sa.Column("position", sa.Integer(), nullable=False)


def _owned(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}", ondelete="CASCADE"
    )


def _deferred(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}", deferrable=True, initially="DEFERRED"
    )


def upgrade() -> None:
    op.create_table(
        "exchanges",
        _id(),
        _text("talks_id"),
        _text("round_id"),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("policy", sa.String(ENUM), nullable=False),
        sa.Column("party_ids", sa.JSON(), nullable=False),
        _when("opened_at"),
        _text("opened_by"),
        _when("deadline", nullable=True),
        sa.Column("status", sa.String(ENUM), nullable=False),
        _when("revealed_at", nullable=True),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_exchanges"),
        _owned("exchanges", "talks_id", "talks.id"),
        _deferred("exchanges", "round_id", "rounds.id"),
    )
    op.create_index("ix_exchanges_talks_id", "exchanges", ["talks_id"])
    op.create_table(
        "commitments",
        _id(),
        _text("exchange_id"),
        _text("party_id"),
        _text("memorandum_id"),
        _text("version_id"),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        _when("committed_at"),
        _text("committed_by"),
        _when("withdrawn_at", nullable=True),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_commitments"),
        _owned("commitments", "exchange_id", "exchanges.id"),
        _deferred("commitments", "party_id", "parties.id"),
    )
    op.create_index("ix_commitments_exchange_id", "commitments", ["exchange_id"])
    op.create_table(
        "clarifications",
        _id(),
        _text("talks_id"),
        _text("round_id", nullable=True),
        _text("memorandum_id"),
        _text("version_id"),
        sa.Column("anchor", sa.String(ENUM), nullable=False),
        sa.Column("anchor_key", sa.String(80), nullable=False),
        _text("asking_party_id"),
        _text("answering_party_id"),
        sa.Column("question", sa.Text(), nullable=False),
        _text("asked_by"),
        _when("asked_at"),
        sa.Column("answer", sa.Text(), nullable=False),
        _text("answered_by", nullable=True),
        _when("answered_at", nullable=True),
        sa.Column("status", sa.String(ENUM), nullable=False),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_clarifications"),
        _owned("clarifications", "talks_id", "talks.id"),
        _deferred("clarifications", "asking_party_id", "parties.id"),
        _deferred("clarifications", "answering_party_id", "parties.id"),
    )
    op.create_index("ix_clarifications_talks_id", "clarifications", ["talks_id"])
    op.create_table(
        "negotiating_texts",
        _id(),
        _text("talks_id"),
        sa.Column("title", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_negotiating_texts"),
        _owned("negotiating_texts", "talks_id", "talks.id"),
        sa.UniqueConstraint("talks_id", name="uq_negotiating_texts_talks_id"),
    )
    op.create_table(
        "text_versions",
        _id(),
        _text("text_id"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("clauses", sa.JSON(), nullable=False),
        _when("created_at"),
        _text("created_by"),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_text_versions"),
        _owned("text_versions", "text_id", "negotiating_texts.id"),
        sa.UniqueConstraint("text_id", "number", name="uq_text_versions_text_id_number"),
    )
    op.create_index("ix_text_versions_text_id", "text_versions", ["text_id"])
    op.create_table(
        "acceptances",
        _id(),
        _text("text_id"),
        _text("party_id"),
        sa.Column("version_hash", sa.String(64), nullable=False),
        _text("accepted_by"),
        _when("accepted_at"),
        _when("withdrawn_at", nullable=True),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_acceptances"),
        _owned("acceptances", "text_id", "negotiating_texts.id"),
        _deferred("acceptances", "party_id", "parties.id"),
    )
    op.create_index("ix_acceptances_text_id", "acceptances", ["text_id"])
    op.create_table(
        "mediator_notes",
        _id(),
        _text("talks_id"),
        _text("round_id", nullable=True),
        _text("author_id"),
        _when("written_at"),
        sa.Column("text", sa.Text(), nullable=False),
        _position(),
        sa.PrimaryKeyConstraint("id", name="pk_mediator_notes"),
        _owned("mediator_notes", "talks_id", "talks.id"),
    )
    op.create_index("ix_mediator_notes_talks_id", "mediator_notes", ["talks_id"])


def downgrade() -> None:
    for table in (
        "mediator_notes",
        "acceptances",
        "text_versions",
        "negotiating_texts",
        "clarifications",
        "commitments",
        "exchanges",
    ):
        op.drop_table(table)

"""Sign-in sessions and API tokens, invitations, and failed sign-ins for the rate limits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Written by hand to match `pourparler.store.credential_tables`; a test compares the two.
Accounts made before this revision keep their passwords; nobody is signed in yet.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36
DIGEST = 64


def _person_link(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"],
        ["people.id"],
        name=f"fk_{table}_person_id",
        ondelete="CASCADE",
        deferrable=True,
        initially="DEFERRED",
    )


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("person_id", sa.String(ID), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=True),
        sa.Column("secret_hash", sa.String(DIGEST), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        _person_link("sessions"),
        sa.UniqueConstraint("secret_hash", name="uq_sessions_secret_hash"),
    )
    op.create_index("ix_sessions_person_id", "sessions", ["person_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("person_id", sa.String(ID), nullable=False),
        sa.Column("talks_id", sa.String(ID), nullable=True),
        sa.Column("role", sa.String(40), nullable=True),
        sa.Column("party_id", sa.String(ID), nullable=True),
        sa.Column("secret_hash", sa.String(DIGEST), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(ID), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        _person_link("invitations"),
        sa.ForeignKeyConstraint(
            ["talks_id"], ["talks.id"], name="fk_invitations_talks_id", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("secret_hash", name="uq_invitations_secret_hash"),
    )
    op.create_index("ix_invitations_person_id", "invitations", ["person_id"])
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("account", sa.String(254), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    for column in ("account", "address", "at"):
        op.create_index(f"ix_sign_in_failures_{column}", "sign_in_failures", [column])


def downgrade() -> None:
    for column in ("account", "address", "at"):
        op.drop_index(f"ix_sign_in_failures_{column}", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index("ix_invitations_person_id", table_name="invitations")
    op.drop_table("invitations")
    op.drop_index("ix_sessions_person_id", table_name="sessions")
    op.drop_table("sessions")

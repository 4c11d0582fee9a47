"""Secret bids bound to their profile, the kept verdict on them; seats confirmed by the head.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Written by hand to match `pourparler.store.profile_tables` and `pourparler.store.mapping`; a
test compares the two.

Seats given before this revision: heads, and seats outside any party, stay in effect; a
delegate's or an adviser's seat waits for the party's head to confirm it, since nobody did.

Bids placed before this revision stood on no recorded profile: they are withdrawn, and the
heads bid again (a bid that could be probed is no bid worth keeping).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36


def upgrade() -> None:
    op.add_column(
        "memberships",
        sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    seats = sa.table(
        "memberships", sa.column("role", sa.String), sa.column("confirmed", sa.Boolean)
    )
    op.execute(
        seats.update().where(seats.c.role.in_(["delegate", "adviser"])).values(confirmed=sa.false())
    )
    op.add_column("preference_profiles", sa.Column("bid_basis", sa.String(64), nullable=True))
    op.execute("UPDATE preference_profiles SET secret_minimum = NULL")
    op.create_table(
        "secret_verdicts",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("talks_id", sa.String(ID), nullable=False),
        sa.Column("basis", sa.String(64), nullable=False),
        sa.Column("overlap", sa.Boolean(), nullable=False),
        sa.Column("package", sa.JSON(), nullable=True),
        sa.Column("utilities", sa.JSON(), nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_secret_verdicts"),
        sa.ForeignKeyConstraint(
            ["talks_id"], ["talks.id"], name="fk_secret_verdicts_talks_id", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("talks_id", name="uq_secret_verdicts_talks_id"),
    )


def downgrade() -> None:
    op.drop_table("secret_verdicts")
    with op.batch_alter_table("preference_profiles") as batch:
        batch.drop_column("bid_basis")
    with op.batch_alter_table("memberships") as batch:
        batch.drop_column("confirmed")

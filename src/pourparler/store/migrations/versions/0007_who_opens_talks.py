"""Who may open talks: the right the operator grants an account (`pourparler user allow`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

Written by hand to match `pourparler.store.mapping.people`; a test compares the two. Accounts
made before this revision do not open talks: the operator grants the right to those that should.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "people",
        sa.Column("opens_talks", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # SQLite drops a column by copying the table; batch mode does that where it is needed.
    with op.batch_alter_table("people") as batch:
        batch.drop_column("opens_talks")

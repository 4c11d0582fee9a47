"""Signed record heads, the keys that sign them, imports, and reveals to some parties only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Written by hand to match `pourparler.store.signature_tables` and the changed columns of
`pourparler.store.mapping`; a test compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 36


def _talks_link() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["talks_id"], ["talks.id"], ondelete="CASCADE", deferrable=True, initially="DEFERRED"
    )


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous", sa.String(64), nullable=True),
        sa.Column("handover", sa.String(128), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint", name="pk_signing_keys"),
    )
    op.create_table(
        "record_signatures",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("talks_id", sa.String(ID), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_record_signatures"),
        _talks_link(),
        sa.UniqueConstraint("talks_id", "seq", "key", name="uq_record_signatures_talks_id_seq_key"),
    )
    op.create_index("ix_record_signatures_talks_id", "record_signatures", ["talks_id"])
    op.create_table(
        "talks_imports",
        sa.Column("talks_id", sa.String(ID), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("signers", sa.Text(), nullable=False),
        sa.Column("withheld", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("talks_id", name="pk_talks_imports"),
        _talks_link(),
    )
    with op.batch_alter_table("memorandum_versions") as table:
        table.add_column(
            sa.Column("revealed_to", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("record_entries") as table:
        table.alter_column("audience", type_=sa.Text(), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("record_entries") as table:
        table.alter_column("audience", type_=sa.String(20), existing_nullable=True)
    with op.batch_alter_table("memorandum_versions") as table:
        table.drop_column("revealed_to")
    op.drop_table("talks_imports")
    op.drop_index("ix_record_signatures_talks_id", table_name="record_signatures")
    op.drop_table("record_signatures")
    op.drop_table("signing_keys")

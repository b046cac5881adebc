"""response cache

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 20:00:00.000000

Answers kept by the SHA-256 of their request, shared by every worker; a
run says how it uses them, its items whether they came from there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import runcast.db.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_cache",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("request", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("output", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column(
            "stored_at", runcast.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cached_items", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "cache",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="use",
            )
        )
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        # a constant default: SQLite adds the column in place, no table copy
        batch_op.add_column(
            sa.Column("cached", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.drop_column("cached")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_column("cache")
        batch_op.drop_column("cached_items")
    op.drop_table("response_cache")

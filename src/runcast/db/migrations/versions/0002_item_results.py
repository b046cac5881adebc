"""item results

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 05:10:24.427920
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "assertion_results", sa.JSON(), nullable=False, server_default="[]"
            )
        )
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.drop_column("score")
        batch_op.drop_column("assertion_results")
        batch_op.drop_column("attempts")

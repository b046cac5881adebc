"""experiment assertions and budget

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("assertions", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("budget", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_column("budget")
        batch_op.drop_column("assertions")

"""repetitions

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:10:00.000000

An experiment asks the model several times per row; each answer is an item of
its own, which knows its row and its repetition. Items stored before were the
only repetition of their row, whose index was the item's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("repetitions", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_index", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("repetition", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute('UPDATE run_items SET row_index = "index"')
    op.create_index("ix_run_items_run_row", "run_items", ["run_id", "row_index"])


def downgrade() -> None:
    op.drop_index("ix_run_items_run_row", table_name="run_items")
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.drop_column("repetition")
        batch_op.drop_column("row_index")
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_column("repetitions")

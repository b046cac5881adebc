"""judge usage

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-10 10:00:00.000000

Runs and items count what LLM_JUDGE judges spent apart from the answers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("runs", "run_items")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ("judge_input_tokens", "judge_output_tokens"):
                batch_op.add_column(
                    sa.Column(name, sa.Integer(), nullable=False, server_default="0")
                )
            batch_op.add_column(
                sa.Column("judge_cost", sa.Float(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ("judge_cost", "judge_output_tokens", "judge_input_tokens"):
                batch_op.drop_column(name)

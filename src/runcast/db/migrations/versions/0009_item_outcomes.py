"""item outcomes and attempt history

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-04 10:00:00.000000

An item stores its outcome (passed, failed assertions, errored), so a run's
items filter on it by index, and the history of its attempts. Items already
finished get the outcome their status and score say.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=24), nullable=True))
        batch_op.add_column(
            sa.Column("attempt_history", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.create_index(
            "ix_run_items_run_outcome", ["run_id", "outcome"], unique=False
        )
    # a score below 1 is an assertion that did not hold; no score, none to hold
    op.execute(
        "UPDATE run_items SET outcome = CASE"
        " WHEN status = 'failed' THEN 'errored'"
        " WHEN status = 'succeeded' AND score < 1 THEN 'failed_assertions'"
        " WHEN status = 'succeeded' THEN 'passed'"
        " END"
    )


def downgrade() -> None:
    with op.batch_alter_table("run_items", schema=None) as batch_op:
        batch_op.drop_index("ix_run_items_run_outcome")
        batch_op.drop_column("attempt_history")
        batch_op.drop_column("outcome")

"""run configs apart from runs

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:40:00.000000

A run's frozen config moves to a table of its own, so the rows that hot paths
read and update (status, lease, counters) no longer carry the whole dataset.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "run_configs",
        sa.Column(
            "run_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False
        ),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"]),
        sa.PrimaryKeyConstraint("run_id"),
    )
    op.execute("INSERT INTO run_configs (run_id, config) SELECT id, config FROM runs")
    # SQLite drops a column in place (3.35+), keeping the table as it was
    op.execute("ALTER TABLE runs DROP COLUMN config")


def downgrade() -> None:
    op.add_column(
        "runs", sa.Column("config", sa.JSON(), nullable=False, server_default="{}")
    )
    op.execute(
        "UPDATE runs SET config ="
        " (SELECT config FROM run_configs WHERE run_configs.run_id = runs.id)"
    )
    op.drop_table("run_configs")

"""reviews

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 20:30:00.000000

Human reviews of run items: one current review per item and reviewer.
It follows 0010, the head of main when it was merged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import runcast.db.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "run_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False
        ),
        sa.Column("item_index", sa.Integer(), nullable=False),
        sa.Column(
            "reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column(
            "verdict", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "reviewed_at", runcast.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "run_id", "item_index", "reviewer", name="uq_reviews_run_item_reviewer"
        ),
    )


def downgrade() -> None:
    op.drop_table("reviews")

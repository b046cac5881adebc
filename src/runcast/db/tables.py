"""The SQLModel tables; each ``XRow`` stores the domain model ``X``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from runcast.db.types import UTCDateTime

__all__ = [
    "ApiTokenRow",
    "CachedResponseRow",
    "ExperimentRow",
    "ReviewRow",
    "RunConfigRow",
    "RunEventRow",
    "RunItemRow",
    "RunRow",
    "metadata",
]

metadata = SQLModel.metadata


class ExperimentRow(SQLModel, table=True):
    """An experiment; its name is unique among those not archived."""

    __tablename__ = "experiments"
    __table_args__ = (
        Index(
            "uq_experiments_live_name",
            "name",
            unique=True,
            sqlite_where=text("archived = 0"),
            postgresql_where=text("archived = false"),
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    description: str = ""
    prompt: str
    model: dict[str, Any] = Field(sa_type=JSON)
    dataset: list[dict[str, Any]] = Field(sa_type=JSON)
    assertions: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    budget: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    repetitions: int = 1
    archived: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class RunRow(SQLModel, table=True):
    """A run, its lease, its counters and the last sequence number of its events."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_status_created", "status", "created_at"),)

    id: str = Field(primary_key=True, max_length=36)
    experiment_id: str = Field(foreign_key="experiments.id", index=True)
    status: str = Field(max_length=16)
    attempt: int = 1
    max_attempts: int = 1
    idempotency_key: str | None = Field(
        default=None, unique=True, max_length=200, nullable=True
    )
    parent_run_id: str | None = Field(default=None, foreign_key="runs.id")
    total_items: int = 0
    succeeded_items: int = 0
    failed_items: int = 0
    cancelled_items: int = 0
    cached_items: int = 0
    cache: str = Field(default="use", max_length=16)
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    judge_input_tokens: int = 0
    judge_output_tokens: int = 0
    judge_cost: float = 0.0
    error_code: str | None = None
    error_message: str | None = None
    last_event_seq: int = 0
    worker_id: str | None = None
    lease_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RunConfigRow(SQLModel, table=True):
    """A run's frozen copy of its experiment's config, apart from its live state."""

    __tablename__ = "run_configs"

    run_id: str = Field(primary_key=True, foreign_key="runs.id", max_length=36)
    config: dict[str, Any] = Field(sa_type=JSON)


class RunItemRow(SQLModel, table=True):
    """One item (cell) of a run: a dataset row's repetition, and what it produced."""

    __tablename__ = "run_items"
    __table_args__ = (
        UniqueConstraint("run_id", "index"),
        Index("ix_run_items_run_outcome", "run_id", "outcome"),
        Index("ix_run_items_run_row", "run_id", "row_index"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="runs.id")
    index: int
    row_index: int
    repetition: int = 0
    variables: dict[str, Any] = Field(sa_type=JSON)
    rendered_prompt: str | None = None
    status: str = Field(max_length=16)
    output: str | None = None
    latency_ms: float | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    cached: bool = False
    judge_input_tokens: int = 0
    judge_output_tokens: int = 0
    judge_cost: float = 0.0
    error_code: str | None = None
    error_message: str | None = None
    attempts: int = 0
    assertion_results: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    score: float | None = None
    # stored, not derived in SQL, so a run's items filter on it by index
    outcome: str | None = Field(default=None, max_length=24)
    attempt_history: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)


class RunEventRow(SQLModel, table=True):
    """One entry of the event log, written in the transaction of its change."""

    __tablename__ = "run_events"
    # ids are cursors: they must never be reused, even for a deleted last row
    __table_args__ = (
        UniqueConstraint("run_id", "seq"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="runs.id")
    experiment_id: str = Field(index=True)
    seq: int
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(sa_type=JSON)
    at: datetime = Field(sa_type=UTCDateTime)


class CachedResponseRow(SQLModel, table=True):
    """A model's complete answer, kept by the SHA-256 of its request's JSON."""

    __tablename__ = "response_cache"

    key: str = Field(primary_key=True, max_length=64)
    request: str
    output: str
    input_tokens: int
    output_tokens: int
    cost: float
    latency_ms: float
    stored_at: datetime = Field(sa_type=UTCDateTime)


class ApiTokenRow(SQLModel, table=True):
    """An API token: its name, its access and a digest of its secret."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        Index(
            "uq_api_tokens_live_name",
            "name",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: str = Field(primary_key=True, max_length=12)
    name: str = Field(max_length=100)
    digest: str = Field(max_length=64)
    read_only: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReviewRow(SQLModel, table=True):
    """One reviewer's current review of one item of a run."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint(
            "run_id", "item_index", "reviewer", name="uq_reviews_run_item_reviewer"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(foreign_key="runs.id", max_length=36)
    item_index: int
    reviewer: str = Field(max_length=100)
    verdict: str = Field(max_length=16)
    score: float | None = None
    comment: str | None = None
    reviewed_at: datetime = Field(sa_type=UTCDateTime)

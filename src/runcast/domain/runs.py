"""Runs: one execution of an experiment's frozen config over its dataset."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, JsonValue, computed_field

from runcast.domain.assertions import AssertionResult, passed
from runcast.domain.errors import InvalidTransitionError, ValidationError
from runcast.domain.experiments import ExperimentConfig, ExperimentSummary
from runcast.domain.pagination import Page
from runcast.domain.usage import Usage

__all__ = [
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "CacheMode",
    "ClaimedRun",
    "ItemAttempt",
    "ItemStatus",
    "Lease",
    "Outcome",
    "OutcomeCounts",
    "RerunScope",
    "Run",
    "RunError",
    "RunItem",
    "RunProgress",
    "RunStatus",
    "RunsPage",
    "Usage",
    "check_idempotency_key",
    "check_transition",
    "outcome_of",
]

MAX_IDEMPOTENCY_KEY_LENGTH = 200


class RunStatus(StrEnum):
    """Where a run is in its life; see ``TRANSITIONS`` for the allowed moves."""

    PENDING = "pending"
    RUNNING = "running"
    CANCELLING = "cancelling"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """Whether the run can never change again."""
        return self in TERMINAL_STATUSES

    @property
    def is_live(self) -> bool:
        """Whether a worker is executing the run (or stopping it)."""
        return self in {RunStatus.RUNNING, RunStatus.CANCELLING}


TERMINAL_STATUSES = frozenset(
    {RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED}
)

TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.PENDING: frozenset({RunStatus.RUNNING, RunStatus.CANCELLED}),
    RunStatus.RUNNING: frozenset(
        {
            RunStatus.SUCCEEDED,
            RunStatus.FAILED,
            RunStatus.CANCELLING,
            # a retryable failure or an expired lease puts the run back in line
            RunStatus.PENDING,
        }
    ),
    RunStatus.CANCELLING: frozenset({RunStatus.CANCELLED}),
    RunStatus.SUCCEEDED: frozenset(),
    RunStatus.FAILED: frozenset(),
    RunStatus.CANCELLED: frozenset(),
}


def check_transition(run_id: str, current: RunStatus, requested: RunStatus) -> None:
    """Raise ``InvalidTransitionError`` unless ``current → requested`` is allowed."""
    if requested not in TRANSITIONS[current]:
        raise InvalidTransitionError(
            run_id=run_id, current=current.name, requested=requested.name
        )


class RerunScope(StrEnum):
    """Which items of a run a rerun executes again."""

    ALL = "all"
    FAILED = "failed"
    NOT_PASSED = "not_passed"


class CacheMode(StrEnum):
    """How a run uses the response cache."""

    USE = "use"
    REFRESH = "refresh"
    OFF = "off"

    @property
    def reads(self) -> bool:
        """Whether a request is answered from the cache when it can be."""
        return self is CacheMode.USE

    @property
    def writes(self) -> bool:
        """Whether a new answer is kept in the cache (replacing an old one)."""
        return self is not CacheMode.OFF


class ItemStatus(StrEnum):
    """Where one dataset item of a run is."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    """What a finished item's answer earned, beside how its execution ended.

    Only an item the model answered in full or failed to answer has one: a
    pending item, or one whose run was cancelled while it streamed, has
    none (``outcome_of`` returns None).
    """

    PASSED = "passed"
    FAILED_ASSERTIONS = "failed_assertions"
    ERRORED = "errored"


def outcome_of(
    status: ItemStatus, assertion_results: Sequence[AssertionResult]
) -> Outcome | None:
    """The outcome of an item in ``status`` whose assertions went so.

    SUCCEEDED passes when every assertion that weighs something held (or
    there were none) and fails its assertions otherwise; FAILED is an error;
    PENDING and CANCELLED have no outcome.
    """
    if status is ItemStatus.FAILED:
        return Outcome.ERRORED
    if status is not ItemStatus.SUCCEEDED:
        return None
    if passed(assertion_results):
        return Outcome.PASSED
    return Outcome.FAILED_ASSERTIONS


class OutcomeCounts(BaseModel):
    """How many of a run's items have each outcome."""

    passed: int = Field(0, description="Items whose every assertion held.")
    failed_assertions: int = Field(
        0, description="Items answered whose assertions did not all hold."
    )
    errored: int = Field(0, description="Items the model did not answer.")
    without_outcome: int = Field(
        0, description="Items pending, running, cancelled or never run."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def not_passed(self) -> int:
        """Items a rerun of scope NOT_PASSED would execute again."""
        return self.failed_assertions + self.errored + self.without_outcome


class RunProgress(BaseModel):
    """How many of a run's items are done."""

    total: int = Field(0, description="Items in the run.")
    succeeded: int = Field(0, description="Items that finished without error.")
    failed: int = Field(0, description="Items that finished with an error.")
    cancelled: int = Field(
        0, description="Items the run's cancel stopped while they were answered."
    )
    cached: int = Field(
        0,
        description=(
            "Finished items answered from the response cache (also counted "
            "in `succeeded`)."
        ),
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pending(self) -> int:
        """Items not finished yet, including those being executed."""
        return self.total - self.succeeded - self.failed - self.cancelled


class RunError(BaseModel):
    """Why a run failed."""

    code: str = Field(
        description="A stable name for the cause, e.g. `CRASHED`, `ITEMS_FAILED`."
    )
    message: str = Field(description="What went wrong, for people.")


class Run(BaseModel):
    """A run's live state: what hot paths read and write.

    Its frozen config (prompt, model settings, the whole dataset) is a shape
    of its own, loaded once by the worker that claims the run (``ClaimedRun``)
    and by the API only when a query asks for it: nothing on a per-item or
    per-event path decodes it.
    """

    id: str = Field(description="Stable and unique among experiments and runs.")
    experiment_id: str = Field(description="The experiment this run executes.")
    status: RunStatus = Field(description="Where the run is in its life.")
    attempt: int = Field(1, description="Which attempt this is, from 1.")
    max_attempts: int = Field(
        1, description="Attempts allowed before a crashed run is FAILED."
    )
    idempotency_key: str | None = Field(
        None, description="The key the run was created with; null: none."
    )
    parent_run_id: str | None = Field(
        None, description="The run this one reran; null: not a rerun."
    )
    progress: RunProgress = Field(
        default_factory=RunProgress, description="How many items are done."
    )
    usage: Usage = Field(
        default_factory=Usage,
        description=(
            "Tokens and cost the run spent so far: its items' usage, except "
            "that items answered from the response cache spend nothing."
        ),
    )
    cache: CacheMode = Field(
        CacheMode.USE, description="How the run uses the response cache."
    )
    error: RunError | None = Field(
        None, description="Why the run failed; null unless FAILED."
    )
    created_at: datetime = Field(description="When the run was created.")
    started_at: datetime | None = Field(
        None, description="When a worker first started it; null: not yet."
    )
    finished_at: datetime | None = Field(
        None, description="When it reached a terminal status; null: not yet."
    )
    cancel_requested_at: datetime | None = Field(
        None, description="When cancelling was asked for; null: never."
    )
    worker_id: str | None = None
    lease_expires_at: datetime | None = None


class RunsPage(Page[Run]):
    """A page of runs and where the event log stood when it was read."""

    event_cursor: int = Field(
        description=(
            "The newest event's id, read before the page in the same snapshot: "
            "following changes after it misses none the page does not show."
        )
    )
    experiments: dict[str, ExperimentSummary] = Field(
        default_factory=dict,
        description="The runs' experiments by id, when the read was asked for them.",
    )


class Lease(BaseModel):
    """A worker's hold on a run, until it expires unless renewed."""

    worker_id: str
    expires_at: datetime


class ClaimedRun(BaseModel):
    """A run a worker holds, with the frozen config it executes."""

    run: Run
    config: ExperimentConfig = Field(
        description="As frozen; its dataset's rows are validated as they are read."
    )


class ItemAttempt(BaseModel):
    """One try at answering an item: how long it took and how it ended."""

    number: int = Field(description="Which attempt of the item this was, from 1.")
    latency_ms: float | None = Field(
        None, description="Milliseconds it took; null: not measured."
    )
    error: RunError | None = Field(
        None, description="Why it failed; null: it answered."
    )


class RunItem(BaseModel):
    """One cell of a run: a dataset row's answer in one repetition."""

    run_id: str = Field(description="The run this item belongs to.")
    index: int = Field(
        description=(
            "The item's position in its run, from 0: its row's position times "
            "the repetitions, plus its repetition (with one repetition, the row's)."
        )
    )
    row: int = Field(description="The dataset row's position, from 0.")
    repetition: int = Field(
        0, description="Which of the row's repetitions the item is, from 0."
    )
    variables: dict[str, JsonValue] = Field(
        description="The row's values for the prompt's variables."
    )
    rendered_prompt: str | None = Field(
        None, description="The prompt sent, variables filled in; null: not yet."
    )
    status: ItemStatus = Field(
        ItemStatus.PENDING, description="Whether the item is done, and how."
    )
    output: str | None = Field(
        None, description="The model's whole answer; null until it finished."
    )
    latency_ms: float | None = Field(
        None, description="Milliseconds the answer took; null until finished."
    )
    usage: Usage = Field(
        default_factory=Usage,
        description=(
            "Tokens and cost of the item's answer; for a cached item those of "
            "the answer when it was made, which this run did not spend."
        ),
    )
    cached: bool = Field(
        False, description="Whether the answer came from the response cache."
    )
    error: RunError | None = Field(
        None, description="Why the item failed; null unless FAILED."
    )
    attempts: int = Field(
        0,
        description=(
            "How many times the item was executed; an answer from the cache "
            "counts as one."
        ),
    )
    assertion_results: Sequence[AssertionResult] = Field(
        default_factory=list, description="Each assertion's outcome, in order."
    )
    score: float | None = Field(
        None,
        description="Weighted share of assertions passed; null: none weighs anything.",
    )
    attempt_history: Sequence[ItemAttempt] = Field(
        default_factory=list,
        description=(
            "Each attempt of the worker that finished the item, oldest first: "
            "attempts of a worker that crashed before are counted, not listed."
        ),
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> Outcome | None:
        """Passed, failed its assertions or errored; null while it has none."""
        return outcome_of(self.status, self.assertion_results)

    @property
    def is_finished(self) -> bool:
        """Whether the item has its final result."""
        return self.status is not ItemStatus.PENDING

    @property
    def spend(self) -> Usage:
        """What the item cost its run: its usage, but when its answer came
        from the cache only what its judges spent grading it."""
        if not self.cached:
            return self.usage
        return Usage(
            judge_input_tokens=self.usage.judge_input_tokens,
            judge_output_tokens=self.usage.judge_output_tokens,
            judge_cost=self.usage.judge_cost,
        )


def check_idempotency_key(key: str) -> None:
    """Refuse an idempotency key that is empty or longer than 200 characters."""
    if not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY_LENGTH:
        raise ValidationError(
            "an idempotency key has 1 to "
            f"{MAX_IDEMPOTENCY_KEY_LENGTH} characters, got {len(key)}",
            field="idempotency_key",
        )

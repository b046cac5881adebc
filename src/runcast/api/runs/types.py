"""GraphQL types of runs and their events, generated from the domain models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from runcast.api.experiments.types import Experiment, ExperimentConfig
from runcast.domain import runs as domain
from runcast.domain.events import RunEvent as DomainRunEvent
from runcast.domain.runs import RunStatus

__all__ = [
    "CancelRunInput",
    "CancelRunResult",
    "CreateRunInput",
    "CreateRunResult",
    "Run",
    "RunEvent",
    "RunStatusChange",
]


@strawberry.pydantic.type(name="RunProgress", description="How many items are done.")
class RunProgress(domain.RunProgress):
    pass


@strawberry.pydantic.type(name="Usage", description="Tokens spent and their cost.")
class Usage(domain.Usage):
    pass


@strawberry.pydantic.type(name="RunError", description="Why a run failed.")
class RunError(domain.RunError):
    pass


@strawberry.pydantic.type(name="Run", description="One execution of an experiment.")
class Run(domain.Run):
    id: strawberry.ID
    experiment_id: strawberry.ID
    parent_run_id: strawberry.ID | None = None
    config: ExperimentConfig
    progress: RunProgress
    usage: Usage
    error: RunError | None = None
    worker_id: strawberry.Private[str | None] = None
    lease_expires_at: strawberry.Private[datetime | None] = None

    @strawberry.pydantic.field(description="The experiment this run belongs to.")
    async def experiment(self, info: Info) -> Experiment:
        experiment = await info.context.loaders.experiments.load(self.experiment_id)
        assert experiment is not None, "runs keep their experiment"
        return Experiment.from_domain(experiment)

    @classmethod
    def from_domain(cls, run: domain.Run) -> Run:
        """Return the GraphQL view of a domain run."""
        return cls.model_validate(run, from_attributes=True)


@strawberry.interface(description="An entry of a run's event log.")
class RunEvent:
    cursor: str = strawberry.field(description="Pass it as `after` to resume here.")
    seq: int = strawberry.field(description="Numbers a run's events from 1, no gaps.")
    at: datetime


@strawberry.type(description="A run changed status.")
class RunStatusChange(RunEvent):
    run_id: strawberry.ID
    previous_status: RunStatus | None
    status: RunStatus

    @strawberry.field(description="The run as it is now.")
    async def run(self, info: Info) -> Run:
        run = await info.context.loaders.runs.load(self.run_id)
        assert run is not None, "events keep their run"
        return Run.from_domain(run)

    @classmethod
    def from_domain(cls, event: DomainRunEvent) -> RunStatusChange:
        """Return the GraphQL view of a status event."""
        return cls(
            cursor=event.cursor,
            seq=event.seq,
            at=event.at,
            run_id=strawberry.ID(event.run_id),
            previous_status=event.payload.previous_status,
            status=event.payload.status,
        )


@strawberry.input(name="CreateRunInput")
class CreateRunInput:
    experiment_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key returns the run it first created.",
    )


@strawberry.input(name="CancelRunInput")
class CancelRunInput:
    id: strawberry.ID


CreateRunResult = Annotated[
    Run | ValidationError | NotFoundError | ConflictError,
    strawberry.union("CreateRunResult"),
]
CancelRunResult = Annotated[
    Run | NotFoundError | InvalidTransitionError, strawberry.union("CancelRunResult")
]

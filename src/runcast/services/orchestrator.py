"""The orchestrator: the one entry point for every Runcast use case."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

from runcast.db import experiments as experiment_store
from runcast.db import runs as run_store
from runcast.db.database import Database
from runcast.db.types import utc_now
from runcast.domain.errors import ConflictError, NotFoundError
from runcast.domain.events import RunEvent, RunEventKind, parse_event_cursor
from runcast.domain.experiments import (
    Experiment,
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
)
from runcast.domain.pagination import Page, PageRequest
from runcast.domain.runs import Run, RunItem, RunStatus
from runcast.events.bus import EventBus
from runcast.events.stream import follow_events, latest_cursor

__all__ = ["Orchestrator"]


def _new_id() -> str:
    return str(uuid.uuid4())


class Orchestrator:
    """Carries out use cases: validates, persists, and announces what changed.

    Every status change is a compare-and-set that writes its event in the same
    transaction; the event's id is published on the bus after the commit.
    """

    def __init__(
        self,
        *,
        database: Database,
        bus: EventBus,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self._database = database
        self._bus = bus
        self._clock = clock
        self._new_id = new_id

    # -- experiments -------------------------------------------------------

    async def create_experiment(self, config: ExperimentConfigCreate) -> Experiment:
        """Store a new experiment; its name must be free among live ones."""
        now = self._clock()
        experiment = Experiment(
            **config.model_dump(), id=self._new_id(), created_at=now, updated_at=now
        )
        async with self._database.writing() as session:
            await experiment_store.save_experiment(session, experiment)
        return experiment

    async def get_experiment(self, *, experiment_id: str) -> Experiment:
        """Return an experiment, archived or not."""
        async with self._database.reading() as session:
            experiment = await experiment_store.get_experiment(session, experiment_id)
        if experiment is None:
            raise NotFoundError("experiment", experiment_id)
        return experiment

    async def get_experiments(
        self, *, experiment_ids: list[str]
    ) -> list[Experiment | None]:
        """Return the experiments with these ids, in order (None where unknown)."""
        async with self._database.reading() as session:
            found = await experiment_store.get_experiments(session, experiment_ids)
        return [found.get(experiment_id) for experiment_id in experiment_ids]

    async def list_experiments(
        self,
        *,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> Page[Experiment]:
        """Return a page of live experiments, newest first."""
        request = PageRequest.parse(first=first, after=after)
        async with self._database.reading() as session:
            return await experiment_store.list_experiments(
                session, request, search=search
            )

    async def update_experiment(
        self, *, experiment_id: str, changes: ExperimentConfigUpdate
    ) -> Experiment:
        """Change an experiment's config; runs already created keep theirs."""
        async with self._database.writing() as session:
            current = await experiment_store.get_experiment(session, experiment_id)
            if current is None:
                raise NotFoundError("experiment", experiment_id)
            config = changes.apply_to(current)
            updated = current.model_copy(
                update=dict(config) | {"updated_at": self._clock()}
            )
            await experiment_store.save_experiment(session, updated)
        return updated

    async def archive_experiment(self, *, experiment_id: str) -> Experiment:
        """Archive an experiment: it leaves the list and its name becomes free."""
        async with self._database.writing() as session:
            current = await experiment_store.get_experiment(session, experiment_id)
            if current is None:
                raise NotFoundError("experiment", experiment_id)
            archived = current.model_copy(
                update={"archived": True, "updated_at": self._clock()}
            )
            await experiment_store.save_experiment(session, archived)
        return archived

    # -- runs --------------------------------------------------------------

    async def create_run(
        self, *, experiment_id: str, idempotency_key: str | None = None
    ) -> Run:
        """Start a run of an experiment's current config.

        The same idempotency key always returns the run it first created.
        """
        try:
            async with self._database.writing() as session:
                if idempotency_key is not None:
                    existing = await run_store.find_run_by_idempotency_key(
                        session, idempotency_key
                    )
                    if existing is not None:
                        return _same_experiment(existing, experiment_id)
                experiment = await experiment_store.get_experiment(
                    session, experiment_id
                )
                if experiment is None:
                    raise NotFoundError("experiment", experiment_id)
                if experiment.archived:
                    raise ConflictError(
                        f"experiment {experiment_id!r} is archived",
                        field="experimentId",
                    )
                run, items = self._new_run(experiment, idempotency_key)
                run, event = await run_store.insert_run(session, run, items)
        except run_store.IdempotencyKeyTakenError:
            # another process took the key between our look-up and our insert
            assert idempotency_key is not None
            async with self._database.reading() as session:
                existing = await run_store.find_run_by_idempotency_key(
                    session, idempotency_key
                )
            assert existing is not None
            return _same_experiment(existing, experiment_id)
        await self._bus.publish(event.id)
        return run

    async def get_run(self, *, run_id: str) -> Run:
        """Return a run."""
        async with self._database.reading() as session:
            run = await run_store.get_run(session, run_id)
        if run is None:
            raise NotFoundError("run", run_id)
        return run

    async def get_runs(self, *, run_ids: list[str]) -> list[Run | None]:
        """Return the runs with these ids, in order (None where unknown)."""
        async with self._database.reading() as session:
            found = await run_store.get_runs(session, run_ids)
        return [found.get(run_id) for run_id in run_ids]

    async def list_runs(
        self,
        *,
        experiment_id: str | None = None,
        status: RunStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[Run]:
        """Return a page of runs, newest first."""
        request = PageRequest.parse(first=first, after=after)
        async with self._database.reading() as session:
            return await run_store.list_runs(
                session, request, experiment_id=experiment_id, status=status
            )

    async def list_run_items(self, *, run_id: str) -> list[RunItem]:
        """Return a run's items in dataset order."""
        async with self._database.reading() as session:
            return await run_store.list_items(session, run_id)

    async def cancel_run(self, *, run_id: str) -> Run:
        """Cancel a run: a PENDING one at once, a RUNNING one via CANCELLING.

        Cancelling a run that is already CANCELLING changes nothing.
        """
        async with self._database.writing() as session:
            run = await run_store.get_run(session, run_id)
            if run is None:
                raise NotFoundError("run", run_id)
            if run.status is RunStatus.CANCELLING:
                return run
            now = self._clock()
            if run.status is RunStatus.PENDING:
                to, changes = RunStatus.CANCELLED, {"finished_at": now}
            else:
                to, changes = RunStatus.CANCELLING, {}
            run, event = await run_store.transition_run(
                session,
                run_id,
                to=to,
                at=now,
                changes=changes | {"cancel_requested_at": now},
            )
        await self._bus.publish(event.id)
        return run

    # -- events ------------------------------------------------------------

    async def run_events(
        self, *, run_id: str, after: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Yield a run's events after the cursor; end after its terminal event."""
        cursor = parse_event_cursor(after)
        run = await self.get_run(run_id=run_id)
        async for event in follow_events(
            self._database,
            self._bus,
            after=cursor,
            run_id=run_id,
            until_terminal=True,
            # a finished run's log is complete: replay it and stop
            live=not run.status.is_terminal,
        ):
            yield event

    async def status_changes(
        self, *, experiment_id: str | None = None, after: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Yield status changes after the cursor (from now on without one)."""
        cursor = (
            await latest_cursor(self._database)
            if after is None
            else parse_event_cursor(after)
        )
        async for event in follow_events(
            self._database,
            self._bus,
            after=cursor,
            experiment_id=experiment_id,
            kinds={RunEventKind.STATUS},
        ):
            yield event

    # -- execution -----------------------------------------------------------

    async def claim_next_run(self, *, worker_id: str, lease: timedelta) -> Run | None:
        """Move the oldest PENDING run to RUNNING under this worker's lease."""
        async with self._database.writing() as session:
            run_id = await run_store.next_pending_run_id(session)
            if run_id is None:
                return None
            now = self._clock()
            run, event = await run_store.transition_run(
                session,
                run_id,
                to=RunStatus.RUNNING,
                at=now,
                changes={
                    "worker_id": worker_id,
                    "started_at": now,
                    "heartbeat_at": now,
                    "lease_expires_at": now + lease,
                },
            )
        await self._bus.publish(event.id)
        return run

    async def record_item_result(self, item: RunItem) -> None:
        """Store a finished item and count it in its run's progress."""
        async with self._database.writing() as session:
            await run_store.record_item_result(session, item)

    async def finish_run(self, *, run_id: str) -> Run:
        """End a RUNNING or CANCELLING run in the terminal status it earned."""
        async with self._database.writing() as session:
            run = await run_store.get_run(session, run_id)
            if run is None:
                raise NotFoundError("run", run_id)
            to = _terminal_status(run)
            run, event = await run_store.transition_run(
                session,
                run_id,
                to=to,
                at=self._clock(),
                changes={"finished_at": self._clock(), "lease_expires_at": None},
            )
        await self._bus.publish(event.id)
        return run

    # -- helpers -----------------------------------------------------------

    def _new_run(
        self, experiment: Experiment, idempotency_key: str | None
    ) -> tuple[Run, list[RunItem]]:
        run = Run(
            id=self._new_id(),
            experiment_id=experiment.id,
            status=RunStatus.PENDING,
            config=experiment.config(),
            idempotency_key=idempotency_key,
            created_at=self._clock(),
        )
        # an experiment without a dataset still runs its prompt once
        variables = [row.variables for row in experiment.dataset] or [{}]
        items = [
            RunItem(run_id=run.id, index=index, variables=values)
            for index, values in enumerate(variables)
        ]
        return run, items


def _same_experiment(run: Run, experiment_id: str) -> Run:
    if run.experiment_id != experiment_id:
        raise ConflictError(
            "this idempotency key was used for another experiment",
            field="idempotencyKey",
        )
    return run


def _terminal_status(run: Run) -> RunStatus:
    if run.status is RunStatus.CANCELLING:
        return RunStatus.CANCELLED
    if run.progress.failed:
        return RunStatus.FAILED
    return RunStatus.SUCCEEDED

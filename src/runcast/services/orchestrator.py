"""The orchestrator: the one entry point for every Runcast use case."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from runcast.db import events as event_store
from runcast.db import experiments as experiment_store
from runcast.db import reviews as review_store
from runcast.db import runs as run_store
from runcast.db.database import Database
from runcast.db.types import utc_now
from runcast.domain.cells import cells_again, cells_of
from runcast.domain.comparison import ComparedRun, RunComparison, compare_runs
from runcast.domain.errors import ConflictError, NotFoundError
from runcast.domain.events import (
    ReviewAdded,
    RunEvent,
    RunEventKind,
    StatusChanged,
    Topic,
    parse_event_cursor,
)
from runcast.domain.experiments import (
    DatasetItem,
    Experiment,
    ExperimentConfig,
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
    ExperimentSummary,
    check_search,
    model_base_urls,
)
from runcast.domain.item_pages import ItemCursor, ItemFilter, ItemOrder
from runcast.domain.outbound import OutboundPolicy
from runcast.domain.pagination import (
    Page,
    PageRequest,
    page_size,
    parse_position_cursor,
)
from runcast.domain.reviews import (
    ItemKey,
    Review,
    ReviewCreate,
    check_reviewable,
    reviewer_of,
)
from runcast.domain.run_stats import RowStats, RunStats
from runcast.domain.runs import (
    CacheMode,
    ItemStatus,
    OutcomeCounts,
    RerunScope,
    Run,
    RunItem,
    RunsPage,
    RunStatus,
    check_idempotency_key,
)
from runcast.events.bus import EventBus
from runcast.events.feed import EventFeed
from runcast.services.changes import Change, write_changes

__all__ = ["Orchestrator"]

_RUN_KINDS = frozenset(RunEventKind) - {RunEventKind.REVIEW}
"""What a run's events are about, but for reviews: a run's stream without them."""


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
        feed: EventFeed,
        run_max_attempts: int = 1,
        outbound: OutboundPolicy | None = None,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self._database = database
        self._bus = bus
        self._feed = feed
        self._run_max_attempts = run_max_attempts
        self._outbound = outbound or OutboundPolicy(())
        self._clock = clock
        self._new_id = new_id

    # -- experiments -------------------------------------------------------

    async def create_experiment(self, config: ExperimentConfigCreate) -> Experiment:
        """Store a new experiment; its name must be free among live ones.

        ``config`` is validated whole, as the stored experiment, so one whose
        content was not checked yet (``checks_content``) is checked here.
        """
        self._check_outbound(config)
        now = self._clock()
        stored = config.model_dump() | {
            "id": self._new_id(),
            "created_at": now,
            "updated_at": now,
        }
        # off the event loop: validating 10,000 rows takes a while
        experiment = await asyncio.to_thread(Experiment.model_validate, stored)
        await self._database.write(
            lambda session: experiment_store.save_experiment(session, experiment)
        )
        return experiment

    def _check_outbound(self, config: ExperimentConfig) -> None:
        """Refuse a config naming a base URL this server may not call."""
        for field, base_url in model_base_urls(config):
            self._outbound.check(base_url, field=field)

    async def get_experiment(self, *, experiment_id: str) -> Experiment:
        """Return an experiment, archived or not."""
        experiment = await self._database.read(
            lambda session: experiment_store.get_experiment(session, experiment_id)
        )
        if experiment is None:
            raise NotFoundError("experiment", experiment_id)
        return experiment

    async def get_experiment_summaries(
        self, *, experiment_ids: list[str]
    ) -> list[ExperimentSummary | None]:
        """Return these experiments without their datasets, in order.

        None stands where an id is unknown.
        """
        found = await self._database.read_statement(
            lambda connection: experiment_store.get_experiment_summaries(
                connection, experiment_ids
            )
        )
        return [found.get(experiment_id) for experiment_id in experiment_ids]

    async def get_experiment_datasets(
        self, *, experiment_ids: list[str]
    ) -> list[Sequence[DatasetItem] | None]:
        """Return these experiments' datasets, in order (None where unknown)."""
        found = await self._database.read_statement(
            lambda connection: experiment_store.get_experiment_datasets(
                connection, experiment_ids
            )
        )
        return [found.get(experiment_id) for experiment_id in experiment_ids]

    async def list_experiments(
        self,
        *,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> Page[ExperimentSummary]:
        """Return a page of live experiments without their datasets, newest first."""
        if search is not None:
            check_search(search)
        request = PageRequest.parse(first=first, after=after)
        return await self._database.read(
            lambda session: experiment_store.list_experiments(
                session, request, search=search
            )
        )

    async def update_experiment(
        self, *, experiment_id: str, changes: ExperimentConfigUpdate
    ) -> Experiment:
        """Change an experiment's config; runs already created keep theirs."""
        now = self._clock()

        def update(session: Session) -> Experiment:
            current = _existing_experiment(session, experiment_id)
            config = changes.apply_to(current)
            self._check_outbound(config)
            updated = current.model_copy(update=dict(config) | {"updated_at": now})
            experiment_store.save_experiment(session, updated)
            return updated

        return await self._database.write(update)

    async def archive_experiment(self, *, experiment_id: str) -> Experiment:
        """Archive an experiment: it leaves the list and its name becomes free."""
        now = self._clock()

        def archive(session: Session) -> Experiment:
            current = _existing_experiment(session, experiment_id)
            archived = current.model_copy(update={"archived": True, "updated_at": now})
            experiment_store.save_experiment(session, archived)
            return archived

        return await self._database.write(archive)

    # -- runs --------------------------------------------------------------

    async def create_run(
        self,
        *,
        experiment_id: str,
        idempotency_key: str | None = None,
        cache: CacheMode = CacheMode.USE,
    ) -> Run:
        """Start a run of an experiment's current config.

        ``cache`` says how the run uses the response cache. The same
        idempotency key always returns the run it first created.
        """
        if idempotency_key is not None:
            check_idempotency_key(idempotency_key)

        def create(change: Change) -> Run:
            if idempotency_key is not None:
                existing = run_store.find_run_by_idempotency_key(
                    change.session, idempotency_key
                )
                if existing is not None:
                    return _same_experiment(existing, experiment_id)
            experiment = _runnable_experiment(change.session, experiment_id)
            return self._insert_run(
                change,
                experiment_id=experiment.id,
                config=experiment.config(),
                idempotency_key=idempotency_key,
                cache=cache,
            )

        try:
            return await write_changes(self._database, self._bus, create)
        except run_store.IdempotencyKeyTakenError:
            # another process took the key between our look-up and our insert
            assert idempotency_key is not None
            existing = await self._database.read(
                lambda session: run_store.find_run_by_idempotency_key(
                    session, idempotency_key
                )
            )
            assert existing is not None
            return _same_experiment(existing, experiment_id)

    async def rerun(
        self,
        *,
        run_id: str,
        scope: RerunScope = RerunScope.ALL,
        cache: CacheMode = CacheMode.USE,
    ) -> Run:
        """Start a new run with a run's frozen config: all items, the failed
        (status FAILED) or those that did not pass (any outcome but PASSED).

        A rerun of some items keeps their indexes, rows and repetitions, so
        the two runs compare item by item. ``cache`` says how the new run uses the
        response cache: with USE, items the parent answered cost nothing.
        """

        def rerun(change: Change) -> Run:
            parent = _existing_run(change.session, run_id)
            config = run_store.get_run_configs(change.session, [run_id])[run_id]
            retried = None
            if scope is not RerunScope.ALL:
                retried = _items_to_retry(change.session, parent, scope)
            return self._insert_run(
                change,
                experiment_id=parent.experiment_id,
                config=config,
                retried=retried,
                parent_run_id=parent.id,
                cache=cache,
            )

        return await write_changes(self._database, self._bus, rerun)

    async def get_run(self, *, run_id: str) -> Run:
        """Return a run."""
        return await self._database.read(lambda session: _existing_run(session, run_id))

    async def get_run_configs(
        self, *, run_ids: list[str]
    ) -> list[ExperimentConfig | None]:
        """Return the frozen configs of these runs, in order (None where unknown)."""
        found = await self._database.read_statement(
            lambda connection: run_store.get_run_configs(connection, run_ids)
        )
        return [found.get(run_id) for run_id in run_ids]

    async def get_runs(self, *, run_ids: list[str]) -> list[Run | None]:
        """Return the runs with these ids, in order (None where unknown)."""
        found = await self._database.read_statement(
            lambda connection: run_store.get_runs(connection, run_ids)
        )
        return [found.get(run_id) for run_id in run_ids]

    async def get_latest_runs(self, *, experiment_ids: list[str]) -> list[Run | None]:
        """Return each experiment's newest run, in order (None: it has none)."""
        found = await self._database.read(
            lambda session: run_store.latest_runs(session, experiment_ids)
        )
        return [found.get(experiment_id) for experiment_id in experiment_ids]

    async def list_runs(
        self,
        *,
        experiment_id: str | None = None,
        status: RunStatus | None = None,
        first: int | None = None,
        after: str | None = None,
        with_experiments: bool = False,
    ) -> RunsPage:
        """Return a page of runs, newest first, and the event cursor to follow it;
        ``with_experiments``: and the runs' experiments, in the same read."""
        request = PageRequest.parse(first=first, after=after)

        def read(session: Session) -> RunsPage:
            # the cursor first: any change after it is either in the page or
            # replayed to whoever follows from it
            event_cursor = event_store.last_event_id(session)
            page = run_store.list_runs(
                session, request, experiment_id=experiment_id, status=status
            )
            experiments = (
                experiment_store.get_experiment_summaries(
                    session, list({run.experiment_id for run in page.items})
                )
                if with_experiments and page.items
                else {}
            )
            return RunsPage(
                **dict(page), event_cursor=event_cursor, experiments=experiments
            )

        return await self._database.read(read)

    async def list_run_items(
        self, *, run_id: str, status: ItemStatus | None = None
    ) -> list[RunItem]:
        """Return a run's items in dataset order, optionally of one status."""
        return await self._database.read(
            lambda session: run_store.list_items(session, run_id, status=status)
        )

    async def list_run_items_page(
        self,
        *,
        run_id: str,
        where: ItemFilter | None = None,
        order: ItemOrder = ItemOrder.INDEX,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[RunItem]:
        """Return a page of a run's matching items in ``order``.

        In dataset order cursors are indexes; in a sorted order they also
        hold the value sorted on, so a page resumes where the last ended.
        """
        limit = page_size(first)
        start = ItemCursor.decode(after, order=order)
        items, cursors, total = await self._database.read(
            lambda session: run_store.page_items(
                session,
                run_id,
                after=start,
                limit=limit + 1,
                where=where,
                order=order,
            )
        )
        return Page[RunItem](
            items=items[:limit],
            cursors=[cursor.encode() for cursor in cursors[:limit]],
            has_next_page=len(items) > limit,
            total_count=total,
        )

    async def get_run_item(self, *, run_id: str, index: int) -> RunItem | None:
        """Return the item of a run at a position (None: no such item)."""
        return await self._database.read(
            lambda session: run_store.get_item(session, run_id, index)
        )

    async def get_outcome_counts(self, *, run_ids: list[str]) -> list[OutcomeCounts]:
        """How many items of each run have each outcome, in order."""
        counts = await self._database.read(
            lambda session: run_store.outcome_counts(session, run_ids)
        )
        return [counts[run_id] for run_id in run_ids]

    async def cancel_run(self, *, run_id: str) -> Run:
        """Cancel a run: a PENDING one at once, a RUNNING one via CANCELLING.

        Cancelling a run that is already CANCELLING changes nothing.
        """
        now = self._clock()

        def cancel(change: Change) -> Run:
            run = _existing_run(change.session, run_id)
            if run.status is RunStatus.CANCELLING:
                return run
            return change.transition(
                run_id,
                to=(
                    RunStatus.CANCELLED
                    if run.status is RunStatus.PENDING
                    else RunStatus.CANCELLING
                ),
                at=now,
                cancel_requested=True,
            )

        return await write_changes(self._database, self._bus, cancel)

    async def compare_runs(
        self, *, base_run_id: str, other_run_id: str
    ) -> RunComparison:
        """Two runs side by side, item by item and in aggregate."""

        def compare(session: Session) -> RunComparison:
            base, other = (
                _existing_run(session, run_id) for run_id in (base_run_id, other_run_id)
            )
            configs = run_store.get_frozen_configs(session, [base.id, other.id])
            reviews = review_store.review_tallies(session, [base.id, other.id])
            return compare_runs(
                *(
                    ComparedRun(
                        run=run,
                        items=run_store.list_items(session, run.id),
                        config=configs[run.id],
                        reviews=reviews[run.id],
                    )
                    for run in (base, other)
                )
            )

        return await self._database.read(compare)

    async def get_run_stats(self, *, run_ids: list[str]) -> list[RunStats]:
        """Aggregates of each run's finished items and reviews, in order."""

        def read(session: Session) -> list[RunStats]:
            stats = run_store.run_stats(session, run_ids)
            reviews = review_store.review_tallies(session, run_ids)
            return [stats[run_id].with_reviews(reviews[run_id]) for run_id in run_ids]

        return await self._database.read(read)

    async def list_row_stats_page(
        self, *, run_id: str, first: int | None = None, after: str | None = None
    ) -> Page[RowStats]:
        """A page of the run's dataset rows in order, each summed up over its
        repetitions; a cursor is the row's position."""
        limit = page_size(first)
        after_row = parse_position_cursor(after)
        rows, total = await self._database.read(
            lambda session: run_store.page_row_stats(
                session, run_id, after_row=after_row, limit=limit + 1
            )
        )
        return Page[RowStats](
            items=rows[:limit],
            cursors=[str(row.row) for row in rows[:limit]],
            has_next_page=len(rows) > limit,
            total_count=total,
        )

    # -- reviews -----------------------------------------------------------

    async def review_item(
        self, review: ReviewCreate, *, token_name: str | None = None
    ) -> Review:
        """Store a reviewer's verdict on a finished item and announce it.

        The reviewer is the caller's token's name (``token_name``), else the
        one the review gives. Their earlier review of the item, if any, is
        replaced: the last write wins. Each review written is a
        ``ReviewAdded`` event of the run, carrying the run's tally after it.
        """
        reviewer = reviewer_of(review, token_name=token_name)
        now = self._clock()

        def write(change: Change) -> Review:
            session = change.session
            run = _existing_run(session, review.run_id)
            # Numbering the event first holds the run's row until the commit:
            # reviews of a run are written one at a time, so each event's
            # tally counts every review before it.
            _, seq = run_store.number_run_events(session, run.id, 1)
            _check_reviewable_item(session, run.id, review.item_index)
            stored = Review(
                **review.model_dump(exclude={"reviewer"}),
                reviewer=reviewer,
                reviewed_at=now,
            )
            review_store.save_review(session, stored)
            tally = review_store.review_tallies(session, [run.id])[run.id]
            event = ReviewAdded(
                item_index=stored.item_index,
                reviewer=stored.reviewer,
                verdict=stored.verdict,
                score=stored.score,
                comment=stored.comment,
                reviewed_items=tally.reviewed_items,
                human_pass_rate=tally.human_pass_rate,
            )
            change.append_numbered(run, [event], first_seq=seq, at=now)
            return stored

        return await write_changes(self._database, self._bus, write)

    async def get_item_reviews(self, *, items: list[ItemKey]) -> list[list[Review]]:
        """The reviews of these ``(run id, index)`` items, in order; oldest first."""
        found = await self._database.read(
            lambda session: review_store.list_reviews(session, items)
        )
        return [found.get(item, []) for item in items]

    # -- events ------------------------------------------------------------

    async def run_events(
        self, *, run_id: str, after: str | None = None, reviews: bool = False
    ) -> AsyncIterator[RunEvent]:
        """Yield a run's events after the cursor; end after its terminal event.

        With ``reviews``, its ``ReviewAdded`` events too: reviews come at any
        time, also after the run finished, so the stream then never ends.
        """
        cursor = parse_event_cursor(after)
        # only its status: the run is not kept for as long as it is followed
        finished = (await self.get_run(run_id=run_id)).status.is_terminal
        async for event in self._feed.follow(
            Topic(run_id=run_id, kinds=None if reviews else _RUN_KINDS),
            after=cursor,
            until_terminal=not reviews,
            # without reviews a finished run's log is complete: replay it, stop
            live=reviews or not finished,
        ):
            yield event

    async def status_changes(
        self, *, experiment_id: str | None = None, after: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Yield status changes after the cursor (from now on without one)."""
        async for event in self._follow_runs(
            frozenset({RunEventKind.STATUS}), experiment_id=experiment_id, after=after
        ):
            yield event

    async def run_changes(
        self, *, experiment_id: str | None = None, after: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Yield status changes and new counters after the cursor (or from now on)."""
        async for event in self._follow_runs(
            frozenset({RunEventKind.STATUS, RunEventKind.PROGRESS}),
            experiment_id=experiment_id,
            after=after,
        ):
            yield event

    async def _follow_runs(
        self,
        kinds: frozenset[RunEventKind],
        *,
        experiment_id: str | None,
        after: str | None,
    ) -> AsyncIterator[RunEvent]:
        cursor = (
            await self._feed.latest_cursor()
            if after is None
            else parse_event_cursor(after)
        )
        async for event in self._feed.follow(
            Topic(experiment_id=experiment_id, kinds=kinds), after=cursor
        ):
            yield event

    # -- helpers -----------------------------------------------------------

    def _insert_run(
        self,
        change: Change,
        *,
        experiment_id: str,
        config: ExperimentConfig,
        retried: Sequence[RunItem] | None = None,
        idempotency_key: str | None = None,
        parent_run_id: str | None = None,
        cache: CacheMode,
    ) -> Run:
        now = self._clock()
        run = Run(
            id=self._new_id(),
            experiment_id=experiment_id,
            status=RunStatus.PENDING,
            max_attempts=self._run_max_attempts,
            idempotency_key=idempotency_key,
            parent_run_id=parent_run_id,
            cache=cache,
            created_at=now,
        )
        items = (
            cells_of(run.id, config)
            if retried is None
            else cells_again(run.id, retried)
        )
        run = run_store.insert_run(change.session, run, config, items)
        change.append(
            run.id, StatusChanged(previous_status=None, status=run.status), at=now
        )
        return run


def _existing_run(session: Session, run_id: str) -> Run:
    run = run_store.get_run(session, run_id)
    if run is None:
        raise NotFoundError("run", run_id)
    return run


def _check_reviewable_item(session: Session, run_id: str, index: int) -> None:
    item = run_store.get_item(session, run_id, index)
    if item is None:
        raise NotFoundError("item", f"{run_id}/{index}")
    check_reviewable(item_index=index, finished=item.is_finished)


def _existing_experiment(session: Session, experiment_id: str) -> Experiment:
    experiment = experiment_store.get_experiment(session, experiment_id)
    if experiment is None:
        raise NotFoundError("experiment", experiment_id)
    return experiment


def _runnable_experiment(session: Session, experiment_id: str) -> Experiment:
    experiment = _existing_experiment(session, experiment_id)
    if experiment.archived:
        raise ConflictError(
            f"experiment {experiment_id!r} is archived", field="experiment_id"
        )
    return experiment


def _items_to_retry(session: Session, parent: Run, scope: RerunScope) -> list[RunItem]:
    if not parent.status.is_terminal:
        raise ConflictError(
            f"run {parent.id!r} has not finished; its failures may change",
            field="scope",
        )
    if scope is RerunScope.FAILED:
        retried = run_store.list_items(session, parent.id, status=ItemStatus.FAILED)
        if not retried:
            raise ConflictError(f"run {parent.id!r} has no failed items", field="scope")
    else:
        retried = run_store.list_items(session, parent.id, not_passed=True)
        if not retried:
            raise ConflictError(
                f"every item of run {parent.id!r} passed", field="scope"
            )
    return retried


def _same_experiment(run: Run, experiment_id: str) -> Run:
    if run.experiment_id != experiment_id:
        raise ConflictError(
            "this idempotency key was used for another experiment",
            field="idempotency_key",
        )
    return run

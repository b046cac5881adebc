"""GraphQL types of runs, their items and events, generated from the domain models."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Annotated, Literal, TypeVar

import strawberry

from runcast.api.context import Info
from runcast.api.descriptions import domain_descriptions
from runcast.api.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from runcast.api.experiments.types import Experiment, ExperimentConfig
from runcast.api.node import Node
from runcast.api.pagination import (
    Connection,
    ItemAfter,
    PageSize,
    PositionAfter,
    connection_from_page,
)
from runcast.api.reviews.types import Review
from runcast.api.views import (
    RECENT_EVENTS,
    awaited_by_executor,
    view_of,
    view_of_model,
)
from runcast.domain import (
    assertions,
    events,
    reviews,
    run_stats,
    significance,
    statistics,
)
from runcast.domain import comparison as compared
from runcast.domain import runs as domain
from runcast.domain.item_pages import ItemFilter, ItemOrder
from runcast.domain.runs import CacheMode, ItemStatus, Outcome, RerunScope

__all__ = [
    "EVENT_TYPES",
    "CancelRunInput",
    "CancelRunResult",
    "CompareRunsResult",
    "CreateRunInput",
    "CreateRunResult",
    "ItemFinished",
    "OutputDelta",
    "ProgressUpdate",
    "RerunInput",
    "RerunResult",
    "ReviewAdded",
    "Run",
    "RunChange",
    "RunComparison",
    "RunConnection",
    "RunEvent",
    "RunItem",
    "RunStatusChange",
    "event_type_for",
    "event_view",
]


@strawberry.pydantic.type(name="RunProgress", description="How many items are done.")
@domain_descriptions
class RunProgress(domain.RunProgress):
    pass


@strawberry.pydantic.type(name="Usage", description="Tokens spent and their cost.")
@domain_descriptions
class Usage(domain.Usage):
    pass


@strawberry.pydantic.type(name="RunError", description="Why a run or item failed.")
@domain_descriptions
class RunError(domain.RunError):
    pass


@strawberry.pydantic.type(name="Interval", description="A 95 % confidence interval.")
@domain_descriptions
class Interval(statistics.Interval):
    pass


@strawberry.pydantic.type(
    name="RunStats",
    description="Aggregates of the items with an outcome: succeeded or errored.",
)
@domain_descriptions
class RunStats(run_stats.RunStats):
    pass_rate_interval: Interval | None = None
    mean_score_interval: Interval | None = None
    error_rate_interval: Interval | None = None


@strawberry.pydantic.type(
    name="RowStats",
    description="One dataset row's items, a cell per repetition, summed up.",
)
@domain_descriptions
class RowStats(run_stats.RowStats):
    pass


@strawberry.pydantic.type(
    name="AssertionResult", description="Whether one assertion held for one item."
)
@domain_descriptions
class AssertionResult(assertions.AssertionResult):
    judge_usage: Usage | None = None


@strawberry.pydantic.type(
    name="OutcomeCounts", description="How many of a run's items have each outcome."
)
@domain_descriptions
class OutcomeCounts(domain.OutcomeCounts):
    pass


@strawberry.pydantic.type(
    name="ItemAttempt", description="One try at an item: its latency and error."
)
@domain_descriptions
class ItemAttempt(domain.ItemAttempt):
    error: RunError | None = None


@strawberry.pydantic.type(
    name="RunItem", description="One cell of a run: a dataset row, in one repetition."
)
@domain_descriptions
class RunItem(domain.RunItem):
    run_id: strawberry.ID
    variables: strawberry.scalars.JSON  # type: ignore[assignment]
    usage: Usage
    error: RunError | None = None
    assertion_results: list[AssertionResult]
    attempt_history: list[ItemAttempt]

    @strawberry.pydantic.field(
        description="Its reviews, one per reviewer, the least recent first."
    )
    async def reviews(self, info: Info) -> list[Review]:
        found = await info.context.loaders.item_reviews.load((self.run_id, self.index))
        return [Review.from_domain(review) for review in found]

    @strawberry.pydantic.field(
        description="👍 share of its reviewers; null: not reviewed."
    )
    async def human_pass_rate(self, info: Info) -> float | None:
        found = await info.context.loaders.item_reviews.load((self.run_id, self.index))
        if not found:
            return None
        return reviews.thumbs_up_share(review.verdict for review in found)

    @classmethod
    def from_domain(cls, item: domain.RunItem) -> RunItem:
        """Return the GraphQL view of a domain item."""
        return view_of_model(cls, item)


@strawberry.pydantic.type(name="Run", description="One execution of an experiment.")
@domain_descriptions
class Run(Node, domain.Run):
    id: strawberry.ID
    experiment_id: strawberry.ID
    parent_run_id: strawberry.ID | None = None
    progress: RunProgress
    usage: Usage
    error: RunError | None = None
    worker_id: strawberry.Private[str | None] = None
    lease_expires_at: strawberry.Private[datetime | None] = None
    known_experiment: strawberry.Private[Experiment | None] = None

    @strawberry.pydantic.field(description="The experiment this run belongs to.")
    def experiment(self, info: Info) -> Experiment:
        # known when a page of runs was read with its experiments: then the
        # field answers at once, and the page completes without waiting on
        # an awaitable per run
        if self.known_experiment is not None:
            return self.known_experiment
        return awaited_by_executor(self._load_experiment(info))

    async def _load_experiment(self, info: Info) -> Experiment:
        experiment = await info.context.loaders.experiments.load(self.experiment_id)
        assert experiment is not None, "runs keep their experiment"
        return Experiment.from_domain(experiment)

    @strawberry.pydantic.field(description="The experiment as it was.")
    async def config(self, info: Info) -> ExperimentConfig:
        config = await info.context.loaders.run_configs.load(self.id)
        assert config is not None, "runs keep their config"
        return view_of_model(ExperimentConfig, config)

    @strawberry.pydantic.field(description="The run this one reran, if any.")
    async def parent_run(
        self, info: Info
    ) -> Annotated[Run, strawberry.lazy("runcast.api.runs.types")] | None:
        if self.parent_run_id is None:
            return None
        parent = await info.context.loaders.runs.load(self.parent_run_id)
        return None if parent is None else Run.from_domain(parent)

    @strawberry.pydantic.field(description="Pass rate and latency percentiles.")
    async def stats(self, info: Info) -> RunStats:
        stats = await info.context.loaders.run_stats.load(self.id)
        return view_of_model(RunStats, stats)

    @strawberry.pydantic.field(description="How many items have each outcome.")
    async def outcomes(self, info: Info) -> OutcomeCounts:
        counts = await info.context.loaders.run_outcomes.load(self.id)
        return view_of_model(OutcomeCounts, counts)

    @strawberry.pydantic.field(
        description=(
            "The run's items matching every filter given, in dataset order "
            "unless `orderBy` says otherwise."
        )
    )
    async def items(
        self,
        info: Info,
        status: Annotated[
            ItemStatus | None,
            strawberry.argument(description="Only items in this status; null: all."),
        ] = None,
        outcome: Annotated[
            Outcome | None,
            strawberry.argument(description="Only items of this outcome; null: all."),
        ] = None,
        failing: Annotated[
            bool,
            strawberry.argument(
                description=(
                    "Only items that finished without passing: FAILED_ASSERTIONS "
                    "or ERRORED."
                )
            ),
        ] = False,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only items whose output contains this, ignoring case."
            ),
        ] = None,
        order_by: Annotated[
            ItemOrder,
            strawberry.argument(description="The order of the items."),
        ] = ItemOrder.INDEX,
        first: PageSize = None,
        after: ItemAfter = None,
    ) -> Connection[RunItem]:
        page = await info.context.orchestrator.list_run_items_page(
            run_id=self.id,
            where=ItemFilter(
                status=status, outcome=outcome, failing=failing, search=search or None
            ),
            order=order_by,
            first=first,
            after=after,
        )
        return connection_from_page(page, after=after, to_node=RunItem.from_domain)

    @strawberry.pydantic.field(
        description=(
            "The run's dataset rows in order, each summed up over its "
            "repetitions: how its answers scored, and how much they wavered."
        )
    )
    async def row_stats(
        self, info: Info, first: PageSize = None, after: PositionAfter = None
    ) -> Connection[RowStats]:
        page = await info.context.orchestrator.list_row_stats_page(
            run_id=self.id, first=first, after=after
        )
        return connection_from_page(
            page, after=after, to_node=lambda row: view_of_model(RowStats, row)
        )

    @strawberry.pydantic.field(description="The item at a position, if any.")
    async def item(
        self,
        info: Info,
        index: Annotated[
            int,
            strawberry.argument(description="The item's position in its run, from 0."),
        ],
    ) -> RunItem | None:
        item = await info.context.orchestrator.get_run_item(run_id=self.id, index=index)
        return None if item is None else RunItem.from_domain(item)

    @classmethod
    def from_domain(cls, run: domain.Run) -> Run:
        """Return the GraphQL view of a domain run."""
        return view_of_model(cls, run)


@strawberry.type(
    name="RunConnection",
    description=(
        "A page of runs; pass `eventCursor` as `after` to `runChanges` or "
        "`runStatusChanges` to follow them from this read on."
    ),
)
class RunConnection(Connection[Run]):
    event_cursor: str = strawberry.field(
        description=(
            "Where the event log stood when this page was read: following "
            "changes after it misses none the page does not already show."
        )
    )

    @classmethod
    def from_page(cls, page: domain.RunsPage, *, after: str | None) -> RunConnection:
        """Return the connection for a page of runs read with its event cursor.

        Each run knows its experiment when the page was read with them.
        """
        experiments = {
            experiment_id: Experiment.from_domain(summary)
            for experiment_id, summary in page.experiments.items()
        }

        def node(run: domain.Run) -> Run:
            view = Run.from_domain(run)
            view.known_experiment = experiments.get(run.experiment_id)
            return view

        connection = connection_from_page(page, after=after, to_node=node)
        return cls(
            edges=connection.edges,
            page_info=connection.page_info,
            total_count=connection.total_count,
            event_cursor=str(page.event_cursor),
        )


@strawberry.pydantic.interface(
    name="RunEvent", description="An entry of the event log."
)
@domain_descriptions
class RunEvent(events.EventPosition):
    run_id: strawberry.ID


@strawberry.pydantic.type(name="RunStatusChange", description="A run changed status.")
@domain_descriptions
class RunStatusChange(RunEvent, events.StatusChanged):
    kind: strawberry.Private[Literal[events.RunEventKind.STATUS]] = (
        events.RunEventKind.STATUS
    )
    error: RunError | None = None

    @strawberry.pydantic.field(description="The run as it is now.")
    async def run(self, info: Info) -> Run:
        run = await info.context.loaders.runs.load(self.run_id)
        assert run is not None, "events keep their run"
        return Run.from_domain(run)


@strawberry.pydantic.type(
    name="OutputDelta",
    description=(
        "More output of an item. The deltas of one attempt concatenate to its "
        "output; a delta with a higher attempt starts the item's output afresh."
    ),
)
@domain_descriptions
class OutputDelta(RunEvent, events.OutputDelta):
    kind: strawberry.Private[Literal[events.RunEventKind.OUTPUT_DELTA]] = (
        events.RunEventKind.OUTPUT_DELTA
    )


@strawberry.pydantic.type(name="ItemFinished", description="An item has its result.")
@domain_descriptions
class ItemFinished(RunEvent, events.ItemFinished):
    kind: strawberry.Private[Literal[events.RunEventKind.ITEM]] = (
        events.RunEventKind.ITEM
    )
    status: Annotated[
        ItemStatus,
        strawberry.field(
            deprecation_reason=(
                "Use `itemStatus`: in `RunEvent` this `status` clashes with "
                "`RunStatusChange.status`, a `RunStatus`."
            )
        ),
    ]
    usage: Usage
    error: RunError | None
    assertion_results: list[AssertionResult]

    @strawberry.pydantic.field(description="Whether the item succeeded or failed.")
    def item_status(self) -> ItemStatus:
        return self.status

    @strawberry.pydantic.field(
        description="Passed, failed its assertions or errored; null: cancelled."
    )
    def outcome(self) -> Outcome | None:
        return domain.outcome_of(self.status, self.assertion_results)


@strawberry.pydantic.type(name="ProgressUpdate", description="A run's new counters.")
@domain_descriptions
class ProgressUpdate(RunEvent, events.ProgressUpdate):
    kind: strawberry.Private[Literal[events.RunEventKind.PROGRESS]] = (
        events.RunEventKind.PROGRESS
    )
    progress: RunProgress
    usage: Usage


@strawberry.pydantic.type(
    name="ReviewAdded",
    description=(
        "A reviewer reviewed an item (again: their new review replaces the "
        "old); with the run's review tally after it."
    ),
)
@domain_descriptions
class ReviewAdded(RunEvent, events.ReviewAdded):
    kind: strawberry.Private[Literal[events.RunEventKind.REVIEW]] = (
        events.RunEventKind.REVIEW
    )


RunChange = Annotated[
    RunStatusChange | ProgressUpdate,
    strawberry.union(
        "RunChange", description="A run changed status or has new counters."
    ),
]


EVENT_TYPES_BY_KIND: dict[events.RunEventKind, type[RunEvent]] = {
    events.RunEventKind.STATUS: RunStatusChange,
    events.RunEventKind.OUTPUT_DELTA: OutputDelta,
    events.RunEventKind.ITEM: ItemFinished,
    events.RunEventKind.PROGRESS: ProgressUpdate,
    events.RunEventKind.REVIEW: ReviewAdded,
}


EVENT_TYPES = list(EVENT_TYPES_BY_KIND.values())

EventType = TypeVar("EventType", bound=RunEvent)


def event_type_for(event: events.RunEvent) -> RunEvent:
    """Return the GraphQL type of a domain event."""
    return event_view(EVENT_TYPES_BY_KIND[event.payload.kind], event)


def event_view(graphql_type: type[EventType], event: events.RunEvent) -> EventType:
    """``event`` as an object of ``graphql_type``, the GraphQL type of its kind.

    Made once per event and shared by every subscriber it goes to.
    """
    # run ids are unique across databases, event ids only within one
    key = (event.run_id, event.id, graphql_type)
    view = _recent_views.get(key)
    if view is None:
        view = view_of(
            graphql_type,
            cursor=event.cursor,
            seq=event.seq,
            at=event.at,
            run_id=event.run_id,
            **dict(event.payload),
        )
        _recent_views[key] = view
        if len(_recent_views) > RECENT_EVENTS:
            _recent_views.popitem(last=False)
    assert isinstance(view, graphql_type)
    return view


_recent_views: OrderedDict[tuple[str, int, type[RunEvent]], RunEvent] = OrderedDict()


@strawberry.pydantic.type(
    name="ItemComparison", description="One cell, a row's repetition, in both runs."
)
@domain_descriptions
class ItemComparison(compared.ItemComparison):
    variables: strawberry.scalars.JSON  # type: ignore[assignment]
    base: RunItem | None
    other: RunItem | None


@strawberry.pydantic.type(name="RunSummary", description="One side of a comparison.")
@domain_descriptions
class RunSummary(compared.RunSummary):
    pass_rate_interval: Interval | None = None
    mean_score_interval: Interval | None = None
    error_rate_interval: Interval | None = None


@strawberry.pydantic.type(
    name="MeasureComparison",
    description="One measure of both runs, and whether they differ beyond noise.",
)
@domain_descriptions
class MeasureComparison(significance.MeasureComparison):
    interval: Interval | None


@strawberry.pydantic.type(
    name="RunComparison", description="`other` measured against `base`."
)
@domain_descriptions
class RunComparison(compared.RunComparison):
    base: RunSummary
    other: RunSummary
    items: list[ItemComparison]
    measures: list[MeasureComparison]

    @classmethod
    def from_domain(cls, comparison: compared.RunComparison) -> RunComparison:
        """Return the GraphQL view of a comparison."""
        return view_of_model(cls, comparison)


@strawberry.input(name="CreateRunInput", description="Which experiment to run.")
class CreateRunInput:
    experiment_id: strawberry.ID = strawberry.field(
        description="The experiment whose current config the run freezes."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key returns the run it first created.",
    )
    cache: CacheMode = strawberry.field(
        default=CacheMode.USE, description="How the run uses the response cache."
    )


@strawberry.input(name="CancelRunInput", description="Which run to cancel.")
class CancelRunInput:
    id: strawberry.ID = strawberry.field(description="The run to cancel.")


@strawberry.input(name="RerunInput", description="Which run to rerun, and how much.")
class RerunInput:
    id: strawberry.ID = strawberry.field(description="The run to run again.")
    scope: RerunScope = strawberry.field(
        default=RerunScope.ALL,
        description="Every item, only the failed ones, or those that did not pass.",
    )
    cache: CacheMode = strawberry.field(
        default=CacheMode.USE, description="How the new run uses the response cache."
    )


CreateRunResult = Annotated[
    Run | ValidationError | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union(
        "CreateRunResult", description="The run created, or why it was not."
    ),
]
CancelRunResult = Annotated[
    Run | NotFoundError | InvalidTransitionError | ForbiddenError,
    strawberry.union(
        "CancelRunResult", description="The run as cancelled, or why it was not."
    ),
]
RerunResult = Annotated[
    Run | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union("RerunResult", description="The new run, or why none was made."),
]
CompareRunsResult = Annotated[
    RunComparison | NotFoundError,
    strawberry.union(
        "CompareRunsResult", description="The comparison, or which run is unknown."
    ),
]

"""What every resolver receives: the orchestrator and per-request loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from runcast.domain.experiments import (
    DatasetItem,
    ExperimentConfig,
    ExperimentSummary,
)
from runcast.domain.reviews import ItemKey, Review
from runcast.domain.run_stats import RunStats
from runcast.domain.runs import OutcomeCounts, Run
from runcast.domain.tokens import Access, Caller
from runcast.services.orchestrator import Orchestrator

__all__ = ["Context", "Info", "Loaders"]


class Loaders:
    """Batch look-ups by id, so a list of N runs costs one query, not N.

    They do not cache: a subscription's context lives as long as its
    connection, and each event must see the run as it is now. Each is made
    when first used: most connections need one or none.
    """

    def __init__(self, orchestrator: Orchestrator) -> None:
        self._orchestrator = orchestrator

    @cached_property
    def experiments(self) -> DataLoader[str, ExperimentSummary | None]:
        """Experiments by id, without their datasets."""
        return _loader(
            lambda ids: self._orchestrator.get_experiment_summaries(experiment_ids=ids)
        )

    @cached_property
    def experiment_datasets(self) -> DataLoader[str, Sequence[DatasetItem] | None]:
        """Experiments' datasets by experiment id."""
        return _loader(
            lambda ids: self._orchestrator.get_experiment_datasets(experiment_ids=ids)
        )

    @cached_property
    def runs(self) -> DataLoader[str, Run | None]:
        """Runs' live state by id."""
        return _loader(lambda ids: self._orchestrator.get_runs(run_ids=ids))

    @cached_property
    def latest_runs(self) -> DataLoader[str, Run | None]:
        """Experiments' newest runs by experiment id."""
        return _loader(
            lambda ids: self._orchestrator.get_latest_runs(experiment_ids=ids)
        )

    @cached_property
    def run_configs(self) -> DataLoader[str, ExperimentConfig | None]:
        """Runs' frozen configs by run id."""
        return _loader(lambda ids: self._orchestrator.get_run_configs(run_ids=ids))

    @cached_property
    def run_stats(self) -> DataLoader[str, RunStats]:
        """Aggregates of runs' finished items by run id."""
        return _loader(lambda ids: self._orchestrator.get_run_stats(run_ids=ids))

    @cached_property
    def run_outcomes(self) -> DataLoader[str, OutcomeCounts]:
        """How many items of runs have each outcome, by run id."""
        return _loader(lambda ids: self._orchestrator.get_outcome_counts(run_ids=ids))

    @cached_property
    def item_reviews(self) -> DataLoader[ItemKey, list[Review]]:
        """Items' reviews by ``(run id, index)``, each item's oldest first."""
        return _loader(lambda items: self._orchestrator.get_item_reviews(items=items))


Key = TypeVar("Key")
Value = TypeVar("Value")


def _loader(
    load: Callable[[list[Key]], Awaitable[list[Value]]],
) -> DataLoader[Key, Value]:
    return DataLoader(load_fn=load, cache=False)


@dataclass
class Context:
    """The context of one request or WebSocket connection.

    ``caller`` is who calls and what they may do: known before an HTTP
    request runs, and for a WebSocket once its ``connection_init`` (whose
    payload lands in ``connection_params``) has been checked.
    """

    orchestrator: Orchestrator
    caller: Caller | None = None
    connection_params: object = None

    @property
    def access(self) -> Access | None:
        """What the caller may do; None: not known yet."""
        return None if self.caller is None else self.caller.access

    @property
    def token_name(self) -> str | None:
        """The name of the stored token the caller presented, if any."""
        return None if self.caller is None else self.caller.token_name

    @cached_property
    def loaders(self) -> Loaders:
        """This request's (or connection's) loaders."""
        return Loaders(self.orchestrator)


Info = StrawberryInfo[Context, None]

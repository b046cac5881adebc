"""What every resolver receives: the orchestrator and per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from runcast.domain.experiments import Experiment, ExperimentConfig
from runcast.domain.runs import Run, RunStats
from runcast.services.orchestrator import Orchestrator

__all__ = ["Context", "Info", "Loaders"]


@dataclass
class Loaders:
    """Batch look-ups by id, so a list of N runs costs one query, not N.

    They do not cache: a subscription's context lives as long as its
    connection, and each event must see the run as it is now.
    """

    experiments: DataLoader[str, Experiment | None]
    runs: DataLoader[str, Run | None]
    run_configs: DataLoader[str, ExperimentConfig | None]
    run_stats: DataLoader[str, RunStats]

    @classmethod
    def for_orchestrator(cls, orchestrator: Orchestrator) -> Loaders:
        """Make loaders that read through the orchestrator."""

        async def load_experiments(ids: list[str]) -> list[Experiment | None]:
            return await orchestrator.get_experiments(experiment_ids=ids)

        async def load_runs(ids: list[str]) -> list[Run | None]:
            return await orchestrator.get_runs(run_ids=ids)

        async def load_run_configs(ids: list[str]) -> list[ExperimentConfig | None]:
            return await orchestrator.get_run_configs(run_ids=ids)

        async def load_run_stats(ids: list[str]) -> list[RunStats]:
            return await orchestrator.get_run_stats(run_ids=ids)

        return cls(
            experiments=DataLoader(load_fn=load_experiments, cache=False),
            runs=DataLoader(load_fn=load_runs, cache=False),
            run_configs=DataLoader(load_fn=load_run_configs, cache=False),
            run_stats=DataLoader(load_fn=load_run_stats, cache=False),
        )


@dataclass
class Context:
    """The context of one request or WebSocket connection."""

    orchestrator: Orchestrator
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders.for_orchestrator(self.orchestrator)


Info = StrawberryInfo[Context, None]

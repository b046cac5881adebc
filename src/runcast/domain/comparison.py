"""Comparing two runs item by item and in aggregate."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field, JsonValue, computed_field

from runcast.domain.experiments import ExperimentConfig
from runcast.domain.reviews import ReviewTally
from runcast.domain.run_stats import (
    Observation,
    RunSamples,
    RunStats,
    observe_items,
    scored_rows,
)
from runcast.domain.runs import Run, RunItem
from runcast.domain.significance import (
    Measure,
    MeasureComparison,
    compare_means,
    compare_medians,
    compare_rates,
)

__all__ = [
    "ComparedRun",
    "ItemComparison",
    "RunComparison",
    "RunSummary",
    "compare_runs",
]


class RunSummary(RunStats):
    """What one side of a comparison adds up to."""

    input_tokens: int = Field(description="Tokens of the prompts sent.")
    output_tokens: int = Field(description="Tokens of the answers received.")
    cost: float = Field(description="What the run's tokens cost (USD).")

    @classmethod
    def of_run(
        cls,
        run: Run,
        observations: Sequence[Observation],
        reviews: ReviewTally | None = None,
    ) -> RunSummary:
        """Summarise a run from its stored counters, observations and reviews."""
        stats = RunStats.of(observations).with_reviews(reviews or ReviewTally())
        return cls(
            **dict(stats),
            input_tokens=run.usage.input_tokens,
            output_tokens=run.usage.output_tokens,
            cost=run.usage.cost,
        )


def _delta(base: float | None, other: float | None) -> float | None:
    return None if base is None or other is None else other - base


class ItemComparison(BaseModel):
    """The same cell, a row's repetition, in both runs (either side may lack it)."""

    index: int = Field(description="The dataset row's position, from 0 (`row`).")
    row: int = Field(description="The dataset row's position, from 0.")
    repetition: int = Field(0, description="The row's repetition, from 0.")
    variables: dict[str, JsonValue] = Field(description="The row's variables.")
    base: RunItem | None = Field(description="The row in `base`; null: absent.")
    other: RunItem | None = Field(description="The row in `other`; null: absent.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def output_changed(self) -> bool:
        """Whether the two outputs differ."""
        return _output(self.base) != _output(self.other)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def score_delta(self) -> float | None:
        """Other score minus base score."""
        return _delta(_score(self.base), _score(self.other))


def _output(item: RunItem | None) -> str | None:
    return None if item is None else item.output


def _score(item: RunItem | None) -> float | None:
    return None if item is None else item.score


class RunComparison(BaseModel):
    """Two runs side by side: ``other`` measured against ``base``."""

    base: RunSummary = Field(description="The run measured against.")
    other: RunSummary = Field(description="The run measured.")
    items: Sequence[ItemComparison] = Field(
        default_factory=list, description="Cells of both runs, by row and repetition."
    )
    paired: bool = Field(
        False,
        description=(
            "Whether the runs hold the same rows, so each row is compared with "
            "itself: every index both have holds the same variables in both."
        ),
    )
    measures: Sequence[MeasureComparison] = Field(
        default_factory=list,
        description=(
            "Pass rate, mean score, error rate and median latency, each with "
            "whether its difference is significant at 95 %."
        ),
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pass_rate_delta(self) -> float | None:
        """Other pass rate minus base pass rate."""
        return _delta(self.base.pass_rate, self.other.pass_rate)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mean_score_delta(self) -> float | None:
        """Other mean score minus base mean score."""
        return _delta(self.base.mean_score, self.other.mean_score)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def human_pass_rate_delta(self) -> float | None:
        """Other human pass rate minus base human pass rate."""
        return _delta(self.base.human_pass_rate, self.other.human_pass_rate)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def latency_p50_delta_ms(self) -> float | None:
        """Other median latency minus base median latency."""
        return _delta(self.base.latency_p50_ms, self.other.latency_p50_ms)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def latency_p95_delta_ms(self) -> float | None:
        """Other p95 latency minus base p95 latency."""
        return _delta(self.base.latency_p95_ms, self.other.latency_p95_ms)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def output_tokens_delta(self) -> int:
        """Other output tokens minus base output tokens."""
        return self.other.output_tokens - self.base.output_tokens

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cost_delta(self) -> float:
        """Other cost minus base cost."""
        return self.other.cost - self.base.cost


class ComparedRun(BaseModel):
    """One side of a comparison: the run, its items, frozen config and reviews."""

    run: Run
    items: Sequence[RunItem]
    config: ExperimentConfig
    reviews: ReviewTally = Field(default_factory=ReviewTally)


def compare_runs(base: ComparedRun, other: ComparedRun) -> RunComparison:
    """Pair the items of two runs by row and repetition and sum both sides up."""
    base_cells = {(item.row, item.repetition): item for item in base.items}
    other_cells = {(item.row, item.repetition): item for item in other.items}
    shared = base_cells.keys() & other_cells.keys()
    paired = bool(shared) and all(
        base_cells[cell].variables == other_cells[cell].variables for cell in shared
    )
    base_observations = observe_items(base.items, scored_rows(base.config))
    other_observations = observe_items(other.items, scored_rows(other.config))
    return RunComparison(
        base=RunSummary.of_run(base.run, base_observations, base.reviews),
        other=RunSummary.of_run(other.run, other_observations, other.reviews),
        items=[
            _pair(cell, base_cells.get(cell), other_cells.get(cell))
            for cell in sorted(base_cells.keys() | other_cells.keys())
        ],
        paired=paired,
        measures=_measures(
            RunSamples.of(base_observations),
            RunSamples.of(other_observations),
            paired=paired,
        ),
    )


def _pair(
    cell: tuple[int, int], base: RunItem | None, other: RunItem | None
) -> ItemComparison:
    row, repetition = cell
    either = base or other
    assert either is not None, "a cell is in one run at least"
    return ItemComparison(
        index=row,
        row=row,
        repetition=repetition,
        variables=either.variables,
        base=base,
        other=other,
    )


def _measures(
    base: RunSamples, other: RunSamples, *, paired: bool
) -> list[MeasureComparison]:
    return [
        compare_rates(Measure.PASS_RATE, base.passed, other.passed, paired=paired),
        compare_means(Measure.MEAN_SCORE, base.score, other.score, paired=paired),
        compare_rates(Measure.ERROR_RATE, base.errored, other.errored, paired=paired),
        compare_medians(
            Measure.LATENCY_P50_MS, base.latency_ms, other.latency_ms, paired=paired
        ),
    ]

"""Comparing two runs item by item and in aggregate."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field, JsonValue, computed_field

from runcast.domain.reviews import ReviewTally
from runcast.domain.runs import Run, RunItem, RunStats

__all__ = ["ItemComparison", "RunComparison", "RunSummary", "compare_runs"]


class RunSummary(BaseModel):
    """What one side of a comparison adds up to."""

    pass_rate: float | None = Field(
        description="Fraction of scored items whose every assertion passed."
    )
    mean_score: float | None = Field(description="Mean score of scored items.")
    latency_p50_ms: float | None = Field(description="Median item latency in ms.")
    latency_p95_ms: float | None = Field(
        description="95th percentile item latency in ms."
    )
    input_tokens: int = Field(description="Tokens of the prompts sent.")
    output_tokens: int = Field(description="Tokens of the answers received.")
    cost: float = Field(description="What the run's tokens cost (USD).")
    human_pass_rate: float | None = Field(
        None, description="👍 share of reviewed items; null: none reviewed."
    )
    reviewed_items: int = Field(0, description="Items with at least one review.")

    @classmethod
    def of(
        cls, run: Run, items: Sequence[RunItem], reviews: ReviewTally | None = None
    ) -> RunSummary:
        """Summarise a run from its stored counters, its items and its reviews."""
        stats = RunStats.of([item for item in items if item.is_finished])
        stats = stats.with_reviews(reviews or ReviewTally())
        return cls(
            **stats.model_dump(),
            input_tokens=run.usage.input_tokens,
            output_tokens=run.usage.output_tokens,
            cost=run.usage.cost,
        )


def _delta(base: float | None, other: float | None) -> float | None:
    return None if base is None or other is None else other - base


class ItemComparison(BaseModel):
    """The same dataset row in both runs (either side may lack it)."""

    index: int = Field(description="The dataset row's position, from 0.")
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
        default_factory=list, description="Rows of both runs, by dataset index."
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


def compare_runs(
    base: Run,
    base_items: Sequence[RunItem],
    other: Run,
    other_items: Sequence[RunItem],
    *,
    base_reviews: ReviewTally | None = None,
    other_reviews: ReviewTally | None = None,
) -> RunComparison:
    """Pair the items of two runs by dataset index and sum both sides up."""
    by_index_base = {item.index: item for item in base_items}
    by_index_other = {item.index: item for item in other_items}
    indexes = sorted(by_index_base.keys() | by_index_other.keys())
    return RunComparison(
        base=RunSummary.of(base, base_items, base_reviews),
        other=RunSummary.of(other, other_items, other_reviews),
        items=[
            ItemComparison(
                index=index,
                variables=(by_index_base.get(index) or by_index_other[index]).variables,
                base=by_index_base.get(index),
                other=by_index_other.get(index),
            )
            for index in indexes
        ],
    )

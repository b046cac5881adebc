"""``runcast compare BASE OTHER``: two runs' measures and items side by side."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from rich.table import Table

from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.lookup import find_run
from runcast.cli.remote import Session, add_client_command, run_with_client
from runcast.client.generated import (
    ComparedItemFields,
    CompareRunsCompareRunsRunComparison,
    CompareRunsCompareRunsRunComparisonItems,
    Measure,
    MeasureFields,
    RunSummary,
    SignificanceTest,
)

__all__ = ["add_compare_command", "changed", "significance_text"]

_MEASURE_NAMES = {
    Measure.PASS_RATE: "pass rate",
    Measure.MEAN_SCORE: "mean score",
    Measure.ERROR_RATE: "error rate",
    Measure.LATENCY_P50_MS: "median latency",
}

_TEST_NAMES = {
    SignificanceTest.MCNEMAR_EXACT: "McNemar's exact test",
    SignificanceTest.FISHER_EXACT: "Fisher's exact test",
    SignificanceTest.PAIRED_T: "paired t test",
    SignificanceTest.WELCH_T: "Welch's t test",
    SignificanceTest.PERMUTATION: "exact permutation test",
    SignificanceTest.SIGN_TEST: "sign test",
    SignificanceTest.MOOD_MEDIAN: "Mood's median test",
}


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}%"


def _points(fraction: float) -> str:
    return f"{fraction * 100:.1f} pp"


def _milliseconds(value: float) -> str:
    return f"{value:.0f} ms"


_FORMATS: dict[Measure, tuple[Callable[[float], str], Callable[[float], str]]] = {
    Measure.PASS_RATE: (_percent, _points),
    Measure.MEAN_SCORE: (_percent, _points),
    Measure.ERROR_RATE: (_percent, _points),
    Measure.LATENCY_P50_MS: (_milliseconds, _milliseconds),
}
"""Per measure: how a value is written, and how a difference's magnitude is."""


def add_compare_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``compare`` to ``commands``."""
    compare = add_client_command(
        commands,
        "compare",
        "compare a run against a base run: measures, significance and items",
        "runcast compare 1f0c… 7a2b… --json",
    )
    compare.add_argument("base", metavar="BASE", help="the run measured against")
    compare.add_argument("other", metavar="OTHER", help="the run measured")
    compare.add_argument(
        "--json", action="store_true", help="print the comparison as one JSON object"
    )
    compare.add_argument(
        "--all-items",
        action="store_true",
        help="list every item, not only those that differ",
    )
    compare.set_defaults(command=lambda arguments, _settings: _compare(arguments))


def significance_text(measure: MeasureFields) -> str:
    """The difference and its verdict: ``+4.2 pp, not significant``."""
    if measure.delta is None:
        return "—"
    if measure.p_value is None:
        verdict = "too few rows to test"
    else:
        verdict = "significant" if measure.significant else "not significant"
    return f"{_signed(measure.delta, measure.measure)}, {verdict}"


def changed(item: CompareRunsCompareRunsRunComparisonItems) -> bool:
    """Whether the row differs between the runs: presence, outcome, output, score."""
    if item.base is None or item.other is None:
        return True
    return (
        item.output_changed
        or item.base.outcome != item.other.outcome
        or bool(item.score_delta)
    )


def _signed(delta: float, measure: Measure) -> str:
    text = _FORMATS[measure][1](abs(delta))
    if delta == 0 or not any(digit in "123456789" for digit in text):
        return "no change"
    return f"{'+' if delta > 0 else '-'}{text}"


def _compare(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        base = await find_run(session.client, arguments.base)
        other = await find_run(session.client, arguments.other)
        result = await session.client.compare_runs(base_id=base.id, other_id=other.id)
        if not isinstance(result, CompareRunsCompareRunsRunComparison):
            raise CommandError(f"cannot compare the runs: {result.message}")
        if arguments.json:
            print(json.dumps(_as_json(base, other, result)))
        else:
            _print(session, base, other, result, every_item=arguments.all_items)
        return ExitCode.OK

    return run_with_client(arguments, work)


def _as_json(
    base: RunSummary, other: RunSummary, comparison: CompareRunsCompareRunsRunComparison
) -> dict[str, Any]:
    return {
        "baseRunId": base.id,
        "otherRunId": other.id,
        **comparison.model_dump(mode="json", by_alias=True, exclude={"typename__"}),
    }


def _print(
    session: Session,
    base: RunSummary,
    other: RunSummary,
    comparison: CompareRunsCompareRunsRunComparison,
    *,
    every_item: bool,
) -> None:
    pairing = "same rows, paired" if comparison.paired else "different rows, unpaired"
    session.out.print(
        f"run {other.id} ({other.experiment.name}) against base run {base.id} "
        f"({base.experiment.name}): {pairing}",
        markup=False,
        soft_wrap=True,
    )
    session.out.print(_measures_table(comparison))
    session.out.print(
        f"output tokens {comparison.output_tokens_delta:+d}, "
        f"cost {comparison.cost_delta:+.6f}",
        markup=False,
    )
    items = [item for item in comparison.items if every_item or changed(item)]
    session.out.print(
        f"{sum(map(changed, comparison.items))} of {len(comparison.items)} items "
        "differ",
        markup=False,
    )
    if items:
        session.out.print(_items_table(items))


def _measures_table(comparison: CompareRunsCompareRunsRunComparison) -> Table:
    table = Table("measure", "base", "other", "difference", "test")
    for measure in comparison.measures:
        write = _FORMATS[measure.measure][0]
        table.add_row(
            _MEASURE_NAMES[measure.measure],
            "—" if measure.base is None else write(measure.base),
            "—" if measure.other is None else write(measure.other),
            significance_text(measure),
            _detail(measure),
        )
    return table


def _detail(measure: MeasureFields) -> str:
    """``p = 0.31, 95% CI -3.1 pp to +11.5 pp, Fisher's exact test``."""
    if measure.p_value is None or measure.test is None:
        return ""
    parts = [f"p = {measure.p_value:.2g}"]
    if measure.interval is not None:
        low = _signed(measure.interval.low, measure.measure)
        high = _signed(measure.interval.high, measure.measure)
        parts.append(f"95% CI {low} to {high}")
    parts.append(_TEST_NAMES[measure.test])
    return ", ".join(parts)


def _items_table(items: list[CompareRunsCompareRunsRunComparisonItems]) -> Table:
    repeated = any(item.repetition for item in items)
    label = "row/answer" if repeated else "item"
    table = Table(label, "base", "other", "score Δ", "output")
    for item in items:
        table.add_row(
            f"{item.row}/{item.repetition + 1}" if repeated else str(item.row),
            _item_cell(item.base),
            _item_cell(item.other),
            _score_delta(item.score_delta),
            "changed" if item.output_changed else "same",
        )
    return table


def _item_cell(item: ComparedItemFields | None) -> str:
    if item is None:
        return "absent"
    outcome = item.status.value if item.outcome is None else item.outcome.value
    score = "" if item.score is None else f" {item.score:.2f}"
    return f"{outcome}{score}"


def _score_delta(delta: float | None) -> str:
    if delta is None:
        return ""
    return "0" if delta == 0 else f"{delta:+.2f}"

"""CI gating: whether a finished run passes, and its summary for people and scripts."""

from __future__ import annotations

import argparse
import math
from typing import Any

from runcast.cli.spending import total_cost, total_tokens
from runcast.client.generated import RunStatus, RunSummary, RunSummaryStats

__all__ = ["fraction", "money", "run_summary", "summary_line", "verdict"]


def fraction(text: str) -> float:
    """A pass rate from the command line: ``0.9`` or ``90%``."""
    percent = text.strip().endswith("%")
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a pass rate: give 0 to 1 (0.9) or a percentage (90%)"
        ) from None
    if percent:
        value /= 100
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: give 0 to 1 (0.9) or 0% to 100% (90%)"
        )
    return value


def money(text: str) -> float:
    """A cost limit from the command line, in the model's currency (USD)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a cost of 0 or more")
    return value


def verdict(
    run: RunSummary, *, fail_under: float | None, max_cost: float | None
) -> str | None:
    """Why the finished ``run`` does not pass, in one line; None: it passes."""
    if run.status is not RunStatus.SUCCEEDED:
        cause = f": {run.error.code}: {run.error.message}" if run.error else ""
        return f"run {run.id} ended {run.status}{cause}"
    pass_rate = run.stats.pass_rate
    if fail_under is not None:
        if pass_rate is None:
            return (
                f"run {run.id} has no pass rate (no item has assertions or an "
                f"expected answer) to hold against --fail-under {fail_under:g}"
            )
        if pass_rate < fail_under:
            return (
                f"run {run.id} passed {pass_rate:.1%} of its items, under "
                f"--fail-under {fail_under:.1%}"
            )
    cost = total_cost(run.usage)
    if max_cost is not None and cost > max_cost:
        return f"run {run.id} cost {cost:.6g}, over --max-cost {max_cost:g}"
    return None


def run_summary(run: RunSummary, *, reason: str | None) -> dict[str, Any]:
    """What ``--json`` prints: the run's outcome, counters and whether it passed."""
    return {
        "id": run.id,
        "experimentId": run.experiment_id,
        "experiment": run.experiment.name,
        "status": run.status.value,
        "parentRunId": run.parent_run_id,
        "progress": run.progress.model_dump(mode="json", by_alias=True),
        "usage": run.usage.model_dump(mode="json", by_alias=True),
        "stats": run.stats.model_dump(mode="json", by_alias=True),
        "error": None if run.error is None else run.error.model_dump(mode="json"),
        "passed": reason is None,
        "reason": reason,
    }


def summary_line(run: RunSummary) -> str:
    """One line a person reads: status, items, pass rate, tokens, cost."""
    progress, usage, stats = run.progress, run.usage, run.stats
    done = progress.succeeded + progress.failed
    parts = [
        f"run {run.id} {run.status.value}",
        f"{done}/{progress.total} items ({progress.failed} failed)",
    ]
    if stats.pass_rate is not None:
        parts.append(f"pass rate {stats.pass_rate:.1%}{_interval(stats)}")
    parts.append(f"{total_tokens(usage)} tokens")
    parts.append(f"cost {total_cost(usage):.6f}")
    if stats.latency_p_50_ms is not None:
        parts.append(f"p50 {stats.latency_p_50_ms:.0f} ms")
    return ", ".join(parts)


def _interval(stats: RunSummaryStats) -> str:
    """`` (95% CI 39.7-89.2%)``, or nothing when there is no interval."""
    interval = stats.pass_rate_interval
    if interval is None:
        return ""
    return f" (95% CI {interval.low:.1%}-{interval.high:.1%})"

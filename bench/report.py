"""The benchmark's report: lines on the terminal, results.json and results.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.figure import Figure
from bench.stats import Spread

__all__ = ["describe", "write_json", "write_markdown"]


def _number(value: float) -> str:
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _spread(spread: Spread | None, unit: str = "") -> str:
    if spread is None:
        return "-"
    suffix = f" {unit}" if unit else ""
    return (
        f"{_number(spread.median)}{suffix}"
        f" ({_number(spread.low)}-{_number(spread.high)})"
    )


def _verdict(figure: Figure) -> str:
    met = figure.met
    if met is None:
        return "-"
    return "yes" if met else "**no**"


def describe(figure: Figure) -> str:
    """One line for the terminal: medians with their ranges, target, verdict."""
    parts = [f"{figure.key}: {figure.title}"]
    if figure.failure is not None:
        parts.append(f"  FAILED: {figure.failure}")
    parts.append(f"  Runcast   {_spread(figure.spread('runcast'), figure.unit)}")
    if figure.reference:
        parts.append(f"  reference {_spread(figure.spread('reference'), figure.unit)}")
    if figure.ratio:
        parts.append(f"  ratio     {_spread(figure.spread('ratio'))}")
    if figure.target:
        parts.append(f"  target    {figure.target}: {_verdict(figure)}")
    if figure.note:
        parts.append(f"  note      {figure.note}")
    return "\n".join(parts)


def _as_json(figure: Figure) -> dict[str, Any]:
    def spread(subject: Any) -> dict[str, float] | None:
        value = figure.spread(subject)
        return None if value is None else vars(value)

    return {
        "key": figure.key,
        "title": figure.title,
        "unit": figure.unit,
        "runcast": figure.runcast,
        "reference": figure.reference,
        "ratio": figure.ratio,
        "runcast_spread": spread("runcast"),
        "reference_spread": spread("reference"),
        "ratio_spread": spread("ratio"),
        "target": figure.target,
        "met": figure.met,
        "note": figure.note,
        "failure": figure.failure,
    }


def write_json(path: Path, figures: Sequence[Figure], *, mode: str) -> None:
    """Every figure with its samples, spreads, target and verdict."""
    document = {"mode": mode, "figures": [_as_json(figure) for figure in figures]}
    path.write_text(json.dumps(document, indent=2) + "\n")


def write_markdown(path: Path, figures: Sequence[Figure], *, mode: str) -> None:
    """A table: figure, Runcast, reference, ratio, target, met? (medians, ranges)."""
    lines = [
        f"# Runcast benchmark ({mode} mode)",
        "",
        "Medians over interleaved rounds, with min-max in brackets.",
        "",
        "| figure | Runcast | reference | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    for figure in figures:
        name = f"**{figure.key}**: {figure.title}"
        lines.append(
            f"| {name} | {_spread(figure.spread('runcast'), figure.unit)}"
            f" | {_spread(figure.spread('reference'), figure.unit)}"
            f" | {_spread(figure.spread('ratio'))}"
            f" | {figure.target or '-'} | {_verdict(figure)} |"
        )
        if figure.failure is not None:
            reason = figure.failure.splitlines()[0] if figure.failure else ""
            notes.append(f"- **{figure.key}** failed: {reason}")
        if figure.note:
            notes.append(f"- **{figure.key}**: {figure.note}")
    if notes:
        lines += ["", *notes]
    path.write_text("\n".join(lines) + "\n")

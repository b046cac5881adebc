"""The benchmark's report: lines on the terminal, results.json and results.md.

The files hold entries, one per figure: what ``entry`` makes of a figure
measured now, or one kept from an earlier report (``--only`` measures some
sections and keeps the others' figures, each with the day it was measured).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.figure import Figure
from bench.stats import Spread

__all__ = ["Entry", "describe", "entry", "kept_entries", "write_json", "write_markdown"]

Entry = dict[str, Any]
"""A figure as the report files hold it."""


def _number(value: float) -> str:
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _spread(spread: Spread | Mapping[str, float] | None, unit: str = "") -> str:
    if spread is None:
        return "-"
    median, low, high = (
        (spread.median, spread.low, spread.high)
        if isinstance(spread, Spread)
        else (spread["median"], spread["low"], spread["high"])
    )
    suffix = f" {unit}" if unit else ""
    return f"{_number(median)}{suffix} ({_number(low)}-{_number(high)})"


def _verdict(met: bool | None) -> str:
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
        parts.append(f"  target    {figure.target}: {_verdict(figure.met)}")
    if figure.note:
        parts.append(f"  note      {figure.note}")
    return "\n".join(parts)


def entry(figure: Figure, *, section: str, measured: str) -> Entry:
    """The figure as the report files hold it, with its section and the day
    it was measured."""

    def spread(subject: Any) -> dict[str, float] | None:
        value = figure.spread(subject)
        return None if value is None else vars(value)

    return {
        "section": section,
        "measured": measured,
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


def kept_entries(path: Path, *, sections: Collection[str]) -> list[Entry]:
    """The entries of the report at ``path`` that belong to ``sections``."""
    if not path.is_file():
        return []
    entries: list[Entry] = json.loads(path.read_text())["figures"]
    return [item for item in entries if item.get("section") in sections]


def write_json(path: Path, entries: Sequence[Entry], *, mode: str) -> None:
    """Every figure with its samples, spreads, target and verdict."""
    document = {"mode": mode, "figures": list(entries)}
    path.write_text(json.dumps(document, indent=2) + "\n")


def write_markdown(path: Path, entries: Sequence[Entry], *, mode: str) -> None:
    """A table: figure, Runcast, reference, ratio, target, met?, when measured."""
    lines = [
        f"# Runcast benchmark ({mode} mode)",
        "",
        "Medians over interleaved rounds, with min-max in brackets.",
        "",
        "| figure | Runcast | reference | ratio | target | met? | measured |",
        "|---|---|---|---|---|---|---|",
    ]
    notes = []
    for item in entries:
        key, unit = item["key"], item["unit"]
        lines.append(
            f"| **{key}**: {item['title']} | {_spread(item['runcast_spread'], unit)}"
            f" | {_spread(item['reference_spread'], unit)}"
            f" | {_spread(item['ratio_spread'])}"
            f" | {item['target'] or '-'} | {_verdict(item['met'])}"
            f" | {item.get('measured', '-')} |"
        )
        if item["failure"] is not None:
            reason = item["failure"].splitlines()[0] if item["failure"] else ""
            notes.append(f"- **{key}** failed: {reason}")
        if item["note"]:
            notes.append(f"- **{key}**: {item['note']}")
    if notes:
        lines += ["", *notes]
    path.write_text("\n".join(lines) + "\n")

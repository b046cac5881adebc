"""The benchmark's report files: a partial run keeps the other sections' figures."""

from __future__ import annotations

from pathlib import Path

from bench.figure import Bound, Figure
from bench.report import entry, kept_entries, write_json, write_markdown


def measured(key: str, section: str, day: str) -> dict[str, object]:
    figure = Figure(
        key=key,
        title="requests/s",
        unit="req/s",
        runcast=[90.0, 100.0, 110.0],
        reference=[100.0, 100.0, 100.0],
        bounds=(Bound("ratio", at_least=0.5),),
    )
    return entry(figure, section=section, measured=day)


class TestReport:
    def test_kept_entries_are_those_of_the_sections_not_measured(
        self, tmp_path: Path
    ) -> None:
        """A report of q and s1, kept for s1 only, keeps s1's figure as it was."""
        report = tmp_path / "results.json"
        old_q, old_s1 = (
            measured("Q1", "q", "2026-12-01"),
            measured("S1", "s1", "2026-12-01"),
        )
        write_json(report, [old_q, old_s1], mode="full")

        assert kept_entries(report, sections=["s1"]) == [old_s1]
        assert kept_entries(tmp_path / "none.json", sections=["s1"]) == []

    def test_markdown_says_when_each_figure_was_measured(self, tmp_path: Path) -> None:
        """Each row has its medians, range, target, verdict and day."""
        page = tmp_path / "results.md"

        write_markdown(page, [measured("Q1", "q", "2026-12-03")], mode="full")

        row = page.read_text().splitlines()[-1]
        assert row == (
            "| **Q1**: requests/s | 100 req/s (90.00-110) | 100 req/s (100-100)"
            " | 1.00 (0.9-1.10) | ratio ≥ 0.5x | yes | 2026-12-03 |"
        )

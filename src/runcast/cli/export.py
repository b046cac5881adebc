"""``runcast export``: a run's items as CSV, JSON Lines or JSON, page by page."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.lookup import find_run
from runcast.cli.remote import Session, add_server_options, run_with_client
from runcast.client import Client
from runcast.client.generated import RunItemFields

__all__ = ["COLUMNS", "add_export_command", "item_row", "write_items"]

PAGE_SIZE = 100
"""Items fetched per request: the API's largest page."""

COLUMNS = (
    "index",
    "row",
    "repetition",
    "status",
    "outcome",
    "variables",
    "rendered_prompt",
    "output",
    "error_code",
    "error_message",
    "assertion_results",
    "score",
    "latency_ms",
    "input_tokens",
    "output_tokens",
    "cost",
    "judge_input_tokens",
    "judge_output_tokens",
    "judge_cost",
    "attempts",
    "cached",
    "human_pass_rate",
    "reviews",
)
"""One row per item, in this order; CSV holds the nested ones as JSON text.

``row`` is the dataset row the item answers and ``repetition`` which of the
row's answers it is (from 0).

``human_pass_rate`` is the 👍 share of the item's reviewers (empty: not
reviewed); ``reviews`` lists each reviewer's verdict, score and comment.
"""

_NESTED = ("variables", "assertion_results", "reviews")


def add_export_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``export`` to ``commands``."""
    export = commands.add_parser(
        "export",
        help="write a run's items as CSV, JSON Lines or JSON",
        description="Write a run's items, one row each, fetched page by page.",
        epilog="example: runcast export 1f0c… --format csv -o results.csv",
    )
    export.add_argument("run", metavar="RUN_ID", help="the run's id")
    export.add_argument(
        "--format",
        choices=("csv", "jsonl", "json"),
        default="jsonl",
        help="default: jsonl",
    )
    export.add_argument(
        "--output", "-o", type=Path, help="write to this file (default: stdout)"
    )
    add_server_options(export)
    export.set_defaults(command=lambda arguments, _settings: _export(arguments))


def item_row(item: RunItemFields) -> dict[str, Any]:
    """An item as one export row, keyed by ``COLUMNS``."""
    return {
        "index": item.index,
        "row": item.row,
        "repetition": item.repetition,
        "status": item.status.value,
        "outcome": None if item.outcome is None else item.outcome.value,
        "variables": item.variables,
        "rendered_prompt": item.rendered_prompt,
        "output": item.output,
        "error_code": None if item.error is None else item.error.code,
        "error_message": None if item.error is None else item.error.message,
        "assertion_results": [
            {
                "kind": result.kind.value,
                "value": result.value,
                "name": result.name,
                "weight": result.weight,
                "passed": result.passed,
                "message": result.message,
                "score": result.score,
                "verdict": None if result.verdict is None else result.verdict.value,
                "reasoning": result.reasoning,
            }
            for result in item.assertion_results
        ],
        "score": item.score,
        "latency_ms": item.latency_ms,
        "input_tokens": item.usage.input_tokens,
        "output_tokens": item.usage.output_tokens,
        "cost": item.usage.cost,
        "judge_input_tokens": item.usage.judge_input_tokens,
        "judge_output_tokens": item.usage.judge_output_tokens,
        "judge_cost": item.usage.judge_cost,
        "attempts": item.attempts,
        "cached": item.cached,
        "human_pass_rate": item.human_pass_rate,
        "reviews": [
            {
                "reviewer": review.reviewer,
                "verdict": review.verdict.value,
                "score": review.score,
                "comment": review.comment,
                "reviewed_at": review.reviewed_at.isoformat(),
            }
            for review in item.reviews
        ],
    }


def _export(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        run = await find_run(session.client, arguments.run)
        await write_items(session.client, run.id, arguments.output, arguments.format)
        return ExitCode.OK

    return run_with_client(arguments, work)


async def write_items(
    client: Client, run_id: str, path: Path | None, file_format: str = "jsonl"
) -> None:
    """Write the run's items to ``path`` (stdout: None) page by page.

    A file is written whole or not at all.
    """
    with _destination(path) as stream:
        await _WRITERS[file_format](stream, _rows(client, run_id))


async def _rows(client: Client, run_id: str) -> AsyncIterator[dict[str, Any]]:
    after: str | None = None
    while True:
        run = await client.get_run_items(run_id=run_id, first=PAGE_SIZE, after=after)
        if run is None:
            raise CommandError(f"run {run_id} is gone")
        for edge in run.items.edges:
            yield item_row(edge.node)
        if not run.items.page_info.has_next_page:
            return
        after = run.items.page_info.end_cursor


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """stdout, or ``path`` written whole or not at all (via ``path.part``)."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(partial, path)
    except OSError as error:
        raise CommandError(f"{path}: cannot write it: {error.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)


async def _write_csv(stream: TextIO, rows: AsyncIterator[dict[str, Any]]) -> None:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    async for row in rows:
        writer.writerow(_csv_cell(name, row[name]) for name in COLUMNS)


def _csv_cell(name: str, value: object) -> object:
    if name in _NESTED:
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


async def _write_jsonl(stream: TextIO, rows: AsyncIterator[dict[str, Any]]) -> None:
    async for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")


async def _write_json(stream: TextIO, rows: AsyncIterator[dict[str, Any]]) -> None:
    stream.write("[")
    separator = "\n"
    async for row in rows:
        stream.write(separator + json.dumps(row, ensure_ascii=False))
        separator = ",\n"
    stream.write("\n]\n")


_WRITERS = {"csv": _write_csv, "jsonl": _write_jsonl, "json": _write_json}

"""Dataset files: CSV, JSON Lines or JSON rows, each with the line it came from.

The rows take the web app's shape: CSV whose header names the variables (a
column ``expected`` holds the expected answer), or JSON objects with
``variables`` and optionally ``expected`` and ``assertions``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runcast.cli.errors import CommandError

__all__ = ["MAX_ROWS", "DatasetFile", "read_dataset"]

MAX_ROWS = 10_000
"""The most rows a dataset may have (the server's limit too)."""

EXPECTED_COLUMN = "expected"
_ROW_KEYS = frozenset({"variables", "expected", "assertions"})


@dataclass(frozen=True)
class DatasetFile:
    """A dataset's rows, as ``DatasetItemInput`` values, and their line numbers."""

    path: Path
    rows: list[dict[str, Any]]
    lines: list[int]

    def where(self, index: int) -> str:
        """Where row ``index`` is in the file, for an error message."""
        if 0 <= index < len(self.lines):
            return f"{self.path.name} line {self.lines[index]}"
        return f"{self.path.name} row {index}"


def read_dataset(path: Path) -> DatasetFile:
    """Read the dataset in ``path``; raise a CommandError naming the bad row."""
    readers = {".csv": _read_csv, ".jsonl": _read_jsonl, ".json": _read_json}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise CommandError(f"{path}: a dataset is a .csv, .jsonl or .json file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start})") from None
    rows, lines = reader(path, text)
    if len(rows) > MAX_ROWS:
        raise CommandError(
            f"{path}: {len(rows)} rows, more than the {MAX_ROWS} allowed"
        )
    return DatasetFile(path=path, rows=rows, lines=lines)


def _read_csv(path: Path, text: str) -> tuple[list[dict[str, Any]], list[int]]:
    records = csv.reader(text.splitlines(keepends=True), strict=True)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    try:
        header = next(records, None)
        if header is None:
            return rows, lines
        names = _column_names(path, [name.strip() for name in header])
        for record in records:
            if not record:
                continue
            line = records.line_num
            if len(record) != len(names):
                raise CommandError(
                    f"{path} line {line}: {len(record)} fields, "
                    f"the header names {len(names)} columns"
                    + _extra_column(record, names)
                )
            rows.append(_csv_row(names, record))
            lines.append(line)
    except csv.Error as error:
        raise CommandError(f"{path} line {records.line_num}: {error}") from None
    return rows, lines


def _column_names(path: Path, names: list[str]) -> list[str]:
    seen: set[str] = set()
    for column, name in enumerate(names, start=1):
        if not name:
            raise CommandError(
                f"{path} line 1, column {column}: the header has no name"
            )
        key = EXPECTED_COLUMN if name.lower() == EXPECTED_COLUMN else name
        if key in seen:
            raise CommandError(
                f"{path} line 1, column {column}: {name!r} appears twice"
            )
        seen.add(key)
    return names


def _extra_column(record: list[str], names: list[str]) -> str:
    if len(record) > len(names):
        return f" (column {len(names) + 1} has no name)"
    return f" (column {names[len(record)]!r} is missing)"


def _csv_row(names: list[str], record: list[str]) -> dict[str, Any]:
    variables: dict[str, str] = {}
    row: dict[str, Any] = {"variables": variables}
    for name, value in zip(names, record, strict=True):
        if name.lower() == EXPECTED_COLUMN:
            if value:
                row["expected"] = value
        else:
            variables[name] = value
    return row


def _read_jsonl(path: Path, text: str) -> tuple[list[dict[str, Any]], list[int]]:
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        try:
            value = json.loads(content)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} line {line}, column {error.colno}: not JSON: {error.msg}"
            ) from None
        rows.append(_json_row(f"{path} line {line}", value))
        lines.append(line)
    return rows, lines


def _read_json(path: Path, text: str) -> tuple[list[dict[str, Any]], list[int]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path} line {error.lineno}, column {error.colno}: not JSON: {error.msg}"
        ) from None
    if not isinstance(value, list):
        raise CommandError(f"{path}: a JSON dataset is an array of rows")
    rows = [_json_row(f"{path} row {index}", row) for index, row in enumerate(value)]
    # JSON rows carry no line of their own: name them by position
    return rows, []


def _json_row(where: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CommandError(f'{where}: a row is an object like {{"variables": {{…}}}}')
    unknown = sorted(set(value) - _ROW_KEYS)
    if unknown:
        raise CommandError(
            f"{where}: unknown key {', '.join(map(repr, unknown))}; a row has "
            "'variables' and optionally 'expected' and 'assertions'"
        )
    if not isinstance(value.get("variables", {}), dict):
        raise CommandError(f"{where}: 'variables' must be an object")
    return {"variables": {}, **value}

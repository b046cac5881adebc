"""Dataset files: CSV, JSON Lines or JSON rows, each with the line it came from.

The rows take the web app's shape: CSV whose header names the variables (a
column ``expected`` holds the expected answer), or JSON objects with
``variables`` and optionally ``expected`` and ``assertions``. Files are read
a record at a time, and reading stops at the first row past the limit, so a
file too large is refused without being held in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from runcast.cli.errors import CommandError
from runcast.cli.file_values import assertion_as_sent
from runcast.cli.json_array import json_array

__all__ = ["MAX_ROWS", "DatasetFile", "read_dataset"]

MAX_ROWS = 10_000
"""The most rows a dataset may have (the server's limit too)."""

EXPECTED_COLUMN = "expected"
_ROW_KEYS = frozenset({"variables", "expected", "assertions"})

Row = tuple[int, dict[str, Any]]
"""A row and the line of the file it starts on."""


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


def read_dataset(path: Path, *, limit: int = MAX_ROWS) -> DatasetFile:
    """Read the dataset in ``path``; raise a CommandError naming the bad row.

    More than ``limit`` rows is an error, raised on reading row ``limit + 1``.
    """
    readers = {".csv": _read_csv, ".jsonl": _read_jsonl, ".json": _read_json}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise CommandError(f"{path}: a dataset is a .csv, .jsonl or .json file")
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            for line, row in reader(path, stream):
                if len(rows) == limit:
                    raise CommandError(
                        f"{path} line {line}: more than the {limit} rows allowed"
                    )
                rows.append(row)
                lines.append(line)
    except OSError as error:
        raise CommandError(f"{path}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    return DatasetFile(path=path, rows=rows, lines=lines)


def _read_csv(path: Path, stream: TextIO) -> Iterator[Row]:
    records = csv.reader(stream, strict=True)
    try:
        header = next(records, None)
        if header is None:
            return
        names = _column_names(path, [name.strip() for name in header])
        start = records.line_num + 1
        for record in records:
            line, start = start, records.line_num + 1
            if not record:
                continue
            if len(record) != len(names):
                raise CommandError(
                    f"{path} line {line}: {len(record)} fields, "
                    f"the header names {len(names)} columns"
                    + _extra_column(record, names)
                )
            yield line, _csv_row(names, record)
    except csv.Error as error:
        raise CommandError(f"{path} line {records.line_num}: {error}") from None


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
    return f" (column {len(record) + 1}, {names[len(record)]!r}, is missing)"


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


def _read_jsonl(path: Path, stream: TextIO) -> Iterator[Row]:
    for line, content in enumerate(stream, start=1):
        if not content.strip():
            continue
        try:
            value = json.loads(content)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} line {line}, column {error.colno}: not JSON: {error.msg}"
            ) from None
        yield line, _json_row(f"{path} line {line}", value)


def _read_json(path: Path, stream: TextIO) -> Iterator[Row]:
    for line, value in json_array(path, stream):
        yield line, _json_row(f"{path} line {line}", value)


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
    assertions = value.get("assertions")
    for assertion in assertions if isinstance(assertions, list) else []:
        if isinstance(assertion, dict):
            assertion_as_sent(assertion)
    return {"variables": {}, **value}

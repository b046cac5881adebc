"""Experiment files: YAML or JSON that can live in git beside their datasets.

A file holds ``CreateExperimentInput``'s fields (``name``, ``prompt``,
``model``, ``assertions``, ``budget``, ``repetitions``, ``dataset``), in camelCase or
snake_case; enum values in any case; ``dataset`` is a list of rows or the
path of a CSV, JSONL or JSON file relative to the experiment file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import yaml

from runcast.cli.datasets import DatasetFile, read_dataset
from runcast.cli.errors import CommandError
from runcast.cli.file_values import assertion_as_sent, model_as_sent
from runcast.client.generated import CreateExperimentInput

__all__ = ["ExperimentFile", "read_experiment_file"]

_KEYS = frozenset(
    {
        "name",
        "description",
        "prompt",
        "model",
        "assertions",
        "budget",
        "repetitions",
        "dataset",
    }
)


@dataclass(frozen=True)
class ExperimentFile:
    """An experiment read from a file, and the dataset file it names, if any."""

    path: Path
    input: CreateExperimentInput
    dataset: DatasetFile | None

    def where(self, field: str | None) -> str:
        """``field`` (``dataset.3.variables``) with the file and line it is in."""
        return _where(self.path, self.dataset, field)


def _where(path: Path, dataset: DatasetFile | None, field: str | None) -> str:
    if field is None:
        return str(path)
    parts = field.split(".")
    if dataset is not None and len(parts) > 1 and parts[0] == "dataset":
        index = int(parts[1]) if parts[1].isdigit() else -1
        return f"{path}: {field} ({dataset.where(index)})"
    return f"{path}: {field}"


def read_experiment_file(path: Path) -> ExperimentFile:
    """Read and check the experiment in ``path``; raise a one-line CommandError."""
    document = _parse(path, _read_text(path))
    if not isinstance(document, dict):
        raise CommandError(f"{path}: an experiment file is a mapping of fields")
    unknown = sorted(set(document) - _KEYS)
    if unknown:
        raise CommandError(
            f"{path}: unknown field {', '.join(map(repr, unknown))}; an experiment "
            f"has {', '.join(sorted(_KEYS))}"
        )
    dataset_file = None
    if isinstance(document.get("dataset"), str):
        dataset_file = read_dataset(path.parent / document["dataset"])
        document["dataset"] = dataset_file.rows
    return ExperimentFile(path, _as_input(path, document, dataset_file), dataset_file)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start})") from None


def _parse(path: Path, text: str) -> object:
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} line {error.lineno}, column {error.colno}: "
                f"not JSON: {error.msg}"
            ) from None
    if suffix in {".yaml", ".yml"}:
        try:
            return yaml.safe_load(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = (
                ""
                if mark is None
                else f" line {mark.line + 1}, column {mark.column + 1}"
            )
            raise CommandError(f"{path}{where}: not YAML: {error.problem}") from None
        except yaml.YAMLError as error:
            raise CommandError(f"{path}: not YAML: {error}") from None
    raise CommandError(f"{path}: an experiment file is .yaml, .yml or .json")


def _as_input(
    path: Path, document: dict[str, Any], dataset: DatasetFile | None
) -> CreateExperimentInput:
    try:
        return CreateExperimentInput.model_validate(_upper_enums(document))
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        raise CommandError(f"{_where(path, dataset, field)}: {first['msg']}") from None


def _upper_enums(document: dict[str, Any]) -> dict[str, Any]:
    """``executor: simulated`` and ``kind: contains`` as the schema spells them.

    An assertion's value may be written as YAML or JSON itself: a JSON
    Schema as a mapping, a limit as a number; it is sent as the text the
    schema expects.
    """
    model_as_sent(document.get("model"))
    rows = document.get("dataset")
    for assertions in [
        document.get("assertions"),
        *(row.get("assertions") for row in rows or [] if isinstance(row, dict)),
    ]:
        for assertion in assertions if isinstance(assertions, list) else []:
            if isinstance(assertion, dict):
                assertion_as_sent(assertion)
    return document

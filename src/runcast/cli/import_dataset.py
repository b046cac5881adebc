"""``runcast import-dataset EXPERIMENT FILE``: replace or extend a dataset.

The file is read and every row checked before the server is asked anything;
the rows are then sent in one ``updateExperiment``, which the server applies
whole or not at all: a bad row never leaves a dataset half imported.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pydantic

from runcast.cli.datasets import MAX_ROWS, DatasetFile, read_dataset
from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.lookup import find_experiment
from runcast.cli.remote import Session, add_client_command, run_with_client
from runcast.client.generated import (
    DatasetItemInput,
    GetExperimentDatasetExperimentDataset,
    UpdateExperimentInput,
    UpdateExperimentUpdateExperimentExperiment,
    UpdateExperimentUpdateExperimentValidationError,
)

__all__ = ["add_import_command"]


def add_import_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``import-dataset`` to ``commands``."""
    imports = add_client_command(
        commands,
        "import-dataset",
        "replace an experiment's dataset with a CSV, JSONL or JSON file's rows",
        "runcast import-dataset greetings people.csv --append",
    )
    imports.add_argument("experiment", metavar="EXPERIMENT", help="its id or name")
    imports.add_argument(
        "file",
        metavar="FILE",
        type=Path,
        help="a .csv (a column per variable, `expected`), .jsonl or .json file",
    )
    imports.add_argument(
        "--append",
        action="store_true",
        help="add the rows after the dataset's own instead of replacing them",
    )
    output = imports.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the experiment as JSON"
    )
    output.add_argument(
        "--quiet", "-q", action="store_true", help="print only the experiment's id"
    )
    imports.set_defaults(command=lambda arguments, _settings: _import(arguments))


def _import(arguments: argparse.Namespace) -> ExitCode:
    dataset = read_dataset(arguments.file)
    items = _items(dataset)

    async def work(session: Session) -> ExitCode:
        experiment = await find_experiment(session.client, arguments.experiment)
        kept: list[DatasetItemInput] = []
        if arguments.append:
            kept = await _current_rows(session, experiment.id)
        if len(kept) + len(items) > MAX_ROWS:
            raise CommandError(
                f"{dataset.path}: {experiment.name!r} has {len(kept)} rows; "
                f"{len(items)} more would pass the {MAX_ROWS} allowed"
            )
        result = await session.client.update_experiment(
            input=UpdateExperimentInput(id=experiment.id, dataset=kept + items)
        )
        if isinstance(result, UpdateExperimentUpdateExperimentValidationError):
            field = result.field or ""
            reason = result.errors[0].message if result.errors else result.message
            raise CommandError(f"{_where(dataset, field, offset=len(kept))}: {reason}")
        if not isinstance(result, UpdateExperimentUpdateExperimentExperiment):
            raise CommandError(
                f"cannot import into {experiment.name!r}: {result.message}"
            )
        if arguments.json:
            print(
                json.dumps(
                    result.model_dump(
                        mode="json", by_alias=True, exclude={"typename__"}
                    )
                )
            )
        elif arguments.quiet:
            print(result.id)
        else:
            verb = "added" if arguments.append else "imported"
            print(
                f"{verb} {len(items)} rows from {dataset.path.name} into "
                f"{result.name} (now {result.dataset_size} rows)"
            )
        return ExitCode.OK

    return run_with_client(arguments, work)


def _items(dataset: DatasetFile) -> list[DatasetItemInput]:
    """Each row as the API's input, or a CommandError naming the first bad one."""
    items: list[DatasetItemInput] = []
    for index, row in enumerate(dataset.rows):
        try:
            items.append(DatasetItemInput.model_validate(row))
        except pydantic.ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise CommandError(
                f"{dataset.where(index)}: {field}: {first['msg']}"
            ) from None
    return items


async def _current_rows(session: Session, experiment_id: str) -> list[DatasetItemInput]:
    experiment = await session.client.get_experiment_dataset(id=experiment_id)
    if experiment is None:
        raise CommandError(f"experiment {experiment_id} is gone")
    return [_as_input(row) for row in experiment.dataset]


def _as_input(row: GetExperimentDatasetExperimentDataset) -> DatasetItemInput:
    """A row read back as the input that gives it again (``AssertionFields``)."""
    return DatasetItemInput.model_validate(row.model_dump(by_alias=True))


def _where(dataset: DatasetFile, field: str, *, offset: int) -> str:
    """``rows.csv line 5: variables`` for the server's ``dataset.3.variables``."""
    parts = field.split(".")
    if len(parts) > 1 and parts[0] == "dataset" and parts[1].isdigit():
        index = int(parts[1]) - offset
        rest = ".".join(parts[2:])
        if index >= 0:
            return f"{dataset.where(index)}: {rest or 'the row'}"
    return f"{dataset.path}: {field}" if field else str(dataset.path)

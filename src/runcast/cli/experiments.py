"""``runcast experiments list|show|create|archive``: experiments on a server."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.experiment_files import read_experiment_file
from runcast.cli.gating import summary_line
from runcast.cli.lookup import find_experiment
from runcast.cli.remote import Session, add_client_command, run_with_client
from runcast.client.generated import (
    ArchiveExperimentArchiveExperimentExperiment,
    CreateExperimentCreateExperimentConflictError,
    CreateExperimentCreateExperimentExperiment,
    CreateExperimentCreateExperimentValidationError,
    ExperimentSummary,
)

__all__ = ["add_experiment_commands"]

_RECENT_RUNS = 10


def add_experiment_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``experiments list|show|create|archive`` to ``commands``."""
    experiments = commands.add_parser(
        "experiments",
        help="list, show, create and archive experiments on a server",
        epilog="example: runcast experiments create -f experiment.yaml",
    )
    actions = experiments.add_subparsers(required=True, metavar="ACTION")

    listing = _action(actions, "list", "list live experiments", "list --search greet")
    listing.add_argument("--search", help="only names that contain it, any case")
    listing.set_defaults(command=lambda arguments, _settings: _list(arguments))

    show = _action(
        actions, "show", "show an experiment and its recent runs", "show greetings"
    )
    show.add_argument("experiment", metavar="ID_OR_NAME", help="its id or name")
    show.set_defaults(command=lambda arguments, _settings: _show(arguments))

    create = _action(
        actions,
        "create",
        "create an experiment from a YAML or JSON file",
        "create -f experiment.yaml",
    )
    create.add_argument(
        "-f",
        "--file",
        required=True,
        type=Path,
        help="the experiment: .yaml, .yml or .json; `dataset:` rows or a path",
    )
    create.set_defaults(command=lambda arguments, _settings: _create(arguments))

    archive = _action(actions, "archive", "archive an experiment", "archive greetings")
    archive.add_argument("experiment", metavar="ID_OR_NAME", help="its id or name")
    archive.set_defaults(command=lambda arguments, _settings: _archive(arguments))


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    example: str,
) -> argparse.ArgumentParser:
    parser = add_client_command(
        actions, name, summary, f"runcast experiments {example}"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--quiet", "-q", action="store_true", help="print only ids")
    return parser


def _list(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        experiments: list[ExperimentSummary] = []
        after: str | None = None
        while True:
            page = await session.client.list_experiments(
                first=100, after=after, search=arguments.search
            )
            experiments.extend(edge.node for edge in page.edges)
            if not page.page_info.has_next_page:
                break
            after = page.page_info.end_cursor
        if arguments.json:
            print(json.dumps([_as_json(experiment) for experiment in experiments]))
        elif arguments.quiet:
            for experiment in experiments:
                print(experiment.id)
        else:
            table = Table("id", "name", "items", "created")
            for experiment in experiments:
                table.add_row(
                    experiment.id,
                    experiment.name,
                    str(experiment.dataset_size),
                    f"{experiment.created_at:%Y-%m-%d %H:%M}",
                )
            session.out.print(table)
        return ExitCode.OK

    return run_with_client(arguments, work)


def _show(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        experiment = await find_experiment(session.client, arguments.experiment)
        runs = await session.client.list_runs(
            experiment_id=experiment.id, first=_RECENT_RUNS
        )
        if arguments.json:
            print(json.dumps(_as_json(experiment)))
            return ExitCode.OK
        if arguments.quiet:
            print(experiment.id)
            return ExitCode.OK
        model = experiment.model
        lines = [
            f"{experiment.name}  (id {experiment.id})",
            f"prompt: {experiment.prompt}",
            f"model: {model.executor.value} {model.model}, temperature "
            f"{model.temperature:g}, max tokens {model.max_tokens}",
            f"dataset: {experiment.dataset_size} items",
        ]
        lines += [f"assertion: {a.kind.value} {a.value}" for a in experiment.assertions]
        if experiment.budget is not None:
            lines.append(
                f"budget: max tokens {experiment.budget.max_tokens}, "
                f"max cost {experiment.budget.max_cost}"
            )
        lines.append(f"runs: {runs.total_count}")
        lines += [f"  {summary_line(edge.node)}" for edge in runs.edges]
        print("\n".join(lines))
        return ExitCode.OK

    return run_with_client(arguments, work)


def _create(arguments: argparse.Namespace) -> ExitCode:
    experiment_file = read_experiment_file(arguments.file)

    async def work(session: Session) -> ExitCode:
        result = await session.client.create_experiment(input=experiment_file.input)
        match result:
            case CreateExperimentCreateExperimentExperiment():
                if arguments.json:
                    print(json.dumps(_as_json(result)))
                elif arguments.quiet:
                    print(result.id)
                else:
                    print(
                        f"created experiment {result.name} (id {result.id}, "
                        f"{result.dataset_size} items)"
                    )
                return ExitCode.OK
            case CreateExperimentCreateExperimentValidationError():
                reason = result.errors[0].message if result.errors else result.message
                raise CommandError(f"{experiment_file.where(result.field)}: {reason}")
            case CreateExperimentCreateExperimentConflictError():
                raise CommandError(
                    f"{experiment_file.where(result.field)}: {result.message}"
                )
        raise CommandError(f"{arguments.file}: {result.message}")

    return run_with_client(arguments, work)


def _archive(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        experiment = await find_experiment(session.client, arguments.experiment)
        result = await session.client.archive_experiment(id=experiment.id)
        if not isinstance(result, ArchiveExperimentArchiveExperimentExperiment):
            raise CommandError(f"cannot archive {experiment.name!r}: {result.message}")
        if arguments.json:
            print(json.dumps(_as_json(result)))
        elif arguments.quiet:
            print(result.id)
        else:
            print(f"archived experiment {result.name} (id {result.id})")
        return ExitCode.OK

    return run_with_client(arguments, work)


def _as_json(experiment: ExperimentSummary) -> dict[str, Any]:
    return experiment.model_dump(mode="json", by_alias=True, exclude={"typename__"})

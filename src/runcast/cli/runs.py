"""``runcast run``, ``watch``, ``cancel`` and ``rerun``: runs on a server."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.export import write_items
from runcast.cli.gating import fraction, money, run_summary, summary_line, verdict
from runcast.cli.lookup import find_experiment, find_run
from runcast.cli.remote import Session, add_client_command, run_with_client
from runcast.cli.watching import TERMINAL, RunDisplay, follow_run
from runcast.client.generated import (
    CancelRunCancelRunInvalidTransitionError,
    CancelRunCancelRunRun,
    CreateRunCreateRunRun,
    CreateRunInput,
    RerunRerunRun,
    RerunScope,
    RunSummary,
)

__all__ = ["add_run_commands"]


def add_run_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``run``, ``watch``, ``cancel`` and ``rerun`` to ``commands``."""
    run = add_client_command(
        commands,
        "run",
        "start a run of an experiment",
        "runcast run greetings --watch --fail-under 90% --max-cost 0.50",
    )
    run.add_argument("experiment", metavar="EXPERIMENT", help="its id or name")
    run.add_argument(
        "--idempotency-key",
        metavar="K",
        help="retrying with the same key gives the run it first created",
    )
    _add_watch_options(run, optional=True)
    run.set_defaults(command=lambda arguments, _settings: _start(arguments))

    watch = add_client_command(
        commands,
        "watch",
        "follow a run live until it ends",
        "runcast watch 1f0c… --fail-under 0.9",
    )
    watch.add_argument("run", metavar="RUN_ID", help="the run's id")
    _add_watch_options(watch, optional=False)
    watch.set_defaults(command=lambda arguments, _settings: _watch(arguments))

    cancel = add_client_command(
        commands, "cancel", "cancel a run", "runcast cancel 1f0c…"
    )
    cancel.add_argument("run", metavar="RUN_ID", help="the run's id")
    _add_output_options(cancel)
    cancel.set_defaults(command=lambda arguments, _settings: _cancel(arguments))

    rerun = add_client_command(
        commands,
        "rerun",
        "run a run's frozen config again",
        "runcast rerun 1f0c… --not-passed --watch",
    )
    rerun.add_argument("run", metavar="RUN_ID", help="the run to run again")
    scope = rerun.add_mutually_exclusive_group()
    scope.add_argument(
        "--failed",
        action="store_const",
        dest="scope",
        const=RerunScope.FAILED,
        default=RerunScope.ALL,
        help="only the items that FAILED (errored)",
    )
    scope.add_argument(
        "--not-passed",
        action="store_const",
        dest="scope",
        const=RerunScope.NOT_PASSED,
        help="every item that did not pass: failed assertions, errored or not run",
    )
    _add_watch_options(rerun, optional=True)
    rerun.set_defaults(command=lambda arguments, _settings: _rerun(arguments))


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the run's summary as one JSON object"
    )
    output.add_argument(
        "--quiet", "-q", action="store_true", help="print only the run's id and errors"
    )


def _add_watch_options(parser: argparse.ArgumentParser, *, optional: bool) -> None:
    if optional:
        parser.add_argument(
            "--watch",
            action="store_true",
            help="follow the run live until it ends (implied by the other options)",
        )
    parser.add_argument(
        "--fail-under",
        metavar="PASS_RATE",
        type=fraction,
        help="exit 3 when the pass rate is under it: 0 to 1 (0.9) or 0%%-100%% (90%%)",
    )
    parser.add_argument(
        "--max-cost",
        metavar="COST",
        type=money,
        help="exit 3 when the run cost more (USD)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="when the run ends, write its items there as JSON Lines (as `export`)",
    )
    parser.add_argument(
        "--stream",
        action="store_true",
        help="print each item's output to stdout token by token (for small runs)",
    )
    _add_output_options(parser)


def _start(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        experiment = await find_experiment(session.client, arguments.experiment)
        result = await session.client.create_run(
            input=CreateRunInput(
                experiment_id=experiment.id,
                idempotency_key=arguments.idempotency_key,
            )
        )
        if not isinstance(result, CreateRunCreateRunRun):
            raise CommandError(
                f"cannot start a run of {experiment.name!r}: {result.message}"
            )
        return await _started(session, arguments, result)

    return run_with_client(arguments, work)


def _rerun(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        result = await session.client.rerun(id=arguments.run, scope=arguments.scope)
        if not isinstance(result, RerunRerunRun):
            raise CommandError(f"cannot rerun run {arguments.run!r}: {result.message}")
        return await _started(session, arguments, result)

    return run_with_client(arguments, work)


def _watch(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        run = await find_run(session.client, arguments.run)
        return await _watched(session, arguments, run)

    return run_with_client(arguments, work)


def _cancel(arguments: argparse.Namespace) -> ExitCode:
    async def work(session: Session) -> ExitCode:
        result = await session.client.cancel_run(id=arguments.run)
        if isinstance(result, CancelRunCancelRunInvalidTransitionError):
            raise CommandError(
                f"run {arguments.run} is {result.current_status.value}: "
                "it cannot be cancelled"
            )
        if not isinstance(result, CancelRunCancelRunRun):
            raise CommandError(f"cannot cancel run {arguments.run!r}: {result.message}")
        _print_run(session, arguments, result, reason=None)
        return ExitCode.OK

    return run_with_client(arguments, work)


async def _started(
    session: Session, arguments: argparse.Namespace, run: RunSummary
) -> ExitCode:
    """Watch the new run when asked to, else say how to follow it."""
    if (
        arguments.watch
        or arguments.stream
        or arguments.output is not None
        or arguments.fail_under is not None
        or arguments.max_cost is not None
    ):
        return await _watched(session, arguments, run)
    if arguments.json or arguments.quiet:
        _print_run(session, arguments, run, reason=None)
    else:
        print(
            f"started run {run.id} of {run.experiment.name} "
            f"({run.progress.total} items); follow it: runcast watch {run.id}"
        )
    return ExitCode.OK


async def _watched(
    session: Session, arguments: argparse.Namespace, run: RunSummary
) -> ExitCode:
    """Follow ``run`` to its end; judge it against the thresholds."""
    session.interrupted = (
        f"stopped watching run {run.id}; it goes on on the server "
        f"(`runcast watch {run.id}` follows it, `runcast cancel {run.id}` cancels it)"
    )
    if run.status not in TERMINAL:
        with RunDisplay(
            session.err, run, quiet=arguments.quiet, stream=arguments.stream
        ) as display:
            await follow_run(session, run.id, display)
    finished = await find_run(session.client, run.id)
    if arguments.output is not None:
        await write_items(session.client, run.id, arguments.output)
    reason = verdict(
        finished, fail_under=arguments.fail_under, max_cost=arguments.max_cost
    )
    _print_run(session, arguments, finished, reason=reason)
    if reason is not None:
        session.err.print(f"runcast: {reason}", markup=False, soft_wrap=True)
        return ExitCode.RUN_NOT_PASSED
    return ExitCode.OK


def _print_run(
    session: Session,
    arguments: argparse.Namespace,
    run: RunSummary,
    *,
    reason: str | None,
) -> None:
    if arguments.json:
        print(json.dumps(run_summary(run, reason=reason)))
    elif arguments.quiet:
        print(run.id)
    else:
        print(summary_line(run))

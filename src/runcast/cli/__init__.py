"""The ``runcast`` command: serve a server, or talk to one.

Server commands (``serve``, ``worker``, ``migrate``, ``token``, ``export-*``)
work on this machine's database; client commands (``experiments``, ``run``,
``watch``, ``cancel``, ``rerun``, ``compare``, ``export``,
``import-dataset``) talk to a server through the
generated client in :mod:`runcast.client`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import version

from runcast.cli.compare import add_compare_command
from runcast.cli.errors import CommandError
from runcast.cli.exit_codes import ExitCode
from runcast.cli.experiments import add_experiment_commands
from runcast.cli.export import add_export_command
from runcast.cli.import_dataset import add_import_command
from runcast.cli.remote import add_server_options
from runcast.cli.runs import add_run_commands
from runcast.cli.server import add_server_commands
from runcast.settings import Settings

__all__ = ["ExitCode", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``runcast`` command line; return its exit code."""
    arguments = _parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Alembic announces each of its plugins as it loads them: noise to users
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        result: int = arguments.command(arguments, settings)
    except CommandError as error:
        print(f"runcast: {error}", file=sys.stderr)
        return error.exit_code
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runcast",
        description="Run prompt experiments and watch them live.",
        epilog="exit codes: 0 ok, 1 error, 2 usage, 3 a watched run failed, was "
        "cancelled or missed a threshold, 130 interrupted",
    )
    parser.add_argument(
        "--version", action="version", version=f"runcast {version('runcast')}"
    )
    add_server_options(parser)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_server_commands(commands)
    add_experiment_commands(commands)
    add_run_commands(commands)
    add_compare_command(commands)
    add_export_command(commands)
    add_import_command(commands)
    return parser

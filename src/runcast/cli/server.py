"""The server commands' command lines: serve, worker, migrate, token, export-*.

What they do lives in :mod:`runcast.cli.server_commands`, imported only when
one of them runs: the client commands then start without loading the server
(its schema, database and web stack take seconds to import).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from runcast.cli.errors import CommandError
from runcast.settings import Settings

__all__ = ["add_server_commands"]

ServerCommand = Callable[[argparse.Namespace, Settings], int]


def _lazy(name: str) -> ServerCommand:
    """``runcast.cli.server_commands.NAME``, imported when the command runs."""

    def command(arguments: argparse.Namespace, settings: Settings) -> int:
        from runcast.db.migrate import DatabaseNotReadyError  # noqa: PLC0415
        from runcast.domain.errors import RuncastError  # noqa: PLC0415

        module = importlib.import_module("runcast.cli.server_commands")
        run: ServerCommand = getattr(module, name)
        try:
            return run(arguments, settings)
        except (DatabaseNotReadyError, RuncastError) as error:
            raise CommandError(str(error)) from None

    return command


def _token_name(text: str) -> str:
    from runcast.domain.tokens import MAX_TOKEN_NAME  # noqa: PLC0415

    name = text.strip()
    if not 1 <= len(name) <= MAX_TOKEN_NAME:
        raise argparse.ArgumentTypeError(f"a name has 1 to {MAX_TOKEN_NAME} characters")
    return name


def add_server_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add serve, worker, migrate, token and the exports to ``commands``."""
    serve = commands.add_parser("serve", help="serve the API and run workers")
    serve.add_argument("--host", help="address to bind (default RUNCAST_HOST)")
    serve.add_argument("--port", type=int, help="port (default RUNCAST_PORT)")
    serve.add_argument(
        "--insecure",
        action="store_true",
        help="serve beyond loopback even without authentication",
    )
    serve.set_defaults(command=_lazy("serve"))

    worker = commands.add_parser("worker", help="run a worker without the API")
    worker.set_defaults(command=_lazy("worker"))

    migrate = commands.add_parser(
        "migrate", help="bring the database schema up to date"
    )
    migrate.set_defaults(command=_lazy("migrate"))

    token = commands.add_parser("token", help="create, list and revoke API tokens")
    token_commands = token.add_subparsers(required=True, metavar="ACTION")
    create = token_commands.add_parser(
        "create", help="create a token and print its secret (shown once)"
    )
    create.add_argument(
        "--name", required=True, type=_token_name, help="what the token is for"
    )
    create.add_argument(
        "--read-only", action="store_true", help="it may query and subscribe only"
    )
    create.set_defaults(command=_lazy("create_token"))
    token_commands.add_parser("list", help="list the live tokens").set_defaults(
        command=_lazy("list_tokens")
    )
    revoke = token_commands.add_parser("revoke", help="revoke a token")
    revoke.add_argument("token", metavar="ID_OR_NAME", help="the token's id or name")
    revoke.set_defaults(command=_lazy("revoke_token"))

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.add_argument("--output", "-o", help="write to this file instead of stdout")
    export.set_defaults(command=_lazy("export_schema"))
    models = commands.add_parser(
        "export-models", help="print the domain models' JSON Schema"
    )
    models.add_argument("--output", "-o", help="write to this file instead of stdout")
    models.set_defaults(command=_lazy("export_models"))

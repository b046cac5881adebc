"""The commands that run a server or work on its database: serve, worker, migrate, …"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import uvicorn

from runcast.api.schema import create_schema
from runcast.app import create_app
from runcast.cli.errors import CommandError
from runcast.db.migrate import upgrade_database
from runcast.domain.schema import domain_json_schema
from runcast.domain.tokens import MAX_TOKEN_NAME, ApiToken
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["add_server_commands"]


def _serve(arguments: argparse.Namespace, settings: Settings) -> int:
    settings = settings.model_copy(
        update={
            key: value
            for key, value in (
                ("host", arguments.host),
                ("port", arguments.port),
                ("insecure", arguments.insecure or None),
            )
            if value is not None
        }
    )
    # a database that is not ready, or a server open to the network without
    # a token, is one line, not a failed startup's traceback
    _with_runtime(settings, _check_serving)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        ws="websockets-sansio",
        ws_max_size=settings.ws_max_message_bytes,
    )
    return 0


async def _check_serving(runtime: Runtime) -> None:
    settings = runtime.settings
    if _is_loopback(settings.host) or settings.insecure:
        return
    if not await runtime.access.is_required():
        raise CommandError(
            f"will not serve on {settings.host} without authentication: create a "
            "token (`runcast token create --name NAME`), set RUNCAST_API_TOKEN, "
            "or pass --insecure"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


Result = TypeVar("Result")


def _with_runtime(
    settings: Settings, work: Callable[[Runtime], Awaitable[Result]]
) -> Result:
    """Run ``work`` on a runtime whose database is ready, without workers."""

    async def run() -> Result:
        runtime = Runtime(settings)
        try:
            await runtime.prepare_database()
            return await work(runtime)
        finally:
            await runtime.stop()

    return asyncio.run(run())


def _worker(_arguments: argparse.Namespace, settings: Settings) -> int:
    async def work() -> None:
        runtime = Runtime(settings)
        await runtime.start(workers=max(settings.workers, 1))
        await runtime.run_until_cancelled()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(work())
    return 0


def _migrate(_arguments: argparse.Namespace, settings: Settings) -> int:
    upgrade_database(settings.database_url)
    print("database is up to date")
    return 0


def _create_token(arguments: argparse.Namespace, settings: Settings) -> int:
    issued = _with_runtime(
        settings,
        lambda runtime: runtime.access.create_token(
            name=arguments.name, read_only=arguments.read_only
        ),
    )
    print(
        f"created token {_describe(issued.token)}; its secret, shown only now:",
        file=sys.stderr,
    )
    print(issued.secret)
    return 0


def _list_tokens(_arguments: argparse.Namespace, settings: Settings) -> int:
    tokens = _with_runtime(settings, lambda runtime: runtime.access.list_tokens())
    for token in tokens:
        created = token.created_at.strftime("%Y-%m-%d %H:%M")
        access = "read-only" if token.read_only else "full"
        print(f"{token.id}  {access:<9}  {created}  {token.name}")
    if not tokens:
        print("no tokens: authentication is off unless RUNCAST_API_TOKEN is set")
    return 0


def _revoke_token(arguments: argparse.Namespace, settings: Settings) -> int:
    token = _with_runtime(
        settings, lambda runtime: runtime.access.revoke_token(arguments.token)
    )
    print(f"revoked token {_describe(token)}")
    return 0


def _token_name(text: str) -> str:
    name = text.strip()
    if not 1 <= len(name) <= MAX_TOKEN_NAME:
        raise argparse.ArgumentTypeError(f"a name has 1 to {MAX_TOKEN_NAME} characters")
    return name


def _describe(token: ApiToken) -> str:
    access = "read-only" if token.read_only else "full access"
    return f"{token.name!r} (id {token.id}, {access})"


def _export_schema(arguments: argparse.Namespace, _settings: Settings) -> int:
    text = create_schema().as_str() + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        Path(arguments.output).write_text(text)
    return 0


def _export_models(arguments: argparse.Namespace, _settings: Settings) -> int:
    text = json.dumps(domain_json_schema(), indent=2, sort_keys=True) + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        Path(arguments.output).write_text(text)
    return 0


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
    serve.set_defaults(command=_serve)

    worker = commands.add_parser("worker", help="run a worker without the API")
    worker.set_defaults(command=_worker)

    migrate = commands.add_parser(
        "migrate", help="bring the database schema up to date"
    )
    migrate.set_defaults(command=_migrate)

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
    create.set_defaults(command=_create_token)
    token_commands.add_parser("list", help="list the live tokens").set_defaults(
        command=_list_tokens
    )
    revoke = token_commands.add_parser("revoke", help="revoke a token")
    revoke.add_argument("token", metavar="ID_OR_NAME", help="the token's id or name")
    revoke.set_defaults(command=_revoke_token)

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.add_argument("--output", "-o", help="write to this file instead of stdout")
    export.set_defaults(command=_export_schema)
    models = commands.add_parser(
        "export-models", help="print the domain models' JSON Schema"
    )
    models.add_argument("--output", "-o", help="write to this file instead of stdout")
    models.set_defaults(command=_export_models)

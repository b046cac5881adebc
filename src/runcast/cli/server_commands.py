"""What the server commands do: serve, worker, migrate, token, export-*.

Imported only when one of them runs (see :mod:`runcast.cli.server`).
"""

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

from runcast import heap
from runcast.api.schema import create_schema
from runcast.app import create_app
from runcast.cli.errors import CommandError
from runcast.db.migrate import upgrade_database
from runcast.domain.schema import domain_json_schema
from runcast.domain.tokens import ApiToken
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = [
    "create_token",
    "export_models",
    "export_schema",
    "list_tokens",
    "migrate",
    "revoke_token",
    "serve",
    "worker",
]


def serve(arguments: argparse.Namespace, settings: Settings) -> int:
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
        create_app(settings, settle_heap=True),
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


def worker(_arguments: argparse.Namespace, settings: Settings) -> int:
    async def work() -> None:
        runtime = Runtime(settings)
        await runtime.start(workers=max(settings.workers, 1))
        heap.settle()
        await runtime.run_until_cancelled()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(work())
    return 0


def migrate(_arguments: argparse.Namespace, settings: Settings) -> int:
    upgrade_database(settings.database_url)
    print("database is up to date")
    return 0


def create_token(arguments: argparse.Namespace, settings: Settings) -> int:
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


def list_tokens(_arguments: argparse.Namespace, settings: Settings) -> int:
    tokens = _with_runtime(settings, lambda runtime: runtime.access.list_tokens())
    for token in tokens:
        created = token.created_at.strftime("%Y-%m-%d %H:%M")
        access = "read-only" if token.read_only else "full"
        print(f"{token.id}  {access:<9}  {created}  {token.name}")
    if not tokens:
        print("no tokens: authentication is off unless RUNCAST_API_TOKEN is set")
    return 0


def revoke_token(arguments: argparse.Namespace, settings: Settings) -> int:
    token = _with_runtime(
        settings, lambda runtime: runtime.access.revoke_token(arguments.token)
    )
    print(f"revoked token {_describe(token)}")
    return 0


def _describe(token: ApiToken) -> str:
    access = "read-only" if token.read_only else "full access"
    return f"{token.name!r} (id {token.id}, {access})"


def export_schema(arguments: argparse.Namespace, _settings: Settings) -> int:
    text = create_schema().as_str() + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        Path(arguments.output).write_text(text)
    return 0


def export_models(arguments: argparse.Namespace, _settings: Settings) -> int:
    text = json.dumps(domain_json_schema(), indent=2, sort_keys=True) + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        Path(arguments.output).write_text(text)
    return 0

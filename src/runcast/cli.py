"""The ``runcast`` command: serve, worker, migrate, export-schema, export-models."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn
from sqlalchemy.engine import make_url

from runcast.api.schema import create_schema
from runcast.app import create_app
from runcast.db.database import Database
from runcast.db.migrate import (
    DatabaseNotReadyError,
    check_database,
    upgrade_database,
)
from runcast.domain.schema import domain_json_schema
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``runcast`` command line; return its exit code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        result: int = arguments.command(arguments, settings)
    except DatabaseNotReadyError as error:
        print(f"runcast: {error}", file=sys.stderr)
        return 1
    return result


def _serve(arguments: argparse.Namespace, settings: Settings) -> int:
    settings = settings.model_copy(
        update={
            key: value
            for key, value in (("host", arguments.host), ("port", arguments.port))
            if value is not None
        }
    )
    # a database that is not ready is one line, not a failed startup's traceback
    # (serve migrates the embedded SQLite file itself)
    if make_url(settings.database_url).get_backend_name() != "sqlite":
        asyncio.run(_check_database(settings))
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        ws="websockets-sansio",
        ws_max_size=settings.ws_max_message_bytes,
    )
    return 0


async def _check_database(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        await check_database(database)
    finally:
        await database.dispose()


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runcast", description="Run prompt experiments and watch them live."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the API and run workers")
    serve.add_argument("--host", help="address to bind (default RUNCAST_HOST)")
    serve.add_argument("--port", type=int, help="port (default RUNCAST_PORT)")
    serve.set_defaults(command=_serve)

    worker = commands.add_parser("worker", help="run a worker without the API")
    worker.set_defaults(command=_worker)

    migrate = commands.add_parser(
        "migrate", help="bring the database schema up to date"
    )
    migrate.set_defaults(command=_migrate)

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.add_argument("--output", "-o", help="write to this file instead of stdout")
    export.set_defaults(command=_export_schema)
    models = commands.add_parser(
        "export-models", help="print the domain models' JSON Schema"
    )
    models.add_argument("--output", "-o", help="write to this file instead of stdout")
    models.set_defaults(command=_export_models)
    return parser


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

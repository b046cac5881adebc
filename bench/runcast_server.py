"""``python -m bench.runcast_server``: Runcast's app with a switch to start its worker.

The app is ``create_app(settings, runtime=..., settle_heap=True)`` served by
uvicorn as ``runcast serve`` serves it, with ``RUNCAST_*`` settings (``RUNCAST_WORKERS``
should be 0). Two routes are added so a benchmark can subscribe before
anything happens: ``POST /bench/runs`` queues a run of ``{"items": n}`` items
and answers its id, and ``POST /bench/execute`` executes it with a worker in
this process, as an in-process worker of ``runcast serve`` would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.runs import queue_run
from bench.servers import run_server
from runcast.app import create_app
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["create_bench_app", "main"]


def create_bench_app(settings: Settings) -> Starlette:
    """Runcast's app plus the two benchmark routes."""
    runtime = Runtime(settings)
    app = create_app(settings, runtime=runtime, settle_heap=True)
    executing: set[asyncio.Task[bool]] = set()

    async def queue(request: Request) -> Response:
        items = int(json.loads(await request.body())["items"])
        return JSONResponse({"id": await queue_run(runtime, items=items)})

    async def execute(_request: Request) -> Response:
        task = asyncio.create_task(runtime.new_worker().run_once())
        executing.add(task)
        task.add_done_callback(executing.discard)
        return JSONResponse({"executing": True}, status_code=202)

    app.router.routes[:0] = [
        Route("/bench/runs", queue, methods=["POST"]),
        Route("/bench/execute", execute, methods=["POST"]),
    ]
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Serve on the loopback interface until terminated."""
    parser = argparse.ArgumentParser(prog="python -m bench.runcast_server")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args(argv)
    return run_server(create_bench_app(Settings()), arguments.port)


if __name__ == "__main__":
    sys.exit(main())

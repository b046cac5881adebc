"""``python -m bench.reference.server``: the references, served by uvicorn.

Routes: ``POST /raw/graphql`` (Q1's bare Starlette endpoint), ``/graphql``
(the plain Strawberry schema over HTTP and WebSocket), ``POST /bench/replay``
(load a recorded run's events), ``POST /bench/play`` (start broadcasting
them) and ``GET /healthz``. Only ever bound to the loopback interface.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from bench.reference.plain_schema import PlainContext, create_plain_schema
from bench.reference.raw_run import run_endpoint
from bench.reference.replay import RecordedEvent, Replay
from bench.reference.rows import RowReader
from bench.servers import run_server

__all__ = ["create_reference_app", "main"]


class PlainGraphQL(GraphQL[PlainContext, None]):
    """Strawberry's ASGI app with the reference's context."""

    def __init__(self, context: PlainContext) -> None:
        super().__init__(create_plain_schema(), graphql_ide=None)
        self._context = context

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> PlainContext:
        return self._context


def create_reference_app(database: Path | None) -> Starlette:
    """The reference app; without a database only the replay works."""
    rows = RowReader(database) if database is not None else None
    replay = Replay()
    graphql = PlainGraphQL(PlainContext(rows=rows, replay=replay))

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if rows is not None:
            await rows.open()
        try:
            yield
        finally:
            if rows is not None:
                await rows.close()

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def load_replay(request: Request) -> Response:
        events = json.loads(await request.body())["events"]
        replay.load([RecordedEvent.from_json(event) for event in events])
        return JSONResponse({"events": len(events)})

    async def play(_request: Request) -> Response:
        replay.play()
        return JSONResponse({"playing": True}, status_code=202)

    routes = [
        Route("/healthz", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/bench/replay", load_replay, methods=["POST"]),
        Route("/bench/play", play, methods=["POST"]),
    ]
    if rows is not None:
        routes.append(Route("/raw/graphql", run_endpoint(rows), methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the references on the loopback interface until terminated."""
    parser = argparse.ArgumentParser(prog="python -m bench.reference.server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", type=Path, help="Runcast's SQLite file")
    arguments = parser.parse_args(argv)
    return run_server(create_reference_app(arguments.database), arguments.port)


if __name__ == "__main__":
    sys.exit(main())

"""The ASGI application: GraphQL over HTTP and WebSocket, the web app, health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from runcast.api.context import Context
from runcast.api.cors import ListedOriginsCORS
from runcast.api.graphql_view import GraphQLView
from runcast.api.messages import SharedEncoding
from runcast.api.schema import create_schema
from runcast.db.database import DatabaseUnavailableError
from runcast.frontend import FrontendBuild
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["create_app"]


class RuncastGraphQL(GraphQLView):
    """Runcast's GraphQL endpoint, with a Runcast context per request or connection."""

    def __init__(self, runtime: Runtime, frontend: FrontendBuild) -> None:
        super().__init__(create_schema(), runtime.settings)
        self._runtime = runtime
        self._frontend = frontend
        self._encoding = SharedEncoding()

    def encode_json(self, data: object) -> str:
        """Compact JSON; subscribers of one event share its data's encoding."""
        return self._encoding.encode(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Serve the bundled GraphiQL (no CDN) when it has been built."""
        if self._frontend.has_graphiql:
            return FileResponse(
                self._frontend.graphiql_page, headers={"cache-control": "no-cache"}
            )
        return await super().render_graphql_ide(request)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(orchestrator=self._runtime.orchestrator)


def create_app(settings: Settings, *, runtime: Runtime | None = None) -> Starlette:
    """Return the Runcast web application for these settings."""
    runtime = runtime or Runtime(settings)
    frontend = FrontendBuild(settings.frontend_dir)
    graphql = RuncastGraphQL(runtime, frontend)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    async def health(_request: Request) -> Response:
        try:
            await runtime.database.ping()
        except DatabaseUnavailableError as error:
            body = {"status": "unavailable", "database": str(error)}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                graphql,
                methods=["GET", "POST", "OPTIONS"],
                middleware=[
                    Middleware(ListedOriginsCORS, origins=settings.allowed_origins)
                ],
            ),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", health),
            *frontend.routes(),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app

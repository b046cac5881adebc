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
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UnsetType

from runcast import heap
from runcast.api.access import bearer_secret, secret_in_connection_params
from runcast.api.context import Context
from runcast.api.cors import ListedOriginsCORS
from runcast.api.graphql_view import GraphQLView
from runcast.api.hosts import HostGuard
from runcast.api.http_errors import RequestError
from runcast.api.messages import SharedEncoding
from runcast.api.schema import create_schema
from runcast.db.database import DatabaseUnavailableError
from runcast.domain.tokens import Caller
from runcast.frontend import FrontendBuild
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["create_app"]


class RuncastGraphQL(GraphQLView):
    """Runcast's GraphQL endpoint, with a Runcast context per request or connection."""

    def __init__(self, runtime: Runtime, frontend: FrontendBuild) -> None:
        settings = runtime.settings
        schema = create_schema(
            max_query_bytes=settings.max_query_bytes,
            max_query_tokens=settings.max_query_tokens,
            introspection=settings.introspection,
        )
        super().__init__(schema, settings)
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
        """The caller's context; over HTTP, what its token allows.

        A WebSocket's access is known once its ``connection_init`` arrives.
        """
        caller = None
        if isinstance(request, Request):
            caller = await self._authenticate(request)
        return Context(orchestrator=self._runtime.orchestrator, caller=caller)

    async def _authenticate(self, request: Request) -> Caller | None:
        """Who calls, and what their token allows; 401 without one (not GraphiQL)."""
        secret = bearer_secret(request.headers.get("authorization"))
        caller = await self._runtime.access.authenticate(secret)
        if caller is None and not self._asks_for_graphiql(request):
            raise RequestError(
                "this server requires a token: send `Authorization: Bearer <token>`",
                status_code=401,
                code="UNAUTHENTICATED",
                headers={"www-authenticate": "Bearer"},
            )
        return caller

    def _asks_for_graphiql(self, request: Request) -> bool:
        return request.method == "GET" and self.should_render_graphql_ide(
            self.request_adapter_class(request)
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object]:
        """Accept a WebSocket only with a token its ``connection_init`` carries."""
        secret = secret_in_connection_params(context.connection_params)
        caller = await self._runtime.access.authenticate(secret)
        if caller is None:
            raise ConnectionRejectionError(
                {"message": "this server requires a token", "code": "UNAUTHENTICATED"}
            )
        context.caller = caller
        return UnsetType()  # the plain acknowledgement


def create_app(
    settings: Settings, *, runtime: Runtime | None = None, settle_heap: bool = False
) -> Starlette:
    """Return the Runcast web application for these settings.

    ``settle_heap``: the app is its process's own, so once started it settles
    the process's heap (see ``runcast.heap``).
    """
    runtime = runtime or Runtime(settings)
    frontend = FrontendBuild(settings.frontend_dir)
    graphql = RuncastGraphQL(runtime, frontend)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await runtime.start()
        if settle_heap:
            heap.settle()
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
            # every method reaches the view, which answers the ones it does
            # not serve with a JSON 405
            Route(
                "/graphql",
                graphql,
                middleware=[
                    Middleware(ListedOriginsCORS, origins=settings.allowed_origins)
                ],
            ),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", health),
            *frontend.routes(),
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(
                HostGuard, bind_host=settings.host, allowed=settings.allowed_hosts
            )
        ],
    )
    app.state.runtime = runtime
    return app

"""The ASGI application: GraphQL over HTTP and WebSocket, the web app, health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UnsetType

from runcast.api.access import bearer_secret, secret_in_connection_params
from runcast.api.context import Context
from runcast.api.hosts import HostGuard
from runcast.api.messages import SharedEncoding
from runcast.api.schema import create_schema
from runcast.db.database import DatabaseUnavailableError
from runcast.frontend import FrontendBuild
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["create_app"]


class RuncastGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with a Runcast context per request or connection."""

    def __init__(self, runtime: Runtime, frontend: FrontendBuild) -> None:
        settings = runtime.settings
        super().__init__(
            create_schema(
                max_query_bytes=settings.max_query_bytes,
                max_query_tokens=settings.max_query_tokens,
                introspection=settings.introspection,
            ),
            graphql_ide="graphiql" if settings.graphiql else None,
            allowed_origins=settings.allowed_origins,
        )
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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve GraphQL; a request that is not GraphQL gets a JSON error body."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        limit = self._runtime.settings.max_body_bytes
        request = Request(scope, _limited(receive, limit))
        try:
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _BodyTooLargeError
            response = await self._run_authenticated(request)
        except _BodyTooLargeError:
            response = _error(
                f"the request body is larger than {limit} bytes",
                code="PAYLOAD_TOO_LARGE",
                status_code=413,
            )
        except HTTPException as error:
            response = _error(
                error.reason, code="BAD_REQUEST", status_code=error.status_code
            )
        await response(scope, receive, send)

    async def _run_authenticated(self, request: Request) -> Response:
        """Run the request if its token allows; GraphiQL's page needs none."""
        secret = bearer_secret(request.headers.get("authorization"))
        access = await self._runtime.access.authenticate(secret)
        if access is None and not self._asks_for_graphiql(request):
            return _error(
                "this server requires a token: send `Authorization: Bearer <token>`",
                code="UNAUTHENTICATED",
                status_code=401,
                headers={"www-authenticate": "Bearer"},
            )
        request.state.access = access
        return await self.run(request)

    def _asks_for_graphiql(self, request: Request) -> bool:
        return request.method == "GET" and self.should_render_graphql_ide(
            self.request_adapter_class(request)
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        access = getattr(request.state, "access", None)
        return Context(orchestrator=self._runtime.orchestrator, access=access)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object]:
        """Accept a WebSocket only with a token its ``connection_init`` carries."""
        secret = secret_in_connection_params(context.connection_params)
        access = await self._runtime.access.authenticate(secret)
        if access is None:
            raise ConnectionRejectionError(
                {"message": "this server requires a token", "code": "UNAUTHENTICATED"}
            )
        context.access = access
        return UnsetType()  # the plain acknowledgement


class _BodyTooLargeError(Exception):
    """A request body went past the size limit."""


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive``, raising ``_BodyTooLargeError`` once the body passes ``limit``."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise _BodyTooLargeError
        return message

    return receive_within_limit


def _error(
    message: str,
    *,
    code: str,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status_code, headers=headers)


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
            Route("/graphql", graphql, methods=["GET", "POST"]),
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

"""GraphQL over HTTP and WebSocket: Strawberry's ASGI app, hardened at the edges.

Over HTTP, every request GraphQL cannot serve is answered with a JSON error
body and a 4xx status, never a 500 or plain text; ``Accept:
application/graphql-response+json`` gets that media type and the
GraphQL-over-HTTP status codes; Apollo's automatic persisted queries are
served. Over WebSocket, connections are counted and capped, frames are
checked (see ``websocket_frames``) and both subprotocols are strict (see
``websocket_handlers``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.streaming import HTTPStreamTransport
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
    MULTIPART_SUBSCRIPTION_PROTOCOL,
)
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from runcast.api.context import Context
from runcast.api.documents import (
    QueryTooLargeError,
    check_query_tokens,
    checked_query_size,
)
from runcast.api.http_errors import RequestError, error_response
from runcast.api.http_requests import read_graphql_request
from runcast.api.media_types import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    response_media_type,
)
from runcast.api.persisted_queries import PersistedQueries
from runcast.api.websocket_frames import CheckedWebSocketAdapter
from runcast.api.websocket_handlers import LegacyWSHandler, TransportWSHandler
from runcast.settings import Settings

__all__ = ["SUBSCRIPTION_PROTOCOLS", "TRY_AGAIN_LATER", "GraphQLView"]

TRY_AGAIN_LATER = 1013
"""Close code of a WebSocket over the per-process connection limit."""

SUBSCRIPTION_PROTOCOLS = (
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
    GRAPHQL_SSE_PROTOCOL,
    MULTIPART_SUBSCRIPTION_PROTOCOL,
)
"""Both WebSocket subprotocols, and over HTTP graphql-sse and multipart."""

_STREAMED_MEDIA_TYPES = ("text/event-stream", "multipart/mixed")


class GraphQLView(GraphQL[Context, None]):
    """The ``/graphql`` endpoint; subclasses give the context."""

    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    def __init__(self, schema: BaseSchema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allowed_origins=settings.allowed_origins,
            connection_init_wait_timeout=timedelta(
                seconds=settings.ws_connection_init_timeout
            ),
            max_subscriptions_per_connection=settings.ws_max_subscriptions,
            subscription_protocols=SUBSCRIPTION_PROTOCOLS,
        )
        self.websocket_adapter_class = functools.partial(  # type: ignore[assignment]
            CheckedWebSocketAdapter,
            max_message_bytes=settings.ws_max_message_bytes,
            max_messages_per_second=settings.ws_max_messages_per_second,
        )
        self.persisted_queries = PersistedQueries(
            max_count=settings.persisted_queries_max_count,
            max_bytes=settings.persisted_queries_max_bytes,
        )
        self._max_body_bytes = settings.max_body_bytes
        self._max_query_bytes = settings.max_query_bytes
        self._max_query_tokens = settings.max_query_tokens
        self._max_connections = settings.max_connections
        self._open_connections = 0
        """WebSockets and streamed HTTP answers being served."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve GraphQL; a request that is not GraphQL gets a JSON error body."""
        if scope["type"] == "http":
            request = Request(scope, _limited(receive, self._max_body_bytes))
            if self._preferred_stream_transport(request.headers) is None:
                response = await self._answer(request)
                await response(scope, receive, send)
            else:
                await self._serve_stream(request, scope, receive, send)
        elif scope["type"] == "websocket":
            await self._serve_websocket(scope, receive, send)
        else:  # pragma: no cover (lifespan never reaches a route)
            await super().__call__(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        media_type = response_media_type(request.headers.get("accept", ""))
        try:
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self._max_body_bytes:
                raise _body_too_large(self._max_body_bytes)
            return await self.run(request)
        except RequestError as error:
            return error_response(error, media_type=media_type)
        except HTTPException as error:
            return error_response(_refusal(error), media_type=media_type)

    async def _serve_stream(
        self, request: Request, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """A request that asks for a stream holds a connection while it streams."""
        if self._open_connections >= self._max_connections:
            too_many = RequestError(
                "Too many open connections; try again later",
                status_code=503,
                code="TOO_MANY_CONNECTIONS",
                headers={"Retry-After": "1"},
            )
            media_type = response_media_type(request.headers.get("accept", ""))
            await error_response(too_many, media_type=media_type)(scope, receive, send)
            return
        self._open_connections += 1
        try:
            response = await self._answer(request)
            await response(scope, receive, send)
        finally:
            self._open_connections -= 1

    async def _serve_websocket(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if self._open_connections >= self._max_connections:
            websocket = WebSocket(scope, receive, send)
            subprotocol = await self.pick_websocket_subprotocol(websocket)
            await websocket.accept(subprotocol=subprotocol)
            await websocket.close(code=TRY_AGAIN_LATER, reason="Try again later")
            return
        self._open_connections += 1
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._open_connections -= 1

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Strawberry's sub-response, carrying the media type the client accepts."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_media_type(request.headers.get("accept", ""))
        return sub_response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """GraphiQL for a browser's plain GET, not for a hash-only query."""
        return "extensions" not in request.query_params and (
            super().should_render_graphql_ide(request)
        )

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData:
        """The request's parts, its query found by hash if it sent only that."""
        body = b"" if request.method == "GET" else await request.get_body()
        request_data = read_graphql_request(
            method=request.method,
            query_params=request.query_params,
            content_type=request.content_type,
            body=body,
        )
        request_data.query = self.persisted_queries.resolve(
            request_data.query, request_data.extensions
        )
        if transport := self._preferred_stream_transport(request.headers):
            self._check_streamed_query(request_data.query)
            request_data.protocol = transport.protocol
        return request_data

    def _preferred_stream_transport(
        self, headers: Mapping[str, str]
    ) -> HTTPStreamTransport | None:
        """The stream a client asks for first in ``Accept``, if it asks for one.

        Clients such as urql list `text/event-stream` and `multipart/mixed`
        after the JSON types, for answers a server might choose to stream:
        they get JSON. A client that wants a stream names it first.
        """
        first = headers.get("accept", "").split(",", 1)[0]
        if not first.lstrip().lower().startswith(_STREAMED_MEDIA_TYPES):
            return None  # most requests: Strawberry's parsing of the type is slow
        return self._get_stream_transport_from_headers({"accept": first})

    def _check_streamed_query(self, query: str | None) -> None:
        """A 400 for a streamed query that is missing, too large or unreadable.

        Checked before the stream starts: once its 200 is sent the answer can
        no longer be a 400, and Strawberry's stream lets the document limits'
        errors escape instead of answering them.
        """
        if not query:
            raise RequestError("No GraphQL query found in the request")
        try:
            checked_query_size(query, self._max_query_bytes)
            check_query_tokens(query, self._max_query_tokens)
            parse(query)
        except QueryTooLargeError as error:
            raise RequestError(error.message, code=QueryTooLargeError.code) from error
        except GraphQLError as error:
            raise RequestError(error.message) from error

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Execute one operation; one the method may not run is a 400 or 405."""
        method = request_adapter.method
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=OperationType.from_http(method),
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            raise _refused(error, method) from error
        except CannotGetOperationTypeError as error:
            raise RequestError(error.as_http_error_reason()) from error
        except MissingQueryError as error:
            raise RequestError("No GraphQL query found in the request") from error

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """The result as the accepted media type.

        As ``application/graphql-response+json``, a request that failed
        before execution (it did not parse, validate, or its variables were
        wrong) is a 400 without ``data``, as GraphQL over HTTP says.
        """
        media_type = sub_response.media_type or APPLICATION_JSON
        status_code = 200
        if (
            media_type == GRAPHQL_RESPONSE_JSON
            and isinstance(response_data, dict)
            and _failed_before_execution(response_data)
        ):
            response_data = GraphQLHTTPResponse(errors=response_data.get("errors"))
            status_code = 400
        response = Response(
            self.encode_json(response_data),
            status_code=sub_response.status_code or status_code,
            media_type=media_type,
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response


def _failed_before_execution(response_data: GraphQLHTTPResponse) -> bool:
    """No data and only errors without a path: no field ever ran."""
    errors: list[Any] = response_data.get("errors") or []
    return (
        response_data.get("data") is None
        and bool(errors)
        and all(isinstance(error, dict) and "path" not in error for error in errors)
    )


def _refused(error: InvalidOperationTypeError, method: str) -> RequestError:
    reason = error.as_http_error_reason(method)
    if method == "GET" and error.operation_type is OperationType.MUTATION:
        return RequestError(
            reason,
            status_code=405,
            code="METHOD_NOT_ALLOWED",
            headers={"allow": "POST"},
        )
    return RequestError(reason)


def _refusal(error: HTTPException) -> RequestError:
    """Strawberry's refusal of a request as a JSON error; a 405 says what is allowed."""
    if error.status_code == 405:
        return RequestError(
            error.reason,
            status_code=405,
            code="METHOD_NOT_ALLOWED",
            headers={"allow": "GET, POST"},
        )
    return RequestError(error.reason, status_code=error.status_code)


def _body_too_large(limit: int) -> RequestError:
    return RequestError(
        f"the request body is larger than {limit} bytes",
        status_code=413,
        code="PAYLOAD_TOO_LARGE",
    )


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive``, refusing the request once its body passes ``limit`` bytes."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise _body_too_large(limit)
        return message

    return receive_within_limit

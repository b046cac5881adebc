"""The two GraphQL-over-WebSocket protocols, strict about what clients send.

``graphql-transport-ws`` is the current protocol, ``graphql-ws`` the legacy
one of subscriptions-transport-ws. On both, an operation message of the wrong
shape closes the connection with 4400, and a connection that does not send
``connection_init`` in time is closed with 4408, one whose ``connection_init``
carries no valid token with 4403. Over the legacy protocol, queries and
mutations run too (Strawberry's handler only subscribes).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr
from pydantic import ValidationError as PydanticValidationError
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.schema import StreamResult
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import (
    CompleteMessage,
    ConnectionInitMessage,
    ErrorMessage,
    OperationMessage,
)
from strawberry.types.execution import ExecutionResult, PreExecutionError

from runcast.api.context import Context
from runcast.api.websocket_frames import INVALID_MESSAGE

__all__ = ["LegacyWSHandler", "TransportWSHandler"]

INIT_TIMEOUT = 4408
"""Close code of a connection that never sent ``connection_init``."""
FORBIDDEN = 4403
"""Close code of a connection refused at ``connection_init`` (no valid token)."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class OperationPayload(_Strict):
    """What ``subscribe`` (``start``) carries: the GraphQL request."""

    query: StrictStr
    variables: dict[str, Any] | None = None
    operationName: StrictStr | None = None  # noqa: N815 (the protocol's name)
    extensions: dict[str, Any] | None = None


class OperationStart(_Strict):
    """``subscribe`` or ``start``: an operation id and its request."""

    id: StrictStr
    payload: OperationPayload


class OperationStop(_Strict):
    """``complete`` or ``stop``: the id of an operation to end."""

    id: StrictStr


_SHAPES: dict[str, type[BaseModel]] = {
    "subscribe": OperationStart,
    "start": OperationStart,
    "complete": OperationStop,
    "stop": OperationStop,
}


def _is_well_formed(message: dict[str, object]) -> bool:
    shape = _SHAPES.get(str(message["type"]))
    if shape is None:
        return True
    try:
        shape.model_validate(message)
    except PydanticValidationError:
        return False
    return True


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, refusing operation messages of the wrong shape."""

    async def handle_message(self, message: Message) -> None:
        if not _is_well_formed(dict(message)):
            await self.handle_invalid_message("Invalid message")
            return
        await super().handle_message(message)

    async def _send_result_stream(
        self, operation: Operation[Context, None], result_source: StreamResult
    ) -> None:
        """Strawberry's loop, sending each plain result in one step.

        A result with data only (nearly every subscription event) goes to
        the socket at once, not through three layers of Strawberry's message
        sending: a thousand subscribers of a run do this for every event.
        """
        first = True
        async for result in result_source:
            if first and isinstance(result, PreExecutionError):
                await self._handle_pre_execution_error(operation, result)
                return
            if not isinstance(result, ExecutionResult):
                await self._reject_incremental_delivery(operation)
                return
            first = False
            if result.errors or result.extensions or operation.completed:
                await operation.send_next(result)
                continue
            await self.websocket.send_json(
                {"id": operation.id, "type": "next", "payload": {"data": result.data}}
            )


class LegacyWSHandler(BaseGraphQLWSHandler[Context, None]):
    """graphql-ws (legacy): any operation, an init timeout, strict messages."""

    _KNOWN_TYPES = frozenset(
        {"connection_init", "connection_terminate", "start", "stop"}
    )
    _initialised = False

    async def handle(self) -> None:
        timeout = asyncio.create_task(self._close_unless_initialised())
        try:
            await super().handle()
        finally:
            timeout.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timeout

    async def _close_unless_initialised(self) -> None:
        # the same wait as graphql-transport-ws's, which the view configures
        await asyncio.sleep(self.view.connection_init_wait_timeout.total_seconds())
        if not self._initialised:
            await self.websocket.close(
                code=INIT_TIMEOUT, reason="Connection initialisation timeout"
            )

    async def handle_message(self, message: OperationMessage) -> None:
        if message["type"] not in self._KNOWN_TYPES or not _is_well_formed(
            dict(message)
        ):
            await self.websocket.close(code=INVALID_MESSAGE, reason="Invalid message")
            return
        await super().handle_message(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Strawberry's, but a refused connection closes as graphql-transport-ws
        closes it (4403), after the protocol's ``connection_error``."""
        self._initialised = True
        payload = message.get("payload")
        if payload is not None and not isinstance(payload, dict):
            await self.send_message({"type": "connection_error"})
            await self.websocket.close(code=1000, reason="")
            return
        self.context.connection_params = payload
        try:
            await self.view.on_ws_connect(self.context)
        except ConnectionRejectionError as rejection:
            await self.send_message(
                {"type": "connection_error", "payload": rejection.payload}
            )
            await self.websocket.close(code=FORBIDDEN, reason="Forbidden")
            return
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True
        if self.keep_alive:
            self.keep_alive_task = asyncio.create_task(self.handle_keep_alive())

    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        """Run the operation, whatever its type, sending each result as ``data``."""
        try:
            results = await self.schema.stream(
                query=query,
                variable_values=variables,
                operation_name=operation_name,
                context_value=self.context,
                root_value=self.root_value,
            )
            self.subscriptions[operation_id] = results
            first = True
            async for result in results:
                if first and isinstance(result, PreExecutionError):
                    assert result.errors
                    await self._send_error(operation_id, result.errors[0].formatted)
                    return
                if not isinstance(result, ExecutionResult):
                    message = "Incremental delivery is not supported over graphql-ws"
                    await self._send_error(operation_id, {"message": message})
                    return
                await self.send_data_message(result, operation_id)
                first = False
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        except asyncio.CancelledError:
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        finally:
            self.subscriptions.pop(operation_id, None)
            self.tasks.pop(operation_id, None)

    async def _send_error(self, operation_id: str, payload: Any) -> None:
        await self.send_message(
            ErrorMessage(type="error", id=operation_id, payload=payload)
        )

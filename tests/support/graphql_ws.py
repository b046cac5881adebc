"""A small GraphQL-over-WebSocket client speaking both subprotocols.

``graphql-transport-ws`` is the current protocol; ``graphql-ws`` is the legacy
one of subscriptions-transport-ws. Tests use this against a real server.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from websockets.asyncio.client import ClientConnection, connect
from websockets.frames import Close

Protocol = Literal["graphql-transport-ws", "graphql-ws"]
PROTOCOLS: tuple[Protocol, ...] = ("graphql-transport-ws", "graphql-ws")


class SubscriptionError(Exception):
    """The server answered a subscription with errors."""

    def __init__(self, payload: Any) -> None:
        super().__init__(json.dumps(payload))
        self.payload = payload


class GraphQLWebSocket:
    """One connection; ``subscribe`` yields each result's ``data``."""

    def __init__(self, connection: ClientConnection, protocol: Protocol) -> None:
        self.connection = connection
        self.protocol = protocol

    async def start(self, query: str, variables: dict[str, Any] | None = None) -> str:
        """Send the protocol's ``subscribe`` (``start``); return the operation id."""
        operation_id = uuid.uuid4().hex
        start = "subscribe" if self.protocol == "graphql-transport-ws" else "start"
        await self._send(
            {
                "type": start,
                "id": operation_id,
                "payload": {"query": query, "variables": variables or {}},
            }
        )
        return operation_id

    async def stop(self, operation_id: str) -> None:
        """Send the protocol's ``complete`` (``stop``) for an operation."""
        stop = "complete" if self.protocol == "graphql-transport-ws" else "stop"
        await self._send({"type": stop, "id": operation_id})

    async def subscribe(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Start a subscription and yield its results until it completes."""
        operation_id = await self.start(query, variables)
        async for data in self.results(operation_id):
            yield data

    async def results(self, operation_id: str) -> AsyncIterator[dict[str, Any]]:
        """Yield an operation's results until it completes."""
        while True:
            message = await self._receive()
            kind = message["type"]
            if kind in {"ka", "ping", "pong"}:
                if kind == "ping":
                    await self._send({"type": "pong"})
                continue
            assert message.get("id") == operation_id, message
            if kind == "complete":
                return
            if kind == "error":
                raise SubscriptionError(message["payload"])
            assert kind in {"next", "data"}, message
            payload = message["payload"]
            if payload.get("errors"):
                raise SubscriptionError(payload["errors"])
            yield payload["data"]

    async def _send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def _receive(self) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(await self.connection.recv())
        return message


@asynccontextmanager
async def graphql_websocket(
    url: str, protocol: Protocol, *, init_payload: dict[str, Any] | None = None
) -> AsyncIterator[GraphQLWebSocket]:
    """Open a connection and complete the protocol's handshake."""
    async with connect(url, subprotocols=[protocol]) as connection:  # type: ignore[list-item]
        assert connection.subprotocol == protocol
        await connection.send(
            json.dumps({"type": "connection_init", "payload": init_payload or {}})
        )
        acknowledgement = json.loads(await connection.recv())
        assert acknowledgement["type"] == "connection_ack", acknowledgement
        yield GraphQLWebSocket(connection, protocol)


GUARD_SECONDS = 30
"""A guard against a hung subscription, not a synchronisation."""


async def collect(
    ws_url: str,
    protocol: Protocol,
    query: str,
    variables: dict[str, Any],
    *,
    count: int | None = None,
    guard: float = GUARD_SECONDS,
) -> list[dict[str, Any]]:
    """Subscribe and gather results until completion (or ``count`` results)."""
    results: list[dict[str, Any]] = []
    async with asyncio.timeout(guard):
        async with graphql_websocket(ws_url, protocol) as connection:
            async for data in connection.subscribe(query, variables):
                results.append(data)
                if count is not None and len(results) == count:
                    break
    return results


async def close_frame(connection: ClientConnection) -> Close:
    """The close frame the server sent, once it has closed the connection.

    Fails if the connection ended without one (a dropped connection).
    """
    async with asyncio.timeout(GUARD_SECONDS):
        await connection.wait_closed()
    close = connection.protocol.close_rcvd
    assert close is not None, "the server dropped the connection without a close frame"
    return close

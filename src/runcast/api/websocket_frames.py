"""WebSocket frames in, protocol messages out: a bad frame closes the connection.

Both GraphQL-over-WebSocket subprotocols speak JSON objects with a string
``type``. A frame that is binary, larger than the limit, not JSON, or JSON
that is not such an object ends the connection with a close code the client
can read, rather than an exception in the handler; so does a client sending
faster than its message rate allows.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable

from starlette.websockets import WebSocket, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.async_base_view import AsyncBaseHTTPView

from runcast.api.json_text import UnreadableJSONError, read_json

__all__ = [
    "INVALID_MESSAGE",
    "MESSAGE_TOO_BIG",
    "TOO_MANY_MESSAGES",
    "CheckedWebSocketAdapter",
    "MessageRate",
]

INVALID_MESSAGE = 4400
"""Close code of a malformed message (graphql-transport-ws's own)."""

MESSAGE_TOO_BIG = 1009
"""Close code of a message over the size limit (RFC 6455)."""

TOO_MANY_MESSAGES = 1008
"""Close code of a message over the rate limit (RFC 6455's policy violation)."""


class MessageRate:
    """A token bucket: ``per_second`` messages a second, in bursts of as many."""

    def __init__(
        self, per_second: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._per_second = per_second
        self._clock = clock
        self._tokens = per_second
        self._at = clock()

    def allows(self) -> bool:
        """Whether one more message may come now (and count it if so)."""
        now = self._clock()
        self._tokens = min(
            self._per_second, self._tokens + (now - self._at) * self._per_second
        )
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


class CheckedWebSocketAdapter(ASGIWebSocketAdapter):
    """Strawberry's ASGI adapter, yielding only well-formed messages."""

    def __init__(
        self,
        view: AsyncBaseHTTPView,  # type: ignore[type-arg]
        request: WebSocket,
        response: WebSocket,
        *,
        max_message_bytes: int,
        max_messages_per_second: float,
    ) -> None:
        super().__init__(view, request, response)
        self._max_message_bytes = max_message_bytes
        self._rate = MessageRate(max_messages_per_second)

    async def iter_json(
        self, *, ignore_parsing_errors: bool = False
    ) -> AsyncGenerator[object, None]:
        """Each message as a dict; on a bad frame, close and stop."""
        while self.ws.application_state != WebSocketState.DISCONNECTED:
            frame = await self.ws.receive()
            if frame["type"] == "websocket.disconnect":
                return
            if not self._rate.allows():
                await self.close(TOO_MANY_MESSAGES, "Too many messages")
                return
            text = frame.get("text")
            if not isinstance(text, str):
                await self.close(INVALID_MESSAGE, "Invalid message")
                return
            if len(text.encode()) > self._max_message_bytes:
                await self.close(MESSAGE_TOO_BIG, "Message too big")
                return
            message = _message(text)
            if message is None:
                await self.close(INVALID_MESSAGE, "Invalid message")
                return
            yield message


def _message(text: str) -> dict[str, object] | None:
    try:
        value = read_json(text)
    except UnreadableJSONError:
        return None
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        return value
    return None

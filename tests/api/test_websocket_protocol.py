"""GraphQL over WebSocket at the edges: legacy operations, timeouts, bad frames."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Scope
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from runcast.api.websocket_frames import MessageRate
from runcast.app import create_app
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.api.conftest import LiveServer
from tests.support.graphql_ws import (
    PROTOCOLS,
    Protocol,
    SubscriptionError,
    close_frame,
    collect,
    graphql_websocket,
)

COUNT_EXPERIMENTS = "{ experiments { totalCount } }"
CREATE_EXPERIMENT = """
mutation ($input: CreateExperimentInput!) {
  createExperiment(input: $input) { __typename ... on Experiment { name } }
}
"""
# No run ever changes status in these tests: the subscription stays open.
OPEN_SUBSCRIPTION = "subscription { runStatusChanges { seq } }"


def start_type(protocol: Protocol) -> str:
    return "subscribe" if protocol == "graphql-transport-ws" else "start"


async def initialised(url: str, protocol: Protocol) -> ClientConnection:
    """A raw connection past ``connection_init`` and its acknowledgement."""
    connection = await connect(url, subprotocols=[protocol])  # type: ignore[list-item]
    await connection.send(json.dumps({"type": "connection_init", "payload": {}}))
    acknowledgement = json.loads(await connection.recv())
    assert acknowledgement["type"] == "connection_ack"
    return connection


async def assert_still_serving(url: str, protocol: Protocol) -> None:
    results = await collect(url, protocol, COUNT_EXPERIMENTS, {})
    assert results == [{"experiments": {"totalCount": 0}}]


class TestLegacyProtocolOperations:
    async def test_query_over_graphql_ws_returns_its_data(
        self, live_server: LiveServer
    ) -> None:
        """Old clients send queries over the socket too: they get data, then done."""
        # Act
        results = await collect(live_server.ws_url, "graphql-ws", COUNT_EXPERIMENTS, {})

        # Assert
        assert results == [{"experiments": {"totalCount": 0}}]

    async def test_mutation_over_graphql_ws_changes_data(
        self, live_server: LiveServer
    ) -> None:
        """A mutation over the legacy protocol is run, once."""
        # Arrange
        variables = {"input": {"name": "over ws", "prompt": "Hi"}}

        # Act
        results = await collect(
            live_server.ws_url, "graphql-ws", CREATE_EXPERIMENT, variables
        )

        # Assert
        assert results == [
            {"createExperiment": {"__typename": "Experiment", "name": "over ws"}}
        ]
        count = await collect(live_server.ws_url, "graphql-ws", COUNT_EXPERIMENTS, {})
        assert count == [{"experiments": {"totalCount": 1}}]

    async def test_invalid_query_over_graphql_ws_is_a_graphql_error(
        self, live_server: LiveServer
    ) -> None:
        """A query that does not validate gets its validation error, not a crash."""
        # Act
        with pytest.raises(SubscriptionError) as raised:
            await collect(live_server.ws_url, "graphql-ws", "{ nope }", {})

        # Assert
        assert "nope" in raised.value.payload["message"]
        assert "INTERNAL_ERROR" not in json.dumps(raised.value.payload)


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestConnectionInitTimeout:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A timeout short enough for a test to wait for."""
        return settings.model_copy(update={"ws_connection_init_timeout": 0.05})

    async def test_connection_without_init_is_closed_with_4408(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """A socket that never says ``connection_init`` does not stay open."""
        # Arrange
        connection = await connect(live_server.ws_url, subprotocols=[protocol])  # type: ignore[list-item]

        # Act
        close = await close_frame(connection)

        # Assert
        assert close.code == 4408
        assert close.reason == "Connection initialisation timeout"


def malformed_frames(protocol: Protocol) -> dict[str, str | bytes]:
    start = start_type(protocol)
    return {
        "JSON array": "[1, 2]",
        "JSON number": "42",
        "JSON string": '"text"',
        "invalid JSON": '{"type": ',
        "binary frame": b'{"type": "ping"}',
        "type not a string": '{"type": 5}',
        "unknown type": '{"type": "launch"}',
        "payload an array": json.dumps({"type": start, "id": "1", "payload": []}),
        "id a number": json.dumps(
            {"type": start, "id": 1, "payload": {"query": COUNT_EXPERIMENTS}}
        ),
        "query missing": json.dumps({"type": start, "id": "1", "payload": {}}),
        "variables an array": json.dumps(
            {
                "type": start,
                "id": "1",
                "payload": {"query": COUNT_EXPERIMENTS, "variables": []},
            }
        ),
        "stop without id": json.dumps(
            {"type": "complete" if start == "subscribe" else "stop"}
        ),
    }


FRAME_NAMES = list(malformed_frames("graphql-ws"))


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestMalformedMessages:
    @pytest.mark.parametrize("frame_name", FRAME_NAMES)
    async def test_malformed_message_closes_with_4400(
        self, live_server: LiveServer, protocol: Protocol, frame_name: str
    ) -> None:
        """A bad message ends its connection with 4400, and only that connection."""
        # Arrange
        connection = await initialised(live_server.ws_url, protocol)
        frame = malformed_frames(protocol)[frame_name]

        # Act
        await connection.send(frame)
        close = await close_frame(connection)

        # Assert
        assert close.code == 4400
        assert close.reason  # "Invalid message", or what was wrong with it
        await assert_still_serving(live_server.ws_url, protocol)


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestMessageSize:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A limit a test message can pass."""
        return settings.model_copy(update={"ws_max_message_bytes": 1000})

    async def test_message_over_the_limit_closes_with_1009(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """A message larger than the limit is not read: the connection ends."""
        # Arrange
        connection = await initialised(live_server.ws_url, protocol)
        padded = COUNT_EXPERIMENTS + " " * 1000
        message = {
            "type": start_type(protocol),
            "id": "1",
            "payload": {"query": padded},
        }

        # Act
        await connection.send(json.dumps(message))
        close = await close_frame(connection)

        # Assert
        assert close.code == 1009
        await assert_still_serving(live_server.ws_url, protocol)

    async def test_message_within_the_limit_is_served(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """Ordinary messages are unaffected."""
        await assert_still_serving(live_server.ws_url, protocol)


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestMessageRate:
    RATE = 5

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A rate a burst of harmless messages passes many times over."""
        return settings.model_copy(update={"ws_max_messages_per_second": self.RATE})

    async def test_messages_faster_than_the_rate_close_with_1008(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """Forty times the rate at once: the connection ends with 1008."""
        # Arrange
        connection = await initialised(live_server.ws_url, protocol)
        harmless = (
            {"type": "ping"}
            if protocol == "graphql-transport-ws"
            else {"type": "stop", "id": "never started"}
        )

        # Act
        for _ in range(40 * self.RATE):
            try:
                await connection.send(json.dumps(harmless))
            except ConnectionClosed:
                break
        close = await close_frame(connection)

        # Assert
        assert (close.code, close.reason) == (1008, "Too many messages")
        await assert_still_serving(live_server.ws_url, protocol)


class TestMessageRateBucket:
    def test_burst_of_the_rate_passes_and_one_more_waits_its_turn(self) -> None:
        """Four a second: four at once pass, a fifth not until 0.25 s later."""
        now = [100.0]
        rate = MessageRate(4, clock=lambda: now[0])

        burst = [rate.allows() for _ in range(5)]
        now[0] += 0.125
        too_soon = rate.allows()
        now[0] += 0.125
        in_time = rate.allows()

        assert burst == [True] * 4 + [False]
        assert (too_soon, in_time) == (False, True)

    def test_quiet_time_never_saves_more_than_one_burst(self) -> None:
        """After an hour's silence the burst is still five."""
        now = [0.0]
        rate = MessageRate(5, clock=lambda: now[0])
        now[0] += 3600

        assert [rate.allows() for _ in range(6)] == [True] * 5 + [False]


async def messages_until_complete(
    connection: ClientConnection, operation_id: str
) -> list[dict[str, Any]]:
    """Messages about ``operation_id`` until its ``complete``, skipping others."""
    messages: list[dict[str, Any]] = []
    while not messages or messages[-1]["type"] != "complete":
        message = json.loads(await connection.recv())
        if message.get("id") == operation_id:
            messages.append(message)
    return messages


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestSubscriptionLimit:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One operation at a time per connection."""
        return settings.model_copy(update={"ws_max_subscriptions": 1})

    async def test_operation_over_the_limit_is_refused_and_the_connection_stays(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """The next operation gets an error for its id; the others go on."""
        async with graphql_websocket(live_server.ws_url, protocol) as socket:
            # Arrange
            running = await socket.start(OPEN_SUBSCRIPTION)

            # Act
            refused = await socket.start(OPEN_SUBSCRIPTION)
            [error] = await messages_until_error(socket.connection, refused)

            # Assert
            assert "Subscription limit reached" in json.dumps(error["payload"])
            await socket.stop(running)
            query = await socket.start(COUNT_EXPERIMENTS)
            answers = await messages_until_complete(socket.connection, query)
            assert answers[0]["payload"] == {"data": {"experiments": {"totalCount": 0}}}


async def messages_until_error(
    connection: ClientConnection, operation_id: str
) -> list[dict[str, Any]]:
    """The ``error`` message about ``operation_id``, skipping all others."""
    while True:
        message = json.loads(await connection.recv())
        if message.get("id") == operation_id:
            assert message["type"] == "error", message
            return [message]


@pytest.mark.parametrize("protocol", PROTOCOLS)
class TestConnectionLimit:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """Two connections at a time for the whole process."""
        return settings.model_copy(update={"max_connections": 2})

    async def test_connection_over_the_limit_is_closed_with_1013(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """Past the limit a socket is told to try again later; the others go on."""
        async with (
            graphql_websocket(live_server.ws_url, protocol) as first,
            graphql_websocket(live_server.ws_url, protocol),
        ):
            # Act
            extra = await connect(live_server.ws_url, subprotocols=[protocol])  # type: ignore[list-item]
            close = await close_frame(extra)

            # Assert
            assert (close.code, close.reason) == (1013, "Try again later")
            results = [data async for data in first.subscribe(COUNT_EXPERIMENTS)]
            assert results == [{"experiments": {"totalCount": 0}}]


class TestConnectionCount:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One connection at a time for the whole process."""
        return settings.model_copy(update={"max_connections": 1})

    async def test_ended_connections_free_their_place(self, runtime: Runtime) -> None:
        """Connections that came and went, one after another, are all accepted."""
        # Arrange
        app = create_app(runtime.settings, runtime=runtime)

        # Act
        answers = [await connect_and_leave(app) for _ in range(3)]

        # Assert
        assert answers == [["websocket.accept"]] * 3


async def connect_and_leave(app: ASGIApp) -> list[str]:
    """Drive one WebSocket through the app to its end; the kinds of what it sent."""
    arrivals: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    sent: list[str] = []

    async def receive() -> Message:
        return arrivals.pop(0)

    async def send(message: Message) -> None:
        sent.append(message["type"])

    scope: Scope = {
        "type": "websocket",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "scheme": "ws",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "subprotocols": ["graphql-transport-ws"],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "asgi": {"version": "3.0"},
    }
    await app(scope, receive, send)
    return sent

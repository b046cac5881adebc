"""``python -m bench.subscribers``: many graphql-transport-ws subscribers, one process.

Each of ``--connections`` connections subscribes to the same operation. The
process prints ``ready`` once every connection has its first event (or has
failed), then keeps receiving until every stream completes or ``--deadline``
seconds have passed since it started, and prints one JSON line (see
``SubscriberReport``). An event's latency is its receive time minus its
``at`` (one machine, one clock), counted for events stamped after the
connection's first event arrived, so replayed history is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import websockets

from bench.limits import raise_open_file_limit

__all__ = ["SubscriberReport", "main"]

PROTOCOL = "graphql-transport-ws"


@dataclass
class SubscriberReport:
    """What the connections of one process received.

    ``whole`` counts the connections whose stream completed with every event
    from sequence number 1 on, none missing.
    """

    connections: int = 0
    completed: int = 0
    gapless: int = 0
    whole: int = 0
    errors: int = 0
    first_error: str = ""
    counts: list[int] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    last_received: float = 0.0
    recorded: list[dict[str, Any]] = field(default_factory=list)

    @property
    def share_whole(self) -> float:
        """The share of connections that received every event of the run."""
        return self.whole / self.connections if self.connections else 0.0

    def add(self, report: dict[str, Any]) -> None:
        """Count in another process's report (as JSON), its connections aside."""
        self.completed += report["completed"]
        self.gapless += report["gapless"]
        self.whole += report["whole"]
        self.errors += report["errors"]
        self.first_error = self.first_error or report["first_error"]
        self.counts += report["counts"]
        self.latencies_ms += report["latencies_ms"]
        self.last_received = max(self.last_received, report["last_received"])
        self.recorded += report["recorded"]


class _Connection:
    """One subscriber: its events' sequence numbers and whether it completed."""

    def __init__(self) -> None:
        self.count = 0
        self.next_seq = 1
        self.gapless = True
        self.completed = False
        self.ready = asyncio.Event()
        self.ready_at = 0.0


def _record(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "typename": event["__typename"],
        "seq": event["seq"],
        "at": datetime.fromisoformat(event["at"]).timestamp(),
        "item_index": event.get("itemIndex"),
        "text": event.get("text"),
        "status": event.get("status"),
    }


async def _subscribe(
    url: str,
    operation: dict[str, Any],
    connection: _Connection,
    report: SubscriberReport,
    handshakes: asyncio.Semaphore,
    *,
    record: bool,
) -> None:
    async with handshakes:
        socket = await websockets.connect(
            url,
            subprotocols=[websockets.Subprotocol(PROTOCOL)],
            compression=None,
            max_size=None,
            ping_interval=None,
            open_timeout=60,
        )
        await socket.send(json.dumps({"type": "connection_init"}))
        acknowledged = json.loads(await socket.recv())
        if acknowledged.get("type") != "connection_ack":
            raise RuntimeError(f"not acknowledged: {acknowledged}")
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": operation})
        )
    try:
        async for raw in socket:
            received = time.time()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "ping":
                await socket.send(json.dumps({"type": "pong"}))
                continue
            if kind == "complete":
                connection.completed = True
                return
            if kind != "next" or message["payload"].get("errors"):
                raise RuntimeError(f"unexpected message: {str(message)[:300]}")
            event = message["payload"]["data"]["runEvents"]
            connection.count += 1
            if event["seq"] != connection.next_seq:
                connection.gapless = False
            connection.next_seq = event["seq"] + 1
            if record:
                report.recorded.append(_record(event))
            if not connection.ready.is_set():
                connection.ready_at = received
                connection.ready.set()
                continue
            at = datetime.fromisoformat(event["at"]).timestamp()
            if at > connection.ready_at:
                report.latencies_ms.append(round((received - at) * 1000, 3))
                report.last_received = max(report.last_received, received)
    finally:
        await socket.close()


async def _run_one(
    url: str,
    operation: dict[str, Any],
    connection: _Connection,
    report: SubscriberReport,
    handshakes: asyncio.Semaphore,
    *,
    record: bool,
) -> None:
    try:
        await _subscribe(url, operation, connection, report, handshakes, record=record)
    except Exception as error:
        report.errors += 1
        report.first_error = report.first_error or f"{type(error).__name__}: {error}"
    finally:
        connection.ready.set()


async def subscribe_all(
    url: str,
    operation: dict[str, Any],
    *,
    connections: int,
    deadline: float,
    handshakes: int,
    record: bool,
) -> SubscriberReport:
    """Hold ``connections`` subscriptions until they complete or time runs out."""
    report = SubscriberReport(connections=connections)
    limit = asyncio.Semaphore(handshakes)
    subscribers = [_Connection() for _ in range(connections)]
    tasks = [
        asyncio.create_task(
            _run_one(
                url, operation, subscriber, report, limit, record=record and n == 0
            )
        )
        for n, subscriber in enumerate(subscribers)
    ]
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(deadline):
            for subscriber in subscribers:
                await subscriber.ready.wait()
            print("ready", flush=True)
            await asyncio.gather(*tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    report.completed = sum(subscriber.completed for subscriber in subscribers)
    report.gapless = sum(subscriber.gapless for subscriber in subscribers)
    report.whole = sum(
        subscriber.completed and subscriber.gapless and subscriber.count > 0
        for subscriber in subscribers
    )
    report.counts = [subscriber.count for subscriber in subscribers]
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, subscribe, print ``ready`` and then the report as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.subscribers")
    parser.add_argument("--url", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--variables", default="{}", help="JSON")
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--deadline", type=float, default=60.0)
    parser.add_argument("--handshakes", type=int, default=64)
    parser.add_argument("--record", action="store_true", help="report the events")
    arguments = parser.parse_args(argv)
    raise_open_file_limit()
    operation = {
        "query": arguments.query,
        "variables": json.loads(arguments.variables),
    }
    report = asyncio.run(
        subscribe_all(
            arguments.url,
            operation,
            connections=arguments.connections,
            deadline=arguments.deadline,
            handshakes=arguments.handshakes,
            record=arguments.record,
        )
    )
    print(json.dumps(asdict(report)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Subscriber client processes started together, and what they received, merged."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from bench.servers import python_module
from bench.subscribers import SubscriberReport

__all__ = ["Audience", "Received"]

_REPORT_LIMIT = 1 << 30  # a report holds every latency: allow long lines


Received = SubscriberReport
"""What every subscriber of an audience received, all processes together."""


class Audience:
    """``subscribers`` connections spread over ``processes`` client processes.

    ``start()`` launches them; ``ready()`` waits until every connection has
    its first event; ``finish()`` waits for their reports and merges them.
    """

    def __init__(
        self,
        *,
        url: str,
        query: str,
        variables: dict[str, Any],
        subscribers: int,
        processes: int,
        deadline: float,
        record: bool = False,
    ) -> None:
        self._url = url
        self._query = query
        self._variables = variables
        self._subscribers = subscribers
        self._processes = max(1, min(processes, subscribers))
        self._deadline = deadline
        self._record = record
        self._clients: list[asyncio.subprocess.Process] = []
        self._early_reports: dict[int, str] = {}

    def _shares(self) -> list[int]:
        each = math.ceil(self._subscribers / self._processes)
        shares = [each] * (self._subscribers // each)
        if self._subscribers % each:
            shares.append(self._subscribers % each)
        return shares

    async def start(self) -> None:
        """Launch the client processes."""
        for number, connections in enumerate(self._shares()):
            arguments = [
                "--url",
                self._url,
                "--query",
                self._query,
                "--variables",
                json.dumps(self._variables),
                "--connections",
                str(connections),
                "--deadline",
                str(self._deadline),
            ]
            if self._record and number == 0:
                arguments.append("--record")
            self._clients.append(
                await asyncio.create_subprocess_exec(
                    *python_module("bench.subscribers", *arguments),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.PIPE,
                    limit=_REPORT_LIMIT,
                )
            )

    async def ready(self) -> bool:
        """Wait until every client is ready; False if one gave up first."""
        all_ready = True
        for number, client in enumerate(self._clients):
            assert client.stdout is not None
            line = (await client.stdout.readline()).decode().strip()
            if line != "ready":
                self._early_reports[number] = line
                all_ready = False
        return all_ready

    async def finish(self) -> Received:
        """Every client's report, merged; a client that crashed counts as errors."""
        received = Received(connections=self._subscribers)
        for number, (client, connections) in enumerate(
            zip(self._clients, self._shares(), strict=True)
        ):
            assert client.stdout is not None
            line = (
                self._early_reports.get(number)
                or (await client.stdout.readline()).decode()
            )
            await client.wait()
            try:
                report = json.loads(line)
            except json.JSONDecodeError:
                received.errors += connections
                received.first_error = received.first_error or (
                    f"client {number} exited with {client.returncode}: {line[:200]!r}"
                )
                received.counts += [0] * connections
                continue
            received.add(report)
        return received

    async def stop(self) -> None:
        """Kill clients that are still running (after a failure)."""
        for client in self._clients:
            if client.returncode is None:
                client.kill()
                await client.wait()

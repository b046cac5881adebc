"""``python -m bench.load``: POST one body over keep-alive connections, count answers.

It runs in its own process so the server under test has its core to itself.
Each of ``--concurrency`` connections sends the request, reads the whole
answer and sends again, until ``--requests`` answers have come or
``--seconds`` have passed, after ``--warm-up`` untimed requests per
connection. It prints one JSON line: requests, errors, seconds, requests/s.

HTTP/1.1 is spoken directly over asyncio streams: a Python HTTP client such
as httpx costs more per request than the servers measured here, and would
measure itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.ports import LOOPBACK

__all__ = ["LoadResult", "main"]

_HEADER_END = b"\r\n\r\n"
GIVE_UP_AFTER = 60.0
"""Seconds past ``--seconds`` after which a stuck generation is abandoned."""


@dataclass
class LoadResult:
    """What one load generation saw."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    first_error: str = ""

    @property
    def per_second(self) -> float:
        """Successful answers per second."""
        return self.requests / self.seconds if self.seconds else 0.0


class _Connection:
    """One keep-alive connection; reopened if the server closes it."""

    def __init__(
        self,
        host: str,
        port: int,
        pair: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> None:
        self._host = host
        self._port = port
        self.reader, self.writer = pair

    @classmethod
    async def open(cls, host: str, port: int) -> _Connection:
        """A new connection to the server."""
        return cls(host, port, await asyncio.open_connection(host, port))

    async def reopen(self) -> None:
        """Replace the connection with a new one."""
        self.writer.close()
        self.reader, self.writer = await asyncio.open_connection(self._host, self._port)


def _request(host: str, port: int, path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> bytes:
    """Send one request; return the answer's body, raising unless it is a 200."""
    writer.write(request)
    head = await reader.readuntil(_HEADER_END)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    length = None
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length is None:
        raise RuntimeError(f"an answer without content-length: {head!r}")
    body = await reader.readexactly(length)
    if " 200 " not in status_line + " ":
        raise RuntimeError(f"{status_line}: {body[:200]!r}")
    if b'"errors"' in body:
        raise RuntimeError(f"GraphQL errors: {body[:200]!r}")
    return body


async def generate(
    *,
    host: str,
    port: int,
    path: str,
    body: bytes,
    concurrency: int,
    requests: int,
    seconds: float,
    warm_up: int,
) -> LoadResult:
    """Load the server; count answers between the end of warm-up and the bound."""
    request = _request(host, port, path, body)
    result = LoadResult()

    async def warm(connection: _Connection) -> None:
        for _ in range(warm_up):
            await _exchange(connection.reader, connection.writer, request)

    async def keep_sending(connection: _Connection, deadline: float) -> None:
        while result.requests + result.errors < requests:
            if time.perf_counter() >= deadline:
                return
            try:
                await _exchange(connection.reader, connection.writer, request)
            except RuntimeError as error:
                result.errors += 1
                result.first_error = result.first_error or str(error)
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                result.errors += 1
                result.first_error = result.first_error or repr(error)
                await connection.reopen()
            else:
                result.requests += 1

    connections = [await _Connection.open(host, port) for _ in range(concurrency)]
    try:
        await asyncio.gather(*(warm(connection) for connection in connections))
        started = time.perf_counter()
        await asyncio.gather(
            *(keep_sending(connection, started + seconds) for connection in connections)
        )
        result.seconds = time.perf_counter() - started
    finally:
        for connection in connections:
            connection.writer.close()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, generate the load, print the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/graphql")
    parser.add_argument("--body", required=True, help="the JSON body to POST")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warm-up", type=int, default=1)
    arguments = parser.parse_args(argv)
    result = asyncio.run(
        asyncio.wait_for(
            generate(
                host=LOOPBACK,
                port=arguments.port,
                path=arguments.path,
                body=arguments.body.encode(),
                concurrency=arguments.concurrency,
                requests=arguments.requests,
                seconds=arguments.seconds,
                warm_up=arguments.warm_up,
            ),
            arguments.seconds + GIVE_UP_AFTER,
        )
    )
    json.dump(
        {
            "requests": result.requests,
            "errors": result.errors,
            "seconds": result.seconds,
            "per_second": result.per_second,
            "first_error": result.first_error,
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

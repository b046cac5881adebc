"""Memory kept by large distinct queries: RSS of a real ``runcast serve``.

Issue #10 measured eight distinct 1 MB queries keeping 663 MB in the server.
Here a fresh ``runcast serve`` answers one ordinary query (the warm-up), then
8 distinct queries of about 1 MB (refused before parsing) and 8 distinct
queries just under ``RUNCAST_MAX_QUERY_BYTES`` and ``RUNCAST_MAX_QUERY_TOKENS``
(parsed, validated and cached); its RSS is read before and after. The bound
is absolute (growth within 50 MB), so there is no reference; the second figure
says whether the server still answered an ordinary query afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from bench.figure import Bound, Figure
from bench.runs import sqlite_url
from bench.servers import ServerProcess, python_module, serve
from bench.sizes import Sizes
from runcast.settings import Settings

__all__ = ["large_query", "measure_query_memory", "query_near_the_limits"]

MEGABYTE = 1_000_000
LARGE_QUERY_BYTES = MEGABYTE
QUERIES_OF_EACH_SIZE = 8
GROWTH_BOUND_MB = 50
HEALTHY = "{ experiments { totalCount } }"
HEALTHY_ANSWER = {"data": {"experiments": {"totalCount": 0}}}


def large_query(number: int, size: int) -> str:
    """A distinct query of ``size`` bytes, dense in tokens."""
    fields = " ".join(
        f"f{number}_{index}" for index in range(size // len(f" f{number}_000000"))
    )
    query = f"{{ {fields} }}\n#"
    return query + "x" * (size - len(query))


def query_near_the_limits(number: int, *, max_bytes: int, max_tokens: int) -> str:
    """A distinct query a little under both the byte and the token limit.

    It has distinct unknown fields (each a validation error to keep), and a
    comment, which is not a token, pads it to just under ``max_bytes``.
    """
    fields = " ".join(f"f{number}_{index}" for index in range(max_tokens - 10))
    query = f"{{ {fields} }}\n#"
    padding = max_bytes - len(query.encode()) - 64
    return query + "x" * max(padding, 0)


async def _post(client: httpx.AsyncClient, query: str) -> Any:
    response = await client.post("/graphql", json={"query": query})
    return response.json()


async def _growth_and_health(
    server: ServerProcess, settings: Settings
) -> tuple[float, bool]:
    """RSS growth (MB) over the large queries, and a healthy answer after."""
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        await _post(client, HEALTHY)
        before = server.resident_bytes()
        for number in range(QUERIES_OF_EACH_SIZE):
            await _post(client, large_query(number, LARGE_QUERY_BYTES))
        for number in range(QUERIES_OF_EACH_SIZE):
            await _post(
                client,
                query_near_the_limits(
                    number,
                    max_bytes=settings.max_query_bytes,
                    max_tokens=settings.max_query_tokens,
                ),
            )
        after = server.resident_bytes()
        healthy = await _post(client, HEALTHY) == HEALTHY_ANSWER
    return (after - before) / MEGABYTE, healthy


async def measure_query_memory(sizes: Sizes, folder: Path) -> list[Figure]:
    """RSS growth over 8 distinct 1 MB and 8 near-limit queries; health after."""
    settings = Settings()
    growth = Figure(
        key="query memory",
        title=(
            f"RSS growth of `runcast serve` after {QUERIES_OF_EACH_SIZE} distinct"
            f" 1 MB queries and {QUERIES_OF_EACH_SIZE} just under"
            f" {settings.max_query_bytes:,} bytes and"
            f" {settings.max_query_tokens:,} tokens (no reference: the bound is"
            " absolute)"
        ),
        unit="MB",
        bounds=(Bound("runcast", at_most=GROWTH_BOUND_MB),),
    )
    answered = Figure(
        key="query memory: answers after",
        title="an ordinary query answered after the large ones (1: yes)",
        unit="",
        bounds=(Bound("runcast", at_least=1),),
    )
    for round_number in range(sizes.query_memory_rounds):
        database = folder / f"{round_number}.db"
        async with serve(
            python_module("runcast.cli", "serve", "--port", "{port}"),
            log=folder / f"runcast-{round_number}.log",
            env={
                "RUNCAST_DATABASE_URL": sqlite_url(database),
                "RUNCAST_WORKERS": "0",
                "RUNCAST_LOG_LEVEL": "warning",
                "RUNCAST_MAX_QUERY_BYTES": str(settings.max_query_bytes),
                "RUNCAST_MAX_QUERY_TOKENS": str(settings.max_query_tokens),
            },
        ) as server:
            megabytes, healthy = await _growth_and_health(server, settings)
        growth.runcast.append(megabytes)
        answered.runcast.append(1.0 if healthy else 0.0)
    return [growth, answered]

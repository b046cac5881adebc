"""X1: from a ``runcast worker`` process's commit to a ``runcast serve`` subscriber.

Both are real processes on one SQLite file (``RUNCAST_WORKERS=0`` on serve).
The reference is the same latency with the worker inside the serve process,
on a file of its own. Each round creates a run over GraphQL on each server
in turn and subscribes one client process to its ``runEvents``; events
stamped after the client's first one count.
"""

from __future__ import annotations

import asyncio
import math
import os
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from bench.figure import Bound, Figure
from bench.graphql_http import GraphQLRequestError, execute
from bench.operations import CREATE_EXPERIMENT, CREATE_RUN, RUN_EVENTS
from bench.runs import experiment_config, sqlite_url
from bench.servers import ServerProcess, python_module, serve
from bench.sizes import Sizes
from bench.stats import percentile
from bench.subscriber_processes import Audience, Received

__all__ = ["cross_process_latency", "measure_cross_process", "start_worker"]

TOKEN_DELAY = 0.05
ANSWER_TOKENS = 8
ITEM_SECONDS = TOKEN_DELAY * ANSWER_TOKENS
P99_MS = 100.0
WORKER_POLL_SECONDS = 0.1


def _settings(database_url: str, *, workers: int) -> dict[str, str]:
    return {
        "RUNCAST_DATABASE_URL": database_url,
        "RUNCAST_WORKERS": str(workers),
        "RUNCAST_WORKER_POLL_INTERVAL": str(WORKER_POLL_SECONDS),
        "RUNCAST_SIMULATED_TOKEN_DELAY": str(TOKEN_DELAY),
        "RUNCAST_SIMULATED_OUTPUT_TOKENS": str(ANSWER_TOKENS),
        "RUNCAST_DELTA_FLUSH_TOKENS": "1",
        "RUNCAST_ITEMS_PER_RUN": "1",
        "RUNCAST_LOG_LEVEL": "warning",
    }


def _experiment_input(*, rows: int) -> dict[str, object]:
    """The benchmark's experiment as ``CreateExperimentInput``, spelt for GraphQL."""
    config = experiment_config(rows=rows)
    return {
        "name": config["name"],
        "prompt": config["prompt"],
        "dataset": config["dataset"],
        "assertions": [{"kind": "CONTAINS", "value": "the"}],
    }


async def start_worker(
    stack: AsyncExitStack, settings: dict[str, str], log: Path
) -> None:
    """Start ``runcast worker``; it has no port, so it is stopped by the stack."""
    with log.open("ab") as output:
        worker = await asyncio.create_subprocess_exec(
            *python_module("runcast.cli", "worker"),
            env={**os.environ, **settings},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )

    async def stop() -> None:
        if worker.returncode is None:
            worker.terminate()
            await worker.wait()

    stack.push_async_callback(stop)


async def _watch_one_run(
    server: ServerProcess, *, items: int, seconds: float
) -> Received:
    async with httpx.AsyncClient(timeout=30) as client:
        created = await execute(
            client,
            server.url + "/graphql",
            CREATE_EXPERIMENT,
            {"input": _experiment_input(rows=items)},
        )
        experiment = created["createExperiment"]
        if experiment["__typename"] != "Experiment":
            raise GraphQLRequestError(str(experiment))
        started = await execute(
            client, server.url + "/graphql", CREATE_RUN, {"id": experiment["id"]}
        )
        run = started["createRun"]
        if run["__typename"] != "Run":
            raise GraphQLRequestError(str(run))
    audience = Audience(
        url=server.websocket_url,
        query=RUN_EVENTS,
        variables={"id": run["id"]},
        subscribers=1,
        processes=1,
        deadline=30 + seconds * 3,
    )
    try:
        await audience.start()
        await audience.ready()
        return await audience.finish()
    finally:
        await audience.stop()


async def measure_cross_process(sizes: Sizes, folder: Path) -> list[Figure]:
    """p50 and p99 of commit-to-subscriber latency, worker apart and inside."""
    return await cross_process_latency(
        sizes,
        folder,
        apart_url=sqlite_url(folder / "apart.db"),
        inside_url=sqlite_url(folder / "inside.db"),
        key="X1",
        title="worker commit → serve subscriber",
    )


async def cross_process_latency(
    sizes: Sizes,
    folder: Path,
    *,
    apart_url: str,
    inside_url: str,
    key: str,
    title: str,
) -> list[Figure]:
    """p50 and p99 from a worker's commit to a subscriber of serve.

    Runcast's side runs the worker in a process of its own on ``apart_url``;
    the reference runs it inside serve, on ``inside_url``.
    """
    items = math.ceil(sizes.cross_process_seconds / ITEM_SECONDS) + 1
    apart = _settings(apart_url, workers=0)
    inside = _settings(inside_url, workers=1)
    p50 = Figure(
        key=f"{key} p50",
        title=f"{title}, p50 (reference: worker in serve, SQLite)",
        unit="ms",
    )
    p99 = Figure(
        key=f"{key} p99",
        title=f"{title}, p99 (reference: worker in serve, SQLite)",
        unit="ms",
        bounds=(Bound("runcast", at_most=P99_MS),),
    )
    async with AsyncExitStack() as stack:
        servers = await asyncio.gather(
            stack.enter_async_context(
                serve(
                    python_module("runcast.cli", "serve", "--port", "{port}"),
                    log=folder / "apart-serve.log",
                    env=apart,
                )
            ),
            stack.enter_async_context(
                serve(
                    python_module("runcast.cli", "serve", "--port", "{port}"),
                    log=folder / "inside-serve.log",
                    env=inside,
                )
            ),
        )
        # after serve has migrated the file: two first starts would race
        await start_worker(stack, apart, folder / "apart-worker.log")
        for _ in range(sizes.rounds):
            for server, figure_index in zip(servers, (0, 1), strict=True):
                received = await _watch_one_run(
                    server, items=items, seconds=sizes.cross_process_seconds
                )
                if not received.latencies_ms or received.whole != 1:
                    failure = (
                        f"the subscriber on {server.url} got no complete stream:"
                        f" {received.first_error or 'events missing'}"
                    )
                    p50.failure = p99.failure = failure
                    return [p50, p99]
                for figure, share in ((p50, 0.5), (p99, 0.99)):
                    samples = figure.runcast if figure_index == 0 else figure.reference
                    samples.append(percentile(received.latencies_ms, share))
    return [p50, p99]

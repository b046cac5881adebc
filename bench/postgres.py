"""P1 and X1 on PostgreSQL: worker processes sharing one database.

P1: items/s of runs executed by three ``runcast worker`` processes, against
the same runs executed by one (the target: at least twice as many). Each
measurement queues its runs first, then starts the workers; the rate is the
items over the span from the first run's start to the last run's finish, as
the runs themselves record it, so process start-up does not count.

X1 (PostgreSQL): from a ``runcast worker``'s commit to a ``runcast serve``
subscriber through ``LISTEN/NOTIFY``; the reference is the worker inside
serve on a SQLite file.

S1 (PostgreSQL): ``runEvents`` subscribers split between two replicas, the
run executed by a worker inside the first; Runcast's figure is what the
subscribers of the other replica see (every event crossed processes), the
reference what those of the executing replica see.

Each figure gets a scratch database of its own on the server at
``RUNCAST_BENCH_POSTGRES_URL`` (the machine's own by default), migrated, and
dropped afterwards. Without a server the figures are reported unmeasured.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import URL, make_url

from bench.cross_process import cross_process_latency, start_worker
from bench.figure import Bound, Figure, UnmeasuredError
from bench.operations import RUN_EVENTS
from bench.pacing import items_lasting, paced_settings
from bench.runs import queue_run, sqlite_url
from bench.servers import ServerProcess, python_module, serve
from bench.sizes import Sizes
from bench.stats import percentile
from bench.subscriber_processes import Audience, Received
from runcast.db.migrate import upgrade_database
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = ["measure_postgres"]

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
WORKERS = (1, 3)
SCALE_UP = 2.0
RUNS = 6
"""Runs per measurement: three workers run two each at a time."""
POLL_SECONDS = 0.05
P99_ACROSS_MS = 250.0


async def measure_postgres(sizes: Sizes, folder: Path) -> list[Figure]:
    """P1 (one worker process against three) and X1 on PostgreSQL."""
    server = make_url(os.environ.get("RUNCAST_BENCH_POSTGRES_URL", DEFAULT_URL))
    scale = Figure(
        key="P1 PostgreSQL workers",
        title=(
            f"items/s of {RUNS} runs of {sizes.postgres_items:,} items by"
            f" {WORKERS[1]} worker processes (reference: {WORKERS[0]})"
        ),
        unit="items/s",
        bounds=(Bound("ratio", at_least=SCALE_UP),),
    )
    for round_number in range(sizes.postgres_rounds):
        for workers in WORKERS:
            async with scratch_database(server) as url:
                rate = await items_per_second(
                    url,
                    folder,
                    name=f"p1-{round_number}-{workers}",
                    workers=workers,
                    items=sizes.postgres_items,
                    deadline=sizes.engine_deadline,
                )
            (scale.runcast if workers == WORKERS[1] else scale.reference).append(rate)
    async with scratch_database(server) as url:
        latency = await cross_process_latency(
            sizes,
            folder,
            apart_url=url,
            inside_url=sqlite_url(folder / "x1-inside.db"),
            key="X1 PostgreSQL",
            title="worker commit → serve subscriber over LISTEN/NOTIFY",
        )
    async with scratch_database(server) as url:
        fan_out = await fan_out_across_replicas(sizes, folder, url)
    return [scale, *latency, *fan_out]


async def fan_out_across_replicas(sizes: Sizes, folder: Path, url: str) -> list[Figure]:
    """p99 and completeness of S1's subscribers split over two replicas."""
    subscribers = sizes.fan_out[0]
    p99 = Figure(
        key=f"S1 PostgreSQL p99 {subscribers:,}",
        title=(
            f"delivery p99, {subscribers:,} subscribers over 2 replicas: those of"
            " the other replica (reference: those of the executing one)"
        ),
        unit="ms",
        bounds=(Bound("runcast", at_most=P99_ACROSS_MS),),
    )
    whole = Figure(
        key=f"S1 PostgreSQL delivered {subscribers:,}",
        title="share of subscribers, other replica, that got every event",
        unit="",
        bounds=(Bound("runcast", at_least=1.0),),
    )
    settings = paced_settings(folder / "unused.db", database_url=url)
    async with AsyncExitStack() as stack:
        executing, other = await asyncio.gather(
            *(
                stack.enter_async_context(
                    serve(
                        python_module("bench.runcast_server", "--port", "{port}"),
                        log=folder / f"s1-replica-{name}.log",
                        env=settings,
                    )
                )
                for name in ("a", "b")
            )
        )
        for _ in range(sizes.postgres_rounds):
            near, far = await _split_fan_out(sizes, executing, other, subscribers)
            if not near.latencies_ms or not far.latencies_ms:
                p99.failure = whole.failure = (
                    "a replica's subscribers got no events:"
                    f" {far.first_error or near.first_error or 'none arrived'}"
                )
                return [p99, whole]
            p99.runcast.append(percentile(far.latencies_ms, 0.99))
            p99.reference.append(percentile(near.latencies_ms, 0.99))
            whole.runcast.append(far.share_whole)
            whole.reference.append(near.share_whole)
    return [p99, whole]


async def _split_fan_out(
    sizes: Sizes, executing: ServerProcess, other: ServerProcess, subscribers: int
) -> tuple[Received, Received]:
    """Half the subscribers on each replica; what each half received."""
    seconds = sizes.fan_out_seconds
    async with httpx.AsyncClient(timeout=60) as client:
        queued = await client.post(
            executing.url + "/bench/runs", json={"items": items_lasting(seconds)}
        )
        run_id = queued.raise_for_status().json()["id"]
        audiences = [
            Audience(
                url=server.websocket_url,
                query=RUN_EVENTS,
                variables={"id": run_id},
                subscribers=subscribers // 2,
                processes=max(1, sizes.client_processes // 2),
                deadline=30 + seconds * 3,
            )
            for server in (executing, other)
        ]
        try:
            for audience in audiences:
                await audience.start()
            for audience in audiences:
                await audience.ready()
            started = await client.post(executing.url + "/bench/execute")
            started.raise_for_status()
            near, far = [await audience.finish() for audience in audiences]
        finally:
            for audience in audiences:
                await audience.stop()
    return near, far


async def items_per_second(
    url: str,
    folder: Path,
    *,
    name: str,
    workers: int,
    items: int,
    deadline: float,
) -> float:
    """Queue the runs, let ``workers`` processes execute them; their items/s."""
    runtime = Runtime(Settings(database_url=url, workers=0))
    await runtime.start(workers=0)
    try:
        run_ids = [await queue_run(runtime, items=items) for _ in range(RUNS)]
        environment = {
            "RUNCAST_DATABASE_URL": url,
            "RUNCAST_SIMULATED_TOKEN_DELAY": "0",
            "RUNCAST_WORKER_POLL_INTERVAL": "0.1",
            "RUNCAST_LOG_LEVEL": "warning",
        }
        async with AsyncExitStack() as stack:
            for number in range(workers):
                log = folder / f"{name}-worker-{number}.log"
                await start_worker(stack, environment, log)
            async with asyncio.timeout(deadline):
                while True:
                    runs = await runtime.orchestrator.get_runs(run_ids=run_ids)
                    if all(run is not None and run.status.is_terminal for run in runs):
                        break
                    await asyncio.sleep(POLL_SECONDS)
    except TimeoutError as error:
        raise UnmeasuredError(
            f"{RUNS} runs of {items} items were not done in {deadline:g} s"
        ) from error
    finally:
        await runtime.stop()
    starts = [run.started_at for run in runs if run is not None and run.started_at]
    ends = [run.finished_at for run in runs if run is not None and run.finished_at]
    span = (max(ends) - min(starts)).total_seconds()
    return RUNS * items / span


@asynccontextmanager
async def scratch_database(server: URL) -> AsyncIterator[str]:
    """A migrated database of its own on ``server``, dropped afterwards."""
    name = f"runcast_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(
            host=server.host,
            port=server.port,
            user=server.username,
            password=server.password,
            database=server.database,
            timeout=5,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        raise UnmeasuredError(f"PostgreSQL is not reachable: {error}") from error
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = server.set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade_database, url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

"""P1 and X1 on PostgreSQL: worker processes sharing one database.

P1: items/s of runs executed by three ``runcast worker`` processes, against
the same runs executed by one (the target: at least twice as many). Each
measurement queues its runs first, then starts the workers; the rate is the
items over the span from the first run's start to the last run's finish, as
the runs themselves record it, so process start-up does not count.

X1 (PostgreSQL): from a ``runcast worker``'s commit to a ``runcast serve``
subscriber through ``LISTEN/NOTIFY``; the reference is the worker inside
serve on a SQLite file.

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
from sqlalchemy.engine import URL, make_url

from bench.cross_process import cross_process_latency, start_worker
from bench.figure import Bound, Figure, UnmeasuredError
from bench.runs import queue_run, sqlite_url
from bench.sizes import Sizes
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
    return [scale, *latency]


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

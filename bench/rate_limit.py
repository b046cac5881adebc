"""The per-model rate limit: calls per second achieved against the configured rate.

A run whose answers come at once is executed, alternately, with no limit
(the reference: how fast calls can go here) and with
``RUNCAST_MODEL_REQUESTS_PER_SECOND`` set well below that. The limiter lets
a burst of one second's calls through, then keeps to the rate, so a run of
``k`` seconds' worth of calls should go at about ``k / (k - 1)`` times the
configured rate, and the unlimited rate shows the limit is what holds it back.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.figure import Bound, Figure
from bench.runs import queue_run, scratch_runtime
from bench.sizes import Sizes

__all__ = ["calls_per_second", "measure_rate_limit"]

SLACK = 0.1


async def calls_per_second(
    folder: Path, *, items: int, rate: float, deadline: float
) -> float:
    """Calls per second while executing one run at the given limit (0: none)."""
    async with scratch_runtime(
        folder, model_requests_per_second=rate, items_per_run=8
    ) as runtime:
        await queue_run(runtime, items=items)
        started = time.perf_counter()
        async with asyncio.timeout(deadline):
            await runtime.new_worker().run_once()
        return items / (time.perf_counter() - started)


async def measure_rate_limit(sizes: Sizes, folder: Path) -> list[Figure]:
    """Calls/s with the limit against calls/s without it."""
    rate, seconds = sizes.rate_limit
    items = int(rate * seconds)
    expected = rate * seconds / (seconds - 1)
    figure = Figure(
        key="rate limit",
        title=(
            f"calls/s limited to {rate:g}/s ({expected:.1f}/s expected with the"
            " first second's burst; reference: unlimited)"
        ),
        unit="calls/s",
        bounds=(
            Bound(
                "runcast",
                at_least=round(expected * (1 - SLACK), 1),
                at_most=round(expected * (1 + SLACK), 1),
            ),
        ),
    )
    for round_number in range(sizes.rounds):
        for limit, samples in ((rate, figure.runcast), (0.0, figure.reference)):
            where = folder / f"{round_number}-{limit:g}"
            where.mkdir()
            samples.append(
                await calls_per_second(
                    where, items=items, rate=limit, deadline=sizes.engine_deadline
                )
            )
    return [figure]

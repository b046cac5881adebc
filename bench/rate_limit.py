"""The per-model rate limit: calls per second achieved against the configured rate.

A run of ITEMS items whose answers come at once is executed with no limit
(the reference: how fast calls can go here) and with
``RUNCAST_MODEL_REQUESTS_PER_SECOND`` set well below that. The limiter lets a
burst of one second's calls through, then keeps to the rate, so over ten
seconds' worth of calls the achieved rate should be about 1.1 times the
configured one, and the unlimited rate shows the limit is what holds it back.

Run it with ``make bench`` (``python -m bench.rate_limit``).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.runs import queue_run, scratch_runtime

RATE = 10.0
ITEMS = int(10 * RATE)


async def calls_per_second(folder: Path, rate: float) -> float:
    """Calls per second while executing one run at the given limit (0: none)."""
    async with scratch_runtime(
        folder, model_requests_per_second=rate, items_per_run=8
    ) as runtime:
        await queue_run(runtime, items=ITEMS)
        started = time.perf_counter()
        await runtime.new_worker().run_once()
        return ITEMS / (time.perf_counter() - started)


def main() -> None:
    """Print both rates and the limited one as a share of the configured rate."""
    with tempfile.TemporaryDirectory() as name:
        unlimited = asyncio.run(calls_per_second(Path(name) / "free", 0))
    with tempfile.TemporaryDirectory() as name:
        limited = asyncio.run(calls_per_second(Path(name) / "limited", RATE))
    print(f"without a limit: {unlimited:.0f} calls/s")
    print(f"limited to {RATE:g}/s: {limited:.1f} calls/s")
    print(f"rate limit: achieved / configured = {limited / RATE:.2f}")


if __name__ == "__main__":
    main()

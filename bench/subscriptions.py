"""S1 and S2: many ``runEvents`` subscribers of one run, against plain Strawberry.

Runcast is served by ``bench.runcast_server`` (its app, a worker in the
process, started once every subscriber is in); the reference is
``bench.reference.server``, whose subscription resolver broadcasts a
recorded sequence of events at their offsets. Subscribers are
``bench.subscribers`` processes.

S1 (fan-out) records the sequence in Runcast's round and plays it in the
reference's round; each round starts fresh servers so memory per
subscriber is measured from the same start. S2 (soak) serves both side by
side for the whole soak, the reference playing the pace of
``bench.pacing``, and compares the servers' memory growth after a warm-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.figure import Bound, Figure
from bench.operations import RUN_EVENTS
from bench.pacing import items_lasting, paced_sequence, paced_settings
from bench.reference.replay import RecordedEvent
from bench.servers import ServerProcess, python_module, serve
from bench.sizes import Sizes
from bench.stats import percentile
from bench.subscriber_processes import Audience, Received

__all__ = ["measure_fan_out", "measure_soak"]

CONNECT_SECONDS_PER_THOUSAND = 20.0
SMALL_AUDIENCE = 1_000
P99_SMALL_MS = 100.0
P99_LARGE_MS = 250.0
RSS_PER_SUBSCRIBER_KB = 20.0
CPU_SHARE = 0.25  # server CPU per delivery, against the naive reference
SOAK_GROWTH_PERCENT = 5.0
SOAK_CHECKPOINTS = 3


@dataclass
class Fanned:
    """One side's round of S1."""

    received: Received
    rss_per_subscriber_kb: float
    deliveries_per_second: float
    cpu_per_delivery_us: float

    def latency(self, share: float) -> float:
        """A percentile of the delivery latency in ms (NaN without samples)."""
        if not self.received.latencies_ms:
            return float("nan")
        return percentile(self.received.latencies_ms, share)


@asynccontextmanager
async def both_servers(
    folder: Path, name: str
) -> AsyncIterator[tuple[ServerProcess, ServerProcess]]:
    """Runcast's bench server and the reference server, started side by side."""
    async with AsyncExitStack() as stack:
        runcast, reference = await asyncio.gather(
            stack.enter_async_context(
                serve(
                    python_module("bench.runcast_server", "--port", "{port}"),
                    log=folder / f"{name}-runcast.log",
                    env=paced_settings(folder / f"{name}.db"),
                )
            ),
            stack.enter_async_context(
                serve(
                    python_module("bench.reference.server", "--port", "{port}"),
                    log=folder / f"{name}-reference.log",
                )
            ),
        )
        yield runcast, reference


async def _post(client: httpx.AsyncClient, url: str, body: Any = None) -> Any:
    response = await client.post(url, json=body or {})
    response.raise_for_status()
    return response.json()


def _deadline(subscribers: int, seconds: float) -> float:
    return 30 + seconds * 2 + CONNECT_SECONDS_PER_THOUSAND * subscribers / 1_000


async def _fan_out(
    server: ServerProcess,
    *,
    run_id: str,
    subscribers: int,
    processes: int,
    seconds: float,
    start: str,
    record: bool,
) -> tuple[Fanned, float]:
    """Subscribe, measure memory, start the events, collect; and the start time."""
    audience = Audience(
        url=server.websocket_url,
        query=RUN_EVENTS,
        variables={"id": run_id},
        subscribers=subscribers,
        processes=processes,
        deadline=_deadline(subscribers, seconds),
        record=record,
    )
    before = server.resident_bytes()
    try:
        await audience.start()
        await audience.ready()
        after = server.resident_bytes()
        async with httpx.AsyncClient(timeout=30) as client:
            started = time.time()
            cpu_before = server.cpu_seconds()
            await _post(client, server.url + start)
        received = await audience.finish()
        cpu = server.cpu_seconds() - cpu_before
    finally:
        await audience.stop()
    live = len(received.latencies_ms)
    elapsed = received.last_received - started
    return (
        Fanned(
            received=received,
            rss_per_subscriber_kb=(after - before) / subscribers / 1024,
            deliveries_per_second=live / elapsed if elapsed > 0 else 0.0,
            cpu_per_delivery_us=cpu / live * 1e6 if live else float("nan"),
        ),
        started,
    )


def _recording(received: Received, started: float) -> list[RecordedEvent]:
    return [
        RecordedEvent(
            typename=event["typename"],
            seq=event["seq"],
            offset=event["at"] - started,
            item_index=event["item_index"],
            text=event["text"],
            status=event["status"],
        )
        for event in received.recorded
    ]


async def _fan_out_round(
    sizes: Sizes,
    runcast: ServerProcess,
    reference: ServerProcess,
    *,
    subscribers: int,
) -> tuple[Fanned, Fanned]:
    """Runcast's round (recorded), then the reference playing the recording."""
    async with httpx.AsyncClient(timeout=60) as client:
        queued = await _post(
            client,
            runcast.url + "/bench/runs",
            {"items": items_lasting(sizes.fan_out_seconds)},
        )
        ours, started = await _fan_out(
            runcast,
            run_id=queued["id"],
            subscribers=subscribers,
            processes=sizes.client_processes,
            seconds=sizes.fan_out_seconds,
            start="/bench/execute",
            record=True,
        )
        recording = _recording(ours.received, started)
        await _post(
            client,
            reference.url + "/bench/replay",
            {"events": [asdict(event) for event in recording]},
        )
        theirs, _ = await _fan_out(
            reference,
            run_id=queued["id"],
            subscribers=subscribers,
            processes=sizes.client_processes,
            seconds=sizes.fan_out_seconds,
            start="/bench/play",
            record=False,
        )
    return ours, theirs


def _fan_out_figures(
    subscribers: int, rounds: Sequence[tuple[Fanned, Fanned]]
) -> list[Figure]:
    small = subscribers <= SMALL_AUDIENCE
    p99_target = P99_SMALL_MS if small else P99_LARGE_MS
    last_error = next(
        (
            side.received.first_error
            for pair in rounds
            for side in pair
            if side.received.first_error
        ),
        "",
    )

    def samples(pick: Any) -> tuple[list[float], list[float]]:
        return [pick(ours) for ours, _ in rounds], [
            pick(theirs) for _, theirs in rounds
        ]

    def figure(
        name: str, title: str, unit: str, pick: Any, bounds: Sequence[Bound] = ()
    ) -> Figure:
        runcast, reference = samples(pick)
        return Figure(
            key=f"S1 {name} {subscribers:,}",
            title=title,
            unit=unit,
            runcast=runcast,
            reference=reference,
            bounds=bounds,
        )

    figures = [
        figure("p50", "delivery latency p50", "ms", lambda side: side.latency(0.5)),
        figure(
            "p99",
            "delivery latency p99",
            "ms",
            lambda side: side.latency(0.99),
            (Bound("runcast", at_most=p99_target),),
        ),
        figure(
            "deliveries",
            "events delivered per second, all subscribers",
            "events/s",
            lambda side: side.deliveries_per_second,
        ),
        figure(
            "CPU",
            "server CPU per delivered event (executing the run included)",
            "µs",
            lambda side: side.cpu_per_delivery_us,
            (Bound("ratio", at_most=CPU_SHARE),) if small else (),
        ),
        figure(
            "memory",
            "server RSS per subscriber",
            "KB",
            lambda side: side.rss_per_subscriber_kb,
            () if small else (Bound("runcast", at_most=RSS_PER_SUBSCRIBER_KB),),
        ),
        figure(
            "delivered",
            "share of subscribers that got every event",
            "",
            lambda side: side.received.share_whole,
            (Bound("runcast", at_least=1.0),),
        ),
        figure(
            "errors",
            "subscribers that failed (connect, protocol, timeout)",
            "",
            lambda side: float(side.received.errors),
            (Bound("runcast", at_most=0),),
        ),
    ]
    if last_error:
        figures[-1].note = f"first error: {last_error[:200]}"
    return figures


async def measure_fan_out(sizes: Sizes, folder: Path) -> list[Figure]:
    """S1 at every audience size: latency, deliveries, memory, completeness."""
    figures: list[Figure] = []
    for subscribers in sizes.fan_out:
        rounds: list[tuple[Fanned, Fanned]] = []
        async with AsyncExitStack() as shared:
            if not sizes.fresh_servers_per_round:
                servers = await shared.enter_async_context(
                    both_servers(folder, f"s1-{subscribers}")
                )
            for number in range(sizes.rounds):
                async with AsyncExitStack() as fresh:
                    if sizes.fresh_servers_per_round:
                        servers = await fresh.enter_async_context(
                            both_servers(folder, f"s1-{subscribers}-{number}")
                        )
                    rounds.append(
                        await _fan_out_round(sizes, *servers, subscribers=subscribers)
                    )
        measured = _fan_out_figures(subscribers, rounds)
        if not sizes.fresh_servers_per_round:
            # later rounds reuse memory freed by earlier subscribers
            memory = next(f for f in measured if f.key.startswith("S1 memory"))
            memory.runcast, memory.reference = memory.runcast[:1], memory.reference[:1]
            memory.note = "rounds share their servers: only the first round counts"
        figures += measured
    return figures


async def _resident_samples(
    servers: Sequence[ServerProcess], *, seconds: float
) -> list[list[int]]:
    """Each server's RSS once a second for ``seconds``, from now."""
    samples: list[list[int]] = [[] for _ in servers]
    loop = asyncio.get_running_loop()
    started = loop.time()
    for tick in range(int(seconds) + 1):
        await asyncio.sleep(max(0.0, started + tick - loop.time()))  # sampling pace
        for server, taken in zip(servers, samples, strict=True):
            taken.append(server.resident_bytes())
    return samples


def _growth(samples: Sequence[int], *, warm_up: int) -> list[float]:
    """Percent growth over the warm-up sample at each checkpoint after it."""
    after = len(samples) - 1 - warm_up
    base = samples[warm_up]
    return [
        (samples[warm_up + after * k // SOAK_CHECKPOINTS] - base) / base * 100
        for k in range(1, SOAK_CHECKPOINTS + 1)
    ]


async def measure_soak(sizes: Sizes, folder: Path) -> list[Figure]:
    """S2: both servers' memory growth under a long subscription, side by side."""
    subscribers = sizes.soak_subscribers
    items = items_lasting(sizes.soak_seconds)
    processes = max(1, sizes.client_processes // 2)
    deadline = _deadline(subscribers, sizes.soak_seconds)
    async with (
        both_servers(folder, "s2") as (runcast, reference),
        httpx.AsyncClient(timeout=60) as client,
    ):
        queued = await _post(client, runcast.url + "/bench/runs", {"items": items})
        await _post(
            client,
            reference.url + "/bench/replay",
            {"events": [asdict(event) for event in paced_sequence(items)]},
        )
        audiences = [
            Audience(
                url=server.websocket_url,
                query=RUN_EVENTS,
                variables={"id": queued["id"]},
                subscribers=subscribers,
                processes=processes,
                deadline=deadline,
            )
            for server in (runcast, reference)
        ]
        try:
            for audience in audiences:
                await audience.start()
            for audience in audiences:
                await audience.ready()
            await _post(client, runcast.url + "/bench/execute")
            await _post(client, reference.url + "/bench/play")
            ours, theirs = await _resident_samples(
                (runcast, reference), seconds=sizes.soak_seconds
            )
            received = [await audience.finish() for audience in audiences]
        finally:
            for audience in audiences:
                with contextlib.suppress(ProcessLookupError):
                    await audience.stop()
    warm_up = int(sizes.soak_warm_up)
    note = (
        f"one soak of {sizes.soak_seconds:g} s per side, served side by side;"
        f" samples are the growth over the RSS at {warm_up} s, at"
        f" {SOAK_CHECKPOINTS} checkpoints spread over the rest"
    )
    return [
        Figure(
            key=f"S2 soak {subscribers:,}",
            title=f"server RSS growth after warm-up, {sizes.soak_seconds:g} s",
            unit="%",
            runcast=_growth(ours, warm_up=warm_up),
            reference=_growth(theirs, warm_up=warm_up),
            bounds=(Bound("runcast", at_most=SOAK_GROWTH_PERCENT),),
            note=note,
        ),
        Figure(
            key=f"S2 delivered {subscribers:,}",
            title="share of soak subscribers that got every event",
            unit="",
            runcast=[received[0].share_whole],
            reference=[received[1].share_whole],
            bounds=(Bound("runcast", at_least=1.0),),
            note=received[0].first_error[:200],
        ),
    ]

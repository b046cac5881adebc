"""E1, E2 and E3: how fast the engine executes items, against a bare SQLite loop.

E1 executes a queued run of the small and the large size end to end with
the simulated executor answering at once (events persisted), as
``run_once()``; the reference, run alternately in the same process, is
``bench.reference.sqlite_loop`` writing the same rows. Figures: items/s at
each size, and time(large)/time(small), which is the size ratio when the cost
per item does not grow with the run.

E2 executes the same number of items of a run whose experiment has many
rows and of one that has few (a token budget stops the large run; the small
one has a budget it never reaches), and compares the time per item.

E3 executes a run of rows each asked ``REPETITIONS`` times and a run of as
many rows asked once, and compares the time per item: a cell of a repeated
row must cost what an item does.

Both settle the process's heap first, as ``runcast worker`` does once
started; the reference loops run in the same process, so under the same
collector.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.figure import Bound, Figure, UnmeasuredError
from bench.reference.sqlite_loop import loop_seconds
from bench.runs import PROMPT_TOKENS, queue_run, scratch_runtime
from bench.sizes import Sizes
from runcast import heap

__all__ = ["measure_dataset_size", "measure_engine", "measure_repetitions"]

ITEMS_PER_SECOND = 1_000
LOOP_SHARE = 0.5
TIME_GROWTH_SLACK = 1.1
DATASET_SLOWDOWN = 1.2
REPETITIONS = 5
REPETITION_SLOWDOWN = 1.1
ANSWER_TOKENS = 8


async def runcast_seconds(
    folder: Path,
    *,
    items: int,
    deadline: float,
    max_tokens: int | None = None,
    repetitions: int = 1,
) -> tuple[float, int]:
    """Seconds ``run_once()`` takes for a run of ``items`` items (rows times
    ``repetitions``), and items it finished.

    Raises ``UnmeasuredError`` when the run takes longer than ``deadline``.
    """
    async with scratch_runtime(
        folder, simulated_output_tokens=ANSWER_TOKENS
    ) as runtime:
        run_id = await queue_run(
            runtime, items=items, max_tokens=max_tokens, repetitions=repetitions
        )
        started = time.perf_counter()
        try:
            async with asyncio.timeout(deadline):
                await runtime.new_worker().run_once()
        except TimeoutError:
            raise UnmeasuredError(
                f"a run of {items} items took longer than {deadline:g} s"
            ) from None
        elapsed = time.perf_counter() - started
        run = await runtime.orchestrator.get_run(run_id=run_id)
        return elapsed, run.progress.succeeded + run.progress.failed


async def ms_per_item(
    where: Path,
    *,
    items: int,
    deadline: float,
    max_tokens: int | None = None,
    repetitions: int = 1,
) -> float:
    """Milliseconds per finished item of a run executed in a new folder."""
    await asyncio.to_thread(where.mkdir)
    elapsed, finished = await runcast_seconds(
        where,
        items=items,
        deadline=deadline,
        max_tokens=max_tokens,
        repetitions=repetitions,
    )
    return elapsed / finished * 1000


async def measure_engine(sizes: Sizes, folder: Path) -> list[Figure]:
    """E1: items/s at both sizes against the loop, and how time grows with size.

    A size whose run misses its deadline is not tried again in later rounds;
    its figures report the miss.
    """
    small, large = sizes.engine_items
    heap.settle()
    seconds: dict[tuple[str, int], list[float]] = {}
    missed: dict[int, str] = {}
    for round_number in range(sizes.rounds):
        for items in (small, large):
            if items in missed:
                continue
            where = folder / f"e1-{round_number}-{items}"
            where.mkdir()
            try:
                elapsed, _ = await runcast_seconds(
                    where, items=items, deadline=sizes.engine_deadline
                )
            except UnmeasuredError as error:
                missed[items] = str(error)
                continue
            seconds.setdefault(("runcast", items), []).append(elapsed)
            loop = await loop_seconds(where / "reference.db", items=items)
            seconds.setdefault(("loop", items), []).append(loop)

    def rate(side: str, items: int) -> list[float]:
        if items in missed:
            return []
        return [items / elapsed for elapsed in seconds[(side, items)]]

    def growth(side: str) -> list[float]:
        if missed:
            return []
        return [
            big / little
            for little, big in zip(
                seconds[(side, small)], seconds[(side, large)], strict=True
            )
        ]

    size_ratio = large / small
    return [
        Figure(
            key=f"E1 engine {small:,}",
            title=f"items/s executing {small:,} items",
            unit="items/s",
            runcast=rate("runcast", small),
            reference=rate("loop", small),
            failure=missed.get(small),
        ),
        Figure(
            key=f"E1 engine {large:,}",
            title=f"items/s executing {large:,} items",
            unit="items/s",
            runcast=rate("runcast", large),
            reference=rate("loop", large),
            bounds=(
                Bound("runcast", at_least=ITEMS_PER_SECOND),
                Bound("ratio", at_least=LOOP_SHARE),
            ),
            failure=missed.get(large),
        ),
        Figure(
            key="E1 time growth",
            title=f"time({large:,}) / time({small:,}); {size_ratio:g} is linear",
            unit="",
            runcast=growth("runcast"),
            reference=growth("loop"),
            bounds=(
                Bound("runcast", at_most=round(size_ratio * TIME_GROWTH_SLACK, 2)),
            ),
            failure="; ".join(missed.values()) or None,
        ),
    ]


async def measure_dataset_size(sizes: Sizes, folder: Path) -> list[Figure]:
    """E2: seconds per item in a run of a large experiment against a small one."""
    small, large = sizes.dataset_rows
    items = sizes.dataset_items
    budget = items * (PROMPT_TOKENS + ANSWER_TOKENS)
    per_item: dict[int, list[float]] = {small: [], large: []}
    heap.settle()
    for round_number in range(sizes.dataset_rounds):
        for rows in (small, large):
            per_item[rows].append(
                await ms_per_item(
                    folder / f"e2-{round_number}-{rows}",
                    items=rows,
                    deadline=sizes.engine_deadline,
                    # both runs have a budget, so both take the same path: the
                    # large one's stops it, the small one's is never reached
                    max_tokens=budget if rows > items else budget * 10,
                )
            )
    return [
        Figure(
            key="E2 dataset size",
            title=(
                f"ms per item, ~{items} items of a {large:,}-row experiment"
                f" (reference: of a {small:,}-row one)"
            ),
            unit="ms/item",
            runcast=per_item[large],
            reference=per_item[small],
            bounds=(Bound("ratio", at_most=DATASET_SLOWDOWN),),
        )
    ]


async def measure_repetitions(sizes: Sizes, folder: Path) -> list[Figure]:
    """E3: seconds per item of a run repeating its rows against one that does not."""
    items = sizes.repetition_items
    per_item: dict[int, list[float]] = {1: [], REPETITIONS: []}
    heap.settle()
    for round_number in range(sizes.dataset_rounds):
        for repetitions in (1, REPETITIONS):
            per_item[repetitions].append(
                await ms_per_item(
                    folder / f"e3-{round_number}-{repetitions}",
                    items=items,
                    deadline=sizes.engine_deadline,
                    repetitions=repetitions,
                )
            )
    return [
        Figure(
            key="E3 repetitions",
            title=(
                f"ms per item, {items:,} items of {items // REPETITIONS:,} rows "
                f"asked {REPETITIONS} times (reference: {items:,} rows asked once)"
            ),
            unit="ms/item",
            runcast=per_item[REPETITIONS],
            reference=per_item[1],
            bounds=(Bound("ratio", at_most=REPETITION_SLOWDOWN),),
        )
    ]

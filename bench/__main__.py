"""``python -m bench [--quick] [--only SECTION ...]``: every figure, one report.

Each figure interleaves Runcast and its reference over several rounds and
prints medians with their ranges; targets are reported, never asserted. The
exit status is non-zero only when the harness itself failed (a server that
would not start, a crash); a missed target, or a subscriber that missed
events, is a result. With ``--only``, the report keeps the other sections'
figures from its last version, each saying the day it was measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import logging
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bench.cross_process import measure_cross_process
from bench.engine import measure_dataset_size, measure_engine, measure_repetitions
from bench.export_memory import measure_export_memory
from bench.figure import Figure, UnmeasuredError
from bench.limits import raise_open_file_limit
from bench.postgres import measure_postgres
from bench.queries import measure_queries
from bench.query_memory import measure_query_memory
from bench.rate_limit import measure_rate_limit
from bench.report import (
    Entry,
    describe,
    entry,
    kept_entries,
    write_json,
    write_markdown,
)
from bench.sizes import FULL, QUICK, Sizes
from bench.subscription_memory import measure_subscription_memory
from bench.subscriptions import measure_fan_out, measure_soak

Section = Callable[[Sizes, Path], Awaitable[list[Figure]]]

SECTIONS: dict[str, Section] = {
    "e1": measure_engine,
    "e2": measure_dataset_size,
    "e3": measure_repetitions,
    "q": measure_queries,
    "s1": measure_fan_out,
    "s2": measure_soak,
    "x1": measure_cross_process,
    "memory": measure_subscription_memory,
    "qmem": measure_query_memory,
    "rate": measure_rate_limit,
    "pg": measure_postgres,
    "export": measure_export_memory,
}
RESULTS = Path(__file__).resolve().parent


async def run_section(
    name: str, section: Section, sizes: Sizes, folder: Path
) -> tuple[list[Figure], bool]:
    """The section's figures, and whether the harness held up while measuring."""
    started = time.perf_counter()
    try:
        figures = await section(sizes, folder)
    except UnmeasuredError as error:
        return [
            Figure(key=name, title="not measured", unit="", failure=str(error))
        ], True
    except Exception as error:
        traceback.print_exc()
        failure = f"harness failure: {type(error).__name__}: {error}"
        return [Figure(key=name, title="not measured", unit="", failure=failure)], False
    finally:
        print(f"[{name} took {time.perf_counter() - started:.1f} s]", flush=True)
    return figures, True


async def run(
    sections: Sequence[str], sizes: Sizes, *, mode: str, keep: Path | None
) -> int:
    """Measure the sections, print and write the report; the exit status."""
    raise_open_file_limit()
    figures: list[Figure] = []
    measured: list[Entry] = []
    today = datetime.date.today().isoformat()
    healthy = True
    with contextlib.ExitStack() as cleanup:
        if keep is None:
            scratch = cleanup.enter_context(
                tempfile.TemporaryDirectory(prefix="runcast-bench-")
            )
        else:
            scratch = str(keep)
        for name in sections:
            folder = Path(scratch) / name
            folder.mkdir()
            section_figures, held_up = await run_section(
                name, SECTIONS[name], sizes, folder
            )
            healthy = healthy and held_up
            for figure in section_figures:
                print(describe(figure), flush=True)
                measured.append(entry(figure, section=name, measured=today))
            figures += section_figures
    # the full run's report is kept in git; a quick run's only shows the harness works
    stem = "results" if mode == "full" else f"results-{mode}"
    # the sections not measured now keep their figures from the last report
    unmeasured = [name for name in SECTIONS if name not in sections]
    entries = [*kept_entries(RESULTS / f"{stem}.json", sections=unmeasured), *measured]
    entries.sort(key=lambda item: list(SECTIONS).index(item["section"]))
    write_json(RESULTS / f"{stem}.json", entries, mode=mode)
    write_markdown(RESULTS / f"{stem}.md", entries, mode=mode)
    missed = sum(figure.met is False for figure in figures)
    print(f"{len(figures)} figures, {missed} not met; see bench/{stem}.md")
    return 0 if healthy else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (about two minutes)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=sorted(SECTIONS), help="measure only these"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="keep databases and server logs in this empty folder",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    mode = "quick" if arguments.quick else "full"
    sections = arguments.only or list(SECTIONS)
    sizes = QUICK if arguments.quick else FULL
    if arguments.keep is not None:
        arguments.keep.mkdir(parents=True, exist_ok=True)
    return asyncio.run(run(sections, sizes, mode=mode, keep=arguments.keep))


if __name__ == "__main__":
    sys.exit(main())

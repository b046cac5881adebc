"""Q1 and Q2: GraphQL queries per second over real uvicorn, against references.

The data is seeded once into one SQLite file: experiments with a few runs
each, some executed. ``runcast serve`` (no workers) and
``bench.reference.server`` serve that file; ``bench.load`` (another
process, 32 connections) loads each in turn, round after round.

Q1 asks for one run's status and progress; the reference is a bare Starlette
endpoint returning the same JSON. Q2 asks for a page of 50 runs with their
experiment's name; the reference is plain Strawberry with naive resolvers.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx

from bench.figure import Bound, Figure
from bench.operations import RUN, RUNS
from bench.runs import experiment_config, scratch_runtime, sqlite_url
from bench.servers import ServerProcess, python_module, serve
from bench.sizes import Sizes
from runcast.domain.experiments import ExperimentConfigCreate

__all__ = ["measure_queries", "seed_runs"]

CONCURRENCY = 32
RUNS_PER_EXPERIMENT = 5
EXECUTED_RUNS = 3
Q1_SHARE = 0.5
Q2_SPEED_UP = 2.0
LOAD_GIVE_UP_AFTER = 90.0


async def seed_runs(folder: Path, *, runs: int, rows: int) -> str:
    """Seed ``folder/bench.db``; return the id of a run that was executed."""
    async with scratch_runtime(folder, items_per_run=8) as runtime:
        orchestrator = runtime.orchestrator
        run_ids: list[str] = []
        experiment_id = ""
        for number in range(runs):
            if number % RUNS_PER_EXPERIMENT == 0:
                experiment = await orchestrator.create_experiment(
                    ExperimentConfigCreate.model_validate(experiment_config(rows=rows))
                )
                experiment_id = experiment.id
            run = await orchestrator.create_run(experiment_id=experiment_id)
            run_ids.append(run.id)
        for _ in range(EXECUTED_RUNS):
            await runtime.new_worker().run_once()  # the oldest first
    return run_ids[0]


async def _load(server: ServerProcess, path: str, body: bytes, sizes: Sizes) -> Any:
    process = await asyncio.create_subprocess_exec(
        *python_module(
            "bench.load",
            "--port",
            str(server.port),
            "--path",
            path,
            "--body",
            body.decode(),
            "--concurrency",
            str(CONCURRENCY),
            "--requests",
            str(sizes.query_requests),
            "--seconds",
            str(sizes.query_seconds),
        ),
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await asyncio.wait_for(
        process.communicate(), sizes.query_seconds + LOAD_GIVE_UP_AFTER
    )
    if process.returncode != 0:
        raise RuntimeError(f"the load generator exited with {process.returncode}")
    return json.loads(output)


async def _answer(server: ServerProcess, path: str, body: bytes) -> Any:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            server.url + path,
            content=body,
            headers={"content-type": "application/json"},
        )
        response.raise_for_status()
        return response.json()


async def measure_queries(sizes: Sizes, folder: Path) -> list[Figure]:
    """Q1 and Q2, Runcast and reference alternating in each round."""
    run_id = await seed_runs(folder, runs=sizes.query_runs, rows=sizes.query_rows)
    database = folder / "bench.db"
    q1 = json.dumps({"query": RUN, "variables": {"id": run_id}}).encode()
    q2 = json.dumps({"query": RUNS}).encode()
    figures = {
        "Q1": Figure(
            key="Q1 run query",
            title="requests/s of `run(id)`, 32 connections (reference: bare Starlette)",
            unit="req/s",
            bounds=(Bound("ratio", at_least=Q1_SHARE),),
        ),
        "Q2": Figure(
            key="Q2 runs page",
            title=(
                "requests/s of `runs(first: 50)` with experiment names"
                " (reference: plain Strawberry, no DataLoader)"
            ),
            unit="req/s",
            bounds=(Bound("ratio", at_least=Q2_SPEED_UP),),
        ),
    }
    async with AsyncExitStack() as stack:
        runcast, reference = await asyncio.gather(
            stack.enter_async_context(
                serve(
                    python_module("runcast.cli", "serve", "--port", "{port}"),
                    log=folder / "runcast.log",
                    env={
                        "RUNCAST_DATABASE_URL": sqlite_url(database),
                        "RUNCAST_WORKERS": "0",
                        "RUNCAST_LOG_LEVEL": "warning",
                    },
                )
            ),
            stack.enter_async_context(
                serve(
                    python_module(
                        "bench.reference.server",
                        "--port",
                        "{port}",
                        "--database",
                        str(database),
                    ),
                    log=folder / "reference.log",
                )
            ),
        )
        plan = {
            "Q1": ((runcast, "/graphql", q1), (reference, "/raw/graphql", q1)),
            "Q2": ((runcast, "/graphql", q2), (reference, "/graphql", q2)),
        }
        for name, ((ours, our_path, body), (theirs, their_path, _)) in plan.items():
            if await _answer(ours, our_path, body) != await _answer(
                theirs, their_path, body
            ):
                figures[name].note = "the two servers' answers differ"
        for _ in range(sizes.rounds):
            for name, sides in plan.items():
                for (server, path, body), samples in zip(
                    sides,
                    (figures[name].runcast, figures[name].reference),
                    strict=True,
                ):
                    result = await _load(server, path, body, sizes)
                    samples.append(result["per_second"])
                    if result["errors"] and not figures[name].failure:
                        figures[name].failure = (
                            f"{result['errors']} errors on {server.url}{path}:"
                            f" {result['first_error'][:200]}"
                        )
    return list(figures.values())

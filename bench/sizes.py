"""How big each figure's workload is, in quick and full mode."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FULL", "QUICK", "Sizes"]


@dataclass(frozen=True)
class Sizes:
    """Workload sizes and time bounds; ``rounds`` alternate Runcast and reference."""

    rounds: int
    # E1: items of the small and the large run; seconds one run may take
    engine_items: tuple[int, int]
    engine_deadline: float
    # E2: rows of the small and the large experiment; items executed of each
    dataset_rows: tuple[int, int]
    dataset_items: int
    # E2 runs take a second: more rounds than the others, for a steadier median
    dataset_rounds: int
    # E3: items of each run, one of rows asked several times, one of rows
    # asked once (its rounds are E2's)
    repetition_items: int
    # Q1, Q2: runs seeded, rows per experiment, and the load of one round
    query_runs: int
    query_rows: int
    query_requests: int
    query_seconds: float
    # S1: subscribers of each size, seconds of events, client processes, and
    # whether each round starts fresh servers (memory per subscriber measured
    # from a cold start) or all rounds share them (faster)
    fan_out: tuple[int, ...]
    fan_out_seconds: float
    client_processes: int
    fresh_servers_per_round: bool
    # S2: subscribers and seconds of the soak, and the warm-up within it
    soak_subscribers: int
    soak_seconds: float
    soak_warm_up: float
    # X1: seconds of events per round
    cross_process_seconds: float
    # subscription memory: events warmed up (more than the 500 events a
    # subscription reads at once) and measured
    memory_events: tuple[int, int]
    # query memory: rounds, each on a fresh server
    query_memory_rounds: int
    # rate limit: configured calls per second and seconds' worth of calls
    rate_limit: tuple[float, int]
    # P1: items of each run executed by PostgreSQL worker processes, and the
    # rounds of it (each starts four worker processes)
    postgres_items: int
    postgres_rounds: int
    # export memory: items of the reference run and of the measured run
    export_items: tuple[int, int]


QUICK = Sizes(
    rounds=3,
    engine_items=(30, 150),
    engine_deadline=120,
    dataset_rows=(30, 1_000),
    dataset_items=30,
    dataset_rounds=3,
    repetition_items=150,
    query_runs=60,
    query_rows=20,
    query_requests=3_000,
    query_seconds=0.5,
    fan_out=(100,),
    fan_out_seconds=3,
    client_processes=4,
    fresh_servers_per_round=False,
    soak_subscribers=100,
    soak_seconds=8,
    soak_warm_up=3,
    cross_process_seconds=1.2,
    memory_events=(600, 1_000),
    query_memory_rounds=1,
    rate_limit=(10.0, 3),
    postgres_items=30,
    postgres_rounds=1,
    export_items=(100, 1_000),
)

FULL = Sizes(
    rounds=3,
    engine_items=(1_000, 10_000),
    engine_deadline=1_800,
    dataset_rows=(100, 10_000),
    dataset_items=100,
    dataset_rounds=9,
    repetition_items=1_000,
    query_runs=200,
    query_rows=100,
    query_requests=50_000,
    query_seconds=10,
    fan_out=(1_000, 10_000),
    fan_out_seconds=30,
    client_processes=4,
    fresh_servers_per_round=True,
    soak_subscribers=1_000,
    soak_seconds=600,
    soak_warm_up=60,
    cross_process_seconds=15,
    memory_events=(1_000, 3_000),
    query_memory_rounds=3,
    rate_limit=(10.0, 10),
    postgres_items=500,
    postgres_rounds=3,
    export_items=(100, 10_000),
)

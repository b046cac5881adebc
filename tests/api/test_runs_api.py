"""Runs over HTTP: create, read, list, cancel, and read after a worker ran them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from runcast.api.runs.types import Run as RunType
from runcast.db import experiments as experiment_store
from runcast.db.database import Database
from runcast.db.tables import RunRow
from runcast.execution.worker import Worker
from tests.api.helpers import (
    CANCEL_RUN,
    CREATE_RUN,
    RUNS,
    all_pages,
    create_experiment,
    create_run,
    read_run,
    row_counts,
    timestamp,
)
from tests.conftest import GraphQLClient

GREETING: dict[str, Any] = {
    "prompt": "Greet {{ who }} warmly.",
    "dataset": [
        {"variables": {"who": "Ada"}},
        {"variables": {"who": "Grace"}, "expected": "Hello Grace"},
        {"variables": {"who": "Alan"}},
    ],
}


class TestCreateRun:
    async def test_create_run_returns_a_pending_run_of_the_experiment(
        self, graphql: GraphQLClient
    ) -> None:
        """A new run is PENDING, not started, with one pending item per row."""
        # Arrange
        experiment = await create_experiment(graphql, "greetings", **GREETING)

        # Act
        data = await graphql.data(
            CREATE_RUN, {"input": {"experimentId": experiment["id"]}}
        )

        # Assert
        run = data["createRun"]
        assert run["__typename"] == "Run"
        assert run["id"]
        assert run["experimentId"] == experiment["id"]
        assert run["status"] == "PENDING"
        assert run["idempotencyKey"] is None
        assert run["experiment"] == {"id": experiment["id"], "name": "greetings"}
        assert run["config"] == {"prompt": "Greet {{ who }} warmly."}
        assert run["progress"] == {
            "total": 3,
            "succeeded": 0,
            "failed": 0,
            "pending": 3,
        }
        assert run["createdAt"] is not None
        assert run["startedAt"] is None
        assert run["finishedAt"] is None
        assert run["cancelRequestedAt"] is None

    async def test_create_run_stores_the_run_with_its_items_and_first_event(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """One run row, one item row per dataset row and one PENDING event."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)
        counts = await row_counts(db)

        # Act
        run = await create_run(graphql, experiment["id"])

        # Assert
        assert await row_counts(db) == counts | {
            "runs": 1,
            "run_items": 3,
            "run_events": 1,
        }
        async with db.reading() as session:
            row = await session.get(RunRow, run["id"])
        assert row is not None
        assert row.status == "pending"
        assert row.experiment_id == experiment["id"]

    async def test_create_run_twice_with_one_idempotency_key_returns_the_same_run(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Retrying with the same idempotencyKey answers the first run; one row."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)
        first = await create_run(graphql, experiment["id"], idempotency_key="retry-1")

        # Act
        second = await create_run(graphql, experiment["id"], idempotency_key="retry-1")

        # Assert
        assert second["id"] == first["id"]
        assert second["idempotencyKey"] == "retry-1"
        async with db.reading() as session:
            ids = (await session.scalars(select(col(RunRow.id)))).all()
        assert ids == [first["id"]]
        assert (await row_counts(db))["run_events"] == 1

    async def test_create_run_concurrently_with_one_key_makes_one_run(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Ten simultaneous requests with one key all answer the same single run."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)

        # Act
        runs = await asyncio.gather(
            *(
                create_run(graphql, experiment["id"], idempotency_key="burst")
                for _ in range(10)
            )
        )

        # Assert
        assert len({run["id"] for run in runs}) == 1
        assert (await row_counts(db))["runs"] == 1
        assert (await row_counts(db))["run_items"] == 3

    async def test_create_run_with_a_new_idempotency_key_makes_a_new_run(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Different keys are different requests, so they make different runs."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)
        first = await create_run(graphql, experiment["id"], idempotency_key="a")

        # Act
        second = await create_run(graphql, experiment["id"], idempotency_key="b")

        # Assert
        assert second["id"] != first["id"]
        assert (await row_counts(db))["runs"] == 2

    async def test_create_run_with_a_key_of_another_experiment_returns_conflict(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """An idempotency key names one run of one experiment; reuse elsewhere fails."""
        # Arrange
        first = await create_experiment(graphql, "first")
        second = await create_experiment(graphql, "second")
        await create_run(graphql, first["id"], idempotency_key="shared")
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_RUN,
            {"input": {"experimentId": second["id"], "idempotencyKey": "shared"}},
        )

        # Assert
        error = data["createRun"]
        assert error["__typename"] == "ConflictError"
        assert error["code"] == "CONFLICT"
        assert error["field"] == "idempotencyKey"
        assert await row_counts(db) == counts


class TestReadRun:
    async def test_run_by_id_returns_status_experiment_progress_and_config(
        self, graphql: GraphQLClient
    ) -> None:
        """Reading by id gives the run createRun returned, with its experiment."""
        # Arrange
        experiment = await create_experiment(graphql, "readable", **GREETING)
        created = await create_run(graphql, experiment["id"])

        # Act
        run = await read_run(graphql, created["id"])

        # Assert
        assert run == {
            key: value for key, value in created.items() if key != "__typename"
        }
        assert run["status"] == "PENDING"
        assert run["experiment"]["name"] == "readable"
        assert run["progress"]["total"] == 3
        assert run["config"]["prompt"] == "Greet {{ who }} warmly."


class TestExecuteRun:
    async def test_run_after_worker_reads_succeeded_with_every_item_done(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """After the worker ran it, the run is SUCCEEDED with all items succeeded."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)
        created = await create_run(graphql, experiment["id"])

        # Act
        assert await worker.run_once() is True
        run = await read_run(graphql, created["id"])

        # Assert
        assert run is not None
        assert run["status"] == "SUCCEEDED"
        assert run["progress"] == {
            "total": 3,
            "succeeded": 3,
            "failed": 0,
            "pending": 0,
        }
        assert run["startedAt"] is not None
        assert run["finishedAt"] is not None
        created_at = timestamp(run["createdAt"])
        started_at = timestamp(run["startedAt"])
        assert created_at <= started_at <= timestamp(run["finishedAt"])

    async def test_run_of_empty_dataset_executes_the_prompt_once(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Without dataset rows the prompt runs once: one item, succeeded."""
        # Arrange
        experiment = await create_experiment(graphql, prompt="Say hello")
        created = await create_run(graphql, experiment["id"])

        # Act
        await worker.run_once()
        run = await read_run(graphql, created["id"])

        # Assert
        assert created["progress"] == {
            "total": 1,
            "succeeded": 0,
            "failed": 0,
            "pending": 1,
        }
        assert run is not None
        assert run["status"] == "SUCCEEDED"
        assert run["progress"] == {
            "total": 1,
            "succeeded": 1,
            "failed": 0,
            "pending": 0,
        }
        assert run["startedAt"] is not None
        assert run["finishedAt"] is not None


class TestListRuns:
    async def test_list_runs_by_experiment_pages_through_only_its_runs(
        self, graphql: GraphQLClient
    ) -> None:
        """Filtered by experimentId, pages of two hold its runs once, newest first."""
        # Arrange
        wanted = await create_experiment(graphql, "wanted")
        other = await create_experiment(graphql, "other")
        wanted_runs = []
        for _ in range(3):
            wanted_runs.append((await create_run(graphql, wanted["id"]))["id"])
            await create_run(graphql, other["id"])

        # Act
        pages = await all_pages(
            graphql, RUNS, "runs", experimentId=wanted["id"], first=2
        )

        # Assert
        nodes = [edge["node"] for page in pages for edge in page["edges"]]
        assert [node["id"] for node in nodes] == list(reversed(wanted_runs))
        assert {node["experimentId"] for node in nodes} == {wanted["id"]}
        assert [len(page["edges"]) for page in pages] == [2, 1]
        assert [page["totalCount"] for page in pages] == [3, 3]
        assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [
            False,
            True,
        ]

    async def test_list_runs_by_status_pages_through_only_runs_in_it(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Filtered by status, the pages hold exactly the runs in that status."""
        # Arrange
        experiment = await create_experiment(graphql)
        runs = [(await create_run(graphql, experiment["id"]))["id"] for _ in range(5)]
        await worker.run_once()  # the oldest run succeeds
        cancelled = await graphql.data(CANCEL_RUN, {"input": {"id": runs[1]}})
        assert cancelled["cancelRun"]["status"] == "CANCELLED"

        # Act
        pending = await all_pages(graphql, RUNS, "runs", status="PENDING", first=2)
        succeeded = await all_pages(graphql, RUNS, "runs", status="SUCCEEDED", first=2)

        # Assert
        pending_nodes = [edge["node"] for page in pending for edge in page["edges"]]
        assert [node["id"] for node in pending_nodes] == [runs[4], runs[3], runs[2]]
        assert {node["status"] for node in pending_nodes} == {"PENDING"}
        assert [page["totalCount"] for page in pending] == [3, 3]
        assert [edge["node"] for page in succeeded for edge in page["edges"]] == [
            {"id": runs[0], "experimentId": experiment["id"], "status": "SUCCEEDED"}
        ]
        assert succeeded[0]["totalCount"] == 1

    async def test_list_runs_by_experiment_and_status_combines_both_filters(
        self, graphql: GraphQLClient
    ) -> None:
        """Both filters at once keep only that experiment's runs in that status."""
        # Arrange
        wanted = await create_experiment(graphql, "wanted")
        other = await create_experiment(graphql, "other")
        kept = await create_run(graphql, wanted["id"])
        dropped = await create_run(graphql, wanted["id"])
        await create_run(graphql, other["id"])
        await graphql.data(CANCEL_RUN, {"input": {"id": dropped["id"]}})

        # Act
        data = await graphql.data(
            RUNS, {"experimentId": wanted["id"], "status": "PENDING"}
        )

        # Assert
        assert [edge["node"]["id"] for edge in data["runs"]["edges"]] == [kept["id"]]
        assert data["runs"]["totalCount"] == 1
        assert data["runs"]["pageInfo"]["hasNextPage"] is False

    async def test_list_runs_reads_the_runs_experiments_with_the_page(
        self, graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A page of runs of three experiments reads them once, with the page
        (no run loads its own), and each run, asked through a fragment or
        not, names its own experiment."""
        # Arrange
        expected: dict[str, str] = {}
        experiment_ids = []
        for name in ("alpha", "beta", "gamma"):
            experiment = await create_experiment(graphql, name)
            experiment_ids.append(experiment["id"])
            for _ in range(2):
                run = await create_run(graphql, experiment["id"])
                expected[run["id"]] = name
        reads = _experiment_reads(monkeypatch)
        loaded_one_by_one: list[str] = []
        load = RunType._load_experiment

        async def one_by_one(run: RunType, info: Any) -> Any:
            loaded_one_by_one.append(run.id)
            return await load(run, info)

        monkeypatch.setattr(RunType, "_load_experiment", one_by_one)

        # Act
        direct = await graphql.data(
            "{ runs(first: 10) { edges { node { id experiment { name } } } } }"
        )
        through_fragments = await graphql.data(
            "{ runs(first: 10) { ...Page } }"
            " fragment Page on RunConnection"
            " { edges { node { id ... on Run { experiment { name } } } } }"
        )

        # Assert
        for data in (direct, through_fragments):
            names = {
                edge["node"]["id"]: edge["node"]["experiment"]["name"]
                for edge in data["runs"]["edges"]
            }
            assert names == expected
        assert [sorted(ids) for ids in reads] == [sorted(experiment_ids)] * 2
        assert loaded_one_by_one == []

    async def test_list_runs_without_experiments_does_not_read_them(
        self, graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A page that asks for no experiment reads none."""
        # Arrange
        experiment = await create_experiment(graphql)
        await create_run(graphql, experiment["id"])
        reads = _experiment_reads(monkeypatch)

        # Act
        data = await graphql.data("{ runs { edges { node { id status } } } }")

        # Assert
        assert len(data["runs"]["edges"]) == 1
        assert reads == []


def _experiment_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the ids each read of experiment summaries asks for."""
    calls: list[list[str]] = []
    read = experiment_store.get_experiment_summaries

    def counted(source: Any, experiment_ids: list[str]) -> Any:
        calls.append(list(experiment_ids))
        return read(source, experiment_ids)

    monkeypatch.setattr(experiment_store, "get_experiment_summaries", counted)
    return calls


class TestCancelRun:
    async def test_cancel_pending_run_returns_it_cancelled(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """A PENDING run ends CANCELLED at once and no worker picks it up."""
        # Arrange
        experiment = await create_experiment(graphql, **GREETING)
        created = await create_run(graphql, experiment["id"])

        # Act
        data = await graphql.data(CANCEL_RUN, {"input": {"id": created["id"]}})

        # Assert
        cancelled = data["cancelRun"]
        assert cancelled["__typename"] == "Run"
        assert cancelled["id"] == created["id"]
        assert cancelled["status"] == "CANCELLED"
        assert cancelled["finishedAt"] is not None
        assert cancelled["cancelRequestedAt"] is not None
        assert cancelled["startedAt"] is None
        stored = await read_run(graphql, created["id"])
        assert stored is not None
        assert stored["status"] == "CANCELLED"
        assert stored["finishedAt"] == cancelled["finishedAt"]
        assert await worker.run_once() is False

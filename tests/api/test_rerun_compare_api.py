"""Rerunning a run and comparing two, and reading a run's results, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.db.database import Database
from runcast.execution.worker import Worker
from tests.api.helpers import create_experiment, create_run, row_counts
from tests.conftest import GraphQLClient
from tests.support.executors import ScriptedExecutor

FAILING = {1, 3}

RERUN = """
mutation ($input: RerunInput!) {
  rerun(input: $input) {
    __typename
    ... on Run { id status parentRun { id } progress { total } }
    ... on Error { message code }
    ... on NotFoundError { missingId: id }
  }
}
"""

RESULTS = """
query ($id: ID!, $status: ItemStatus) {
  run(id: $id) {
    status attempt
    error { code message }
    usage { inputTokens outputTokens cost }
    stats {
      passRate meanScore latencyP50Ms latencyP95Ms
      errorRate erroredItems scoredItems evaluatedItems
    }
    items(status: $status) {
      totalCount
      edges { node {
        index status output score attempts latencyMs
        error { code message }
        assertionResults { kind passed }
      } }
    }
  }
}
"""

ITEMS_PAGE = """
query ($id: ID!, $status: ItemStatus, $after: String) {
  run(id: $id) {
    items(status: $status, first: 1, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { index } }
    }
  }
}
"""

COMPARE = """
query ($base: ID!, $other: ID!) {
  compareRuns(baseId: $base, otherId: $other) {
    __typename
    ... on RunComparison {
      base { passRate inputTokens }
      other { passRate inputTokens }
      passRateDelta
      items {
        index outputChanged scoreDelta
        base { status output score }
        other { status output score }
      }
    }
    ... on NotFoundError { missingId: id }
  }
}
"""


@pytest.fixture
def executor() -> ScriptedExecutor:
    """Items 1 and 3 fail until the test lets them pass."""
    return ScriptedExecutor(failing=FAILING)


async def failed_run(graphql: GraphQLClient, worker: Worker) -> str:
    """A finished run of four items, two of which failed."""
    experiment = await create_experiment(
        graphql,
        prompt="Answer {{ n }}",
        dataset=[{"variables": {"n": n}} for n in range(4)],
        assertions=[{"kind": "STARTS_WITH", "value": "answer"}],
    )
    run = await create_run(graphql, experiment["id"])
    assert await worker.run_once()
    return str(run["id"])


async def rerun_after_fix(
    graphql: GraphQLClient,
    worker: Worker,
    executor: ScriptedExecutor,
    parent_id: str,
    scope: str = "FAILED",
) -> dict[str, Any]:
    """Let every item pass, rerun the parent and execute the rerun."""
    executor.failing.clear()
    data = await graphql.data(RERUN, {"input": {"id": parent_id, "scope": scope}})
    rerun: dict[str, Any] = data["rerun"]
    assert rerun["__typename"] == "Run", rerun
    assert await worker.run_once()
    return rerun


async def results(
    graphql: GraphQLClient, run_id: str, status: str | None = None
) -> dict[str, Any]:
    data = await graphql.data(RESULTS, {"id": run_id, "status": status})
    run: dict[str, Any] = data["run"]
    return run


class TestRunResults:
    async def test_failed_items_fail_the_run_and_keep_their_errors(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """The run FAILS with ITEMS_FAILED; the items say why, the others pass."""
        # Arrange
        run_id = await failed_run(graphql, worker)

        # Act
        run = await results(graphql, run_id)

        # Assert
        assert run["status"] == "FAILED"
        assert run["attempt"] == 1
        assert run["error"]["code"] == "ITEMS_FAILED"
        # the two errored items had an assertion to meet: they failed it
        assert run["stats"]["passRate"] == 0.5
        assert run["stats"]["meanScore"] == 0.5
        assert run["stats"]["errorRate"] == 0.5
        assert run["stats"]["erroredItems"] == 2
        assert run["stats"]["scoredItems"] == 4
        assert run["stats"]["evaluatedItems"] == 4
        assert run["stats"]["latencyP50Ms"] == 10.0
        assert run["usage"]["inputTokens"] == 6
        nodes = [edge["node"] for edge in run["items"]["edges"]]
        assert [node["status"] for node in nodes] == [
            "SUCCEEDED",
            "FAILED",
            "SUCCEEDED",
            "FAILED",
        ]
        assert nodes[1]["error"] == {
            "code": "BAD_REQUEST",
            "message": "the model refused",
        }
        assert nodes[0]["assertionResults"] == [{"kind": "STARTS_WITH", "passed": True}]

    async def test_items_filtered_by_status(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """`items(status: FAILED)` lists only the failed items."""
        # Arrange
        run_id = await failed_run(graphql, worker)

        # Act
        run = await results(graphql, run_id, status="FAILED")

        # Assert
        assert run["items"]["totalCount"] == 2
        assert [edge["node"]["index"] for edge in run["items"]["edges"]] == [1, 3]

    @pytest.mark.parametrize(
        ("status", "indexes"), [(None, [0, 1, 2, 3]), ("SUCCEEDED", [0, 2])]
    )
    async def test_items_page_through_in_dataset_order(
        self,
        graphql: GraphQLClient,
        worker: Worker,
        status: str | None,
        indexes: list[int],
    ) -> None:
        """Pages of one item cover the (filtered) items once each, in order."""
        # Arrange
        run_id = await failed_run(graphql, worker)
        seen: list[int] = []
        after: str | None = None

        # Act
        while True:
            data = await graphql.data(
                ITEMS_PAGE, {"id": run_id, "status": status, "after": after}
            )
            items = data["run"]["items"]
            seen += [edge["node"]["index"] for edge in items["edges"]]
            assert items["totalCount"] == len(indexes)
            if not items["pageInfo"]["hasNextPage"]:
                break
            after = items["pageInfo"]["endCursor"]

        # Assert
        assert seen == indexes


class TestRerun:
    async def test_rerun_failed_executes_only_the_failed_items(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A FAILED-scope rerun runs items 1 and 3 again, and nothing else."""
        # Arrange
        parent_id = await failed_run(graphql, worker)

        # Act
        rerun = await rerun_after_fix(graphql, worker, executor, parent_id)

        # Assert
        assert rerun["parentRun"] == {"id": parent_id}
        assert rerun["progress"]["total"] == 2
        assert executor.items_executed_for(rerun["id"]) == [1, 3]
        finished = await results(graphql, rerun["id"])
        assert finished["status"] == "SUCCEEDED"
        assert [edge["node"]["index"] for edge in finished["items"]["edges"]] == [
            1,
            3,
        ]

    async def test_rerun_all_executes_every_item(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """An ALL-scope rerun runs the whole dataset again."""
        # Arrange
        parent_id = await failed_run(graphql, worker)

        # Act
        rerun = await rerun_after_fix(graphql, worker, executor, parent_id, "ALL")

        # Assert
        assert executor.items_executed_for(rerun["id"]) == [0, 1, 2, 3]

    async def test_rerun_of_unknown_run_is_not_found_and_changes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Rerunning a run that does not exist changes nothing."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(RERUN, {"input": {"id": "no-such-run"}})

        # Assert
        assert data["rerun"]["__typename"] == "NotFoundError"
        assert data["rerun"]["missingId"] == "no-such-run"
        assert await row_counts(db) == counts


class TestCompareRuns:
    async def test_compare_puts_the_rerun_items_beside_the_failed_ones(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """The failed items and their reruns are side by side, with deltas."""
        # Arrange
        parent_id = await failed_run(graphql, worker)
        rerun = await rerun_after_fix(graphql, worker, executor, parent_id)

        # Act
        data = await graphql.data(COMPARE, {"base": parent_id, "other": rerun["id"]})

        # Assert
        comparison = data["compareRuns"]
        assert comparison["__typename"] == "RunComparison"
        by_index = {item["index"]: item for item in comparison["items"]}
        assert sorted(by_index) == [0, 1, 2, 3]
        for index in FAILING:
            pair = by_index[index]
            assert pair["base"] == {"status": "FAILED", "output": None, "score": None}
            assert pair["other"] == {
                "status": "SUCCEEDED",
                "output": f"answer {index}",
                "score": 1.0,
            }
            assert pair["outputChanged"] is True
        assert by_index[0]["other"] is None
        assert comparison["base"]["inputTokens"] == 6
        assert comparison["other"]["inputTokens"] == 6

    async def test_compare_with_unknown_run_is_not_found(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Comparing with a run that does not exist names the missing id."""
        # Arrange
        run_id = await failed_run(graphql, worker)

        # Act
        data = await graphql.data(COMPARE, {"base": run_id, "other": "nope"})

        # Assert
        assert data["compareRuns"] == {
            "__typename": "NotFoundError",
            "missingId": "nope",
        }

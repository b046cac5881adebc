"""Items' outcomes, attempts and detail over HTTP, and reruns of the unpassed."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import pytest

from runcast.execution.errors import ExecutorError
from runcast.execution.executor import Chunk, ExecutionRequest, TextDelta, UsageReport
from runcast.execution.worker import Worker
from runcast.settings import Settings
from tests.api.helpers import create_experiment, create_run
from tests.conftest import GraphQLClient

ERRORED_ITEM = 3

OUTCOMES = """
query ($id: ID!, $outcome: ItemOutcome, $failing: Boolean! = false) {
  run(id: $id) {
    status
    outcomes { passed failedAssertions errored withoutOutcome notPassed }
    items(outcome: $outcome, failing: $failing) {
      totalCount
      edges { node { index status outcome } }
    }
  }
}
"""

ITEM = """
query ($id: ID!, $index: Int!) {
  run(id: $id) {
    item(index: $index) {
      index variables renderedPrompt output outcome attempts
      attemptHistory { number latencyMs error { code message } }
      assertionResults { kind value passed }
    }
  }
}
"""

RERUN = """
mutation ($input: RerunInput!) {
  rerun(input: $input) {
    __typename
    ... on Run { id progress { total } }
    ... on ConflictError { field message }
  }
}
"""


class FlakyExecutor:
    """Answers ``answer <index>``; item 3 always fails, others fail their first try.

    The first try's failure is retryable (a rate limit), item 3's is not.
    """

    def __init__(self) -> None:
        self.tried: set[tuple[str, int]] = set()

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        key = (request.run_id, request.item_index)
        if request.item_index == ERRORED_ITEM:
            raise ExecutorError(
                "the model refused", code="BAD_REQUEST", retryable=False
            )
        if key not in self.tried:
            self.tried.add(key)
            raise ExecutorError("slow down", code="RATE_LIMITED", retryable=True)
        yield TextDelta(text=f"answer {request.item_index}")
        yield UsageReport(input_tokens=3, output_tokens=2, latency_ms=10.0)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Two attempts per item, retried at once."""
    return Settings(
        database_url=database_url,
        workers=0,
        simulated_token_delay=0,
        item_max_attempts=2,
        retry_base_delay=0,
        retry_max_delay=0,
    )


@pytest.fixture
def executor() -> FlakyExecutor:
    """Every item but 3 answers on its second try; 3 never does."""
    return FlakyExecutor()


async def finished_run(
    graphql: GraphQLClient, worker: Worker, assertion: dict[str, str]
) -> str:
    """A finished run of four items checked by ``assertion``; item 3 errored."""
    experiment = await create_experiment(
        graphql,
        prompt="Answer {{ n }}",
        dataset=[{"variables": {"n": n}} for n in range(4)],
        assertions=[assertion],
        model={"systemPrompt": "Be brief."},
    )
    run = await create_run(graphql, experiment["id"])
    assert await worker.run_once()
    return str(run["id"])


async def outcomes(
    graphql: GraphQLClient, run_id: str, outcome: str | None = None
) -> dict[str, Any]:
    data = await graphql.data(OUTCOMES, {"id": run_id, "outcome": outcome})
    run: dict[str, Any] = data["run"]
    return run


MIXED = {"kind": "REGEX", "value": "answer [02]"}
"""Items 0 and 2 pass it, item 1 fails it; item 3 errors before it is checked."""


class TestItemOutcome:
    async def test_items_have_the_outcome_their_answer_earned(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Passed, failed assertions and errored items say so beside their status."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        run = await outcomes(graphql, run_id)

        # Assert
        nodes = [edge["node"] for edge in run["items"]["edges"]]
        assert [(node["status"], node["outcome"]) for node in nodes] == [
            ("SUCCEEDED", "PASSED"),
            ("SUCCEEDED", "FAILED_ASSERTIONS"),
            ("SUCCEEDED", "PASSED"),
            ("FAILED", "ERRORED"),
        ]
        assert run["outcomes"] == {
            "passed": 2,
            "failedAssertions": 1,
            "errored": 1,
            "withoutOutcome": 0,
            "notPassed": 2,
        }

    @pytest.mark.parametrize(
        ("outcome", "indexes"),
        [("PASSED", [0, 2]), ("FAILED_ASSERTIONS", [1]), ("ERRORED", [3])],
    )
    async def test_items_filtered_by_outcome(
        self,
        graphql: GraphQLClient,
        worker: Worker,
        outcome: str,
        indexes: list[int],
    ) -> None:
        """`items(outcome:)` lists only the items of that outcome, counted."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        run = await outcomes(graphql, run_id, outcome)

        # Assert
        assert run["items"]["totalCount"] == len(indexes)
        assert [edge["node"]["index"] for edge in run["items"]["edges"]] == indexes

    async def test_failing_items_are_those_that_finished_without_passing(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """`items(failing: true)`: failed assertions and errored, not passed."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(OUTCOMES, {"id": run_id, "failing": True})

        # Assert
        items = data["run"]["items"]
        assert [edge["node"]["index"] for edge in items["edges"]] == [1, 3]
        assert items["totalCount"] == 2

    async def test_pending_items_have_no_outcome(self, graphql: GraphQLClient) -> None:
        """Before a worker runs them, items have a status but no outcome."""
        # Arrange
        experiment = await create_experiment(graphql, prompt="Say hi")
        run = await create_run(graphql, experiment["id"])

        # Act
        found = await outcomes(graphql, run["id"])

        # Assert
        assert [edge["node"]["outcome"] for edge in found["items"]["edges"]] == [None]
        assert found["outcomes"]["withoutOutcome"] == 1


class TestItemDetail:
    async def test_item_lists_every_attempt_with_its_error_and_latency(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """A retried item shows the failed try, then the one that answered."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(ITEM, {"id": run_id, "index": 1})

        # Assert
        item = data["run"]["item"]
        assert item["renderedPrompt"] == "Answer 1"
        assert item["variables"] == {"n": 1}
        assert item["output"] == "answer 1"
        assert item["attempts"] == 2
        failed, answered = item["attemptHistory"]
        assert (failed["number"], failed["error"]["code"]) == (1, "RATE_LIMITED")
        assert failed["latencyMs"] >= 0
        assert answered == {"number": 2, "latencyMs": 10.0, "error": None}
        assert item["assertionResults"] == [
            {"kind": "REGEX", "value": "answer [02]", "passed": False}
        ]

    async def test_errored_item_keeps_its_error_in_its_attempt(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """An item that was never answered lists its one failed attempt."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(ITEM, {"id": run_id, "index": ERRORED_ITEM})

        # Assert
        item = data["run"]["item"]
        assert item["outcome"] == "ERRORED"
        assert [attempt["error"]["code"] for attempt in item["attemptHistory"]] == [
            "BAD_REQUEST"
        ]

    async def test_unknown_index_is_null(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """`item(index:)` beyond the dataset is null, not an error."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(ITEM, {"id": run_id, "index": 99})

        # Assert
        assert data["run"]["item"] is None


class TestRerunNotPassed:
    async def test_rerun_not_passed_takes_a_run_whose_every_assertion_failed(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """No item FAILED, yet none passed: NOT_PASSED reruns them all."""
        # Arrange
        run_id = await finished_run(
            graphql, worker, {"kind": "CONTAINS", "value": "never said"}
        )

        # Act
        data = await graphql.data(
            RERUN, {"input": {"id": run_id, "scope": "NOT_PASSED"}}
        )

        # Assert
        assert data["rerun"]["__typename"] == "Run"
        assert data["rerun"]["progress"]["total"] == 4

    async def test_rerun_not_passed_takes_only_items_that_did_not_pass(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Items 1 (failed assertions) and 3 (errored) run again, 0 and 2 do not."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(
            RERUN, {"input": {"id": run_id, "scope": "NOT_PASSED"}}
        )

        # Assert
        rerun = await outcomes(graphql, data["rerun"]["id"])
        assert [edge["node"]["index"] for edge in rerun["items"]["edges"]] == [1, 3]

    async def test_rerun_not_passed_of_a_run_that_passed_is_a_conflict(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """When every item passed there is nothing to rerun; no run is made."""
        # Arrange
        experiment = await create_experiment(
            graphql, prompt="Say hi", assertions=[{"kind": "CONTAINS", "value": "a"}]
        )
        run = await create_run(graphql, experiment["id"])
        assert await worker.run_once()

        # Act
        data = await graphql.data(
            RERUN, {"input": {"id": run["id"], "scope": "NOT_PASSED"}}
        )

        # Assert
        assert data["rerun"]["__typename"] == "ConflictError"
        assert data["rerun"]["field"] == "scope"


SEARCH = """
query ($id: ID!, $search: String, $orderBy: ItemOrder!, $after: String) {
  run(id: $id) {
    items(search: $search, orderBy: $orderBy, after: $after, first: 1) {
      totalCount
      pageInfo { endCursor }
      edges { node { index } }
    }
  }
}
"""


class TestItemSearch:
    @pytest.mark.parametrize(
        ("search", "count"), [("ANSWER 2", 1), ("answer", 3), ("answer%", 0)]
    )
    async def test_search_matches_outputs_ignoring_case_and_wildcards(
        self, graphql: GraphQLClient, worker: Worker, search: str, count: int
    ) -> None:
        """`search` finds outputs that contain it in any case; `%` is plain text."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)

        # Act
        data = await graphql.data(
            SEARCH, {"id": run_id, "search": search, "orderBy": "INDEX"}
        )

        # Assert
        assert data["run"]["items"]["totalCount"] == count

    async def test_cursor_of_another_order_is_refused(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """A dataset-order cursor passed to a sorted list is a validation error."""
        # Arrange
        run_id = await finished_run(graphql, worker, MIXED)
        data = await graphql.data(SEARCH, {"id": run_id, "orderBy": "INDEX"})
        cursor = data["run"]["items"]["pageInfo"]["endCursor"]

        # Act
        body = await graphql.execute(
            SEARCH, {"id": run_id, "orderBy": "SCORE_DESC", "after": cursor}
        )

        # Assert
        [error] = body["errors"]
        assert error["extensions"]["code"] == "VALIDATION_ERROR"
        assert error["extensions"]["field"] == "after"

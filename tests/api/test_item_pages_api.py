"""A run's items filtered, sorted and searched by the database, at 10,000."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event

from runcast.domain.assertions import AssertionKind, AssertionResult
from runcast.domain.experiments import DatasetItem, ExperimentConfigCreate
from runcast.domain.runs import ItemStatus, RunItem, Usage
from runcast.runtime import Runtime
from tests.conftest import GraphQLClient

ITEMS = 10_000
ASSERTIONS = 4

ITEMS_PAGE = """
query ($id: ID!, $outcome: ItemOutcome, $search: String, $orderBy: ItemOrder!,
       $first: Int, $after: String) {
  run(id: $id) {
    items(outcome: $outcome, search: $search, orderBy: $orderBy,
          first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { index score latencyMs outcome output } }
    }
  }
}
"""


def cancelled(index: int) -> bool:
    """Every 150th item was cut short: output, but no latency and no score."""
    return index % 150 == 0


def errored(index: int) -> bool:
    """Every seventh other item got no answer, so no output either."""
    return index % 7 == 0 and not cancelled(index)


def has_needle(index: int) -> bool:
    """Every fiftieth item's output says NEEDLE."""
    return index % 50 == 0


def passed_assertions(index: int) -> int:
    """How many of the item's four assertions held: 0 to 4 in turn."""
    return index % 5


def latency(index: int) -> float:
    """A latency of its own for every item, in no particular order."""
    return float((index * 7919) % ITEMS) + 0.5


def result(run_id: str, index: int) -> RunItem:
    """What the worker reported for item ``index``."""
    if cancelled(index):
        return RunItem(
            run_id=run_id,
            index=index,
            row=index,
            variables={"n": index},
            status=ItemStatus.CANCELLED,
            output=f"answer {index} with a needle",
            attempts=1,
        )
    if errored(index):
        return RunItem(
            run_id=run_id,
            index=index,
            row=index,
            variables={"n": index},
            status=ItemStatus.FAILED,
            attempts=1,
        )
    passed = passed_assertions(index)
    return RunItem(
        run_id=run_id,
        index=index,
        row=index,
        variables={"n": index},
        status=ItemStatus.SUCCEEDED,
        output=f"answer {index}" + (" with a needle" if has_needle(index) else ""),
        latency_ms=latency(index),
        usage=Usage(input_tokens=1, output_tokens=1),
        attempts=1,
        assertion_results=[
            AssertionResult(kind=AssertionKind.CONTAINS, value="x", passed=n < passed)
            for n in range(ASSERTIONS)
        ],
        score=passed / ASSERTIONS,
    )


@pytest.fixture
async def big_run(runtime: Runtime) -> str:
    """A finished run of 10,000 items, their results reported as a worker does."""
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate(
            name="big",
            prompt="Answer {{ n }}",
            dataset=[DatasetItem(variables={"n": n}) for n in range(ITEMS)],
        )
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    claimed = await runtime.ledger.claim_next_run(
        worker_id="w", lease=timedelta(minutes=5)
    )
    assert claimed is not None
    await runtime.ledger.record(
        run_id=run.id,
        worker_id="w",
        writes=[result(run.id, index) for index in range(ITEMS)],
    )
    await runtime.ledger.finish_run(run_id=run.id, worker_id="w")
    return run.id


@pytest.fixture
def item_reads() -> Iterator[list[str]]:
    """The SQL of every statement that reads the items table, as it is sent."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "run_items" in statement:
            statements.append(" ".join(statement.upper().split()))

    event.listen(Engine, "before_cursor_execute", record)
    yield statements
    event.remove(Engine, "before_cursor_execute", record)


async def page(graphql: GraphQLClient, run_id: str, **arguments: Any) -> dict[str, Any]:
    arguments.setdefault("orderBy", "INDEX")
    data = await graphql.data(ITEMS_PAGE, {"id": run_id, **arguments})
    items: dict[str, Any] = data["run"]["items"]
    return items


async def every_page(
    graphql: GraphQLClient, run_id: str, **arguments: Any
) -> tuple[list[dict[str, Any]], int]:
    """Every node of a list read page by page, and the number of pages."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    pages = 0
    while True:
        items = await page(graphql, run_id, after=after, **arguments)
        nodes += [edge["node"] for edge in items["edges"]]
        pages += 1
        if not items["pageInfo"]["hasNextPage"]:
            return nodes, pages
        after = items["pageInfo"]["endCursor"]


def nulls_last(value: float | None, descending: bool) -> tuple[bool, float]:
    if value is None:
        return (True, 0.0)
    return (False, -value if descending else value)


class TestItemsAtScale:
    async def test_outcome_filter_counts_without_reading_every_item(
        self, graphql: GraphQLClient, big_run: str, item_reads: list[str]
    ) -> None:
        """`items(outcome: FAILED_ASSERTIONS)` counts all matches, sends one page,
        and no statement reads the run's items without a limit."""
        # Arrange
        failing = [
            index
            for index in range(ITEMS)
            if not errored(index)
            and not cancelled(index)
            and passed_assertions(index) < ASSERTIONS
        ]

        # Act
        items = await page(graphql, big_run, outcome="FAILED_ASSERTIONS", first=100)

        # Assert
        assert items["totalCount"] == len(failing)
        assert [edge["node"]["index"] for edge in items["edges"]] == failing[:100]
        assert {edge["node"]["outcome"] for edge in items["edges"]} == {
            "FAILED_ASSERTIONS"
        }
        assert item_reads
        assert all(
            " LIMIT " in statement or "COUNT(" in statement for statement in item_reads
        )

    async def test_sorted_pages_cover_every_match_once_in_order(
        self, graphql: GraphQLClient, big_run: str
    ) -> None:
        """Paging a sorted search crosses ties and the items without a value:
        each match once, values in order (nulls last), ties by index."""
        # Arrange
        matches = [i for i in range(ITEMS) if has_needle(i) and not errored(i)]
        orders = ["SCORE_ASC", "SCORE_DESC", "LATENCY_ASC", "LATENCY_DESC"]

        # Act
        read = {
            order: await every_page(
                graphql, big_run, search="NEEDLE", orderBy=order, first=60
            )
            for order in orders
        }

        # Assert
        for order, (nodes, pages) in read.items():
            key = "score" if order.startswith("SCORE") else "latencyMs"
            descending = order.endswith("DESC")
            assert pages == -(-len(matches) // 60), order
            assert sorted(node["index"] for node in nodes) == matches, order
            assert nodes[-1][key] is None, order
            assert nodes == sorted(
                nodes,
                key=lambda node: (*nulls_last(node[key], descending), node["index"]),
            ), order

    async def test_slowest_first_shows_the_slowest_items(
        self, graphql: GraphQLClient, big_run: str
    ) -> None:
        """LATENCY_DESC over the whole run: the first page is the 100 slowest."""
        # Arrange
        answered = [i for i in range(ITEMS) if not errored(i) and not cancelled(i)]
        slowest = sorted(answered, key=lambda index: -latency(index))[:100]

        # Act
        items = await page(graphql, big_run, orderBy="LATENCY_DESC", first=100)

        # Assert
        assert [edge["node"]["index"] for edge in items["edges"]] == slowest
        assert items["totalCount"] == ITEMS

"""Repetitions over HTTP: set on an experiment, frozen with a run, one item each."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.db.database import Database
from runcast.execution.worker import Worker
from tests.api.helpers import create_experiment, create_run, row_counts
from tests.conftest import GraphQLClient

CREATE = """
mutation ($input: CreateExperimentInput!) {
  createExperiment(input: $input) {
    __typename
    ... on Experiment { id repetitions }
    ... on ValidationError { field errors { location message type } }
  }
}
"""

UPDATE = """
mutation ($input: UpdateExperimentInput!) {
  updateExperiment(input: $input) {
    __typename
    ... on Experiment { id repetitions }
    ... on ValidationError { field errors { location message type } }
  }
}
"""

CELLS = """
query ($id: ID!) {
  run(id: $id) {
    status
    progress { total succeeded }
    config { repetitions }
    stats { passRate scoredItems }
    items(first: 100) { totalCount edges { node { index row repetition variables } } }
  }
}
"""

ROWS = [{"variables": {"topic": topic}} for topic in ("tea", "rain", "maps")]


def experiment_input(**fields: Any) -> dict[str, Any]:
    """Three rows about a topic, each asked twice unless said otherwise."""
    return {
        "name": "repeated",
        "prompt": "Describe {{ topic }}",
        "dataset": ROWS,
        "repetitions": 2,
        **fields,
    }


class TestRepetitions:
    async def test_a_run_has_an_item_per_row_and_repetition(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Each item says its row and repetition; the config keeps the count."""
        experiment = await create_experiment(graphql, **experiment_input())
        run = await create_run(graphql, experiment["id"])
        await worker.run_once()

        data = await graphql.data(CELLS, {"id": run["id"]})

        read = data["run"]
        assert read["status"] == "SUCCEEDED"
        assert read["progress"] == {"total": 6, "succeeded": 6}
        assert read["config"] == {"repetitions": 2}
        assert read["items"]["totalCount"] == 6
        assert [edge["node"] for edge in read["items"]["edges"]] == [
            {
                "index": row * 2 + repetition,
                "row": row,
                "repetition": repetition,
                "variables": ROWS[row]["variables"],
            }
            for row in range(3)
            for repetition in range(2)
        ]

    async def test_an_update_changes_repetitions(self, graphql: GraphQLClient) -> None:
        """Repetitions change like any other field."""
        experiment = await create_experiment(graphql, **experiment_input())

        data = await graphql.data(
            UPDATE, {"input": {"id": experiment["id"], "repetitions": 5}}
        )

        assert data["updateExperiment"] == {
            "__typename": "Experiment",
            "id": experiment["id"],
            "repetitions": 5,
        }


class TestBadRepetitions:
    @pytest.mark.parametrize("repetitions", [0, 21])
    async def test_repetitions_out_of_range_are_refused(
        self, graphql: GraphQLClient, db: Database, repetitions: int
    ) -> None:
        """One to 20: anything else is a ValidationError at repetitions."""
        counts = await row_counts(db)

        data = await graphql.data(
            CREATE, {"input": experiment_input(repetitions=repetitions)}
        )

        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == "repetitions"
        assert await row_counts(db) == counts

    async def test_more_than_100000_cells_are_refused(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """10,000 rows asked 11 times is too big a run; nothing is written."""
        counts = await row_counts(db)
        rows = [{"variables": {"topic": f"topic {n}"}} for n in range(10_000)]

        data = await graphql.data(
            CREATE, {"input": experiment_input(dataset=rows, repetitions=11)}
        )

        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == "repetitions"
        assert error["errors"] == [
            {
                "location": ["repetitions"],
                "message": "10000 rows, each repeated 11 times, make 110000 items; "
                "a run has at most 100000",
                "type": "too_many_cells",
            }
        ]
        assert await row_counts(db) == counts

    async def test_an_update_past_100000_cells_is_refused(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Repetitions times the stored rows are checked; nothing changes."""
        rows = [{"variables": {"topic": f"topic {n}"}} for n in range(10_000)]
        experiment = await create_experiment(
            graphql, **experiment_input(dataset=rows, repetitions=1)
        )
        counts = await row_counts(db)

        data = await graphql.data(
            UPDATE, {"input": {"id": experiment["id"], "repetitions": 20}}
        )

        error = data["updateExperiment"]
        assert (error["__typename"], error["field"]) == (
            "ValidationError",
            "repetitions",
        )
        assert await row_counts(db) == counts
        read = await graphql.data(
            UPDATE, {"input": {"id": experiment["id"], "description": "same"}}
        )
        assert read["updateExperiment"]["repetitions"] == 1


ROW_STATS = """
query ($id: ID!, $after: String) {
  run(id: $id) {
    rowStats(first: 2, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node { row evaluatedItems erroredItems passRate meanScore scoreStdev }
      }
    }
  }
}
"""


class TestRowStats:
    async def test_rows_page_through_with_their_figures(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Three rows, two a page; each row counts its two answers."""
        experiment = await create_experiment(
            graphql,
            **experiment_input(assertions=[{"kind": "MAX_TOKENS", "value": "256"}]),
        )
        run = await create_run(graphql, experiment["id"])
        await worker.run_once()

        first = (await graphql.data(ROW_STATS, {"id": run["id"]}))["run"]["rowStats"]
        after = first["pageInfo"]["endCursor"]
        second = (await graphql.data(ROW_STATS, {"id": run["id"], "after": after}))[
            "run"
        ]["rowStats"]

        assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (3, True)
        assert [edge["cursor"] for edge in first["edges"]] == ["0", "1"]
        assert [edge["node"] for edge in first["edges"] + second["edges"]] == [
            {
                "row": row,
                "evaluatedItems": 2,
                "erroredItems": 0,
                "passRate": 1.0,
                "meanScore": 1.0,
                "scoreStdev": 0.0,
            }
            for row in range(3)
        ]
        assert second["pageInfo"]["hasNextPage"] is False

    async def test_a_cursor_that_is_no_row_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """`after` must be a row's cursor: anything else is a clear error."""
        experiment = await create_experiment(graphql, **experiment_input())
        run = await create_run(graphql, experiment["id"])

        body = await graphql.execute(ROW_STATS, {"id": run["id"], "after": "row 1"})

        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (
            "Run.rowStats(after:): 'row 1' is not a cursor of this list"
        )
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "after"}

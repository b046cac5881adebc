"""The response cache over the API: a run's cache mode, cached items and spend."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.execution.worker import Worker
from tests.api.helpers import create_experiment
from tests.conftest import GraphQLClient
from tests.support.executors import ScriptedExecutor

CREATE_RUN = """
mutation ($input: CreateRunInput!) {
  createRun(input: $input) {
    __typename
    ... on Run { id cache }
  }
}
"""

RUN = """
query ($id: ID!) {
  run(id: $id) {
    status cache
    progress { succeeded cached }
    usage { inputTokens outputTokens cost }
    items { edges { node { index output cached usage { inputTokens cost } } } }
  }
}
"""


@pytest.fixture
def executor() -> ScriptedExecutor:
    """Answers every item and records each call."""
    return ScriptedExecutor()


async def executed_run(
    graphql: GraphQLClient, worker: Worker, experiment_id: str, **cache: str
) -> dict[str, Any]:
    """Create a run (with ``cache`` if given), execute it, and read it back."""
    data = await graphql.data(
        CREATE_RUN, {"input": {"experimentId": experiment_id, **cache}}
    )
    created = data["createRun"]
    assert created["__typename"] == "Run", created
    assert await worker.run_once()
    run: dict[str, Any] = (await graphql.data(RUN, {"id": created["id"]}))["run"]
    return {"id": created["id"], **run}


async def three_row_experiment(graphql: GraphQLClient) -> str:
    """An experiment of three rows; its id."""
    experiment = await create_experiment(
        graphql,
        prompt="Answer {{ n }}",
        dataset=[{"variables": {"n": n}} for n in range(3)],
    )
    return str(experiment["id"])


class TestCacheOverTheApi:
    async def test_second_run_is_cached_and_spends_nothing(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """The second run's items say `cached` and keep their usage; the run's is 0."""
        experiment_id = await three_row_experiment(graphql)
        first = await executed_run(graphql, worker, experiment_id)

        second = await executed_run(graphql, worker, experiment_id)

        assert second["cache"] == "USE"
        assert second["status"] == "SUCCEEDED"
        assert second["progress"] == {"succeeded": 3, "cached": 3}
        assert second["usage"] == {"inputTokens": 0, "outputTokens": 0, "cost": 0.0}
        nodes = [edge["node"] for edge in second["items"]["edges"]]
        assert all(node["cached"] for node in nodes)
        assert [node["usage"] for node in nodes] == [
            edge["node"]["usage"] for edge in first["items"]["edges"]
        ]
        assert first["usage"]["cost"] > 0
        assert executor.items_executed_for(second["id"]) == []

    async def test_run_with_cache_off_asks_the_model_for_every_item(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """`cache: OFF` is kept on the run, and none of its items is cached."""
        experiment_id = await three_row_experiment(graphql)
        await executed_run(graphql, worker, experiment_id)

        run = await executed_run(graphql, worker, experiment_id, cache="OFF")

        assert run["cache"] == "OFF"
        assert run["progress"]["cached"] == 0
        assert sorted(executor.items_executed_for(run["id"])) == [0, 1, 2]

    async def test_unknown_cache_mode_is_refused_and_creates_no_run(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """A cache mode that is not USE, REFRESH or OFF is an error naming it."""
        experiment_id = await three_row_experiment(graphql)

        body = await graphql.execute(
            CREATE_RUN,
            {"input": {"experimentId": experiment_id, "cache": "SOMETIMES"}},
        )

        assert body.get("data") is None
        assert "cache" in body["errors"][0]["message"]
        assert not await worker.run_once()

"""A run's statistics and a comparison's significance, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.execution.worker import Worker
from tests.api.helpers import create_experiment, create_run
from tests.conftest import GraphQLClient
from tests.support.executors import ScriptedExecutor

ERRORED = {4, 5, 6, 7}

INTERVAL = "{ low high }"

STATS = f"""
query ($id: ID!) {{
  run(id: $id) {{
    stats {{
      passRate passRateInterval {INTERVAL}
      meanScore meanScoreInterval {INTERVAL}
      errorRate errorRateInterval {INTERVAL}
      scoredItems erroredItems evaluatedItems
    }}
  }}
}}
"""

COMPARE = f"""
query ($base: ID!, $other: ID!) {{
  compareRuns(baseId: $base, otherId: $other) {{
    ... on RunComparison {{
      paired
      passRateDelta
      other {{ passRate passRateInterval {INTERVAL} erroredItems }}
      measures {{
        measure paired baseRows otherRows base other delta
        interval {INTERVAL}
        pValue test significant
      }}
    }}
  }}
}}
"""

RERUN = """
mutation ($id: ID!) {
  rerun(input: {id: $id, scope: ALL}) { ... on Run { id } }
}
"""


@pytest.fixture
def executor() -> ScriptedExecutor:
    """Items 4 to 7 error until the test lets them answer."""
    return ScriptedExecutor(failing=ERRORED)


async def half_errored_run(graphql: GraphQLClient, worker: Worker) -> str:
    """A finished run of 8 items with an assertion: 4 pass, 4 error."""
    experiment = await create_experiment(
        graphql,
        prompt="Answer {{ n }}",
        dataset=[{"variables": {"n": n}} for n in range(8)],
        assertions=[{"kind": "STARTS_WITH", "value": "answer"}],
    )
    run = await create_run(graphql, experiment["id"])
    assert await worker.run_once()
    return str(run["id"])


async def fixed_rerun(
    graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor, run_id: str
) -> str:
    """Every item answers: the rerun of all items passes 8 of 8."""
    executor.failing.clear()
    data = await graphql.data(RERUN, {"id": run_id})
    assert await worker.run_once()
    return str(data["rerun"]["id"])


class TestRunStatistics:
    async def test_errored_items_fail_and_intervals_are_wilsons(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """4 passed, 4 errored: pass rate 50 % with Wilson's [0.2152, 0.7848]."""
        # Arrange
        run_id = await half_errored_run(graphql, worker)

        # Act
        data = await graphql.data(STATS, {"id": run_id})

        # Assert
        stats = data["run"]["stats"]
        assert stats["passRate"] == 0.5
        # Wilson of 4/8: centre 0.5, half 1.959964/1.480182·√(1/32 + 0.015006)
        assert stats["passRateInterval"] == {
            "low": pytest.approx(0.2152, abs=5e-5),
            "high": pytest.approx(0.7848, abs=5e-5),
        }
        assert stats["errorRate"] == 0.5
        assert stats["errorRateInterval"] == stats["passRateInterval"]
        # scores 1,1,1,1,0,0,0,0: sd 0.534522, 0.5 ± 2.364624·0.188982
        assert stats["meanScoreInterval"] == {
            "low": pytest.approx(0.0531, abs=5e-5),
            "high": pytest.approx(0.9469, abs=5e-5),
        }
        assert (
            stats["scoredItems"],
            stats["erroredItems"],
            stats["evaluatedItems"],
        ) == (8, 4, 8)


class TestCompareSignificance:
    async def test_compare_counts_errors_and_tests_paired_rows(
        self, graphql: GraphQLClient, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """8/8 against 4 passed and 4 errored: -50 pp, McNemar p = 2/2⁴."""
        # Arrange
        errored_id = await half_errored_run(graphql, worker)
        fixed_id = await fixed_rerun(graphql, worker, executor, errored_id)

        # Act
        data = await graphql.data(COMPARE, {"base": fixed_id, "other": errored_id})

        # Assert
        comparison = data["compareRuns"]
        assert comparison["paired"] is True
        assert comparison["passRateDelta"] == -0.5
        assert comparison["other"]["erroredItems"] == 4
        measures = {measure["measure"]: measure for measure in comparison["measures"]}
        assert list(measures) == [
            "PASS_RATE",
            "MEAN_SCORE",
            "ERROR_RATE",
            "LATENCY_P50_MS",
        ]
        pass_rate = measures["PASS_RATE"]
        assert pass_rate["test"] == "MCNEMAR_EXACT"
        assert (pass_rate["baseRows"], pass_rate["otherRows"]) == (8, 8)
        assert pass_rate["delta"] == -0.5
        assert pass_rate["pValue"] == pytest.approx(0.125)
        assert pass_rate["significant"] is False
        assert pass_rate["interval"]["low"] < -0.5 < pass_rate["interval"]["high"]
        error_rate = measures["ERROR_RATE"]
        assert error_rate["delta"] == 0.5
        assert error_rate["pValue"] == pytest.approx(0.125)
        assert measures["MEAN_SCORE"]["test"] == "PAIRED_T"
        # rows 0-3 answered in both runs in the same 10 ms: no sign to test
        latency = measures["LATENCY_P50_MS"]
        assert (latency["test"], latency["baseRows"]) == ("SIGN_TEST", 4)
        assert latency["pValue"] == 1.0

    async def test_compare_with_itself_is_not_significant(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """A run against itself differs by nothing, and says so."""
        # Arrange
        run_id = await half_errored_run(graphql, worker)

        # Act
        data = await graphql.data(COMPARE, {"base": run_id, "other": run_id})

        # Assert
        measures: list[dict[str, Any]] = data["compareRuns"]["measures"]
        assert [measure["significant"] for measure in measures] == [False] * 4
        assert measures[0]["delta"] == 0.0
        assert measures[0]["pValue"] == 1.0

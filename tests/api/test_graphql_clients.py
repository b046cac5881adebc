"""Outside GraphQL clients against a real server: graphql-http's audit, Apollo's APQ."""

from __future__ import annotations

import json

from tests.api.conftest import LiveServer
from tests.support.node import require_node, run_node_script

EXPERIMENT_COUNT = {
    "experiments": {"__typename": "ExperimentConnection", "totalCount": 0}
}


class TestGraphQLOverHTTPAudit:
    async def test_graphql_http_audit_finds_no_error_and_no_warning(
        self, live_server: LiveServer
    ) -> None:
        """Every audit of the GraphQL-over-HTTP spec passes, recommendations too."""
        # Arrange
        node = require_node("graphql-http")

        # Act
        run = await run_node_script(
            node, "audit-graphql-http.mjs", live_server.http_url
        )

        # Assert
        assert run.returncode == 0, run.stdout + run.stderr
        summary = run.stdout.strip().splitlines()[-1]
        assert summary.endswith(" 0 warnings, 0 errors"), run.stdout


class TestApolloPersistedQueries:
    async def run_twice(
        self, live_server: LiveServer, *options: str
    ) -> dict[str, object]:
        node = require_node("@apollo/client", "rxjs")
        run = await run_node_script(
            node, "apollo-persisted-queries.mjs", live_server.http_url, *options
        )
        assert run.returncode == 0, run.stderr
        report: dict[str, object] = json.loads(run.stdout)
        return report

    async def test_first_query_falls_back_and_the_second_is_hash_only(
        self, live_server: LiveServer
    ) -> None:
        """Apollo's link registers the query on a miss, then sends the hash alone."""
        # Act
        report = await self.run_twice(live_server)

        # Assert
        first_try, fallback, second = report["requests"]  # type: ignore[misc]
        assert (first_try["sentQuery"], first_try["error"]) == (
            False,
            "PersistedQueryNotFound",
        )
        assert (fallback["sentQuery"], fallback["error"]) == (True, None)
        assert (second["sentQuery"], second["error"]) == (False, None)
        assert first_try["sha256Hash"] == second["sha256Hash"]
        assert report["results"] == [EXPERIMENT_COUNT, EXPERIMENT_COUNT]

    async def test_hash_only_queries_over_get_are_served_from_the_cache(
        self, live_server: LiveServer
    ) -> None:
        """With ``useGETForHashedQueries``, the hash-only requests are GETs."""
        # Act
        report = await self.run_twice(live_server, "--get")

        # Assert
        first_try, fallback, second = report["requests"]  # type: ignore[misc]
        assert (first_try["method"], first_try["error"]) == (
            "GET",
            "PersistedQueryNotFound",
        )
        assert fallback["sentQuery"] is True
        assert (second["method"], second["sentQuery"], second["error"]) == (
            "GET",
            False,
            None,
        )
        assert report["results"] == [EXPERIMENT_COUNT, EXPERIMENT_COUNT]

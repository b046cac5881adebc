"""Reviewing run items over HTTP: verdicts, tallies, errors, who reviews."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from runcast.domain.reviews import MAX_COMMENT_LENGTH
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.api.helpers import create_experiment, create_run, row_counts
from tests.conftest import GraphQLClient
from tests.support.events import stored_events

REVIEW_ITEM = """
mutation ($input: ReviewItemInput!) {
  reviewItem(input: $input) {
    __typename
    ... on Review { runId itemIndex reviewer verdict score comment reviewedAt }
    ... on Error { message code }
    ... on ValidationError { field }
    ... on NotFoundError { missingId: id }
    ... on ConflictError { conflictField: field }
  }
}
"""

REVIEWED = """
query ($id: ID!) {
  run(id: $id) {
    stats { passRate humanPassRate reviewedItems }
    items {
      edges { node {
        index humanPassRate
        reviews { reviewer verdict score comment }
      } }
    }
  }
}
"""

COMPARE = """
query ($base: ID!, $other: ID!) {
  compareRuns(baseId: $base, otherId: $other) {
    ... on RunComparison {
      base { humanPassRate reviewedItems }
      other { humanPassRate reviewedItems }
      humanPassRateDelta
      items {
        index
        base { reviews { verdict } }
        other { reviews { verdict } }
      }
    }
  }
}
"""


async def finished_run(
    graphql: GraphQLClient, worker: Worker, rows: int = 3, name: str = "greetings"
) -> str:
    """A run of ``rows`` items, all finished, of a new experiment named ``name``."""
    experiment = await create_experiment(
        graphql,
        name,
        prompt="Answer {{ n }}",
        dataset=[{"variables": {"n": n}} for n in range(rows)],
        assertions=[{"kind": "CONTAINS", "value": "a"}],
    )
    run = await create_run(graphql, experiment["id"])
    assert await worker.run_once()
    return str(run["id"])


async def review(
    graphql: GraphQLClient, run_id: str, index: int, verdict: str, **fields: Any
) -> dict[str, Any]:
    """Send ``reviewItem`` and return its result, whatever its type."""
    return await send_review(
        graphql, {"runId": run_id, "itemIndex": index, "verdict": verdict, **fields}
    )


async def send_review(graphql: GraphQLClient, input: dict[str, Any]) -> dict[str, Any]:
    """Send ``reviewItem`` with this input; return its result."""
    data = await graphql.data(REVIEW_ITEM, {"input": input})
    result: dict[str, Any] = data["reviewItem"]
    return result


async def reviewed(graphql: GraphQLClient, run_id: str) -> dict[str, Any]:
    """The run's stats and its items' reviews."""
    data = await graphql.data(REVIEWED, {"id": run_id})
    run: dict[str, Any] = data["run"]
    return run


def items_of(run: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in run["items"]["edges"]]


class TestReviewItem:
    async def test_review_of_a_finished_item_is_stored_and_shown_on_it(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """The review comes back, and the item lists it with its 👍 share."""
        run_id = await finished_run(graphql, worker)

        result = await review(
            graphql,
            run_id,
            1,
            "THUMBS_UP",
            score=0.75,
            comment="clear and short",
            reviewer="ada",
        )

        assert result["__typename"] == "Review"
        assert {k: v for k, v in result.items() if k != "reviewedAt"} == {
            "__typename": "Review",
            "runId": run_id,
            "itemIndex": 1,
            "reviewer": "ada",
            "verdict": "THUMBS_UP",
            "score": 0.75,
            "comment": "clear and short",
        }
        items = items_of(await reviewed(graphql, run_id))
        assert items[1]["reviews"] == [
            {
                "reviewer": "ada",
                "verdict": "THUMBS_UP",
                "score": 0.75,
                "comment": "clear and short",
            }
        ]
        assert items[1]["humanPassRate"] == 1.0
        assert (items[0]["reviews"], items[0]["humanPassRate"]) == ([], None)

    async def test_review_without_reviewer_or_score_is_anonymous(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Score and comment are optional; nobody named is `anonymous`."""
        run_id = await finished_run(graphql, worker)

        result = await review(graphql, run_id, 0, "THUMBS_DOWN")

        assert (result["reviewer"], result["score"], result["comment"]) == (
            "anonymous",
            None,
            None,
        )

    async def test_review_again_replaces_the_reviewers_earlier_one(
        self, graphql: GraphQLClient, worker: Worker, db: Database
    ) -> None:
        """Last write wins: one review per reviewer, yet an event for each write."""
        run_id = await finished_run(graphql, worker)
        events_before = len(await stored_events(db, run_id))
        await review(graphql, run_id, 0, "THUMBS_UP", reviewer="ada", comment="ok")

        await review(graphql, run_id, 0, "THUMBS_DOWN", reviewer="ada")

        items = items_of(await reviewed(graphql, run_id))
        assert items[0]["reviews"] == [
            {
                "reviewer": "ada",
                "verdict": "THUMBS_DOWN",
                "score": None,
                "comment": None,
            }
        ]
        assert len(await stored_events(db, run_id)) == events_before + 2
        assert (await row_counts(db))["reviews"] == 1

    async def test_stats_show_human_pass_rate_beside_the_automatic_one(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """An item two reviewers disagree on counts half; unreviewed ones not at all."""
        run_id = await finished_run(graphql, worker)
        await review(graphql, run_id, 0, "THUMBS_UP", reviewer="ada")
        await review(graphql, run_id, 0, "THUMBS_DOWN", reviewer="alan")

        await review(graphql, run_id, 2, "THUMBS_UP", reviewer="ada")

        run = await reviewed(graphql, run_id)
        assert run["stats"] == {
            "passRate": 1.0,
            "humanPassRate": 0.75,
            "reviewedItems": 2,
        }
        assert [item["humanPassRate"] for item in items_of(run)] == [0.5, None, 1.0]

    async def test_unreviewed_run_has_no_human_pass_rate(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """No review: no human pass rate, zero reviewed items."""
        run_id = await finished_run(graphql, worker)

        run = await reviewed(graphql, run_id)

        assert (run["stats"]["humanPassRate"], run["stats"]["reviewedItems"]) == (
            None,
            0,
        )

    async def test_compare_shows_human_verdicts_on_both_sides(
        self, graphql: GraphQLClient, worker: Worker
    ) -> None:
        """Each side's human pass rate, their difference, and each item's reviews."""
        base = await finished_run(graphql, worker, rows=2)
        other = await finished_run(graphql, worker, rows=2, name="other")
        await review(graphql, base, 0, "THUMBS_DOWN")
        await review(graphql, other, 0, "THUMBS_UP")
        await review(graphql, other, 1, "THUMBS_UP")

        data = await graphql.data(COMPARE, {"base": base, "other": other})

        comparison = data["compareRuns"]
        assert comparison["base"] == {"humanPassRate": 0.0, "reviewedItems": 1}
        assert comparison["other"] == {"humanPassRate": 1.0, "reviewedItems": 2}
        assert comparison["humanPassRateDelta"] == 1.0
        assert comparison["items"][0]["base"]["reviews"] == [{"verdict": "THUMBS_DOWN"}]
        assert comparison["items"][0]["other"]["reviews"] == [{"verdict": "THUMBS_UP"}]


class TestReviewItemErrors:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"score": 1.5}, "score"),
            ({"score": -0.01}, "score"),
            ({"comment": "x" * (MAX_COMMENT_LENGTH + 1)}, "comment"),
            ({"comment": "nul \x00 inside"}, "comment"),
            ({"reviewer": "a" * 101}, "reviewer"),
            ({"reviewer": "two\nlines"}, "reviewer"),
            ({"reviewer": "   "}, "reviewer"),
            ({"itemIndex": -1}, "itemIndex"),
        ],
    )
    async def test_invalid_review_names_the_field_and_writes_nothing(
        self,
        graphql: GraphQLClient,
        worker: Worker,
        db: Database,
        fields: dict[str, Any],
        field: str,
    ) -> None:
        """A ValidationError names the field; no review, no event is written."""
        run_id = await finished_run(graphql, worker)
        before = await row_counts(db)

        result = await send_review(
            graphql, {"runId": run_id, "itemIndex": 0, "verdict": "THUMBS_UP", **fields}
        )

        assert (result["__typename"], result["field"]) == ("ValidationError", field)
        assert result["code"] == "VALIDATION_ERROR"
        assert await row_counts(db) == before

    async def test_review_of_unknown_run_is_not_found_and_writes_nothing(
        self, graphql: GraphQLClient, worker: Worker, db: Database
    ) -> None:
        """An id naming no run: NotFoundError with that id."""
        await finished_run(graphql, worker)
        before = await row_counts(db)

        result = await review(graphql, "no-such-run", 0, "THUMBS_UP")

        assert (result["__typename"], result["missingId"]) == (
            "NotFoundError",
            "no-such-run",
        )
        assert await row_counts(db) == before

    async def test_review_of_unknown_item_is_not_found_and_writes_nothing(
        self, graphql: GraphQLClient, worker: Worker, db: Database
    ) -> None:
        """An index past the run's items: NotFoundError naming run and index."""
        run_id = await finished_run(graphql, worker)
        before = await row_counts(db)

        result = await review(graphql, run_id, 3, "THUMBS_UP")

        assert (result["__typename"], result["missingId"]) == (
            "NotFoundError",
            f"{run_id}/3",
        )
        assert await row_counts(db) == before
        assert (await reviewed(graphql, run_id))["stats"]["reviewedItems"] == 0

    async def test_review_of_unfinished_item_conflicts_and_writes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """An item without a result yet: ConflictError on `itemIndex`."""
        experiment = await create_experiment(graphql)
        run = await create_run(graphql, experiment["id"])
        before = await row_counts(db)

        result = await review(graphql, run["id"], 0, "THUMBS_UP")

        assert (result["__typename"], result["conflictField"]) == (
            "ConflictError",
            "itemIndex",
        )
        assert await row_counts(db) == before

    async def test_unknown_verdict_is_refused_before_anything_runs(
        self, graphql: GraphQLClient, worker: Worker, db: Database
    ) -> None:
        """A verdict outside the enum is a GraphQL error; nothing is written."""
        run_id = await finished_run(graphql, worker)
        before = await row_counts(db)

        body = await graphql.execute(
            REVIEW_ITEM,
            {"input": {"runId": run_id, "itemIndex": 0, "verdict": "MEH"}},
        )

        assert body["data"] is None
        assert "MEH" in body["errors"][0]["message"]
        assert await row_counts(db) == before


SHARED_TOKEN = "shared-secret-for-review-tests-0123"


class TestReviewer:
    @pytest.fixture
    def settings(self, database_url: str) -> Settings:
        """Settings that require a token."""
        return Settings(
            database_url=database_url,
            workers=0,
            simulated_token_delay=0,
            api_token=SHARED_TOKEN,
            auth_cache_seconds=0,
        )

    @pytest.fixture
    async def as_ci(self, client: httpx.AsyncClient, runtime: Runtime) -> GraphQLClient:
        """A client presenting a stored token named `ci`."""
        issued = await runtime.access.create_token(name="ci")
        client.headers["authorization"] = f"Bearer {issued.secret}"
        return GraphQLClient(client)

    async def test_reviewer_is_the_tokens_name(
        self, as_ci: GraphQLClient, worker: Worker
    ) -> None:
        """With a stored token, the review is by the token's name."""
        run_id = await finished_run(as_ci, worker)

        result = await review(as_ci, run_id, 0, "THUMBS_UP")

        assert result["reviewer"] == "ci"

    async def test_reviewing_as_someone_else_is_refused(
        self, as_ci: GraphQLClient, worker: Worker, db: Database
    ) -> None:
        """A `reviewer` not the token's name: ValidationError, nothing written."""
        run_id = await finished_run(as_ci, worker)
        before = await row_counts(db)

        result = await review(as_ci, run_id, 0, "THUMBS_UP", reviewer="grace")

        assert (result["__typename"], result["field"]) == (
            "ValidationError",
            "reviewer",
        )
        assert await row_counts(db) == before

    async def test_shared_token_reviews_as_the_name_given(
        self, client: httpx.AsyncClient, worker: Worker
    ) -> None:
        """The shared token names nobody: the review takes `reviewer`."""
        client.headers["authorization"] = f"Bearer {SHARED_TOKEN}"
        graphql = GraphQLClient(client)
        run_id = await finished_run(graphql, worker)

        result = await review(graphql, run_id, 0, "THUMBS_UP", reviewer="grace")

        assert result["reviewer"] == "grace"

    async def test_read_only_token_may_not_review(
        self,
        client: httpx.AsyncClient,
        runtime: Runtime,
        worker: Worker,
        db: Database,
    ) -> None:
        """A read-only token is answered ForbiddenError; nothing is written."""
        client.headers["authorization"] = f"Bearer {SHARED_TOKEN}"
        run_id = await finished_run(GraphQLClient(client), worker)
        viewer = await runtime.access.create_token(name="viewer", read_only=True)
        client.headers["authorization"] = f"Bearer {viewer.secret}"
        before = await row_counts(db)

        result = await review(GraphQLClient(client), run_id, 0, "THUMBS_UP")

        assert result["__typename"] == "ForbiddenError"
        assert await row_counts(db) == before

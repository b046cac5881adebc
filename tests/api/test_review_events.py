"""Reviews over real subscriptions: `runEvents(reviews: true)` follows them live."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from runcast.db.database import Database
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.reviews import ReviewCreate, ReviewVerdict
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from tests.api.conftest import LiveServer
from tests.support.events import stored_events
from tests.support.executors import GatedExecutor
from tests.support.graphql_ws import (
    GUARD_SECONDS,
    PROTOCOLS,
    Protocol,
    collect,
    graphql_websocket,
)

RUN_EVENTS = """
subscription ($runId: ID!, $after: String, $reviews: Boolean!) {
  runEvents(runId: $runId, after: $after, reviews: $reviews) {
    __typename cursor seq
    ... on RunStatusChange { status }
    ... on ItemFinished { itemIndex }
    ... on ReviewAdded {
      itemIndex reviewer verdict score comment reviewedItems humanPassRate
    }
  }
}
"""

pytestmark = pytest.mark.parametrize("protocol", PROTOCOLS)


async def new_experiment(orchestrator: Orchestrator) -> str:
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "reviewed",
                "prompt": "Hello {{ who }}",
                "dataset": [
                    {"variables": {"who": "Ada"}},
                    {"variables": {"who": "Al"}},
                ],
            }
        )
    )
    return experiment.id


def thumbs_up(run_id: str, index: int, reviewer: str) -> ReviewCreate:
    return ReviewCreate(
        run_id=run_id,
        item_index=index,
        verdict=ReviewVerdict.THUMBS_UP,
        score=0.9,
        comment="good",
        reviewer=reviewer,
    )


async def events_until(
    stream: AsyncIterator[dict[str, Any]], typename: str, **fields: Any
) -> list[dict[str, Any]]:
    """Read the stream up to and including the first event of that kind."""
    seen: list[dict[str, Any]] = []
    async for data in stream:
        event = data["runEvents"]
        seen.append(event)
        if event["__typename"] == typename and fields.items() <= event.items():
            return seen
    raise AssertionError(f"the stream ended before a {typename}: {seen}")


class TestReviewEvents:
    async def test_review_of_a_finished_run_reaches_a_live_subscriber(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
    ) -> None:
        """After the terminal event the stream stays open and brings the review."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        await worker.run_once()

        async with asyncio.timeout(GUARD_SECONDS):
            async with graphql_websocket(live_server.ws_url, protocol) as connection:
                stream = connection.subscribe(
                    RUN_EVENTS, {"runId": run.id, "reviews": True}
                )
                replayed = await events_until(
                    stream, "RunStatusChange", status="SUCCEEDED"
                )
                await orchestrator.review_item(thumbs_up(run.id, 1, "ada"))
                [added] = await events_until(stream, "ReviewAdded")

        assert replayed[-1]["seq"] == len(replayed)
        assert {k: v for k, v in added.items() if k != "cursor"} == {
            "__typename": "ReviewAdded",
            "seq": len(replayed) + 1,
            "itemIndex": 1,
            "reviewer": "ada",
            "verdict": "THUMBS_UP",
            "score": 0.9,
            "comment": "good",
            "reviewedItems": 1,
            "humanPassRate": 1.0,
        }

    async def test_reviews_replay_after_the_terminal_event(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """A subscriber arriving later replays the reviews with the rest of the log."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        await worker.run_once()
        await orchestrator.review_item(thumbs_up(run.id, 0, "ada"))
        await orchestrator.review_item(thumbs_up(run.id, 1, "ada"))

        received = await collect(
            live_server.ws_url,
            protocol,
            RUN_EVENTS,
            {"runId": run.id, "reviews": True},
            count=len(await stored_events(db, run.id)),
        )

        events = [data["runEvents"] for data in received]
        assert [event["cursor"] for event in events] == await stored_events(db, run.id)
        assert [event["reviewedItems"] for event in events[-2:]] == [1, 2]


class TestRunEventsWithoutReviews:
    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Item 0 is answered at once; item 1 waits for the test."""
        return GatedExecutor(open_items={0})

    async def test_review_mid_run_reaches_only_subscribers_asking_for_reviews(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        executor: GatedExecutor,
        db: Database,
    ) -> None:
        """Without `reviews` the stream is what it always was, and completes."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        execution = asyncio.create_task(worker.run_once())

        async with asyncio.timeout(GUARD_SECONDS):
            async with graphql_websocket(live_server.ws_url, protocol) as connection:
                stream = connection.subscribe(
                    RUN_EVENTS, {"runId": run.id, "reviews": True}
                )
                await events_until(stream, "ItemFinished", itemIndex=0)
                await orchestrator.review_item(thumbs_up(run.id, 0, "ada"))
                executor.gate.set()
                await execution
                with_reviews = await events_until(
                    stream, "RunStatusChange", status="SUCCEEDED"
                )
        without_reviews = await collect(
            live_server.ws_url,
            protocol,
            RUN_EVENTS,
            {"runId": run.id, "reviews": False},
        )

        reviews = await stored_events(db, run.id, kind="review")
        assert len(reviews) == 1
        assert reviews[0] in [event["cursor"] for event in with_reviews]
        assert [data["runEvents"]["cursor"] for data in without_reviews] == [
            cursor
            for cursor in await stored_events(db, run.id)
            if cursor not in reviews
        ]
        assert without_reviews[-1]["runEvents"]["status"] == "SUCCEEDED"

"""Subscribers asking the same thing of the same event share one execution."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.runs import queue_run
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import OperationDefinitionNode, get_operation_ast, parse
from strawberry.types import ExecutionResult

from runcast.api.context import Context
from runcast.api.execution import SHARED, SharedEventResults
from runcast.api.schema import create_schema
from runcast.execution.worker import Worker
from runcast.runtime import Runtime

RUN_EVENTS = """
subscription ($id: ID!) {
  runEvents(runId: $id) {
    cursor seq
    ... on RunStatusChange { status run { id status } }
    ... on ProgressUpdate { progress { succeeded total } }
  }
}
"""
SUBSCRIBERS = 20
SCHEMA = create_schema()
"""One schema, as a server has: its subscribers share parsed documents."""


async def follow(runtime: Runtime, run_id: str) -> list[dict[str, Any]]:
    """Every event of a finished run, as one subscriber of its own receives it."""
    stream = await SCHEMA.subscribe(
        RUN_EVENTS,
        variable_values={"id": run_id},
        context_value=Context(orchestrator=runtime.orchestrator),
    )
    assert not isinstance(stream, ExecutionResult), stream
    results = [result async for result in stream]
    assert all(result.errors is None for result in results)
    return [result.data for result in results if result.data is not None]


class TestSharedExecution:
    async def test_same_selection_executes_once_per_event(
        self, runtime: Runtime, worker: Worker
    ) -> None:
        """Twenty subscribers cost as many executions as there are events."""
        run_id = await queue_run(runtime, items=5)
        await worker.run_once()
        before = SHARED.executions

        streams = await asyncio.gather(
            *(follow(runtime, run_id) for _ in range(SUBSCRIBERS))
        )

        events = len(streams[0])
        assert events > 5
        assert all(stream == streams[0] for stream in streams)
        assert SHARED.executions - before == events

    async def test_other_variables_execute_on_their_own(
        self, runtime: Runtime, worker: Worker
    ) -> None:
        """Subscribers of two runs each get their own run's events."""
        first = await queue_run(runtime, items=2)
        second = await queue_run(runtime, items=2)
        await worker.run_once()
        await worker.run_once()

        one, other = await asyncio.gather(
            follow(runtime, first), follow(runtime, second)
        )

        assert {event["runEvents"]["cursor"] for event in one}.isdisjoint(
            event["runEvents"]["cursor"] for event in other
        )
        statuses = [
            event["runEvents"]["run"]["id"]
            for event in other
            if "run" in event["runEvents"]
        ]
        assert statuses
        assert set(statuses) == {second}


def operation_node() -> OperationDefinitionNode:
    document = parse("subscription { runEvents(runId: 1) { seq } }")
    node = get_operation_ast(document)
    assert node is not None
    return node


class TestSharedEventResults:
    def test_a_result_ready_at_once_is_handed_out_itself(self) -> None:
        """No future to wait on: each subscriber takes it in its own step."""
        shared = SharedEventResults()
        node = operation_node()
        answer = GraphQLExecutionResult(data={"runEvents": {"seq": 1}}, errors=None)
        executions: list[int] = []

        def execute() -> GraphQLExecutionResult:
            executions.append(1)
            return answer

        first = shared.result_of(node, "{}", "e:1", execute)
        second = shared.result_of(node, "{}", "e:1", execute)

        assert first is second is answer
        assert executions == [1]

    async def test_a_result_still_executing_is_awaited_by_every_subscriber(
        self,
    ) -> None:
        shared = SharedEventResults()
        node = operation_node()
        answer = GraphQLExecutionResult(data={"runEvents": {"seq": 2}}, errors=None)
        release = asyncio.Event()

        async def execute() -> GraphQLExecutionResult:
            await release.wait()
            return answer

        futures = [shared.result_of(node, "{}", "e:2", execute) for _ in range(3)]
        release.set()

        assert all(isinstance(future, asyncio.Future) for future in futures)
        assert await asyncio.gather(*futures) == [answer] * 3
        assert shared.executions == 1

"""How operations execute: Strawberry's way, with subscription events shared.

Two fixes to the per-event execution of subscriptions:

- **Flat memory.** graphql-core copies its executor for each event but the
  copies share one memo of collected sub-fields, keyed by lists made anew
  for every event: it grows by about a kilobyte an event, for as long as
  the subscription lives. Each event's copy gets a memo of its own.
- **One execution per distinct selection.** A thousand subscribers of a run
  asking the same thing (same document, same variables) would execute the
  same selection over the same event a thousand times. The first executes
  it; the others get its result. Results are kept for the last 256
  (selection, event) pairs, which is all a live stream needs.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any, TypeGuard

from graphql import ExecutionResult
from graphql.execution.executor import Executor
from graphql.language import OperationDefinitionNode
from graphql.pyutils import AwaitableOrValue
from pydantic import BaseModel
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from runcast.api.views import RECENT_EVENTS

__all__ = ["EventScopedExecutionContext", "SharedEventResults"]


class SharedEventResults:
    """The results of recent subscription events, by selection and event."""

    def __init__(self, size: int = RECENT_EVENTS) -> None:
        self._size = size
        self._results: OrderedDict[
            tuple[int, str, str],
            tuple[OperationDefinitionNode, asyncio.Future[ExecutionResult]],
        ] = OrderedDict()
        self.executions = 0

    def result_of(
        self,
        operation: OperationDefinitionNode,
        variables_key: str,
        event_id: str,
        execute: Callable[[], AwaitableOrValue[Any]],
    ) -> asyncio.Future[ExecutionResult]:
        """The result of ``operation`` over the event, executing it only once."""
        key = (id(operation), variables_key, event_id)
        found = self._results.get(key)
        # the operation node is kept with its result, so a reused id never matches
        if found is not None and found[0] is operation:
            self._results.move_to_end(key)
            return found[1]
        result = asyncio.ensure_future(_awaited(execute()))
        self.executions += 1
        self._results[key] = (operation, result)
        if len(self._results) > self._size:
            self._results.popitem(last=False)
        return result


SHARED = SharedEventResults()
"""The results every subscription of this process shares."""


class EventScopedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context: a memo per event, results shared."""

    event_key: str | None = None
    """Names the subscription event this executor executes, if it is one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = _is_awaitable

    @cached_property
    def variables_key(self) -> str:
        """The operation's variables as a key (once per subscription)."""
        return json.dumps(self.variable_values.coerced, sort_keys=True, default=str)

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        cursor = getattr(payload, "cursor", None)
        run_id = getattr(payload, "run_id", None)
        if isinstance(executor, EventScopedExecutionContext) and cursor and run_id:
            # run ids are unique across databases, event cursors only within one
            executor.event_key = f"{type(payload).__name__}:{run_id}:{cursor}"
            executor.__dict__["variables_key"] = self.variables_key
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        if self.event_key is None:
            return super().execute_operation(serially)
        return _copied(
            SHARED.result_of(
                self.operation,
                self.variables_key,
                self.event_key,
                lambda: super(EventScopedExecutionContext, self).execute_operation(
                    serially
                ),
            )
        )


def _is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """Strawberry's check, answering for models first.

    Asking a pydantic model for a missing ``__await__`` goes through its
    ``__getattr__`` and builds an error message: a tenth of a runs page's
    time. GraphQL objects here are models, and models are never awaitable.
    """
    if isinstance(value, BaseModel):
        return False
    return optimized_is_awaitable(value)


async def _awaited(result: AwaitableOrValue[Any]) -> ExecutionResult:
    if asyncio.isfuture(result) or asyncio.iscoroutine(result):
        result = await result
    assert isinstance(result, ExecutionResult)
    return result


async def _copied(shared: asyncio.Future[ExecutionResult]) -> ExecutionResult:
    # shielded: one subscriber leaving does not cancel the others' result
    result = await asyncio.shield(shared)
    return ExecutionResult(data=result.data, errors=result.errors)

"""How operations execute: Strawberry's context, subscription events shared.

Two fixes to the per-event execution of subscriptions
(``EventScopedExecutionContext.execute_event``):

- **One execution per distinct selection.** A thousand subscribers of a run
  asking the same thing (same document, same variables) would execute the
  same selection over the same event a thousand times. The first executes
  it; the others get its result, without an executor of their own.
- **Flat memory.** graphql-core copies its executor for each event but the
  copies share one memo of collected sub-fields, keyed by lists made anew
  for every event: it grows by about a kilobyte an event, for as long as
  the subscription lives. Each event's copy gets a memo of its own.

Results are kept for the last 256 (selection, event) pairs, which is all a
live stream needs. A selection whose resolvers all answer at once (an
event's fields are its own) is executed there and then: its subscribers take
the result without waiting on a future, each one task step per event.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import cached_property
from inspect import CO_ITERABLE_COROUTINE
from types import GeneratorType
from typing import Any, TypeGuard, cast

from graphql import ExecutionResult
from graphql.language import OperationDefinitionNode
from graphql.pyutils import AwaitableOrValue
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from runcast.api.views import RECENT_EVENTS

__all__ = ["EventScopedExecutionContext", "SharedEventResults"]

_Shared = ExecutionResult | asyncio.Future[ExecutionResult]
"""A shared result, or the future of one still being executed."""


class SharedEventResults:
    """The results of recent subscription events, by selection and event."""

    def __init__(self, size: int = RECENT_EVENTS) -> None:
        self._size = size
        self._results: OrderedDict[
            tuple[int, str, str], tuple[OperationDefinitionNode, _Shared]
        ] = OrderedDict()
        self.executions = 0

    def result_of(
        self,
        operation: OperationDefinitionNode,
        variables_key: str,
        event_id: str,
        execute: Callable[[], AwaitableOrValue[ExecutionResult]],
    ) -> _Shared:
        """The result of ``operation`` over the event, executing it only once:
        the result itself, or a future of it while it is being executed."""
        key = (id(operation), variables_key, event_id)
        found = self._results.get(key)
        # the operation node is kept with its result, so a reused id never matches
        if found is not None and found[0] is operation:
            self._results.move_to_end(key)
            return found[1]
        outcome = execute()
        result: _Shared = (
            outcome
            if isinstance(outcome, ExecutionResult)
            else asyncio.ensure_future(_awaited(outcome))
        )
        self.executions += 1
        self._results[key] = (operation, result)
        if len(self._results) > self._size:
            self._results.popitem(last=False)
        return result


SHARED = SharedEventResults()
"""The results every subscription of this process shares."""


class EventScopedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, executing subscription events shared."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = _is_awaitable

    @cached_property
    def variables_key(self) -> str:
        """The operation's variables as a key (once per subscription)."""
        return json.dumps(self.variable_values.coerced, sort_keys=True, default=str)

    def execute_event(self, payload: Any) -> AwaitableOrValue[ExecutionResult]:
        """The subscription's result over one event, as others asking the same
        of the same event get it: executed once, by the first to ask."""
        cursor = getattr(payload, "cursor", None)
        run_id = getattr(payload, "run_id", None)
        if not (cursor and run_id):
            return self._executed_over(payload)
        # run ids are unique across databases, event cursors only within one
        event_key = f"{type(payload).__name__}:{run_id}:{cursor}"
        shared = SHARED.result_of(
            self.operation,
            self.variables_key,
            event_key,
            lambda: self._executed_over(payload),
        )
        if isinstance(shared, ExecutionResult):
            return shared
        return _shielded(shared)

    def _executed_over(self, payload: Any) -> AwaitableOrValue[ExecutionResult]:
        executor = self.build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return cast("AwaitableOrValue[ExecutionResult]", executor.execute_operation())


def _is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """Whether graphql-core must await a value, known by its type.

    ``await`` finds ``__await__`` on the type, so the answer is the type's,
    looked up once per type: a runs page asks about 1,400 values. Asking an
    instance instead, as graphql-core does, goes through a pydantic model's
    ``__getattr__`` and builds an error message for every object. Generators
    are the exception: only those made coroutines by ``types.coroutine`` are
    awaitable.
    """
    kind = type(value)
    known = _AWAITABLE_TYPES.get(kind)
    if known is not None:
        return known
    if kind is GeneratorType:
        return bool(value.gi_code.co_flags & CO_ITERABLE_COROUTINE)
    known = hasattr(kind, "__await__")
    if len(_AWAITABLE_TYPES) < _KNOWN_TYPES_LIMIT:
        _AWAITABLE_TYPES[kind] = known
    return known


_AWAITABLE_TYPES: dict[type, bool] = {}
_KNOWN_TYPES_LIMIT = 4096
"""Types made at run time would otherwise be kept for ever."""


async def _awaited(result: Awaitable[ExecutionResult]) -> ExecutionResult:
    return await result


async def _shielded(shared: asyncio.Future[ExecutionResult]) -> ExecutionResult:
    # one subscriber leaving does not cancel the others' result
    return await asyncio.shield(shared)

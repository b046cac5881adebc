"""How operations execute: Strawberry's way, with flat memory in subscriptions."""

from __future__ import annotations

from typing import Any

from graphql.execution.executor import Executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

__all__ = ["EventScopedExecutionContext"]


class EventScopedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with a sub-field memo per subscription event.

    graphql-core copies the executor for each event of a subscription, but the
    copies share one memo of collected sub-fields, keyed by lists made anew for
    every event: it grows by about a kilobyte an event, for as long as the
    subscription lives. Each event's copy gets a memo of its own.
    """

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor

"""The GraphQL schema, assembled from each area's operations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    ParserCache,
    ValidationCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from runcast.api.access import guard_mutations
from runcast.api.argument_checks import ArgumentChecks
from runcast.api.errors import ErrorMasking, exception_handlers
from runcast.api.execution import EventScopedExecutionContext
from runcast.api.experiments import ExperimentMutations, ExperimentQueries
from runcast.api.node_query import NodeQueries
from runcast.api.runs import RunMutations, RunQueries, RunSubscriptions
from runcast.api.runs.types import EVENT_TYPES
from runcast.api.scalars import SCALAR_OVERRIDES

__all__ = ["create_schema"]


MAX_QUERY_DEPTH = 20
MAX_ALIASES = 50

_QUERIES_AND_MUTATIONS = {OperationType.QUERY, OperationType.MUTATION}

# Built once: the validation cache is keyed by the rule classes, so rules made
# anew for each request (as the limiter extensions do) would never hit it.
# Deep enough for GraphiQL's introspection, too shallow for abuse.
LIMIT_RULES = (
    query_depth_limiter.create_validator(MAX_QUERY_DEPTH, should_ignore=None),
    max_aliases.create_validator(MAX_ALIASES),
)
VALIDATION_CACHE_SIZE = 256


@strawberry.type(description="Reading experiments and runs.")
class Query(ExperimentQueries, RunQueries, NodeQueries):
    pass


@strawberry.type(
    description="Changing experiments and runs; each answers a result union."
)
class Mutation(ExperimentMutations, RunMutations):
    pass


@strawberry.type(description="Following runs live, over WebSocket.")
class Subscription(RunSubscriptions):
    pass


class RuncastSchema(strawberry.Schema):
    """Strawberry's schema, minus its logging of every error.

    ``ErrorMasking`` logs the unexpected ones with their reference id; the
    expected ones (bad input, unknown ids) are answers, not incidents.
    Subscriptions are served over WebSocket only: one sent as a plain HTTP
    request is refused with a 400, not run as if it were a query.
    """

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        allowed = set(allowed_operation_types or _QUERIES_AND_MUTATIONS)
        return await super().execute(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed - {OperationType.SUBSCRIPTION},
            operation_extensions,
        )

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        return None


def create_schema() -> strawberry.Schema:
    """Build Runcast's schema; read-only callers' mutations are refused."""
    schema = RuncastSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=EVENT_TYPES,
        extensions=[
            ErrorMasking,
            # the caches live at module level, shared by every operation
            lambda: ParserCache(maxsize=256),
            lambda: AddValidationRules(list(LIMIT_RULES)),
            lambda: ValidationCache(maxsize=VALIDATION_CACHE_SIZE),
            ArgumentChecks,
        ],
        exception_handlers=exception_handlers(),
        execution_context_class=EventScopedExecutionContext,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    guard_mutations(schema)
    return schema

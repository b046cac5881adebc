"""The GraphQL schema, assembled from each area's operations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import ASTValidationRule, specified_rules
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES, StreamResult
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from runcast.api.access import guard_mutations
from runcast.api.documents import (
    DEFAULT_MAX_QUERY_BYTES,
    DEFAULT_MAX_QUERY_TOKENS,
    DocumentCache,
    DocumentLimits,
)
from runcast.api.errors import exception_handlers
from runcast.api.execution import EventScopedExecutionContext
from runcast.api.experiments import ExperimentMutations, ExperimentQueries
from runcast.api.limits import (
    MAX_ALIASES,
    MAX_QUERY_DEPTH,
    LongIdRule,
    NoIntrospectionRule,
    create_limit_rule,
)
from runcast.api.node_query import NodeQueries
from runcast.api.operations import OperationExecutor
from runcast.api.repeated_fields import RepeatedFieldsRule
from runcast.api.reviews import ReviewMutations
from runcast.api.runs import RunMutations, RunQueries, RunSubscriptions
from runcast.api.runs.types import EVENT_TYPES
from runcast.api.scalars import SCALAR_OVERRIDES

__all__ = ["DOCUMENT_CACHE", "MAX_ALIASES", "MAX_QUERY_DEPTH", "create_schema"]


_QUERIES_AND_MUTATIONS = {OperationType.QUERY, OperationType.MUTATION}

# Built once: cached validation results are keyed by the rule classes, so
# rules made anew for each schema or request would never hit the cache.
# Deep enough for GraphiQL's introspection, too shallow for abuse.
LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    create_limit_rule(max_depth=MAX_QUERY_DEPTH, max_aliases=MAX_ALIASES),
    LongIdRule,
)
NO_INTROSPECTION_RULES = (*LIMIT_RULES, NoIntrospectionRule)
# Run alone before every other rule: graphql-core's overlapping-fields rule is
# quadratic in the copies of a field that these refuse.
FIRST_RULES: tuple[type[ASTValidationRule], ...] = (RepeatedFieldsRule,)

# Shared by every schema and operation of the process: at most 256 documents
# of at most 512 KiB of query text (about 40 MB parsed) in all.
DOCUMENT_CACHE = DocumentCache(max_documents=256, max_bytes=512 * 1024)


@strawberry.type(description="Reading experiments and runs.")
class Query(ExperimentQueries, RunQueries, NodeQueries):
    pass


@strawberry.type(
    description=(
        "Changing experiments and runs, and reviewing items; each answers a "
        "result union."
    )
)
class Mutation(ExperimentMutations, RunMutations, ReviewMutations):
    pass


@strawberry.type(description="Following runs live, over WebSocket.")
class Subscription(RunSubscriptions):
    pass


class RuncastSchema(strawberry.Schema):
    """Strawberry's schema, executing every operation on graphql-core.

    Operations go through ``OperationExecutor``, not Strawberry's extension
    pipeline. Strawberry's logging of every error is off: ``present_error``
    logs the unexpected ones with their reference id, and the expected ones
    (bad input, unknown ids) are answers, not incidents. Subscriptions are
    streamed only (WebSocket, graphql-sse, multipart): one sent as a plain
    HTTP request is refused with a 400, not run as if it were a query.
    """

    def __init__(
        self,
        *,
        documents: DocumentLimits,
        rules: tuple[type[ASTValidationRule], ...],
        **options: Any,
    ) -> None:
        super().__init__(**options, execution_context_class=EventScopedExecutionContext)
        if self.directives:
            raise TypeError(
                "custom directives take Strawberry's DirectivesExtension, "
                "which RuncastSchema does not run"
            )
        self._operations = OperationExecutor(
            self._schema,
            documents=documents,
            # Strawberry validates with graphql-core's rules, then the added ones
            rules=(*specified_rules, *rules),
            executor_class=EventScopedExecutionContext,
        )

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
        return await self._operations.execute(
            query,
            allowed=allowed - {OperationType.SUBSCRIPTION},
            variables=variable_values,
            context=context_value,
            root_value=root_value,
            operation_name=operation_name,
            operation_extensions=operation_extensions,
        )

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        return self._operations.stream(
            query,
            allowed=allowed_operation_types or DEFAULT_ALLOWED_OPERATION_TYPES,
            variables=variable_values,
            context=context_value,
            root_value=root_value,
            operation_name=operation_name,
            operation_extensions=operation_extensions,
        )

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        return None


def create_schema(
    *,
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    max_query_tokens: int = DEFAULT_MAX_QUERY_TOKENS,
    introspection: bool = True,
) -> strawberry.Schema:
    """Build Runcast's schema, refusing queries past these limits.

    Without ``introspection``, ``__schema`` and ``__type`` are refused;
    read-only callers' mutations are answered ``ForbiddenError``.
    """
    schema = RuncastSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=EVENT_TYPES,
        documents=DocumentLimits(
            DOCUMENT_CACHE,
            max_query_bytes=max_query_bytes,
            max_query_tokens=max_query_tokens,
            first_rules=FIRST_RULES,
        ),
        rules=LIMIT_RULES if introspection else NO_INTROSPECTION_RULES,
        exception_handlers=exception_handlers(),
        scalar_overrides=SCALAR_OVERRIDES,
    )
    guard_mutations(schema)
    return schema

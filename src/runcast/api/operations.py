"""Operations, executed on graphql-core after Runcast's checks.

Strawberry runs an operation through its extension pipeline: for every
request it makes each extension anew and wraps each of its hooks in a
context manager, and for a subscription it does so again for every event it
sends. Profiled, that was a quarter of a small query's CPU and a tenth of a
subscription event's delivery, for checks that are plain functions here. So
every operation calls them in order:

1. the query is measured, parsed and validated through the document cache
   (``DocumentLimits``): too large, a syntax error or an invalid document is
   the answer;
2. an operation that is missing or of a type the transport may not run is
   refused with Strawberry's own exceptions, which the HTTP view answers;
3. the variables (``variable_error``) and the checked arguments
   (``argument_errors``) are checked: a refusal is the answer, nothing runs;
4. graphql-core executes the operation; its errors are presented as a
   client may see them (``present_error``).

Over a stream (WebSocket, graphql-sse, multipart) a refused document is the
stream's one ``PreExecutionError`` and refused variables or arguments its one
result, carrying their errors; a subscription's events are executed by
``EventScopedExecutionContext.execute_event``, once per distinct selection.
Variables of more than ``LARGE_VARIABLES`` values are checked in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution import (
    ExperimentalIncrementalExecutionResults,
    create_source_event_stream,
)
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_operation_type

from runcast.api.argument_checks import argument_errors
from runcast.api.documents import DocumentLimits, Rules
from runcast.api.errors import present_error
from runcast.api.execution import EventScopedExecutionContext
from runcast.api.variables import variable_error

__all__ = ["LARGE_VARIABLES", "OperationExecutor"]

LARGE_VARIABLES = 1_000
"""Values in an operation's variables past which they are checked off the loop."""


@dataclass(frozen=True)
class _Request:
    """What an operation is executed with, beside its document."""

    variables: dict[str, Any]
    operation_name: str | None
    context: Any
    root_value: Any
    extensions: dict[str, Any] | None


_TYPE_NAMES = {
    OperationType.QUERY: "queries",
    OperationType.MUTATION: "mutations",
    OperationType.SUBSCRIPTION: "subscriptions",
}


class OperationExecutor:
    """Executes the operations of one schema."""

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        documents: DocumentLimits,
        rules: Rules,
        executor_class: type[EventScopedExecutionContext],
    ) -> None:
        self._schema = schema
        self._documents = documents
        self._rules = rules
        self._executor_class = executor_class

    async def execute(
        self,
        query: str | None,
        *,
        allowed: Iterable[OperationType],
        variables: dict[str, Any] | None = None,
        context: Any = None,
        root_value: Any = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """The operation's result; raises Strawberry's refusals of the operation.

        ``MissingQueryError`` without a query, ``CannotGetOperationTypeError``
        when the operation is not in the document, ``InvalidOperationTypeError``
        when its type is not ``allowed``.
        """
        if not query:
            raise MissingQueryError
        request = _Request(
            variables or {}, operation_name, context, root_value, operation_extensions
        )
        try:
            prepared = self._validated(query, allowed, operation_name)
        except (CannotGetOperationTypeError, InvalidOperationTypeError):
            raise
        except Exception as error:
            return _refused([_as_graphql_error(error)])
        if not isinstance(prepared, DocumentNode):
            return _refused(prepared)
        executor = await self._executor(prepared, request)
        if isinstance(executor, list):
            return _refused(executor)
        return await _executed(executor)

    async def stream(
        self,
        query: str | None,
        *,
        allowed: Iterable[OperationType],
        variables: dict[str, Any] | None = None,
        context: Any = None,
        root_value: Any = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> AsyncGenerator[ExecutionResult, None]:
        """The operation's results: a subscription's, one per event, or else one.

        A document refused (too large, invalid, or Strawberry's refusals of
        the operation) yields one ``PreExecutionError``; refused variables
        or arguments, one result with their errors.
        """
        request = _Request(
            variables or {}, operation_name, context, root_value, operation_extensions
        )
        try:
            if not query:
                raise MissingQueryError
            prepared = self._validated(query, allowed, operation_name)
        except (
            MissingQueryError,
            CannotGetOperationTypeError,
            InvalidOperationTypeError,
        ) as refusal:
            yield _refused_before([_refusal_error(refusal)])
            return
        except Exception as error:
            yield _refused_before([_as_graphql_error(error)])
            return
        if not isinstance(prepared, DocumentNode):
            yield _refused_before(prepared)
            return
        executor = await self._executor(prepared, request)
        if isinstance(executor, list):
            yield _refused(executor)
            return
        if get_operation_type(prepared, operation_name) is OperationType.SUBSCRIPTION:
            async for result in _event_results(executor):
                yield result
        else:
            yield await _executed(executor)

    def _validated(
        self, query: str, allowed: Iterable[OperationType], operation_name: str | None
    ) -> DocumentNode | list[GraphQLError]:
        """The valid document to execute, or the errors that refuse it."""
        try:
            cached = self._documents.document(self._schema, self._rules, query)
        except GraphQLError as error:
            return [error]
        try:
            operation_type = get_operation_type(cached.document, operation_name)
        except RuntimeError as error:
            raise CannotGetOperationTypeError(operation_name) from error
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        return (
            self._documents.errors(self._schema, self._rules, cached) or cached.document
        )

    async def _executor(
        self, document: DocumentNode, request: _Request
    ) -> EventScopedExecutionContext | list[GraphQLError]:
        """The operation's executor, its variables checked and coerced, or the
        errors that refuse them.

        Variables of more than ``LARGE_VARIABLES`` values are checked and
        coerced in a thread: a 10,000-row dataset takes some 200 ms.
        """
        if _holds_more_than(request.variables, LARGE_VARIABLES):
            return await asyncio.to_thread(self._built, document, request)
        return self._built(document, request)

    def _built(
        self, document: DocumentNode, request: _Request
    ) -> EventScopedExecutionContext | list[GraphQLError]:
        name, variables = request.operation_name, request.variables
        refusal = variable_error(self._schema, document, name, variables)
        if refusal is not None:
            return [refusal]
        refusals = argument_errors(self._schema, document, name, variables)
        if refusals:
            return refusals
        executor = self._executor_class.build(
            self._schema,
            document,
            request.root_value,
            request.context,
            variables,
            name,
            operation_extensions=request.extensions,
        )
        assert isinstance(executor, list | EventScopedExecutionContext)
        return executor


async def _executed(executor: EventScopedExecutionContext) -> ExecutionResult:
    """A query's or mutation's one result."""
    try:
        outcome = executor.execute_operation()
        if not isinstance(
            outcome, GraphQLExecutionResult | ExperimentalIncrementalExecutionResults
        ):
            outcome = await outcome
    except Exception as error:
        return _refused([_as_graphql_error(error)])
    if not isinstance(outcome, GraphQLExecutionResult):  # no @defer or @stream here
        return _refused([GraphQLError("Incremental delivery is not supported")])
    return ExecutionResult(data=outcome.data, errors=_presented(outcome.errors))


def _holds_more_than(value: object, limit: int) -> bool:
    """Whether the JSON ``value`` holds more than ``limit`` values (counted no
    further than that)."""
    pending, count = [value], 0
    while pending:
        item = pending.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


async def _event_results(
    executor: EventScopedExecutionContext,
) -> AsyncGenerator[ExecutionResult, None]:
    """A subscription's results, one per event of its source stream."""
    try:
        source = create_source_event_stream(executor)
        if executor.is_awaitable(source):
            source = await source
        if isinstance(source, GraphQLExecutionResult):
            yield ExecutionResult(data=None, errors=_presented(source.errors))
            return
        assert isinstance(source, AsyncIterable)
        events = aiter(source)
        async with contextlib.aclosing(events):  # type: ignore[type-var]
            async for payload in events:
                outcome = executor.execute_event(payload)
                result = (
                    outcome
                    if isinstance(outcome, GraphQLExecutionResult)
                    else await outcome
                )
                yield ExecutionResult(
                    data=result.data, errors=_presented(result.errors)
                )
    except Exception as error:
        yield ExecutionResult(data=None, errors=_presented([_as_graphql_error(error)]))


def _refusal_error(refusal: Exception) -> GraphQLError:
    """Strawberry's refusal of an operation as the error a stream carries."""
    if isinstance(refusal, CannotGetOperationTypeError):
        return GraphQLError(refusal.as_http_error_reason(), original_error=refusal)
    if isinstance(refusal, InvalidOperationTypeError):
        message = f"{_TYPE_NAMES[refusal.operation_type]} are not allowed"
        return GraphQLError(message, original_error=refusal)
    return GraphQLError(str(refusal), original_error=refusal)


def _refused(errors: list[GraphQLError]) -> ExecutionResult:
    return ExecutionResult(data=None, errors=_presented(errors))


def _refused_before(errors: list[GraphQLError]) -> PreExecutionError:
    """A stream's one result when its operation is refused before executing."""
    return PreExecutionError(data=None, errors=_presented(errors))


def _presented(errors: list[GraphQLError] | None) -> list[GraphQLError] | None:
    return [present_error(error) for error in errors] if errors else None


def _as_graphql_error(error: Exception) -> GraphQLError:
    if isinstance(error, GraphQLError):
        return error
    return GraphQLError(str(error), original_error=error)

"""Queries and mutations, executed on graphql-core after Runcast's checks.

Strawberry runs an operation through its extension pipeline: for every
request it makes each extension anew and wraps each of its hooks in a
context manager. Profiled on a small query that was a quarter of the
request's CPU, for checks that are plain functions here. So queries and
mutations call them in order, as the extensions would:

1. the query is measured, parsed and validated through the document cache
   (``DocumentLimits``): too large, a syntax error or an invalid document is
   the answer;
2. an operation that is missing or of a type the transport may not run is
   refused with Strawberry's own exceptions, which the HTTP view answers;
3. the variables (``variable_error``) and the checked arguments
   (``argument_errors``) are checked: a refusal is the answer, nothing runs;
4. graphql-core executes the operation; its errors are presented as a
   client may see them (``present_error``).

Subscriptions, which Strawberry streams, still take the extensions: they run
the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, execute
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution.executor import Executor
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_operation_type

from runcast.api.argument_checks import argument_errors
from runcast.api.documents import DocumentLimits, Rules
from runcast.api.errors import present_error
from runcast.api.variables import variable_error

__all__ = ["OperationExecutor"]


class OperationExecutor:
    """Executes queries and mutations of one schema."""

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        documents: DocumentLimits,
        rules: Rules,
        executor_class: type[Executor[Any]],
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
        values = variables or {}
        try:
            prepared = self._prepared(query, allowed, operation_name, values)
        except (CannotGetOperationTypeError, InvalidOperationTypeError):
            raise
        except Exception as error:
            return _refused([_as_graphql_error(error)])
        if not isinstance(prepared, DocumentNode):
            return _refused(prepared)
        try:
            result = execute(
                self._schema,
                prepared,
                root_value=root_value,
                context_value=context,
                variable_values=values,
                operation_name=operation_name,
                executor_class=self._executor_class,
                operation_extensions=operation_extensions,
            )
            if not isinstance(result, GraphQLExecutionResult):
                result = await result
        except Exception as error:
            return _refused([_as_graphql_error(error)])
        return ExecutionResult(data=result.data, errors=_presented(result.errors))

    def _prepared(
        self,
        query: str,
        allowed: Iterable[OperationType],
        operation_name: str | None,
        variables: dict[str, Any],
    ) -> DocumentNode | list[GraphQLError]:
        """The checked document to execute, or the errors that refuse it."""
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
        errors = self._documents.errors(self._schema, self._rules, cached)
        if errors:
            return errors
        document = cached.document
        refusal = variable_error(self._schema, document, operation_name, variables)
        if refusal is not None:
            return [refusal]
        return (
            argument_errors(self._schema, document, operation_name, variables)
            or document
        )


def _refused(errors: list[GraphQLError]) -> ExecutionResult:
    return ExecutionResult(data=None, errors=_presented(errors))


def _presented(errors: list[GraphQLError] | None) -> list[GraphQLError] | None:
    return [present_error(error) for error in errors] if errors else None


def _as_graphql_error(error: Exception) -> GraphQLError:
    if isinstance(error, GraphQLError):
        return error
    return GraphQLError(str(error), original_error=error)

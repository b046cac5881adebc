"""Typed errors: domain exceptions become members of a mutation's result union.

Each mutation returns ``Payload | …Error``; every error type implements the
``Error`` interface. A resolver just calls the orchestrator: the handlers here
turn the exceptions it raises into the error types its union names. Anything
else is masked (see ``ErrorMasking``) so a client never sees internals.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pydantic
import strawberry
from graphql import GraphQLError
from strawberry.exceptions import MissingQueryError
from strawberry.pydantic import InputValidationError, ValidationErrorDetail
from strawberry.schema.exception_handlers import ExceptionHandler
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from runcast.api.enums import RunStatus
from runcast.domain import errors as domain

__all__ = [
    "ConflictError",
    "Error",
    "ForbiddenError",
    "InvalidTransitionError",
    "NotFoundError",
    "ValidationError",
    "exception_handlers",
]

logger = logging.getLogger(__name__)


@strawberry.interface(description="Something the client asked for went wrong.")
class Error:
    message: str = strawberry.field(description="What went wrong, for people.")
    code: str = strawberry.field(description="A stable name for the kind of error.")


@strawberry.type(description="An input value is invalid.")
class ValidationError(Error):
    field: str | None = strawberry.field(
        description="Dotted path of the first invalid field: `dataset.3.variables`."
    )
    errors: list[ValidationErrorDetail] = strawberry.field(
        description="Every problem found, each with its location."
    )

    @classmethod
    def from_details(cls, details: list[ValidationErrorDetail]) -> ValidationError:
        first = details[0]
        return cls(
            message=first.message,
            code=domain.ValidationError.code,
            field=".".join(first.location) or None,
            errors=details,
        )


@strawberry.type(description="The named resource does not exist.")
class NotFoundError(Error):
    id: strawberry.ID = strawberry.field(
        description="The id that names nothing, as the client sent it."
    )


@strawberry.type(description="The change conflicts with what is stored.")
class ConflictError(Error):
    field: str | None = strawberry.field(
        description="Dotted path of the input field in conflict (`name`); null: none."
    )


@strawberry.type(description="The caller's token may not do this (it may only read).")
class ForbiddenError(Error):
    pass


@strawberry.type(description="A run cannot move from its status to the one asked for.")
class InvalidTransitionError(Error):
    current_status: RunStatus = strawberry.field(
        description="The run's status when the change was asked for."
    )
    requested_status: RunStatus = strawberry.field(
        description="The status the change would have moved it to."
    )


def graphql_path(field: str) -> str:
    """A service's field path (``dataset.3.idempotency_key``) in GraphQL's names."""
    return ".".join(to_camel_case(part) for part in field.split("."))


def _detail(location: list[str], message: str, type: str) -> ValidationErrorDetail:
    return ValidationErrorDetail(location=location, message=message, type=type)


class _InputValidationHandler(ExceptionHandler[InputValidationError, ValidationError]):
    """Pydantic rejected an input argument while it was being parsed."""

    def handle(
        self, exception: InputValidationError, *, field: StrawberryField, info: Any
    ) -> ValidationError:
        # locations start with the argument's name, e.g. ["input", "name"]
        details = [
            _detail(error.location[1:], error.message, error.type)
            for error in exception.errors
        ]
        return ValidationError.from_details(details)


class _PydanticValidationHandler(
    ExceptionHandler[pydantic.ValidationError, ValidationError]
):
    """A model built inside a use case (e.g. an update merged in) is invalid."""

    def handle(
        self, exception: pydantic.ValidationError, *, field: StrawberryField, info: Any
    ) -> ValidationError:
        details = [
            _detail(
                [to_camel_case(str(part)) for part in error["loc"]],
                error["msg"],
                error["type"],
            )
            for error in exception.errors()
        ]
        return ValidationError.from_details(details)


class _DomainValidationHandler(
    ExceptionHandler[domain.ValidationError, ValidationError]
):
    def handle(
        self, exception: domain.ValidationError, *, field: StrawberryField, info: Any
    ) -> ValidationError:
        location = graphql_path(exception.field).split(".") if exception.field else []
        return ValidationError.from_details(
            [_detail(location, exception.message, "value_error")]
        )


class _NotFoundHandler(ExceptionHandler[domain.NotFoundError, NotFoundError]):
    def handle(
        self, exception: domain.NotFoundError, *, field: StrawberryField, info: Any
    ) -> NotFoundError:
        return NotFoundError(
            message=exception.message,
            code=exception.code,
            id=strawberry.ID(exception.id),
        )


class _ConflictHandler(ExceptionHandler[domain.ConflictError, ConflictError]):
    def handle(
        self, exception: domain.ConflictError, *, field: StrawberryField, info: Any
    ) -> ConflictError:
        return ConflictError(
            message=exception.message,
            code=exception.code,
            field=graphql_path(exception.field) if exception.field else None,
        )


class _InvalidTransitionHandler(
    ExceptionHandler[domain.InvalidTransitionError, InvalidTransitionError]
):
    def handle(
        self,
        exception: domain.InvalidTransitionError,
        *,
        field: StrawberryField,
        info: Any,
    ) -> InvalidTransitionError:
        return InvalidTransitionError(
            message=exception.message,
            code=exception.code,
            current_status=RunStatus[exception.current],
            requested_status=RunStatus[exception.requested],
        )


def exception_handlers() -> list[ExceptionHandler[Any, Any]]:
    """The handlers a schema installs, most specific first."""
    return [
        _InputValidationHandler(),
        _PydanticValidationHandler(),
        _DomainValidationHandler(),
        _NotFoundHandler(),
        _ConflictHandler(),
        _InvalidTransitionHandler(),
    ]


_REFUSED_OPERATIONS = (
    MissingQueryError,
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
"""Strawberry's refusals of an operation (no query, no such operation, a
mutation over GET): over a stream they arrive as errors, and say only that."""


def present_error(error: GraphQLError) -> GraphQLError:
    """Return the error as a client may see it."""
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, *_REFUSED_OPERATIONS)):
        return error
    if isinstance(original, domain.RuncastError):
        extensions: dict[str, Any] = {"code": original.code}
        field = getattr(original, "field", None)
        if field is not None:
            extensions["field"] = graphql_path(field)
        return _replace(error, original.message, extensions)
    reference = uuid.uuid4().hex[:12]
    logger.error("unexpected error %s at %s", reference, error.path, exc_info=original)
    return _replace(
        error,
        f"Unexpected error; reference {reference}",
        {"code": "INTERNAL_ERROR", "reference": reference},
    )


def _replace(
    error: GraphQLError, message: str, extensions: dict[str, Any]
) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )

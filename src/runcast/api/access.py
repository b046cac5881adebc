"""Access in the GraphQL layer: bearer secrets in, ``ForbiddenError`` out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry import Schema

from runcast.api.errors import ForbiddenError

__all__ = ["bearer_secret", "guard_mutations", "secret_in_connection_params"]

_BEARER = "bearer"

Resolver = Callable[..., Any]


def bearer_secret(authorization: str | None) -> str | None:
    """The secret of an ``Authorization: Bearer …`` value, if it is one."""
    scheme, _, secret = (authorization or "").strip().partition(" ")
    if scheme.lower() != _BEARER or not secret.strip():
        return None
    return secret.strip()


def secret_in_connection_params(params: object) -> str | None:
    """The bearer secret a WebSocket ``connection_init`` payload carries."""
    if not isinstance(params, dict):
        return None
    value = params.get("authorization") or params.get("Authorization")
    return bearer_secret(value) if isinstance(value, str) else None


def guard_mutations(schema: Schema) -> None:
    """Answer every mutation with ``ForbiddenError`` for a read-only caller.

    The check wraps each mutation field's resolver, so it runs before the
    arguments are even parsed: a read-only caller learns nothing from
    validation, and nothing it sends is written. Every mutation's result
    union has ``ForbiddenError`` among its members.
    """
    mutation_type = schema._schema.mutation_type
    if mutation_type is None:
        return
    for field in mutation_type.fields.values():
        if field.resolve is not None:
            field.resolve = _guarded(field.resolve)


def _guarded(resolve: Resolver) -> Resolver:
    def resolve_if_allowed(
        root: object, info: GraphQLResolveInfo[Any], **kwargs: Any
    ) -> Any:
        access = info.context.access
        if access is None or not access.may_change:
            return ForbiddenError(
                message="this token may only read, not change anything",
                code="FORBIDDEN",
            )
        return resolve(root, info, **kwargs)

    return resolve_if_allowed

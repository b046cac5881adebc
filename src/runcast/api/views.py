"""GraphQL objects over domain models, without copying or validating them again."""

from __future__ import annotations

from collections.abc import Awaitable
from functools import cache
from typing import Any, TypeVar, cast

from pydantic import BaseModel

__all__ = ["RECENT_EVENTS", "awaited_by_executor", "view_of", "view_of_model"]

RECENT_EVENTS = 256
"""How many recent events' GraphQL objects and results subscribers share."""

GraphQLModel = TypeVar("GraphQLModel", bound=BaseModel)
Value = TypeVar("Value")


def view_of(graphql_type: type[GraphQLModel], **values: Any) -> GraphQLModel:
    """An instance of ``graphql_type`` holding ``values`` as they are.

    The values come from domain models that were validated when they were
    made: validating them again for each object of every response is what a
    page of runs spent most of its time on. The outer object is of the
    GraphQL type, so unions and interfaces resolve it; nested domain values
    serve as they are, since Strawberry reads fields by attribute.
    """
    return graphql_type.model_construct(**values)


def view_of_model(graphql_type: type[GraphQLModel], model: BaseModel) -> GraphQLModel:
    """``view_of`` with the fields of a domain model.

    When the GraphQL type has exactly the model's fields (the usual case: it
    is generated from it), the model's values are taken over as they are,
    without ``model_construct`` looking up every field's aliases and defaults
    again: a page of runs makes a hundred such views.
    """
    defaults = _defaults_beyond(graphql_type, type(model))
    if defaults is None:
        return graphql_type.model_construct(
            _fields_set=model.model_fields_set, **dict(model)
        )
    view = graphql_type.__new__(graphql_type)
    object.__setattr__(view, "__dict__", {**defaults, **model.__dict__})
    object.__setattr__(view, "__pydantic_fields_set__", model.model_fields_set)
    object.__setattr__(view, "__pydantic_extra__", None)
    object.__setattr__(view, "__pydantic_private__", None)
    return view


@cache
def _defaults_beyond(
    graphql_type: type[BaseModel], model_type: type[BaseModel]
) -> dict[str, Any] | None:
    """The defaults of the fields a view has beyond the model's, if it can take
    over a model's values as they are; None if it needs ``model_construct``."""
    fields = graphql_type.model_fields
    beyond = fields.keys() - model_type.model_fields.keys()
    plain = (
        model_type.model_fields.keys() <= fields.keys()
        and not any(field.alias or field.validation_alias for field in fields.values())
        and all(fields[name].default_factory is None for name in beyond)
        and not any(fields[name].is_required() for name in beyond)
        and graphql_type.model_config.get("extra") != "allow"
        and not graphql_type.__pydantic_post_init__
        and not graphql_type.__pydantic_root_model__
        and not graphql_type.__private_attributes__
    )
    return {name: fields[name].default for name in beyond} if plain else None


def awaited_by_executor(awaitable: Awaitable[Value]) -> Value:
    """Hand graphql-core an awaitable from a plain (not async) resolver.

    A plain resolver's field completes in the same pass as its parent when
    it answers at once, which an async one never does: for a page of fifty
    runs, that is fifty awaitables, tasks and gathers saved. When the value
    is not at hand, the resolver returns an awaitable instead, and
    graphql-core awaits it. The resolver keeps the field's type as its
    return annotation, which is what Strawberry reads for the schema.
    """
    return cast(Value, awaitable)

"""GraphQL objects over domain models, without copying or validating them again."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["RECENT_EVENTS", "view_of", "view_of_model"]

RECENT_EVENTS = 256
"""How many recent events' GraphQL objects and results subscribers share."""

GraphQLModel = TypeVar("GraphQLModel", bound=BaseModel)


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
    """``view_of`` with the fields of a domain model."""
    return graphql_type.model_construct(
        _fields_set=model.model_fields_set, **dict(model)
    )

"""Field descriptions written once, on the domain models, for the GraphQL types too."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

__all__ = ["domain_descriptions"]

Model = TypeVar("Model", bound=BaseModel)


def domain_descriptions(graphql_model: type[Model]) -> type[Model]:
    """Give fields a GraphQL type redeclares (``id: strawberry.ID``, a nested
    type) the description of the domain model field they redeclare.

    Apply it under the ``strawberry.pydantic`` decorator, which reads them.
    """
    for name, field in graphql_model.model_fields.items():
        if field.description is not None:
            continue
        field.description = next(
            (
                base.model_fields[name].description
                for base in graphql_model.__mro__[1:]
                if isinstance(base, type)
                and issubclass(base, BaseModel)
                and name in base.model_fields
                and base.model_fields[name].description is not None
            ),
            None,
        )
    return graphql_model

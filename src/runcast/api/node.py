"""The Relay ``Node`` interface: objects that ``Query.node`` finds by id."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from pydantic import BaseModel, Field

__all__ = ["Node"]


class _Identified(BaseModel):
    id: str = Field(description="Stable and unique among experiments and runs.")

    # Strawberry asks every object of an interface for the type it was cast
    # to (``strawberry.cast``); without a class attribute, each answer is a
    # pydantic ``AttributeError`` built and caught
    __as_strawberry_type__: ClassVar[type | None] = None


@strawberry.pydantic.interface(
    name="Node", description="An object with an id: `Query.node(id:)` finds it again."
)
class Node(_Identified):
    id: strawberry.ID = Field(
        description="Stable and unique among experiments and runs."
    )

"""The Relay ``Node`` interface: objects that ``Query.node`` finds by id."""

from __future__ import annotations

import strawberry
from pydantic import BaseModel, Field

__all__ = ["Node"]


class _Identified(BaseModel):
    id: str = Field(description="Stable and unique among experiments and runs.")


@strawberry.pydantic.interface(
    name="Node", description="An object with an id: `Query.node(id:)` finds it again."
)
class Node(_Identified):
    id: strawberry.ID = Field(
        description="Stable and unique among experiments and runs."
    )

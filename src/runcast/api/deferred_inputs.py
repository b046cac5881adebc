"""Input arguments read on the event loop as given and built in a thread.

Strawberry turns a pydantic input argument into its model before the
resolver runs, on the event loop: for ``createExperiment`` with a 10,000-row
dataset that is 20,000 conversions and a validation, some 0.4 s in which no
other request is answered. An input type marked ``@deferred_input`` is
handed to its resolver as a ``DeferredInput`` instead, holding the value as
GraphQL coerced it; ``await argument.built()`` converts and validates it in a
thread, with the same errors (``InputValidationError``, field paths in
GraphQL's names) the eager conversion raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from strawberry.pydantic.conversion import build_pydantic_model
from strawberry.types.arguments import InputContext
from strawberry.types.base import StrawberryObjectDefinition

__all__ = ["DeferredInput", "deferred_input"]

ModelT = TypeVar("ModelT", bound=BaseModel)
InputT = TypeVar("InputT", bound=type[BaseModel])


@dataclass(frozen=True)
class DeferredInput(Generic[ModelT]):
    """An input argument as GraphQL coerced it, not yet converted or validated."""

    model: type[ModelT]
    value: Mapping[str, Any]
    context: InputContext

    async def built(self) -> ModelT:
        """The argument as its model, converted and validated in a thread."""
        return await asyncio.to_thread(self._build)

    def _build(self) -> ModelT:
        built = build_pydantic_model(self.model, self.value, self.context)
        assert isinstance(built, self.model)
        return built


def _deferred(
    model: type[BaseModel], value: Mapping[str, Any], context: InputContext
) -> DeferredInput[BaseModel]:
    return DeferredInput(model, value, context)


def deferred_input(cls: InputT) -> InputT:
    """Hand arguments of this ``strawberry.pydantic`` input to resolvers as a
    ``DeferredInput`` (apply it above ``@strawberry.pydantic.input``)."""
    definition = getattr(cls, "__strawberry_definition__", None)
    if not isinstance(definition, StrawberryObjectDefinition) or not (
        definition.is_input and definition.from_input is build_pydantic_model
    ):
        raise TypeError(f"{cls.__name__} is not a strawberry.pydantic input")
    definition.from_input = _deferred
    return cls

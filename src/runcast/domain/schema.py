"""The JSON Schema of the public domain models, for typed clients."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from runcast.domain.events import RunEvent
from runcast.domain.experiments import (
    Experiment,
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
)
from runcast.domain.reviews import Review, ReviewCreate
from runcast.domain.runs import Run, RunItem

__all__ = ["PUBLIC_MODELS", "domain_json_schema"]

PUBLIC_MODELS: tuple[type[BaseModel], ...] = (
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
    Experiment,
    Run,
    RunItem,
    RunEvent,
    ReviewCreate,
    Review,
)


def domain_json_schema() -> dict[str, Any]:
    """Return one JSON Schema document defining every public model."""
    _, schema = models_json_schema(
        [(model, "serialization") for model in PUBLIC_MODELS],
        title="Runcast domain models",
    )
    return schema

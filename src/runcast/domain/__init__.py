"""Runcast's domain: pure pydantic models and the rules they keep, with no I/O."""

from runcast.domain.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    RuncastError,
    ValidationError,
)
from runcast.domain.events import RunEvent, RunEventKind, StatusChanged
from runcast.domain.experiments import (
    DatasetItem,
    Experiment,
    ExperimentConfig,
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
    ModelSettings,
)
from runcast.domain.pagination import MAX_PAGE_SIZE, Page, PageRequest
from runcast.domain.runs import (
    ItemStatus,
    Run,
    RunError,
    RunItem,
    RunProgress,
    RunStatus,
    Usage,
)

__all__ = [
    "MAX_PAGE_SIZE",
    "ConflictError",
    "DatasetItem",
    "Experiment",
    "ExperimentConfig",
    "ExperimentConfigCreate",
    "ExperimentConfigUpdate",
    "InvalidTransitionError",
    "ItemStatus",
    "ModelSettings",
    "NotFoundError",
    "Page",
    "PageRequest",
    "Run",
    "RunError",
    "RunEvent",
    "RunEventKind",
    "RunItem",
    "RunProgress",
    "RunStatus",
    "RuncastError",
    "StatusChanged",
    "Usage",
    "ValidationError",
]

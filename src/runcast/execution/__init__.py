"""Execution: executors that answer prompts, and the worker that runs runs."""

from runcast.execution.executor import (
    Chunk,
    ExecutionRequest,
    Executor,
    TextDelta,
    UsageReport,
)
from runcast.execution.simulated import SimulatedExecutor
from runcast.execution.worker import Worker

__all__ = [
    "Chunk",
    "ExecutionRequest",
    "Executor",
    "SimulatedExecutor",
    "TextDelta",
    "UsageReport",
    "Worker",
]

"""Model settings: which executor and model answer a prompt, and how."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ExecutorKind", "ModelSettings"]


class ExecutorKind(StrEnum):
    """Which executor answers a prompt."""

    SIMULATED = "simulated"
    OPENAI = "openai"


class ModelSettings(BaseModel):
    """Which executor and model answer the prompt, and how."""

    model_config = ConfigDict(frozen=True)

    executor: ExecutorKind = Field(
        ExecutorKind.SIMULATED, description="The executor that answers the prompt."
    )
    model: str = Field(
        "simulated-1", min_length=1, max_length=200, description="The model's name."
    )
    temperature: float = Field(0.7, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(
        256, ge=1, le=100_000, description="The most tokens an answer may have."
    )
    system_prompt: str | None = Field(
        None, max_length=100_000, description="Sent before the rendered prompt."
    )
    base_url: str | None = Field(
        None,
        max_length=2_000,
        pattern=r"^https?://",
        description="Base URL of an OpenAI-compatible API (null: the default).",
    )

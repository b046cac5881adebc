"""Where a request goes: what shapes its answer besides the request itself."""

from __future__ import annotations

from runcast.domain.experiments import ExecutorKind, ModelSettings
from runcast.settings import Settings

__all__ = ["executor_endpoint"]


def executor_endpoint(model: ModelSettings, settings: Settings) -> str:
    """The endpoint that answers requests of ``model``, for cache keys.

    An OpenAI-compatible API is its base URL (the server's default when the
    settings name none); the simulated executor is its seed and answer
    length, which decide its answers as weights decide a model's.
    """
    if model.executor is ExecutorKind.OPENAI:
        return (model.base_url or settings.openai_base_url).rstrip("/")
    return (
        f"simulated seed={settings.simulated_seed}"
        f" output_tokens={settings.simulated_output_tokens}"
    )

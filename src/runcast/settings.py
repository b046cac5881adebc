"""Every knob Runcast has, read from ``RUNCAST_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_FRONTEND_DIR", "Settings"]

DEFAULT_FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"


class Settings(BaseSettings):
    """Runcast's configuration; build one and pass it in, never read a global."""

    model_config = SettingsConfigDict(env_prefix="RUNCAST_", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///.runcast/runcast.db",
        description="SQLAlchemy URL of the database (SQLite file by default).",
    )
    host: str = Field("127.0.0.1", description="Address the server binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port the server listens on.")
    workers: int = Field(
        1, ge=0, le=64, description="Worker tasks `runcast serve` runs in-process."
    )
    worker_poll_interval: float = Field(
        1.0, gt=0, description="Seconds between looks for work made elsewhere."
    )
    lease_seconds: float = Field(
        30.0, gt=0, description="How long a worker's claim on a run lasts."
    )
    simulated_seed: int = Field(0, description="Seed of the simulated executor.")
    simulated_token_delay: float = Field(
        0.02, ge=0, description="Seconds the simulated executor waits per token."
    )
    graphiql: bool = Field(True, description="Serve GraphiQL at GET /graphql.")
    frontend_dir: Path = Field(
        DEFAULT_FRONTEND_DIR, description="Folder of the built web app."
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Extra origins allowed to open WebSockets (same-origin always is).",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Log level of the server."
    )

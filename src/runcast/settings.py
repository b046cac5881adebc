"""Every knob Runcast has, read from ``RUNCAST_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "CHECKOUT_FRONTEND_DIR",
    "DEFAULT_FRONTEND_DIR",
    "PACKAGED_FRONTEND_DIR",
    "ClientSettings",
    "ModelPrice",
    "Settings",
    "SimulatedFailure",
    "default_frontend_dir",
]

PACKAGED_FRONTEND_DIR = Path(__file__).resolve().parent / "web"
"""Where a wheel carries the built web app (``make dist`` puts it there)."""
CHECKOUT_FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"
"""Where ``make frontend`` builds the web app in a checkout."""


def default_frontend_dir() -> Path:
    """The checkout's build when run from a checkout that has one, else the wheel's.

    An installed package has no checkout around it, so it serves the build
    it carries; a checkout serves what ``make frontend`` keeps up to date,
    never a copy an earlier ``make dist`` left in the package.
    """
    if CHECKOUT_FRONTEND_DIR.is_dir():
        return CHECKOUT_FRONTEND_DIR
    return PACKAGED_FRONTEND_DIR


DEFAULT_FRONTEND_DIR = default_frontend_dir()


SimulatedFailure = Literal["timeout", "rate_limit", "server_error", "bad_request"]


class ModelPrice(BaseModel):
    """What a model costs per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)

    def cost(self, *, input_tokens: int, output_tokens: int) -> float:
        """The cost of one call."""
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


class Settings(BaseSettings):
    """Runcast's configuration; build one and pass it in, never read a global."""

    model_config = SettingsConfigDict(env_prefix="RUNCAST_", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///.runcast/runcast.db",
        description="SQLAlchemy URL of the database (SQLite file by default).",
    )
    database_pool_size: int = Field(
        10,
        ge=1,
        le=1000,
        description="Connections each process keeps open to PostgreSQL.",
    )
    database_statement_timeout: float = Field(
        30,
        ge=0,
        description="Seconds a PostgreSQL statement may run before it is "
        "cancelled (0: no limit).",
    )
    host: str = Field("127.0.0.1", description="Address the server binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port the server listens on.")
    workers: int = Field(
        1, ge=0, le=64, description="Worker tasks `runcast serve` runs in-process."
    )
    worker_poll_interval: float = Field(
        1.0, gt=0, description="Seconds between looks for work made elsewhere."
    )
    event_check_interval: float = Field(
        0.02,
        gt=0,
        description="Seconds between looks at the SQLite file for other "
        "processes' events.",
    )
    event_poll_interval: float = Field(
        1.0,
        gt=0,
        description="Seconds after which a live subscription reads the log even "
        "without a wake-up.",
    )
    lease_seconds: float = Field(
        30.0, gt=0, description="How long a worker's claim on a run lasts."
    )
    runs_per_worker: int = Field(
        2, ge=1, le=64, description="Runs one worker executes at the same time."
    )
    items_per_run: int = Field(
        4, ge=1, le=256, description="Items of one run in flight at the same time."
    )
    model_requests_per_second: float = Field(
        0, ge=0, description="Calls per second to one model, per worker (0: no limit)."
    )
    item_timeout: float = Field(
        60, gt=0, description="Seconds one attempt at an item may take."
    )
    run_timeout: float = Field(
        0, ge=0, description="Seconds a run may take before it fails (0: no limit)."
    )
    item_max_attempts: int = Field(
        3, ge=1, le=20, description="Attempts at an item with a retryable error."
    )
    retry_base_delay: float = Field(
        0.5, ge=0, description="Seconds before the first retry; doubles each time."
    )
    retry_max_delay: float = Field(
        10, ge=0, description="The longest wait between two attempts."
    )
    run_max_attempts: int = Field(
        3, ge=1, le=20, description="Times a run is started after a worker died."
    )
    cancel_grace_seconds: float = Field(
        10, ge=0, description="Seconds a CANCELLING run has before it is forced."
    )
    reap_interval: float = Field(
        1,
        gt=0,
        description="Seconds between looks for expired leases and overdue cancels.",
    )
    delta_flush_seconds: float = Field(
        0.05, ge=0, description="Output is written at least this often while streaming."
    )
    delta_flush_tokens: int = Field(
        32, ge=1, description="Output is written at least every this many tokens."
    )
    model_prices: dict[str, ModelPrice] = Field(
        default_factory=lambda: {"simulated-1": ModelPrice(input=0.5, output=1.5)},
        description="Price per million input/output tokens, by model name (JSON).",
    )
    openai_base_url: str = Field(
        "https://api.openai.com/v1",
        description="Default base URL of OpenAI-compatible chat completions.",
    )
    openai_api_key: SecretStr | None = Field(
        None, description="API key sent to the default base URL only."
    )
    openai_api_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="API keys of other endpoints that experiments name, as JSON "
        "by base URL; experiments naming any other base URL send no key.",
    )
    allowed_base_urls: list[str] = Field(
        default_factory=list,
        description="Base URLs experiments may name besides the default one and "
        "those with a key (JSON list).",
    )
    allow_private_base_urls: bool = Field(
        False,
        description="Let allowed base URLs' names resolve to loopback, private or "
        "link-local addresses.",
    )
    simulated_seed: int = Field(0, description="Seed of the simulated executor.")
    simulated_token_delay: float = Field(
        0.02, ge=0, description="Seconds the simulated executor waits per token."
    )
    simulated_latency: float = Field(
        0, ge=0, description="Seconds before the simulated executor's first token."
    )
    simulated_output_tokens: int = Field(
        0, ge=0, description="Fixed answer length of the simulated executor (0: 8-32)."
    )
    simulated_failure_rate: float = Field(
        0, ge=0, le=1, description="Share of simulated calls that fail."
    )
    simulated_failure_kind: SimulatedFailure = Field(
        "server_error", description="How simulated calls fail."
    )
    simulated_execution_log: Path | None = Field(
        None, description="File the simulated executor appends each call to."
    )
    graphiql: bool = Field(True, description="Serve GraphiQL at GET /graphql.")
    frontend_dir: Path = Field(
        default_factory=default_frontend_dir,
        description="Folder of the built web app (default: the checkout's "
        "frontend/dist, else the one the installed package carries).",
    )
    max_body_bytes: int = Field(
        64 * 1024 * 1024, gt=0, description="Largest HTTP request body accepted."
    )
    api_token: SecretStr | None = Field(
        None,
        description="A token every caller may present for full access; setting "
        "it requires authentication.",
    )
    auth_cache_seconds: float = Field(
        5,
        ge=0,
        description="Seconds a checked token is remembered: a revoked token "
        "stops working within this time.",
    )
    insecure: bool = Field(
        False,
        description="Serve beyond loopback without authentication (`serve "
        "--insecure`).",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names the server answers to besides localhost and IP "
        "addresses (JSON list; `*.example.com` matches subdomains).",
    )
    max_query_bytes: int = Field(
        64 * 1024,
        gt=0,
        description="Largest GraphQL query text accepted, in bytes; a larger one "
        "is refused before it is parsed.",
    )
    max_query_tokens: int = Field(
        2_000,
        gt=0,
        description="Most lexical tokens a GraphQL query may have; one with more "
        "is refused before it is parsed.",
    )
    introspection: bool = Field(
        True,
        description="Answer `__schema` and `__type` queries (GraphiQL needs them).",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Extra origins allowed to open WebSockets and to call the HTTP "
        "API from a browser (CORS); same-origin always is.",
    )
    persisted_queries_max_count: int = Field(
        1000, ge=1, description="Persisted queries kept by hash (Apollo's APQ)."
    )
    persisted_queries_max_bytes: int = Field(
        4 * 1024 * 1024,
        gt=0,
        description="Total size of the persisted queries kept, in bytes.",
    )
    max_connections: int = Field(
        10_000,
        ge=1,
        description="Open WebSocket connections and streamed HTTP answers per "
        "process; the next WebSocket is closed with 1013, the next stream answered "
        "503.",
    )
    ws_connection_init_timeout: float = Field(
        10,
        gt=0,
        description="Seconds a WebSocket may stay open without `connection_init`.",
    )
    ws_max_subscriptions: int = Field(
        100,
        ge=1,
        description="Operations one WebSocket connection may have running at once.",
    )
    ws_max_message_bytes: int = Field(
        1024 * 1024,
        gt=0,
        description="Largest WebSocket message accepted; a larger one closes the "
        "connection with 1009.",
    )
    ws_max_messages_per_second: float = Field(
        100,
        gt=0,
        description="Messages a WebSocket connection may send a second, in bursts "
        "of as many; one more closes the connection with 1008.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Log level of the server."
    )


class ClientSettings(BaseSettings):
    """Where the CLI's client commands find a server, and how they sign in."""

    model_config = SettingsConfigDict(env_prefix="RUNCAST_", extra="ignore")

    url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL of the server the CLI's client commands talk to.",
    )
    token: SecretStr | None = Field(
        None, description="API token the CLI's client commands send (`--token`)."
    )

"""The running parts of Runcast and their life: database, bus, services, workers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Mapping
from datetime import timedelta

import httpx

from runcast.db.database import Database
from runcast.db.migrate import (
    DatabaseNotReadyError,
    check_database,
    upgrade_database,
)
from runcast.domain.experiments import ExecutorKind
from runcast.domain.outbound import OutboundPolicy
from runcast.events.bus import EventBus
from runcast.events.feed import EventFeed
from runcast.events.postgres_bus import PostgresEventBus
from runcast.events.sqlite_bus import SqliteEventBus
from runcast.execution.executor import Executor
from runcast.execution.guarded_transport import guarded_transport
from runcast.execution.openai import OpenAIExecutor
from runcast.execution.simulated import SimulatedExecutor
from runcast.execution.worker import Worker
from runcast.services.access import AccessControl
from runcast.services.ledger import RunLedger
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings

__all__ = ["Runtime"]

logger = logging.getLogger(__name__)


class Runtime:
    """Builds Runcast's services from settings, and starts and stops them.

    ``executor``, when given, answers every prompt whatever the experiment's
    executor is; tests use it to control when answers come.
    """

    def __init__(self, settings: Settings, *, executor: Executor | None = None) -> None:
        self.settings = settings
        self.database = Database(
            settings.database_url,
            pool_size=settings.database_pool_size,
            statement_timeout=settings.database_statement_timeout,
        )
        self.bus: EventBus = (
            SqliteEventBus(self.database, check_interval=settings.event_check_interval)
            if self.database.is_sqlite
            else PostgresEventBus(
                self.database, fallback_interval=settings.event_poll_interval
            )
        )
        self.feed = EventFeed(
            self.database, self.bus, poll_interval=settings.event_poll_interval
        )
        self.outbound = OutboundPolicy(
            [
                settings.openai_base_url,
                *settings.openai_api_keys,
                *settings.allowed_base_urls,
            ],
            allow_private_names=settings.allow_private_base_urls,
        )
        self.orchestrator = Orchestrator(
            database=self.database,
            bus=self.bus,
            feed=self.feed,
            run_max_attempts=settings.run_max_attempts,
            outbound=self.outbound,
        )
        self.ledger = RunLedger(database=self.database, bus=self.bus)
        shared_token = settings.api_token
        self.access = AccessControl(
            database=self.database,
            shared_token=shared_token.get_secret_value() if shared_token else None,
            cache_seconds=settings.auth_cache_seconds,
        )
        self._http = httpx.AsyncClient(
            transport=guarded_transport(self.outbound),
            timeout=httpx.Timeout(settings.item_timeout),
        )
        self.executors = self._executors(executor)
        self._tasks: list[asyncio.Task[None]] = []

    def new_worker(self, number: int = 0) -> Worker:
        """Return a worker wired to this runtime."""
        return Worker(
            ledger=self.ledger,
            executors=self.executors,
            bus=self.bus,
            settings=self.settings,
            worker_id=f"{socket.gethostname()}:{os.getpid()}:{number}",
        )

    async def reap(self) -> None:
        """Recover runs of dead workers and force overdue cancellations, once."""
        reaped = await self.ledger.reap_runs(
            cancel_grace=timedelta(seconds=self.settings.cancel_grace_seconds)
        )
        for run in reaped:
            logger.warning("recovered run %s: now %s", run.id, run.status.name)

    async def start(self, *, workers: int | None = None) -> None:
        """Migrate an embedded database, recover runs, start workers and reaper.

        Any other database must be reachable and migrated (``runcast
        migrate``): ``DatabaseNotReadyError`` says which it is not.
        """
        try:
            await self.prepare_database()
        except DatabaseNotReadyError:
            await self.stop()
            raise
        await self.bus.start()
        await self.reap()
        count = self.settings.workers if workers is None else workers
        self._tasks = [
            asyncio.create_task(self.new_worker(number).run_forever())
            for number in range(count)
        ]
        # every process recovers runs, workers or not: the dead may be elsewhere
        self._tasks.append(asyncio.create_task(self._reap_forever()))
        logger.info("Runcast started with %d worker(s)", count)

    async def prepare_database(self) -> None:
        """Migrate an embedded database; check that any other one is migrated."""
        if self.database.is_sqlite:
            await asyncio.to_thread(upgrade_database, self.database.url)
        else:
            await check_database(self.database)

    async def run_until_cancelled(self) -> None:
        """Wait while the workers and reaper run; stop them when cancelled."""
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def stop(self) -> None:
        """Stop the workers and reaper, and close connections."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.feed.close()
        await self.bus.stop()
        await self._http.aclose()
        await self.database.dispose()

    def _api_keys(self) -> dict[str, str]:
        keys = dict(self.settings.openai_api_keys)
        if self.settings.openai_api_key is not None:
            keys[self.settings.openai_base_url] = self.settings.openai_api_key
        return {url: key.get_secret_value() for url, key in keys.items()}

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.reap_interval)
            try:
                await self.reap()
            except Exception:
                logger.exception("recovering runs failed; trying again later")

    def _executors(self, override: Executor | None) -> Mapping[ExecutorKind, Executor]:
        if override is not None:
            return dict.fromkeys(ExecutorKind, override)
        return {
            ExecutorKind.SIMULATED: SimulatedExecutor.from_settings(self.settings),
            ExecutorKind.OPENAI: OpenAIExecutor(
                client=self._http,
                base_url=self.settings.openai_base_url,
                api_keys=self._api_keys(),
                outbound=self.outbound,
            ),
        }

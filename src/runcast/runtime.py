"""The running parts of Runcast and their life: database, bus, orchestrator, workers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from datetime import timedelta

from runcast.db.database import Database
from runcast.db.migrate import upgrade_database
from runcast.events.bus import InMemoryEventBus
from runcast.execution.executor import Executor
from runcast.execution.simulated import SimulatedExecutor
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings

__all__ = ["Runtime"]

logger = logging.getLogger(__name__)


class Runtime:
    """Builds Runcast's services from settings, and starts and stops them."""

    def __init__(self, settings: Settings, *, executor: Executor | None = None) -> None:
        self.settings = settings
        self.executor = executor or SimulatedExecutor(
            seed=settings.simulated_seed, token_delay=settings.simulated_token_delay
        )
        self.database = Database(settings.database_url)
        self.bus = InMemoryEventBus()
        self.orchestrator = Orchestrator(database=self.database, bus=self.bus)
        self._worker_tasks: list[asyncio.Task[None]] = []

    def new_worker(self, number: int = 0) -> Worker:
        """Return a worker wired to this runtime."""
        return Worker(
            orchestrator=self.orchestrator,
            executor=self.executor,
            bus=self.bus,
            worker_id=f"{socket.gethostname()}:{os.getpid()}:{number}",
            lease=timedelta(seconds=self.settings.lease_seconds),
            poll_interval=self.settings.worker_poll_interval,
        )

    async def start(self, *, workers: int | None = None) -> None:
        """Migrate an embedded database and start the in-process workers."""
        if self.database.is_sqlite:
            await asyncio.to_thread(upgrade_database, self.database.url)
        count = self.settings.workers if workers is None else workers
        self._worker_tasks = [
            asyncio.create_task(self.new_worker(number).run_forever())
            for number in range(count)
        ]
        logger.info("Runcast started with %d worker(s)", count)

    async def stop(self) -> None:
        """Stop the workers and close the database."""
        for task in self._worker_tasks:
            task.cancel()
        for task in self._worker_tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._worker_tasks = []
        await self.database.dispose()

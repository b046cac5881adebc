"""Following a run live: a progress bar, a line per finished item, resumed on drops."""

from __future__ import annotations

import asyncio
import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from runcast.cli.remote import Session
from runcast.cli.spending import total_cost, total_tokens
from runcast.client import GraphQLClientError, GraphQLClientGraphQLMultiError
from runcast.client.generated import (
    ItemStatus,
    RunEventsRunEventsItemFinished,
    RunEventsRunEventsOutputDelta,
    RunEventsRunEventsProgressUpdate,
    RunEventsRunEventsRunStatusChange,
    RunStatus,
    RunSummary,
)

__all__ = ["RunDisplay", "follow_run"]

TERMINAL = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED})
RECONNECT_ATTEMPTS = 8
"""Reconnections in a row without an event before watching gives up."""
_MAX_BACKOFF_SECONDS = 4.0
_SERVER_ERRORS = 500
_APPLICATION_CLOSE_CODES = 4000
"""graphql-transport-ws closes with 44xx for refusals: not worth resuming."""


class RunDisplay:
    """The live view of one run on stderr; silent when ``quiet``.

    With ``stream``, each item's output goes to stdout as it is written, one
    line per item (``[item 3] …``), and no bar is drawn: a bar redrawn on
    the terminal would tear the half-written lines.
    """

    def __init__(
        self, console: Console, run: RunSummary, *, quiet: bool, stream: bool = False
    ) -> None:
        self._console = console
        self._quiet = quiet
        self._stream = stream
        self._streaming: tuple[int, int] | None = None
        """The item and attempt whose output the last line of stdout holds."""
        self._scored = 0
        self._passed = 0
        self._tokens = total_tokens(run.usage)
        self._cost = total_cost(run.usage)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            console=console,
            disable=quiet or stream,
        )
        self._task = self._progress.add_task(
            f"{run.experiment.name} {run.status.value}",
            total=run.progress.total,
            completed=run.progress.succeeded + run.progress.failed,
            counts="",
        )
        self._failed = run.progress.failed

    def __enter__(self) -> RunDisplay:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()
        if self._streaming is not None:
            self._end_output(self._streaming[0])

    def say(self, text: str) -> None:
        """A line above the bar (also when quiet: it is news a script needs)."""
        self._console.print(text, markup=False, highlight=False, soft_wrap=True)

    def show(
        self,
        event: RunEventsRunEventsItemFinished
        | RunEventsRunEventsProgressUpdate
        | RunEventsRunEventsRunStatusChange
        | RunEventsRunEventsOutputDelta
        | object,
    ) -> None:
        """Apply one event of the run to the view."""
        match event:
            case RunEventsRunEventsOutputDelta() if self._stream:
                self._write_output(event)
            case RunEventsRunEventsProgressUpdate(progress=progress, usage=usage):
                self._tokens = total_tokens(usage)
                self._cost = total_cost(usage)
                self._failed = progress.failed
                self._update(
                    total=progress.total, completed=progress.succeeded + progress.failed
                )
            case RunEventsRunEventsItemFinished():
                self._end_output(event.item_index)
                self._count(event)
                if not self._quiet:
                    self.say(_item_line(event))
                self._update()
            case RunEventsRunEventsRunStatusChange(status=status):
                description = self._progress.tasks[0].description.rsplit(" ", 1)[0]
                self._update(description=f"{description} {status.value}")

    def _write_output(self, delta: RunEventsRunEventsOutputDelta) -> None:
        key = (delta.item_index, delta.attempt)
        if self._streaming != key:
            start = "" if self._streaming is None else "\n"
            retry = f", attempt {delta.attempt}" if delta.attempt > 1 else ""
            sys.stdout.write(f"{start}[item {delta.item_index}{retry}] ")
            self._streaming = key
        sys.stdout.write(delta.text)
        sys.stdout.flush()

    def _end_output(self, item_index: int) -> None:
        if self._streaming is not None and self._streaming[0] == item_index:
            sys.stdout.write("\n")
            sys.stdout.flush()
            self._streaming = None

    def _count(self, item: RunEventsRunEventsItemFinished) -> None:
        if item.score is not None:
            self._scored += 1
            # an item passes, scoring 1, when every assertion that weighs held
            self._passed += item.score == 1

    def _update(
        self,
        *,
        total: int | None = None,
        completed: int | None = None,
        description: str | None = None,
    ) -> None:
        parts = [f"{self._failed} failed"]
        if self._scored:
            parts.append(f"pass rate {self._passed / self._scored:.1%}")
        parts.append(f"{self._tokens} tokens")
        parts.append(f"cost {self._cost:.6f}")
        self._progress.update(
            self._task,
            total=total,
            completed=completed,
            description=description,
            counts=", ".join(parts),
        )


def _item_line(item: RunEventsRunEventsItemFinished) -> str:
    parts = [f"item {item.item_index}", item.item_status.value]
    if item.item_status is ItemStatus.FAILED and item.error is not None:
        parts.append(f"{item.error.code}: {item.error.message}")
    if item.score is not None:
        failed = [
            r.name or r.kind.value
            for r in item.assertion_results
            if not r.passed and r.weight > 0
        ]
        verdict = "passed" if not failed else f"failed {', '.join(failed)}"
        parts.append(f"score {item.score:.2f} ({verdict})")
    if item.latency_ms is not None:
        parts.append(f"{item.latency_ms:.0f} ms")
    parts.append(f"{total_tokens(item.usage)} tokens")
    return "  ".join(parts)


async def follow_run(session: Session, run_id: str, display: RunDisplay) -> None:
    """Show the run's events until its terminal one, resuming after drops.

    A dropped connection (the server restarted, the network broke) is
    resumed after the last event's cursor, so nothing is missed or shown
    twice; a stream that ends before the terminal event counts as a drop.
    """
    cursor: str | None = None
    drops = 0
    while True:
        try:
            async for event in session.client.run_events(run_id=run_id, after=cursor):
                cursor = event.cursor
                drops = 0
                display.show(event)
                if (
                    isinstance(event, RunEventsRunEventsRunStatusChange)
                    and event.status in TERMINAL
                ):
                    return
        except (WebSocketException, OSError, GraphQLClientError) as error:
            if not _is_drop(error) or drops >= RECONNECT_ATTEMPTS:
                raise
        else:
            if drops >= RECONNECT_ATTEMPTS:
                raise GraphQLClientError(
                    f"the server ends run {run_id}'s events before its end"
                )
        drops += 1
        display.say(f"runcast: connection to {session.url} lost; resuming")
        await asyncio.sleep(min(0.25 * 2**drops, _MAX_BACKOFF_SECONDS))


def _is_drop(error: Exception) -> bool:
    """Whether ``error`` is a broken connection worth resuming, not a refusal."""
    match error:
        case GraphQLClientGraphQLMultiError():
            return False
        case InvalidStatus():
            return error.response.status_code >= _SERVER_ERRORS
        case ConnectionClosed():
            return error.rcvd is None or error.rcvd.code < _APPLICATION_CLOSE_CODES
    return True

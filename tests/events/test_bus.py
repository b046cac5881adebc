"""The bus wakes only the listeners of the topic an event belongs to."""

from __future__ import annotations

from runcast.domain.events import EventNotice, RunEventKind, Topic
from runcast.domain.runs import RunStatus
from runcast.events.bus import EVERY_EVENT, InMemoryEventBus


def notice(
    event_id: int,
    *,
    run_id: str = "run-a",
    experiment_id: str = "experiment-a",
    kind: RunEventKind = RunEventKind.OUTPUT_DELTA,
    status: RunStatus | None = None,
) -> EventNotice:
    return EventNotice(
        id=event_id,
        run_id=run_id,
        experiment_id=experiment_id,
        kind=kind,
        status=status,
    )


class TestTargetedWakeUps:
    async def test_run_listener_wakes_for_its_run_only(self) -> None:
        """An event of another run leaves a run's listener asleep."""
        bus = InMemoryEventBus()
        with bus.listen(Topic(run_id="run-a")) as mine:
            await bus.publish([notice(1, run_id="run-b")])
            assert mine.latest == 0

            await bus.publish([notice(2, run_id="run-a")])

            assert mine.latest == 2

    async def test_status_listener_ignores_output(self) -> None:
        """A watcher of a run's status is not woken by its streamed output."""
        bus = InMemoryEventBus()
        status = Topic(run_id="run-a", kinds=frozenset({RunEventKind.STATUS}))
        with bus.listen(status) as watcher:
            await bus.publish([notice(1), notice(2)])
            assert watcher.latest == 0

            await bus.publish(
                [notice(3, kind=RunEventKind.STATUS, status=RunStatus.CANCELLING)]
            )

            assert watcher.latest == 3

    async def test_idle_worker_wakes_for_runs_becoming_pending(self) -> None:
        """Of all status changes, only a run becoming PENDING is work."""
        bus = InMemoryEventBus()
        pending = Topic(
            kinds=frozenset({RunEventKind.STATUS}),
            statuses=frozenset({RunStatus.PENDING}),
        )
        with bus.listen(pending) as worker:
            await bus.publish(
                [
                    notice(1, kind=RunEventKind.STATUS, status=RunStatus.RUNNING),
                    notice(2, run_id="run-b"),
                ]
            )
            assert worker.latest == 0

            await bus.publish(
                [notice(3, kind=RunEventKind.STATUS, status=RunStatus.PENDING)]
            )

            assert worker.latest == 3

    async def test_experiment_and_every_event_listeners(self) -> None:
        """Experiment listeners hear their experiment's runs; EVERY_EVENT hears all."""
        bus = InMemoryEventBus()
        with (
            bus.listen(Topic(experiment_id="experiment-a")) as experiment,
            bus.listen(EVERY_EVENT) as everything,
        ):
            await bus.publish([notice(1, experiment_id="experiment-b")])
            await bus.publish([notice(2)])

            assert (experiment.latest, everything.latest) == (2, 2)

    async def test_leaving_listener_is_forgotten(self) -> None:
        """A listener whose block ended is never woken again."""
        bus = InMemoryEventBus()
        with bus.listen(Topic(run_id="run-a")) as gone:
            pass

        await bus.publish([notice(1)])

        assert gone.latest == 0

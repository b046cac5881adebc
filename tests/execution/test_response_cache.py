"""The response cache: identical requests are answered from the database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from runcast.domain.events import ItemFinished, OutputDelta, ProgressUpdate
from runcast.domain.experiments import ExperimentConfigCreate, ExperimentConfigUpdate
from runcast.domain.runs import CacheMode, ItemStatus, Run, RunItem, RunStatus, Usage
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.executors import GatedExecutor, ScriptedExecutor
from tests.support.openai_server import ScriptedModel

ROWS = 4


def config(name: str = "cached", **extra: Any) -> ExperimentConfigCreate:
    """An experiment of ROWS rows whose answers are checked for "answer"."""
    return ExperimentConfigCreate.model_validate(
        {
            "name": name,
            "prompt": "Describe {{ topic }}",
            "dataset": [{"variables": {"topic": f"topic {n}"}} for n in range(ROWS)],
            "assertions": [{"kind": "contains", "value": "answer"}],
            **extra,
        }
    )


async def execute(
    orchestrator: Orchestrator,
    worker: Worker,
    experiment_id: str,
    cache: CacheMode = CacheMode.USE,
) -> tuple[Run, list[RunItem]]:
    """Create a run with this cache mode, execute it; the run and its items."""
    run = await orchestrator.create_run(experiment_id=experiment_id, cache=cache)
    await worker.run_once()
    return (
        await orchestrator.get_run(run_id=run.id),
        await orchestrator.list_run_items(run_id=run.id),
    )


@pytest.fixture
def executor() -> ScriptedExecutor:
    """Answers ``answer <index>`` and records every call."""
    return ScriptedExecutor()


class TestCacheUse:
    async def test_second_run_makes_no_calls_and_costs_nothing(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """An unchanged experiment's second run is answered whole from the cache."""
        experiment = await orchestrator.create_experiment(config())
        first, first_items = await execute(orchestrator, worker, experiment.id)

        second, second_items = await execute(orchestrator, worker, experiment.id)

        assert sorted(executor.items_executed_for(first.id)) == list(range(ROWS))
        assert sorted(executor.items_executed_for(second.id)) == []
        assert first.usage.cost > 0
        assert second.usage == Usage()
        assert second.status is RunStatus.SUCCEEDED
        assert (second.progress.succeeded, second.progress.cached) == (ROWS, ROWS)
        assert first.progress.cached == 0
        assert [item.cached for item in second_items] == [True] * ROWS
        assert [
            (item.output, item.usage, item.latency_ms, item.score)
            for item in second_items
        ] == [
            (item.output, item.usage, item.latency_ms, item.score)
            for item in first_items
        ]

    async def test_cached_answers_stream_through_the_same_events(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """From the events alone a subscriber rebuilds a cached run's outputs."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)
        second, items = await execute(orchestrator, worker, experiment.id)

        rebuilt: dict[int, str] = {}
        finished: dict[int, ItemFinished] = {}
        progress: list[ProgressUpdate] = []
        async for event in orchestrator.run_events(run_id=second.id):
            payload = event.payload
            if isinstance(payload, OutputDelta):
                rebuilt[payload.item_index] = (
                    rebuilt.get(payload.item_index, "") + payload.text
                )
            elif isinstance(payload, ItemFinished):
                finished[payload.item_index] = payload
            elif isinstance(payload, ProgressUpdate):
                progress.append(payload)

        assert rebuilt == {item.index: item.output for item in items}
        assert all(event.cached for event in finished.values())
        assert [update.progress.cached for update in progress] == list(
            range(1, ROWS + 1)
        )
        assert [update.usage for update in progress] == [Usage()] * ROWS

    async def test_identical_requests_of_other_experiments_share_answers(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """The key is the request: another experiment asking the same is a hit."""
        first = await orchestrator.create_experiment(config("first"))
        other = await orchestrator.create_experiment(config("other"))
        await execute(orchestrator, worker, first.id)

        run, items = await execute(orchestrator, worker, other.id)

        assert sorted(executor.items_executed_for(run.id)) == []
        assert all(item.cached for item in items)

    async def test_changed_model_settings_miss_the_cache(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A new temperature or system prompt is another request: asked again."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)
        warmer = await orchestrator.create_experiment(
            config("warmer", model={"temperature": 1.0})
        )
        briefer = await orchestrator.create_experiment(
            config("briefer", model={"system_prompt": "Be brief."})
        )

        warm_run, _ = await execute(orchestrator, worker, warmer.id)
        brief_run, _ = await execute(orchestrator, worker, briefer.id)

        assert sorted(executor.items_executed_for(warm_run.id)) == list(range(ROWS))
        assert sorted(executor.items_executed_for(brief_run.id)) == list(range(ROWS))

    async def test_cached_items_spend_nothing_of_the_budget(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A budget smaller than one answer is not touched by cached answers."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)
        frugal = await orchestrator.create_experiment(
            config("frugal", budget={"max_tokens": 1})
        )

        run, items = await execute(orchestrator, worker, frugal.id)

        assert run.status is RunStatus.SUCCEEDED
        assert run.usage == Usage()
        assert [item.status for item in items] == [ItemStatus.SUCCEEDED] * ROWS


class TestCacheRefresh:
    async def test_refresh_asks_again_and_replaces_the_answers(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """REFRESH calls the model for every item; later hits get the new answers."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)
        executor.answer = "new answer"

        refreshed, refreshed_items = await execute(
            orchestrator, worker, experiment.id, CacheMode.REFRESH
        )
        reused, reused_items = await execute(orchestrator, worker, experiment.id)

        assert sorted(executor.items_executed_for(refreshed.id)) == list(range(ROWS))
        assert refreshed.cache is CacheMode.REFRESH
        assert refreshed.usage.cost > 0
        assert not any(item.cached for item in refreshed_items)
        assert sorted(executor.items_executed_for(reused.id)) == []
        assert [item.output for item in reused_items] == [
            f"new answer {n}" for n in range(ROWS)
        ]


class TestCacheOff:
    async def test_off_neither_reads_nor_writes(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """An OFF run asks the model though answers are kept, and keeps none."""
        experiment = await orchestrator.create_experiment(config())
        unkept, _ = await execute(orchestrator, worker, experiment.id, CacheMode.OFF)
        filling, _ = await execute(orchestrator, worker, experiment.id)

        unread, items = await execute(
            orchestrator, worker, experiment.id, CacheMode.OFF
        )

        assert sorted(executor.items_executed_for(unkept.id)) == list(range(ROWS))
        assert sorted(executor.items_executed_for(filling.id)) == list(range(ROWS))
        assert sorted(executor.items_executed_for(unread.id)) == list(range(ROWS))
        assert not any(item.cached for item in items)


class TestFailuresAreNotCached:
    @pytest.fixture
    def executor(self) -> ScriptedExecutor:
        """Item 1 fails, not retryably."""
        return ScriptedExecutor(failing={1})

    async def test_errored_call_is_asked_again(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A failed item's next run calls the model; the others are hits."""
        experiment = await orchestrator.create_experiment(config())
        first, _ = await execute(orchestrator, worker, experiment.id)
        executor.failing.clear()

        second, items = await execute(orchestrator, worker, experiment.id)

        assert first.status is RunStatus.FAILED
        assert sorted(executor.items_executed_for(second.id)) == [1]
        assert [item.cached for item in items] == [True, False, True, True]
        assert second.status is RunStatus.SUCCEEDED

    async def test_rerun_of_failed_items_asks_only_for_those(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A rerun of everything with the cache in use calls the model for item 1."""
        experiment = await orchestrator.create_experiment(config())
        first, _ = await execute(orchestrator, worker, experiment.id)
        executor.failing.clear()

        rerun = await orchestrator.rerun(run_id=first.id)
        await worker.run_once()

        assert sorted(executor.items_executed_for(rerun.id)) == [1]
        assert (await orchestrator.get_run(run_id=rerun.id)).progress.cached == 3


class TestCancelledAnswersAreNotCached:
    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Item 0 is answered at once; the others wait for the gate."""
        return GatedExecutor(open_items={0})

    async def test_answer_cut_short_by_a_cancel_is_not_kept(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        executor: GatedExecutor,
        settings: Settings,
    ) -> None:
        """Only the complete answer of a cancelled run is kept in the cache."""
        experiment = await orchestrator.create_experiment(config())
        cancelled = await orchestrator.create_run(experiment_id=experiment.id)
        working = asyncio.create_task(worker.run_once())
        await executor.started.wait()
        async for event in orchestrator.run_events(run_id=cancelled.id):
            if isinstance(event.payload, ItemFinished):
                break  # item 0 has its result
        await orchestrator.cancel_run(run_id=cancelled.id)
        await working
        executor.gate.set()

        second, items = await execute(orchestrator, worker, experiment.id)

        assert (await orchestrator.get_run(run_id=cancelled.id)).status is (
            RunStatus.CANCELLED
        )
        assert [item.cached for item in items] == [True, False, False, False]
        assert second.progress.cached == 1


class TestSharedBetweenProcesses:
    @pytest.fixture
    def other_executor(self) -> ScriptedExecutor:
        """The executor of the second runtime."""
        return ScriptedExecutor()

    @pytest.fixture
    async def other(
        self, settings: Settings, other_executor: ScriptedExecutor
    ) -> AsyncIterator[Runtime]:
        """A second runtime on the same database: a Database of its own."""
        runtime = Runtime(settings, executor=other_executor)
        await runtime.start()
        yield runtime
        await runtime.stop()

    async def test_answers_kept_by_one_runtime_serve_another(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        other: Runtime,
        other_executor: ScriptedExecutor,
    ) -> None:
        """A run executed by the second runtime's worker is all hits."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)

        run, items = await execute(
            other.orchestrator, other.new_worker(), experiment.id
        )

        assert other_executor.executed == []
        assert run.usage == Usage()
        assert all(item.cached for item in items)


class LoggedSimulatedExecutor:
    """The simulated executor of the settings, logging every call it answers
    (with its purpose, answer or judge)."""

    @pytest.fixture
    def executor(self) -> None:
        return

    @pytest.fixture
    def settings(self, settings: Settings, tmp_path: Path) -> Settings:
        return settings.model_copy(
            update={"simulated_execution_log": tmp_path / "calls.jsonl"}
        )


class TestSimulatedExecutor(LoggedSimulatedExecutor):
    async def test_execution_log_shows_no_call_for_the_second_run(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """The simulated executor is called for the first run only."""
        experiment = await orchestrator.create_experiment(config())
        first, first_items = await execute(orchestrator, worker, experiment.id)

        second, second_items = await execute(orchestrator, worker, experiment.id)

        assert settings.simulated_execution_log is not None
        calls = [
            json.loads(line)["run_id"]
            for line in settings.simulated_execution_log.read_text().splitlines()
        ]
        assert calls == [first.id] * ROWS
        assert second.usage.cost == 0
        assert [item.output for item in second_items] == [
            item.output for item in first_items
        ]

    async def test_another_seed_is_another_endpoint(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """Answers of one simulated seed are not served for another."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id)
        reseeded = Runtime(settings.model_copy(update={"simulated_seed": 7}))
        await reseeded.start()
        try:
            run, items = await execute(
                reseeded.orchestrator, reseeded.new_worker(), experiment.id
            )
        finally:
            await reseeded.stop()

        assert not any(item.cached for item in items)
        assert run.usage.cost > 0


class TestOpenAIExecutor:
    @pytest.fixture
    def executor(self) -> None:
        """The real executors: the OpenAI one talks to the scripted model."""
        return

    @pytest.fixture
    def settings(self, settings: Settings, model_url: str) -> Settings:
        """The scripted model's loopback URL may be called."""
        return settings.model_copy(update={"allowed_base_urls": [model_url]})

    async def test_second_run_sends_no_request(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The local OpenAI-compatible server sees the first run's requests only."""
        experiment = await orchestrator.create_experiment(
            config(model={"executor": "openai", "model": "tiny", "base_url": model_url})
        )
        await execute(orchestrator, worker, experiment.id)
        sent = len(model.requests)

        run, items = await execute(orchestrator, worker, experiment.id)

        assert sent == ROWS
        assert len(model.requests) == ROWS
        assert [item.output for item in items] == ["Hello, world!"] * ROWS
        assert all(item.cached for item in items)
        assert run.usage == Usage()


def calls_of(settings: Settings, run: Run, purpose: str) -> int:
    """How many calls of this purpose the simulated executor answered for ``run``."""
    assert settings.simulated_execution_log is not None
    lines = settings.simulated_execution_log.read_text().splitlines()
    return sum(
        (call["run_id"], call.get("purpose", "answer")) == (run.id, purpose)
        for call in map(json.loads, lines)
    )


def verdicts(items: list[RunItem]) -> list[tuple[object, ...]]:
    """What each item's judge decided, in order."""
    return [
        (result.passed, result.score, result.verdict, result.reasoning)
        for item in items
        for result in item.assertion_results
    ]


JUDGED = [{"kind": "llm_judge", "value": "Says hello."}]


class TestJudgedCachedItems(LoggedSimulatedExecutor):
    async def test_verdicts_are_kept_too_and_the_second_run_spends_nothing(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """An unchanged run's answers and its judges' verdicts both come from
        the cache: no call of either, nothing spent, the same verdicts."""
        experiment = await orchestrator.create_experiment(config(assertions=JUDGED))
        first, first_items = await execute(orchestrator, worker, experiment.id)

        second, second_items = await execute(orchestrator, worker, experiment.id)

        assert calls_of(settings, first, "judge") == ROWS
        assert (
            calls_of(settings, second, "answer"),
            calls_of(settings, second, "judge"),
        ) == (0, 0)
        assert first.usage.judge_cost > 0
        assert second.usage == Usage()
        assert verdicts(second_items) == verdicts(first_items)
        assert all(
            result.judge_usage == Usage()
            for item in second_items
            for result in item.assertion_results
        )

    async def test_another_rubric_asks_the_judge_again(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """A changed rubric is another request: answers hit, verdicts miss."""
        experiment = await orchestrator.create_experiment(config(assertions=JUDGED))
        await execute(orchestrator, worker, experiment.id)
        rubric = [{"kind": "llm_judge", "value": "Says hello, politely."}]
        await orchestrator.update_experiment(
            experiment_id=experiment.id,
            changes=ExperimentConfigUpdate.model_validate({"assertions": rubric}),
        )

        second, _ = await execute(orchestrator, worker, experiment.id)

        assert calls_of(settings, second, "answer") == 0
        assert calls_of(settings, second, "judge") == ROWS
        assert second.usage.cost == 0 < second.usage.judge_cost

    @pytest.mark.parametrize("mode", [CacheMode.REFRESH, CacheMode.OFF])
    async def test_refresh_and_off_ask_the_judge_again(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        settings: Settings,
        mode: CacheMode,
    ) -> None:
        """Verdicts follow the run's cache mode as answers do."""
        experiment = await orchestrator.create_experiment(config(assertions=JUDGED))
        await execute(orchestrator, worker, experiment.id)

        again, _ = await execute(orchestrator, worker, experiment.id, cache=mode)

        assert calls_of(settings, again, "judge") == ROWS

    async def test_a_run_without_the_cache_keeps_no_verdict(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """OFF neither reads nor writes: the next run's judges are asked."""
        experiment = await orchestrator.create_experiment(config(assertions=JUDGED))
        await execute(orchestrator, worker, experiment.id, cache=CacheMode.OFF)

        after, _ = await execute(orchestrator, worker, experiment.id)

        assert calls_of(settings, after, "answer") == ROWS
        assert calls_of(settings, after, "judge") == ROWS

"""LLM_JUDGE in the worker: judges over the OpenAI protocol and simulated ones."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from runcast.domain.assertions import AssertionKind
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.judgements import JudgeVerdict
from runcast.domain.runs import ItemStatus, RunItem, RunStatus
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import ModelPrice, Settings
from tests.support.openai_server import ScriptedModel

RUBRIC = "The answer names a capital city."
VERDICT = ('{"verdict": "pass", ', '"score": 0.75, ', '"reasoning": "Names Paris."}')


@pytest.fixture
def settings(settings: Settings, model_url: str) -> Settings:
    """A key and a price for the judge model; no waiting between retries."""
    return settings.model_copy(
        update={
            "retry_base_delay": 0,
            "item_timeout": 10.0,
            "openai_api_keys": {model_url: SecretStr("judge-key")},
            "model_prices": {
                "simulated-1": ModelPrice(input=0.5, output=1.5),
                "judge-1": ModelPrice(input=1_000_000, output=2_000_000),
            },
            "items_per_run": 1,
        }
    )


def judged_experiment(
    judge: dict[str, Any] | None, rows: int = 1, **extra: Any
) -> ExperimentConfigCreate:
    """An experiment answered by the simulated model and graded by ``judge``."""
    assertion: dict[str, Any] = {"kind": "llm_judge", "value": RUBRIC, "name": "judge"}
    if judge is not None:
        assertion["judge"] = judge
    return ExperimentConfigCreate.model_validate(
        {
            "name": "judged",
            "prompt": "Capital of {{ country }}?",
            "assertions": [assertion, {"kind": "max_tokens", "value": "1000"}],
            "dataset": [
                {"variables": {"country": f"land {n}"}, "expected": "Paris"}
                for n in range(rows)
            ],
            **extra,
        }
    )


async def run_to_the_end(
    orchestrator: Orchestrator, worker: Worker, config: ExperimentConfigCreate
) -> tuple[str, list[RunItem]]:
    """Create a run of ``config``, execute it; its id and items."""
    experiment = await orchestrator.create_experiment(config)
    run = await orchestrator.create_run(experiment_id=experiment.id)
    await worker.run_once()
    return run.id, await orchestrator.list_run_items(run_id=run.id)


def openai_judge(base_url: str) -> dict[str, Any]:
    """Judge settings naming the scripted model's endpoint."""
    return {"executor": "openai", "model": "judge-1", "base_url": base_url}


class TestOpenAIJudge:
    async def test_judge_request_carries_rubric_and_answer(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The judge is sent the rubric, the prompt, the answer and the reference."""
        model.script = [VERDICT]

        _, [item] = await run_to_the_end(
            orchestrator, worker, judged_experiment(openai_judge(model_url))
        )

        [request] = model.requests
        [message] = request["messages"]
        assert request["model"] == "judge-1"
        assert RUBRIC in message["content"]
        assert item.output is not None
        assert f"<answer>\n{item.output}\n</answer>" in message["content"]
        assert "<prompt>\nCapital of land 0?\n</prompt>" in message["content"]
        assert "<reference_answer>\nParis\n</reference_answer>" in message["content"]
        assert model.authorizations == ["Bearer judge-key"]

    async def test_verdict_reasoning_tokens_and_cost_are_stored_apart(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The judge's tokens and cost are counted apart from the answer's."""
        model.script = [VERDICT]

        run_id, [item] = await run_to_the_end(
            orchestrator, worker, judged_experiment(openai_judge(model_url))
        )

        run = await orchestrator.get_run(run_id=run_id)
        judged, _ = item.assertion_results
        prompt_words = len(model.requests[0]["messages"][-1]["content"].split())
        assert (judged.kind, judged.name, judged.passed) == (
            AssertionKind.LLM_JUDGE,
            "judge",
            True,
        )
        assert (judged.verdict, judged.score, judged.reasoning) == (
            JudgeVerdict.PASS,
            0.75,
            "Names Paris.",
        )
        assert judged.judge_usage is not None
        assert (
            judged.judge_usage.judge_input_tokens,
            judged.judge_usage.judge_output_tokens,
            judged.judge_usage.judge_cost,
        ) == (prompt_words, 3, prompt_words * 1.0 + 3 * 2.0)
        assert item.usage.input_tokens == 4  # "Capital of land 0?"
        assert item.usage.judge_input_tokens == prompt_words
        assert item.usage.judge_cost == pytest.approx(prompt_words + 6.0)
        assert item.usage.cost < 1  # the answer's own price, not the judge's
        assert run.usage == item.usage
        assert item.score == 1.0

    async def test_unparseable_verdict_fails_the_assertion_not_the_run(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """A judge answering prose fails its assertion with a clear message."""
        model.script = [("I would say", " it is fine.")]

        run_id, [item] = await run_to_the_end(
            orchestrator, worker, judged_experiment(openai_judge(model_url))
        )

        run = await orchestrator.get_run(run_id=run_id)
        judged, max_tokens = item.assertion_results
        assert run.status is RunStatus.SUCCEEDED
        assert item.status is ItemStatus.SUCCEEDED
        assert judged.passed is False
        assert judged.message == (
            "the judge's answer is not a JSON verdict: 'I would say it is fine.'"
        )
        assert judged.verdict is None
        assert max_tokens.passed is True
        assert item.score == 0.5
        assert item.usage.judge_output_tokens == 2  # spent, though unreadable

    async def test_failing_verdict_fails_the_assertion_with_its_reasoning(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """A FAIL verdict fails the assertion; the message gives the reason."""
        model.script = [('{"verdict": "fail", "score": 0.2, "reasoning": "Vague."}',)]

        _, [item] = await run_to_the_end(
            orchestrator, worker, judged_experiment(openai_judge(model_url))
        )

        judged, _ = item.assertion_results
        assert judged.passed is False
        assert judged.verdict is JudgeVerdict.FAIL
        assert judged.message == "the judge's verdict is FAIL: Vague."


class TestUnreachableJudge:
    @pytest.fixture
    def closed_url(self) -> str:
        """The base URL of a loopback port nothing listens on."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return f"http://127.0.0.1:{port}/v1"

    @pytest.fixture
    def settings(self, settings: Settings, closed_url: str) -> Settings:
        """The closed endpoint may be called (and fails at once)."""
        return settings.model_copy(
            update={"allowed_base_urls": [closed_url], "allow_private_base_urls": True}
        )

    async def test_unreachable_judge_fails_its_assertion_with_the_error(
        self, orchestrator: Orchestrator, worker: Worker, closed_url: str
    ) -> None:
        """A judge that cannot be reached is that assertion's failure alone."""
        run_id, [item] = await run_to_the_end(
            orchestrator, worker, judged_experiment(openai_judge(closed_url))
        )

        run = await orchestrator.get_run(run_id=run_id)
        judged, _ = item.assertion_results
        assert run.status is RunStatus.SUCCEEDED
        assert item.status is ItemStatus.SUCCEEDED
        assert judged.passed is False
        assert judged.message is not None
        assert judged.message.startswith(
            "the judge did not answer: CONNECTION_ERROR: could not reach the model"
        )
        assert judged.judge_usage is None


class TestSimulatedJudge:
    @pytest.fixture
    def settings(self, settings: Settings, tmp_path: Path) -> Settings:
        """Calls are logged, so the judge's can be told from the answers'."""
        return settings.model_copy(
            update={"simulated_execution_log": tmp_path / "calls.jsonl"}
        )

    async def test_simulated_judge_grades_the_same_every_time(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Without a judge of its own, the experiment's simulated model judges."""
        first = await run_to_the_end(
            orchestrator, worker, judged_experiment(None, rows=5)
        )
        second = await run_to_the_end(
            orchestrator,
            worker,
            judged_experiment(None, rows=5).model_copy(update={"name": "again"}),
        )

        def verdicts(items: list[RunItem]) -> list[tuple[Any, ...]]:
            return [
                (r.verdict, r.score, r.reasoning, r.passed)
                for item in items
                for r in item.assertion_results[:1]
            ]

        assert verdicts(first[1]) == verdicts(second[1])
        assert all(verdict is not None for verdict, *_ in verdicts(first[1]))

    async def test_execution_log_marks_the_judges_calls(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """Each item is answered once and judged once."""
        run_id, _ = await run_to_the_end(
            orchestrator, worker, judged_experiment(None, rows=2)
        )

        assert settings.simulated_execution_log is not None
        calls = [
            json.loads(line)
            for line in settings.simulated_execution_log.read_text().splitlines()
        ]
        assert sorted(
            (call["item_index"], call.get("purpose", "answer")) for call in calls
        ) == [(0, "answer"), (0, "judge"), (1, "answer"), (1, "judge")]
        assert {call["run_id"] for call in calls} == {run_id}

    async def test_token_budget_counts_the_judges_tokens(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Answers alone stay under the budget; with the judge's, it is spent."""
        config = judged_experiment(None, rows=3, budget={"max_tokens": 100})

        run_id, items = await run_to_the_end(orchestrator, worker, config)

        run = await orchestrator.get_run(run_id=run_id)
        assert run.status is RunStatus.FAILED
        assert run.error is not None
        assert run.error.code == "BUDGET_EXCEEDED"
        assert run.usage.input_tokens + run.usage.output_tokens < 100
        assert run.usage.total_tokens >= 100
        # had only the answers counted, the run would have gone on to the end
        assert items[-1].status is ItemStatus.PENDING

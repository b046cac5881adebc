"""SIMILAR by embeddings: an embedding model measures how close two meanings are."""

from __future__ import annotations

import json
import math
import socket
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from pydantic import ValidationError as PydanticValidationError
from starlette.responses import JSONResponse

from runcast.domain.assertions import Assertion, AssertionKind
from runcast.domain.experiments import (
    ExecutorKind,
    ExperimentConfigCreate,
    ModelSettings,
)
from runcast.domain.runs import CacheMode, ItemStatus, Outcome, RunItem, RunStatus
from runcast.execution.embedding import cosine_similarity
from runcast.execution.executor import EmbeddingRequest
from runcast.execution.simulated import SimulatedExecutor
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import ModelPrice, Settings
from tests.support.openai_server import ScriptedModel

ANSWER = "Hello, world!"
"""What the scripted model answers (its pieces joined)."""


@pytest.fixture
def unreachable_url() -> str:
    """A loopback base URL nothing listens on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def settings(settings: Settings, model_url: str, unreachable_url: str) -> Settings:
    """The scripted model answers and embeds, with a key and a price; the
    unreachable URL may be called."""
    return settings.model_copy(
        update={
            "allowed_base_urls": [unreachable_url],
            "retry_base_delay": 0,
            "item_timeout": 10.0,
            "openai_base_url": model_url,
            "openai_api_keys": {model_url: SecretStr("embed-key")},
            "model_prices": {"embed-1": ModelPrice(input=1_000_000, output=0)},
        }
    )


def embedded_experiment(threshold: float | None = 0.7) -> ExperimentConfigCreate:
    """One row answered by the scripted model, compared with "Paris" by meaning."""
    embedding = {"executor": "openai", "model": "embed-1"}
    return ExperimentConfigCreate.model_validate(
        {
            "name": "embedded",
            "prompt": "Capital of {{ country }}?",
            "model": {"executor": "openai", "model": "chat-1"},
            "assertions": [
                {"kind": "similar", "embedding": embedding, "threshold": threshold}
            ],
            "dataset": [{"variables": {"country": "France"}, "expected": "Paris"}],
        }
    )


async def run_to_the_end(
    orchestrator: Orchestrator, worker: Worker, config: ExperimentConfigCreate
) -> tuple[str, RunItem]:
    """Create a run of ``config`` and execute it; its id and its one item."""
    experiment = await orchestrator.create_experiment(config)
    run = await orchestrator.create_run(experiment_id=experiment.id)
    await worker.run_once()
    [item] = await orchestrator.list_run_items(run_id=run.id)
    return run.id, item


class TestCosineSimilarity:
    def test_hand_checked_angles(self) -> None:
        """Same direction 1, 45 degrees 0.7071, a right angle 0."""
        assert cosine_similarity([2.0, 0.0], [5.0, 0.0]) == 1.0
        assert cosine_similarity([1.0, 0.0], [1.0, 1.0]) == pytest.approx(
            1 / math.sqrt(2)
        )
        assert cosine_similarity([1.0, 0.0], [0.0, 3.0]) == 0.0

    def test_opposite_and_zero_vectors_measure_nothing(self) -> None:
        """A similarity is 0 to 1: an opposite or an empty vector is 0."""
        assert cosine_similarity([1.0, 0.0], [-1.0, 0.0]) == 0.0
        assert cosine_similarity([0.0, 0.0], [1.0, 0.0]) == 0.0

    def test_vectors_of_other_lengths_do_not_compare(self) -> None:
        with pytest.raises(ValueError, match="2 and 3 dimensions"):
            cosine_similarity([1.0, 0.0], [1.0, 0.0, 0.0])


class TestAssertion:
    def test_only_similar_takes_an_embedding_model(self) -> None:
        """Any other kind with an embedding model is refused at `embedding`."""
        with pytest.raises(PydanticValidationError) as error:
            Assertion(kind=AssertionKind.CONTAINS, value="x", embedding=ModelSettings())

        [detail] = error.value.errors()
        assert detail["loc"] == ("embedding",)
        assert "only similar does" in detail["msg"]

    def test_similar_with_an_embedding_model_embeds(self) -> None:
        assertion = Assertion(kind=AssertionKind.SIMILAR, embedding=ModelSettings())

        assert assertion.embeds
        assert not Assertion(kind=AssertionKind.SIMILAR).embeds


class TestSimulatedEmbeddings:
    async def test_same_words_point_the_same_way_and_others_elsewhere(
        self, tmp_path: Path
    ) -> None:
        """Word order and case do not matter; texts sharing no word are orthogonal."""
        log = tmp_path / "calls.jsonl"
        executor = SimulatedExecutor(execution_log=log)
        request = EmbeddingRequest(
            run_id="r",
            item_index=4,
            texts=["Paris is the capital", "the capital is paris", "Tokyo"],
            settings=ModelSettings(),
        )

        embeddings = await executor.embed(request)

        same, reordered, other = embeddings.vectors
        assert cosine_similarity(same, reordered) == pytest.approx(1.0)
        assert cosine_similarity(same, other) == 0.0
        assert embeddings.input_tokens == 9
        assert [json.loads(line) for line in log.read_text().splitlines()] == [
            {"run_id": "r", "item_index": 4, "attempt": 1, "purpose": "embedding"}
        ]


class TestOpenAIEmbeddings:
    async def test_similarity_of_answer_and_expected_scores_the_item(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """The answer and "Paris" are embedded in one call; 45 degrees passes 0.7."""
        model.vectors = {ANSWER: [1.0, 1.0], "Paris": [1.0, 0.0]}

        run_id, item = await run_to_the_end(orchestrator, worker, embedded_experiment())

        [request] = model.embedding_requests
        assert request == {"model": "embed-1", "input": [ANSWER, "Paris"]}
        assert model.authorizations[-1] == "Bearer embed-key"
        [result] = item.assertion_results
        assert (result.passed, result.score) == (True, round(1 / math.sqrt(2), 6))
        assert item.outcome is Outcome.PASSED
        assert result.judge_usage is not None
        assert result.judge_usage.judge_input_tokens == 14
        assert result.judge_usage.judge_cost == pytest.approx(14.0)
        run = await orchestrator.get_run(run_id=run_id)
        assert run.usage.judge_cost == pytest.approx(14.0)

    async def test_a_distant_meaning_fails_with_its_similarity(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """Below the threshold the assertion fails, saying how close it came."""
        model.vectors = {ANSWER: [1.0, 1.0], "Paris": [1.0, 0.0]}

        _, item = await run_to_the_end(
            orchestrator, worker, embedded_experiment(threshold=0.9)
        )

        [result] = item.assertion_results
        assert not result.passed
        assert result.message == "embedding similarity 0.707 is below 0.9"
        assert item.outcome is Outcome.FAILED_ASSERTIONS

    async def test_a_failing_embedding_model_fails_the_assertion_not_the_run(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """A 400 is not retried; the item is answered and fails its assertion."""
        model.embedding_script = [400]

        run_id, item = await run_to_the_end(orchestrator, worker, embedded_experiment())

        [result] = item.assertion_results
        assert not result.passed
        assert result.message == (
            "the embedding model did not answer: HTTP_400: "
            "the model answered HTTP 400: status 400"
        )
        assert item.status is ItemStatus.SUCCEEDED
        assert len(model.embedding_requests) == 1
        run = await orchestrator.get_run(run_id=run_id)
        assert run.status is RunStatus.SUCCEEDED

    async def test_a_server_error_is_retried(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """A 500 is asked again, and the second answer measures."""
        model.embedding_script = [500]
        model.vectors = {ANSWER: [0.0, 1.0], "Paris": [0.0, 2.0]}

        _, item = await run_to_the_end(orchestrator, worker, embedded_experiment())

        [result] = item.assertion_results
        assert (result.passed, result.score) == (True, 1.0)
        assert len(model.embedding_requests) == 2

    async def test_vectors_that_do_not_match_fail_the_assertion(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """Vectors of two lengths cannot be compared: the assertion says so."""
        model.vectors = {ANSWER: [1.0, 1.0, 0.0], "Paris": [1.0, 0.0]}

        _, item = await run_to_the_end(orchestrator, worker, embedded_experiment())

        [result] = item.assertion_results
        assert not result.passed
        assert result.message == (
            "the embedding model's vectors do not compare: "
            "vectors of 3 and 2 dimensions"
        )

    async def test_an_answer_that_is_no_embeddings_list_fails_the_assertion(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """A 200 whose body is not an embeddings list is a protocol error."""
        model.embedding_script = [JSONResponse({"data": "nothing"})]

        _, item = await run_to_the_end(orchestrator, worker, embedded_experiment())

        [result] = item.assertion_results
        assert result.message is not None
        assert result.message.startswith(
            "the embedding model did not answer: PROTOCOL_ERROR: "
            "the embedding model's answer is malformed"
        )
        assert len(model.embedding_requests) == 1

    async def test_an_unreachable_embedding_model_fails_the_assertion(
        self, orchestrator: Orchestrator, worker: Worker, unreachable_url: str
    ) -> None:
        """Nothing listens on the port: the call cannot connect."""
        config = embedded_experiment()
        [assertion] = config.assertions
        unreachable = ModelSettings(
            executor=ExecutorKind.OPENAI, model="embed-1", base_url=unreachable_url
        )
        config = config.model_copy(
            update={
                "assertions": [assertion.model_copy(update={"embedding": unreachable})]
            }
        )

        _, item = await run_to_the_end(orchestrator, worker, config)

        [result] = item.assertion_results
        assert result.message is not None
        assert result.message.startswith(
            "the embedding model did not answer: CONNECTION_ERROR: "
            "could not reach the embedding model"
        )


class TestResponseCache:
    async def test_an_unchanged_rerun_embeds_nothing_and_spends_nothing(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """The second run's answer and embeddings both come from the cache."""
        model.vectors = {ANSWER: [1.0, 1.0], "Paris": [1.0, 0.0]}
        experiment = await orchestrator.create_experiment(embedded_experiment())
        first = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()

        second = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()

        assert len(model.embedding_requests) == 1
        [first_item] = await orchestrator.list_run_items(run_id=first.id)
        [second_item] = await orchestrator.list_run_items(run_id=second.id)
        [kept] = second_item.assertion_results
        assert (kept.passed, kept.score) == (True, round(1 / math.sqrt(2), 6))
        assert first_item.assertion_results[0].score == kept.score
        assert kept.judge_usage is not None
        assert kept.judge_usage.judge_cost == 0
        assert (await orchestrator.get_run(run_id=second.id)).usage.judge_cost == 0

    async def test_refresh_embeds_again_and_off_keeps_nothing(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """REFRESH asks again; after OFF runs, a USE run still finds nothing."""
        experiment = await orchestrator.create_experiment(embedded_experiment())
        for mode in (CacheMode.OFF, CacheMode.OFF, CacheMode.USE, CacheMode.REFRESH):
            await orchestrator.create_run(experiment_id=experiment.id, cache=mode)
            await worker.run_once()

        assert len(model.embedding_requests) == 4

    async def test_vectors_that_do_not_compare_are_not_kept(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
    ) -> None:
        """A failed measurement is asked again next time."""
        model.vectors = {ANSWER: [1.0, 1.0, 0.0], "Paris": [1.0, 0.0]}
        experiment = await orchestrator.create_experiment(embedded_experiment())
        for _ in range(2):
            await orchestrator.create_run(experiment_id=experiment.id)
            await worker.run_once()

        assert len(model.embedding_requests) == 2


def similar_by_simulated_embeddings(expected: str) -> dict[str, Any]:
    """A SIMILAR assertion measured by the simulated embedding model."""
    return {
        "kind": "similar",
        "value": expected,
        "embedding": {"executor": "simulated", "model": "embed-1"},
    }


class TestSimulatedRun:
    async def test_a_run_needs_no_key_to_measure_by_embeddings(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """With the simulated models, `make run` measures meaning offline."""
        config = ExperimentConfigCreate.model_validate(
            {
                "name": "offline",
                "prompt": "Say something",
                "assertions": [similar_by_simulated_embeddings("zzz qqq")],
            }
        )

        _, item = await run_to_the_end(orchestrator, worker, config)

        [result] = item.assertion_results
        assert (result.score, result.passed) == (0.0, False)
        assert result.message == "embedding similarity 0.000 is below 0.8"

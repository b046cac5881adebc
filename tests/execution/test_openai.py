"""The OpenAI-compatible executor against a local server speaking the protocol."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr
from starlette.responses import JSONResponse, Response

from runcast.domain.events import ItemFinished, OutputDelta
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.runs import ItemStatus, RunStatus
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.orchestrator import Orchestrator
from runcast.settings import ModelPrice, Settings
from tests.support.openai_server import ScriptedModel


@pytest.fixture
def settings(settings: Settings, model_url: str) -> Settings:
    """No waiting between retries; a short item timeout; a key for the model."""
    return settings.model_copy(
        update={
            "retry_base_delay": 0,
            "item_timeout": 10.0,
            "openai_api_keys": {model_url: SecretStr("test-key")},
            "items_per_run": 1,
        }
    )


async def start(
    orchestrator: Orchestrator, model_url: str | None, rows: int = 1
) -> str:
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "openai",
                "prompt": "Greet {{ who }} warmly",
                "model": {
                    "executor": "openai",
                    "model": "tiny-chat",
                    "base_url": model_url,
                    "system_prompt": "Be brief.",
                },
                "dataset": [{"variables": {"who": f"guest {n}"}} for n in range(rows)],
            }
        )
    )
    return (await orchestrator.create_run(experiment_id=experiment.id)).id


class TestStreaming:
    async def test_streamed_text_and_usage_are_recorded(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The item's output is the streamed text; usage comes from the stream."""
        run_id = await start(orchestrator, model_url)

        await worker.run_once()

        run = await orchestrator.get_run(run_id=run_id)
        [item] = await orchestrator.list_run_items(run_id=run_id)
        assert run.status is RunStatus.SUCCEEDED
        assert item.output == "Hello, world!"
        assert (item.usage.input_tokens, item.usage.output_tokens) == (4, 4)
        assert model.requests[0]["model"] == "tiny-chat"
        assert model.requests[0]["stream"] is True
        assert model.requests[0]["messages"] == [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Greet guest 0 warmly"},
        ]
        assert model.authorizations == ["Bearer test-key"]


class TestApiKeys:
    @pytest.fixture
    def settings(self, settings: Settings, model_url: str) -> Settings:
        """Only the default endpoint has a key; the model's URL is allowed."""
        return settings.model_copy(
            update={
                "openai_api_keys": {},
                "openai_api_key": SecretStr("default-key"),
                "allowed_base_urls": [model_url],
            }
        )

    async def test_key_of_the_default_endpoint_is_not_sent_elsewhere(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """An experiment naming its own base URL cannot borrow the default key."""
        run_id = await start(orchestrator, model_url)

        await worker.run_once()

        assert (await orchestrator.get_run(run_id=run_id)).status is (
            RunStatus.SUCCEEDED
        )
        assert model.authorizations == [None]

    async def test_default_endpoint_gets_the_default_key(
        self,
        model: ScriptedModel,
        model_url: str,
        settings: Settings,
    ) -> None:
        """Experiments without a base URL use the default endpoint and key."""
        runtime_settings = settings.model_copy(update={"openai_base_url": model_url})
        runtime = Runtime(runtime_settings)
        await runtime.start()
        try:
            run_id = await start(runtime.orchestrator, None)
            await runtime.new_worker().run_once()
            status = (await runtime.orchestrator.get_run(run_id=run_id)).status
        finally:
            await runtime.stop()

        assert status is RunStatus.SUCCEEDED
        assert model.authorizations == ["Bearer default-key"]


class TestFailures:
    async def test_rate_limited_call_is_retried_and_succeeds(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """A 429 is retried; the second attempt's answer is recorded."""
        model.script = [429, "answer"]
        run_id = await start(orchestrator, model_url)

        await worker.run_once()

        [item] = await orchestrator.list_run_items(run_id=run_id)
        assert item.status is ItemStatus.SUCCEEDED
        assert item.attempts == 2
        assert len(model.requests) == 2

    async def test_server_errors_are_retried_until_attempts_run_out(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """5xx on every attempt fails the item with SERVER_ERROR after 3 tries."""
        model.script = [503, 502, 500]
        run_id = await start(orchestrator, model_url)

        await worker.run_once()

        run = await orchestrator.get_run(run_id=run_id)
        [item] = await orchestrator.list_run_items(run_id=run_id)
        assert run.status is RunStatus.FAILED
        assert item.error is not None
        assert item.error.code == "SERVER_ERROR"
        assert item.attempts == 3

    async def test_bad_request_fails_the_item_without_retries(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """A 400 is not worth retrying: one call, the item fails, others go on."""
        model.script = [400, "answer"]
        run_id = await start(orchestrator, model_url, rows=2)

        await worker.run_once()

        run = await orchestrator.get_run(run_id=run_id)
        items = await orchestrator.list_run_items(run_id=run_id)
        assert run.status is RunStatus.FAILED
        assert run.error is not None
        assert run.error.code == "ITEMS_FAILED"
        assert items[0].error is not None
        assert items[0].error.code == "HTTP_400"
        assert items[0].attempts == 1
        assert items[1].output == "Hello, world!"
        assert len(model.requests) == 2


class TestTimeout:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A short timeout, since this test waits it out on purpose."""
        return settings.model_copy(update={"item_timeout": 0.2, "item_max_attempts": 2})

    async def test_stalled_stream_hits_the_item_timeout(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
        settings: Settings,
    ) -> None:
        """A stream that stops sending fails with TIMEOUT and is hung up on."""
        model.script = ["stall"] * settings.item_max_attempts
        run_id = await start(orchestrator, model_url)

        await worker.run_once()

        [item] = await orchestrator.list_run_items(run_id=run_id)
        assert item.error is not None
        assert item.error.code == "TIMEOUT"
        assert item.attempts == settings.item_max_attempts
        await model.hung_up.wait()


class TestCancel:
    async def test_cancel_mid_stream_closes_the_connection(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The model sees its connection closed; the finished item keeps output."""
        model.script = ["answer", "stall"]
        run_id = await start(orchestrator, model_url, rows=2)
        execution = asyncio.create_task(worker.run_once())
        await model.stalled.wait()

        await orchestrator.cancel_run(run_id=run_id)
        await execution
        await model.hung_up.wait()

        run = await orchestrator.get_run(run_id=run_id)
        items = await orchestrator.list_run_items(run_id=run_id)
        assert run.status is RunStatus.CANCELLED
        assert items[0].output == "Hello, world!"
        assert items[1].status is ItemStatus.CANCELLED

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """Every delta written as it comes; the model has a price."""
        return settings.model_copy(
            update={
                "delta_flush_tokens": 1,
                "model_prices": {"tiny-chat": ModelPrice(input=2.0, output=8.0)},
            }
        )

    async def test_cancel_mid_stream_keeps_the_output_and_bills_what_streamed(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """The cut-short item is CANCELLED with its text; its tokens are counted."""
        model.answer = ("Hello", ", ", "dear", " guest", "!")
        model.stall_after = 3
        model.script = ["answer", "stall"]
        run_id = await start(orchestrator, model_url, rows=3)
        execution = asyncio.create_task(worker.run_once())
        await streamed(orchestrator, run_id, item_index=1, text="Hello, dear")
        sent_to_item_1 = model.deltas_sent - len(model.answer)

        await orchestrator.cancel_run(run_id=run_id)
        await execution

        run = await orchestrator.get_run(run_id=run_id)
        answered, cancelled, never_started = await orchestrator.list_run_items(
            run_id=run_id
        )
        finished = [
            event.payload
            async for event in orchestrator.run_events(run_id=run_id)
            if isinstance(event.payload, ItemFinished)
        ]
        assert run.status is RunStatus.CANCELLED
        assert (run.progress.succeeded, run.progress.cancelled) == (1, 1)
        assert run.progress.pending == 1
        assert cancelled.status is ItemStatus.CANCELLED
        assert cancelled.output == "Hello, dear"
        assert cancelled.usage.output_tokens == sent_to_item_1 == 3
        assert cancelled.usage.input_tokens == len(["Greet", "guest", "1", "warmly"])
        assert cancelled.usage.cost == pytest.approx((4 * 2.0 + 3 * 8.0) / 1e6)
        assert run.usage == answered.usage + cancelled.usage
        assert never_started.status is ItemStatus.PENDING
        assert never_started.output is None
        assert [(event.item_index, event.status) for event in finished] == [
            (0, ItemStatus.SUCCEEDED),
            (1, ItemStatus.CANCELLED),
        ]


async def streamed(
    orchestrator: Orchestrator, run_id: str, *, item_index: int, text: str
) -> None:
    """Return once the run's events hold ``text`` as the item's output."""
    output = ""
    async for event in orchestrator.run_events(run_id=run_id):
        payload = event.payload
        if isinstance(payload, OutputDelta) and payload.item_index == item_index:
            output += payload.text
            if output == text:
                return


class TestErrorMessages:
    async def test_only_the_status_and_the_apis_error_message_are_kept(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        model: ScriptedModel,
        model_url: str,
    ) -> None:
        """An arbitrary body is never shown; an OpenAI error message is, short."""
        model.script = [
            Response("<html>admin panel: token=hunter2</html>", status_code=404),
            JSONResponse({"error": {"message": "no such model\n" + "x" * 500}}, 400),
        ]
        run_id = await start(orchestrator, model_url, rows=2)

        await worker.run_once()

        items = await orchestrator.list_run_items(run_id=run_id)
        errors = sorted(item.error.message for item in items if item.error)
        assert errors[0] == "the model answered HTTP 400: no such model" + "x" * 187
        assert errors[1] == "the model answered HTTP 404"

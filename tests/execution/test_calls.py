"""Every call to a model is retried by one policy, its first attempt included."""

from __future__ import annotations

import pytest

from runcast.execution.calls import retried
from runcast.execution.errors import ExecutorError
from runcast.settings import Settings


class Flaky:
    """Fails with ``failures`` in turn, then answers with the attempt's number."""

    def __init__(self, *failures: ExecutorError) -> None:
        self.failures = list(failures)
        self.attempts: list[int] = []

    async def __call__(self, number: int) -> str:
        self.attempts.append(number)
        if self.failures:
            raise self.failures.pop(0)
        return f"answer {number}"


def retryable(code: str = "SERVER_ERROR") -> ExecutorError:
    return ExecutorError("try again", code=code, retryable=True)


@pytest.fixture
def settings() -> Settings:
    return Settings(item_max_attempts=3, retry_base_delay=0, retry_max_delay=0)


class TestRetried:
    async def test_answer_at_once_is_one_attempt(self, settings: Settings) -> None:
        call = Flaky()

        assert await retried(settings, call) == "answer 1"
        assert call.attempts == [1]

    async def test_retryable_failures_are_tried_again_in_order(
        self, settings: Settings
    ) -> None:
        call = Flaky(retryable(), retryable("RATE_LIMITED"))

        assert await retried(settings, call) == "answer 3"
        assert call.attempts == [1, 2, 3]

    async def test_failure_for_good_is_not_tried_again(
        self, settings: Settings
    ) -> None:
        bad_request = ExecutorError("no", code="BAD_REQUEST", retryable=False)
        call = Flaky(bad_request)

        with pytest.raises(ExecutorError) as raised:
            await retried(settings, call)

        assert raised.value is bad_request
        assert call.attempts == [1]

    async def test_last_failure_is_raised_once_attempts_run_out(
        self, settings: Settings
    ) -> None:
        last = retryable("TIMEOUT")
        call = Flaky(retryable(), retryable(), last, retryable())

        with pytest.raises(ExecutorError) as raised:
            await retried(settings, call)

        assert raised.value is last
        assert call.attempts == [1, 2, 3]

    async def test_single_attempt_allowed_is_not_retried(self) -> None:
        settings = Settings(item_max_attempts=1)
        first = retryable()
        call = Flaky(first)

        with pytest.raises(ExecutorError) as raised:
            await retried(settings, call)

        assert raised.value is first
        assert call.attempts == [1]

    async def test_other_errors_pass_through_untried(self, settings: Settings) -> None:
        async def broken(number: int) -> str:
            raise LookupError(f"attempt {number}")

        with pytest.raises(LookupError, match="attempt 1"):
            await retried(settings, broken)

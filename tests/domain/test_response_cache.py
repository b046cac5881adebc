"""Cache keys: the same request always has the same key, another request another."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from runcast.domain.experiments import ModelSettings
from runcast.domain.response_cache import cache_request, request_key

MESSAGES = [{"role": "user", "content": "Describe tea"}]


def key(**changes: Any) -> str:
    """The key of a request to the default model, with ``changes``."""
    request: dict[str, Any] = {
        "settings": ModelSettings(),
        "endpoint": "simulated seed=0 output_tokens=0",
        "messages": MESSAGES,
        "repetition": 0,
    } | changes
    return request_key(cache_request(**request))


class TestCacheRequest:
    def test_request_json_is_canonical(self) -> None:
        """Keys sorted, no spaces: the text does not depend on who wrote it."""
        request = cache_request(
            settings=ModelSettings(),
            endpoint="e",
            messages=MESSAGES,
            repetition=0,
        )

        assert request == json.dumps(
            json.loads(request), sort_keys=True, separators=(",", ":")
        )
        assert json.loads(request)["messages"] == MESSAGES

    def test_system_prompt_and_base_url_are_in_the_request_as_sent(self) -> None:
        """The settings part holds neither: messages and endpoint carry them."""
        settings = ModelSettings(system_prompt="Be brief.", base_url="http://m/v1")

        request = json.loads(
            cache_request(
                settings=settings, endpoint="e", messages=MESSAGES, repetition=0
            )
        )

        assert "system_prompt" not in request["settings"]
        assert "base_url" not in request["settings"]


class TestRequestKey:
    def test_key_is_the_sha256_of_the_request(self) -> None:
        """A key is 64 hex digits anyone can recompute from the stored request."""
        request = cache_request(
            settings=ModelSettings(), endpoint="e", messages=MESSAGES, repetition=0
        )

        assert request_key(request) == hashlib.sha256(request.encode()).hexdigest()

    def test_same_request_has_the_same_key(self) -> None:
        """Equal settings built apart give one key."""
        assert key(settings=ModelSettings(temperature=0.7)) == key()

    def test_each_part_of_the_request_changes_the_key(self) -> None:
        """Executor, model, settings, messages, endpoint, repetition, purpose."""
        keys = {
            key(),
            key(settings=ModelSettings(executor="openai")),
            key(settings=ModelSettings(model="other")),
            key(settings=ModelSettings(temperature=0.0)),
            key(settings=ModelSettings(max_tokens=10)),
            key(messages=[{"role": "user", "content": "Describe coffee"}]),
            key(messages=[{"role": "system", "content": "Be brief."}, *MESSAGES]),
            key(endpoint="http://127.0.0.1:9/v1"),
            key(repetition=1),
            key(purpose="judge"),
        }

        assert len(keys) == 10

    def test_an_answer_names_no_purpose_so_kept_answers_keep_their_keys(
        self,
    ) -> None:
        """Only another purpose than an answer is written into the request."""
        answer = json.loads(
            cache_request(
                settings=ModelSettings(), endpoint="e", messages=MESSAGES, repetition=0
            )
        )
        verdict = json.loads(
            cache_request(
                settings=ModelSettings(),
                endpoint="e",
                messages=MESSAGES,
                repetition=0,
                purpose="judge",
            )
        )

        assert "purpose" not in answer
        assert verdict == answer | {"purpose": "judge"}

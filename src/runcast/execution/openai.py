"""An executor for OpenAI-compatible chat completions, streamed over SSE, and
embeddings."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Iterator, Mapping
from typing import Any

import httpx
from httpx_sse import SSEError, aconnect_sse

from runcast.domain.outbound import OutboundPolicy
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import (
    Chunk,
    EmbeddingRequest,
    Embeddings,
    ExecutionRequest,
    TextDelta,
    UsageReport,
    estimated_usage,
)
from runcast.execution.guarded_transport import AddressRefusedError

__all__ = ["OpenAIExecutor"]

_TOO_MANY_REQUESTS = 429
_SERVER_ERRORS = 500
_ERROR_BODY_BYTES = 16_384
_ERROR_MESSAGE_CHARACTERS = 200


class OpenAIExecutor:
    """Streams chat completions from OpenAI, vLLM, Ollama, LM Studio and the like.

    The base URL comes from the experiment's model settings or, failing that,
    the server's default. API keys come only from the server's settings, each
    for its own base URL: an experiment can pick an endpoint, but can never
    have a key sent to a server it names.
    """

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        base_url: str,
        api_keys: Mapping[str, str] | None = None,
        outbound: OutboundPolicy | None = None,
    ) -> None:
        self._client = client
        self._outbound = outbound
        self._base_url = _normalized(base_url)
        self._api_keys = {
            _normalized(url): key for url, key in (api_keys or {}).items()
        }

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        """Yield the answer's deltas as they arrive, then the usage it reports."""
        base_url = _normalized(request.settings.base_url or self._base_url)
        self._check_allowed(base_url)
        with _http_errors("the model"):
            try:
                async with aconnect_sse(
                    self._client,
                    "POST",
                    f"{base_url}/chat/completions",
                    json=_body(request),
                    headers=self._headers(base_url),
                ) as source:
                    await _raise_for_status(source.response)
                    async for chunk in _chunks(source.aiter_sse(), request):
                        yield chunk
            except (SSEError, ValueError, KeyError, IndexError, TypeError) as error:
                raise ExecutorError(
                    f"the model's stream is malformed: {error}",
                    code="PROTOCOL_ERROR",
                    retryable=False,
                ) from error

    async def embed(self, request: EmbeddingRequest) -> Embeddings:
        """The vectors ``POST /embeddings`` gives for the request's texts."""
        base_url = _normalized(request.settings.base_url or self._base_url)
        self._check_allowed(base_url)
        with _http_errors("the embedding model"):
            response = await self._client.post(
                f"{base_url}/embeddings",
                json={"model": request.settings.model, "input": request.texts},
                headers=self._headers(base_url),
            )
            await _raise_for_status(response)
            try:
                return _embeddings(response.json(), request)
            except (ValueError, KeyError, IndexError, TypeError) as error:
                raise ExecutorError(
                    f"the embedding model's answer is malformed: {error}",
                    code="PROTOCOL_ERROR",
                    retryable=False,
                ) from error

    def _check_allowed(self, base_url: str) -> None:
        # checked again at call time: a run's frozen config may predate the rule
        reason = None if self._outbound is None else self._outbound.refusal(base_url)
        if reason is not None:
            raise _not_allowed(reason)

    def _headers(self, base_url: str) -> dict[str, str]:
        key = self._api_keys.get(base_url)
        return {} if key is None else {"authorization": f"Bearer {key}"}


@contextlib.contextmanager
def _http_errors(called: str) -> Iterator[None]:
    """Raise what fails on the way to ``called`` as an ``ExecutorError``."""
    try:
        yield
    except AddressRefusedError as error:
        raise _not_allowed(str(error)) from error
    except httpx.TimeoutException as error:
        raise ExecutorError(
            f"{called} did not answer in time: {error}",
            code="TIMEOUT",
            retryable=True,
        ) from error
    except httpx.TransportError as error:
        raise ExecutorError(
            f"could not reach {called}: {error}",
            code="CONNECTION_ERROR",
            retryable=True,
        ) from error


def _not_allowed(reason: str) -> ExecutorError:
    return ExecutorError(reason, code="BASE_URL_NOT_ALLOWED", retryable=False)


def _normalized(base_url: str) -> str:
    return base_url.rstrip("/")


def _embeddings(body: Any, request: EmbeddingRequest) -> Embeddings:
    """The vectors of an OpenAI-style embeddings answer, in the texts' order."""
    data = sorted(body["data"], key=lambda entry: entry["index"])
    vectors = [[float(x) for x in entry["embedding"]] for entry in data]
    if len(vectors) != len(request.texts):
        raise ValueError(f"{len(vectors)} vectors for {len(request.texts)} texts")
    usage = body.get("usage") or {}
    tokens = usage.get("prompt_tokens")
    if not isinstance(tokens, int):
        tokens = sum(len(text.split()) for text in request.texts)
    return Embeddings(vectors=vectors, input_tokens=tokens)


def _body(request: ExecutionRequest) -> dict[str, Any]:
    settings = request.settings
    return {
        "model": settings.model,
        "messages": request.messages(),
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "stream": True,
        "stream_options": {"include_usage": True},
    }


async def _raise_for_status(response: httpx.Response) -> None:
    if response.status_code < httpx.codes.BAD_REQUEST:
        return
    status = response.status_code
    message = f"the model answered HTTP {status}"
    detail = _error_message(await _read_at_most(response, _ERROR_BODY_BYTES))
    if detail:
        message = f"{message}: {detail}"
    if status == _TOO_MANY_REQUESTS:
        raise ExecutorError(message, code="RATE_LIMITED", retryable=True)
    if status >= _SERVER_ERRORS:
        raise ExecutorError(message, code="SERVER_ERROR", retryable=True)
    raise ExecutorError(message, code=f"HTTP_{status}", retryable=False)


async def _read_at_most(response: httpx.Response, limit: int) -> bytes:
    body = b""
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) >= limit:
            break
    return body[:limit]


def _error_message(body: bytes) -> str:
    """The ``error.message`` of an OpenAI-style error body, short and printable.

    Nothing else of the body is kept: an endpoint's answer is not ours to
    show, only the error the API reports.
    """
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    text = error.get("message") if isinstance(error, dict) else error
    if not isinstance(text, str):
        return ""
    printable = "".join(character for character in text if character.isprintable())
    return printable[:_ERROR_MESSAGE_CHARACTERS]


async def _chunks(
    events: AsyncIterator[Any], request: ExecutionRequest
) -> AsyncIterator[Chunk]:
    deltas = 0
    usage: UsageReport | None = None
    async for event in events:
        if event.data == "[DONE]":
            break
        payload = json.loads(event.data)
        for choice in payload.get("choices") or ():
            text = (choice.get("delta") or {}).get("content")
            if text:
                deltas += 1
                yield TextDelta(text=text)
        if payload.get("usage"):
            usage = UsageReport(
                input_tokens=payload["usage"]["prompt_tokens"],
                output_tokens=payload["usage"]["completion_tokens"],
            )
    # a server that reports no usage is charged by estimate
    yield usage or estimated_usage(request.prompt, deltas=deltas)

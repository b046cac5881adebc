"""The response cache: answers kept by the request they answered.

A request's *key* is the SHA-256 of its canonical JSON: executor, the
endpoint it goes to, model settings, rendered messages and repetition
index, with keys sorted and no spaces. The same request always has the
same key, in any process, so every worker sharing the database shares
the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from runcast.domain.experiments import ModelSettings
from runcast.domain.runs import Usage

__all__ = [
    "Answer",
    "CacheEntry",
    "CachedResponse",
    "cache_request",
    "request_key",
]

KEY_VERSION = 1
"""Part of every key: a change of what keys are made of starts a new cache."""


class Answer(BaseModel):
    """A model's complete answer: what a request got, and what a hit returns."""

    model_config = ConfigDict(frozen=True)

    output: str = Field(description="The whole answer.")
    usage: Usage = Field(description="Tokens and cost of the answer when made.")
    latency_ms: float = Field(description="Milliseconds the answer took when made.")


class CachedResponse(Answer):
    """An answer to keep, with the request it answered and that request's key."""

    key: str = Field(description="SHA-256 of `request`, in hex.")
    request: str = Field(description="The request's canonical JSON.")


@dataclass(frozen=True)
class CacheEntry:
    """Where the answer to a request is kept: the request's key and JSON."""

    key: str
    request: str

    @classmethod
    def of(cls, request: str) -> CacheEntry:
        """Where the answer to ``request`` (see ``cache_request``) is kept."""
        return cls(key=request_key(request), request=request)

    def keeping(self, answer: Answer) -> CachedResponse:
        """``answer``, to be kept here."""
        return CachedResponse(key=self.key, request=self.request, **dict(answer))


def cache_request(
    *,
    settings: ModelSettings,
    endpoint: str,
    messages: Sequence[Mapping[str, str]],
    repetition: int,
    purpose: str = "answer",
) -> str:
    """The canonical JSON of a request to a model, the material of its key.

    Every model setting but the system prompt and base URL is in it as it
    is: those two are in ``messages`` and ``endpoint`` as they are sent. A
    request for another purpose than an answer (a judge's verdict) names it,
    as a stand-in model answers the two differently; an answer's key is as
    it always was.
    """
    material = {
        "version": KEY_VERSION,
        "settings": settings.model_dump(
            mode="json", exclude={"system_prompt", "base_url"}
        ),
        "endpoint": endpoint,
        "messages": [dict(message) for message in messages],
        "repetition": repetition,
    }
    if purpose != "answer":
        material["purpose"] = purpose
    return json.dumps(material, sort_keys=True, separators=(",", ":"))


def request_key(request: str) -> str:
    """The cache key of a request's canonical JSON: its SHA-256 in hex."""
    return hashlib.sha256(request.encode()).hexdigest()

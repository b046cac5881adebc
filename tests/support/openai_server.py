"""A small server speaking the OpenAI chat-completions streaming protocol,
and the embeddings one.

Each chat call takes the next step of a script the test writes: answer in a
stream, fail with an HTTP status, or stall until the client hangs up. Each
embeddings call answers with the vectors ``embed`` gives, or the next
status of ``embedding_script``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

Step = Literal["answer", "stall"] | int | Response | tuple[str, ...]
"""Stream the answer, stall mid-stream, fail with a status, answer this
response, or stream these pieces instead of the answer."""


@dataclass
class ScriptedModel:
    """What the server answers, and what it saw."""

    script: list[Step] = field(default_factory=list)
    answer: tuple[str, ...] = ("Hello", ", ", "world", "!")
    stall_after: int = 1
    """How many pieces of the answer a "stall" step sends before it stalls."""
    deltas_sent: int = 0
    """Text deltas sent so far, over every call."""
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    hung_up: asyncio.Event = field(default_factory=asyncio.Event)
    stalled: asyncio.Event = field(default_factory=asyncio.Event)
    embedding_script: list[int | Response] = field(default_factory=list)
    """Statuses (or responses) the next embeddings calls answer with."""
    embedding_requests: list[dict[str, Any]] = field(default_factory=list)
    vectors: dict[str, list[float]] = field(default_factory=dict)
    """The vector of each text; a text not in it has ``[1.0, 0.0]``."""

    def app(self) -> Starlette:
        """The ASGI app serving ``/v1/chat/completions`` and ``/v1/embeddings``."""
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._complete, methods=["POST"]),
                Route("/v1/embeddings", self._embed, methods=["POST"]),
            ]
        )

    async def _embed(self, request: Request) -> Response:
        body = await request.json()
        self.embedding_requests.append(body)
        self.authorizations.append(request.headers.get("authorization"))
        if self.embedding_script:
            step = self.embedding_script.pop(0)
            if isinstance(step, Response):
                return step
            return JSONResponse(
                {"error": {"message": f"status {step}"}}, status_code=step
            )
        texts: list[str] = body["input"]
        return JSONResponse(
            {
                "object": "list",
                "data": [
                    {"index": position, "embedding": self.vectors.get(text, [1.0, 0.0])}
                    for position, text in enumerate(texts)
                ],
                "usage": {"prompt_tokens": 7 * len(texts), "total_tokens": 7},
            }
        )

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        self.authorizations.append(request.headers.get("authorization"))
        step = self.script.pop(0) if self.script else "answer"
        if isinstance(step, Response):
            return step
        if isinstance(step, int):
            return JSONResponse(
                {"error": {"message": f"status {step}"}}, status_code=step
            )
        pieces = step if isinstance(step, tuple) else self.answer
        return StreamingResponse(
            self._stream(request, body, pieces, stall=step == "stall"),
            media_type="text/event-stream",
        )

    async def _stream(
        self,
        request: Request,
        body: dict[str, Any],
        pieces: tuple[str, ...],
        *,
        stall: bool,
    ) -> AsyncIterator[str]:
        try:
            for position, piece in enumerate(pieces, start=1):
                yield _event({"choices": [{"index": 0, "delta": {"content": piece}}]})
                self.deltas_sent += 1
                if stall and position == self.stall_after:
                    self.stalled.set()
                    await self._until_hung_up(request)
                    return
            yield _event(
                {
                    "choices": [],
                    "usage": {
                        "prompt_tokens": len(body["messages"][-1]["content"].split()),
                        "completion_tokens": len(pieces),
                    },
                }
            )
            yield "data: [DONE]\n\n"
        except asyncio.CancelledError:
            self.hung_up.set()
            raise

    async def _until_hung_up(self, request: Request) -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        self.hung_up.set()


def _event(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload)}\n\n"

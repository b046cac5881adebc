"""Q1's reference: a bare Starlette endpoint answering the ``run`` query's JSON.

It takes the same GraphQL request body Runcast gets, reads the run's row
with aiosqlite and writes the JSON Runcast's ``run`` query answers, without
parsing or validating any GraphQL.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bench.reference.rows import RUN, RowReader

__all__ = ["run_endpoint"]


def run_endpoint(rows: RowReader) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint for ``query($id) { run(id: $id) { id status progress {…} } }``."""

    async def answer(request: Request) -> Response:
        body = json.loads(await request.body())
        row = await rows.one(RUN, (body["variables"]["id"],))
        if row is None:
            return JSONResponse({"data": {"run": None}})
        run_id, status, total, succeeded, failed = row
        run = {
            "id": run_id,
            "status": status.upper(),
            "progress": {
                "total": total,
                "succeeded": succeeded,
                "failed": failed,
                "pending": total - succeeded - failed,
            },
        }
        return JSONResponse({"data": {"run": run}})

    return answer

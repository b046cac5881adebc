"""HTTP requests refused before execution, and the JSON body they are answered with."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse, Response

from runcast.api.media_types import APPLICATION_JSON

__all__ = ["RequestError", "error_response"]


class RequestError(Exception):
    """A request answered with one GraphQL error and no execution."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 400,
        code: str = "BAD_REQUEST",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.code = code
        self.headers = dict(headers or {})


def error_response(
    error: RequestError, *, media_type: str = APPLICATION_JSON
) -> Response:
    """``{"errors": [{"message", "extensions": {"code"}}]}`` with the error's status."""
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}
    return JSONResponse(
        body,
        status_code=error.status_code,
        headers=error.headers,
        media_type=media_type,
    )

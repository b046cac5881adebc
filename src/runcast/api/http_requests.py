"""Reading a GraphQL request from HTTP: GET parameters or a POSTed JSON object.

Whatever the client sends, the answer is the request's parts or a
``RequestError`` (400): a body that is not a JSON object, parameters of the
wrong type, a content type other than JSON. Batching and multipart uploads
are not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from strawberry.http import GraphQLRequestData

from runcast.api.http_errors import RequestError
from runcast.api.json_text import UnreadableJSONError, read_json

__all__ = ["read_graphql_request"]

T = TypeVar("T")


def read_graphql_request(
    *,
    method: str,
    query_params: Mapping[str, str | None],
    content_type: str | None,
    body: bytes,
) -> GraphQLRequestData:
    """The query, variables, operation name and extensions of one request."""
    if method == "GET":
        parameters = _from_query_params(query_params)
    elif _media_type(content_type) == "application/json":
        parameters = _json_object(body, what="request body")
    else:
        raise RequestError("Unsupported content type: send application/json")
    return GraphQLRequestData(
        query=_optional(parameters, "query", str, "a string"),
        variables=_optional(parameters, "variables", dict, "an object"),
        operation_name=_optional(parameters, "operationName", str, "a string"),
        extensions=_optional(parameters, "extensions", dict, "an object"),
    )


def _from_query_params(query_params: Mapping[str, str | None]) -> dict[str, object]:
    parameters: dict[str, object] = dict(query_params)
    for name in ("variables", "extensions"):
        text = query_params.get(name)
        if text:
            parameters[name] = _json_object(text.encode(), what=f"`{name}`")
        else:
            parameters.pop(name, None)
    return parameters


def _json_object(text: bytes, *, what: str) -> dict[str, object]:
    if not text:
        raise RequestError(f"The {what} is empty: send a JSON object")
    try:
        value = read_json(text)
    except UnreadableJSONError as error:
        raise RequestError(f"The {what} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise RequestError(f"The {what} must be a JSON object")
    return value


def _optional(
    parameters: Mapping[str, object], name: str, kind: type[T], described: str
) -> T | None:
    value = parameters.get(name)
    if value is None or isinstance(value, kind):
        return value
    raise RequestError(f"The GraphQL request's `{name}` must be {described} or null")


def _media_type(content_type: str | None) -> str:
    """The media type a ``Content-Type`` names, without its parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()

"""Which media type a GraphQL response is sent as, from the request's ``Accept``."""

from __future__ import annotations

__all__ = ["APPLICATION_JSON", "GRAPHQL_RESPONSE_JSON", "response_media_type"]

APPLICATION_JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def response_media_type(accept: str) -> str:
    """``application/graphql-response+json`` when the client prefers it.

    That is when it is acceptable (quality above 0) and at least as wanted
    as ``application/json``; anything else, a missing header included, is
    answered as ``application/json``, which every client understands.
    """
    qualities = _qualities(accept)
    wanted = qualities.get(GRAPHQL_RESPONSE_JSON, 0.0)
    if wanted > 0 and wanted >= qualities.get(APPLICATION_JSON, 0.0):
        return GRAPHQL_RESPONSE_JSON
    return APPLICATION_JSON


def _qualities(accept: str) -> dict[str, float]:
    qualities: dict[str, float] = {}
    for entry in accept.split(","):
        media_type, *parameters = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value)
        if media_type:
            qualities[media_type.lower()] = quality
    return qualities


def _quality(value: str) -> float:
    try:
        quality = float(value)
    except ValueError:
        return 0.0
    return quality if 0.0 <= quality <= 1.0 else 0.0

"""Subscription messages: a shared result's JSON is encoded once, for everyone."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from runcast.api.views import RECENT_EVENTS

__all__ = ["SharedEncoding"]


class SharedEncoding:
    """Encodes graphql-transport-ws ``next`` messages, sharing their data's JSON.

    Subscribers asking the same thing of an event share one result (see
    ``api.execution``), so their messages carry the very same ``data``
    object: its JSON is made once and spliced into each subscriber's message.
    Any other message is encoded as usual.
    """

    def __init__(self, size: int = RECENT_EVENTS) -> None:
        self._size = size
        self._encoded: OrderedDict[int, tuple[object, str]] = OrderedDict()

    def encode(self, message: object) -> str:
        """The message as compact JSON."""
        data = _shareable_data(message)
        if data is None:
            return _dumps(message)
        assert isinstance(message, dict)
        return (
            f'{{"id":{_dumps(message["id"])},"type":"next",'
            f'"payload":{{"data":{self._data_json(data)}}}}}'
        )

    def _data_json(self, data: object) -> str:
        found = self._encoded.get(id(data))
        # the data object is kept with its JSON, so a reused id never matches
        if found is not None and found[0] is data:
            return found[1]
        encoded = _dumps(data)
        self._encoded[id(data)] = (data, encoded)
        if len(self._encoded) > self._size:
            self._encoded.popitem(last=False)
        return encoded


def _shareable_data(message: object) -> object | None:
    if not (isinstance(message, dict) and message.get("type") == "next"):
        return None
    payload: Any = message.get("payload")
    if not isinstance(payload, dict) or payload.keys() != {"data"}:
        return None
    data: object | None = payload["data"]
    return data if isinstance(data, dict) else None


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))

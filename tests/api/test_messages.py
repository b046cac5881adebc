"""Subscription messages encode a shared result's data once."""

from __future__ import annotations

import json

from runcast.api.messages import SharedEncoding


def next_message(operation_id: str, data: object) -> dict[str, object]:
    return {"id": operation_id, "type": "next", "payload": {"data": data}}


class TestSharedEncoding:
    def test_next_messages_decode_to_what_was_sent(self) -> None:
        """Spliced JSON is the message itself, for each subscriber's id."""
        encoding = SharedEncoding()
        data = {"runEvents": {"cursor": "7", "text": 'a "quoted" é'}}

        first = encoding.encode(next_message("1", data))
        second = encoding.encode(next_message("op-2", data))

        assert json.loads(first) == next_message("1", data)
        assert json.loads(second) == next_message("op-2", data)

    def test_other_messages_are_encoded_as_they_are(self) -> None:
        """Errors, pings and results with errors take the ordinary path."""
        encoding = SharedEncoding()
        messages = [
            {"type": "ping"},
            {"id": "1", "type": "complete"},
            {"id": "1", "type": "next", "payload": {"data": None, "errors": []}},
            {"id": "1", "type": "data", "payload": {"data": {"x": 1}}},
        ]

        for message in messages:
            assert json.loads(encoding.encode(message)) == message

    def test_equal_but_distinct_data_is_encoded_afresh(self) -> None:
        """The cache follows the data object, so new data is never stale."""
        encoding = SharedEncoding(size=1)
        one, other = {"n": 1}, {"n": 2}

        encoding.encode(next_message("1", one))
        encoded = encoding.encode(next_message("1", other))
        again = encoding.encode(next_message("1", one))

        assert json.loads(encoded)["payload"]["data"] == {"n": 2}
        assert json.loads(again)["payload"]["data"] == {"n": 1}

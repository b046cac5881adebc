"""The fuzz checks themselves: they fail on each kind of unsafe answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fuzz.checks import assert_safe_answer, wrote_something

UNSAFE_MESSAGES = {
    "traceback": 'Traceback (most recent call last):\n  File "x", line 1',
    "exception class": "KeyError: 'name'",
    "library exception": "IntegrityError: UNIQUE constraint failed",
    "SQL": "SELECT experiments.id FROM experiments WHERE name = ?",
    "file path": "in /app/src/runcast/db/runs.py",
    "module": "runcast.db.runs raised",
    "masked": "Unexpected error; reference 0123456789ab",
}


def answer(body: Any, status_code: int = 200) -> httpx.Response:
    """A response with this JSON body."""
    return httpx.Response(status_code, json=body)


class TestAssertSafeAnswer:
    @pytest.mark.parametrize("message", UNSAFE_MESSAGES.values(), ids=UNSAFE_MESSAGES)
    def test_message_showing_internals_fails(self, message: str) -> None:
        """Each kind of internal text in a GraphQL error is caught."""
        # Arrange
        response = answer({"data": None, "errors": [{"message": message}]})

        # Act / Assert
        with pytest.raises(AssertionError):
            assert_safe_answer(response, sent="{ __typename }")

    def test_error_member_showing_internals_fails(self) -> None:
        """An error member's ``message`` inside ``data`` is checked too."""
        # Arrange
        member = {"__typename": "ValidationError", "message": "ValueError: x"}
        response = answer({"data": {"createExperiment": member}})

        # Act / Assert
        with pytest.raises(AssertionError):
            assert_safe_answer(response, sent="mutation { createExperiment }")

    def test_internal_error_code_fails(self) -> None:
        """``INTERNAL_ERROR`` fails whatever the message says."""
        # Arrange
        error = {"message": "oops", "extensions": {"code": "INTERNAL_ERROR"}}
        response = answer({"data": None, "errors": [error]})

        # Act / Assert
        with pytest.raises(AssertionError):
            assert_safe_answer(response, sent="{ __typename }")

    @pytest.mark.parametrize(
        "response",
        [
            answer({"errors": [{"message": "boom"}]}, status_code=500),
            httpx.Response(405, text="Method Not Allowed"),
            answer({"errors": []}, status_code=400),
            answer({"unexpected": 1}),
        ],
        ids=["500", "plain text", "4xx without errors", "neither data nor errors"],
    )
    def test_answer_of_the_wrong_shape_fails(self, response: httpx.Response) -> None:
        """A 5xx, plain text, or JSON that is no GraphQL response is caught."""
        # Act / Assert
        with pytest.raises(AssertionError):
            assert_safe_answer(response, sent="{ __typename }")

    @pytest.mark.parametrize(
        ("media_type", "text"),
        [
            (
                "text/event-stream",
                'event: next\ndata: {"data": null, "errors": [{"message": "x", '
                '"extensions": {"code": "INTERNAL_ERROR"}}]}\n\n',
            ),
            (
                "multipart/mixed; boundary=graphql",
                '--graphql\r\nContent-Type: application/json\r\n\r\n{"payload": '
                '{"errors": [{"message": "KeyError: x"}]}}\r\n--graphql--\r\n',
            ),
        ],
        ids=["sse", "multipart"],
    )
    def test_unsafe_payload_of_a_stream_fails(self, media_type: str, text: str) -> None:
        """Each payload of a streamed answer is checked like a JSON answer."""
        # Arrange
        response = httpx.Response(200, text=text, headers={"content-type": media_type})

        # Act / Assert
        with pytest.raises(AssertionError):
            assert_safe_answer(response, sent="{ __typename }")

    def test_safe_stream_passes(self) -> None:
        """A stream of clean payloads is a safe answer; the last is returned."""
        # Arrange
        text = 'event: next\ndata: {"data": {"a": 1}}\n\nevent: complete\ndata: \n\n'
        headers = {"content-type": "text/event-stream"}
        response = httpx.Response(200, text=text, headers=headers)

        # Act
        body = assert_safe_answer(response, sent="{ a }")

        # Assert
        assert body == {"data": {"a": 1}}

    def test_message_quoting_what_was_sent_passes(self) -> None:
        """A name the client sent itself, quoted back, is not a leak."""
        # Arrange
        message = "Run.items(after:): 'AError' is not a cursor of this list"
        response = answer({"data": None, "errors": [{"message": message}]})

        # Act
        body = assert_safe_answer(response, sent='{ items(after: "AError") }')

        # Assert
        assert body["errors"][0]["message"] == message

    def test_schema_type_name_in_a_message_passes(self) -> None:
        """The schema's own ``RunError`` is a name, not an exception class."""
        # Arrange
        message = "Cannot query field 'm' on type 'RunError'."
        response = answer({"data": None, "errors": [{"message": message}]})

        # Act
        body = assert_safe_answer(response, sent="{ run { error { m } } }")

        # Assert
        assert body["data"] is None


class TestWroteSomething:
    def test_payload_member_counts_as_written(self) -> None:
        """A mutation answering its payload type may have written."""
        # Act / Assert
        assert wrote_something({"data": {"createRun": {"__typename": "Run"}}})

    def test_only_error_members_and_nulls_count_as_nothing_written(self) -> None:
        """Error members and nulls (GraphQL errors) mean nothing was written."""
        # Arrange
        body = {
            "data": {"a": {"__typename": "NotFoundError"}, "b": None},
            "errors": [{"message": "x"}],
        }

        # Act / Assert
        assert not wrote_something(body)

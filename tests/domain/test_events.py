"""Run events: cursors into the log and what an event says about its run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runcast.domain.errors import ValidationError
from runcast.domain.events import (
    OutputDelta,
    RunEvent,
    RunEventPayload,
    StatusChanged,
    parse_event_cursor,
)
from runcast.domain.runs import TERMINAL_STATUSES, RunStatus

AT = datetime(2030, 1, 1, tzinfo=UTC)


def event(payload: RunEventPayload, *, id: int = 7) -> RunEvent:
    """An event of run r-1 carrying ``payload``."""
    return RunEvent(
        id=id, run_id="r-1", experiment_id="e-1", seq=3, at=AT, payload=payload
    )


class TestParseEventCursor:
    @pytest.mark.parametrize(
        ("cursor", "expected"),
        [
            (None, 0),
            ("0", 0),
            ("17", 17),
            ("007", 7),
            ("999999999999999999", 999_999_999_999_999_999),
        ],
    )
    def test_parse_event_cursor_returns_event_id(
        self, cursor: str | None, expected: int
    ) -> None:
        """No cursor means the start of the log; digits name an event id."""
        assert parse_event_cursor(cursor) == expected

    @pytest.mark.parametrize(
        "cursor",
        [
            "-1",
            "abc",
            "",
            " 17",
            "17 ",
            "1.0",
            "1e3",
            "9" * 19,
            "1" * 100,
            pytest.param("²", id="superscript-two"),
        ],
    )
    def test_parse_event_cursor_of_garbage_raises_validation_error(
        self, cursor: str
    ) -> None:
        """Anything but up to 18 decimal digits is a validation error on after."""
        with pytest.raises(ValidationError) as error:
            parse_event_cursor(cursor)

        assert error.value.field == "after"
        assert repr(cursor) in error.value.message

    def test_parse_event_cursor_names_the_given_field(self) -> None:
        """Callers may report the error against another argument."""
        with pytest.raises(ValidationError) as error:
            parse_event_cursor("nope", field="since")

        assert error.value.field == "since"

    def test_event_cursor_round_trips(self) -> None:
        """An event's cursor parses back to its id."""
        assert (
            parse_event_cursor(
                event(OutputDelta(item_index=0, attempt=1, text="x"), id=12345).cursor
            )
            == 12345
        )


class TestRunEvent:
    @pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
    def test_terminal_status_event_is_terminal(self, status: RunStatus) -> None:
        """A move into a terminal status ends the run's stream."""
        payload = StatusChanged(previous_status=RunStatus.RUNNING, status=status)

        assert event(payload).is_terminal

    @pytest.mark.parametrize(
        "status", [RunStatus.PENDING, RunStatus.RUNNING, RunStatus.CANCELLING]
    )
    def test_live_status_event_is_not_terminal(self, status: RunStatus) -> None:
        """A move into a live status keeps the stream open."""
        payload = StatusChanged(previous_status=None, status=status)

        assert not event(payload).is_terminal

    def test_output_delta_is_not_terminal(self) -> None:
        """Only status changes can end a stream."""
        assert not event(OutputDelta(item_index=0, attempt=1, text="hi")).is_terminal

    def test_payload_is_chosen_by_kind(self) -> None:
        """A stored payload is parsed into the model its kind names."""
        parsed = RunEvent.model_validate(
            {
                "id": 1,
                "run_id": "r-1",
                "experiment_id": "e-1",
                "seq": 1,
                "at": AT,
                "payload": {
                    "kind": "status",
                    "previous_status": None,
                    "status": "pending",
                },
            }
        )

        assert parsed.payload == StatusChanged(
            previous_status=None, status=RunStatus.PENDING
        )

    def test_position_describes_where_the_event_sits(self) -> None:
        """position() carries the cursor, seq, time and run of the event."""
        position = event(
            OutputDelta(item_index=0, attempt=1, text="x"), id=9
        ).position()

        assert (position.cursor, position.seq, position.at, position.run_id) == (
            "9",
            3,
            AT,
            "r-1",
        )

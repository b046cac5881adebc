"""Pagination: page sizes and the opaque cursors between pages."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from runcast.domain.errors import ValidationError
from runcast.domain.pagination import (
    MAX_PAGE_SIZE,
    PageCursor,
    PageRequest,
    parse_position_cursor,
)


def b64(raw: bytes) -> str:
    """Encode bytes the way cursors are encoded."""
    return base64.urlsafe_b64encode(raw).decode()


class TestPageRequestParse:
    def test_parse_without_first_uses_max_page_size(self) -> None:
        """Leaving ``first`` out asks for a full page of 100."""
        request = PageRequest.parse(first=None, after=None)

        assert MAX_PAGE_SIZE == 100
        assert request.first == 100
        assert request.after is None

    @pytest.mark.parametrize("first", [0, 1, 57, 99, 100])
    def test_parse_first_in_range_is_accepted(self, first: int) -> None:
        """Any size from 0 to 100 is kept as given."""
        assert PageRequest.parse(first=first, after=None).first == first

    @pytest.mark.parametrize("first", [101, -1, 10_000, -100])
    def test_parse_first_out_of_range_raises(self, first: int) -> None:
        """Sizes below 0 or above 100 are a validation error on ``first``."""
        with pytest.raises(ValidationError) as error:
            PageRequest.parse(first=first, after=None)

        assert error.value.field == "first"
        assert error.value.code == "VALIDATION_ERROR"
        assert str(first) in error.value.message

    def test_parse_decodes_after(self) -> None:
        """A cursor given as ``after`` is decoded into the request."""
        cursor = PageCursor(created_at=datetime(2030, 5, 6, tzinfo=UTC), id="exp-9")

        request = PageRequest.parse(first=10, after=cursor.encode())

        assert request.after == cursor

    def test_parse_with_bad_after_raises_on_after(self) -> None:
        """A valid size does not hide a bad cursor."""
        with pytest.raises(ValidationError) as error:
            PageRequest.parse(first=10, after="zzz")

        assert error.value.field == "after"


class TestPageCursor:
    @pytest.mark.parametrize(
        "cursor",
        [
            PageCursor(
                created_at=datetime(2030, 1, 2, 3, 4, 5, 678, tzinfo=UTC), id="a"
            ),
            PageCursor(created_at=datetime(1999, 12, 31, tzinfo=UTC), id="with|pipe"),
            PageCursor(
                created_at=datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=-5))),
                id="ünïcode id",
            ),
        ],
    )
    def test_decode_of_encode_round_trips(self, cursor: PageCursor) -> None:
        """Decoding an encoded cursor gives back the same position."""
        decoded = PageCursor.decode(cursor.encode())

        assert decoded == cursor

    def test_encode_is_url_safe(self) -> None:
        """Cursors travel in URLs, so they use the URL-safe alphabet only."""
        cursor = PageCursor(created_at=datetime(2030, 1, 1, tzinfo=UTC), id="?>?>?>~~~")

        encoded = cursor.encode()

        assert "+" not in encoded
        assert "/" not in encoded

    @pytest.mark.parametrize(
        "garbage",
        [
            "zzz",
            "",
            "!!!!",
            b64(b"no separator"),
            b64(b"not a date|exp-1"),
            b64(b"\xff\xfe\xfd|x"),
            "5",
        ],
    )
    def test_decode_of_garbage_raises_on_after(self, garbage: str) -> None:
        """A string encode() could not have made is a validation error on after."""
        with pytest.raises(ValidationError) as error:
            PageCursor.decode(garbage)

        assert error.value.field == "after"
        assert repr(garbage) in error.value.message

    def test_decode_of_naive_timestamp_raises_on_after(self) -> None:
        """encode() always writes an offset, so a cursor without one is rejected."""
        forged = b64(b"2030-01-01T00:00:00|exp-1")

        with pytest.raises(ValidationError) as error:
            PageCursor.decode(forged)

        assert error.value.field == "after"

    @pytest.mark.parametrize(
        "raw", [b"9999-12-31T23:00:00-14:00|x", b"0001-01-01T00:00:00+14:00|x"]
    )
    def test_decode_of_timestamp_without_utc_time_raises_on_after(
        self, raw: bytes
    ) -> None:
        """A time at the edge of the calendar has no UTC equivalent to page by."""
        with pytest.raises(ValidationError) as error:
            PageCursor.decode(b64(raw))

        assert error.value.field == "after"

    def test_decode_converts_the_time_to_utc(self) -> None:
        """Cursors compare in UTC, whatever offset they were written with."""
        cursor = PageCursor.decode(b64(b"2030-01-01T05:00:00+05:00|exp-1"))

        assert cursor.created_at == datetime(2030, 1, 1, tzinfo=UTC)
        assert cursor.created_at.utcoffset() == timedelta(0)


class TestParsePositionCursor:
    @pytest.mark.parametrize(
        ("cursor", "position"),
        [(None, -1), ("0", 0), ("42", 42), ("999999999", 999_999_999)],
    )
    def test_parse_position_cursor_returns_position(
        self, cursor: str | None, position: int
    ) -> None:
        """No cursor is before the first item; a digit string is a position."""
        assert parse_position_cursor(cursor) == position

    @pytest.mark.parametrize(
        "cursor",
        [
            "",
            "-1",
            "abc",
            "1.5",
            " 1",
            "1000000000",
            pytest.param("²", id="superscript-two"),
        ],
    )
    def test_parse_position_cursor_of_garbage_raises_on_after(
        self, cursor: str
    ) -> None:
        """Anything but a short run of decimal digits is a validation error."""
        with pytest.raises(ValidationError) as error:
            parse_position_cursor(cursor)

        assert error.value.field == "after"

"""A JSON array's elements, decoded one at a time as its file is read.

``json.load`` holds the whole text and every value at once; a dataset file
may be large and is refused past its row limit, so its rows are decoded
one by one and reading stops where the caller stops.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from runcast.cli.errors import CommandError

__all__ = ["json_array"]

_CHUNK = 1 << 16
"""Characters read at a time."""


def json_array(path: Path, stream: TextIO) -> Iterator[tuple[int, object]]:
    """Each element of the JSON array in ``stream`` and the line it starts on.

    Raises a CommandError naming the line and column of what is not JSON.
    """
    array = _JsonArray(path, stream)
    array.expect("[", "a JSON dataset is an array of rows")
    if array.take("]"):
        return
    while True:
        array.skip_space()
        line = array.line
        yield line, array.value()
        if array.take("]"):
            return
        array.expect(",", "expected ',' or ']' after a row")


class _JsonArray:
    """A cursor over a JSON text that holds only the part not yet decoded."""

    def __init__(self, path: Path, stream: TextIO) -> None:
        self._path = path
        self._stream = stream
        self._text = ""
        self._at = 0
        self._ended = False
        self.line = 1
        """The line the cursor is on."""
        self._column = 1

    def take(self, token: str) -> bool:
        """Skip whitespace; consume ``token`` if it comes next."""
        self.skip_space()
        if self._text.startswith(token, self._at):
            self._advance(len(token))
            return True
        return False

    def expect(self, token: str, problem: str) -> None:
        """Consume ``token`` or raise a CommandError saying ``problem`` and where."""
        if not self.take(token):
            raise self._error(problem)

    def value(self) -> object:
        """Decode the JSON value at the cursor, reading more of the file as needed."""
        self.skip_space()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self._text, self._at)
            except json.JSONDecodeError as error:
                if self._ended:
                    raise self._error(f"not JSON: {error.msg}", error.pos) from None
                self._read()
                continue
            if end == len(self._text) and not self._ended:
                # a number may go on in the next chunk
                self._read()
                continue
            self._advance(end - self._at)
            return value

    def skip_space(self) -> None:
        """Move the cursor past whitespace."""
        while True:
            while self._at < len(self._text) and self._text[self._at] in " \t\r\n":
                self._advance(1)
            if self._at < len(self._text) or self._ended:
                return
            self._read()

    def _read(self) -> None:
        chunk = self._stream.read(_CHUNK)
        self._text = self._text[self._at :] + chunk
        self._at = 0
        self._ended = not chunk

    def _advance(self, count: int) -> None:
        passed = self._text[self._at : self._at + count]
        newlines = passed.count("\n")
        if newlines:
            self.line += newlines
            self._column = count - passed.rfind("\n")
        else:
            self._column += count
        self._at += count

    def _error(self, problem: str, position: int | None = None) -> CommandError:
        line, column = self.line, self._column
        if position is not None:
            skipped = self._text[self._at : position]
            line += skipped.count("\n")
            column = (
                column + len(skipped)
                if "\n" not in skipped
                else len(skipped) - skipped.rfind("\n")
            )
        return CommandError(f"{self._path} line {line}, column {column}: {problem}")

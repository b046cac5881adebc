"""Checks of free text that every stored string keeps."""

from __future__ import annotations

import unicodedata

__all__ = ["single_line", "without_nul"]


def single_line(text: str) -> str:
    """Return ``text``; refuse a name with control characters (newlines, NUL…)."""
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise ValueError("a name cannot contain control characters")
    return text


def without_nul(text: str) -> str:
    """Return ``text``; refuse NUL characters, which PostgreSQL cannot store."""
    if "\x00" in text:
        raise ValueError("text cannot contain NUL characters")
    return text

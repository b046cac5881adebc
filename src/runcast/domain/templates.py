"""Prompt templates: ``{{variable}}`` placeholders rendered by a sandboxed Jinja2."""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["TemplateError", "render", "template_variables"]

MAX_RANGE = 10_000
"""The longest ``range()`` a template may loop over."""
MAX_RENDERED_LENGTH = 1_000_000
"""The longest prompt a template may render, in characters."""
RENDER_SECONDS = 1.0
"""How long rendering one prompt may take."""


def _bounded_range(*arguments: int) -> range:
    numbers = range(*arguments)
    if len(numbers) > MAX_RANGE:
        raise OverflowError(f"range() may give at most {MAX_RANGE} numbers")
    return numbers


_environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
_environment.globals["range"] = _bounded_range


class TemplateError(ValueError):
    """The prompt template cannot be parsed."""


@lru_cache(maxsize=256)
def template_variables(template: str) -> frozenset[str]:
    """Return the names of the variables a template reads."""
    try:
        parsed = _environment.parse(template)
    except TemplateSyntaxError as error:
        raise TemplateError(
            f"invalid template on line {error.lineno}: {error.message}"
        ) from error
    return frozenset(meta.find_undeclared_variables(parsed))


@lru_cache(maxsize=64)
def _compiled(template: str) -> Template:
    # compiling is most of the cost of rendering one short prompt
    return _environment.from_string(template)


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Render a template with the given variables; a missing one is an error.

    A template that renders more than ``MAX_RENDERED_LENGTH`` characters, or
    keeps producing output for longer than ``RENDER_SECONDS``, is an error.
    """
    template_variables(template)
    deadline = time.monotonic() + RENDER_SECONDS
    pieces: list[str] = []
    length = 0
    for piece in _compiled(template).generate(variables):
        length += len(piece)
        if length > MAX_RENDERED_LENGTH:
            raise TemplateError(
                f"the prompt renders to more than {MAX_RENDERED_LENGTH} characters"
            )
        if time.monotonic() > deadline:
            raise TemplateError(f"rendering took longer than {RENDER_SECONDS:g} s")
        pieces.append(piece)
    return "".join(pieces)

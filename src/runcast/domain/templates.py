"""Prompt templates: ``{{variable}}`` placeholders rendered by a sandboxed Jinja2."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Template, TemplateSyntaxError, meta

from runcast.domain.template_errors import TemplateError, TemplateLimitError
from runcast.domain.template_sandbox import (
    MAX_INTEGER_DIGITS,
    MAX_RANGE,
    MAX_TEMPLATE_STEPS,
    MAX_VALUE_LENGTH,
    RENDER_SECONDS,
    BoundedEnvironment,
    check_constant_expressions,
    render_budget,
)

__all__ = [
    "MAX_INTEGER_DIGITS",
    "MAX_RANGE",
    "MAX_RENDERED_LENGTH",
    "MAX_TEMPLATE_STEPS",
    "MAX_VALUE_LENGTH",
    "RENDER_SECONDS",
    "TemplateError",
    "TemplateLimitError",
    "render",
    "template_variables",
]

MAX_RENDERED_LENGTH = 1_000_000
"""The longest prompt a template may render, in characters."""

_environment = BoundedEnvironment()


@lru_cache(maxsize=256)
def template_variables(template: str) -> frozenset[str]:
    """Return the names of the variables a template reads.

    Raises ``TemplateError`` when the template cannot be parsed, and
    ``TemplateLimitError`` when a constant expression in it would be too large
    to compute (``{{ 9 ** 8000000 }}``).
    """
    try:
        parsed = _environment.parse(template)
    except TemplateSyntaxError as error:
        raise TemplateError(
            f"invalid template on line {error.lineno}: {error.message}"
        ) from error
    check_constant_expressions(_environment, parsed)
    return frozenset(meta.find_undeclared_variables(parsed))


@lru_cache(maxsize=64)
def _compiled(template: str) -> Template:
    # compiling is most of the cost of rendering one short prompt
    return _environment.from_string(template)


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Render a template with the given variables; a missing one is an error.

    A render that would pass one of the sandbox's bounds (``MAX_TEMPLATE_STEPS``
    loop iterations and calls, ``RENDER_SECONDS``, values of
    ``MAX_VALUE_LENGTH``, integers of ``MAX_INTEGER_DIGITS``) or make a prompt
    longer than ``MAX_RENDERED_LENGTH`` raises ``TemplateLimitError``.
    """
    template_variables(template)
    compiled = _compiled(template)
    pieces: list[str] = []
    length = 0
    with render_budget():
        for piece in compiled.generate(variables):
            length += len(piece)
            if length > MAX_RENDERED_LENGTH:
                raise TemplateLimitError(
                    f"the prompt renders to more than {MAX_RENDERED_LENGTH} characters"
                )
            pieces.append(piece)
    return "".join(pieces)

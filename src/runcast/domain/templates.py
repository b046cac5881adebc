"""Prompt templates: ``{{variable}}`` placeholders rendered by a sandboxed Jinja2."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["TemplateError", "render", "template_variables"]

_environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


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


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Render a template with the given variables; a missing one is an error."""
    template_variables(template)
    return _environment.from_string(template).render(variables)

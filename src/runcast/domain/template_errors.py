"""What goes wrong with a prompt template: bad syntax, or past a sandbox bound."""

from __future__ import annotations

__all__ = ["TemplateError", "TemplateLimitError"]


class TemplateError(ValueError):
    """The prompt template cannot be parsed or rendered."""


class TemplateLimitError(TemplateError):
    """The template asked for more work or memory than a prompt may take."""

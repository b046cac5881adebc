"""Prompt templates: finding variables and rendering in a strict sandbox."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from runcast.domain.templates import (
    MAX_RANGE,
    MAX_RENDERED_LENGTH,
    TemplateError,
    render,
    template_variables,
)


class TestTemplateVariables:
    @pytest.mark.parametrize(
        ("template", "expected"),
        [
            ("no variables here", set()),
            ("Hello {{ name }}!", {"name"}),
            ("{{a}} and {{ b }} and {{a}}", {"a", "b"}),
            ("{{ name | upper | trim }}", {"name"}),
            ("{{ user.name }} {{ user['email'] }}", {"user"}),
            ("{{ text | replace(old, new) }}", {"text", "old", "new"}),
            (
                "{% if flag %}{{ yes }}{% else %}{{ no }}{% endif %}",
                {"flag", "yes", "no"},
            ),
            ("{% for row in rows %}{{ row }} {{ sep }}{% endfor %}", {"rows", "sep"}),
            ("{% set greeting = 'hi' %}{{ greeting }} {{ who }}", {"who"}),
        ],
    )
    def test_template_variables_finds_undeclared_names(
        self, template: str, expected: set[str]
    ) -> None:
        """Every name the template reads from outside is found, and nothing else."""
        assert template_variables(template) == expected

    def test_template_variables_with_bad_syntax_raises_template_error(self) -> None:
        """A template that cannot be parsed names the line of the problem."""
        with pytest.raises(TemplateError, match="invalid template on line 2"):
            template_variables("fine\n{{ broken")

    def test_template_error_is_a_value_error(self) -> None:
        """Pydantic validators turn TemplateError into a validation error."""
        assert issubclass(TemplateError, ValueError)


class TestRender:
    def test_render_substitutes_variables(self) -> None:
        """Placeholders are replaced by the values given."""
        rendered = render(
            "Capital of {{ country }}: {{ n }}", {"country": "Peru", "n": 1}
        )

        assert rendered == "Capital of Peru: 1"

    def test_render_applies_filters_and_attributes(self) -> None:
        """Filters and item access work on the values given."""
        rendered = render(
            "{{ who | upper }} from {{ place.city }}",
            {
                "who": "ada",
                "place": {"city": "London"},
            },
        )

        assert rendered == "ADA from London"

    def test_render_does_not_escape_html(self) -> None:
        """Prompts are plain text, so markup is kept as written."""
        assert render("{{ tag }}", {"tag": "<b>&</b>"}) == "<b>&</b>"

    def test_render_with_missing_variable_raises(self) -> None:
        """A variable with no value is an error, never an empty string."""
        with pytest.raises(UndefinedError, match="'city' is undefined"):
            render("Weather in {{ city }}", {"town": "Oslo"})

    def test_render_with_missing_attribute_raises(self) -> None:
        """Reading a missing key of a value is an error too."""
        with pytest.raises(UndefinedError):
            render("{{ place.city }}", {"place": {}})

    def test_render_with_bad_syntax_raises_template_error(self) -> None:
        """Rendering an unparseable template raises Runcast's TemplateError."""
        with pytest.raises(TemplateError):
            render("{{ oops", {"oops": 1})

    @pytest.mark.parametrize(
        "template",
        [
            "{{ ''.__class__.__mro__ }}",
            "{{ ''.__class__ }}",
            "{{ value.__init__.__globals__ }}",
            "{{ value.mro() }}",
        ],
    )
    def test_render_unsafe_attribute_raises_security_error(self, template: str) -> None:
        """The sandbox refuses access to Python internals."""
        with pytest.raises(SecurityError):
            render(template, {"value": str})


class TestRenderLimits:
    def test_range_over_the_limit_is_refused(self) -> None:
        """A template cannot loop over more than MAX_RANGE numbers."""
        with pytest.raises(OverflowError):
            render("{% for i in range(n) %}x{% endfor %}", {"n": MAX_RANGE + 1})

    def test_range_within_the_limit_renders(self) -> None:
        """Loops of ordinary size still work."""
        assert render("{% for i in range(3) %}{{ i }}{% endfor %}", {}) == "012"

    def test_prompt_longer_than_the_limit_is_refused(self) -> None:
        """A template cannot make a prompt of unbounded size."""
        with pytest.raises(TemplateError, match="more than"):
            render("{{ 'x' * n }}", {"n": MAX_RENDERED_LENGTH + 1})

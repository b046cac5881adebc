"""Prompt templates: finding variables and rendering in a strict sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from runcast.domain.templates import (
    MAX_INTEGER_DIGITS,
    MAX_RANGE,
    MAX_RENDERED_LENGTH,
    MAX_TEMPLATE_STEPS,
    MAX_VALUE_LENGTH,
    TemplateError,
    TemplateLimitError,
    render,
    template_variables,
)

# sizes that an unbounded render would try to allocate, and fail with MemoryError
TERABYTE = 10**12


class CountingRows:
    """An iterable of ``length`` rows that counts how many were taken."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.taken = 0

    def __iter__(self) -> Iterator[int]:
        for row in range(self.length):
            self.taken += 1
            yield row


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
        with pytest.raises(TemplateLimitError, match="range"):
            render("{% for i in range(n) %}x{% endfor %}", {"n": MAX_RANGE + 1})

    def test_range_within_the_limit_renders(self) -> None:
        """Loops of ordinary size still work."""
        assert render("{% for i in range(3) %}{{ i }}{% endfor %}", {}) == "012"

    def test_prompt_longer_than_the_limit_is_refused(self) -> None:
        """A template cannot make a prompt of unbounded size."""
        text = "x" * (MAX_RENDERED_LENGTH // 2)
        with pytest.raises(TemplateLimitError, match="more than"):
            render("{% for i in range(3) %}{{ text }}{% endfor %}", {"text": text})


class TestRenderBudget:
    def test_nested_loops_that_write_nothing_stop_at_the_step_limit(self) -> None:
        """10^10 iterations unbounded; the render stops after MAX_TEMPLATE_STEPS."""
        rows = CountingRows(100_000)

        with pytest.raises(TemplateLimitError, match="loop iterations and calls"):
            render(
                "{% for a in rows %}{% for b in rows %}{% endfor %}{% endfor %}",
                {"rows": rows},
            )

        assert rows.taken <= MAX_TEMPLATE_STEPS + 1

    def test_loops_within_the_budget_render(self) -> None:
        """A loop of ordinary size spends steps but renders in full."""
        rows = CountingRows(1_000)

        rendered = render("{% for row in rows %}.{% endfor %}", {"rows": rows})

        assert rendered == "." * 1_000
        assert rows.taken == 1_000

    def test_each_render_gets_a_fresh_budget(self) -> None:
        """Steps spent by one render are not taken from the next."""
        template = "{% for row in rows %}{% endfor %}done"

        for _ in range(3):
            rendered = render(template, {"rows": CountingRows(MAX_TEMPLATE_STEPS // 2)})

            assert rendered == "done"

    def test_recursive_loop_iterations_spend_the_budget(self) -> None:
        """A recursive loop's inner iterations count as much as the outer ones."""
        rows = CountingRows(100_000)

        with pytest.raises(TemplateLimitError, match="loop iterations"):
            render(
                "{% for a in rows recursive %}"
                "{% if loop.depth < 3 %}{{ loop(rows) }}{% endif %}{% endfor %}",
                {"rows": rows},
            )

        assert rows.taken <= MAX_TEMPLATE_STEPS + 1

    def test_macro_recursion_stops_at_the_step_limit(self) -> None:
        """2^40 macro calls that write nothing are stopped by counting calls."""
        with pytest.raises(TemplateLimitError, match="loop iterations and calls"):
            render(
                "{% macro twice(n) %}{% if n %}{{ twice(n - 1) }}{{ twice(n - 1) }}"
                "{% endif %}{% endmacro %}{{ twice(40) }}",
                {},
            )


class TestRenderSizes:
    @pytest.mark.parametrize(
        "template",
        [
            "{{ 'x' * n }}",
            "{{ ['x'] * n }}",
            "{{ 'x' | center(n) }}",
            "{{ 'x'.ljust(n) }}",
            "{{ 'x'.zfill(n) }}",
            "{{ '%0*d' % (n, 1) }}",
            "{{ ('%0' ~ n ~ 'd') % 1 }}",
            "{{ ('{:>' ~ n ~ '}').format(1) }}",
            "{{ 'x' | indent(n) }}",
            "{{ [1] | batch(n, 0) | list }}",
            "{{ 'x' | replace('', 'x' * 100) | replace('x', 'x' * 100)"
            " | replace('x', 'x' * 100) }}",
        ],
    )
    def test_value_past_the_size_limit_is_refused_before_it_is_made(
        self, template: str
    ) -> None:
        """A terabyte asked for is refused, not attempted (MemoryError)."""
        with pytest.raises(TemplateLimitError, match="longer than"):
            render(template, {"n": TERABYTE})

    @pytest.mark.parametrize(
        "template",
        [
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = [ns.s, ns.s] | join %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ''.join([ns.s, ns.s]) %}{% endfor %}",
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = '{0}{0}'.format(ns.s) %}{% endfor %}",
        ],
    )
    def test_doubling_a_value_stops_at_the_size_limit(self, template: str) -> None:
        """2^60 characters unbounded; refused once past MAX_VALUE_LENGTH."""
        with pytest.raises(TemplateLimitError, match=f"longer than {MAX_VALUE_LENGTH}"):
            render(template, {})

    def test_block_output_past_the_size_limit_is_refused(self) -> None:
        """A macro's output is measured before it is joined."""
        template = (
            "{% macro many() %}{% for i in range(10000) %}{{ text }}{% endfor %}"
            "{% endmacro %}{{ many() | length }}"
        )

        with pytest.raises(TemplateLimitError, match="block"):
            render(template, {"text": "x" * 1_000})

    def test_squaring_an_integer_stops_at_the_digit_limit(self) -> None:
        """3^(2^60) unbounded; refused past MAX_INTEGER_DIGITS."""
        template = (
            "{% set ns = namespace(n=3) %}{% for i in range(60) %}"
            "{% set ns.n = ns.n * ns.n %}{% endfor %}"
        )

        with pytest.raises(TemplateLimitError, match=f"{MAX_INTEGER_DIGITS} digits"):
            render(template, {})

    def test_power_of_variables_past_the_digit_limit_is_refused(self) -> None:
        """A power is measured from its operands before it is computed."""
        with pytest.raises(TemplateLimitError, match="digits"):
            render("{{ base ** exponent % 7 }}", {"base": 9, "exponent": 8_000_000})

    @pytest.mark.parametrize(
        ("template", "expected"),
        [
            ("{{ 2 ** 10 }} {{ 3 * 4 }} {{ 'ab' * 2 }}", "1024 12 abab"),
            ("{{ '%5d' % 42 }}|{{ '%s-%s' | format('a', 'b') }}", "   42|a-b"),
            ("{{ '{:>4}'.format('x') }}{{ 'x'.center(3) }}", "   x x "),
            ("{{ [1, 2] + [3] }} {{ 'a' ~ 'b' }}", "[1, 2, 3] ab"),
            ("{{ ', '.join(['a', 'b']) }} {{ 'a-b' | replace('-', '+') }}", "a, b a+b"),
        ],
    )
    def test_ordinary_arithmetic_and_formatting_render(
        self, template: str, expected: str
    ) -> None:
        """The checks leave everyday expressions alone."""
        assert render(template, {}) == expected


class TestConstantExpressions:
    @pytest.mark.parametrize(
        "template",
        [
            "{{ (9 ** 8000000) % 7 }}",
            "{{ 'x' * 10 ** 12 }}",
            "{{ -(10 ** 5000) }}",
            "{{ '%01000000000d' % 1 }}",
        ],
    )
    def test_constant_too_large_to_compute_is_refused_when_parsed(
        self, template: str
    ) -> None:
        """Jinja would fold these while compiling; they are refused unevaluated."""
        with pytest.raises(TemplateLimitError):
            template_variables(template)

    def test_constants_of_ordinary_size_are_accepted(self) -> None:
        """Small constant arithmetic is fine, and so is a failing one."""
        assert template_variables("{{ 2 ** 64 * 3 }}{{ 1 / 0 }}{{ x }}") == {"x"}

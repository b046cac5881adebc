"""The Jinja2 sandbox prompts render in, with bounded work and memory.

Jinja's own sandbox keeps templates away from Python internals, but not from
the CPU or memory: a loop that writes nothing runs until done, ``"x" * 10**9``
allocates a gigabyte, and constant expressions are folded while compiling.
This environment adds the bounds:

- every loop iteration and every call spends one step of a render's budget
  (``MAX_TEMPLATE_STEPS``, and ``RENDER_SECONDS`` of time);
- ``**``, ``*``, ``+`` and ``%`` are checked before they compute, so no
  integer grows past ``MAX_INTEGER_DIGITS`` and no string, list or formatted
  text past ``MAX_VALUE_LENGTH``; filters and string methods that pad, join,
  replace or wrap are checked the same way, and every result is measured;
- ``**`` and ``*`` are never folded while compiling, and
  ``check_constant_expressions`` refuses, from the parsed template alone, a
  constant expression whose value would be too large.
"""

from __future__ import annotations

import inspect
import math
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from runcast.domain.template_errors import TemplateLimitError

__all__ = [
    "MAX_INTEGER_DIGITS",
    "MAX_RANGE",
    "MAX_TEMPLATE_STEPS",
    "MAX_VALUE_LENGTH",
    "RENDER_SECONDS",
    "BoundedEnvironment",
    "check_constant_expressions",
    "render_budget",
]

MAX_TEMPLATE_STEPS = 100_000
"""The loop iterations and calls one render may make, all loops together."""
MAX_RANGE = 10_000
"""The longest ``range()`` a template may loop over."""
MAX_VALUE_LENGTH = 1_000_000
"""The longest string, list or mapping a template may make, in items."""
MAX_INTEGER_DIGITS = 4_300
"""The most digits an integer a template computes may have (Python prints no more)."""
RENDER_SECONDS = 1.0
"""How long rendering one prompt may take."""

_MAX_INTEGER_BITS = math.ceil(MAX_INTEGER_DIGITS * math.log2(10))
_PERCENT_FIELD = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*"
    r"(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?[a-zA-Z%]"
)


@dataclass
class _Budget:
    steps_left: int
    deadline: float

    def spend(self) -> None:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise TemplateLimitError(
                f"the template makes more than {MAX_TEMPLATE_STEPS} loop "
                "iterations and calls"
            )
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"rendering took longer than {RENDER_SECONDS:g} s")


_budget: ContextVar[_Budget] = ContextVar("template_budget")


@contextmanager
def render_budget() -> Iterator[None]:
    """Give the renders inside this block one fresh budget of steps and time."""
    token = _budget.set(_Budget(MAX_TEMPLATE_STEPS, time.monotonic() + RENDER_SECONDS))
    try:
        yield
    finally:
        _budget.reset(token)


def _spend_step() -> None:
    # outside render_budget() there is no budget: LookupError, never unbounded
    _budget.get().spend()


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    for value in iterable:
        _spend_step()
        yield value


def _refuse_longer_than_allowed(length: int, what: str) -> None:
    if length > MAX_VALUE_LENGTH:
        raise TemplateLimitError(
            f"{what} would be longer than {MAX_VALUE_LENGTH} characters or items"
        )


def _check_result(result: Any) -> Any:
    if isinstance(result, Sized) and not isinstance(result, range | Undefined):
        _refuse_longer_than_allowed(len(result), "a value")
    return result


def _check_integer_bits(bits: float) -> None:
    if bits > _MAX_INTEGER_BITS:
        raise TemplateLimitError(
            f"an integer would have more than {MAX_INTEGER_DIGITS} digits"
        )


def _is_integer(value: Any) -> bool:
    return isinstance(value, int)


def _is_sequence(value: Any) -> bool:
    return isinstance(value, str | bytes | list | tuple)


def _text_length(value: Any) -> int:
    return len(value) if isinstance(value, str) else len(str(value))


def _check_formatting(
    template_length: int, fields: int, widths: Iterable[str | None], values: Any
) -> None:
    """Refuse formatting whose output could pass ``MAX_VALUE_LENGTH``."""
    if isinstance(values, Mapping):
        items: list[Any] = list(values.values())
    elif isinstance(values, tuple | list):
        items = list(values)
    else:
        items = [values]
    widest = 0
    for width in widths:
        if width == "*":  # the width is one of the values
            widest = max([widest, *(item for item in items if _is_integer(item))])
        elif width:
            # compare digits, so a 10,000-digit width is never made an int
            if len(width) > len(str(MAX_VALUE_LENGTH)):
                _refuse_longer_than_allowed(MAX_VALUE_LENGTH + 1, "a formatted value")
            widest = max(widest, int(width))
    longest = max((_text_length(item) for item in items), default=0)
    _refuse_longer_than_allowed(
        template_length + fields * max(longest, widest), "a formatted string"
    )


def _check_percent_formatting(template: str, values: Any) -> None:
    fields = list(_PERCENT_FIELD.finditer(template))
    widths = [width for field in fields for width in field.group("width", "precision")]
    _check_formatting(len(template), len(fields), widths, values)


def _check_brace_formatting(
    template: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    fields = [
        spec
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    ]
    if any("{" in (spec or "") for spec in fields):
        raise TemplateLimitError("a format spec cannot hold another field")
    widths = [number for spec in fields for number in re.findall(r"\d+", spec or "")]
    _check_formatting(len(template), len(fields), widths, [*args, *kwargs.values()])


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when its result would be too large."""
    if operator == "**" and _is_integer(left) and _is_integer(right):
        if right > 0 and abs(left) > 1:
            _check_integer_bits(right * math.log2(abs(left)))
    elif operator == "*":
        if _is_integer(left) and _is_integer(right):
            _check_integer_bits(left.bit_length() + right.bit_length())
        elif _is_sequence(left) and _is_integer(right):
            _refuse_longer_than_allowed(len(left) * right, "a repeated value")
        elif _is_integer(left) and _is_sequence(right):
            _refuse_longer_than_allowed(left * len(right), "a repeated value")
    elif operator == "+" and _is_sequence(left) and _is_sequence(right):
        _refuse_longer_than_allowed(len(left) + len(right), "a joined value")
    elif operator == "%" and isinstance(left, str):
        _check_percent_formatting(left, right)


def _padded(text: str, width: int, *_: Any) -> int:
    return max(len(text), width)


def _tabs_expanded(text: str, tabsize: int = 8) -> int:
    return len(text) + text.count("\t") * max(tabsize, 0)


def _replaced(text: str, old: str, new: str, count: int | None = -1) -> int:
    matches = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        matches = min(matches, count)
    return len(text) + matches * max(len(new) - len(old), 0)


def _joined(separator: str, values: list[Any]) -> int:
    pieces = sum(_text_length(value) for value in values)
    return pieces + len(separator) * max(len(values) - 1, 0)


# str methods that make output larger than their input, and how much larger
_STRING_METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "expandtabs": _tabs_expanded,
    "replace": _replaced,
}


def _check_string_method(method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a str method call whose result would be too large; return its args."""
    text = getattr(method, "__self__", None)
    if not isinstance(text, str):
        return args
    name = getattr(method, "__name__", "")
    if name == "join" and args:
        values = list(_counted(args[0]))
        _refuse_longer_than_allowed(_joined(text, values), "a joined string")
        return (values, *args[1:])
    size = _STRING_METHOD_SIZES.get(name)
    if size is not None:
        try:
            estimate = size(text, *args)
        except TypeError:
            return args  # wrong arguments: let the method say so
        _refuse_longer_than_allowed(estimate, f"the result of str.{name}()")
    return args


def _indented(arguments: dict[str, Any]) -> int:
    text, width = str(arguments["s"]), arguments["width"]
    step = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 1) * step


def _wrapped(arguments: dict[str, Any]) -> int:
    text, width = str(arguments["s"]), max(int(arguments["width"]), 1)
    lines = len(text) // width + text.count("\n") + 1
    return len(text) + lines * len(arguments["wrapstring"] or "\n")


def _join_filtered(arguments: dict[str, Any]) -> int:
    arguments["value"] = values = list(_counted(arguments["value"]))
    return _joined(str(arguments["d"]), values)


def _formatted(arguments: dict[str, Any]) -> int:
    _check_percent_formatting(
        str(arguments["value"]), arguments["kwargs"] or arguments["args"]
    )
    return 0


# filters that make output larger than their input, and how much larger
_FILTER_SIZES: dict[str, Callable[[dict[str, Any]], int]] = {
    "center": lambda arguments: _padded(str(arguments["value"]), arguments["width"]),
    "indent": _indented,
    "wordwrap": _wrapped,
    "replace": lambda arguments: _replaced(
        str(arguments["s"]),
        str(arguments["old"]),
        str(arguments["new"]),
        arguments["count"],
    ),
    "join": _join_filtered,
    "format": _formatted,
    "batch": lambda arguments: int(arguments["linecount"]),
    "slice": lambda arguments: int(arguments["slices"]),
}


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    size = _FILTER_SIZES.get(name)
    if size is None:
        return _bounded_result(function)
    signature = inspect.signature(function)

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return function(*args, **kwargs)  # let the filter say what is wrong
        bound.apply_defaults()
        _refuse_longer_than_allowed(size(bound.arguments), f"the {name} filter")
        return _check_result(function(*bound.args, **bound.kwargs))

    return bounded


def _bounded_result(function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        return _check_result(function(*args, **kwargs))

    return bounded


def _bounded_range(*arguments: int) -> range:
    numbers = range(*arguments)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() may give at most {MAX_RANGE} numbers")
    return numbers


def _bounded_concat(pieces: Iterable[str]) -> str:
    # the body of a macro, a call block or a {% set %} block
    pieces = list(pieces)
    _refuse_longer_than_allowed(sum(map(len, pieces)), "a block's output")
    return "".join(pieces)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles loops to spend the render budget and ``~`` to measure first."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:  # noqa: N802
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("counted"),
                [loop.iter],
                [],
                None,
                None,
                lineno=loop.iter.lineno,
                environment=self.environment,
            )
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        # the pieces are measured before they are joined; the join is Jinja's
        self.write("environment.joined((")
        for piece in node.nodes:
            self.visit(piece, frame)
            self.write(", ")
        self.write("), ")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join)")
        else:
            self.write("markup_join" if frame.eval_ctx.autoescape else "str_join")
        self.write(")")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox whose renders stop at the bounds of ``render_budget``."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"**", "*", "+", "%"})
    concat = staticmethod(_bounded_concat)

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals["range"] = _bounded_range
        self.filters = {
            name: _bounded_filter(name, function)
            for name, function in self.filters.items()
        }

    @staticmethod
    def counted(iterable: Iterable[Any]) -> Iterator[Any]:
        """Iterate, spending one step of the render budget per value."""
        return _counted(iterable)

    @staticmethod
    def joined(pieces: tuple[Any, ...], join: Callable[[Iterable[Any]], str]) -> str:
        """Join the pieces of a ``~`` expression, refused when it is too long."""
        _refuse_longer_than_allowed(
            sum(_text_length(piece) for piece in pieces), "a joined string"
        )
        return join(pieces)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Compute ``left operator right`` unless its result would be too large."""
        _check_binop(operator, left, right)
        return _check_result(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call from the template, spending a step; refuse oversized results."""
        _spend_step()
        if isinstance(obj, LoopContext) and args:
            # a recursive loop's loop(children): its iterations count too
            args = (_counted(args[0]), *args[1:])
        args = _check_string_method(obj, args)
        return _check_result(super().call(context, obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Sandbox ``str.format`` and refuse formatting that makes too much."""
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        template: str = value.__self__
        is_format_map = value.__name__ == "format_map"

        @wraps(formatter)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map and args and isinstance(args[0], Mapping):
                _check_brace_formatting(template, (), args[0])
            else:
                _check_brace_formatting(template, args, kwargs)
            return formatter(*args, **kwargs)

        return bounded


def _constant_value(
    environment: BoundedEnvironment, node: nodes.Node, known: dict[int, Any]
) -> Any:
    """The value of a constant arithmetic expression; ``_NOT_CONSTANT`` otherwise."""
    if id(node) in known:
        return known[id(node)]
    value: Any = _NOT_CONSTANT
    if isinstance(node, nodes.Const):
        value = node.value
    elif isinstance(node, nodes.Neg | nodes.Pos):
        operand = _constant_value(environment, node.node, known)
        if _is_integer(operand):
            value = -operand if isinstance(node, nodes.Neg) else operand
    elif isinstance(node, nodes.BinExpr):
        left = _constant_value(environment, node.left, known)
        right = _constant_value(environment, node.right, known)
        if left is not _NOT_CONSTANT and right is not _NOT_CONSTANT:
            _check_binop(node.operator, left, right)
            try:
                value = environment.binop_table[node.operator](left, right)
            except (ArithmeticError, TypeError, ValueError):
                value = _NOT_CONSTANT  # the template fails when it renders
    known[id(node)] = value
    return value


_NOT_CONSTANT = object()


def check_constant_expressions(
    environment: BoundedEnvironment, template: nodes.Template
) -> None:
    """Raise ``TemplateLimitError`` for a constant expression too large to compute.

    Each node is evaluated once, so the check costs time in proportion to the
    template's length.
    """
    known: dict[int, Any] = {}
    for expression in template.find_all(nodes.BinExpr):
        _constant_value(environment, expression, known)

"""Hypothesis strategies: operations from the real schema, hostile values, bodies.

Valid and invalid operations come from hypothesis-graphql; ids are drawn
from placeholders for stored records (see ``KNOWN_IDS``) as often as from
random text, so operations reach records that exist. Hostile values are
what the issue's outside fuzzers sent: lone surrogates, control
characters, long strings, numbers past every bound, deep nesting, and JSON
that Python cannot even encode (``Raw`` carries such text verbatim).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import graphql
import hypothesis_graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from runcast.api.schema import create_schema

__all__ = [
    "KNOWN_IDS",
    "HTTPRequest",
    "Raw",
    "crafted_documents",
    "damaged_documents",
    "encode_json",
    "graphql_schema",
    "hostile_values",
    "http_requests",
    "invalid_operations",
    "json_values",
    "valid_operations",
    "valid_queries",
    "with_hostile_value",
]

KNOWN_IDS = (
    "known-experiment",
    "known-archived-experiment",
    "known-run",
    "known-cancelled-run",
)
"""Placeholders the tests replace with the ids of records they stored."""


@dataclass(frozen=True)
class Raw:
    """JSON text sent as it is: numbers and nesting ``json.dumps`` refuses."""

    text: str


@cache
def graphql_schema() -> graphql.GraphQLSchema:
    """The schema the app serves, as graphql-core builds it from its SDL."""
    return graphql.build_schema(create_schema().as_str())


def encode_json(value: Any) -> bytes:
    """``value`` as JSON text, ``Raw`` parts verbatim, surrogates escaped."""
    return _json_text(value).encode()


def _json_text(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        members = (f"{json.dumps(str(k))}:{_json_text(v)}" for k, v in value.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    return json.dumps(value)


def _literal(value: Any) -> graphql.ValueNode:
    """A GraphQL literal for a JSON value."""
    if value is None or isinstance(value, bool | int | float | str):
        return _scalar_literal(value)
    if isinstance(value, list):
        return graphql.ListValueNode(values=tuple(_literal(item) for item in value))
    fields = tuple(
        graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=_literal(item))
        for key, item in value.items()
    )
    return graphql.ObjectValueNode(fields=fields)


def _scalar_literal(value: bool | float | str | None) -> graphql.ValueNode:
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return graphql.BooleanValueNode(value=value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    return nodes.String(value)


_NAMES = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}\Z")

_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)


def _json_containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=8), children, max_size=4
    )


def _literal_containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        _NAMES, children, max_size=4
    )


json_values: st.SearchStrategy[Any] = st.recursive(
    _JSON_SCALARS, _json_containers, max_leaves=12
)
"""Any JSON value Python can encode."""

_DATASET_VARIABLES = st.dictionaries(_NAMES, st.text(max_size=20), max_size=4)

_JSON_LITERALS: st.SearchStrategy[Any] = st.recursive(
    _JSON_SCALARS, _literal_containers, max_leaves=12
)
"""JSON values GraphQL can write as literals: object keys are names."""

_IDS = (
    st.sampled_from(KNOWN_IDS)
    | st.uuids().map(str)
    | st.text(max_size=30)
    | st.integers().map(str)
)

_CUSTOM_SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "ID": _IDS.map(nodes.String) | st.integers().map(nodes.Int),
    "JSON": (_DATASET_VARIABLES | _JSON_LITERALS).map(_literal),
    "DateTime": st.datetimes().map(lambda moment: nodes.String(moment.isoformat())),
}


def valid_operations() -> st.SearchStrategy[str]:
    """Queries and mutations the schema accepts, with random arguments."""
    return hypothesis_graphql.from_schema(
        graphql_schema(), custom_scalars=_CUSTOM_SCALARS
    )


def valid_queries() -> st.SearchStrategy[str]:
    """Queries (never mutations) the schema accepts, with random arguments."""
    return hypothesis_graphql.queries(graphql_schema(), custom_scalars=_CUSTOM_SCALARS)


def invalid_operations() -> st.SearchStrategy[str]:
    """Queries and mutations that each break the schema in one place."""
    return hypothesis_graphql.from_schema(
        graphql_schema(),
        custom_scalars=_CUSTOM_SCALARS,
        mode=hypothesis_graphql.Mode.NEGATIVE,
    )


_ODD_STRINGS = st.sampled_from(
    [
        "a\ud800b",
        "\udfff",
        "\ud83d",
        "\x00",
        "\x1b[2J",
        "\u202e",
        "\ufeff",
        "\r\n\t\x0b\x0c",
        "{{ (9 ** 8000000) % 7 }}",
        "{% for a in range(10**9) %}{% endfor %}",
        "' OR 1=1 --",
        "%s%n%x",
        "../../../../etc/passwd",
        "",
        " ",
    ]
)

hostile_values: st.SearchStrategy[Any] = st.one_of(
    _ODD_STRINGS,
    st.text(st.characters(exclude_categories=()), max_size=60),
    st.integers(min_value=1_000, max_value=300_000).map(lambda size: "x" * size),
    st.integers(min_value=-(10**4000), max_value=10**4000),
    st.sampled_from([2**31, -(2**31) - 1, 2**53 + 1, 2**63, -(2**64)]),
    st.floats(),
    st.integers(min_value=4_300, max_value=20_000).map(lambda n: Raw("9" * n)),
    st.integers(min_value=2, max_value=5_000).map(lambda d: Raw("[" * d + "]" * d)),
    st.integers(min_value=2, max_value=3_000).map(
        lambda d: Raw('{"a":' * d + "1" + "}" * d)
    ),
    st.sampled_from(
        [Raw("1e999"), Raw("-0"), Raw("1.5e-400"), Raw('"\\ud800"'), Raw('"\\u0000"')]
    ),
    json_values,
)
"""Values past every bound: odd and huge strings and numbers, deep nesting."""


@st.composite
def with_hostile_value(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one part (or the whole) replaced by a hostile value."""
    paths = list(_paths(value))
    path = draw(st.sampled_from(paths))
    hostile = draw(hostile_values)
    return _replaced(value, path, hostile)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], tuple(rest), new)}
    items = list(value)
    items[head] = _replaced(items[head], tuple(rest), new)
    return items


_TOKENS = st.sampled_from(
    [
        *["{", "}", "(", ")", "[", "]", "$", "...", '"', '"""', "\\u", "#", "@"],
        *["!", ":", "@skip(if: true)", "@include(if: $x)"],
        *["\x00", "\ud800", "\u2028", "0x1F", "9" * 200],
    ]
)


@st.composite
def damaged_documents(draw: st.DrawFn, text: str) -> str:
    """``text`` cut short, or with an odd token put somewhere in it."""
    position = draw(st.integers(min_value=0, max_value=len(text)))
    if draw(st.booleans()):
        return text[:position]
    return text[:position] + draw(_TOKENS) + text[position:]


def _deep_selection(depth: int) -> str:
    return "{ " + "run(id: $id) { parentRun { " * depth + "id" + " }" * (2 * depth + 1)


def _fragment_bomb(levels: int) -> str:
    fragments = [
        f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}"
        for level in range(levels)
    ]
    fragments.append(f"fragment F{levels} on Query {{ __typename }}")
    return "{ ...F0 }\n" + "\n".join(fragments)


crafted_documents: st.SearchStrategy[str] = st.one_of(
    st.integers(min_value=1, max_value=300).map(_deep_selection),
    st.integers(min_value=1, max_value=3_000).map(
        lambda n: "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"
    ),
    st.integers(min_value=1, max_value=5_000).map(
        lambda n: "{ " + "__typename " * n + "}"
    ),
    st.integers(min_value=1, max_value=40).map(_fragment_bomb),
    st.integers(min_value=10, max_value=20_000).map(
        lambda n: f"{{ experiments(first: {'9' * n}) {{ totalCount }} }}"
    ),
    st.integers(min_value=1, max_value=5_000).map(
        lambda n: "{ " + "experiments { " * n + "}" * (n + 1)
    ),
    st.sampled_from(
        [
            '{ experiments(search: "\\ud800") { totalCount } }',
            '{ experiment(id: "\\udfff\\ud800") { id } }',
            '{ experiments(search: "\\u0000") { totalCount } }',
            "fragment A on Query { ...A } { ...A }",
            "query A { __typename } query B { __typename }",
            "{ experiment(id: $missing) { id } }",
            'subscription { runEvents(runId: "x") { __typename } }',
            "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }",
            "mutation { createExperiment(input: {}) { __typename } }",
            "{ experiments(first: 1e400) { totalCount } }",
            "{ runs(first: -2147483649) { totalCount } }",
            '{ node(id: "") { __typename } }',
            "",
            "#",
            "{",
        ]
    ),
)
"""Documents made to hit the limits: depth, aliases, fragments, numbers."""


_HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30
)

_CONTENT_TYPES = (
    st.just("application/json")
    | st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "application/graphql",
            "application/graphql-response+json",
            "text/plain",
            "multipart/form-data; boundary=x",
            "multipart/mixed",
            "application/x-www-form-urlencoded",
            "",
        ]
    )
    | _HEADER_TEXT
)

_ACCEPTS = (
    st.sampled_from(
        [
            "application/json",
            "application/graphql-response+json",
            "application/graphql-response+json, application/json;q=0.9",
            "text/event-stream",
            "multipart/mixed",
            "text/plain",
            "",
        ]
    )
    | _HEADER_TEXT
)

_REQUEST_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        "query": valid_queries()
        | st.text(max_size=80)
        | crafted_documents
        | json_values,
        "variables": json_values | st.dictionaries(st.text(max_size=8), hostile_values),
        "operationName": st.text(max_size=10) | json_values,
        "extensions": json_values
        | st.just({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}),
    },
)

_QUERY_REQUESTS = st.fixed_dictionaries(
    {"query": valid_queries()},
    optional={
        "variables": st.none() | st.dictionaries(st.text(max_size=8), json_values),
        "operationName": st.none() | st.text(max_size=10),
    },
)

_BODIES = st.one_of(
    _QUERY_REQUESTS.map(encode_json),
    _REQUEST_OBJECTS.map(encode_json),
    st.binary(max_size=200),
    json_values.map(encode_json),
    hostile_values.map(encode_json),
)

_PARAMETERS = st.dictionaries(
    st.sampled_from(["query", "variables", "operationName", "extensions"])
    | st.text(max_size=8),
    valid_queries()
    | st.text(max_size=60)
    | json_values.map(lambda value: encode_json(value).decode()),
    max_size=4,
)


@dataclass(frozen=True)
class HTTPRequest:
    """One request to ``/graphql`` as a client could send it."""

    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes


def _headers(content_type: str, accept: str) -> dict[str, str]:
    return {"content-type": content_type, "accept": accept}


http_requests: st.SearchStrategy[HTTPRequest] = st.builds(
    HTTPRequest,
    method=st.sampled_from(["POST", "GET"])
    | st.sampled_from(["POST", "GET", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    params=_PARAMETERS,
    headers=st.builds(_headers, _CONTENT_TYPES, _ACCEPTS),
    body=_BODIES,
)
"""Random methods, parameters, content types and bodies."""

"""Assertions: what each kind checks, which values it accepts, and the score."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from runcast.domain.assertion_checks import similarity
from runcast.domain.assertions import (
    Assertion,
    AssertionKind,
    AssertionResult,
    ItemOutcome,
    evaluate,
    passed,
    score,
)
from runcast.domain.experiments import DatasetItem, ExperimentConfig

OUTCOME = ItemOutcome(
    output='  {"city": "Paris"}  ', latency_ms=120.0, output_tokens=7, cost=0.002
)
CITY_SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {
            "city": {"type": "string", "pattern": "^[A-Z]"},
            "population": {"type": "integer", "minimum": 0},
        },
        "required": ["city"],
    }
)


def result_of(
    kind: AssertionKind,
    value: str = "",
    outcome: ItemOutcome = OUTCOME,
    **fields: Any,
) -> AssertionResult:
    [result] = evaluate([Assertion(kind=kind, value=value, **fields)], outcome)
    return result


def held(kind: AssertionKind, value: str = "", outcome: ItemOutcome = OUTCOME) -> bool:
    return result_of(kind, value, outcome).passed


def answered(output: str) -> ItemOutcome:
    return ItemOutcome(output=output, latency_ms=1, output_tokens=1)


class TestChecks:
    @pytest.mark.parametrize(
        ("kind", "value", "expected"),
        [
            (AssertionKind.EQUALS, '{"city": "Paris"}', True),
            (AssertionKind.EQUALS, "Paris", False),
            (AssertionKind.CONTAINS, "Paris", True),
            (AssertionKind.CONTAINS, "paris", False),
            (AssertionKind.ICONTAINS, "PARIS", True),
            (AssertionKind.NOT_CONTAINS, "London", True),
            (AssertionKind.NOT_CONTAINS, "Paris", False),
            (AssertionKind.STARTS_WITH, '{"city"', True),
            (AssertionKind.STARTS_WITH, "Paris", False),
            (AssertionKind.REGEX, r'"city":\s*"P\w+"', True),
            (AssertionKind.REGEX, r"^\d+$", False),
            (AssertionKind.IS_JSON, "", True),
            (AssertionKind.MAX_LATENCY_MS, "120", True),
            (AssertionKind.MAX_LATENCY_MS, "119.5", False),
            (AssertionKind.MAX_TOKENS, "7", True),
            (AssertionKind.MAX_TOKENS, "6", False),
            (AssertionKind.NOT_REGEX, r"London|Rome", True),
            (AssertionKind.NOT_REGEX, r"P\w+s", False),
            (AssertionKind.MAX_COST, "0.002", True),
            (AssertionKind.MAX_COST, "0.0019", False),
            (AssertionKind.JSON_SCHEMA, CITY_SCHEMA, True),
            (AssertionKind.JSON_SCHEMA, '{"required": ["country"]}', False),
            (AssertionKind.SIMILAR, '{"city": "Paris"}', True),
            (AssertionKind.SIMILAR, "London", False),
        ],
    )
    def test_each_kind_checks_the_outcome(
        self, kind: AssertionKind, value: str, expected: bool
    ) -> None:
        """Every kind passes and fails where it should."""
        assert held(kind, value) is expected

    def test_is_json_fails_for_prose(self) -> None:
        """Text that is not JSON fails IS_JSON."""
        prose = ItemOutcome(output="Paris, of course", latency_ms=1, output_tokens=3)

        assert held(AssertionKind.IS_JSON, outcome=prose) is False

    def test_regex_that_backtracks_too_long_fails_instead_of_stalling(self) -> None:
        """A catastrophic pattern is a failed check, not a frozen server."""
        outcome = ItemOutcome(output="a" * 40 + "b", latency_ms=1, output_tokens=1)

        assert held(AssertionKind.REGEX, "^(a+)+$", outcome) is False


class TestValues:
    @pytest.mark.parametrize(
        ("kind", "value"),
        [
            (AssertionKind.MAX_TOKENS, "many"),
            (AssertionKind.MAX_TOKENS, "-1"),
            (AssertionKind.MAX_LATENCY_MS, "nan"),
            (AssertionKind.MAX_LATENCY_MS, "inf"),
            (AssertionKind.REGEX, "("),
            (AssertionKind.CONTAINS, ""),
            (AssertionKind.NOT_REGEX, "[a-"),
            (AssertionKind.MAX_COST, "-0.01"),
            (AssertionKind.MAX_COST, "cheap"),
            (AssertionKind.JSON_SCHEMA, ""),
        ],
    )
    def test_value_that_does_not_fit_the_kind_is_refused(
        self, kind: AssertionKind, value: str
    ) -> None:
        """Numbers must be finite and non-negative, patterns valid, texts given."""
        with pytest.raises(ValidationError):
            Assertion(kind=kind, value=value)

    @pytest.mark.parametrize(
        "kind", [AssertionKind.CONTAINS, AssertionKind.JSON_SCHEMA]
    )
    def test_value_left_out_is_refused_when_the_kind_needs_one(
        self, kind: AssertionKind
    ) -> None:
        """The default empty value is checked like a given one."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=kind)

        assert refused.value.errors()[0]["loc"] == ("value",)

    def test_is_json_needs_no_value(self) -> None:
        """IS_JSON checks the output alone."""
        assert Assertion(kind=AssertionKind.IS_JSON).value == ""


def weighed(*outcomes: tuple[bool, float]) -> list[AssertionResult]:
    """Results that passed or failed, each of a weight."""
    return [
        AssertionResult(kind=AssertionKind.CONTAINS, value="a", passed=ok, weight=w)
        for ok, w in outcomes
    ]


class TestScore:
    def test_score_is_the_fraction_passed(self) -> None:
        """Two of three passed is a score of 2/3."""
        results = [
            AssertionResult(kind=AssertionKind.CONTAINS, value="a", passed=passed_)
            for passed_ in (True, False, True)
        ]

        assert score(results) == pytest.approx(2 / 3)

    def test_no_assertions_means_no_score(self) -> None:
        """An item without assertions is not scored."""
        assert score([]) is None

    @pytest.mark.parametrize(
        ("outcomes", "expected"),
        [
            # (3 * 1 + 1 * 0) / (3 + 1)
            (((True, 3), (False, 1)), 0.75),
            # (0.5 * 0 + 2 * 1 + 1.5 * 1) / (0.5 + 2 + 1.5)
            (((False, 0.5), (True, 2), (True, 1.5)), 0.875),
            # a failed assertion of weight 0 does not count
            (((True, 2), (False, 0)), 1.0),
            (((False, 2), (True, 0)), 0.0),
        ],
    )
    def test_score_is_the_weighted_mean(
        self, outcomes: tuple[tuple[bool, float], ...], expected: float
    ) -> None:
        """Hand-checked weighted means."""
        assert score(weighed(*outcomes)) == pytest.approx(expected)

    def test_all_weights_zero_means_no_score(self) -> None:
        """Assertions that weigh nothing are reported, but score nothing."""
        results = weighed((True, 0), (False, 0))

        assert score(results) is None
        assert passed(results) is True

    def test_passed_means_every_weighted_assertion_held(self) -> None:
        """Failing a weight-0 assertion does not fail the item; weight 1 does."""
        assert passed(weighed((True, 1), (False, 0))) is True
        assert passed(weighed((True, 1), (False, 1))) is False

    def test_passed_item_scores_exactly_1(self) -> None:
        """Weights whose sum is inexact still give a passed item a score of 1."""
        results = weighed((True, 0.1), (True, 0.2), (False, 0), (True, 0.7))

        assert score(results) == 1.0


class TestNameAndWeight:
    def test_result_carries_the_assertions_name_and_weight(self) -> None:
        """Name and weight pass from the assertion to its result."""
        assertion = Assertion(
            kind=AssertionKind.CONTAINS, value="Paris", name="capital", weight=2.5
        )

        [result] = evaluate([assertion], OUTCOME)

        assert (result.name, result.weight, result.passed) == ("capital", 2.5, True)

    def test_weight_defaults_to_1(self) -> None:
        """Unweighted assertions count equally."""
        assert Assertion(kind=AssertionKind.IS_JSON).weight == 1.0

    @pytest.mark.parametrize("weight", [-0.5, float("inf"), float("nan")])
    def test_weight_below_0_or_not_finite_is_refused(self, weight: float) -> None:
        """A weight is a finite number of at least 0."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.IS_JSON, weight=weight)

        assert refused.value.errors()[0]["loc"] == ("weight",)

    @pytest.mark.parametrize("name", ["", "   ", "n" * 201])
    def test_blank_or_over_long_name_is_refused(self, name: str) -> None:
        """A name has 1 to 200 characters, spaces trimmed."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.IS_JSON, name=name)

        assert refused.value.errors()[0]["loc"] == ("name",)


class TestNotRegex:
    def test_not_regex_that_backtracks_too_long_fails_with_a_message(self) -> None:
        """A catastrophic pattern fails NOT_REGEX too, saying it took too long."""
        outcome = answered("a" * 60 + "b")

        result = result_of(AssertionKind.NOT_REGEX, "^(a|aa)+$", outcome)

        assert result.passed is False
        assert result.message == "the pattern took too long to match"


class TestMaxCost:
    def test_failure_message_gives_cost_and_limit(self) -> None:
        """A MAX_COST failure says what the answer cost and the limit."""
        result = result_of(AssertionKind.MAX_COST, "0.001")

        assert result.passed is False
        assert result.message == "0.002 USD is over 0.001"


class TestJsonSchema:
    @pytest.mark.parametrize(
        ("output", "message"),
        [
            (
                '{"city": "Paris", "population": -3}',
                "$.population breaks properties/population/minimum: "
                "-3 is less than the minimum of 0",
            ),
            (
                '{"city": "paris"}',
                "$.city breaks properties/city/pattern: "
                "'paris' does not match '^[A-Z]'",
            ),
            (
                '{"population": 3}',
                "$ breaks required: 'city' is a required property",
            ),
        ],
    )
    def test_failure_names_the_part_of_the_output_and_the_rule(
        self, output: str, message: str
    ) -> None:
        """The message says which part of the output broke which rule."""
        result = result_of(AssertionKind.JSON_SCHEMA, CITY_SCHEMA, answered(output))

        assert result.passed is False
        assert result.message == message

    def test_output_that_is_not_json_fails_saying_so(self) -> None:
        """Prose cannot meet a schema; the message says it is not JSON."""
        result = result_of(AssertionKind.JSON_SCHEMA, CITY_SCHEMA, answered("Paris"))

        assert result.passed is False
        assert result.message is not None
        assert result.message.startswith("the output is not JSON")

    @pytest.mark.parametrize(
        ("schema", "problem"),
        [
            ('{"type": "objec"}', "invalid JSON Schema at $.type"),
            ('{"properties": {"a": {"pattern": "("}}}', "is not a 'regex'"),
            ("{not json", "the JSON Schema is not JSON"),
            ("[1, 2]", "a JSON Schema is an object or a boolean"),
        ],
    )
    def test_invalid_schema_is_refused_at_the_value(
        self, schema: str, problem: str
    ) -> None:
        """A schema that is not JSON, or not a valid schema, is refused."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.JSON_SCHEMA, value=schema)

        [error] = refused.value.errors()
        assert error["loc"] == ("value",)
        assert problem in error["msg"]

    def test_schema_nested_too_deeply_is_refused(self) -> None:
        """A schema that would exhaust the parser is refused, not a crash."""
        schema = '{"not": ' * 5000 + "{}" + "}" * 5000

        with pytest.raises(ValidationError, match="nested too deeply"):
            Assertion(kind=AssertionKind.JSON_SCHEMA, value=schema)

    def test_output_nested_too_deeply_fails_with_a_message(self) -> None:
        """An output that would exhaust the parser fails the check."""
        output = answered("[" * 100_000 + "]" * 100_000)

        result = result_of(AssertionKind.JSON_SCHEMA, CITY_SCHEMA, output)

        assert result.passed is False
        assert result.message == "the output is JSON nested too deeply to check"

    def test_remote_reference_is_not_fetched(self) -> None:
        """A ``$ref`` to a URL fails the check instead of calling out."""
        schema = json.dumps({"$ref": "https://example.invalid/schema.json"})

        result = result_of(AssertionKind.JSON_SCHEMA, schema, answered("{}"))

        assert result.passed is False
        assert result.message is not None
        assert "cannot resolve" in result.message

    def test_pattern_that_backtracks_too_long_fails_the_output(self) -> None:
        """A catastrophic pattern in a schema fails instead of stalling."""
        schema = json.dumps({"type": "string", "pattern": "^(a|aa)+$"})

        result = result_of(
            AssertionKind.JSON_SCHEMA, schema, answered(json.dumps("a" * 60 + "b"))
        )

        assert result.passed is False
        assert result.message == (
            "$ breaks pattern: '^(a|aa)+$' took too long to match"
        )


class TestSimilar:
    @pytest.mark.parametrize(
        ("output", "expected", "measured"),
        [
            # common subsequence "ittn": 1 - (6 + 7 - 2 * 4) / (6 + 7)
            ("kitten", "sitting", 8 / 13),
            # "Paris" within "Paris, France": 1 - (5 + 13 - 2 * 5) / (5 + 13)
            ("Paris", "Paris, France", 10 / 18),
            ("  same  ", "same", 1.0),
            ("abc", "xyz", 0.0),
        ],
    )
    def test_similarity_is_the_normalised_indel_ratio(
        self, output: str, expected: str, measured: float
    ) -> None:
        """Hand-checked similarities of short texts (stripped)."""
        assert similarity(output, expected) == pytest.approx(measured)

    @pytest.mark.parametrize(
        ("threshold", "expected_pass"), [(0.6, True), (8 / 13, True), (0.62, False)]
    )
    def test_passes_at_or_above_its_threshold(
        self, threshold: float, expected_pass: bool
    ) -> None:
        """8/13 passes a threshold up to 8/13 and fails one above it."""
        result = result_of(
            AssertionKind.SIMILAR, "sitting", answered("kitten"), threshold=threshold
        )

        assert result.passed is expected_pass
        assert result.score == pytest.approx(8 / 13)

    def test_failure_message_gives_the_measured_similarity(self) -> None:
        """The message says the similarity measured and the threshold."""
        result = result_of(
            AssertionKind.SIMILAR, "Paris, France", answered("Paris"), threshold=0.9
        )

        assert result.message == "similarity 0.556 is below 0.9"

    def test_threshold_defaults_to_0_8(self) -> None:
        """Without a threshold, 0.8 is the least similarity that passes."""
        # 1 - (4 + 5 - 2 * 4) / (4 + 5) = 8/9 passes; 8/13 does not
        assert result_of(AssertionKind.SIMILAR, "Pari", answered("Paris")).passed
        assert not result_of(
            AssertionKind.SIMILAR, "sitting", answered("kitten")
        ).passed

    @pytest.mark.parametrize("threshold", [-0.1, 1.5])
    def test_threshold_outside_0_to_1_is_refused(self, threshold: float) -> None:
        """A threshold is a similarity, from 0 to 1."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.SIMILAR, value="x", threshold=threshold)

        assert refused.value.errors()[0]["loc"] == ("threshold",)

    def test_threshold_of_a_kind_that_measures_nothing_is_refused(self) -> None:
        """CONTAINS has no threshold to pass at."""
        with pytest.raises(ValidationError) as refused:
            Assertion(kind=AssertionKind.CONTAINS, value="x", threshold=0.5)

        assert refused.value.errors()[0]["loc"] == ("threshold",)


class TestExpected:
    def test_similar_without_value_compares_with_the_rows_expected(self) -> None:
        """The row's expected answer becomes its value; no EQUALS is added."""
        row = DatasetItem(expected="Paris, France")
        shared = [Assertion(kind=AssertionKind.SIMILAR, threshold=0.5)]

        assertions = row.all_assertions(shared)

        assert [(a.kind, a.value) for a in assertions] == [
            (AssertionKind.SIMILAR, "Paris, France")
        ]

    def test_expected_without_similar_adds_equals(self) -> None:
        """An expected answer alone must be met exactly."""
        row = DatasetItem(expected="Paris")

        assertions = row.all_assertions([])

        assert [(a.kind, a.value) for a in assertions] == [
            (AssertionKind.EQUALS, "Paris")
        ]

    def test_row_without_expected_for_a_similar_without_value_is_refused(
        self,
    ) -> None:
        """Every row needs the expected answer SIMILAR compares with."""
        with pytest.raises(ValidationError) as refused:
            ExperimentConfig(
                name="similar",
                prompt="Capital of {{ country }}?",
                assertions=[Assertion(kind=AssertionKind.SIMILAR)],
                dataset=[
                    DatasetItem(variables={"country": "France"}, expected="Paris"),
                    DatasetItem(variables={"country": "Peru"}),
                ],
            )

        [error] = refused.value.errors()
        assert error["loc"] == ("dataset", 1, "expected")
        assert error["type"] == "missing_expected"

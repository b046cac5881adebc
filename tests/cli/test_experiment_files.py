"""Experiment files: every assertion kind written as YAML reads as the API's input."""

from __future__ import annotations

import json
from pathlib import Path

from runcast.cli.experiment_files import read_experiment_file
from runcast.client.generated import AssertionKind, ExecutorKind

EXPERIMENT = """\
name: capitals
prompt: "Capital of {{ country }}?"
assertions:
  - kind: not_regex
    value: "(?i)sorry"
  - kind: max_cost
    value: 0.01
  - kind: json_schema
    name: shaped
    weight: 2
    value:
      type: object
      required: [city]
  - kind: similar
    threshold: 0.7
  - kind: similar
    value: Paris
    embedding:
      executor: openai
      model: embed-1
  - kind: llm_judge
    value: The answer names the capital city.
    threshold: 0.5
    judge:
      executor: openai
      model: judge-1
      base_url: http://127.0.0.1:9999/v1
dataset:
  - variables: {country: France}
    expected: Paris
"""


class TestAssertionsInFiles:
    def test_every_kind_reads_as_the_api_input(self, tmp_path: Path) -> None:
        """Schemas as mappings, limits as numbers, judges' executors in any case."""
        path = tmp_path / "capitals.yaml"
        path.write_text(EXPERIMENT)

        experiment = read_experiment_file(path)

        assertions = experiment.input.assertions or []
        assert [a.kind for a in assertions] == [
            AssertionKind.NOT_REGEX,
            AssertionKind.MAX_COST,
            AssertionKind.JSON_SCHEMA,
            AssertionKind.SIMILAR,
            AssertionKind.SIMILAR,
            AssertionKind.LLM_JUDGE,
        ]
        _, cost, schema, similar, meant, judge = assertions
        assert cost.value == "0.01"
        assert json.loads(schema.value) == {"type": "object", "required": ["city"]}
        assert (schema.name, schema.weight) == ("shaped", 2)
        assert (similar.value, similar.threshold) == ("", 0.7)
        assert meant.embedding is not None
        assert (meant.embedding.executor, meant.embedding.model) == (
            ExecutorKind.OPENAI,
            "embed-1",
        )
        assert judge.judge is not None
        assert judge.judge.executor is ExecutorKind.OPENAI
        assert judge.judge.base_url == "http://127.0.0.1:9999/v1"


class TestRepetitionsInFiles:
    def test_repetitions_read_as_the_api_input(self, tmp_path: Path) -> None:
        """`repetitions: 3` asks each row three times."""
        path = tmp_path / "repeated.yaml"
        path.write_text("name: repeated\nprompt: Say hello\nrepetitions: 3\n")

        experiment = read_experiment_file(path)

        assert experiment.input.repetitions == 3

    def test_a_file_without_repetitions_asks_each_row_once(
        self, tmp_path: Path
    ) -> None:
        """Left out, repetitions take the API's default."""
        path = tmp_path / "once.yaml"
        path.write_text("name: once\nprompt: Say hello\n")

        assert read_experiment_file(path).input.repetitions == 1

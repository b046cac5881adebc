"""`runcast compare` and `runcast import-dataset` against a real `runcast serve`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.cli.conftest import FAILING, PASSING, Cli, create, one_error_line
from tests.support.process import Served

COMPARED_ROWS = 30


def finished_run(cli: Cli, name: str, assertions: list[dict[str, str]]) -> str:
    """The id of a finished run of a new experiment of ``COMPARED_ROWS`` people."""
    create(cli, name, rows=COMPARED_ROWS, assertions=assertions)
    watched = cli("run", name, "--watch", "--quiet")
    assert watched.returncode == 0, watched.stderr
    return watched.stdout.strip()


DATASET = """
query ($id: ID!) {
  experiment(id: $id) {
    dataset { variables expected assertions { kind value name weight } }
  }
}
"""


def dataset_rows(url: str, experiment_id: str) -> list[dict[str, Any]]:
    """The experiment's rows as the API answers them."""
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": DATASET, "variables": {"id": experiment_id}},
        timeout=60,
    ).json()
    rows: list[dict[str, Any]] = answer["data"]["experiment"]["dataset"]
    return rows


def dataset_size(cli: Cli, name: str) -> int:
    """How many rows the experiment's dataset has, as `experiments show` says."""
    shown = cli("experiments", "show", name, "--json")
    assert shown.returncode == 0, shown.stderr
    size: int = json.loads(shown.stdout)["datasetSize"]
    return size


class TestCompare:
    def test_compare_says_which_differences_are_significant(self, cli: Cli) -> None:
        """Every item passing against none: -100 pp, significant, 30 items differ."""
        base = finished_run(cli, "compare-base", PASSING)
        other = finished_run(cli, "compare-other", FAILING)

        compared = cli("compare", base, other)

        assert compared.returncode == 0, compared.stderr
        pass_rate = next(
            line for line in compared.stdout.splitlines() if "pass rate" in line
        )
        assert "100.0%" in pass_rate
        assert "-100.0 pp, significant" in pass_rate
        assert "McNemar's exact test" in pass_rate
        assert "same rows, paired" in compared.stdout
        assert f"{COMPARED_ROWS} of {COMPARED_ROWS} items differ" in compared.stdout
        assert "PASSED" in compared.stdout
        assert "FAILED_ASSERTIONS" in compared.stdout

    def test_compare_json_has_the_measures_and_every_item(self, cli: Cli) -> None:
        """--json gives the API's measures with their verdicts and each item."""
        base = finished_run(cli, "json-base", PASSING)
        other = finished_run(cli, "json-other", PASSING)

        compared = cli("compare", base, other, "--json")

        comparison = json.loads(compared.stdout)
        measures = {row["measure"]: row for row in comparison["measures"]}
        assert compared.returncode == 0, compared.stderr
        assert comparison["baseRunId"] == base
        assert comparison["otherRunId"] == other
        assert measures["PASS_RATE"]["delta"] == 0.0
        assert measures["PASS_RATE"]["significant"] is False
        assert [item["index"] for item in comparison["items"]] == list(
            range(COMPARED_ROWS)
        )

    def test_compare_with_an_unknown_run_is_a_one_line_error(self, cli: Cli) -> None:
        """An id no run has exits 1 and names the id."""
        base = finished_run(cli, "lonely", PASSING)

        compared = cli("compare", base, "no-such-run")

        assert compared.returncode == 1
        assert one_error_line(compared.stderr) == (
            "runcast: no run has the id 'no-such-run'"
        )


class TestImportDataset:
    def test_import_csv_replaces_the_rows(self, cli: Cli) -> None:
        """A CSV's rows replace the dataset; a run then has that many items."""
        create(cli, "import-csv", rows=3, assertions=PASSING)
        (cli.folder / "more.csv").write_text(
            "name,expected\n" + "".join(f"guest {n},\n" for n in range(5))
        )

        imported = cli("import-dataset", "import-csv", "more.csv")
        watched = cli("run", "import-csv", "--watch", "--json")

        assert imported.returncode == 0, imported.stderr
        assert "imported 5 rows from more.csv" in imported.stdout
        assert json.loads(watched.stdout)["progress"]["total"] == 5

    def test_import_jsonl_with_append_keeps_the_rows(
        self, cli: Cli, server: Served
    ) -> None:
        """--append, twice, adds the rows after the dataset's own, assertions kept."""
        experiment = create(cli, "import-append", rows=3, assertions=PASSING)
        (cli.folder / "more.jsonl").write_text(
            '{"variables": {"name": "a"}}\n\n'
            '{"variables": {"name": "b"}, '
            '"assertions": [{"kind": "contains", "value": "b", "name": "has b", '
            '"weight": 2}]}\n'
        )

        first = cli("import-dataset", "import-append", "more.jsonl", "--append")
        second = cli("import-dataset", "import-append", "more.jsonl", "--append")

        assert first.returncode == 0, first.stderr
        assert second.returncode == 0, second.stderr
        assert "now 7 rows" in second.stdout
        rows = dataset_rows(server.url, str(experiment["id"]))
        assert [row["variables"]["name"] for row in rows] == [
            *(f"person {n}" for n in range(3)),
            *("a", "b", "a", "b"),
        ]
        assertion = {"kind": "CONTAINS", "value": "b", "name": "has b", "weight": 2}
        assert rows[4]["assertions"] == [assertion]
        assert rows[6]["assertions"] == [assertion]

    def test_import_json_array_reads_every_row(self, cli: Cli) -> None:
        """A JSON array of rows is imported whole."""
        create(cli, "import-json", rows=1, assertions=PASSING)
        rows = [{"variables": {"name": str(n)}, "expected": "x"} for n in range(7)]
        (cli.folder / "rows.json").write_text(json.dumps(rows, indent=2))

        imported = cli("import-dataset", "import-json", "rows.json", "--json")

        assert imported.returncode == 0, imported.stderr
        assert json.loads(imported.stdout)["datasetSize"] == 7
        assert "__typename" not in imported.stdout
        assert dataset_size(cli, "import-json") == 7

    def test_bad_csv_row_names_its_line_and_imports_nothing(self, cli: Cli) -> None:
        """A CSV row a field short names line and column; the dataset is kept."""
        create(cli, "import-bad-csv", rows=3, assertions=PASSING)
        (cli.folder / "bad.csv").write_text("name,expected\na,\nb,\nc\n")

        imported = cli("import-dataset", "import-bad-csv", "bad.csv")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr) == (
            "runcast: bad.csv line 4: 1 fields, the header names 2 columns "
            "(column 2, 'expected', is missing)"
        )
        assert dataset_size(cli, "import-bad-csv") == 3

    def test_bad_jsonl_row_names_its_line_and_column(self, cli: Cli) -> None:
        """A JSONL line that is not JSON is named with its column; nothing changes."""
        create(cli, "import-bad-jsonl", rows=2, assertions=PASSING)
        (cli.folder / "bad.jsonl").write_text(
            '{"variables": {"name": "a"}}\n{"variables": {"name": }}\n'
        )

        imported = cli("import-dataset", "import-bad-jsonl", "bad.jsonl")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr).startswith(
            "runcast: bad.jsonl line 2, column 24: not JSON"
        )
        assert dataset_size(cli, "import-bad-jsonl") == 2

    @pytest.mark.parametrize(
        ("text", "error"),
        [
            ('{"variables": {}}', "line 1, column 1: a JSON dataset is an array"),
            (
                '[\n  {"variables": {"name": "a"}}\n  {"variables": {}}\n]',
                "line 3, column 3: expected ',' or ']' after a row",
            ),
            ('[\n  {"variables": {"name": "a"},\n', "line 3, column 1: not JSON"),
        ],
        ids=["object", "no comma", "cut short"],
    )
    def test_malformed_json_array_names_line_and_column(
        self, cli: Cli, text: str, error: str
    ) -> None:
        """A JSON file that is not an array of rows says where; nothing changes."""
        create(cli, f"import-bad-json-{len(text)}", rows=2, assertions=PASSING)
        (cli.folder / "bad.json").write_text(text)

        imported = cli("import-dataset", f"import-bad-json-{len(text)}", "bad.json")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr).startswith(f"runcast: bad.json {error}")
        assert dataset_size(cli, f"import-bad-json-{len(text)}") == 2

    def test_row_of_the_wrong_type_is_refused_before_sending(self, cli: Cli) -> None:
        """An `expected` that is not text names the row; nothing changes."""
        create(cli, "import-typed", rows=2, assertions=PASSING)
        (cli.folder / "typed.json").write_text(
            '[\n  {"variables": {"name": "a"}},\n  {"variables": {"name": "b"},'
            '\n   "expected": 5}\n]\n'
        )

        imported = cli("import-dataset", "import-typed", "typed.json")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr).startswith(
            "runcast: typed.json line 3: expected: "
        )
        assert dataset_size(cli, "import-typed") == 2

    def test_row_the_server_refuses_is_named_by_its_line(self, cli: Cli) -> None:
        """A row without the prompt's variable is refused by the server, by line."""
        create(cli, "import-missing", rows=2, assertions=PASSING)
        (cli.folder / "missing.jsonl").write_text(
            '{"variables": {"name": "a"}}\n{"variables": {"nom": "b"}}\n'
        )

        imported = cli("import-dataset", "import-missing", "missing.jsonl")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr).startswith(
            "runcast: missing.jsonl line 2: "
        )
        assert dataset_size(cli, "import-missing") == 2

    def test_file_past_the_limit_is_refused_at_the_first_row_too_many(
        self, cli: Cli
    ) -> None:
        """10,001 rows: refused, naming the limit and the line; nothing changes."""
        create(cli, "import-large", rows=1, assertions=PASSING)
        (cli.folder / "large.csv").write_text(
            "name\n" + "".join(f"p{n}\n" for n in range(10_001))
        )

        imported = cli("import-dataset", "import-large", "large.csv")

        assert imported.returncode == 1
        assert one_error_line(imported.stderr) == (
            "runcast: large.csv line 10002: more than the 10000 rows allowed"
        )
        assert dataset_size(cli, "import-large") == 1

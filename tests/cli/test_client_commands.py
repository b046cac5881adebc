"""The CLI's client commands against a real `runcast serve`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import socket
from typing import Any

import httpx
import pytest

from tests.cli.conftest import FAILING, PASSING, Cli, create, one_error_line
from tests.support.process import Served


class TestExperimentsCommands:
    def test_create_from_yaml_reads_the_dataset_beside_it(self, cli: Cli) -> None:
        """`experiments create -f` makes the experiment with the CSV's rows."""
        experiment = create(cli, "create-yaml", rows=4, assertions=PASSING)

        shown = cli("experiments", "show", "create-yaml", "--json")

        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["id"] == experiment["id"]
        assert experiment["datasetSize"] == 4
        assert experiment["assertions"] == [
            {
                "kind": "MAX_TOKENS",
                "value": "100000",
                "threshold": None,
                "name": None,
                "weight": 1.0,
                "judge": None,
                "embedding": None,
            }
        ]

    def test_archive_by_name_takes_it_off_the_list(self, cli: Cli) -> None:
        """`experiments archive NAME` archives it; `list` no longer has it."""
        experiment = create(cli, "to-archive", assertions=PASSING)

        archived = cli("experiments", "archive", "to-archive")
        listed = cli("experiments", "list", "--quiet")

        assert archived.returncode == 0, archived.stderr
        assert experiment["id"] not in listed.stdout.split()


class TestRunWatch:
    def test_run_watch_shows_each_item_and_the_summary(self, cli: Cli) -> None:
        """`run --watch` follows the run to its end: item lines, bar, summary."""
        create(cli, "watched", rows=5, assertions=PASSING)

        watched = cli("run", "watched", "--watch")

        assert watched.returncode == 0, watched.stderr
        item_lines = [
            line for line in watched.stderr.splitlines() if line.startswith("item ")
        ]
        assert sorted(line.split()[1] for line in item_lines) == list("01234")
        assert all("SUCCEEDED" in line and "passed" in line for line in item_lines)
        assert "5/5" in watched.stderr
        assert "pass rate 100.0%" in watched.stderr
        # Wilson for 5/5: (1 + 0.384146)/1.768292 - 0.217242 = 0.565516
        assert (
            "SUCCEEDED, 5/5 items (0 failed), pass rate 100.0% (95% CI 56.6%-100.0%)"
            in watched.stdout
        )

    def test_fail_under_exits_3_with_the_reason_when_assertions_fail(
        self, cli: Cli
    ) -> None:
        """A run under --fail-under exits 3 and says why on one line."""
        create(cli, "failing", assertions=FAILING)

        gated = cli("run", "failing", "--watch", "--fail-under", "90%", "--quiet")

        assert gated.returncode == 3
        assert "passed 0.0% of its items, under --fail-under 90.0%" in one_error_line(
            gated.stderr
        )

    def test_fail_under_exits_0_when_the_pass_rate_is_met(self, cli: Cli) -> None:
        """A run at or over --fail-under exits 0."""
        create(cli, "passing", assertions=PASSING)

        gated = cli("run", "passing", "--fail-under", "1", "--quiet")

        assert gated.returncode == 0, gated.stderr
        assert gated.stderr == ""

    def test_max_cost_exits_3_when_the_run_cost_more(self, cli: Cli) -> None:
        """--max-cost 0 fails any run that spent tokens."""
        create(cli, "costly", assertions=PASSING)

        # other tests' runs asked the same: only answers not from the cache cost
        gated = cli("run", "costly", "--cache", "off", "--max-cost", "0", "--quiet")

        assert gated.returncode == 3
        assert "over --max-cost 0" in one_error_line(gated.stderr)

    def test_json_prints_one_object_with_the_run_summary(self, cli: Cli) -> None:
        """--json prints the finished run's outcome and verdict as one object."""
        experiment = create(cli, "as-json", rows=2, assertions=FAILING)

        watched = cli(
            "run", "as-json", "--cache", "refresh", "--fail-under", "0.5", "--json"
        )

        summary = json.loads(watched.stdout)
        assert watched.returncode == 3
        assert summary["experimentId"] == experiment["id"]
        assert summary["status"] == "SUCCEEDED"
        assert summary["progress"] == {
            "total": 2,
            "succeeded": 2,
            "failed": 0,
            "pending": 0,
            "cached": 0,
        }
        assert summary["stats"]["passRate"] == 0.0
        assert summary["passed"] is False
        assert "under --fail-under 50.0%" in summary["reason"]
        assert summary["usage"]["outputTokens"] > 0

    def test_second_run_is_answered_from_the_cache_at_no_cost(self, cli: Cli) -> None:
        """A run asked before costs nothing and says its items came from the cache."""
        create(cli, "twice", rows=2, assertions=PASSING)
        cli("run", "twice", "--watch", "--quiet")

        again = cli("run", "twice", "--max-cost", "0")

        assert again.returncode == 0, again.stderr
        assert "2/2 items (0 failed), 2 from the cache" in again.stdout
        assert "cost 0.000000" in again.stdout

    def test_watch_of_a_finished_run_prints_its_summary(self, cli: Cli) -> None:
        """`watch RUN_ID` of a run that ended says how it ended."""
        create(cli, "rewatched", rows=2, assertions=PASSING)
        run_id = cli("run", "rewatched", "--watch", "--quiet").stdout.strip()

        watched = cli("watch", run_id, "--json")

        assert watched.returncode == 0, watched.stderr
        assert json.loads(watched.stdout)["id"] == run_id

    def test_rerun_of_a_run_without_failures_says_so(self, cli: Cli) -> None:
        """`rerun --failed` of a clean run is refused with the server's reason."""
        create(cli, "clean", rows=2, assertions=PASSING)
        run_id = cli("run", "clean", "--watch", "--quiet").stdout.strip()

        rerun = cli("rerun", run_id, "--failed")
        again = cli("rerun", run_id, "--watch", "--json")

        assert rerun.returncode == 1
        assert "no failed items" in one_error_line(rerun.stderr)
        assert json.loads(again.stdout)["parentRunId"] == run_id

    def test_cancel_of_a_finished_run_names_its_status(self, cli: Cli) -> None:
        """Cancelling a SUCCEEDED run is a one-line error, exit 1."""
        create(cli, "finished", rows=1, assertions=PASSING)
        run_id = cli("run", "finished", "--watch", "--quiet").stdout.strip()

        cancelled = cli("cancel", run_id)

        assert cancelled.returncode == 1
        assert "is SUCCEEDED: it cannot be cancelled" in one_error_line(
            cancelled.stderr
        )


class TestBadInput:
    def test_unknown_run_id_is_a_one_line_error(self, cli: Cli) -> None:
        """`watch` of an id no run has exits 1 with one line."""
        watched = cli("watch", "no-such-run")

        assert watched.returncode == 1
        assert (
            one_error_line(watched.stderr) == "runcast: no run has the id 'no-such-run'"
        )

    def test_unknown_experiment_is_a_one_line_error(self, cli: Cli) -> None:
        """`run` of a name no experiment has exits 1 with one line."""
        started = cli("run", "no such experiment")

        assert started.returncode == 1
        assert "no experiment has the id or name" in one_error_line(started.stderr)

    def test_malformed_yaml_names_line_and_column(self, cli: Cli) -> None:
        """A YAML syntax error says where it is."""
        (cli.folder / "broken.yaml").write_text("name: x\nprompt: [unclosed\n")

        created = cli("experiments", "create", "-f", "broken.yaml")

        assert created.returncode == 1
        assert one_error_line(created.stderr).startswith(
            "runcast: broken.yaml line 3, column 1: not YAML"
        )

    def test_malformed_csv_names_the_row_and_creates_nothing(self, cli: Cli) -> None:
        """A CSV row with a field too many names its line and column."""
        (cli.folder / "rows.csv").write_text("a,b\n1,2\n3,4,5\n")
        (cli.folder / "bad.yaml").write_text(
            "name: bad-csv\nprompt: hi\ndataset: rows.csv\n"
        )

        created = cli("experiments", "create", "-f", "bad.yaml")
        listed = cli("experiments", "list", "--json")

        assert created.returncode == 1
        assert one_error_line(created.stderr) == (
            "runcast: rows.csv line 3: 3 fields, the header names 2 columns "
            "(column 3 has no name)"
        )
        assert "bad-csv" not in [
            experiment["name"] for experiment in json.loads(listed.stdout)
        ]

    def test_server_validation_error_shows_the_field_path(self, cli: Cli) -> None:
        """The server's ValidationError names the field and the file."""
        (cli.folder / "hot.json").write_text(
            json.dumps({"name": "hot", "prompt": "hi", "model": {"temperature": 9}})
        )

        created = cli("experiments", "create", "-f", "hot.json")

        assert created.returncode == 1
        assert one_error_line(created.stderr).startswith(
            "runcast: hot.json: model.temperature: "
        )

    def test_jsonl_dataset_row_error_names_the_line(self, cli: Cli) -> None:
        """A dataset row the server refuses is named by its JSONL line."""
        (cli.folder / "rows.jsonl").write_text(
            '{"variables": {"a": "1"}}\n\n{"variables": {"a": "2"}, "expected": 5}\n'
        )
        (cli.folder / "typed.yaml").write_text(
            "name: typed\nprompt: hi\ndataset: rows.jsonl\n"
        )

        created = cli("experiments", "create", "-f", "typed.yaml")

        assert created.returncode == 1
        assert "dataset.1.expected (rows.jsonl line 3)" in one_error_line(
            created.stderr
        )

    def test_server_that_is_down_is_a_one_line_error(self, cli: Cli) -> None:
        """No server at --url: exit 1, and the line says to start one."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]

            listed = cli("experiments", "list", "--url", f"http://127.0.0.1:{port}")

        assert listed.returncode == 1
        assert "is `runcast serve` running?" in one_error_line(listed.stderr)

    @pytest.mark.parametrize("pass_rate", ["95", "-0.1", "high"])
    def test_bad_fail_under_is_a_usage_error(self, cli: Cli, pass_rate: str) -> None:
        """--fail-under takes 0 to 1 or a percentage; anything else exits 2."""
        started = cli("run", "anything", "--fail-under", pass_rate)

        assert started.returncode == 2
        assert "--fail-under" in started.stderr


ITEMS = """
query ($id: ID!, $after: String) {
  run(id: $id) {
    items(first: 100, after: $after) {
      edges { node {
        index row repetition status outcome variables renderedPrompt output
        latencyMs attempts
        score
        usage {
          inputTokens outputTokens cost
          judgeInputTokens judgeOutputTokens judgeCost
        }
        cached
        error { code message }
        assertionResults {
          kind value name weight passed message score verdict reasoning
        }
        humanPassRate
        reviews { reviewer verdict score comment reviewedAt }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def server_items(url: str, run_id: str) -> list[dict[str, Any]]:
    """``Run.items`` as the server answers them, every page."""
    items: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        answer = httpx.post(
            f"{url}/graphql",
            json={"query": ITEMS, "variables": {"id": run_id, "after": after}},
            timeout=60,
        ).json()
        page = answer["data"]["run"]["items"]
        items += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return items
        after = page["pageInfo"]["endCursor"]


def as_export_row(item: dict[str, Any]) -> dict[str, Any]:
    """What `runcast export` promises for an item, from the API's fields."""
    error = item["error"] or {}
    return {
        "index": item["index"],
        "row": item["row"],
        "repetition": item["repetition"],
        "status": item["status"],
        "outcome": item["outcome"],
        "variables": item["variables"],
        "rendered_prompt": item["renderedPrompt"],
        "output": item["output"],
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "assertion_results": item["assertionResults"],
        "score": item["score"],
        "latency_ms": item["latencyMs"],
        "input_tokens": item["usage"]["inputTokens"],
        "output_tokens": item["usage"]["outputTokens"],
        "cost": item["usage"]["cost"],
        "judge_input_tokens": item["usage"]["judgeInputTokens"],
        "judge_output_tokens": item["usage"]["judgeOutputTokens"],
        "judge_cost": item["usage"]["judgeCost"],
        "attempts": item["attempts"],
        "cached": item["cached"],
        "human_pass_rate": item["humanPassRate"],
        "reviews": [
            {
                "reviewer": review["reviewer"],
                "verdict": review["verdict"],
                "score": review["score"],
                "comment": review["comment"],
                "reviewed_at": review["reviewedAt"],
            }
            for review in item["reviews"]
        ],
    }


def csv_text(value: object) -> str:
    """A value as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


EXPORTED_ROWS = 2000

REVIEW_ITEM = """
mutation ($input: ReviewItemInput!) {
  reviewItem(input: $input) { __typename }
}
"""
REVIEWS = [
    {"itemIndex": 0, "verdict": "THUMBS_UP", "reviewer": "ada", "score": 0.5},
    {
        "itemIndex": 0,
        "verdict": "THUMBS_DOWN",
        "reviewer": "alan",
        "comment": 'too long, "really"\nsecond line',
    },
    {"itemIndex": 3, "verdict": "THUMBS_UP"},
]


def add_reviews(url: str, run_id: str) -> None:
    """Review some of the run's items, as another client would."""
    for review in REVIEWS:
        answer = httpx.post(
            f"{url}/graphql",
            json={
                "query": REVIEW_ITEM,
                "variables": {"input": {"runId": run_id, **review}},
            },
            timeout=60,
        ).json()
        assert answer["data"]["reviewItem"]["__typename"] == "Review", answer


@pytest.fixture(scope="module")
def finished_run(server: Served, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A finished run of 2,000 items, some with failing assertions, 2 reviewed."""
    folder = tmp_path_factory.mktemp("export")
    cli = Cli(url=server.url, folder=folder)
    rows = "".join(
        json.dumps({"variables": {"n": str(index), "text": f'é, "q"\n{index}'}}) + "\n"
        for index in range(EXPORTED_ROWS)
    )
    (folder / "rows.jsonl").write_text(rows)
    (folder / "big.yaml").write_text(
        "name: big\nprompt: 'Echo {{n}}: {{text}}'\n"
        "assertions: [{kind: regex, value: '[a-m]$'}]\ndataset: rows.jsonl\n"
    )
    assert cli("experiments", "create", "-f", "big.yaml").returncode == 0
    watched = cli("run", "big", "--watch", "--quiet")
    assert watched.returncode == 0, watched.stderr
    run_id = watched.stdout.strip()
    add_reviews(server.url, run_id)
    return run_id


class TestExport:
    def test_jsonl_export_is_exactly_the_servers_items(
        self, cli: Cli, server: Served, finished_run: str
    ) -> None:
        """Each JSONL line is one item, every field as `Run.items` has it."""
        exported = cli("export", finished_run, "--format", "jsonl", "-o", "items.jsonl")

        lines = (cli.folder / "items.jsonl").read_text().splitlines()
        expected = [
            as_export_row(item) for item in server_items(server.url, finished_run)
        ]
        assert exported.returncode == 0, exported.stderr
        assert len(expected) == EXPORTED_ROWS
        assert [json.loads(line) for line in lines] == expected
        assert not (cli.folder / "items.jsonl.part").exists()

    def test_csv_export_is_exactly_the_servers_items(
        self, cli: Cli, server: Served, finished_run: str
    ) -> None:
        """Stdout CSV has a header and one row per item, nested values as JSON."""
        exported = cli("export", finished_run, "--format", "csv")

        rows = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
        expected = [
            as_export_row(item) for item in server_items(server.url, finished_run)
        ]
        assert exported.returncode == 0, exported.stderr
        assert rows == [
            {name: csv_text(value) for name, value in row.items()} for row in expected
        ]

    def test_csv_export_has_the_reviews_of_each_item(
        self, cli: Cli, finished_run: str
    ) -> None:
        """The review columns: each item's 👍 share and its reviews as JSON."""
        exported = cli("export", finished_run, "--format", "csv")

        rows = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
        assert list(rows[0])[-2:] == ["human_pass_rate", "reviews"]
        assert [row["human_pass_rate"] for row in rows[:4]] == ["0.5", "", "", "1.0"]
        reviews = json.loads(rows[0]["reviews"])
        assert [(r["reviewer"], r["verdict"], r["score"]) for r in reviews] == [
            ("ada", "THUMBS_UP", 0.5),
            ("alan", "THUMBS_DOWN", None),
        ]
        assert reviews[1]["comment"] == 'too long, "really"\nsecond line'
        assert json.loads(rows[3]["reviews"])[0]["reviewer"] == "anonymous"
        assert rows[1]["reviews"] == "[]"

    def test_json_export_is_one_array_of_the_items(
        self, cli: Cli, server: Served, finished_run: str
    ) -> None:
        """--format json writes the same rows as one JSON array."""
        exported = cli("export", finished_run, "--format", "json")

        expected = [
            as_export_row(item) for item in server_items(server.url, finished_run)
        ]
        assert json.loads(exported.stdout) == expected

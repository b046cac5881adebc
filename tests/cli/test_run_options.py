"""`run --output/--stream`, `rerun --not-passed`, `watch` restarted and stopped."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx

from tests.cli.conftest import (
    CLI_TIMEOUT_SECONDS,
    FAILING,
    PASSING,
    Cli,
    create,
    one_error_line,
    read_through_line,
    server_environment,
)
from tests.support.process import free_port, runcast_serve


def item_lines(stderr: str) -> list[int]:
    """The indices of the `item N …` lines a watch printed, in order."""
    return [
        int(line.split()[1]) for line in stderr.splitlines() if line.startswith("item ")
    ]


class TestRunOutput:
    def test_output_writes_the_same_rows_as_export(self, cli: Cli) -> None:
        """--output FILE holds the rows `export --format jsonl` prints."""
        create(cli, "with-output", rows=4, assertions=PASSING)

        started = cli("run", "with-output", "--output", "results.jsonl", "--quiet")
        exported = cli("export", started.stdout.strip(), "--format", "jsonl")

        assert started.returncode == 0, started.stderr
        written = (cli.folder / "results.jsonl").read_text()
        assert written == exported.stdout
        assert len(written.splitlines()) == 4

    def test_output_is_written_when_the_run_misses_its_threshold(
        self, cli: Cli
    ) -> None:
        """A run under --fail-under exits 3 and still leaves the CI artefact."""
        create(cli, "output-failing", rows=3, assertions=FAILING)

        started = cli(
            "run", "output-failing", "--fail-under", "1", "-o", "out.jsonl", "--quiet"
        )

        assert started.returncode == 3
        rows = [
            json.loads(line)
            for line in (cli.folder / "out.jsonl").read_text().splitlines()
        ]
        assert [row["outcome"] for row in rows] == ["FAILED_ASSERTIONS"] * 3


class TestStream:
    def test_stream_prints_each_items_whole_output(self, cli: Cli) -> None:
        """--stream writes `[item N] output` lines whose text is the item's output."""
        create(cli, "streamed", rows=3, assertions=PASSING)

        streamed = cli("run", "streamed", "--stream")
        run_id = streamed.stdout.splitlines()[-1].split()[1]
        exported = cli("export", run_id, "--format", "jsonl")

        assert streamed.returncode == 0, streamed.stderr
        outputs = {
            row["index"]: row["output"]
            for row in map(json.loads, exported.stdout.splitlines())
        }
        lines = [line for line in streamed.stdout.splitlines() if line.startswith("[")]
        assert sorted(lines) == [f"[item {n}] {outputs[n]}" for n in range(3)]


class TestRerunNotPassed:
    def test_rerun_not_passed_reruns_items_that_failed_assertions(
        self, cli: Cli
    ) -> None:
        """Items that failed assertions are not FAILED, but they did not pass."""
        create(cli, "not-passed", rows=3, assertions=FAILING)
        run_id = cli("run", "not-passed", "--watch", "--quiet").stdout.strip()

        failed_only = cli("rerun", run_id, "--failed")
        not_passed = cli("rerun", run_id, "--not-passed", "--watch", "--json")

        summary = json.loads(not_passed.stdout)
        assert failed_only.returncode == 1
        assert "no failed items" in one_error_line(failed_only.stderr)
        assert not_passed.returncode == 0, not_passed.stderr
        assert summary["parentRunId"] == run_id
        assert summary["progress"]["total"] == 3

    def test_failed_and_not_passed_together_is_a_usage_error(self, cli: Cli) -> None:
        """The two scopes exclude each other: exit 2."""
        rerun = cli("rerun", "any", "--failed", "--not-passed")

        assert rerun.returncode == 2
        assert "not allowed with argument" in rerun.stderr


RESTARTED_ROWS = 40


class TestWatchAcrossRestart:
    def test_watch_resumes_after_the_server_restarts(self, tmp_path: Path) -> None:
        """A server killed mid-run and started again: the watch ends with each item."""
        environment = server_environment(
            tmp_path,
            RUNCAST_SIMULATED_TOKEN_DELAY="0.01",
            RUNCAST_SIMULATED_OUTPUT_TOKENS="10",
            RUNCAST_ITEMS_PER_RUN="1",
            RUNCAST_LEASE_SECONDS="1",
            RUNCAST_REAP_INTERVAL="0.2",
            RUNCAST_WORKER_POLL_INTERVAL="0.1",
        )
        port = free_port()
        with runcast_serve(environment, port=port) as first:
            cli = Cli(url=first.url, folder=tmp_path)
            create(cli, "restarted", rows=RESTARTED_ROWS, assertions=PASSING)
            run_id = cli("run", "restarted", "--quiet").stdout.strip()
            watch = cli.start("watch", run_id, "--json")
            assert watch.stderr is not None
            before = read_through_line(watch.stderr, "item ")
            first.kill()

        with runcast_serve(environment, port=port):
            stdout, rest = watch.communicate(timeout=CLI_TIMEOUT_SECONDS)

        stderr = before + rest
        assert watch.returncode == 0, stderr
        assert "lost; resuming" in stderr
        assert sorted(item_lines(stderr)) == list(range(RESTARTED_ROWS))
        summary = json.loads(stdout)
        assert summary["status"] == "SUCCEEDED"
        assert summary["progress"]["succeeded"] == RESTARTED_ROWS


INTERRUPTED_ROWS = 40
EXIT_INTERRUPTED = 130
STOPPING = ("CANCELLING", "CANCELLED")


def run_status(url: str, run_id: str) -> str:
    """The run's status, as the server answers it."""
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": f'{{ run(id: "{run_id}") {{ status }} }}'},
        timeout=30,
    ).json()
    status: str = answer["data"]["run"]["status"]
    return status


class TestInterruptedWatch:
    def test_ctrl_c_stops_watching_and_cancel_stops_the_run(
        self, tmp_path: Path
    ) -> None:
        """SIGINT mid-run: exit 130 and one line saying how to go on; the run
        runs on until `runcast cancel` cancels it."""
        environment = server_environment(
            tmp_path,
            RUNCAST_SIMULATED_TOKEN_DELAY="0.05",
            RUNCAST_SIMULATED_OUTPUT_TOKENS="10",
            RUNCAST_ITEMS_PER_RUN="1",
        )
        with runcast_serve(environment) as served:
            cli = Cli(url=served.url, folder=tmp_path)
            create(cli, "interrupted", rows=INTERRUPTED_ROWS, assertions=PASSING)
            run_id = cli("run", "interrupted", "--quiet").stdout.strip()
            watch = cli.start("watch", run_id)
            assert watch.stderr is not None
            read_through_line(watch.stderr, "item ")

            watch.send_signal(signal.SIGINT)
            _, stderr = watch.communicate(timeout=CLI_TIMEOUT_SECONDS)
            after_interrupt = run_status(served.url, run_id)
            cancelled = cli("cancel", run_id, "--json")
            after_cancel = run_status(served.url, run_id)

        assert watch.returncode == EXIT_INTERRUPTED
        # the progress line's last state, then the one line of the interruption
        assert "Traceback" not in stderr
        assert stderr.strip().splitlines()[-1] == (
            f"runcast: stopped watching run {run_id}; it goes on on the server "
            f"(`runcast watch {run_id}` follows it, "
            f"`runcast cancel {run_id}` cancels it)"
        )
        assert after_interrupt == "RUNNING"
        assert cancelled.returncode == 0, cancelled.stderr
        assert json.loads(cancelled.stdout)["status"] in STOPPING
        assert after_cancel in STOPPING


class TestIdempotencyKey:
    def test_same_key_starts_one_run(self, cli: Cli) -> None:
        """`run --idempotency-key K` twice gives one run; another key, another."""
        create(cli, "keyed", rows=2, assertions=PASSING)

        first = cli("run", "keyed", "--idempotency-key", "nightly-1", "--quiet")
        again = cli("run", "keyed", "--idempotency-key", "nightly-1", "--quiet")
        other = cli("run", "keyed", "--idempotency-key", "nightly-2", "--quiet")

        assert first.returncode == again.returncode == other.returncode == 0
        assert again.stdout == first.stdout
        assert other.stdout != first.stdout

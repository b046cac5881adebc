"""A token-protected server from the CLI, and every command's --help and --version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from runcast.cli import main
from tests.cli.conftest import Cli, server_environment
from tests.support.process import Served, runcast_serve

TOKEN = "cli-test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server that needs RUNCAST_API_TOKEN from every caller."""
    folder = tmp_path_factory.mktemp("protected")
    environment = server_environment(folder, RUNCAST_API_TOKEN=TOKEN)
    with runcast_serve(environment) as served:
        yield served


class TestTokenProtectedServer:
    def test_without_a_token_the_error_says_to_pass_one(self, cli: Cli) -> None:
        """A 401 is one line that names --token, exit 1."""
        listed = cli("experiments", "list")

        assert listed.returncode == 1
        assert listed.stderr.strip().splitlines() == [
            f"runcast: the server at {cli.url} needs an API token: pass --token "
            "or set RUNCAST_TOKEN"
        ]

    def test_a_wrong_token_is_refused_in_one_line(self, cli: Cli) -> None:
        """A token the server does not know is named as the problem."""
        listed = cli("experiments", "list", "--token", "not-the-token")

        assert listed.returncode == 1
        assert "refused the API token" in listed.stderr

    def test_token_option_creates_runs_and_watches_them(self, cli: Cli) -> None:
        """--token works for HTTP and for the run's WebSocket subscription."""
        (cli.folder / "e.json").write_text(
            '{"name": "guarded", "prompt": "hi {{x}}", '
            '"dataset": [{"variables": {"x": "1"}}, {"variables": {"x": "2"}}]}'
        )

        created = cli("experiments", "create", "-f", "e.json", "--token", TOKEN)
        watched = cli("run", "guarded", "--watch", "--token", TOKEN)

        assert created.returncode == 0, created.stderr
        assert watched.returncode == 0, watched.stderr
        assert watched.stderr.count("item ") == 2
        assert "SUCCEEDED, 2/2 items" in watched.stdout

    def test_runcast_token_variable_is_the_default_token(self, cli: Cli) -> None:
        """RUNCAST_TOKEN stands in for --token."""
        listed = cli("experiments", "list", environment={"RUNCAST_TOKEN": TOKEN})

        assert listed.returncode == 0, listed.stderr


COMMANDS = [
    ["experiments", "list"],
    ["experiments", "show"],
    ["experiments", "create"],
    ["experiments", "archive"],
    ["run"],
    ["watch"],
    ["cancel"],
    ["rerun"],
    ["compare"],
    ["export"],
    ["import-dataset"],
]


class TestHelp:
    @pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
    def test_help_of_each_client_command_shows_an_example(
        self, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`runcast COMMAND --help` exits 0 and ends with an example."""
        with pytest.raises(SystemExit) as exit_:
            main([*command, "--help"])

        assert exit_.value.code == 0
        assert "example: runcast " in capsys.readouterr().out

    def test_version_prints_the_package_version(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`runcast --version` says which runcast this is."""
        with pytest.raises(SystemExit) as exit_:
            main(["--version"])

        assert exit_.value.code == 0
        assert capsys.readouterr().out.strip() == "runcast 0.1.0"

    def test_help_lists_the_exit_codes(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`runcast --help` documents what each exit code means."""
        with pytest.raises(SystemExit):
            main(["--help"])

        assert "3 a watched run failed" in capsys.readouterr().out.replace("\n", " ")

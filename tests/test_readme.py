"""The README documents what Runcast really has."""

from __future__ import annotations

from pathlib import Path

from runcast.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


class TestReadme:
    def test_configuration_table_lists_every_setting(self) -> None:
        """Each setting appears as its RUNCAST_ variable in the README."""
        missing = [
            name
            for name in Settings.model_fields
            if f"`RUNCAST_{name.upper()}`" not in README
        ]

        assert missing == []

    def test_readme_shows_the_two_commands(self) -> None:
        """A new user finds `make run` and `make test`."""
        assert "make run" in README
        assert "make test" in README

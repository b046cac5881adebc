"""Generate ``runcast.client.generated`` from schema.graphql; ``--check``: compare.

ariadne-codegen pins its own graphql-core, so it runs in a tool environment of
its own (``uv tool run``), never in the server's. Its output is then made to
follow the project's lint rules with ruff, so the committed code is exactly
what this script writes.

Exit codes: 0 generated (or up to date), 1 stale (``--check``), 3 the generator
could not run.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

__all__ = ["ARIADNE_CODEGEN", "main"]

ROOT = Path(__file__).resolve().parent.parent
ARIADNE_CODEGEN = "ariadne-codegen==0.19.0"
"""The generator's pinned version; a new one means regenerating."""

STALE = 1
UNAVAILABLE = 3


def main(argv: list[str] | None = None) -> int:
    """Generate the client (or check it); return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare instead of writing"
    )
    arguments = parser.parse_args(argv)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    settings = config["tool"]["ariadne-codegen"]
    committed = ROOT / settings["target_package_path"] / settings["target_package_name"]
    uv = _find_uv()
    if uv is None:
        print("generate_client: uv is not installed (`make install`)", file=sys.stderr)
        return UNAVAILABLE
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) if arguments.check else committed.parent
        if not _generate(uv, settings, target):
            return UNAVAILABLE
        if not arguments.check:
            return 0
        stale = _differences(committed, target / settings["target_package_name"])
    if stale:
        print(
            "runcast.client is stale against schema.graphql or its operations "
            f"(run `make clients`): {', '.join(stale)}",
            file=sys.stderr,
        )
        return STALE
    return 0


def _find_uv() -> str | None:
    for candidate in (os.environ.get("UV"), shutil.which("uv"), ROOT / ".tools/bin/uv"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


def _generate(uv: str, settings: dict[str, object], target: Path) -> bool:
    """Write the package under ``target``; False when the generator failed."""
    package = target / str(settings["target_package_name"])
    shutil.rmtree(package, ignore_errors=True)
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as config:
        config.write(_config_text({**settings, "target_package_path": str(target)}))
    try:
        generated = subprocess.run(
            [*_ariadne_codegen(uv), "--config", config.name, "client"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(config.name).unlink()
    if generated.returncode != 0:
        print(f"generate_client: ariadne-codegen failed:\n{generated.stderr}")
        return False
    ruff = [sys.executable, "-m", "ruff"]
    fixes = ["--fix-only", "--unsafe-fixes", "--quiet"]
    settings_file = ["--config", str(ROOT / "pyproject.toml")]
    # the generator writes Optional[...] and (str, Enum): ruff's fixes give
    # the project's spelling, so the committed code passes `ruff check`
    subprocess.run(
        [*ruff, "check", *fixes, *settings_file, str(package)],
        check=True,
    )
    subprocess.run(
        [*ruff, "format", "--quiet", *settings_file, str(package)], check=True
    )
    return True


def _ariadne_codegen(uv: str) -> list[str]:
    return [uv, "tool", "run", "--from", ARIADNE_CODEGEN, "ariadne-codegen"]


def _config_text(settings: dict[str, object]) -> str:
    """``settings`` as a ``[tool.ariadne-codegen]`` TOML document."""
    lines = ["[tool.ariadne-codegen]"]
    tables: list[str] = []
    for key, value in settings.items():
        if key == "scalars":
            assert isinstance(value, dict)
            for scalar, mapping in value.items():
                tables.append(f"[tool.ariadne-codegen.scalars.{scalar}]")
                tables.extend(f"{name} = {_toml(v)}" for name, v in mapping.items())
        else:
            lines.append(f"{key} = {_toml(value)}")
    return "\n".join([*lines, *tables]) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _differences(committed: Path, fresh: Path) -> list[str]:
    """Names of the files that differ, are missing or are extra."""
    names = {path.name for path in committed.glob("*.py")}
    names |= {path.name for path in fresh.glob("*.py")}
    return sorted(
        name
        for name in names
        if not (committed / name).is_file()
        or not (fresh / name).is_file()
        or not filecmp.cmp(committed / name, fresh / name, shallow=False)
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Build Runcast's wheel with the web app inside it: what ``make dist`` runs.

uv_build packs the ``runcast`` package directory and nothing beside it, so the
built web app (``frontend/dist``, from ``make frontend``) is copied into the
package as ``runcast/web`` first, where an installed Runcast finds it
(``runcast.settings.PACKAGED_FRONTEND_DIR``). The copy is ignored by git.

Exit codes: 0 built, 1 the web app is not built, 2 ``uv build`` failed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["main", "stage_frontend"]

ROOT = Path(__file__).resolve().parent.parent
NOT_BUILT = 1
BUILD_FAILED = 2
_NEEDED = ("index.html", "graphiql.html", "assets")


def stage_frontend(build: Path) -> Path:
    """Copy the web app in ``build`` into the package; return the copy."""
    target = ROOT / "src" / "runcast" / "web"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(build, target, ignore=shutil.ignore_patterns(".built"))
    return target


def main(argv: list[str] | None = None) -> int:
    """Stage the web app and build the wheel into ``--out-dir``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--frontend",
        type=Path,
        default=ROOT / "frontend" / "dist",
        help="the built web app (default: frontend/dist)",
    )
    parser.add_argument("--out-dir", type=Path, default=ROOT / "dist")
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    arguments = parser.parse_args(argv)
    missing = [name for name in _NEEDED if not (arguments.frontend / name).exists()]
    if missing:
        print(
            f"build_wheel: {arguments.frontend} lacks {', '.join(missing)}: "
            "build the web app first (`make frontend`)",
            file=sys.stderr,
        )
        return NOT_BUILT
    stage_frontend(arguments.frontend)
    built = subprocess.run(
        [
            arguments.uv,
            "build",
            "--wheel",
            "--offline",
            "--out-dir",
            str(arguments.out_dir),
            str(ROOT),
        ],
        check=False,
    )
    return 0 if built.returncode == 0 else BUILD_FAILED


if __name__ == "__main__":
    raise SystemExit(main())

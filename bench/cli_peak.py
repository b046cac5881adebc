"""``python -m bench.cli_peak ARGUMENTS``: run ``runcast ARGUMENTS``, then say its peak.

The command runs in this process, as ``runcast`` would; its exit code is
this process's, and its peak RSS (bytes) is the last line of stdout.
"""

from __future__ import annotations

import os
import sys

from bench.memory import peak_resident_bytes
from runcast.cli import main as runcast


def main() -> int:
    """Run the command; print the peak RSS; return the command's exit code."""
    code = runcast(sys.argv[1:])
    sys.stdout.flush()
    print(peak_resident_bytes(os.getpid()))
    return code


if __name__ == "__main__":
    sys.exit(main())

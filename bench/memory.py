"""A process's resident memory, as the kernel reports it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cpu_seconds", "resident_bytes"]


def resident_bytes(pid: int) -> int:
    """VmRSS of process ``pid`` in bytes, from ``/proc/<pid>/status``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"process {pid} reports no VmRSS")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used, from ``/proc/<pid>/stat``."""
    # the fields after the command name, which is in parentheses
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / os.sysconf("SC_CLK_TCK")

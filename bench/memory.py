"""A process's resident memory, as the kernel reports it."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cpu_seconds", "peak_resident_bytes", "resident_bytes"]


def resident_bytes(pid: int) -> int:
    """VmRSS of process ``pid`` in bytes, from ``/proc/<pid>/status``."""
    return _status_bytes(pid, "VmRSS")


def peak_resident_bytes(pid: int) -> int:
    """VmHWM of process ``pid``: the most it has been resident since its exec.

    Unlike a child's ``ru_maxrss``, which Linux carries over from the forked
    copy of its parent, this counts only the program the process runs.
    """
    return _status_bytes(pid, "VmHWM")


def _status_bytes(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"process {pid} reports no {name}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used, from ``/proc/<pid>/stat``."""
    # the fields after the command name, which is in parentheses
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / os.sysconf("SC_CLK_TCK")

"""Stage timings for profiling. With BROCHURE_TRACE set, each pipeline stage writes one line to stderr,
`trace <perf_counter seconds> <process id> <stage>`, and each process, as it ends, the CPU time it used,
`trace-cpu <process id> <what it ran> <seconds>`; scripts/profile_build.py turns them into a timeline
of a real `brochure build` (every process of a parallel build included) and its CPU time per process."""

from __future__ import annotations

import os
import sys
import time

_ON = bool(os.environ.get("BROCHURE_TRACE"))


def stage(label: str) -> None:
    if _ON:
        # One write per line, straight to the file descriptor: lines of two processes never mix.
        sys.stderr.flush()
        os.write(2, f"trace {time.perf_counter():.6f} {os.getpid()} {label}\n".encode("utf-8"))


def cpu_used(label: str) -> None:
    """The CPU time (user and system) this process has used so far (a forked child: since the fork)."""
    if _ON:
        times = os.times()
        sys.stderr.flush()
        os.write(2, f"trace-cpu {os.getpid()} {label} {times.user + times.system:.3f}\n".encode("utf-8"))

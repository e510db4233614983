"""Stage timings for profiling. With BROCHURE_TRACE set, each pipeline stage writes one line to stderr,
`trace <perf_counter seconds> <process id> <stage>`; scripts/profile.py turns them into a timeline of
a real `python -m brochure build` (both processes of a parallel build included)."""

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

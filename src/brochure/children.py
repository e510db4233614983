"""Processes this tool forks die with the process that forked them.

A build forks helpers (an edition's layout, the text pass, the workers of --all-missions). If the
build is killed (kill -9, a closed terminal), a helper left running would go on writing temporary
files nobody removes. On Linux each forked child asks the kernel to kill it when its parent goes
(PR_SET_PDEATHSIG), and leaves at once if the parent is already gone; elsewhere nothing changes.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
_parent = [0]
_prctl: list = []


def _before_fork() -> None:
    _parent[0] = os.getpid()


def _in_child() -> None:
    if not _prctl:
        return
    _prctl[0](_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _parent[0]:      # the parent died between fork and prctl
        os._exit(1)


def install() -> None:
    """Register the fork hooks once per process (Linux only)."""
    if _prctl or not sys.platform.startswith("linux") or not hasattr(os, "register_at_fork"):
        return
    try:
        import ctypes

        _prctl.append(ctypes.CDLL(None).prctl)     # looked up here, so a child only makes the call
    except (OSError, AttributeError):
        return
    os.register_at_fork(before=_before_fork, after_in_child=_in_child)

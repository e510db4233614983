"""How this tool starts, runs work beside itself, and ends: the one place that knows about processes.

The command
    `run_command(main)` is what both `python -m brochure` and the installed `brochure` command run
    (through `cli.entry`): the cyclic garbage collector stays off for the whole command, in its forked
    children too (imports, content models and fonts allocate only what lives until the process ends,
    and the few cycles one build leaves behind are not worth walking every object for: measured, a
    build's peak memory is the same either way), a command that runs on (watch) or forks workers
    that each lay out a whole brochure (build --all-missions) calls `startup_over()`, which sets what
    exists then aside for good (gc.freeze) and turns the collector back on, and the process ends
    with os._exit once its output is flushed: freeing every font, model and layout object one by one
    would only cost time. Called as a function (cli.main in a test), nothing of this applies.

Work in parallel
    `start(job, *args)` runs job(*args) in a forked child and returns a `Child`; its result() is
    what the job returned (sent back pickled) or raises what it raised. The job and its arguments are
    not pickled: the child starts with everything this process holds, so a closure over loaded
    content is a job like any other. `for_each(job, items, jobs)` runs a job per item in at most
    `jobs` worker processes, each taking the next item as soon as it is free (it is sent an index
    into the items it was forked with: nothing but results is pickled). There is no thread anywhere
    in this, so a fork never happens while another thread of ours holds a lock.

When work runs here instead
    `can_fork()` is False where fork is missing (Windows), on a single core, and in a process that
    runs more than one thread (a thread may hold a lock the child would wait for forever; Python
    3.12 warns about it). Callers then run the same job in this process, one after the other.

A program of its own
    `spawned(module, function, *args)` starts a new Python process (no fork) for a helper that runs
    threads of its own, such as watch's file watcher, and reads its output through a pipe.

Children die with their parent
    A child asks the kernel to kill it when the process that started it dies (PR_SET_PDEATHSIG on
    Linux) and leaves at once if that has already happened, so a build killed with kill -9 leaves no
    helper writing temporary files behind it.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

TYPE_CHECKING = False   # typing.TYPE_CHECKING, without importing typing: every command starts here
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any, NoReturn, TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def run_command(main: Callable[[], int]) -> NoReturn:
    """Run the command `main` as this whole process: collector off unless it runs on (startup_over),
    and an exit that skips tearing down the interpreter."""
    gc.disable()
    # The content models use no pydantic plugins; looking for them scans every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = main()
    from .trace import cpu_used, stage

    stage("exit")
    cpu_used("main")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing left to say
        pass
    os._exit(code)


def startup_over() -> None:
    """What exists now lives until the process ends: kept out of the collector's sight from here on
    (in a forked child, it is then neither walked again nor copied by the collector touching it), and
    the collector runs as usual for whatever comes next. Nothing to do when it was never turned off."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def can_fork() -> bool:
    """Whether work had better be forked here: fork_available(), and no other thread running."""
    return fork_available() and _threads() == 1


def fork_available() -> bool:
    """A system that can fork, with a core to spare (a caller that asks for a fork explicitly may have
    threads of its own: a test runner's, say, which it knows hold no lock the child needs)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _threads() -> int:
    """Threads of this process, those Python did not start included (a file watcher's, a library's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


class Child:
    """A forked process running one job; result() waits for it."""

    def __init__(self, process: Any, receive: Any):
        self.process, self._receive = process, receive
        self._outcome: tuple[bool, Any] | None = None

    @property
    def connection(self) -> Any:
        """What to wait on (multiprocessing.connection.wait) for the result."""
        return self._receive

    def result(self) -> Any:
        """What the job returned; raises what it raised (an error that could not be sent, as text)."""
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except (EOFError, OSError):
                from .errors import BrochureError

                self._outcome = (False, BrochureError(f"a helper process ended without a result (exit "
                                                      f"{self._exit_code()})"))
            self._receive.close()
            self.process.join()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def _exit_code(self) -> Any:
        self.process.join(timeout=5)
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()

    def join(self, timeout: float | None = None) -> None:
        self.process.join(timeout)


def start(job: Callable[..., Any], *args: Any) -> Child:
    """Run job(*args) in a forked child (see the module's notes; callers check can_fork() first)."""
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    # Not a daemon: a child may start children of its own (an edition its text-pass helper). It dies
    # with this process all the same (see _die_with).
    process = fork.Process(target=_child, args=(job, args, send, os.getpid()))
    process.start()
    send.close()
    return Child(process, receive)


def _child(job: Callable[..., Any], args: tuple[Any, ...], send: Any, parent: int) -> None:
    _die_with(parent)
    try:
        outcome: tuple[bool, Any] = (True, job(*args))
    except BaseException as exc:  # noqa: BLE001 - raised again by Child.result() in the parent
        outcome = (False, exc)
    try:
        send.send(outcome)
    except Exception:  # noqa: BLE001 - a result or an error that does not pickle still arrives as text
        from .errors import BrochureError

        value = outcome[1]
        send.send((False, BrochureError(f"{type(value).__name__}: {value}")))
    send.close()
    from .trace import cpu_used

    cpu_used(getattr(job, "__name__", "job") + "".join(f" {a}" for a in args[:1] if isinstance(a, str)))


def spawned(module: str, function: str, *args: str) -> Any:
    """A new Python process running module.function(*args), its stdout a pipe to this one (a
    subprocess.Popen): for a helper that runs threads of its own, such as a file watcher. Nothing is
    forked but to start another program, so this is safe from a process with threads too. It dies
    with this process like any child."""
    import subprocess

    package = str(Path(__file__).resolve().parents[1])      # this copy of the package, wherever it came from
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")])))
    code = ("import importlib, sys\n"
            "from brochure import processes\n"
            "processes._die_with(int(sys.argv[1]))\n"
            "getattr(importlib.import_module(sys.argv[2]), sys.argv[3])(*sys.argv[4:])\n")
    return subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), module, function, *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env)


def _die_with(parent: int) -> None:
    """This process is killed when `parent` dies, and leaves now if it already has (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:      # the parent died between the fork and the call above
        os._exit(1)


def for_each(job: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[tuple[T, R | BaseException]]:
    """job(item) for every item, in at most `jobs` worker processes that each run one job after another,
    taking the next item (in the order given) as soon as they are free: what a job leaves loaded (modules,
    fonts, caches) serves the next one in that worker. Here, one after the other, when this process
    cannot fork or jobs is 1. Yields (item, result or the exception it raised) as each one finishes; a
    worker that dies takes only its current item with it (an error), and a fresh one takes over the rest."""
    pending = list(items)
    if jobs < 2 or len(pending) < 2 or not can_fork():
        for item in pending:
            try:
                yield item, job(item)
            except Exception as exc:  # noqa: BLE001 - handed to the caller like a child's error
                yield item, exc
        return
    from multiprocessing.connection import wait

    queue = list(range(len(pending)))
    queue.reverse()
    running: dict[Any, tuple[int, _Worker]] = {}
    try:
        while queue or running:
            while queue and len(running) < jobs:
                index = queue.pop()
                worker = _Worker(job, pending, index)
                running[worker.connection] = (index, worker)
            for ready in wait(list(running)):
                index, worker = running.pop(ready)
                outcome, alive = worker.outcome()
                if alive and queue:
                    index_next = queue.pop()
                    worker.give(index_next)
                    running[worker.connection] = (index_next, worker)
                else:
                    worker.stop()
                yield pending[index], outcome
    finally:
        for _, worker in running.values():     # the caller stopped early: nothing keeps running
            worker.kill()


class _Worker:
    """A forked process that runs job(items[i]) for each index i it is given, one after another."""

    def __init__(self, job: Callable[[Any], Any], items: list[Any], first: int):
        import multiprocessing

        fork = multiprocessing.get_context("fork")
        self._receive, send = fork.Pipe(duplex=False)
        tasks, self._give = fork.Pipe(duplex=False)
        self.process = fork.Process(target=_serve, args=(job, items, first, tasks, send, os.getpid()))
        self.process.start()
        send.close()
        tasks.close()

    @property
    def connection(self) -> Any:
        return self._receive

    def outcome(self) -> tuple[Any, bool]:
        """(the result of its current job, or the exception it raised; whether it takes another one)."""
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError):
            from .errors import BrochureError

            self.process.join(timeout=5)
            return BrochureError(f"a helper process ended without a result (exit {self.process.exitcode})"), False
        # After anything but an Exception (SystemExit, KeyboardInterrupt) the worker ends.
        return value, ok or isinstance(value, Exception)

    def give(self, index: int) -> None:
        self._give.send(index)

    def stop(self) -> None:
        """No more work: it ends, and is waited for. (Said, not signalled by closing the pipe: a worker
        forked later holds a copy of its end.)"""
        try:
            self._give.send(None)
        except OSError:         # it has ended already
            pass
        self._give.close()
        self._receive.close()
        self.process.join()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()


def _serve(job: Callable[[Any], Any], items: list[Any], index: int, tasks: Any, send: Any, parent: int) -> None:
    """A worker's life: job(items[index]), its outcome sent back, then the next index it is given."""
    _die_with(parent)
    done = []
    while True:
        try:
            outcome: tuple[bool, Any] = (True, job(items[index]))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent like any result
            outcome = (False, exc)
        done.append(items[index])
        try:
            send.send(outcome)
        except Exception:  # noqa: BLE001 - a result or an error that does not pickle still arrives as text
            from .errors import BrochureError

            value = outcome[1]
            send.send((False, BrochureError(f"{type(value).__name__}: {value}")))
        if not outcome[0] and not isinstance(outcome[1], Exception):
            break
        try:
            index = tasks.recv()
        except EOFError:
            break
        if index is None:       # no more work
            break
    send.close()
    from .trace import cpu_used

    cpu_used(getattr(job, "__name__", "job") + "".join(f" {item}" for item in done if isinstance(item, str)))

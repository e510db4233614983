"""Watch: rebuild the brochure whenever content, brand or brand assets change.

On start and after every change: check, build every edition, print one timestamped line (the
build time, or the problems in the same format `check` uses), and after a good build refresh the
preview PNGs of the screen edition. A failed build leaves the previous PDF in place (builds write
atomically). Ctrl-C stops watching and exits 0.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .errors import BrochureError

DEBOUNCE_MS = 400           # changes closer together than this are one rebuild (an editor's save burst)
IDLE_MS = 250               # how often the watcher wakes up when nothing changes (to notice a stop)


@dataclass
class Result:
    """What one build round gave; passed to `on_result`."""

    ok: bool
    seconds: float
    message: str                                        # the line(s) printed, without the time stamp
    pdfs: list[Path] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)   # the files whose change started this round


def watched_folders(project) -> list[Path]:
    """The content folder and the brand file's folder (fonts, logos and ICC profiles live there)."""
    folders = [Path(project.content), Path(project.brand).parent]
    out: list[Path] = []
    for folder in folders:
        if folder.is_dir() and not any(_inside(folder, seen) or _inside(seen, folder) for seen in out):
            out.append(folder)
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def build_once(project, mission: str | None = None, changed: list[Path] | None = None) -> Result:
    """One round: check, build, refresh the preview. Never raises for content or build errors."""
    from .build import build, load
    from .errors import BrochureError

    started = time.perf_counter()
    try:
        loaded = load(project, mission)         # checked by build(), beside the layout
        written = build(project, mission, loaded=loaded)
    except BrochureError as exc:
        return Result(False, time.perf_counter() - started, f"error: {exc}", changed=changed or [])
    except Exception as exc:  # a bug or an I/O failure: report it and keep watching
        return Result(False, time.perf_counter() - started, f"error: {type(exc).__name__}: {exc}",
                      changed=changed or [])
    seconds = time.perf_counter() - started
    pdfs = [Path(w.path) for w in written]
    previews: list[Path] = []
    preview_note = ""
    screen = next((w for w in written if w.edition == "screen"), written[0] if written else None)
    if screen is not None:
        try:
            from .preview import render

            theme = loaded[1]
            previews = render(screen.path, label_font=theme.fonts.get("latin", {}).get("regular")).paths
        except Exception as exc:
            preview_note = f" (preview not updated: {type(exc).__name__}: {exc})"
    pages = written[0].pages if written else 0
    names = ", ".join(p.name for p in pdfs)
    message = f"built {names} ({pages} pages) in {seconds:.1f} s{preview_note}"
    return Result(True, seconds, message, pdfs, previews, changed or [])


def run(project, mission: str | None = None, stop_event=None, max_builds: int | None = None,
        on_result: Callable[[Result], None] | None = None, out=None, debounce_ms: int = DEBOUNCE_MS,
        force_polling: bool | None = None) -> int:
    """Build now and after every change until Ctrl-C, `stop_event` is set or `max_builds` rounds ran.

    The file watcher runs threads of its own. Where builds fork (processes.fork_available), it listens
    in a process of its own and sends each set of changes here, so this process, which forks the
    editions of every build, never runs a thread beside them."""
    from . import processes

    out = out or sys.stdout
    folders = watched_folders(project)
    builds = 0
    processes.startup_over()        # this process runs on: its garbage is collected as usual

    def round_(changed: list[Path]) -> None:
        nonlocal builds
        result = build_once(project, mission, changed)
        builds += 1
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        print(f"[{stamp}] {result.message}", file=out, flush=True)
        if on_result is not None:
            on_result(result)

    def done() -> bool:
        return (max_builds is not None and builds >= max_builds) or bool(stop_event and stop_event.is_set())

    from .content.yamlfile import display_path

    print(f"watching {', '.join(display_path(f) for f in folders)} (Ctrl-C to stop)", file=out, flush=True)
    changes = _in_a_process if processes.fork_available() else _here
    try:
        # The first (empty) set comes once the watcher is running, so the first build happens with
        # the watcher already listening: a save made during that build is not missed.
        for changed in changes(folders, debounce_ms, force_polling, stop_event):
            round_(changed)
            if done():
                break
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)
    return 0


def _here(folders: list[Path], debounce_ms: int, force_polling: bool | None, stop_event) -> Iterator[list[Path]]:
    """Sets of changed files from a watcher in this process; an empty one first, once it listens."""
    from watchfiles import DefaultFilter, watch

    started = False
    for changes in watch(*folders, watch_filter=DefaultFilter(), debounce=debounce_ms, step=50,
                         stop_event=stop_event, rust_timeout=IDLE_MS, yield_on_timeout=True,
                         raise_interrupt=True, force_polling=force_polling):
        if changes or not started:
            started = True
            yield sorted({Path(path) for _, path in changes})


def _in_a_process(folders: list[Path], debounce_ms: int, force_polling: bool | None,
                  stop_event) -> Iterator[list[Path]]:
    """Sets of changed files from a watcher in a process of its own (see listen()): one JSON line each.
    Changes that arrive while a build runs are taken together, as one rebuild."""
    import json
    import select

    from . import processes

    args = [json.dumps([str(f) for f in folders]), str(debounce_ms), json.dumps(force_polling)]
    watcher = processes.spawned("brochure.watch", "listen", *args)
    assert watcher.stdout is not None
    lines = _Lines(watcher.stdout.fileno())
    try:
        while watcher.poll() is None or lines.pending():
            if stop_event is not None and stop_event.is_set():
                return
            if not lines.pending() and not select.select([lines.fd], [], [], IDLE_MS / 1000)[0]:
                continue
            batch = lines.read()
            if batch is None:               # the watcher ended
                break
            changed: set[str] = set()
            while batch is not None:
                changed.update(json.loads(batch))
                batch = lines.read() if lines.pending() or select.select([lines.fd], [], [], 0)[0] else None
            yield sorted(Path(path) for path in changed)
        raise BrochureError(f"the file watcher stopped (exit {watcher.wait()}); start watch again")
    finally:
        if watcher.poll() is None:
            watcher.terminate()
        watcher.wait()


class _Lines:
    """Whole lines from a pipe, read without blocking once select() said there is something."""

    def __init__(self, fd: int):
        self.fd, self.buffer = fd, b""

    def pending(self) -> bool:
        return b"\n" in self.buffer

    def read(self) -> str | None:
        """The next line (without its end), or None at the end of the pipe."""
        import os

        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8")


def listen(folders_json: str, debounce_ms: str, force_polling_json: str) -> None:
    """The watcher process: one line on stdout per set of changed files (a JSON list of paths), an empty
    list first, once it listens. Ctrl-C is for the build process, which ends this one."""
    import json
    import signal

    from watchfiles import DefaultFilter, watch

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    folders = [Path(f) for f in json.loads(folders_json)]
    started = False
    for changes in watch(*folders, watch_filter=DefaultFilter(), debounce=int(debounce_ms), step=50,
                         rust_timeout=IDLE_MS, yield_on_timeout=True, raise_interrupt=False,
                         force_polling=json.loads(force_polling_json)):
        if changes or not started:
            started = True
            try:
                sys.stdout.write(json.dumps(sorted({path for _, path in changes})) + "\n")
                sys.stdout.flush()
            except (BrokenPipeError, OSError):
                return                      # the build process has gone

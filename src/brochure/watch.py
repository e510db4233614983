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
from typing import Callable

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
    """Build now and after every change until Ctrl-C, `stop_event` is set or `max_builds` rounds ran."""
    from watchfiles import DefaultFilter, watch

    out = out or sys.stdout
    folders = watched_folders(project)
    builds = 0

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
    started = False
    try:
        # The first (empty) yield comes once the watcher is running, so the first build happens with
        # the watcher already listening: a save made during that build is not missed.
        for changes in watch(*folders, watch_filter=DefaultFilter(), debounce=debounce_ms, step=50,
                             stop_event=stop_event, rust_timeout=IDLE_MS, yield_on_timeout=True,
                             raise_interrupt=True, force_polling=force_polling):
            if changes or not started:
                started = True
                round_(sorted({Path(path) for _, path in changes}))
            if done():
                break
    except KeyboardInterrupt:
        pass
    print("stopped watching", file=out, flush=True)
    return 0

"""Build the base brochure and every mission in parallel, one worker per core, with a summary table."""

from __future__ import annotations

import os
import sys
import time

from . import processes
from .errors import BrochureError

_TIMES = "batch-times.json"     # seconds per brochure from the last run, in the cache folder


def _one(project, mission, editions, parallel=False, read=None):
    """Worker: build one brochure (its editions one after the other, or with `parallel` None where
    processes.can_fork() allows, at the same time); returns rows for the summary or the error text,
    and its time. `read` is what reading its content gave (build.read_content), when it was read
    already."""
    from .build import Loaded, build
    from .errors import ContentError

    started = time.perf_counter()
    try:
        loaded = None
        if read is not None:
            ok, value = read
            if not ok:
                raise ContentError(value)
            loaded = Loaded(*value, False)
        written = build(project, mission, editions, parallel=parallel, loaded=loaded)
        rows = [(w.path, w.edition, w.pages, w.seconds, w.language) for w in written]
        return mission, rows, None, time.perf_counter() - started
    except BrochureError as exc:
        return mission, [], str(exc), time.perf_counter() - started


def _last_times(project) -> dict:
    """Seconds per brochure from the last run (only an ordering hint: anything odd is ignored)."""
    import math

    from . import cache

    data = cache.get_json(project.cache, _TIMES)
    if not isinstance(data, dict) or len(data) > 10_000:
        return {}
    return {str(k): float(v) for k, v in data.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v < 86_400}


def _save_times(project, times: dict) -> None:
    if project.cache is None or not times:
        return
    from . import cache

    cache.put_json(project.cache, _TIMES, times)


def table(rows) -> list[str]:
    """The summary: one line per PDF, columns as wide as their longest entry (a long mission name or
    language tag shifts nothing)."""
    wide = max([len("mission")] + [len(r[0]) for r in rows])
    lang = max([len("lang")] + [len(r[1]) for r in rows])
    lines = [f"{'mission':<{wide}} {'lang':<{lang}} {'edition':<7} {'pages':>5} {'size':>8} {'time':>7}"]
    for label, language, edition, pages, size, seconds, _ in rows:
        lines.append(f"{label:<{wide}} {language:<{lang}} {edition:<7} {pages:>5} {size / 1024:>6.0f}KB "
                     f"{seconds:>6.2f}s")
    return lines


def build_all(project, editions=None, jobs: int = 0, out=sys.stdout) -> int:
    from .content.missions import mission_names

    missions = [None] + mission_names(project.content)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    rows, failures = [], []
    # Longest first (by the last run's times), so no long brochure is left to run alone at the end.
    last = _last_times(project)
    missions.sort(key=lambda m: -last.get(m or "(base)", 0.0))
    times: dict[str, float] = {}
    workers = min(jobs, len(missions))
    read: dict = {}
    if workers > 1 and processes.can_fork():
        from .build import preload, read_content

        # Every brochure's content and brand are read and validated in a process of their own, on the
        # core that would otherwise wait while this one imports what the workers start with (the
        # layout, the content checks, the preflight's text pass: imported once here rather than by
        # each worker and by the last brochure's helper; measured, the batch's peak memory is the
        # same). The workers start with what was read. Should that process fail in any other way
        # than with problems in the content, each worker reads its own.
        reader = processes.start(read_content, project, missions)
        preload(("brochure.checks", "brochure.preflight.text"))
        try:
            read = dict(reader.result())
        except Exception:  # noqa: BLE001 - it can only save time
            read = {}
        # A worker lays out both editions of its brochure one after the other: there the collector
        # keeps the peak memory of --all-missions where it was (a single build runs without it).
        processes.startup_over()
    # `workers` processes, each building one brochure after another (what one leaves loaded, such as
    # modules, fonts and icons, serves the next), taking the next one in the order above as soon as it
    # is free. The last one lays out its editions at the same time, in processes of their own: the
    # cores the other workers leave as they finish are not left idle. They share the cache folder
    # (entries are written atomically, so two workers writing the same entry is harmless).
    tail = missions[-1] if workers > 1 else object()
    for mission, outcome in processes.for_each(lambda m: _one(project, m, editions, None if m == tail else False,
                                                              read.get(m)), missions, workers):
        label = mission or "(base)"
        if isinstance(outcome, BaseException):
            outcome = (mission, [], f"{type(outcome).__name__}: {outcome}", 0.0)
        _, written, error, seconds_taken = outcome
        times[label] = round(seconds_taken, 3)
        if error:
            failures.append((label, error))
            print(f"FAILED  {label}: {error.splitlines()[0]}", file=out, flush=True)
            continue
        for path, edition, pages, seconds, language in written:
            size = path.stat().st_size
            rows.append((label, language, edition, pages, size, seconds, path))
            print(f"ok      {path}  ({pages} pages, {size / 1024:.0f} KB, {seconds:.2f} s)", file=out, flush=True)
    total = time.perf_counter() - started
    _save_times(project, times)
    rows.sort(key=lambda r: (r[0] != "(base)", r[0], r[2]))
    print("", file=out)
    for line in table(rows):
        print(line, file=out)
    if getattr(project, "draft", False):
        print("draft: every page of every brochure is marked DRAFT (build one with --draft to list what is "
              "left to finish)", file=sys.stderr)
    print(f"{len(rows)} PDFs in {total:.2f} s with {min(jobs, len(missions))} workers"
          + (f"; {len(failures)} failed" if failures else ""), file=out)
    for label, error in failures:
        print(f"\n{label}:\n{error}", file=sys.stderr)
    return 2 if failures else 0

"""Build the base brochure and every mission in parallel, one worker per core, with a summary table."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from .errors import BrochureError


def _one(project, mission, editions):
    """Worker: build one brochure; returns rows for the summary or the error text."""
    from .build import build

    try:
        return mission, [(w.path, w.edition, w.pages, w.seconds, w.language) for w in build(project, mission, editions)], None
    except BrochureError as exc:
        return mission, [], str(exc)


def build_all(project, editions=None, jobs: int = 0, out=sys.stdout) -> int:
    from .content.missions import mission_names

    missions = [None] + mission_names(project.content)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    rows, failures = [], []
    # Workers fork after nothing heavy is imported; each registers fonts once and shares the chart cache.
    with ProcessPoolExecutor(max_workers=min(jobs, len(missions))) as pool:
        futures = [pool.submit(_one, project, m, editions) for m in missions]
        for future in as_completed(futures):
            mission, written, error = future.result()
            label = mission or "(base)"
            if error:
                failures.append((label, error))
                print(f"FAILED  {label}: {error.splitlines()[0]}", file=out, flush=True)
                continue
            for path, edition, pages, seconds, language in written:
                size = path.stat().st_size
                rows.append((label, language, edition, pages, size, seconds, path))
                print(f"ok      {path}  ({pages} pages, {size / 1024:.0f} KB, {seconds:.2f} s)", file=out, flush=True)
    total = time.perf_counter() - started
    rows.sort(key=lambda r: (r[0] != "(base)", r[0], r[2]))
    print("", file=out)
    print(f"{'mission':<22} {'lang':<6} {'edition':<7} {'pages':>5} {'size':>8} {'time':>7}", file=out)
    for label, language, edition, pages, size, seconds, _ in rows:
        print(f"{label:<22} {language:<6} {edition:<7} {pages:>5} {size / 1024:>6.0f}KB {seconds:>6.2f}s", file=out)
    print(f"{len(rows)} PDFs in {total:.2f} s with {min(jobs, len(missions))} workers"
          + (f"; {len(failures)} failed" if failures else ""), file=out)
    for label, error in failures:
        print(f"\n{label}:\n{error}", file=sys.stderr)
    return 2 if failures else 0

"""Speed and memory figures against the targets (run by `make bench`).

Works on a copy of content/ and assets/ in a temporary folder (the cache folder lives there too), so
the repository stays as it was. Every figure runs as separate processes of `python -m brochure ...`,
at least five times; the table shows median, min and max wall time, the target and PASS/MISS, the
median CPU time (user + system, all processes of the run: a busy machine inflates wall time, much
less CPU time) and the peak memory (largest resident set of the run's processes, workers included).

It is a report: it exits 0 even when a figure misses its target. The last line sums it up.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEMORY_TARGET_MB = 300.0


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


@dataclass
class Figure:
    name: str
    target: float
    runs: list[Run] = field(default_factory=list)
    per: int = 1                 # divide times by this (PDFs per run for the all-missions figure)
    note: str = ""

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.code == 0]

    def times(self) -> list[float]:
        return [r.seconds / self.per for r in self.ok_runs]

    @property
    def failed(self) -> bool:
        return not self.ok_runs or any(r.code != 0 for r in self.runs)


def run(args: list[str], cwd: Path, env: dict) -> Run:
    """One `python -m brochure ...` process: wall time, CPU time and peak RSS of it and its children.

    os.wait4 returns the child's resource usage including the children it waited for (the worker
    processes of --all-missions), so ru_maxrss is the largest process of the whole run."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "brochure", *args], cwd=cwd, env=env,
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def swap_two_words(path: Path) -> str:
    """The one-word edit: swap two adjacent lower-case words in the first `intro` paragraph (or, failing
    that, the first long prose line). Doing it again swaps them back, so runs alternate two versions."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    candidates = [i + 1 for i, line in enumerate(lines[:-1]) if re.match(r"\s*intro:\s*>-?\s*$", line)]
    candidates += [i for i, line in enumerate(lines) if re.match(r"\s+[A-Z][a-z]+( [a-z]+){5,}", line)]
    for i in candidates:
        match = re.search(r"(?<![\w'-])([a-z]{2,}) ([a-z]{2,})(?![\w'-])", lines[i])
        if match:
            a, b = match.group(1), match.group(2)
            lines[i] = lines[i][:match.start()] + f"{b} {a}" + lines[i][match.end():]
            path.write_text("\n".join(lines), encoding="utf-8")
            return f"{a} {b}"
    raise SystemExit(f"bench: found no sentence to edit in {path}")


def pdf_count(stdout: str) -> int:
    match = re.search(r"^(\d+) PDFs in ", stdout, re.M)
    return int(match.group(1)) if match else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)

    root = Path(tempfile.mkdtemp(prefix="brochure-bench-"))
    try:
        return _bench(root, runs)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def _bench(root: Path, runs: int) -> int:
    load_before = os.getloadavg()[0]
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "assets", root / "assets")
    cache, out = root / "cache", root / "out"
    env = dict(os.environ)
    env["BROCHURE_CACHE"] = str(cache)
    env.setdefault("PYTHONPATH", str(REPO / "src"))
    # Bytecode is cached as on any machine that runs the tool: a shell with PYTHONDONTWRITEBYTECODE
    # would recompile the package's modules on every run (__pycache__ folders are git-ignored).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    build = ["build", "--content", "content", "--output", str(out)]

    figures: list[Figure] = []

    help_ = Figure("--help", 0.15)
    run(["--help"], root, env)                      # bytecode compiled, files in the page cache
    help_.runs = [run(["--help"], root, env) for _ in range(runs)]
    figures.append(help_)

    check = Figure("check (base content)", 0.3)
    run(["check"], root, env)
    check.runs = [run(["check"], root, env) for _ in range(runs)]
    figures.append(check)

    cold = Figure("cold build, both editions", 2.0, note="cache folder emptied before each run")
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.runs.append(run(build, root, env))
    figures.append(cold)

    warm = Figure("warm rebuild after 1-word edit", 0.5)
    run(build, root, env)                           # the cache is warm from the cold runs; settle it
    brochure_yaml = root / "content" / "brochure.yaml"
    for _ in range(runs):
        edited = swap_two_words(brochure_yaml)
        warm.runs.append(run(build, root, env))
    warm.note = f'swapped "{edited}" back and forth'
    figures.append(warm)

    batch = Figure("all missions, warm, per PDF", 0.3)
    first = run(build + ["--all-missions"], root, env)           # warms every mission's charts
    batch.per = max(1, pdf_count(first.stdout))
    batch.runs = [run(build + ["--all-missions"], root, env) for _ in range(runs)]
    counts = {pdf_count(r.stdout) for r in batch.runs}
    batch.note = f"{batch.per} PDFs per run" + ("" if counts == {batch.per} else f" (counts seen: {sorted(counts)})")
    figures.append(batch)

    _report(figures, runs, load_before)
    return 0


def _report(figures: list[Figure], runs: int, load: float) -> None:
    cores = os.cpu_count() or 1
    print(f"brochure bench: {runs} runs per figure, python {sys.version.split()[0]}, "
          f"{cores} cores, load average before the runs {load:.2f}")
    if load > cores / 2:
        print("note: the machine was busy; wall times include waiting for a CPU (the cpu column much less so)")
    print()
    head = f"{'figure':<32} {'median':>7} {'min':>7} {'max':>7} {'target':>7} {'result':<6} {'cpu':>6} {'peak MB':>8}"
    print(head)
    print("-" * len(head))
    misses, peak = [], 0.0
    for f in figures:
        mem = max((r.peak_mb for r in f.runs), default=0.0)
        peak = max(peak, mem)
        times = f.times()
        if f.failed:
            result = "FAIL"
            misses.append(f"{f.name} (a run failed)")
        elif statistics.median(times) <= f.target:
            result = "PASS"
        else:
            result = "MISS"
            misses.append(f"{f.name} ({statistics.median(times):.2f} s > {f.target:g} s)")
        if times:
            cpu = statistics.median(r.cpu / f.per for r in f.ok_runs)
            print(f"{f.name:<32} {statistics.median(times):>6.3f}s {min(times):>6.3f}s {max(times):>6.3f}s "
                  f"{f.target:>6.2f}s {result:<6} {cpu:>5.2f}s {mem:>8.0f}")
        else:
            print(f"{f.name:<32} {'-':>7} {'-':>7} {'-':>7} {f.target:>6.2f}s {result:<6} {'-':>6} {mem:>8.0f}")
    mem_result = "PASS" if peak <= MEMORY_TARGET_MB else "MISS"
    if mem_result == "MISS":
        misses.append(f"peak memory ({peak:.0f} MB > {MEMORY_TARGET_MB:.0f} MB)")
    print(f"{'peak memory, any build':<32} {'':>7} {'':>7} {'':>7} {MEMORY_TARGET_MB:>5.0f}MB {mem_result:<6} "
          f"{'':>6} {peak:>8.0f}")
    print()
    for f in figures:
        if f.note:
            print(f"  {f.name}: {f.note}")
        for r in f.runs:
            if r.code != 0:
                lines = (r.stderr.strip() or r.stdout.strip() or "(no output)").splitlines()
                print(f"  {f.name}: exit {r.code}: " + " | ".join(lines[-4:]))
                break
    print()
    if misses:
        print(f"bench: {len(misses)} of {len(figures) + 1} targets missed: " + "; ".join(misses))
    else:
        print(f"bench: all {len(figures) + 1} targets met")


if __name__ == "__main__":
    sys.exit(main())

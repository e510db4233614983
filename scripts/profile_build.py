"""Where a build's time goes (run by `make profile`): a stage timeline of real builds, then a profile.

1. Timeline: `python -m brochure build` with BROCHURE_TRACE=1, cold (empty cache folder) and warm (after
   a one-word edit), several runs each. Every stage line gives the median time since the process was
   launched and which process reached it ("main", or what a forked process ran: "one screen" for an
   edition, "_content_problems" for the content checks), then the CPU time of each process.
2. Profile: the same two builds in this process with cProfile, one edition after the other (cProfile
   cannot follow a fork), as CPU seconds per package and the costliest functions of our own code.

Like the benchmark it works on a copy of content/ and assets/ in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import swap_two_words  # noqa: E402


def traced_run(root: Path, env: dict) -> tuple[list[tuple[float, str, str]], dict[str, float]]:
    """One CLI build: its stages as (seconds since launch, process, stage), the exit as 'ended', and the
    CPU seconds each process used (by what it ran: main, one screen, _serve_text_passes...)."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "brochure", "build", "--content", "content", "--output", "out"],
                          cwd=root, env=env, capture_output=True, text=True)
    ended = time.perf_counter()
    if proc.returncode != 0:
        raise SystemExit(f"profile: the build failed:\n{proc.stderr}")
    lines = proc.stderr.splitlines()
    roles, cpu = {}, defaultdict(float)
    for line in lines:
        parts = line.split(" ")
        if parts[0] == "trace-cpu" and len(parts) >= 4:
            role = " ".join(parts[2:-1])
            roles[parts[1]] = role
            cpu[role] += float(parts[-1])
    stages = []
    for line in lines:
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] == "trace":
            stages.append((float(parts[1]) - started, roles.get(parts[2], parts[2]), parts[3]))
    stages.append((ended - started, "main", "ended (as the caller sees it)"))
    return stages, dict(cpu)


def timeline(title: str, runs: list[tuple[list[tuple[float, str, str]], dict[str, float]]]) -> None:
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for stages, used in runs:
        for seconds, process, label in stages:
            times[(process, label)].append(seconds)
        for role, seconds in used.items():
            cpu[role].append(seconds)
    print(f"{title} (median of {len(runs)} runs, seconds since launch)")
    rows = sorted(times.items(), key=lambda item: statistics.median(item[1]))
    for (process, label), values in rows:
        print(f"  {statistics.median(values):6.3f}  {process:<18}  {label}")
    print("  CPU seconds per process (median; a forked process counts from its fork):")
    for role, values in sorted(cpu.items(), key=lambda item: -statistics.median(item[1])):
        print(f"  {statistics.median(values):6.3f}  {role}")
    print(f"  {sum(statistics.median(v) for v in cpu.values()):6.3f}  in all")
    print()


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own CPU time (tottime) summed by where the code lives."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        if "site-packages/" in filename:
            group = filename.split("site-packages/", 1)[1].split("/", 1)[0].split(".")[0]
        elif "/src/brochure/" in filename:
            group = "brochure (this project)"
        elif filename.startswith("<frozen importlib") or func in ("<built-in method marshal.loads>",):
            group = "importing (finding and loading modules)"
        elif filename == "~":
            group = "C functions called from Python"
        else:
            group = "python standard library"
        totals[group] += tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])


PROFILED = """
import cProfile, sys
from pathlib import Path
profiler = cProfile.Profile()
profiler.enable()
from brochure.build import Project, build
build(Project.at(Path("content"), output=Path("out"), cache=Path(sys.argv[2])), parallel=False)
profiler.disable()
profiler.dump_stats(sys.argv[1])
"""


def profiled_build(root: Path, env: dict, label: str) -> None:
    """A whole build in a fresh process (imports included) under cProfile, summarised."""
    stats_file = root / "build.prof"
    env = {k: v for k, v in env.items() if k != "BROCHURE_TRACE"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", PROFILED, str(stats_file), str(root / "cache")], cwd=root, env=env,
                   check=True, capture_output=True)
    wall = time.perf_counter() - started
    stats = pstats.Stats(str(stats_file))
    print(f"{label}: {wall:.2f} s under cProfile, one process, editions one after the other")
    print("  own CPU time by package:")
    for group, seconds in by_package(stats)[:10]:
        print(f"    {seconds:6.3f} s  {group}")
    own = [(ct, f"{Path(fn).parent.name}/{Path(fn).name}:{ln} {func}")
           for (fn, ln, func), (_cc, _nc, _tt, ct, _c) in stats.stats.items() if "/src/brochure/" in fn]
    print("  costliest functions of this project (cumulative, imports included):")
    for ct, name in sorted(own, reverse=True)[:10]:
        print(f"    {ct:6.3f} s  {name}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timeline runs per build kind")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="brochure-profile-"))
    try:
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "assets", root / "assets")
        env = dict(os.environ, BROCHURE_CACHE=str(root / "cache"), BROCHURE_TRACE="1")
        env.setdefault("PYTHONPATH", str(REPO / "src"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        brochure_yaml = root / "content" / "brochure.yaml"

        cold = []
        for _ in range(max(1, args.runs)):
            shutil.rmtree(root / "cache", ignore_errors=True)
            cold.append(traced_run(root, env))
        timeline("cold build, both editions", cold)
        warm = []
        for _ in range(max(1, args.runs)):
            swap_two_words(brochure_yaml)
            warm.append(traced_run(root, env))
        timeline("warm rebuild after a one-word edit, both editions", warm)

        shutil.rmtree(root / "cache", ignore_errors=True)
        profiled_build(root, env, "cold build")
        swap_two_words(brochure_yaml)
        profiled_build(root, env, "warm rebuild")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

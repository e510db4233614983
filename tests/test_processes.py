"""Process management: one entry point for both commands, one way to fork work, children that die with
their parent, and no fork while another thread runs (watch)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from brochure import processes
from brochure.errors import BrochureError, ContentError, Problem
from conftest import copy_project

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(REPO / "src"))


def _python(code: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=ENV,
                          timeout=120, **kwargs)


# --------------------------------------------------------------------------- one entry point


def test_installed_command_and_python_m_share_one_entry_point():
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "brochure"]
    assert script.value == "brochure.cli:entry"
    main_module = (REPO / "src" / "brochure" / "__main__.py").read_text(encoding="utf-8")
    assert "entry()" in main_module


def test_both_commands_build_the_same_bytes_through_the_same_start_and_exit(tmp_path):
    """`brochure build` (the installed script) and `python -m brochure build` both pass through
    cli.entry (trace lines 'started' and 'exit') and write identical PDFs."""
    content = copy_project(tmp_path / "project")
    script = Path(sys.executable).parent / "brochure"
    assert script.is_file(), f"the console script is not installed at {script} (pip install -e .)"
    env = dict(ENV, BROCHURE_TRACE="1", SOURCE_DATE_EPOCH="1700000000", BROCHURE_CACHE=str(tmp_path / "cache"))
    pdfs = {}
    for label, command in (("script", [str(script)]), ("module", [sys.executable, "-m", "brochure"])):
        out = tmp_path / label
        proc = subprocess.run(command + ["build", "--content", str(content), "--output", str(out),
                                         "--edition", "screen"],
                              capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        stages = [line.split(" ", 3)[3] for line in proc.stderr.splitlines() if line.startswith("trace ")]
        assert stages[0] == "started" and stages[-1] == "exit", (label, stages)
        [pdf] = out.glob("*.pdf")
        pdfs[label] = pdf.read_bytes()
    assert pdfs["script"] == pdfs["module"]


# --------------------------------------------------------------------------- forked work


def test_a_forked_job_gets_what_this_process_holds_and_returns_its_result():
    lock = threading.Lock()          # not picklable: the job is not pickled, only its result
    data = {"words": ["plain", "data"]}

    def job(extra: str) -> list[str]:
        with lock:
            return data["words"] + [extra, str(os.getpid())]

    child = processes.start(job, "more")
    words = child.result()
    assert words[:3] == ["plain", "data", "more"]
    assert words[3] != str(os.getpid()), "the job ran in this process, not in a child"


def test_a_forked_jobs_error_is_raised_in_the_parent_as_it_was():
    problem = Problem("content/brochure.yaml", 3, 5, "meta.title", "is empty")

    def failing() -> None:
        raise ContentError([problem])

    with pytest.raises(ContentError) as raised:
        processes.start(failing).result()
    assert raised.value.problems == [problem]


def test_an_error_that_cannot_be_sent_arrives_as_text():
    class Odd(Exception):
        def __reduce__(self):
            raise TypeError("cannot pickle this")

    def failing() -> None:
        raise Odd("something odd")

    with pytest.raises(BrochureError, match="Odd: something odd"):
        processes.start(failing).result()


def test_a_child_that_dies_is_an_error_not_a_hang():
    def dies() -> None:
        os._exit(3)

    with pytest.raises(BrochureError, match="ended without a result"):
        processes.start(dies).result()


def test_for_each_gives_every_result_and_every_error():
    def job(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n * n

    outcomes = dict(processes.for_each(job, range(6), 2))
    assert sorted(outcomes) == list(range(6))
    assert [outcomes[n] for n in (0, 1, 2, 4, 5)] == [0, 1, 4, 16, 25]
    assert isinstance(outcomes[3], ValueError) and str(outcomes[3]) == "three"


def test_for_each_runs_at_most_jobs_workers_each_taking_the_next_item_in_order(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", processes.fork_available)     # a test runner's threads hold no lock
    if not processes.fork_available():
        pytest.skip("no fork here")

    def job(n: int) -> tuple[int, int]:
        time.sleep(0.5 if n == 0 else 0.01)
        return n, os.getpid()

    outcomes = dict(processes.for_each(job, range(6), 2))
    assert sorted(outcomes) == list(range(6))
    workers = {pid for _, pid in outcomes.values()}
    assert len(workers) == 2 and os.getpid() not in workers
    # the first item keeps its worker busy: the other one takes the next items as they come
    assert outcomes[1][1] == outcomes[2][1] != outcomes[0][1]


def test_a_worker_that_dies_fails_only_its_item_and_the_rest_still_run(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", processes.fork_available)     # a test runner's threads hold no lock
    if not processes.fork_available():
        pytest.skip("no fork here: the job would end this process")

    def job(n: int) -> int:
        if n == 1:
            os._exit(3)
        return n * n

    outcomes = dict(processes.for_each(job, range(5), 2))
    assert sorted(outcomes) == list(range(5))
    assert isinstance(outcomes[1], BrochureError) and "ended without a result" in str(outcomes[1])
    assert [outcomes[n] for n in (0, 2, 3, 4)] == [0, 4, 9, 16]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_children_die_with_their_parent_killed_with_sigkill(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, time
        from brochure import processes

        def job():
            open({str(pid_file)!r}, "w").write(str(os.getpid()))
            time.sleep(60)

        processes.start(job)
        time.sleep(60)
    """)], env=ENV)
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.01)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _running(child), "the child outlived its parent"


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (killed, waiting to be collected)."""
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --------------------------------------------------------------------------- no fork beside a thread


def test_no_fork_is_advised_while_another_thread_runs():
    proc = _python("""
        import threading
        from brochure import processes

        alone = processes.can_fork()
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        beside = processes.can_fork()
        stop.set()
        thread.join()
        print(alone, beside)
    """)
    assert proc.returncode == 0, proc.stderr
    expected = "True" if (os.cpu_count() or 1) > 1 else "False"
    assert proc.stdout.split() == [expected, "False"]


def test_watch_never_forks_while_a_thread_runs(tmp_path):
    """watch listens for changes with a thread of its file watcher: a build it starts forks only from a
    process with no other thread (Python 3.12 warns that a fork beside a thread may deadlock)."""
    content = copy_project(tmp_path / "project")
    proc = _python(f"""
        import io, os
        from pathlib import Path
        from brochure import processes, watch
        from brochure.build import Project

        threads_at_fork = []
        fork = os.fork

        def recording_fork():
            threads_at_fork.append(processes._threads())
            return fork()

        os.fork = recording_fork
        results = []
        project = Project.at(Path({str(content)!r}), output=Path({str(tmp_path / 'out')!r}),
                             cache=Path({str(tmp_path / 'cache')!r}))
        code = watch.run(project, None, max_builds=1, on_result=results.append, out=io.StringIO())
        print(code, results[0].ok, sorted(set(threads_at_fork)))
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    code, ok, threads = proc.stdout.split(" ", 2)
    assert (code, ok) == ("0", "True"), proc.stdout
    assert threads.strip() == "[1]", f"forked with {threads.strip()} threads running (or did not fork)"


def test_a_helper_that_dies_costs_only_time(tmp_path, monkeypatch):
    """The content checks run in the helper process of a parallel build; when that process dies
    without an answer they are run again here, and their problems are still what the build reports."""
    from brochure import build as pipeline
    from brochure.build import Project, build, load

    content = copy_project(tmp_path / "project")
    path = content / "brochure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nmeta:\n  title: ", "\nmeta:\n  title: \u2603 ", 1),
                    encoding="utf-8")
    here = os.getpid()
    real = pipeline._content_problems

    def dies_elsewhere(content, theme):
        if os.getpid() != here:
            (tmp_path / "helper-died").write_text("")
            os._exit(1)
        return real(content, theme)

    monkeypatch.setattr(pipeline, "_content_problems", dies_elsewhere)
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    with pytest.raises(ContentError) as raised:
        build(project, loaded=load(project), parallel=True)
    assert (tmp_path / "helper-died").exists(), "the checks did not run in a helper process"
    assert [p.path for p in raised.value.problems] == ["meta.title"]
    assert not list((tmp_path / "out").glob("*.pdf")), "a PDF was written although the content has a problem"


# --------------------------------------------------------------------------- content read beside the imports


def test_content_read_in_a_child_is_the_content_read_here(tmp_path):
    """A build reads and validates its content in a child process while it imports its layout
    (build.load with `meanwhile`): what arrives is what load() here gives, for the base brochure and
    every mission (Japanese included), and this process builds no validator of its own for it."""
    content = copy_project(tmp_path / "project")
    proc = _python(f"""
        from pathlib import Path
        from brochure.brand import BrandFile
        from brochure.build import Project, load
        from brochure.content.missions import mission_names
        from brochure.content.models import Brochure

        project = Project.at(Path({str(content)!r}), cache=False)
        missions = [None] + mission_names(project.content)
        ran = []
        beside = [load(project, m, meanwhile=lambda: ran.append(1)) for m in missions]
        print(len(ran) == len(missions), Brochure.__pydantic_complete__ or BrandFile.__pydantic_complete__)
        for mission, there in zip(missions, beside):
            here = load(project, mission)
            same = (there[0] == here[0] and there[0].data == here[0].data and there[1] == here[1]
                    and there[0].brochure.sections == here[0].brochure.sections and not there.checked)
            print(mission, same)
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, *missions = proc.stdout.splitlines()
    assert first == "True False", "meanwhile() did not run, or this process built a validator"
    assert "japan-partnering True" in missions and len(missions) >= 2, proc.stdout
    assert all(line.endswith(" True") for line in missions), proc.stdout


def test_content_problems_found_in_the_child_are_raised_here(tmp_path):
    content = copy_project(tmp_path / "project")
    path = content / "brochure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nmeta:\n  title:", "\nmeta:\n  titel:", 1),
                    encoding="utf-8")
    proc = _python(f"""
        from pathlib import Path
        from brochure.build import Project, load
        from brochure.errors import ContentError

        project = Project.at(Path({str(content)!r}), cache=False)
        for meanwhile in (lambda: None, None):
            try:
                load(project, meanwhile=meanwhile)
            except ContentError as exc:
                print(repr([(p.file, p.line, p.path) for p in exc.problems]))
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    beside, here = proc.stdout.splitlines()
    assert beside == here and "meta.titel" in here


def test_a_content_reader_that_dies_costs_only_time(tmp_path):
    content = copy_project(tmp_path / "project")
    proc = _python(f"""
        import os
        from pathlib import Path
        from brochure import build as pipeline
        from brochure.build import Project, load

        here = os.getpid()
        real = pipeline._load

        def dies_elsewhere(project, mission):
            if os.getpid() != here:
                os._exit(1)
            return real(project, mission)

        pipeline._load = dies_elsewhere
        loaded = load(Project.at(Path({str(content)!r}), cache=False), meanwhile=lambda: None)
        print(loaded[0].brochure.meta.slug)
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "flanders-life-sciences"

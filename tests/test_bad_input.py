"""Bad input, one case per file in tests/bad_inputs/: every problem is reported as
`file:line:column: field.path: what is wrong`, with the right exit code, no traceback, and a build
that fails leaves the previous PDFs exactly as they were (no partial or temporary files).

Each case runs the command line (`brochure.cli.main`, what `brochure check` and `brochure build`
run, with their arguments, working folder, environment and output streams) against a temporary copy
of content/ and assets/ (side by side: the brand file is content/../assets/brand.yml), in this
process: the corpus costs a second or two instead of two interpreter start-ups per case. That this
is what the installed command says, word for word and with the same exit code, is proved by running
a sample of the cases in a subprocess too. The output folder of every case starts as a copy of one
successful build of the real content; after `check` and `build` have run on the broken input, that
folder must hold the same files, byte for byte. The file format of a case is described in
tests/bad_inputs/README.md.

The in-process tests at the end cover what a subprocess cannot arrange: a build that fails late
(after layout, while finishing or preflighting the PDF), an interrupted build, and a build that
must not touch the network.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from brochure.errors import BrochureError

from conftest import ASSETS, CONTENT, REPO, run_main

CASES = REPO / "tests" / "bad_inputs"
CLI = [sys.executable, "-m", "brochure"]
TIMEOUT = 60


# ----- the case format ---------------------------------------------------------------------------


@dataclass
class Block:
    path: str
    mode: str
    arg: str
    body: str


@dataclass
class Case:
    name: str
    title: str
    exit: int = 2
    expect: list[tuple[str, str, str, str]] = field(default_factory=list)   # file, line, field, text
    mission: str | None = None
    absent: list[str] = field(default_factory=list)
    skip_if_root: bool = False
    blocks: list[Block] = field(default_factory=list)


def parse_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    header, _, rest = text.partition("\n=== ")
    case = Case(path.stem, "")
    for line in header.splitlines():
        if line.startswith("#"):
            case.title = case.title or line.lstrip("# ").strip()
            continue
        if not line.strip():
            continue
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "exit":
            case.exit = int(value)
        elif key == "expect":
            where, fld, says = (part.strip() for part in value.split(" | ", 2))
            file, _, line_no = where.partition(":")
            case.expect.append((file, line_no, fld, says))
        elif key == "mission":
            case.mission = value
        elif key == "absent":
            case.absent.append(value)
        elif key == "skip_if_root":
            case.skip_if_root = value.lower() in ("yes", "true", "1")
        else:
            raise ValueError(f"{path.name}: unknown directive {key!r}")
    if rest:
        for chunk in ("=== " + rest).split("\n=== "):
            head, _, body = chunk.removeprefix("=== ").partition("\n")
            target, _, spec = head.strip().partition(" ")
            mode, _, arg = spec.strip().partition(" ")
            case.blocks.append(Block(target, mode or "write", arg.strip(), body))
    assert case.expect or case.exit == 0, f"{path.name}: no expect: line"
    return case


def apply_blocks(case: Case, root: Path) -> None:
    for block in case.blocks:
        target = root / block.path
        target.parent.mkdir(parents=True, exist_ok=True)
        body = block.body if block.body.endswith("\n") or not block.body else block.body + "\n"
        if block.mode == "write":
            target.write_text(body, encoding="utf-8")
        elif block.mode == "append":
            with target.open("a", encoding="utf-8") as handle:
                handle.write(body)
        elif block.mode == "repeat":
            with target.open("a", encoding="utf-8") as handle:
                handle.write(body.rstrip("\n") * int(block.arg))
        elif block.mode == "base64":
            target.write_bytes(base64.b64decode("".join(body.split())))
        elif block.mode == "replace":
            old, _, new = body.partition("---->\n")
            old, new = old.rstrip("\n"), new.rstrip("\n")
            current = target.read_text(encoding="utf-8")
            assert old in current, f"{case.name}: {block.path} does not contain {old!r}"
            target.write_text(current.replace(old, new, 1), encoding="utf-8")
        elif block.mode == "symlink":
            if target.exists() or target.is_symlink():
                target.unlink()
            target.symlink_to(block.arg)
        elif block.mode == "fifo":
            os.mkfifo(target)
        elif block.mode == "mkdir":
            target.mkdir(parents=True, exist_ok=True)
        elif block.mode == "delete":
            target.unlink()
        elif block.mode == "chmod":
            target.chmod(int(block.arg, 8))
        else:
            raise ValueError(f"{case.name}: unknown block mode {block.mode!r}")


def expected_line(case: Case, root: Path, file: str, line: str) -> str:
    """`12` as is; `@text` is the number of the first line of `file` containing `text`."""
    if not line.startswith("@"):
        return line
    needle = line[1:].replace("\\t", "\t")
    for number, text in enumerate((root / file).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if needle in text:
            return str(number)
    raise AssertionError(f"{case.name}: {needle!r} is not in {file}")


def problem_pattern(file: str, line: str, fld: str, says: str) -> re.Pattern:
    where = re.escape(file) + (f":{line}(?::\\d+)?" if line else "")
    path = "" if fld == "-" else re.escape(fld) + ": "
    return re.compile(rf"^\s*{where}: {path}.*{re.escape(says)}", re.MULTILINE)


# ----- running the cases -------------------------------------------------------------------------


def copy_tree(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CONTENT, dest / "content", symlinks=True)
    shutil.copytree(ASSETS, dest / "assets", symlinks=True)


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The command in a new process, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), BROCHURE_CACHE=str(root / "cache"))
    return subprocess.run(CLI + list(args), cwd=root, capture_output=True, text=True, timeout=TIMEOUT, env=env)


def run_here(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The command's main() in this process, in `root`, as `run` runs it in a process of its own."""
    return run_main(root, *args)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too), relative name -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Result:
    case: Case
    root: Path
    check: subprocess.CompletedProcess
    build: subprocess.CompletedProcess
    output: dict[str, bytes]


@pytest.fixture(scope="session")
def baseline(base_build, tmp_path_factory):
    """One successful build of the real content (the base brochure's PDFs, built once for the test
    run, copied to a folder of their own): the 'previous output' every case must leave intact."""
    out = tmp_path_factory.mktemp("baseline") / "out"
    out.mkdir()
    for edition in ("print", "screen"):
        shutil.copy2(base_build.pdf(edition), out)
    return out, snapshot(out)


def all_cases() -> list[Case]:
    return [parse_case(p) for p in sorted(CASES.glob("*.case"))]


def run_case(case: Case, root: Path, out: Path, runner=run_here) -> Result:
    """The case's files in a fresh copy at `root`, then `check` and `build` (into a copy of `out`)."""
    copy_tree(root)
    shutil.copytree(out, root / "out")
    apply_blocks(case, root)
    mission = ["--mission", case.mission] if case.mission else []
    check = runner(root, "check", "--content", "content", *mission)
    build = runner(root, "build", "--content", "content", "--output", "out", *mission)
    return Result(case, root, check, build, snapshot(root / "out"))


@pytest.fixture(scope="session")
def results(baseline, tmp_path_factory) -> dict[str, Result]:
    """Run every case (check, then build into a copy of the baseline output), one after the other."""
    out, _ = baseline
    base = tmp_path_factory.mktemp("cases")
    return {case.name: run_case(case, base / case.name, out) for case in all_cases()}


def test_corpus_has_at_least_25_cases():
    cases = all_cases()
    assert len(cases) >= 25, len(cases)
    assert len({c.name for c in cases}) == len(cases)


@pytest.mark.parametrize("name", [c.name for c in all_cases()])
def test_bad_input(name, results, baseline):
    result = results[name]
    case = result.case
    if case.skip_if_root and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can read any file")
    _, before = baseline
    for label, proc in (("check", result.check), ("build", result.build)):
        said = proc.stdout + proc.stderr
        assert "Traceback" not in said, f"{label} printed a traceback:\n{said}"
        assert proc.returncode == case.exit, f"{label}: exit {proc.returncode}, expected {case.exit}:\n{said}"
        for file, line, fld, says in case.expect:
            line = expected_line(case, result.root, file, line)
            pattern = problem_pattern(file, line, fld, says)
            assert pattern.search(proc.stderr), (
                f"{label}: no line like `{file}:{line}: {fld}: ...{says}...` in:\n{proc.stderr}")
        for text in case.absent:
            assert text not in said, f"{label} printed {text!r}"
    # nothing lost, nothing half-written: the previous PDFs are there, byte for byte, and nothing else
    assert sorted(result.output) == sorted(before), "output folder changed: " + ", ".join(
        sorted(set(result.output) ^ set(before)))
    for name_, data in before.items():
        assert result.output[name_] == data, f"{name_} was modified by a failed build"
    for text in case.absent:
        assert all(text.encode() not in data for data in result.output.values())


# Sample cases run again as a user runs them, in a process of their own: a parse error, a mission
# error, a brand file's font, bytes that are not UTF-8, and a glyph problem found while laying out.
IN_A_PROCESS = ("01-yaml-tab-indentation", "26-not-utf8", "27-mission-unknown-section", "46-brand-font-missing",
                "23-missing-glyph")


@pytest.mark.parametrize("name", IN_A_PROCESS)
def test_the_command_in_a_process_of_its_own_says_the_same(name, results, baseline, tmp_path):
    """`python -m brochure` gives the exit code, messages and output folder main() gave in-process."""
    here = results[name]
    alone = run_case(here.case, tmp_path / name, baseline[0], runner=run)
    for label in ("check", "build"):
        mine, theirs = getattr(here, label), getattr(alone, label)
        assert theirs.returncode == mine.returncode, (label, theirs.stderr)
        assert theirs.stderr.replace(str(alone.root), "ROOT") == mine.stderr.replace(str(here.root), "ROOT"), label
        assert theirs.stdout.replace(str(alone.root), "ROOT") == mine.stdout.replace(str(here.root), "ROOT"), label
    assert alone.output == here.output


def test_check_of_good_content_says_ok(tmp_path):
    """The real content passes `check` (the corpus's cases are that content with one thing wrong)."""
    copy_tree(tmp_path)
    proc = run_here(tmp_path, "check", "--content", "content")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: base"), proc.stdout


def test_every_problem_in_one_run(results):
    """Problems in different files and fields are all listed by one run, each on its own line."""
    result = results["50-several-problems-at-once"]
    lines = [line for line in result.check.stderr.splitlines() if re.match(r"\s+content/", line)]
    assert len(lines) >= 4, result.check.stderr
    assert "4 problems" in result.check.stderr or "5 problems" in result.check.stderr


def test_debug_shows_the_traceback_only_when_asked(tmp_path):
    copy_tree(tmp_path)
    (tmp_path / "content" / "brochure.yaml").write_text("meta: [\n", encoding="utf-8")
    quiet = run_here(tmp_path, "check", "--content", "content")
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    loud = run_here(tmp_path, "--debug", "check", "--content", "content")
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr


# ----- in process: late failures, interruptions, no network ---------------------------------------


def _changed_content(tmp_path: Path) -> Path:
    """A copy of the content whose PDFs differ from the baseline (so a stray write would show)."""
    copy_tree(tmp_path)
    path = tmp_path / "content" / "brochure.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nmeta:\n  title: " in text
    path.write_text(text.replace("\nmeta:\n  title: ", "\nmeta:\n  title: Changed - ", 1), encoding="utf-8")
    return tmp_path / "content"


def _late_failure(monkeypatch, edition: str, exc: BaseException):
    """Make one edition fail after layout, once the PDF is (partly) written to its temporary file."""
    from brochure import editions

    original = editions.get(edition)

    def finish(path, *args):
        Path(path).write_bytes(b"%PDF-1.4 half written")
        raise exc

    monkeypatch.setitem(editions._REGISTRY, edition, dataclasses.replace(original, finish=finish))


@pytest.mark.parametrize("edition", ["print", "screen"])
@pytest.mark.parametrize("exc", [RuntimeError("disk full"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_late_failure_keeps_the_previous_pdf(baseline, tmp_path, monkeypatch, exc, edition):
    """The edition fails after layout, with its PDF half written: the old PDF stays, no temp file."""
    from brochure.build import Project, build

    out, before = baseline
    content = _changed_content(tmp_path)
    shutil.copytree(out, tmp_path / "out")
    _late_failure(monkeypatch, edition, exc)
    with pytest.raises((type(exc), BrochureError)):
        build(Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache"), editions=[edition])
    assert snapshot(tmp_path / "out") == before


def test_late_preflight_failure_keeps_previous_pdfs(baseline, tmp_path, monkeypatch):
    import brochure.preflight
    from brochure.build import Project, build

    out, before = baseline
    content = _changed_content(tmp_path)
    shutil.copytree(out, tmp_path / "out")

    def preflight(*args, **kwargs):
        raise RuntimeError("preflight crashed")

    monkeypatch.setattr(brochure.preflight, "preflight", preflight)
    with pytest.raises(RuntimeError):
        build(Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache"), editions=["print"])
    assert snapshot(tmp_path / "out") == before


@pytest.mark.parametrize("parallel, failing", [(False, "screen"), (True, "print")], ids=["one-by-one", "forked"])
def test_failure_of_one_edition_leaves_every_previous_pdf(baseline, tmp_path, monkeypatch, parallel, failing):
    from brochure.build import Project, build

    out, before = baseline
    content = _changed_content(tmp_path)
    shutil.copytree(out, tmp_path / "out")
    _late_failure(monkeypatch, failing, RuntimeError("disk full"))
    with pytest.raises((RuntimeError, BrochureError)):
        build(Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache"), editions=["print", "screen"],
              parallel=parallel)
    assert snapshot(tmp_path / "out") == before


@pytest.mark.parametrize("parallel", [False, True], ids=["one-by-one", "forked"])
def test_content_checks_run_by_build_win_over_edition_errors(baseline, tmp_path, monkeypatch, parallel):
    """build() checks content that only went through load(): in parallel, beside the layout. When the
    print edition fails too (as an over-full box would break it), the content problem is reported."""
    from brochure.build import Project, build, load
    from brochure.errors import ContentError

    out, before = baseline
    content = _changed_content(tmp_path)
    shutil.copytree(out, tmp_path / "out")
    path = content / "brochure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nmeta:\n  title: ", "\nmeta:\n  title: \u2603 ", 1),
                    encoding="utf-8")
    _late_failure(monkeypatch, "print", RuntimeError("layout broke"))
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    loaded = load(project)
    assert not loaded.checked
    with pytest.raises(ContentError) as raised:
        build(project, loaded=loaded, parallel=parallel)
    messages = [f"{p.path}: {p.message}" for p in raised.value.problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith("meta.title: the brand font has no glyph for '\u2603'"), messages
    assert snapshot(tmp_path / "out") == before
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]


def test_hostile_text_prints_literally_and_nothing_is_fetched(tmp_path, monkeypatch):
    """Markup and javascript: links in content print as typed, make no link, and nothing goes online."""
    import socket

    import pypdfium2
    from pypdf import PdfReader

    from brochure.build import Project, build

    def no_network(*args, **kwargs):
        raise AssertionError("the tool tried to reach the network")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)

    import yaml

    copy_tree(tmp_path)
    path = tmp_path / "content" / "brochure.yaml"
    hostile = '<a href="javascript:alert(1)">click</a> <b>not bold</b> & <font color="red">x</font>'
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = next(s for s in data["sections"] if s["kind"] not in ("cover", "contact"))
    section["intro"] = hostile
    source = next(iter(data["sources"].values()))
    source["url"] = "https://www.pharma.be/report"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    written = build(Project.at(tmp_path / "content", output=tmp_path / "out", cache=tmp_path / "cache"),
                    editions=["screen"])
    pdf = Path(written[0].path)
    data = pdf.read_bytes()
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/JS(" not in data and b"/Launch" not in data
    uris = []
    for page in PdfReader(str(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert all(u.startswith(("https://", "http://", "mailto:", "#")) for u in uris), uris
    assert not any("javascript" in u.lower() for u in uris), uris
    document = pypdfium2.PdfDocument(str(pdf))
    page_text = "".join(page.get_textpage().get_text_range() for page in document)
    from conftest import plain

    flat = re.sub(r"\s+", " ", plain(page_text))      # typographic quotes folded back to typed ones
    assert '<a href="javascript:alert(1)">click</a>' in flat
    assert "<b>not bold</b> & <font" in flat


def test_identical_input_gives_identical_bytes(tmp_path):
    """The same input gives the same bytes: from a cold cache, and again with the cache warm."""
    from brochure.build import Project, build

    copy_tree(tmp_path)
    pdfs = []
    for out, cache in (("one", "cache-a"), ("two", "cache-a"), ("three", "cache-b")):
        written = build(Project.at(tmp_path / "content", output=tmp_path / out, cache=tmp_path / cache),
                        editions=["screen"])
        pdfs.append(Path(written[0].path).read_bytes())
    assert pdfs[0] == pdfs[1], "a warm cache changed the output"
    assert pdfs[0] == pdfs[2]

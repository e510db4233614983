"""What the tool reads and writes is not trusted: text, assets, the environment, the file system.

The bad-input corpus (tests/bad_inputs/) covers what a case file can set up. These tests cover the
rest: runs that succeed (allowed characters, a non-ASCII output folder), --strict, environment
variables, a bold face with fewer glyphs than the regular one, and fault injection while writing
(a full disk, a build killed with SIGKILL, a target that is a folder, symbolic links leading out).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_main

CLI = [sys.executable, "-m", "brochure"]


def run(root: Path, *args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """The command in a process of its own: for what only a process has (its terminal's encoding, its
    limits, being killed). Everything else runs main() in this process (conftest.run_main)."""
    full = dict(os.environ, PYTHONPATH=str(REPO / "src"), BROCHURE_CACHE=str(root / "cache"), **(env or {}))
    return subprocess.run(CLI + list(args), cwd=root, capture_output=True, text=True, timeout=timeout, env=full,
                          **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory, base_build):
    """A project copy with the base brochure's PDFs in root/out (the previous output every test
    keeps) and its cache in root/cache."""
    root = tmp_path_factory.mktemp("built")
    copy_project(root)
    (root / "out").mkdir()
    for edition in ("print", "screen"):
        shutil.copy2(base_build.pdf(edition), root / "out")
    shutil.copytree(base_build.cache, root / "cache")
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A private copy of `built` (content, assets, output of the earlier build, warm cache)."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def _edit(root: Path, old: str, new: str, file: str = "content/brochure.yaml") -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ----- characters -------------------------------------------------------------------------------


def test_joiners_and_soft_hyphens_stay_allowed(project):
    """Zero-width (non-)joiners and the soft hyphen are real text (scripts, hyphenation points)."""
    from brochure.content import load

    _edit(project, "  title: Flanders, Europe's life sciences front-runner",
          '  title: "Flanders, Europe\'s life sci\\u00ADences front\\u200D-runner\\u200C"')
    content = load(project / "content")
    assert "\u00ad" in content.t(content.brochure.meta.title) and "\u200d" in content.t(content.brochure.meta.title)
    proc = run_main(project, "check", "--content", "content")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200f", "\u0000", "\u0007", "\u007f", "\u0085", "\u009b",
                                  "\u2028", "\u2029"])
def test_every_bidi_and_control_character_is_refused_where_written(tmp_path, char):
    from brochure.content.yamlfile import load_yaml
    from brochure.errors import ContentError

    path = tmp_path / "x.yaml"
    path.write_text(f'a:\n  b: ok\n  c: "x{char.encode("unicode_escape").decode()}y"\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_yaml(path, tmp_path)
    [problem] = raised.value.problems
    assert (problem.line, problem.path) == (3, "a.c"), problem
    assert f"U+{ord(char):04X}" in problem.message


# ----- assets and --strict ---------------------------------------------------------------------


def test_source_dated_in_the_future_fails_check_and_build(project):
    """A source year after this one is a typo the brochure would print ("2099"): an error where it is
    written, with or without --strict, and the build writes nothing."""
    _edit(project, "  eurostat-2016:\n    publisher: Eurostat\n    year: 2016",
          "  eurostat-2016:\n    publisher: Eurostat\n    year: 2099")
    line = next(n for n, text in enumerate((project / "content/brochure.yaml").read_text().splitlines(), 1)
                if "year: 2099" in text)
    for args in (["check"], ["check", "--strict"], ["build", "--output", "out-future"]):
        proc = run_main(project, *args, "--content", "content")
        assert proc.returncode == 2, (args, proc.stderr)
        assert re.search(rf"content/brochure.yaml:{line}:\d+: sources.eurostat-2016.year: 2099 is in the future",
                         proc.stderr), proc.stderr
    assert not list((project / "out-future").glob("*.pdf")) if (project / "out-future").exists() else True


@pytest.mark.parametrize("face,file", [("bold", "NotoSans-Bold.ttf"), ("semibold", "NotoSans-SemiBold.ttf")])
def test_bold_face_without_a_glyph_the_text_uses_is_refused(project, face, file):
    """The regular face has '·' but a heavier one (made here without it) does not: `check` and `build`
    refuse the text, naming the face, instead of printing an empty box in a heading."""
    from fontTools.ttLib import TTFont

    bold = project / "assets/fonts" / file
    font = TTFont(bold)
    for table in font["cmap"].tables:
        table.cmap.pop(0xB7, None)
    # A face name of its own: reportlab keeps the first font it registers under a face name for the
    # life of the process, and this process has built with the whole bold face already.
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = f"NotoSans-{face}WithoutMiddleDot"
    font.save(bold)
    assert 0xB7 not in TTFont(bold).getBestCmap()
    line = next(n for n, text in enumerate((project / "content/brochure.yaml").read_text().splitlines(), 1)
                if "kicker: Quick facts · Life sciences" in text)
    before = snapshot(project / "out")
    for command in ("check", "build"):
        args = ["--output", "out"] if command == "build" else []
        proc = run_main(project, command, "--content", "content", *args)
        assert proc.returncode == 2, proc.stderr
        assert re.search(rf"content/brochure.yaml:{line}:\d+: sections\[0\].kicker: the brand font's {face} face "
                         rf"\({re.escape(file)}\) has no glyph for '·' \(U\+00B7\)", proc.stderr), proc.stderr
    assert snapshot(project / "out") == before


# ----- the environment ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "99999999999999", "-1", "1.5e9"])
def test_bad_source_date_epoch_names_the_variable(project, value):
    before = snapshot(project / "out")
    for command in ("check", "build"):
        proc = run_main(project, command, "--content", "content",
                        *(["--output", "out"] if command == "build" else []), env={"SOURCE_DATE_EPOCH": value})
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "environment: SOURCE_DATE_EPOCH: " in proc.stderr and "year 9999" in proc.stderr, proc.stderr
    assert snapshot(project / "out") == before


def test_non_ascii_output_folder_with_a_latin1_terminal(project):
    proc = run(project, "build", "--content", "content", "--output", "ausgabe-\u20ac",
               env={"PYTHONIOENCODING": "latin-1"})
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (project / "ausgabe-\u20ac").iterdir()) == [
        "flanders-life-sciences-en-print.pdf", "flanders-life-sciences-en-screen.pdf"]
    assert "ausgabe-\\u20ac" in proc.stdout


# ----- writing: full disk, killed builds, targets, links ----------------------------------------


def _limit_file_size(limit: int):
    def preexec():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)    # a write past the limit fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_write_failure_is_one_clean_error_and_keeps_the_old_pdfs(project):
    """The kernel refuses every write past 60 KB (as a full disk would, with EFBIG): the build reports
    the file it was writing, leaves no partial or temporary file and keeps the old PDFs."""
    _edit(project, "  title: Flanders, Europe's life sciences front-runner", "  title: Flanders, changed")
    before = snapshot(project / "out")
    proc = run(project, "build", "--content", "content", "--output", "out", "--no-cache",
               preexec_fn=_limit_file_size(60_000))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "terminate" not in proc.stderr
    assert re.search(r"error: file too large while writing \S*out/flanders-life-sciences-en-(print|screen)\.pdf",
                     proc.stderr), proc.stderr
    assert snapshot(project / "out") == before


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_no_space_left_on_device_while_finishing(project, monkeypatch, edition):
    """The disk fills up while the finished PDF is written (half of it is on disk): one error line
    saying so, no partial file, the old PDFs intact."""
    import builtins

    from brochure.build import Project, build
    from brochure.errors import BrochureError
    from brochure.pdf import metadata

    _edit(project, "  title: Flanders, Europe's life sciences front-runner", "  title: Flanders, changed")
    before = snapshot(project / "out")

    class Full:
        def __init__(self, path, mode):
            self.handle = builtins.open(path, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(bytes(data[: len(data) // 2]))
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(metadata, "open", Full, raising=False)
    project_ = Project.at(project / "content", output=project / "out", cache=project / "cache")
    with pytest.raises(BrochureError) as raised:
        build(project_, editions=[edition], parallel=False)
    assert str(raised.value) == (f"no space left on device while writing "
                                 f"{project / 'out' / f'flanders-life-sciences-en-{edition}.pdf'}")
    assert snapshot(project / "out") == before


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_kill_9_stops_the_helpers_and_the_next_build_removes_the_litter(project):
    """A build killed with SIGKILL while it writes: its forked helpers die with it (they would go on
    writing), and the next build removes the temporary files the killed one left."""
    out = project / "killed-out"
    shutil.copytree(project / "out", out)
    before = snapshot(out)
    # A temporary file as a killed build leaves it: named after a process that no longer runs.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (out / f".flanders-life-sciences-en-print.pdf.{gone.pid}.x1y2z3.tmp").write_bytes(b"%PDF-1.4 partial")
    (project / "cache").mkdir(exist_ok=True)
    (project / "cache" / f".layout-hints.json.{gone.pid}.a1b2c3.tmp").write_bytes(b"{")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), BROCHURE_CACHE=str(project / "cache-cold"))
    proc = subprocess.Popen(CLI + ["build", "--content", "content", "--output", str(out)], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    helpers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        helpers = [p for p in _processes_mentioning(str(out)) if p != proc.pid]
        if len(helpers) >= 2:       # the text-pass worker, and an edition being laid out
            break
        time.sleep(0.01)
    assert len(helpers) >= 2, "the build forked no edition process to watch"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The helpers have a layout (or a text pass) ahead of them: had they not been killed with their
    # parent, they would still be running a quarter of a second later.
    deadline = time.monotonic() + 0.25
    while _processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _processes_mentioning(str(out)) == [], "helpers of the killed build are still running"
    again = run_main(project, "build", "--content", "content", "--output", str(out))
    assert again.returncode == 0, again.stderr
    assert sorted(snapshot(out)) == sorted(before), "temporary files were left in the output folder"
    assert not [p.name for p in (project / "cache").iterdir() if p.name.endswith(".tmp")]


def test_make_clean_removes_temporary_files_of_killed_builds(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / ".flanders-life-sciences-en-print.pdf.12345.abcdef.tmp").write_bytes(b"x")
    (tmp_path / "output" / ".pikepdf.flanders-life-sciences-en-print.pdf.x1y2z3").write_bytes(b"x")   # older builds
    (tmp_path / "output" / "flanders-life-sciences-en-print.pdf").write_bytes(b"x")
    (tmp_path / "output" / ".gitkeep").write_bytes(b"")
    proc = subprocess.run(["make", "-f", str(REPO / "Makefile"), "clean"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [".gitkeep"]


@pytest.mark.parametrize("parallel", [False, True], ids=["one-by-one", "forked"])
def test_target_that_is_a_folder_fails_before_any_pdf_is_replaced(project, parallel):
    from brochure.build import Project, build
    from brochure.errors import ContentError

    _edit(project, "  title: Flanders, Europe's life sciences front-runner", "  title: Flanders, changed")
    screen = project / "out" / "flanders-life-sciences-en-screen.pdf"
    screen.unlink()
    screen.mkdir()
    before = snapshot(project / "out")
    with pytest.raises(ContentError) as raised:
        build(Project.at(project / "content", output=project / "out", cache=project / "cache"), parallel=parallel)
    assert "flanders-life-sciences-en-screen.pdf: is a folder where the PDF goes" in str(raised.value)
    assert snapshot(project / "out") == before, "the print edition was replaced although the screen one failed"
    assert screen.is_dir()


@pytest.mark.parametrize("output", ["a-file", "a-file/below"])
def test_an_output_folder_that_is_a_file_is_a_mistake_named_with_exit_2(project, output):
    (project / "a-file").write_text("notes\n")
    proc = run_main(project, "build", "--content", "content", "--output", output)
    assert proc.returncode == 2, proc.stderr
    assert "a-file: is not a folder, so the PDFs cannot be written into it" in proc.stderr, proc.stderr
    assert (project / "a-file").read_text() == "notes\n"


def test_default_output_folder_linked_outside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "output").symlink_to(outside)
    proc = run_main(project, "build", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert "output: leads outside the project through a symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []


def test_new_mission_never_writes_through_a_link(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    missions = project / "content" / "missions"
    (missions / "dangling.yaml").symlink_to(outside / "written.yaml")
    proc = run_main(project, "new-mission", "dangling", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert "content/missions/dangling.yaml: is a symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []
    # the whole missions folder leads outside
    shutil.rmtree(missions)
    missions.symlink_to(outside)
    proc = run_main(project, "new-mission", "boston-2030", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert "leads outside the project through a symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []
    # a name too long for a file name is refused before the file system is asked
    proc = run_main(project, "new-mission", "a" * 300, "--content", "content")
    assert proc.returncode == 2 and "at most 60" in proc.stderr, proc.stderr


@pytest.mark.parametrize("encoding, named", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                             ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32")])
def test_encoding_is_recognised_before_parsing(tmp_path, encoding, named):
    """With or without a byte-order mark: one problem naming the encoding, nothing else."""
    from brochure.content.yamlfile import load_yaml
    from brochure.errors import ContentError

    path = tmp_path / "x.yaml"
    path.write_bytes("meta:\n  title: Test\n  author: Someone\n".encode(encoding))
    with pytest.raises(ContentError) as raised:
        load_yaml(path, tmp_path)
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert f"saved as {named}, not UTF-8" in problem.message


def test_interface_strings_written_before_a_string_was_needed_are_named_not_a_crash(project):
    """A project's English strings from before a string was added: the build names the file and the
    string (exit 2), and a string that is only decoration (the North Sea's name) is left off."""
    strings = project / "content" / "locales" / "en.yaml"
    text = strings.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("north_sea:")]
    strings.write_text("".join(lines), encoding="utf-8")
    proc = run_main(project, "build", "--content", "content", "--output", "out2")
    assert proc.returncode == 0, proc.stderr            # the sea's name is optional
    strings.write_text("".join(line for line in lines if not line.startswith("contents:")), encoding="utf-8")
    proc = run_main(project, "build", "--content", "content", "--output", "out3")
    assert proc.returncode == 2, proc.stderr
    assert 'content/locales/en.yaml: contents: the interface string "contents" is missing' in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (project / "out3").exists()



@pytest.mark.parametrize("args, said", [
    (["schema", "--output", "a-file"], "a-file: --output: is a file, not a folder"),
    (["schema", "--output", "s" * 300], "--output: file name too long"),
    (["preview", "--content", "content", "--output", "a-file"], "a-file: is not a folder"),
    (["build", "--content", "content", "--output", "o" * 300], "--output: file name too long"),
    (["build", "--content", "content", "--all-missions", "--mission", "boston-bio"],
     "--mission and --all-missions: give one or the other"),
    (["build", "--content", "content", "--all-missions", "--jobs", "-1"], "argument --jobs: -1 is less than 1"),
    (["check", "--content", "content", "--max-age", "-1"], "argument --max-age: -1 is less than 0"),
    (["build", "--content", "content", "--mission", ""], "argument --mission: an empty name"),
    (["check", "--content", "content", "--brand", "/etc/passwd"], "--brand: is outside the project"),
], ids=["schema-into-a-file", "schema-name-too-long", "preview-into-a-file", "build-name-too-long",
        "mission-and-all-missions", "negative-jobs", "negative-max-age", "empty-mission", "brand-outside"])
def test_a_mistake_in_the_command_line_is_named_with_exit_2(project, args, said):
    (project / "a-file").write_text("notes\n")
    proc = run_main(project, *args)
    assert proc.returncode == 2, proc.stderr
    assert said in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "root:x" not in proc.stderr + proc.stdout
    assert (project / "a-file").read_text() == "notes\n"


def test_what_real_content_writes_is_not_refused_by_the_new_checks(project):
    """No false alarm: one firm with sites in two towns of a list grouped by town, a name written as a
    block (`|`, ending in a line break), a source of next year (a ranking carries next year's date
    months ahead)."""
    _edit(project, "      - {name: Medpace, town: Leuven}",
          "      - {name: Medpace, town: Leuven}\n      - {name: Medpace, town: Ghent}")
    _edit(project, "      - VIB\n", "      - |\n        VIB\n")
    _edit(project, "  eurostat-2016:\n    publisher: Eurostat\n    year: 2016",
          f"  eurostat-2016:\n    publisher: Eurostat\n    year: {dt.date.today().year + 1}")
    proc = run_main(project, "check", "--content", "content")
    assert proc.returncode == 0, proc.stderr


def test_a_tagged_number_that_is_not_one_is_located(project):
    _edit(project, "        value: 25000", "        value: !!int abc")
    proc = run_main(project, "check", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert re.search(r"content/brochure.yaml:\d+:\d+: .*'abc' is not a number", proc.stderr), proc.stderr


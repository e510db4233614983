"""Authoring tools: preview (thumbnails and contact sheet), watch, JSON Schemas and the freshness note."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image, ImageChops

from brochure import preview, watch
from brochure.build import Project, check
from brochure.errors import ContentError
from brochure.schema import write_schemas
from conftest import ASSETS, CONTENT, REPO, copy_project

TIMEOUT = 120           # seconds a watched rebuild may take before the test gives up


def pdf_pages(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def expected_px(points: float) -> int:
    return round(points * preview.DPI / 72)


# --------------------------------------------------------------------------- preview


@pytest.fixture(scope="module")
def screen_preview(base_build):
    return preview.render(base_build.pdf("screen"))


def test_one_thumbnail_per_page_at_preview_resolution(base_build, screen_preview):
    pdf = base_build.pdf("screen")
    pages = pdf_pages(pdf)
    assert pages >= 4 and pages % 4 == 0, "a saddle-stitched booklet has a multiple of 4 pages"
    assert len(screen_preview.pages) == pages
    assert [p.name for p in screen_preview.pages] == [f"{pdf.stem}-page-{n:02d}.png" for n in range(1, pages + 1)]
    document = pdfium.PdfDocument(pdf)
    try:
        for index, png in enumerate(screen_preview.pages):
            width_pt, height_pt = document[index].get_size()
            with Image.open(png) as image:
                assert abs(image.width - expected_px(width_pt)) <= 1, png.name
                assert abs(image.height - expected_px(height_pt)) <= 1, png.name
    finally:
        document.close()


def test_print_thumbnails_show_the_trimmed_page(base_build, screen_preview):
    """Bleed and crop marks are cut off: a print thumbnail is the size of the screen one."""
    printed = preview.render(base_build.pdf("print"))
    assert len(printed.pages) == len(screen_preview.pages)
    with Image.open(printed.pages[0]) as p, Image.open(screen_preview.pages[0]) as s:
        assert abs(p.width - s.width) <= 1 and abs(p.height - s.height) <= 1


def _booklet_slots(pages: int) -> dict[int, tuple[int, str]]:
    """Page number -> (spread index, side) as a reader opens the booklet."""
    slots = {1: (0, "right")}
    for page in range(2, pages + 1):
        slots[page] = (page // 2, "left" if page % 2 == 0 else "right")
    return slots


def test_contact_sheet_shows_the_booklet_spreads(screen_preview):
    pages = len(screen_preview.pages)
    thumbs = [Image.open(p).convert("RGB") for p in screen_preview.pages]
    sheet = Image.open(screen_preview.sheet).convert("RGB")
    pw, ph = thumbs[0].size
    spreads = pages // 2 + 1                  # the cover alone, the inner spreads, the back page alone
    cols = min(preview.COLUMNS, spreads)
    rows = -(-spreads // cols)
    assert sheet.size == (2 * preview.MARGIN + cols * 2 * pw + (cols - 1) * preview.GAP_X,
                          2 * preview.MARGIN + rows * (ph + preview.LABEL) + (rows - 1) * preview.GAP_Y)

    def corner(spread: int, side: str) -> tuple[int, int]:
        x = preview.MARGIN + (spread % cols) * (2 * pw + preview.GAP_X) + (pw if side == "right" else 0)
        y = preview.MARGIN + (spread // cols) * (ph + preview.LABEL + preview.GAP_Y)
        return x, y

    for page, (spread, side) in _booklet_slots(pages).items():
        x, y = corner(spread, side)
        region = sheet.crop((x, y, x + pw, y + ph))
        assert region.getcolors(20) is None, f"page {page} is blank on the contact sheet"
        assert ImageChops.difference(region, thumbs[page - 1]).getbbox() is None, f"page {page} misplaced"
        label = sheet.crop((x, y + ph, x + pw, y + ph + preview.LABEL))
        assert label.getcolors(1) is None, f"page {page} has no page number under it"
    # the cover has nothing to its left, and an even last page nothing to its right
    empty = [corner(0, "left"), corner(pages // 2, "right")]
    for x, y in empty:
        assert sheet.crop((x, y, x + pw, y + ph)).getcolors(1) == [(pw * ph, preview.BACKGROUND)]


def test_booklet_spreads_for_any_page_count():
    assert preview.spreads(1) == [(None, 1)]
    assert preview.spreads(4) == [(None, 1), (2, 3), (4, None)]
    assert preview.spreads(5) == [(None, 1), (2, 3), (4, 5)]


def test_preview_builds_a_missing_or_stale_pdf_and_reuses_a_fresh_one(tmp_path):
    content = copy_project(tmp_path / "project")
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    paths = preview.run(project, None, "screen")
    pdf = tmp_path / "out" / "flanders-life-sciences-en-screen.pdf"
    assert pdf.is_file() and not (tmp_path / "out" / "flanders-life-sciences-en-print.pdf").exists()
    assert all(p.is_file() for p in paths) and len(paths) == pdf_pages(pdf) + 1
    built = pdf.stat().st_mtime_ns

    preview.run(project, None, "screen")
    assert pdf.stat().st_mtime_ns == built, "a PDF newer than its inputs is reused"

    for changed in (content / "brochure.yaml", tmp_path / "project" / "assets" / "logos" / "logo.svg"):
        later = pdf.stat().st_mtime_ns + 2_000_000_000
        os.utime(changed, ns=(later, later))
        preview.run(project, None, "screen")
        assert pdf.stat().st_mtime_ns != built, f"{changed.name} is newer than the PDF: rebuild"
        built = pdf.stat().st_mtime_ns


# --------------------------------------------------------------------------- watch


def _next(results: queue.Queue, what: str, predicate=lambda r: True):
    while True:
        try:
            result = results.get(timeout=TIMEOUT)
        except queue.Empty:
            pytest.fail(f"watch: no {what} within {TIMEOUT} s")
        if predicate(result):
            return result


def test_watch_rebuilds_on_change_and_keeps_the_last_good_pdf(tmp_path):
    content = copy_project(tmp_path / "project")
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    source = content / "brochure.yaml"
    results: queue.Queue = queue.Queue()
    stop = threading.Event()
    log = io.StringIO()
    outcome = {}

    def drive():
        outcome["code"] = watch.run(project, None, stop_event=stop, on_result=results.put, out=log,
                                    debounce_ms=200)

    thread = threading.Thread(target=drive, daemon=True)
    thread.start()
    try:
        first = _next(results, "first build")
        assert first.ok, first.message
        screen = next(p for p in first.pdfs if p.name.endswith("-screen.pdf"))
        original = screen.read_bytes()
        sheet = preview.sheet_path(screen)
        assert sheet.is_file()

        # a good edit: the PDF and the preview are rebuilt
        text = source.read_text(encoding="utf-8")
        assert "title: Top of the European class" in text
        source.write_text(text.replace("title: Top of the European class", "title: Top of the European league"),
                          encoding="utf-8")
        second = _next(results, "rebuild after a good edit")
        assert second.ok, second.message
        assert source.resolve() in [p.resolve() for p in second.changed]
        good = screen.read_bytes()
        good_pages = pdf_pages(screen)
        assert good != original
        assert "Top of the European league" in pdf_text(screen)
        assert sheet in second.previews and sheet.stat().st_mtime_ns >= screen.stat().st_mtime_ns

        # a broken edit: the error is reported as `check` reports it, the last good PDF stays
        broken = source.read_text(encoding="utf-8").replace("    year: 2019", "    yaer: 2019", 1)
        source.write_text(broken, encoding="utf-8")
        third = _next(results, "report of the broken edit")
        assert not third.ok
        with pytest.raises(ContentError) as expected:
            check(project)
        assert third.message == f"error: {expected.value}"
        assert re.search(r"content/brochure\.yaml:\d+:\d+: sources\.pharma-2019\.yaer: unknown key", third.message)
        assert screen.read_bytes() == good
        assert pdf_pages(screen) == good_pages, "the last good PDF is intact"
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "watch did not stop when asked"
    assert outcome["code"] == 0
    printed = log.getvalue()
    assert len(re.findall(r"^\[\d\d:\d\d:\d\d\] built \S+\.pdf.* in \d+\.\d s$", printed, re.M)) >= 2
    assert re.search(r"^\[\d\d:\d\d:\d\d\] error: 2 problems in the content:\n  content/brochure\.yaml:\d+:\d+: ",
                     printed, re.M)


def test_watch_stops_after_max_builds(tmp_path):
    content = copy_project(tmp_path / "project")
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    seen = []
    assert watch.run(project, None, max_builds=1, on_result=seen.append, out=io.StringIO()) == 0
    assert len(seen) == 1 and seen[0].ok


def test_watch_exits_0_on_ctrl_c(tmp_path):
    copy_project(tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "brochure", "watch", "--output", str(tmp_path / "out")],
        cwd=tmp_path / "project", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "BROCHURE_CACHE": str(tmp_path / "cache")},
        # a background job may inherit an ignored SIGINT; a person at a terminal has the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert lines[0].startswith("watching "), lines
        assert re.match(r"\[\d\d:\d\d:\d\d\] built ", lines[1]), lines
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "stopped watching" in out


# --------------------------------------------------------------------------- schemas


def test_schemas_on_disk_match_the_models(tmp_path):
    """`make schema` was run after the last model change (else: run it and commit schemas/)."""
    fresh = write_schemas(tmp_path)
    assert sorted(p.name for p in (REPO / "schemas").glob("*.json")) == sorted(p.name for p in fresh)
    for path in fresh:
        on_disk = (REPO / "schemas" / path.name).read_text(encoding="utf-8")
        assert on_disk == path.read_text(encoding="utf-8"), f"schemas/{path.name} is out of date: run make schema"
        assert on_disk.endswith("}\n")
        jsonschema.Draft202012Validator.check_schema(json.loads(on_disk))


def _as_json(path: Path):
    """The YAML as an editor's language server sees it: dates stay text (YAML 1.2 JSON schema)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _shipped() -> list[tuple[Path, str]]:
    files = [(CONTENT / "brochure.yaml", "content"), (ASSETS / "brand.yml", "brand")]
    files += [(p, "mission") for p in sorted((CONTENT / "missions").glob("*.yaml"))]
    files += [(p, "translation") for p in sorted((CONTENT / "translations").glob("*.yaml"))]
    files += [(p, "locale") for p in sorted((CONTENT / "locales").glob("*.yaml"))]
    files += [(CONTENT / "places.yaml", "places")]
    return files


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text()))


@pytest.mark.parametrize("path,kind", _shipped(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_yaml_validates_against_its_schema(path, kind):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in _validator(kind).iter_errors(_as_json(path))]
    assert not errors, "\n".join(errors[:10])
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schemas/{kind}.schema.json")


def test_text_fields_take_a_string_or_a_language_mapping():
    validator = _validator("content")
    data = _as_json(CONTENT / "brochure.yaml")
    for title, valid in [("Plain English", True), ({"en": "English", "fr": "Français"}, True),
                         ({"en-US": "US English"}, True), ({"english": "not a language tag"}, False),
                         ({}, False), ("   ", False), (42, False)]:
        data["meta"]["title"] = title
        assert validator.is_valid(data) is valid, title


def test_mission_schema_is_partial_but_strict():
    validator = _validator("mission")
    assert validator.is_valid({})
    assert validator.is_valid({"meta": {"paper": "Letter"}, "sections": ["cover", "contact"],
                               "overrides": {"cover": {"kicker": {"nl": "Tot in Boston"}}},
                               "partners": {"remove": ["VIB"]}, "sources": {"pharma-2019": {"year": 2021}}})
    assert not validator.is_valid({"meta": {"paper": "A5"}})
    assert not validator.is_valid({"overides": {}})
    assert not validator.is_valid({"sections": ["Not An Id"]})


def test_translation_schema_takes_text_only():
    validator = _validator("translation")
    assert validator.is_valid({"language": "fr", "sections": {"cover": {"title": "Titre",
                                                                         "items": [None, {"metric": "x"}]}}})
    assert not validator.is_valid({"sections": {"cover": {"rank": 1}}})
    assert not validator.is_valid({"chapters": {}})


# --------------------------------------------------------------------------- freshness


def _set_years(content: Path, years: dict[str, int], default: int) -> Path:
    """Edit the copied brochure.yaml: each source's `year:` becomes years.get(id, default)."""
    path = content / "brochure.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current = None
    for i, line in enumerate(lines):
        if m := re.match(r"^  ([a-z0-9-]+):\s*$", line):
            current = m.group(1)
        elif line.strip() and not line.startswith(" "):
            current = None
        elif current and re.match(r"^    year: \d{4}\s*$", line):
            lines[i] = f"    year: {years.get(current, default)}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _brochure(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brochure", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_an_old_source_is_listed_and_fails_strict(tmp_path):
    this_year = dt.date.today().year
    content = copy_project(tmp_path / "project")
    path = _set_years(content, {"pharma-2019": 2010}, this_year)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text == "  pharma-2019:")

    verbose = _brochure("check", "--verbose", cwd=content.parent)
    assert verbose.returncode == 0, verbose.stderr
    printed = verbose.stdout + verbose.stderr
    assert "note: 1 source(s) older than 5 years: pharma.be 2010" in printed
    assert "  pharma-2019: pharma.be, 2010" in printed

    strict = _brochure("check", "--strict", cwd=content.parent)
    assert strict.returncode == 2, strict.stdout + strict.stderr
    assert f"content/brochure.yaml:{line}:" in strict.stderr and "pharma-2019" in strict.stderr
    assert "figures from 2010" in strict.stderr
    assert "ok:" not in strict.stdout, "--strict says ok only when there is nothing to report"


def test_current_sources_print_no_note(tmp_path):
    content = copy_project(tmp_path / "project")
    _set_years(content, {}, dt.date.today().year)
    for args in (["check"], ["check", "--verbose"], ["check", "--strict"]):
        result = _brochure(*args, cwd=content.parent)
        assert result.returncode == 0, result.stderr
        assert "note" not in result.stdout + result.stderr and "older than" not in result.stdout + result.stderr


def test_trace_prints_the_stages_in_order(tmp_path):
    """BROCHURE_TRACE=1 (used by `make profile`) prints one line per stage, in the order they happen;
    without it a build prints none."""
    content = copy_project(tmp_path)
    env = dict(os.environ, BROCHURE_TRACE="1", BROCHURE_CACHE=str(tmp_path / "cache"))
    args = [sys.executable, "-m", "brochure", "build", "--content", str(content), "--output", str(tmp_path / "out")]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = [line.split(" ", 3) for line in proc.stderr.splitlines() if line.startswith("trace ")]
    stages = [parts[3] for parts in sorted(lines, key=lambda parts: float(parts[1]))]
    for earlier, later in [("started", "content read and validated"), ("brand read and validated", "fonts registered"),
                           ("print: laid out", "print: finished"), ("print: finished", "print: preflight passed"),
                           ("print: preflight passed", "editions in place"), ("editions in place", "exit")]:
        assert earlier in stages and later in stages and stages.index(earlier) < stages.index(later), stages
    assert {"screen: finished", "content checks done"} <= set(stages)
    env.pop("BROCHURE_TRACE")
    quiet = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert quiet.returncode == 0 and "trace " not in quiet.stderr


# --------------------------------------------------------------------------- the docs run as written


def _docs() -> dict[str, str]:
    return {name: (REPO / name).read_text(encoding="utf-8") for name in ("README.md", "docs/editing.md")}


def test_every_command_in_the_docs_exists_as_written():
    """A command in the README or the editing guide is a make target of the Makefile or a
    `.venv/bin/brochure` command, never a bare `python -m brochure` that needs the venv activated."""
    from brochure.cli import COMMANDS

    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    for name, text in _docs().items():
        assert not re.search(r"(?<![/.\w])python3? -m brochure", text), f"{name}: python -m brochure outside the venv"
        for target in re.findall(r"\bmake ([a-z][a-z-]*)", text):
            assert target in targets, f"{name}: make {target} is not a target of the Makefile"
        for command in re.findall(r"\.venv/bin/brochure ([a-z][a-z-]*)", text):
            assert command in COMMANDS, f"{name}: brochure {command} is not a command"
        for variable in re.findall(r"\bmake [a-z-]+ ([A-Z_]+)=", text):
            assert f"$({variable})" in makefile, f"{name}: the Makefile does not use {variable}="


def test_readme_section_table_matches_the_base_content():
    base = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))
    rows = re.findall(r"^\| `([a-z-]+)` \| `([a-z-]+)` \|", _docs()["README.md"], re.M)
    assert rows == [(s["id"], s["kind"]) for s in base["sections"]]

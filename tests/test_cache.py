"""The on-disk cache (logos, icons, profile, hints): a warm build converts no SVG (svglib is not
imported) and never uses matplotlib, damaged or swapped entries are made again, concurrent writers
cannot corrupt an entry, and the light commands (--help, check, new-mission, schema) stay light."""

from __future__ import annotations

import json
import re
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brochure import charts
from brochure import cache

from conftest import ASSETS, copy_project

FONTS = ASSETS / "fonts"


def _python(code: str, cwd: Path, timeout: float = 120) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON line last, which is returned."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- a warm build converts nothing -----------------------------------------------------------------

BUILD_AND_REPORT = """
    import json, sys
    from pathlib import Path
    from brochure.build import Project, build

    project = Project.at(Path("content"), output=Path("out"), cache=Path("cache"))
    written = build(project)
    print(json.dumps({"pdfs": [str(w.path) for w in written],
                      "matplotlib": sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")[:3],
                      "svglib": "svglib" in sys.modules}))
"""


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """A project copy after one build from an empty cache, in a fresh interpreter: (folder, report).
    Tests that go on from there work on a copy of the folder (content, assets, out and cache)."""
    root = copy_project(tmp_path_factory.mktemp("cold")).parent
    return root, _python(BUILD_AND_REPORT, root)


def _copy_of(cold, dest: Path) -> Path:
    import shutil

    shutil.copytree(cold[0], dest, symlinks=True)          # copy2: modification times kept
    return dest


def test_warm_build_imports_neither_matplotlib_nor_svglib(cold, tmp_path):
    root = _copy_of(cold, tmp_path / "project")
    first = cold[1]
    assert len(first["pdfs"]) == 2
    assert first["matplotlib"] == [], f"a build imported {first['matplotlib']}"
    assert first["svglib"], "the first build converts the brand logos, so it must have used svglib"
    # Charts are drawn directly each build: the cache holds no chart entries at all.
    entries = sorted(p.name for p in (root / "cache").iterdir())
    assert not [n for n in entries if n.endswith(".svg")], entries
    drawings = [n for n in entries if n.endswith(".rlg.json")]
    # two brand logos (the white mark on the cover, the colour mark in the back cover's lockup), per edition
    assert len(drawings) == 2 * 2 and all(n.startswith("logo-") for n in drawings), drawings
    stamps = {p.name: p.stat().st_mtime_ns for p in (root / "cache").glob("*.rlg.json")}

    second = _python(BUILD_AND_REPORT, root)
    assert second["matplotlib"] == [] and second["svglib"] is False, second
    assert {p.name: p.stat().st_mtime_ns for p in (root / "cache").glob("*.rlg.json")} == stamps


def test_hyphenation_answers_come_from_the_cache_even_without_a_break_point(tmp_path):
    """A word pyphen breaks nowhere is remembered as such ([]): a rebuild answers it from the cache
    like any other word and does not load the dictionary (a tenth of a second) for it."""
    from brochure.styles import Hyphenator

    first = Hyphenator("en_GB")
    first.attach(tmp_path)
    unbroken, broken = list(first("sciences")), list(first("biotechnology"))
    assert unbroken == [] and broken
    first.save(tmp_path)
    again = Hyphenator("en_GB")
    again.attach(tmp_path)
    assert list(again("sciences")) == unbroken and list(again("biotechnology")) == broken
    assert again._pyphen is None, "the dictionary was loaded although every word was in the cache"


# --- damaged entries ------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["truncated", "empty", "binary", "other body"])
def test_damaged_entry_is_a_miss_and_dropped(tmp_path, damage):
    folder = tmp_path / "cache"
    cache.put_json(folder, "entry.json", {"a": [1, 2, 3], "b": "text"})
    path = folder / "entry.json"
    data = path.read_bytes()
    header = data.split(b"\n", 1)[0]
    path.write_bytes({"truncated": data[: len(data) // 2], "empty": b"", "binary": b"\xff\xfe\x00garbage",
                      "other body": header + b"\n" + b'{"a":[1,2,4],"b":"text"}'}[damage])
    assert cache.get_json(folder, "entry.json") is None
    assert not path.exists(), "an entry that does not verify is dropped"
    cache.put_json(folder, "entry.json", {"a": [1, 2, 3], "b": "text"})
    assert cache.get_json(folder, "entry.json") == {"a": [1, 2, 3], "b": "text"}


@pytest.fixture(scope="module")
def brand():
    from brochure.brand import load_theme
    from brochure.fonts import register

    theme = load_theme(ASSETS / "brand.yml")
    return theme, register(theme, "en")


def _edition_args(brand, name):
    from brochure.editions import get

    theme, fonts = brand
    edition = get(name)
    colours = {s.rgb.lower(): edition.colour(s) for s in theme.swatches.values()}
    return colours, fonts, edition.colour(theme.swatch("text"))


def _logo_svg(brand, folder: Path) -> charts.SVG:
    theme, _ = brand
    fill = theme.swatch("text").rgb
    svg = charts.SVG(f'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
                     f'<rect x="1" y="1" width="60" height="20" fill="{fill}"/></svg>\n')
    svg.cache_dir, svg.key = folder, "0" * 32
    return svg


def test_drawing_cache_per_edition_colour_space(tmp_path, brand):
    from reportlab.lib.colors import CMYKColor

    from brochure.charts.vector import to_drawing

    svg = _logo_svg(brand, tmp_path)

    def fills(drawing):
        out, stack = [], list(drawing.contents)
        while stack:
            node = stack.pop()
            stack += getattr(node, "contents", [])
            if getattr(node, "fillColor", None) is not None and not hasattr(node, "contents"):
                out.append(node.fillColor)
        return out

    for round_ in ("convert", "from cache"):
        cmyk = fills(to_drawing(svg, *_edition_args(brand, "print")))
        rgb = fills(to_drawing(svg, *_edition_args(brand, "screen")))
        assert cmyk and all(isinstance(c, CMYKColor) for c in cmyk), round_
        assert rgb and not any(isinstance(c, CMYKColor) for c in rgb), round_
        assert len(list(tmp_path.glob("*.rlg.json"))) == 2, round_
    # Each hit is a fresh object: the layout may change a drawing without touching the cache.
    a = to_drawing(svg, *_edition_args(brand, "screen"))
    b = to_drawing(svg, *_edition_args(brand, "screen"))
    assert a is not b and a.contents[0] is not b.contents[0]


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_drawing_entry_is_converted_again(tmp_path, brand, damage, monkeypatch):
    from brochure.charts import vector

    svg = _logo_svg(brand, tmp_path)
    vector.to_drawing(svg, *_edition_args(brand, "print"))
    [entry] = tmp_path.glob("*.rlg.json")
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not an entry")
    converted = []
    real = vector._convert
    monkeypatch.setattr(vector, "_convert", lambda *a: converted.append(1) or real(*a))
    drawing = vector.to_drawing(svg, *_edition_args(brand, "print"))
    assert converted == [1]
    assert drawing.contents
    assert entry.read_bytes() == data


# --- concurrent writers -----------------------------------------------------------------------------

BIG = b"<g/>" * 300_000


def _writer(args) -> int:
    folder, key, rounds = args
    for _ in range(rounds):
        cache.put_bytes(Path(folder), key, BIG)
    return rounds


_WRITING = None     # a multiprocessing Event, set while writers run (inherited by the forked pool)


def _reader(args) -> list[tuple[int, bool]]:
    """Reads the raw file while the others write: every read must find no file or the whole entry
    (get() would treat a torn file as a miss; this checks that a torn file never exists at all).
    Keeps reading until the writers are done; each read notes whether they were still writing."""
    folder, key = args
    seen = []
    while True:
        writing = _WRITING.is_set()
        try:
            seen.append((len((Path(folder) / key).read_bytes()), writing))
        except FileNotFoundError:
            seen.append((-1, writing))
        if not writing:
            return seen


def test_concurrent_writers_leave_a_complete_entry(tmp_path):
    global _WRITING
    key = "c" * 32
    ctx = multiprocessing.get_context("fork")
    _WRITING = ctx.Event()
    _WRITING.set()
    with ctx.Pool(6) as pool:
        readers = pool.map_async(_reader, [(str(tmp_path), key)] * 2)
        writers = pool.map_async(_writer, [(str(tmp_path), key, 15)] * 4)
        assert writers.get(timeout=120) == [15] * 4
        _WRITING.clear()
        reads = [read for part in readers.get(timeout=120) for read in part]
    whole = len((tmp_path / key).read_bytes())     # the entry: header and body
    assert whole > len(BIG)
    assert {n for n, _ in reads} <= {-1, whole}, "a reader saw half an entry"
    overlapping = [n for n, writing in reads if writing and n == whole]
    assert overlapping, "the readers never read an entry while the writers ran; the test proves nothing"
    assert cache.get_bytes(tmp_path, key) == BIG
    assert sorted(p.name for p in tmp_path.iterdir()) == [key], "temporary files were left behind"


# --- light commands stay light --------------------------------------------------------------------

HEAVY = ("matplotlib", "brochure.layout", "brochure.charts.bars", "svglib")

RUN_COMMAND = """
    import json, sys
    from brochure.cli import main
    try:
        code = main({argv!r})
    except SystemExit as exc:
        code = exc.code
    heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {heavy!r}))
    print(json.dumps({{"code": code, "heavy": heavy}}))
"""


@pytest.mark.parametrize("argv", [
    ["--help"],
    ["build", "--help"],
    ["check"],
    ["check", "--all-missions"],
    ["new-mission", "cache-test-2027"],
    ["schema", "--output", "schemas-out"],
], ids=lambda a: " ".join(a))
def test_light_commands_do_not_import_matplotlib_or_layout(tmp_path, argv):
    if argv[0] == "schema" and not (Path(charts.__file__).parents[1] / "schema.py").exists():
        pytest.skip("no schema command in this tree")
    content = copy_project(tmp_path)
    result = _python(RUN_COMMAND.format(argv=argv, heavy=HEAVY), content.parent)
    assert result["code"] in (0, None), result
    assert result["heavy"] == [], f"`brochure {' '.join(argv)}` imported {result['heavy'][:5]}"
    if argv[0] == "new-mission":
        assert (content / "missions" / "cache-test-2027.yaml").is_file()


# --- the compressed output-intent profile ----------------------------------------------------------

@pytest.mark.parametrize("damage", ["truncated", "foreign"])
def test_compressed_profile_entry_is_checked_and_rewritten(tmp_path, damage):
    """The print edition's ICC profile is compressed once and kept in the cache; an entry that does not
    decompress to the profile's bytes is never used (it is compressed and written again)."""
    import zlib

    from brochure.pdf.pdfx import _deflated

    data = (ASSETS / "icc" / "FOGRA39-based.icc").read_bytes()
    first = _deflated(data, tmp_path)
    assert zlib.decompress(first) == data
    (entry,) = tmp_path.glob("icc-*.z")
    assert _deflated(data, tmp_path) == first
    entry.write_bytes(first[: len(first) // 2] if damage == "truncated" else zlib.compress(b"another profile"))
    assert _deflated(data, tmp_path) == first
    assert cache.get_bytes(tmp_path, entry.name) == first
    assert _deflated(data, None) == first          # no cache folder: compressed each time, same bytes


# --- tampered entries: every entry is verified against its key and its own digest -----------------


def test_entry_damaged_in_the_middle_is_a_miss(tmp_path):
    """One byte changed in the middle (the start and the end still look right) is caught."""
    body = json.dumps({"points": list(range(2000))}).encode()
    cache.put_bytes(tmp_path, "entry.json", body)
    path = tmp_path / "entry.json"
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 + 40
    data[middle] = ord("7") if data[middle] != ord("7") else ord("3")
    path.write_bytes(bytes(data))
    assert cache.get_bytes(tmp_path, "entry.json") is None
    assert not path.exists(), "an entry that does not verify is dropped"


def test_swapped_entries_are_both_refused(tmp_path):
    """Two valid entries swapped on disk: each names the key it was stored under, so neither is used."""
    cache.put_bytes(tmp_path, "one.json", b"[1]")
    cache.put_bytes(tmp_path, "other.json", b"[2]")
    a, b = tmp_path / "one.json", tmp_path / "other.json"
    a_data, b_data = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_data)
    b.write_bytes(a_data)
    assert cache.get_bytes(tmp_path, "one.json") is None and cache.get_bytes(tmp_path, "other.json") is None


def test_changed_colour_digit_in_a_drawing_entry_is_converted_again(tmp_path, brand, monkeypatch):
    """A drawing entry whose JSON was edited (one colour digit) does not verify: the drawing is
    converted from the SVG again and prints the brand colour."""
    from brochure.charts import vector

    svg = _logo_svg(brand, tmp_path)
    colours, fonts_, ink = _edition_args(brand, "print")
    expected = vector.to_drawing(svg, colours, fonts_, ink).contents[0]
    [entry] = tmp_path.glob("*.rlg.json")
    text = entry.read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    edited = re.sub(r'("cyan":)([0-9.]+)', lambda m: m.group(1) + ("0.5" if m.group(2) != "0.5" else "0.25"), body,
                    count=1)
    assert edited != body
    entry.write_text(header + "\n" + edited, encoding="utf-8")
    converted = []
    real = vector._convert
    monkeypatch.setattr(vector, "_convert", lambda *a: converted.append(1) or real(*a))
    again = vector.to_drawing(svg, colours, fonts_, ink)
    assert converted == [1]

    def fills(node):
        found = []
        for child in getattr(node, "contents", []):
            found += fills(child)
        if getattr(node, "fillColor", None) is not None and not hasattr(node, "contents"):
            found.append(node.fillColor)
        return found

    assert fills(again) == fills(expected)


def test_entry_stored_under_another_key_is_refused(tmp_path):
    cache.put_bytes(tmp_path, "first.z", b"payload")
    (tmp_path / "second.z").write_bytes((tmp_path / "first.z").read_bytes())
    assert cache.get_bytes(tmp_path, "first.z") == b"payload"
    assert cache.get_bytes(tmp_path, "second.z") is None


def test_drawing_data_names_only_reportlab_shapes_and_colours(brand):
    """The plain-data form of a drawing round-trips, and data naming anything else is refused."""
    from brochure.charts.vector import _convert, from_data, to_data

    svg = _logo_svg(brand, Path("unused"))
    drawing = _convert(svg, *_edition_args(brand, "print"), None)
    data = to_data(drawing)
    assert json.loads(json.dumps(data)) == data
    again = from_data(data)
    assert to_data(again) == data
    for hostile in ({"shape": "Drawing", "attrs": {}, "contents": [{"shape": "os.system", "attrs": {}}]},
                    {"shape": "Drawing", "attrs": {"__class__": "x"}},
                    {"shape": "Drawing", "attrs": {}, "contents": [{"colour": "Color", "attrs": {}}]},
                    {"shape": "Drawing", "attrs": {"width": {"colour": "Evil", "attrs": {}}}},
                    ["not", "a", "drawing"]):
        assert from_data(hostile) is None, hostile


class _Marker:
    """Unpickling this object would create a file: the cache must never unpickle anything."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_no_pickle_is_ever_loaded_from_the_cache(cold, tmp_path):
    """A cache folder (BROCHURE_CACHE can point anywhere) full of pickles, under every name a warm
    build reads, executes nothing: the build converts what it needs again."""
    import pickle

    root = _copy_of(cold, tmp_path / "project")
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Marker(str(marker)))
    entries = [p for p in (root / "cache").iterdir() if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(payload)
        entry.with_name(entry.name.replace(".rlg.json", ".rlg")).write_bytes(payload)
        # also a "verified" header in front of the pickle: the body is still parsed only as JSON
        if entry.name.endswith(".json"):
            header = b"%s %s %d %s\n" % (cache.MAGIC, entry.name.encode(), len(payload),
                                         __import__("hashlib").sha256(payload).hexdigest().encode())
            entry.write_bytes(header + payload)
    again = _python(BUILD_AND_REPORT, root)
    assert len(again["pdfs"]) == 2
    assert not marker.exists(), "a cache entry was unpickled"


def test_absurd_layout_hints_are_only_a_hint(tmp_path):
    """layout-hints.json edited to absurd values (and without a valid header) neither hangs the build
    nor changes the brochure: the same pages as with no hints at all. A short mission (a directory
    and profiles that run over pages among its sections) keeps each build quick; one edition is built
    each time, so that it is the one that starts from the hints (a second edition starts from the
    first's breaks)."""
    from pypdf import PdfReader

    from brochure.build import Project, build

    content = copy_project(tmp_path / "a")
    (content / "missions" / "hints-test.yaml").write_text(
        "meta: {language: en}\nsections: [cover, at-a-glance, research, incubators, contact]\n", encoding="utf-8")
    project = Project.at(content, output=tmp_path / "a" / "out", cache=tmp_path / "a" / "cache")

    def screen_pages() -> int:
        [written] = build(project, "hints-test", editions=["screen"])
        return len(PdfReader(written.path).pages)

    pages = screen_pages()
    hints = project.cache / "layout-hints.json"
    stored = cache.get_json(project.cache, "layout-hints.json")
    assert list(stored) == ["hints-test|en|A4"] and stored["hints-test|en|A4"]["sections"], stored
    for absurd in ({"notes": 10 ** 9, "sections": {"cover": 10 ** 12}},
                   {"notes": -3, "sections": []},
                   {"notes": True, "sections": {"cover": 1.5}}):
        data = {k: absurd for k in cache.get_json(project.cache, "layout-hints.json")}
        cache.put_json(project.cache, "layout-hints.json", data)
        assert screen_pages() == pages
    hints.write_text(json.dumps({"hints-test|en|A4": {"notes": 10 ** 9, "sections": {}}}), encoding="utf-8")
    assert screen_pages() == pages


@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero", "huge"])
def test_cache_entry_that_is_not_a_small_regular_file_is_a_miss(tmp_path, kind):
    """Never blocks on a pipe, never reads a device or an oversized file."""
    path = tmp_path / "entry.z"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "huge":
        with open(path, "wb") as handle:
            handle.truncate(cache.MAX_ENTRY_BYTES + 10_000)
    else:
        path.symlink_to("/dev/zero")
    assert cache.get_bytes(tmp_path, "entry.z") is None


def test_stale_temporary_files_of_dead_builds_are_removed(tmp_path):
    """Temporary files named after a process that no longer runs go; a live writer's stay."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        stale = tmp_path / f".x.pdf.{dead.pid}.abc123.tmp"
        busy = tmp_path / f".x.pdf.{alive.pid}.def456.tmp"
        other = tmp_path / ".hidden-but-not-ours"
        for path in (stale, busy, other):
            path.write_bytes(b"partial")
        assert cache.remove_stale_temporaries(tmp_path) == 1
        assert not stale.exists() and busy.exists() and other.exists()
    finally:
        alive.kill()
        alive.wait()


# --- line breaking ----------------------------------------------------------------------------------

LINE_BREAKS_REPORT = """
    import json
    from pathlib import Path
    from brochure.build import Project, build
    from brochure.layout.context import Para

    decided = []
    decide = Para._decide
    Para._decide = lambda self, *a: decided.append(1) or decide(self, *a)
    written = build(Project.at(Path("content"), output=Path("out"), cache=Path("cache")), parallel=False)
    print(json.dumps({"decided": len(decided), "pdfs": {str(w.path): w.path.read_bytes().hex() for w in written}}))
"""


def test_line_breaks_come_from_the_cache_and_change_nothing(cold, tmp_path):
    """A rebuild sets every paragraph from the line breaking the cache keeps (no tries), and prints
    exactly what breaking them afresh prints."""
    root = _copy_of(cold, tmp_path / "project")
    assert list((root / "cache").glob("linebreaks-*.json")), "the first build kept its line breaking"
    warm = _python(LINE_BREAKS_REPORT, root)
    assert warm["decided"] == 0, f"{warm['decided']} paragraphs broken afresh although nothing changed"
    for entry in (root / "cache").glob("linebreaks-*.json"):
        entry.unlink()
    fresh = _python(LINE_BREAKS_REPORT, root)
    assert fresh["decided"] > 100
    assert warm["pdfs"] == fresh["pdfs"], "the cached line breaking printed something else"


def test_a_line_break_entry_cannot_change_what_a_paragraph_says(tmp_path):
    """An entry (forged, or for another text under a colliding key) whose text is not the paragraph's
    own with its breaks and spaces moved, or whose measure is wider than the column, is not used."""
    from reportlab.lib.styles import ParagraphStyle

    from brochure.layout import linebreaks
    from brochure.layout.context import Para, _decision_key, _line_texts

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    text = "Flanders hosts four strategic research centres and many more partners."
    assert linebreaks.plausible(((), "Flanders hosts four strategic<br/>research centres and many more partners.",
                                 None), text, 150)
    for forged in [((), "Flanders hosts no research centres at all.", None), ((), None, 151.0),
                   (("rm -rf",), None, None), ((), None, float("nan")), "junk"]:
        assert not linebreaks.plausible(forged, text, 150), forged
        key = _decision_key(Para(text, style), 150)
        linebreaks.DECIDED.decided[key] = forged
        try:
            paragraph = Para(text, style)
            paragraph.wrap(150, 1000)
        finally:
            linebreaks.DECIDED.decided.pop(key, None)
        assert " ".join(_line_texts(paragraph)).split() == text.split(), forged


def test_the_line_break_cache_file_follows_the_font_files(tmp_path):
    """Outcomes are kept per set of font files: a font replaced by another file (same name) is
    another cache file, never the old fonts' line breaking."""
    import shutil

    from brochure.layout.linebreaks import _file_name

    font = tmp_path / "Brand-Regular.ttf"
    shutil.copyfile(FONTS / "NotoSans-Regular.ttf", font)
    before = _file_name({"latin-regular": font})
    shutil.copyfile(FONTS / "NotoSans-Bold.ttf", font)
    os.utime(font, ns=(1, 1))
    assert _file_name({"latin-regular": font}) != before


# --- Babel's formats --------------------------------------------------------------------------------

def test_a_rebuild_formats_figures_without_loading_babel_data(cold, tmp_path):
    """Figures, percentages, dates and lists come from the answers the cache keeps: a rebuild neither
    imports Babel's number, date and list formatting nor reads a locale's data."""
    root = _copy_of(cold, tmp_path / "project")
    assert list((root / "cache").glob("babel-answers-*.json")), "the first build kept Babel's answers"
    report = _python("""
        import json, sys
        from pathlib import Path
        from brochure.build import Project, build
        build(Project.at(Path("content"), output=Path("out"), cache=Path("cache")), parallel=False)
        print(json.dumps(sorted(m for m in sys.modules if m in ("babel.numbers", "babel.dates", "babel.lists"))))
    """, root)
    assert report == [], f"a rebuild imported {report}"


def test_a_babel_answer_that_does_not_say_what_was_asked_is_not_used():
    """A kept answer (forged, or damaged) with other digits than the value's, another year or a list
    without one of its items is formatted again."""
    from brochure import numbers
    from brochure.numbers import Numbers

    de = Numbers("de")
    forged = {"number|de|(25000, 0)": "99.999", "percent|de|(13.5,)": "31,5 %",
              "month|de|(2026, 11)": "November 1999", "listing|de|('VIB', 'imec')": "VIB und UGent"}
    numbers._ANSWERS.update(forged)
    try:
        assert de.number(25000) == "25.000"
        assert de.percent(13.5) == "13,5\u00a0%"
        assert "2026" in de.month(__import__("datetime").date(2026, 11, 1))
        assert de.listing(["VIB", "imec"]) == "VIB und imec"
    finally:
        for key in forged:
            numbers._ANSWERS.pop(key, None)
            numbers._NEW.pop(key, None)


def test_a_second_check_does_not_load_babel(tmp_path):
    """Whether a language is known and how it is written, like the figures, is answered from the
    cache the first `check` filled: the second neither imports Babel nor reads its data."""
    root = copy_project(tmp_path / "project").parent
    code = """
        import json, sys
        from pathlib import Path
        from brochure.build import Project, check
        check(Project.at(Path("content"), cache=Path("cache")))
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "babel")))
    """
    assert _python(code, root), "the first check asks Babel"
    assert _python(code, root) == [], "the second check imported Babel"


def test_a_cached_language_answer_is_one_a_language_can_have():
    """A kept answer about a language that is not one of known/unknown and its direction is asked
    again (and an unknown language stays an error)."""
    from brochure import numbers
    from brochure.content.languages import normalise

    numbers._ANSWERS["direction|de|()"] = "sideways"
    try:
        assert normalise("DE") == "de"
        assert numbers._ANSWERS["direction|de|()"] == "ltr"
    finally:
        numbers._NEW.pop("direction|de|()", None)
    with pytest.raises(ValueError, match="not a language known"):
        normalise("qq")
    with pytest.raises(ValueError, match="right to left"):
        normalise("ar")


def test_the_line_break_file_keeps_the_most_recently_used_outcomes(tmp_path, monkeypatch):
    """Edits in a long session add outcomes for texts no longer printed: the file keeps at most
    MAX_KEPT, dropping the least recently used, and what this build used is kept."""
    from brochure.cache import get_json
    from brochure.layout import linebreaks
    from brochure.layout.linebreaks import LineBreaks, _file_name

    monkeypatch.setattr(linebreaks, "MAX_KEPT", 5)
    files = {"latin-regular": ASSETS / "fonts" / "NotoSans-Regular.ttf"}
    first = LineBreaks()
    for i in range(5):
        first.remember(f"old{i}", ((), None, None))
    first.save(tmp_path, files)
    second = LineBreaks()
    second.attach(tmp_path, files)
    assert second.get("old1") is not None         # used in this build
    second.remember("new", ((), None, 100.0))
    second.save(tmp_path, files)
    kept = get_json(tmp_path, _file_name(files))
    assert list(kept)[-2:] == ["old1", "new"] and len(kept) == 5, list(kept)
    assert "old0" not in kept

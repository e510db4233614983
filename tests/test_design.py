"""The design rules a print designer signs off, measured on every shipped edition read back from its
PDF: at most eight type sizes, no empty band over 40 mm inside an inner page's type area, no inner
page left nearly empty, no one-word last line in a heading, typographic quotes only. Checked for the
base brochure, each example mission, and a mission that keeps only half of the sections."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import Built, copy_project
from design_measure import measure

MISSIONS = ("boston-bio", "germany-mission", "japan-partnering", "local-office")   # local-office: a fixture
HALF = "half-sections"
LANGUAGES = ("nl", "fr")        # the base brochure in the languages no example mission uses
MAX_SIZES = 8
MAX_BAND_MM = 40
HEADING_PT = 14          # the h2 step and up: headings, names, key figures
# The type area: below the running head's accent bar, above the footer rule.
TOP_MM, BOTTOM_MM = 16, 16


@pytest.fixture(scope="module")
def editions(tmp_path_factory, base_build, mission_builds) -> dict[str, Built]:
    """Every edition under test: the base brochure and the example missions as the whole run shares
    them, and the editions only these tests need, built once from a private copy of the content."""
    from brochure.build import Project, build

    root = tmp_path_factory.mktemp("design")
    content = copy_project(root / "project")
    (content / "missions" / f"{HALF}.yaml").write_text(textwrap.dedent("""\
        meta: {language: de}
        sections: [cover, at-a-glance, talent, cros, incentives, contact]
        """), encoding="utf-8")
    for lang in LANGUAGES:
        (content / "missions" / f"lang-{lang}.yaml").write_text(f"meta: {{language: {lang}}}\n", encoding="utf-8")
    out: dict[str, Built] = {"base": base_build, **{name: mission_builds(name) for name in MISSIONS}}
    for name in (HALF, *(f"lang-{lang}" for lang in LANGUAGES)):
        project = Project.at(content, output=root / "out", cache=root / "cache")
        out[name] = Built(root / "out", root / "cache", build(project, name))
    return out


CASES = ["base", *MISSIONS, HALF, *(f"lang-{lang}" for lang in LANGUAGES)]


_MEASURED: dict = {}


def _pages(built: Built, edition: str):
    """The pages of one edition as measured (once per PDF: several rules read the same measurement)."""
    path = built.pdf(edition)
    if path not in _MEASURED:
        _MEASURED[path] = measure(path, TOP_MM, BOTTOM_MM)
    return _MEASURED[path]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("edition", ["print", "screen"])
def test_at_most_eight_type_sizes(editions, name, edition):
    sizes = set().union(*(p.sizes for p in _pages(editions[name], edition)))
    assert len(sizes) <= MAX_SIZES, f"{len(sizes)} type sizes in use: {sorted(sizes)}"


@pytest.mark.parametrize("name", CASES)
def test_no_empty_band_on_inner_pages(editions, name):
    pages = _pages(editions[name], "screen")
    assert len(pages) % 4 == 0
    bad = [(p.index + 1, round(p.empty_band_mm)) for p in pages[1:-1] if p.empty_band_mm > MAX_BAND_MM]
    assert not bad, f"inner pages with an empty band over {MAX_BAND_MM} mm (page, mm): {bad}"


@pytest.mark.parametrize("name", CASES)
def test_no_nearly_empty_inner_page(editions, name):
    pages = _pages(editions[name], "screen")
    bad = [(p.index + 1, f"{p.empty_share:.0%}") for p in pages[1:-1] if p.empty_share > 0.8]
    assert not bad, f"inner pages more than 80 % blank (page, share): {bad}"


def _origin(text, i) -> tuple[float, float]:
    import ctypes

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium.raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def _heading_blocks(path: Path):
    """Runs of lines set at heading size (>= 14 pt) that belong to one paragraph: same size, each line
    one leading below the last. Yields (page, [line texts])."""
    pdf = pdfium.PdfDocument(str(path))
    for index in range(len(pdf)):
        text = pdf[index].get_textpage()
        lines: dict[tuple, list] = {}
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            size = round(pdfium.raw.FPDFText_GetFontSize(text.raw, i), 1)
            if size < HEADING_PT or ch in "\r\n":
                continue
            left, baseline = _origin(text, i)
            key = (size, round(baseline))
            lines.setdefault(key, []).append((left, ch))
        ordered = sorted(lines.items(), key=lambda kv: (-kv[0][1], kv[1][0][0]))
        rows = []
        for (size, band), chars in ordered:
            chars.sort()
            # A line may hold several headings side by side (cards): split at wide gaps.
            run, last = [], None
            for left, ch in chars:
                if last is not None and left - last > size * 2.5:
                    rows.append((size, band, run[0][0], "".join(c for _, c in run)))
                    run = []
                run.append((left, ch))
                last = left
            if run:
                rows.append((size, band, run[0][0], "".join(c for _, c in run)))
        used = set()
        for i, (size, y, x, line) in enumerate(rows):
            if i in used:
                continue
            block = [line]
            cy = y
            for j in range(i + 1, len(rows)):
                s2, y2, x2, line2 = rows[j]
                if j not in used and s2 == size and abs(x2 - x) < 2 and 0 < cy - y2 < size * 1.35:
                    block.append(line2)
                    used.add(j)
                    cy = y2
            yield index + 1, block


def _runt(line: str) -> bool:
    line = line.strip()
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", line):
        return len(line) <= 3
    return len(line.split()) < 2


@pytest.mark.parametrize("name", CASES)
def test_no_one_word_last_line_in_headings(editions, name):
    runts = [(page, " / ".join(block)) for page, block in _heading_blocks(editions[name].pdf("screen"))
             if len(block) > 1 and _runt(block[-1])]
    assert not runts, f"headings ending on a one-word line: {runts}"


@pytest.mark.parametrize("name", CASES)
def test_typographic_quotes_only(editions, name):
    pdf = pdfium.PdfDocument(str(editions[name].pdf("screen")))
    found = []
    for index in range(len(pdf)):
        text = pdf[index].get_textpage().get_text_range()
        for match in re.finditer(r".{0,20}['\"].{0,20}", text):
            found.append((index + 1, match.group(0)))
    assert not found, f"straight quotes in the text: {found[:5]}"


def test_half_mission_is_a_designed_booklet(editions):
    """Half the sections still make whole pages: padding pages carry content (a figures page)."""
    pdf = pdfium.PdfDocument(str(editions[HALF].pdf("screen")))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(texts) % 4 == 0
    figures = [t for t in texts[2:] if "Flandern in Zahlen" in t]
    assert figures, "no key-figures page among the padding pages"
    # The talent page is in this booklet: its figures are not said again; the research centres and the
    # companies of the track record, which it leaves out, are.
    flat = " ".join(figures[0].split())
    for said in ("Absolventen in Gesundheitsstudien", "25.000+", "Universitäten"):
        assert said not in flat, f"the figures page repeats {said!r} from the talent page"
    for new in ("VIB", "imec", "Ablynx", "Übernommen von Sanofi"):
        assert new in flat, f"the figures page does not say {new!r}"


def _page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]


def test_figures_page_says_what_the_other_pages_do_not(editions):
    """A mission that leaves sections out gets their key figures on its figures page, not a repeat:
    the local-office mission keeps rankings, talent and CROs, so its figures page shows the research
    centres and the incentive rates, and no figure stated on another page of its booklet."""
    import yaml

    from conftest import CONTENT

    base = {s["id"]: s for s in yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sections"]}
    texts = _page_texts(editions["local-office"].pdf("screen"))
    figures = next(t for t in texts[2:-1] if "Flanders in figures" in t)     # p2 lists it in its contents
    others = " ".join(t for t in texts if t is not figures)
    for incentive in base["incentives"]["incentives"]:
        assert incentive["name"] in figures
    for figure in base["research"]["figures"]:
        assert " ".join(figure["label"].split()) in figures
    for item in base["at-a-glance"]["items"]:
        assert item["metric"] not in figures and item["metric"] in others
    for figure in base["talent"]["figures"]:
        assert " ".join(figure["label"].split()) not in figures
    # the back cover lists every source a page cites, the figures page's among them
    sources = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sources"]
    cited = sources[base["incentives"]["incentives"][0]["source"]]
    assert " ".join(str(cited["title"]).split()) in texts[-1].replace("\u2019", "'")


def test_japanese_tables_set_latin_names_in_the_latin_face(editions):
    """A directory table in the Japanese edition sets Latin names in the brand's Latin face, as its
    text elsewhere is, not in the Japanese face's own Latin letters."""
    import ctypes

    pdf = pdfium.PdfDocument(str(editions["japan-partnering"].pdf("screen")))
    buf = ctypes.create_string_buffer(256)
    faces = set()
    for index in range(len(pdf)):
        text = pdf[index].get_textpage()
        whole = text.get_text_range()
        at = whole.find("Johnson & Johnson")
        if at < 0:
            continue
        for i in range(at, at + len("Johnson")):
            flags = ctypes.c_int()
            pdfium.raw.FPDFText_GetFontInfo(text.raw, i, buf, 256, ctypes.byref(flags))
            faces.add(buf.value.decode())
    assert faces and all("Noto" in face for face in faces), faces


def test_japanese_lines_break_between_phrases(editions):
    """Japanese headings, labels and statements (set in the bold face) break between phrases (a word
    with its particles), never inside a word: in every such paragraph of the Japanese translation set
    over several lines, each line break falls where BudouX's model of Japanese phrases puts a phrase
    boundary. (Running text fills its lines, between phrases where it can.)"""
    import ctypes

    import budoux
    import yaml

    from conftest import CONTENT

    parser = budoux.load_default_japanese_parser()
    texts: list[str] = []

    def collect(node):
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, str) and len(node) >= 12 and not re.search(r"[A-Za-z0-9]", node):
            texts.append("".join(node.split()))

    collect(yaml.safe_load((CONTENT / "translations" / "ja.yaml").read_text(encoding="utf-8")))
    pdf = pdfium.PdfDocument(str(editions["japan-partnering"].pdf("screen")))
    buf = ctypes.create_string_buffer(256)
    checked = 0
    for index in range(len(pdf)):
        page = pdf[index].get_textpage()
        whole = page.get_text_range()
        joined, where, breaks = "", [], []
        for i, ch in enumerate(whole):
            if ch in "\r\n":
                if ch == "\n":
                    breaks.append(len(joined))
                continue
            joined += ch
            where.append(i)
        for text in texts:
            at = joined.find(text)
            inside = [b - at for b in breaks if at >= 0 and at < b < at + len(text)]
            if not inside:
                continue
            flags = ctypes.c_int()
            pdfium.raw.FPDFText_GetFontInfo(page.raw, where[at], buf, 256, ctypes.byref(flags))
            if "Bold" not in buf.value.decode():
                continue            # running text
            starts, pos = set(), 0
            for phrase in parser.parse(text):
                starts.add(pos)
                pos += len(phrase)
            wrong = [text[max(0, b - 6):b] + "/" + text[b:b + 6] for b in inside if b not in starts]
            assert not wrong, f"page {index + 1}: a line breaks inside a word: {wrong}"
            checked += 1
    assert checked >= 3, f"only {checked} Japanese headings or statements found set over several lines"


def test_japanese_map_key_lists_its_sections_with_the_japanese_comma(editions):
    """The map key names the sections it pins as Japanese lists them ("A、B"), not with a Latin comma."""
    import yaml

    from conftest import CONTENT

    ja = yaml.safe_load((CONTENT / "translations" / "ja.yaml").read_text(encoding="utf-8"))["sections"]
    first, second = ja["incubators"]["title"], ja["science-parks"]["title"]
    text = "".join("".join(_page_texts(editions["japan-partnering"].pdf("screen"))).split())
    assert re.search(rf"{re.escape(first)}、{re.escape(second)}", text), \
        "the two sections of the map key are not joined with 、"


def test_a_map_of_two_listings_says_where_each_is_and_what_it_leaves_out(editions):
    """The science parks' map pins the incubators of the page before as well: its key names both
    listings, the other one with the page it starts on (a reader adds up both pages, not the cards
    beside the map; the map's own page is not cited on itself), and names the entries it cannot pin
    because they have no town."""
    import yaml
    from pypdf import PdfReader

    from conftest import CONTENT

    sections = {s["id"]: s for s in yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sections"]}
    german = yaml.safe_load((CONTENT / "translations" / "de.yaml").read_text(encoding="utf-8"))["sections"]
    mapped = sections["science-parks"]["map"]
    assert len(mapped) == 2
    for name, on_page, titles in (("base", "on page", {sid: sections[sid]["title"] for sid in mapped}),
                                  ("germany-mission", "auf S.", {sid: german[sid]["title"] for sid in mapped})):
        pdf = editions[name].pdf("screen")
        pages = _page_texts(pdf)
        key = next(p for p in pages if re.search(r"(Numbers|Zahlen):", p))
        reader = PdfReader(str(pdf))
        starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
        for sid, title in titles.items():
            cited = f"{title} {on_page} {starts[title] + 1}"
            assert (cited not in key) if sid == "science-parks" else (cited in key), (title, starts[title] + 1, key)
            assert title in key, (title, key)
        townless = [e["name"] for e in sections["incubators"]["entries"] if not e.get("town")]
        assert townless and all(n in key for n in townless), (townless, key)
        # and the listing pinned on another page's map says where that map is
        mapped_on = starts[titles["science-parks"]] + 1
        listing = pages[starts[titles["incubators"]]]
        assert re.search(rf"(map on page|Karte auf S\.) {mapped_on}\b", listing), listing[-300:]


def test_a_status_on_a_card_of_several_names_is_marked_on_its_own_name(editions):
    """On a card that lists several parks, "Under construction" is said of one of them only: that
    park's name carries a mark, and the status is a note with the same mark, never a line under the
    names that could read as all of theirs."""
    for name in ("base", "boston-bio"):
        page = next(t for t in _page_texts(editions[name].pdf("screen")) if "Under construction" in t)
        assert "Leuven Noord Science Park*" in page, page
        assert "* Under construction" in page, page
        assert "Arenberg Science Park*" not in page and "Haasrode Research Park*" not in page


def test_kept_together_names_never_break_across_lines(editions):
    """A name on the keep-together list (content/typography.yaml) is never split over two lines, in
    running text or in a heading of a narrow column (a heading there is set a step smaller)."""
    import yaml

    from conftest import CONTENT

    keep = yaml.safe_load((CONTENT / "typography.yaml").read_text(encoding="utf-8"))["keep_together"]
    languages = {"base": "en", "boston-bio": "en", "local-office": "en", "germany-mission": "de", HALF: "de",
                 "lang-fr": "fr", "lang-nl": "nl"}
    checked = 0
    for name, lang in languages.items():
        pdf = pdfium.PdfDocument(str(editions[name].pdf("screen")))
        for index in range(len(pdf)):
            text = pdf[index].get_textpage().get_text_range().replace("\u00a0", " ")
            for term in keep[lang]:
                words = term.split()
                if len(words) < 2:
                    continue
                split = re.compile(r"[ ]*\r?\n[ ]*".join(map(re.escape, words[:1])) + "".join(
                    r"(?:[ ]+|[ ]*\r?\n[ ]*)" + re.escape(w) for w in words[1:]))
                for found in split.finditer(text):
                    checked += 1
                    assert "\n" not in found.group(0), f"{name} p{index + 1}: {found.group(0)!r} is split"
    assert checked >= 10, f"only {checked} kept-together names found"


def test_the_contents_list_is_the_key_to_the_section_icons(editions):
    """Each entry of "In this brochure" carries the icon its section opens with, at the list's own
    size: a reader meets the icon beside the title and page number before finding it on the page."""
    import pikepdf
    import yaml

    from conftest import CONTENT
    from brochure.graphics.icons import GRID
    from brochure.layout.sections.rankings import ICON_IN_LIST

    sections = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sections"]
    listed = [s for s in sections if s["kind"] not in ("cover", "rankings")]
    k = ICON_IN_LIST / GRID
    path = editions["base"].pdf("screen")
    index = next(i for i, text in enumerate(_page_texts(path)) if "In this brochure" in text)
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        scales = [[float(v) for v in operands] for operands, op in pikepdf.parse_content_stream(page)
                  if str(op) == "cm" and len(operands) == 6]
    drawn = [m for m in scales if abs(m[0] - k) < 1e-3 and abs(m[3] + k) < 1e-3]
    assert len(drawn) == sum(1 for s in listed if s.get("icon")) > 8, (len(drawn), [s["id"] for s in listed])



def test_every_inner_page_carries_its_sections_icon_beside_the_page_number(editions):
    """The running foot of each inner page shows, beside the page number, the icon of the section the
    page belongs to: with the contents list as its key, the reader can tell where they are."""
    import pikepdf
    from pypdf import PdfReader

    from brochure.graphics.icons import GRID
    from brochure.layout.pages import FOOT_ICON

    k = FOOT_ICON / GRID
    for name in ("base", "germany-mission"):
        path = editions[name].pdf("print")
        starts = sorted(PdfReader(str(path)).get_destination_page_number(item)
                        for item in PdfReader(str(path)).outline)
        with pikepdf.open(path) as pdf:
            inner = range(1, len(pdf.pages) - 1)            # not the covers
            for i in inner:
                ops = pikepdf.parse_content_stream(pdf.pages[i])
                marks = [op for operands, op in ops if str(op) == "cm" and len(operands) == 6
                         and abs(float(operands[0]) - k) < 1e-3 and abs(float(operands[3]) + k) < 1e-3]
                assert len(marks) == 1, (name, i + 1, len(marks))
        assert len(starts) >= 10

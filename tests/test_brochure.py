"""End to end: build real PDFs into a temporary folder, read them back and check what a reader and a
print shop see (text, fonts, colour, boxes, bleed, metadata) and how the command line behaves."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from conftest import CONTENT, REPO, build_into, copy_project, squashed

MM = 72 / 25.4
A4_MM = (210.0, 297.0)
BLEED_MM = 3.0
STANDARD_14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
META = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["meta"]


# --------------------------------------------------------------------------- reading PDFs back


@functools.lru_cache(maxsize=None)
def page_texts(path: str) -> tuple[str, ...]:
    """The extracted text of every page (pdfium), in page order."""
    doc = pdfium.PdfDocument(path)
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return tuple(texts)
    finally:
        doc.close()


_CHARS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-",
    "\u00ad": None, "\x02": None, "\ufffe": None,
})


def squash(text: str) -> str:
    """Text for comparing content with the page: see conftest.squashed."""
    return squashed(text)


def _fragment(phrase: str) -> str:
    # a hyphen in the phrase may disappear when the line is broken at it
    return "".join("-?" if c == "-" else re.escape(c) for c in squash(phrase))


def near(*phrases: str, gap: int = 40) -> re.Pattern:
    """The phrases in this order, each at most `gap` characters (whitespace not counted) after the last."""
    return re.compile((".{0,%d}?" % gap).join(_fragment(p) for p in phrases), re.S)


def document_text(path: Path) -> str:
    return squash("\n".join(page_texts(str(path))))


def segment(hay: str, start, end) -> str:
    """The part of the squashed text from the first `start` to the next `end` after it. A marker is a
    phrase or a tuple of phrases that follow each other closely (a title and its first words, so a
    table of contents does not count)."""
    def pattern(marker):
        return near(*((marker,) if isinstance(marker, str) else marker), gap=5)

    first = pattern(start).search(hay)
    assert first, f"section starting with {start!r} not found"
    rest = hay[first.start():]
    if end:
        stop = pattern(end).search(rest, len(first.group(0)))
        assert stop, f"end marker {end!r} not found after {start!r}"
        rest = rest[: stop.start()]
    return rest


def phrase_boxes(textpage, phrase: str, whole_word: bool = True) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in PDF points of every occurrence of `phrase` on a pdfium text page."""
    boxes = []
    searcher = textpage.search(phrase, match_case=True, match_whole_word=whole_word)
    hit = searcher.get_next()
    while hit:
        index, count = hit
        chars = [textpage.get_charbox(i) for i in range(index, index + count)]
        chars = [c for c in chars if c[2] > c[0]]
        boxes.append((min(c[0] for c in chars), min(c[1] for c in chars),
                      max(c[2] for c in chars), max(c[3] for c in chars)))
        hit = searcher.get_next()
    searcher.close()
    return boxes


def _centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _resources(obj):
    """A page's or form's /Resources, following page-tree inheritance."""
    seen = 0
    while obj is not None and seen < 32:
        res = obj.get("/Resources")
        if res is not None:
            return res
        obj = obj.get("/Parent")
        seen += 1
    return pikepdf.Dictionary()


def content_owners(pdf: pikepdf.Pdf):
    """Every (page number, content-bearing object, resources) in the file: pages, the Form XObjects and
    tiling patterns they use (recursively), annotation appearances and Type 3 glyph procedures."""
    out: list = []
    for number, page in enumerate(pdf.pages, 1):
        seen: set = set()
        _walk_owners(out, number, page.obj, _resources(page.obj), seen)
        for annot in page.obj.get("/Annots") or []:
            for stream in _appearance_streams(annot):
                _walk_owners(out, number, stream, _resources(stream), seen)
    return out


def _appearance_streams(annot) -> list:
    """An annotation's normal appearance: one stream, or one per appearance state."""
    appearance = (annot.get("/AP") or pikepdf.Dictionary()).get("/N")
    if isinstance(appearance, pikepdf.Stream):
        return [appearance]
    if isinstance(appearance, pikepdf.Dictionary):
        return [v for _, v in appearance.items()]
    return []


def _walk_owners(out: list, page_no: int, obj, resources, seen: set, depth: int = 0) -> None:
    """Add `obj` and the content streams its resources use (forms, patterns, Type 3 glyphs) to `out`."""
    out.append((page_no, obj, resources))
    if depth > 24:
        return
    for child in _form_and_pattern_streams(resources):
        if child.objgen != (0, 0):
            if child.objgen in seen:
                continue
            seen.add(child.objgen)
        _walk_owners(out, page_no, child, _resources(child), seen, depth + 1)
    for _, font in (resources.get("/Font") or pikepdf.Dictionary()).items():
        if font.get("/Subtype") == "/Type3":
            font_res = font.get("/Resources") or resources
            for _, proc in font.CharProcs.items():
                _walk_owners(out, page_no, proc, font_res, seen, depth + 1)


def _form_and_pattern_streams(resources) -> list:
    """The Form XObjects and pattern streams named in `resources`, XObjects first."""
    found = []
    for key in ("/XObject", "/Pattern"):
        entries = resources.get(key)
        for _, child in (entries.items() if entries is not None else ()):
            if isinstance(child, pikepdf.Stream) and (key != "/XObject" or child.get("/Subtype") == "/Form"):
                found.append(child)
    return found


def operators(obj):
    """Parsed content-stream instructions of a page or form/pattern/glyph stream."""
    return pikepdf.parse_content_stream(obj)


def mm(pt: float) -> float:
    return float(pt) / MM


def box_mm(page, name):
    box = page.obj.get(name)
    return None if box is None else [mm(v) for v in box]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def screen_text(base_build) -> str:
    return document_text(base_build.pdf("screen"))


@pytest.fixture(scope="module")
def print_pdf(base_build) -> Path:
    return base_build.pdf("print")


@pytest.fixture(scope="module")
def screen_pdf(base_build) -> Path:
    return base_build.pdf("screen")


EDITIONS = ("print", "screen")


# --------------------------------------------------------------------------- 1. seed facts


@dataclass(frozen=True)
class Fact:
    id: str
    phrases: tuple[str, ...]
    gap: int = 40
    within: tuple[str, str | None] | None = None  # (section start, section end)


def fact(id_, *phrases, gap=40, within=None):
    return Fact(id_, phrases, gap, within)


INCUBATOR_SECTION = (("Incubators and accelerators", "Young and growing"), ("Science parks", "Several science"))
SCIENCE_PARK_SECTION = (("Science parks", "Several science"), ("Contract research organisations", "Biotech companies"))
CRO_SECTION = (("Contract research organisations", "Biotech companies"), "many more")
PRESENCE = (("Global biopharma is already here", "Flanders has one"), ("Medical technology", "The next wave"))

FACTS = [
    # who is speaking
    fact("invest-in-flanders", "Invest in Flanders"),
    fact("fit", "Flanders Investment & Trade"),
    # the five EU rankings: rank, metric and the number of its source in the note under the band
    fact("rank-1-clinical-trial-speed", "#1", "Speed of clinical trial procedures", "\u00b9", gap=3),
    fact("rank-1-biotech-market-cap", "#1", "Biotech market capitalisation", "\u00b2", gap=3),
    fact("rank-2-clinical-trial-applications", "#2", "Clinical trial applications per capita", "\u00b9", gap=3),
    fact("rank-2-patent-applications", "#2", "Pharma and biotech patent applications per capita", "\u00b3", gap=3),
    fact("rank-3-researchers", "#3", "(Bio)pharma researchers per capita", "\u00b9", gap=3),
    fact("rank-sources", "\u00b9 pharma.be, Facts and figures 2019", "\u00b2 flanders.bio, 2016",
         "\u00b3 pharma.be, Facts and figures 2020", gap=3),
    fact("rankings-region", "Belgium", "northern region", "Flanders", gap=20),
    fact("rankings-eu", "European Union"),
    fact("source-pharma-2019", "pharma.be", "Facts and figures 2019", gap=3),
    fact("source-pharma-2020", "pharma.be", "Facts and figures 2020", gap=3),
    # track record
    fact("argenx", "argenx"),
    fact("ablynx-sanofi", "Ablynx", "Sanofi", gap=30),
    fact("tigenix-takeda", "TiGenix", "Takeda", gap=30),
    fact("multiplicom-agilent", "Multiplicom", "Agilent", gap=30),
    fact("university-spin-offs", "university spin-offs"),
    fact("foreign-industry-leaders", "foreign industry leaders"),
    # welcome team
    fact("welcome-team", "Welcome Team for Life Sciences"),
    fact("welcome-team-partners", "Flanders Investment & Trade", "VIB", "flanders.bio",
         "Flanders Innovation & Entrepreneurship", gap=20),
    fact("welcome-international", "business international"),
    fact("welcome-right-match", "whether Flanders is the right match"),
    fact("welcome-set-up", "best way to set up in the region"),
    fact("welcome-ecosystem", "place in the local ecosystem"),
    fact("welcome-email", "invest@fitagency.be"),
    # talent
    fact("five-universities", "five universities"),
    fact("ku-leuven", "KU Leuven", "Leuven", gap=6),
    fact("ugent", "UGent", "Ghent", gap=6),
    fact("tech-transfer", "technology transfer"),
    fact("contract-research", "contract research"),
    fact("graduates-health-25000", "25,000+", "graduates in health studies", "every year", gap=5),
    fact("health-studies-range", "medicine", "medical diagnostics", "pharmaceutical", gap=20),
    fact("graduates-car-t-1000", "1,000+", "graduates in CAR-T-relevant disciplines", "every year", gap=5),
    fact("car-t-disciplines", "Biochemistry", "biotechnology", "bioengineering", "cell and gene technology",
         "biomedical sciences", gap=5),
    fact("graduates-biology-1500", "1,500+", "graduates in biological and related sciences", "every year", gap=5),
    fact("eurostat-2016", "Eurostat", "2016", gap=3),
    fact("per-1000-inhabitants", "graduates in health studies per 1,000 inhabitants"),
    *[fact(f"chart-{label.casefold()}", label) for label in ("Flanders", "France", "Netherlands", "Germany")],
    *[fact(f"chart-{value}", value, within=("per 1,000 inhabitants", None))
      for value in ("2.2", "1.5", "1.0", "0.3")],
    # research centres
    fact("four-research-centres", "4", "strategic research centres in Flanders", gap=3),
    fact("three-natural-partners", "3", "of them natural partners", "life sciences R&D and innovation", gap=5),
    fact("vib", "VIB", "Biotechnology in all its forms", gap=3),
    fact("vib-research", "cancer research", "immunology", "neuro- and microbiology", "medical biotechnology", gap=10),
    fact("vib-training", "life sciences training and coaching"),
    fact("imec", "imec", "Nanotechnology and digital technology", gap=3),
    fact("imec-electronics", "electronics for pharma and healthcare"),
    fact("imec-e-health", "e-health and e-care"),
    fact("vito", "VITO", "Cleantech and sustainable development", "sustainable health", gap=20),
    fact("vito-biomarkers", "biomarkers for preventive healthcare and health management"),
    fact("spin-offs", "spin-offs"),
    # ecosystem
    fact("flanders-bio", "flanders.bio", "networking organisation", "life sciences sector", gap=10),
    fact("medvia", "MEDVIA", "Spearhead cluster", gap=3),
    fact("medvia-crossroads", "medical biotech", "medtech", "digital technology", gap=10),
    fact("health-house", "Health House", "Visitor centre", "Leuven", gap=5),
    fact("health-house-showcase", "artificial intelligence", "virtual reality", "3D printing", "wearables", gap=5),
    fact("cinbios", "CINBIOS", "industrial biotech", gap=120),
    fact("vib-core-facilities", "VIB Core Facilities", "locations in Flanders", "Medical biotech services",
         "Sequencing", "Genotyping", "Proteomics analysis", "Protein production and purification", gap=20),
    # incubators, accelerators and science parks (towns are checked per row in a test below)
    *[fact(f"incubator-{name}", name, within=INCUBATOR_SECTION)
      for name in ("Bioscape", "Bio-Accelerator Gent", "Bio-incubator Leuven", "Incubator Darwin", "BioVille",
                   "JLABS", "Food Port", "imec.iStart", "imec.xpand", "Obelisc")],
    *[fact(f"science-park-{name}", name, within=SCIENCE_PARK_SECTION)
      for name in ("Tech Lane Ghent", "Science Park University of Antwerp", "BlueGate Antwerp",
                   "Arenberg Science Park", "Haasrode Research Park", "Leuven Noord Science Park")],
    # said of that park only: its name carries the mark of the note at its card's foot
    fact("leuven-noord-under-construction", "Leuven Noord Science Park*", "* Under construction", gap=140),
    # global biopharma
    *[fact(f"biopharma-{name}", name, within=PRESENCE)
      for name in ("Janssen Pharmaceuticals", "Pfizer", "Roche Diagnostics", "Novartis", "Sanofi", "MSD",
                   "Amgen", "Merck", "Agilent")],
    fact("belgian-partners", "elsewhere in Belgium", "GSK", "UCB", gap=5, within=PRESENCE),
    fact("biopharma-concentration", "highest concentrations of biopharmaceutical companies"),
    # medtech
    fact("medtech-intersection", "nanotechnology", "biotechnology", "cybersecurity", gap=20),
    fact("medtech-fields", "Advanced microscopy", "Medical imaging", "Biochips for advanced diagnostics",
         "Active implants (pumps, drug delivery systems, neurostimulators)", gap=5),
    fact("medtech-incubation", "medtech R&D and business incubation"),
    # financing and tax
    fact("headquarters", "activities", "headquarters in Flanders", gap=10),
    fact("financing-labour", "Fiscal options that lower the cost of labour"),
    fact("financing-experts", "Venture capital and bank funding experts", "life sciences and biopharma", gap=20),
    fact("tax-incentives", "Tax incentives for research-intensive activities"),
    # each incentive: its rate (with "up to"), then its name and what the rate is a share of
    fact("innovation-income-deduction", "up to 85%", "Innovation income deduction", "net innovation income",
         "corporate tax", gap=20),
    fact("rd-investment-deduction", "R&D investment deduction", "13.5%", "investment value", "at once", "20.5%",
         "annual depreciation", gap=20),
    fact("rd-payroll-tax-exemption", "80%", "R&D payroll tax exemption", "withholding tax",
         "researchers and academic staff", gap=20),
]


@pytest.mark.parametrize("item", FACTS, ids=[f.id for f in FACTS])
def test_seed_fact_in_screen_text(item: Fact, screen_text):
    hay = segment(screen_text, *item.within) if item.within else screen_text
    pattern = near(*item.phrases, gap=item.gap)
    assert pattern.search(hay), f"not in the screen PDF's text: {' … '.join(item.phrases)}"


def test_fact_ids_unique():
    assert len({f.id for f in FACTS}) == len(FACTS)


def test_print_and_screen_say_the_same(base_build):
    assert [squash(t) for t in page_texts(str(base_build.pdf("print")))] == \
        [squash(t) for t in page_texts(str(base_build.pdf("screen")))]


def _row_blocks(hay: str, names: list[str]) -> dict[str, str]:
    """The squashed text from each name to the next name (one table row, whatever the column order)."""
    found = {}
    for name in names:
        match = re.search(_fragment(name), hay)
        assert match, f"{name!r} not found"
        found[name] = match.start()
    order = sorted(names, key=found.get)
    return {name: hay[found[name]: found[order[i + 1]] if i + 1 < len(order) else len(hay)]
            for i, name in enumerate(order)}


INCUBATORS = {  # name: (town the seed gives or None, a detail the seed gives)
    "Bioscape": (None, "modular"),
    "Bio-Accelerator Gent": ("Ghent", "Ghent's biotech valley"),
    "Bio-incubator Leuven": ("Leuven", "University Hospital Leuven"),
    "Incubator Darwin": ("Antwerp", "University of Antwerp"),
    "BioVille": ("Diepenbeek", "Hasselt University"),
    "JLABS": ("Beerse", "Johnson & Johnson"),
    "Food Port": ("Tienen", "Feed Food Health Campus"),
    "imec.iStart": (None, "pre-seed funding"),
    "imec.xpand": (None, "hardware-based nanotech"),
    "Obelisc": ("Ghent", "Ghent's biotech cluster"),
}

SCIENCE_PARKS = {
    "Tech Lane Ghent": ("Ghent", "materials science"),
    "Science Park University of Antwerp": ("Antwerp", "Antwerp-Brussels transport hub"),
    "BlueGate Antwerp": ("Antwerp", "water-bound business park"),
    "Arenberg Science Park": ("Leuven", "Leuven's knowledge institutions"),
    "Haasrode Research Park": ("Leuven", "Leuven's knowledge institutions"),
    "Leuven Noord Science Park": ("Leuven", "Leuven's knowledge institutions"),
}

CROS = {
    "Biogazelle": "Ghent", "Bio-Plus Safety Pharmacology": "Mol", "Bio4ward": "Landen", "BARC": "Ghent",
    "BioMARIC": "Ghent", "BioLizard": "Ghent", "BISC Global": "Ghent", "Conforma": "Destelbergen",
    "Clinitude": "Leuven", "Digital Cell Imaging": "Keerbergen", "EMTEX": "Sint-Martens-Latem",
    "European Center for Chirality": "Ghent", "EGAMI": "Antwerp", "Innogenetics Biologicals": "Ghent",
    "Icometrix": "Leuven", "KasaConsult": "Hoegaarden", "Medpace": "Leuven", "Ontoforce": "Ghent",
    "ProGenTomics": "Ghent", "ProDigest": "Ghent", "Q-Biologicals": "Ghent", "InnoSer": "Hasselt",
}


@pytest.mark.parametrize("table, start, end", [
    (INCUBATORS, *INCUBATOR_SECTION),
    (SCIENCE_PARKS, *SCIENCE_PARK_SECTION),
], ids=["incubators", "science-parks"])
def test_directory_rows_carry_town_and_detail(table, start, end, screen_text):
    """Each entry's town and detail print with it; entries that share one profile (three parks in one
    town with one description) may share one block that names them all."""
    rows = _row_blocks(segment(screen_text, start, end), list(table))
    shared: dict[tuple, list[str]] = {}
    for name, wants in table.items():
        shared.setdefault(wants, []).append(name)
    blocks = {name: "".join(rows[n] for n in shared[wants]) for name, wants in table.items()}
    wrong = [f"{name}: expected {want!r}" for name, wants in table.items() for want in wants
             if want and not re.search(_fragment(want), blocks[name])]
    assert not wrong, "rows missing their town/detail:\n" + "\n".join(wrong)


def test_every_cro_is_listed_with_its_town(screen_text):
    assert len(CROS) == 22
    hay = segment(screen_text, *CRO_SECTION)
    names = {name: re.search(_fragment(name), hay) for name in CROS}
    assert all(names.values()), f"CROs missing: {[n for n, m in names.items() if not m]}"
    taken = [range(m.start(), m.end()) for m in names.values()]
    towns = sorted(
        (m.start(), town) for town in set(CROS.values()) for m in re.finditer(_fragment(town), hay)
        if not any(m.start() in r for r in taken)
    )
    wrong = []
    for name, match in names.items():
        preceding = [town for pos, town in towns if pos < match.start()]
        following = hay[match.end(): match.end() + len(squash(CROS[name])) + 2]
        # grouped by town (town, then its names) or one row per CRO (name, then town)
        if not (preceding and preceding[-1] == CROS[name]) and not re.match(_fragment(CROS[name]), following):
            wrong.append(f"{name}: expected town {CROS[name]}, "
                         f"listed under {preceding[-1] if preceding else 'no town'}")
    assert not wrong, "\n".join(wrong)


def _broken_inside_word(text: str, phrase: str) -> list[str]:
    """Occurrences of `phrase` in `text` that a line break splits inside a word (not where the phrase
    has a space and not right after a hyphen or slash)."""
    letters, spaced = [], set()
    for c in phrase:
        if c.isspace():
            spaced.add(len(letters))
        else:
            letters.append(c)
    bad = []
    for match in re.finditer(r"\s*".join(re.escape(c) for c in letters), text):
        index, gap = 0, ""
        for ch in match.group(0):
            if ch.isspace():
                gap += ch
                continue
            if ("\n" in gap or "\r" in gap) and index not in spaced and letters[index - 1] not in "-/":
                bad.append(re.sub(r"\s*[\r\n]\s*", " | ", match.group(0)))
                break
            gap, index = "", index + 1
    return bad


NAMES_THAT_MUST_NOT_BREAK = sorted(set(CROS) | set(CROS.values()) | set(INCUBATORS) | set(SCIENCE_PARKS)
                                   | {"argenx", "Ablynx", "TiGenix", "Multiplicom"})


def test_names_are_not_broken_inside_a_word(base_build):
    text = "\n".join(page_texts(str(base_build.pdf("screen"))))
    broken = {name: _broken_inside_word(text, name) for name in NAMES_THAT_MUST_NOT_BREAK}
    broken = {k: v for k, v in broken.items() if v}
    assert not broken, f"names split inside a word at a line break: {broken}"


def test_talent_chart_pairs_each_country_with_its_value(screen_pdf):
    expected = {"Flanders": "2.2", "France": "1.5", "Netherlands": "1.0", "Germany": "0.3"}
    doc = pdfium.PdfDocument(str(screen_pdf))
    try:
        pages = [i for i, t in enumerate(page_texts(str(screen_pdf))) if "per1,000inhabitants" in squash(t)]
        assert pages, "talent chart not found"
        textpage = doc[pages[0]].get_textpage()
        title = phrase_boxes(textpage, "per 1,000 inhabitants", whole_word=False)[0]
        labels = {}
        for country in expected:
            below = [b for b in phrase_boxes(textpage, country) if b[3] <= title[1] + 1]
            assert below, f"chart label {country!r} not extractable below the chart title"
            labels[country] = max(below, key=lambda b: b[3])  # nearest under the title
        values = {v: phrase_boxes(textpage, v) for v in expected.values()}
        assert all(values.values()), f"chart values not extractable: {values}"
        xs = [_centre(b)[0] for b in labels.values()]
        ys = [_centre(b)[1] for b in labels.values()]
        axis = 1 if max(xs) - min(xs) < max(ys) - min(ys) else 0  # bars side by side or stacked
        for country, box in labels.items():
            at = _centre(box)[axis]
            nearest = min(((abs(_centre(b)[axis] - at), v) for v, bs in values.items() for b in bs))[1]
            assert nearest == expected[country], f"{country} is shown next to {nearest}, not {expected[country]}"
    finally:
        doc.close()


# --------------------------------------------------------------------------- 2. fonts


def _font_problems(path: Path) -> list[str]:
    problems = []
    with pikepdf.open(path) as pdf:
        fonts = {}
        for page_no, _, resources in content_owners(pdf):
            for key, font in (resources.get("/Font") or pikepdf.Dictionary()).items():
                fonts.setdefault(font.objgen if font.objgen != (0, 0) else id(font), (page_no, key, font))
        for obj in pdf.objects:  # also fonts that no page reaches
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                fonts.setdefault(obj.objgen, (None, "(unreferenced)", obj))
        for page_no, key, font in fonts.values():
            where = f"page {page_no} {key}" if page_no else key
            subtype = font.get("/Subtype")
            descendants = list(font.get("/DescendantFonts") or [])
            for f in [font] + descendants:
                base = str(f.get("/BaseFont", ""))[1:]
                plain = base.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", base) else base
                if plain.startswith(STANDARD_14):
                    problems.append(f"{where}: standard-14 font {base} referenced")
            if subtype == "/Type3":
                continue
            holder = descendants[0] if subtype == "/Type0" and descendants else font
            descriptor = holder.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{where}: font {font.get('/BaseFont')} is not embedded")
    return problems


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_font_is_embedded(edition, base_build):
    problems = [p for p in _font_problems(base_build.pdf(edition)) if "not embedded" in p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_standard_14_font_is_referenced(edition, base_build):
    problems = [p for p in _font_problems(base_build.pdf(edition)) if "standard-14" in p]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_text_is_set_in_embedded_brand_fonts(edition, base_build):
    """The fonts that actually show text: brand fonts, embedded."""
    used = {}
    with pikepdf.open(base_build.pdf(edition)) as pdf:
        for _, obj, resources in content_owners(pdf):
            fonts = resources.get("/Font") or pikepdf.Dictionary()
            current = None
            for instr in operators(obj):
                op = str(instr.operator)
                if op == "Tf":
                    current = str(instr.operands[0])
                elif op in ("Tj", "TJ", "'", '"') and current in fonts:
                    font = fonts[current]
                    holder = (font.get("/DescendantFonts") or [font])[0]
                    descriptor = holder.get("/FontDescriptor") or pikepdf.Dictionary()
                    used[str(font.get("/BaseFont"))[1:].split("+")[-1]] = any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert used and all(name.startswith(("NotoSans", "BIZUDPGothic")) for name in used), sorted(used)
    assert all(used.values()), f"fonts showing text without an embedded font program: {used}"


# --------------------------------------------------------------------------- 3. charts are vector


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_raster_images(edition, base_build):
    with pikepdf.open(base_build.pdf(edition)) as pdf:
        images = [repr(o.objgen) for o in pdf.objects
                  if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        inline = [n for n, obj, _ in content_owners(pdf)
                  for i in operators(obj) if str(i.operator) == "INLINE IMAGE"]
    assert not images, f"image XObjects: {images}"
    assert not inline, f"inline images on pages {sorted(set(inline))}"


@pytest.mark.parametrize("page_marker, labels", [
    ("Graduates in health studies per 1,000 inhabitants",
     {"Flanders": 1, "France": 1, "Netherlands": 1, "Germany": 1, "2.2": 1, "1.5": 1, "1.0": 1, "0.3": 1}),
    ("Sint-Martens-Latem",
     {"Ghent": 2, "Leuven": 2, "Sint-Martens-Latem": 2, "Hoegaarden": 2, "Keerbergen": 2, "Brussels": 1}),
], ids=["graduates", "map"])
def test_chart_labels_are_text(page_marker, labels, screen_pdf):
    """Each chart's and map's labels are real text; labels that also appear in the body text (towns
    in the list beside the map) appear twice."""
    pages = [squash(t) for t in page_texts(str(screen_pdf)) if re.search(_fragment(page_marker), squash(t))]
    assert pages, f"chart page with {page_marker!r} not found"
    counts = {label: len(re.findall(_fragment(label), pages[0])) for label in labels}
    assert all(counts[k] >= n for k, n in labels.items()), f"label counts on the chart page: {counts}"


# --------------------------------------------------------------------------- 4 + 5. long tables, escaping

ESCAPED_INTRO = "Escaping check: R&D stays R&D, a < b holds, and <b>bold</b> is not markup."
ESCAPED_CRO = "R&D <b>bold</b> Labs a < b"
LONG_CROS = 200
TOWNS = ["Antwerp", "Ghent", "Hasselt", "Leuven", "Mol"]


def _edit_content(content: Path, edit) -> None:
    path = content / "brochure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _section(data, section_id):
    return next(s for s in data["sections"] if s.get("id") == section_id)


@pytest.fixture(scope="module")
def long_build(tmp_path_factory):
    """A copy of the content with 200 CROs (one with markup-like characters in its name) and
    markup-like characters in the talent intro."""
    root = tmp_path_factory.mktemp("long")
    content = copy_project(root / "project")

    def edit(data):
        cros = _section(data, "cros")
        cros["entries"] = [{"name": ESCAPED_CRO if i == 0 else f"Lab {i:03d}", "town": TOWNS[i % len(TOWNS)]}
                           for i in range(LONG_CROS)]
        talent = _section(data, "talent")
        talent["intro"] = ESCAPED_INTRO + " " + talent["intro"]

    _edit_content(content, edit)
    return build_into(content, root)


def _cro_rows(textpage) -> list[tuple]:
    return phrase_boxes(textpage, "Lab ", whole_word=False) + phrase_boxes(textpage, "Labs", whole_word=False)


@pytest.mark.parametrize("edition", EDITIONS)
def test_long_directory_repeats_its_header_on_every_page(edition, long_build):
    path = long_build.pdf(edition)
    doc = pdfium.PdfDocument(str(path))
    try:
        spans = []
        for index in range(len(doc)):
            textpage = doc[index].get_textpage()
            rows = _cro_rows(textpage)
            if not rows:
                continue
            spans.append(index + 1)
            for word in ("Town", "Name"):
                headers = phrase_boxes(textpage, word)
                assert headers, f"page {index + 1}: directory continues without its {word!r} header"
                lowest_header = min(b[1] for b in headers)
                highest_row = max(b[3] for b in rows)
                assert lowest_header > highest_row, \
                    f"page {index + 1}: the {word!r} header is not above the rows"
        assert len(spans) >= 3, f"200 CROs fit on pages {spans}?"
        assert spans == list(range(spans[0], spans[-1] + 1)), f"directory pages not consecutive: {spans}"
    finally:
        doc.close()
    text = "\n".join(page_texts(str(path)))
    labs = re.findall(r"Lab (\d{3})", text)
    assert sorted(labs) == [f"{i:03d}" for i in range(1, LONG_CROS)], "rows lost or repeated across pages"
    assert long_build.record(edition).pages % (4 if edition == "print" else 1) == 0


@pytest.mark.parametrize("edition", EDITIONS)
def test_markup_characters_render_literally(edition, long_build):
    raw = "\n".join(page_texts(str(long_build.pdf(edition))))
    flat = re.sub(r"\s+", " ", raw)
    for phrase in (ESCAPED_INTRO, ESCAPED_CRO):
        assert re.sub(r"\s+", "", phrase) in re.sub(r"\s+", "", raw), f"{phrase!r} not shown literally"
    assert "R&D;" not in flat and "&amp;" not in flat and "&lt;" not in flat and "&gt;" not in flat
    assert "<b>bold</b>" in flat


# --------------------------------------------------------------------------- 6. determinism


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory):
    """`python -m brochure build` in a subprocess, with another hash seed and an empty cache folder."""
    root = tmp_path_factory.mktemp("cli")
    env = dict(os.environ, PYTHONHASHSEED="123", BROCHURE_CACHE=str(root / "cache"))
    proc = subprocess.run([sys.executable, "-m", "brochure", "build", "--content", str(CONTENT),
                           "--output", str(root / "out")], env=env, cwd=root, capture_output=True, text=True,
                          timeout=300)
    return proc, root / "out"


def test_two_builds_are_byte_identical(base_build, tmp_path):
    again = build_into(CONTENT, tmp_path, cache=base_build.cache)  # warm cache this time
    for edition in EDITIONS:
        first, second = base_build.pdf(edition), again.pdf(edition)
        assert first != second
        assert first.read_bytes() == second.read_bytes(), f"{edition} edition differs between builds"


def test_build_in_subprocess_with_other_hash_seed_is_byte_identical(base_build, cli_build):
    proc, out = cli_build
    assert proc.returncode == 0, proc.stderr
    for edition in EDITIONS:
        first = base_build.pdf(edition)
        other = out / first.name
        assert other.exists(), f"{other.name} not written"
        assert first.read_bytes() == other.read_bytes(), f"{edition} edition depends on the hash seed"
    # The process ends without tearing down the interpreter: what it printed still arrives in full.
    assert sorted(Path(line).name for line in proc.stdout.splitlines()) == sorted(
        base_build.pdf(e).name for e in EDITIONS), proc.stdout
    assert "older than 5 years" in proc.stderr


# --------------------------------------------------------------------------- 7. metadata


@pytest.mark.parametrize("edition", EDITIONS)
def test_metadata(edition, base_build):
    with pikepdf.open(base_build.pdf(edition)) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == META["title"]
        assert str(info["/Author"]) == META["author"]
        assert str(info["/Subject"]) == META["subject"]
        keywords = str(info["/Keywords"])
        assert all(k in keywords for k in META["keywords"]), keywords
        assert str(pdf.Root.Lang) == META["language"]
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == META["title"]
            assert META["author"] in list(xmp.get("dc:creator") or [])
            assert xmp.get("dc:description") == META["subject"]
            assert META["language"] in set(xmp.get("dc:language") or [])
        assert pdf.Root.ViewerPreferences.get("/DisplayDocTitle") is True


def test_screen_edition_is_tagged(screen_pdf):
    with pikepdf.open(screen_pdf) as pdf:
        assert pdf.Root.MarkInfo.get("/Marked") is True
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as xmp:
            assert str(xmp.get("pdfuaid:part")) == "1"


# --------------------------------------------------------------------------- 8. print edition


def test_print_boxes_in_millimetres(print_pdf):
    from brochure.editions import get

    edition = get("print")
    assert mm(edition.bleed) == pytest.approx(BLEED_MM, abs=0.01)
    slug = mm(edition.slug)
    assert slug >= 5, "no room for crop marks outside the bleed"
    with pikepdf.open(print_pdf) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            media, trim, bleed = (box_mm(page, b) for b in ("/MediaBox", "/TrimBox", "/BleedBox"))
            assert trim and bleed, f"page {number}: TrimBox/BleedBox missing"
            assert trim[2] - trim[0] == pytest.approx(A4_MM[0], abs=0.05)
            assert trim[3] - trim[1] == pytest.approx(A4_MM[1], abs=0.05)
            assert bleed[2] - bleed[0] == pytest.approx(A4_MM[0] + 2 * BLEED_MM, abs=0.05)
            assert bleed[3] - bleed[1] == pytest.approx(A4_MM[1] + 2 * BLEED_MM, abs=0.05)
            for side in range(2):  # bleed centred around the trim: 3 mm on every side
                assert trim[side] - bleed[side] == pytest.approx(BLEED_MM, abs=0.05)
                assert bleed[side + 2] - trim[side + 2] == pytest.approx(BLEED_MM, abs=0.05)
            assert media[2] - media[0] == pytest.approx(A4_MM[0] + 2 * (BLEED_MM + slug), abs=0.05)
            assert media[3] - media[1] == pytest.approx(A4_MM[1] + 2 * (BLEED_MM + slug), abs=0.05)
            for side in range(2):  # the slug is the same on every side
                assert bleed[side] - media[side] == pytest.approx(slug, abs=0.05)
                assert media[side + 2] - bleed[side + 2] == pytest.approx(slug, abs=0.05)
            crop = box_mm(page, "/CropBox")
            assert crop is None or crop == pytest.approx(media, abs=0.05)


def test_print_page_count_is_a_multiple_of_four(base_build):
    with pikepdf.open(base_build.pdf("print")) as pdf:
        assert len(pdf.pages) % 4 == 0
        assert len(pdf.pages) == base_build.record("print").pages


def test_print_is_pdfx4_with_cmyk_output_intent(print_pdf):
    with pikepdf.open(print_pdf) as pdf:
        intents = [oi for oi in pdf.Root.get("/OutputIntents") or [] if oi.get("/S") == "/GTS_PDFX"]
        assert len(intents) == 1, "exactly one /GTS_PDFX output intent expected"
        profile = intents[0].get("/DestOutputProfile")
        assert profile is not None and int(profile.N) == 4, "output profile is not CMYK"
        assert profile.read_bytes() == (REPO / "assets" / "icc" / "FOGRA39-based.icc").read_bytes()
        assert profile.get("/Filter") == "/FlateDecode"
        assert str(intents[0].get("/OutputConditionIdentifier", ""))
        assert str(pdf.docinfo.get("/GTS_PDFXVersion")) == "PDF/X-4"
        assert str(pdf.docinfo.get("/Trapped")) in ("/True", "/False")
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"


_RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}


def test_print_has_no_rgb_colour(print_pdf):
    found = []
    with pikepdf.open(print_pdf) as pdf:
        for number, obj, resources in content_owners(pdf):
            for instr in operators(obj):
                op = str(instr.operator)
                if op in ("rg", "RG"):
                    found.append(f"page {number}: {op}")
                elif op in ("cs", "CS") and str(instr.operands[0]) in _RGB_SPACES:
                    found.append(f"page {number}: {op} {instr.operands[0]}")
            for name, space in (resources.get("/ColorSpace") or pikepdf.Dictionary()).items():
                family = space if isinstance(space, pikepdf.Name) else space[0]
                if str(family) in _RGB_SPACES or (
                        str(family) == "/ICCBased" and int(space[1].get("/N", 0)) == 3):
                    found.append(f"page {number}: colour space {name} is RGB")
    assert not found, "\n".join(sorted(set(found))[:20])


def test_preflight_print_is_clean(print_pdf):
    from brochure.preflight import preflight

    report = preflight(print_pdf, "print")
    bad = [f"{f.level} {f.check}: {f.message}" for f in report.findings if f.level in ("FAIL", "WARN")]
    assert not bad, "\n".join(bad)


def test_preflight_screen_is_clean(screen_pdf):
    from brochure.preflight import preflight

    report = preflight(screen_pdf, "screen")
    bad = [f"{f.level} {f.check}: {f.message}" for f in report.findings if f.level in ("FAIL", "WARN")]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("edition", EDITIONS)
def test_qpdf_check_is_clean(edition, base_build):
    """qpdf's own check (through pikepdf, which ships it): every object, stream and the cross-reference
    table read back without a warning."""
    with pikepdf.open(base_build.pdf(edition)) as pdf:
        problems = pdf.check_pdf_syntax()
    assert problems == [], problems


def test_cover_background_reaches_into_the_bleed(print_pdf):
    import numpy as np

    scale = 50 / 72  # ~50 dpi
    doc = pdfium.PdfDocument(str(print_pdf))
    try:
        page = doc[0]
        media = page.get_mediabox()
        page.set_cropbox(*media)  # render the whole sheet, slug included
        image = np.asarray(page.render(scale=scale).to_pil().convert("RGB")).astype(int)
        mh = media[3] - media[1]
    finally:
        doc.close()
    with pikepdf.open(print_pdf) as pdf:
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
    height, width, _ = image.shape

    def px(x_pt, y_pt):
        return image[min(height - 1, int((mh - y_pt) * scale)), min(width - 1, int(x_pt * scale))]

    # the cover's blue: the commonest colour inside the trim
    inner = image[int((mh - trim[3]) * scale) + 2: int((mh - trim[1]) * scale) - 2,
                  int(trim[0] * scale) + 2: int(trim[2] * scale) - 2].reshape(-1, 3)
    colours, counts = np.unique(inner, axis=0, return_counts=True)
    blue = colours[counts.argmax()]
    assert blue[2] > blue[0] + 50 and blue[2] > 80 and max(blue) < 200, f"cover background {blue} is not blue"

    out = 1.5 * MM  # in the middle of the 3 mm bleed band
    samples = {
        "left": [px(trim[0] - out, y) for y in np.arange(trim[1], trim[3], 2)],
        "right": [px(trim[2] + out, y) for y in np.arange(trim[1], trim[3], 2)],
        "bottom": [px(x, trim[1] - out) for x in np.arange(trim[0], trim[2], 2)],
        "top": [px(x, trim[3] + out) for x in np.arange(trim[0], trim[2], 2)],
    }
    for side, pixels in samples.items():
        pixels = np.array(pixels)
        white = int((pixels.min(axis=1) > 235).sum())
        assert white == 0, f"{side} bleed: {white} white pixels (background stops at the trim)"
        # the network graphic's links and nodes run into the bleed too: most of it is still the ground
        like_blue = int((np.abs(pixels - blue).max(axis=1) <= 24).sum())
        assert like_blue >= 0.7 * len(pixels), f"{side} bleed is mostly not the cover blue {blue}"

    # the slug (outside the bleed) is white except for crop marks on the trim lines
    ys, xs = np.mgrid[0:height, 0:width]
    x_pt = (xs + 0.5) / scale
    y_pt = mh - (ys + 0.5) / scale
    margin = 1.5 / scale  # keep clear of the bleed edge's anti-aliasing
    slug = ((x_pt < bleed[0] - margin) | (x_pt > bleed[2] + margin)
            | (y_pt < bleed[1] - margin) | (y_pt > bleed[3] + margin))
    inked = image.min(axis=2) < 235
    tol = 1.5 * MM
    on_trim_line = ((np.abs(x_pt - trim[0]) <= tol) | (np.abs(x_pt - trim[2]) <= tol)
                    | (np.abs(y_pt - trim[1]) <= tol) | (np.abs(y_pt - trim[3]) <= tol))
    stray = slug & inked & ~on_trim_line
    assert not stray.any(), f"{int(stray.sum())} inked pixels in the slug away from the crop marks"
    for x in (trim[0], trim[2]):
        for y in (trim[1], trim[3]):
            vertical = slug & inked & (np.abs(x_pt - x) <= tol) & (np.abs(y_pt - y) > BLEED_MM * MM)
            horizontal = slug & inked & (np.abs(y_pt - y) <= tol) & (np.abs(x_pt - x) > BLEED_MM * MM)
            near_corner = (np.abs(x_pt - x) < 20 * MM) & (np.abs(y_pt - y) < 20 * MM)
            assert (vertical & near_corner).any() and (horizontal & near_corner).any(), \
                f"crop marks missing at the trim corner ({mm(x):.0f}, {mm(y):.0f}) mm"


# --------------------------------------------------------------------------- 9. screen edition


def test_screen_page_is_exactly_the_trim(screen_pdf):
    with pikepdf.open(screen_pdf) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            media = box_mm(page, "/MediaBox")
            assert media[2] - media[0] == pytest.approx(A4_MM[0], abs=0.05), f"page {number}"
            assert media[3] - media[1] == pytest.approx(A4_MM[1], abs=0.05), f"page {number}"
            for name in ("/CropBox", "/TrimBox", "/BleedBox"):
                box = box_mm(page, name)
                assert box is None or box == pytest.approx(media, abs=0.05), f"page {number}: {name} {box}"


# --------------------------------------------------------------------------- 10. command line


def _run(*args, cwd=None, env=None, timeout=300):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def test_help_is_fast_and_does_not_import_matplotlib():
    proc = _run("-X", "importtime", "-m", "brochure", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "build" in proc.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line]
    assert not [m for m in imported if m.split(".")[0] in ("matplotlib", "reportlab", "svglib")], \
        "--help imports the rendering stack"
    check = _run("-c", "import sys\nfrom brochure import cli\ntry:\n    cli.main(['--help'])\n"
                       "except SystemExit as e:\n    code = e.code\nprint(code, 'matplotlib' in sys.modules)")
    assert check.stdout.split()[-2:] == ["0", "False"], check.stdout + check.stderr


def test_build_prints_the_paths_it_writes(cli_build):
    proc, out = cli_build
    assert proc.returncode == 0, proc.stderr
    printed = [Path(line.strip()) for line in proc.stdout.splitlines() if line.strip().endswith(".pdf")]
    written = sorted(out.rglob("*.pdf"))
    assert sorted(p if p.is_absolute() else out.parent / p for p in printed) == written, proc.stdout
    assert {p.name for p in written} == {f"{META['slug']}-{META['language']}-{e}.pdf" for e in EDITIONS}


def _lines_after(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("breakage", ["yaml-syntax", "schema"])
def test_content_error_exits_2_with_file_and_line(breakage, project_copy):
    source = project_copy / "brochure.yaml"
    text = source.read_text(encoding="utf-8")
    paper_line = _lines_after(text, "  paper: A4")
    if breakage == "yaml-syntax":
        text = text.replace("  paper: A4\n", "  paper: A4\n\t oops: 1\n", 1)
        expected = {paper_line + 1}
    else:
        text = text.replace("  paper: A4\n", "  paper: A9\n  bogus: 1\n", 1)
        expected = {paper_line, paper_line + 1}
    source.write_text(text, encoding="utf-8")
    out = project_copy.parent / "out"
    proc = _run("-m", "brochure", "build", "--content", str(project_copy), "--output", str(out),
                cwd=project_copy.parent)
    both = proc.stdout + proc.stderr
    assert proc.returncode == 2, both
    assert "Traceback" not in both
    problems = [line for line in proc.stderr.splitlines() if re.search(r"brochure\.yaml:\d+", line)]
    assert problems, proc.stderr
    lines = {int(re.search(r"brochure\.yaml:(\d+)", p).group(1)) for p in problems}
    assert lines == expected, proc.stderr
    assert len(problems) == len(expected), "one line per problem expected:\n" + proc.stderr
    assert not out.exists() or not list(out.rglob("*.pdf")), "a PDF was written despite the error"

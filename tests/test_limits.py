"""Huge inputs either lay out correctly across pages or fail at once with an error naming the field
(file:line: field.path: ...). Nothing may hang: every run has a timeout (a hang guard, far above
what a run takes; speed itself is measured by `make bench`, not here).

Each test writes a small, complete brochure with one oversized part into a temporary copy of
content/ (with assets/ beside it) and runs the command line in a subprocess.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, REPO

BUILD_TIMEOUT = 30          # a hang guard; the builds here take 1-3 s

BASE = """\
meta:
  title: Limits
  subject: Oversized content
  author: Test author
sources:
  test-source:
    publisher: Test publisher
    year: 2024
sections:
  - kind: cover
    id: cover
    title: A short title
    subtitle: A short subtitle
    publisher: Test publisher
{sections}\
  - kind: contact
    id: contact
    title: Contact
    contact:
      organisation: Test org
      email: invest@fitagency.be
    sources_title: Sources
"""

WORDS = ("Flanders offers research partners, talent and incentives for life sciences companies "
         "that want a European base close to universities, hospitals and investors. ")


def paragraph(length: int) -> str:
    return (WORDS * (length // len(WORDS) + 1))[:length].rstrip() + "."


def brochure(sections: str = "", cover_title: str = "A short title", meta_title: str = "Limits") -> str:
    text = BASE.format(sections=sections)
    text = text.replace("    title: A short title", f"    title: {cover_title}", 1)
    return text.replace("  title: Limits", f"  title: {meta_title}", 1)


def rankings(n: int, metric=lambda i: f"Metric number {i + 1:02d}") -> str:
    items = "".join(f"      - rank: {i % 27 + 1}\n        metric: {metric(i)}\n        source: test-source\n"
                    for i in range(n))
    return ("  - kind: rankings\n    id: ranks\n    title: Rankings\n    region: Flanders\n"
            f"    items:\n{items}")


def directory(n: int) -> str:
    rows = "".join(f"      - {{name: Organisation {i + 1:04d}, town: Place {i % 40:02d}}}\n" for i in range(n))
    return ("  - kind: directory\n    id: big-directory\n    title: Directory\n"
            f"    columns: [name, town]\n    entries:\n{rows}")


def project(tmp_path: Path, text: str) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    translations = tmp_path / "content" / "translations"
    if translations.exists():
        shutil.rmtree(translations)          # only the English base is used here
    (tmp_path / "content" / "brochure.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str, timeout: float = BUILD_TIMEOUT):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), BROCHURE_CACHE=str(root / "cache"))
    return subprocess.run([sys.executable, "-m", "brochure", *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, env=env)


def build(root: Path):
    proc = run(root, "build", "--content", "content", "--output", "out", "--edition", "screen")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    pdfs = list((root / "out").glob("*-screen.pdf"))
    assert len(pdfs) == 1, pdfs
    assert not [p for p in (root / "out").iterdir() if p.name.startswith(".")], "temporary file left behind"
    return pdfs[0]


def rejected(root: Path, field: str, says: str, line: int | str):
    """`check` and `build` both refuse the content quickly, naming file:line and the field."""
    for command in (["check", "--content", "content"],
                    ["build", "--content", "content", "--output", "out", "--edition", "screen"]):
        proc = run(root, *command)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 2, proc.stderr
        pattern = rf"content/brochure\.yaml:{line}:\d+: {re.escape(field)}: .*{re.escape(says)}"
        assert re.search(pattern, proc.stderr), f"no `{field}` problem at line {line}:\n{proc.stderr}"
    assert not (root / "out").exists() or not any((root / "out").iterdir()), "a rejected build wrote output"


def line_of(root: Path, needle: str) -> int:
    lines = (root / "content" / "brochure.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def pages(pdf: Path) -> list[dict]:
    """Per page: its text and whether every character lies inside the page, clear of its edges."""
    import pypdfium2

    out = []
    document = pypdfium2.PdfDocument(str(pdf))
    for page in document:
        width, height = page.get_size()
        textpage = page.get_textpage()
        inside = True
        for i in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(i)
            if right > left and (left < 10 or right > width - 10 or bottom < 10 or top > height - 10):
                inside = False
        out.append({"text": textpage.get_text_range(), "inside": inside})
    document.close()
    return out


# ----- 1,000-row directory -----------------------------------------------------------------------


def test_thousand_row_directory_breaks_across_pages_with_its_header(tmp_path):
    root = project(tmp_path, brochure(directory(1000)))
    pdf = build(root)
    found = pages(pdf)
    rows = [p for p in found if "Organisation 0" in p["text"] or "Organisation 1" in p["text"]]
    assert len(rows) >= 10, f"1,000 rows on only {len(rows)} pages"
    everything = "".join(p["text"] for p in rows)
    assert all(f"Organisation {i:04d}" in everything for i in range(1, 1001)), "rows are missing"
    for number, page in enumerate(rows):
        words = page["text"].split()
        assert "Name" in words and "Town" in words, f"table page {number} has no header row"
    assert all(p["inside"] for p in found), "text runs off a page"


def test_directory_over_the_limit_is_refused_naming_the_field(tmp_path):
    root = project(tmp_path, brochure(directory(1001)))
    rejected(root, "sections[1].entries", "has 1001 items; at most 1000 allowed", line_of(root, "entries:"))


# ----- a 10,000-character paragraph ----------------------------------------------------------------


def test_ten_thousand_character_paragraph_runs_over_pages(tmp_path):
    long = paragraph(10_000)
    section = rankings(3).replace("    region: Flanders\n", f"    intro: {long}\n    region: Flanders\n")
    root = project(tmp_path, brochure(section))
    pdf = build(root)
    found = pages(pdf)
    from conftest import squashed

    phrase = squashed("European base close to universities")      # a line may break it, hyphenated
    # the running foot (title and page number) is left out: a page may break the phrase around it
    text = "".join(re.sub(r"limits\d+|\d+limits", "", squashed(p["text"])) for p in found)
    assert text.count(phrase) >= squashed(long).count(phrase)
    assert all(p["inside"] for p in found), "text runs off a page"


def test_ten_thousand_characters_in_a_box_is_refused_naming_the_field(tmp_path):
    long = paragraph(10_000)
    section = f"""  - kind: incentives
    id: incentives
    title: Incentives
    incentives_title: Tax incentives
    incentives:
      - name: Payroll tax exemption
        rates:
          - value: 80
            of: of the withholding tax
        explanation: {long}
        source: test-source
"""
    root = project(tmp_path, brochure(section))
    rejected(root, "sections[1].incentives[0].explanation", "at most 800 fit in its box",
             line_of(root, "explanation:"))


# ----- a 300-character word -------------------------------------------------------------------------

WORD = "Pneumono" + "ultramicroscopicsilicovolcanoconiosis" * 8
WORD = WORD[:300]


def test_three_hundred_character_word_is_broken_inside_the_page(tmp_path):
    assert len(WORD) == 300 and " " not in WORD
    section = rankings(2).replace("    title: Rankings\n", f"    title: {WORD}\n").replace(
        "    region: Flanders\n", f"    intro: Before {WORD} after.\n    region: Flanders\n")
    root = project(tmp_path, brochure(section))
    pdf = build(root)
    found = pages(pdf)
    joined = re.sub(r"\s+", "", "".join(p["text"] for p in found))
    assert joined.count(WORD) >= 2, "the long word is not printed whole (title and intro)"
    assert all(p["inside"] for p in found), "the long word runs off the page"


def test_three_hundred_character_word_in_a_fixed_box_is_refused_naming_the_field(tmp_path):
    root = project(tmp_path, brochure(rankings(1, metric=lambda i: WORD)))
    rejected(root, "sections[1].items[0].metric", "is wider than its box", line_of(root, "metric: Pneumono"))


# ----- a 200-character cover title ------------------------------------------------------------------


def test_two_hundred_character_cover_title_is_refused_naming_the_field(tmp_path):
    title = paragraph(200)[:200]
    assert len(title) == 200
    root = project(tmp_path, brochure(cover_title=title))
    rejected(root, "sections[0].title", "too long for its box", line_of(root, title[:30]))


def test_two_hundred_character_brochure_title_is_refused_naming_the_field(tmp_path):
    title = paragraph(200)[:200]
    root = project(tmp_path, brochure(meta_title=title))
    rejected(root, "meta.title", "at most 100 fit in the running header", line_of(root, title[:30]))


# ----- 10 rankings (the most the ranking band holds) ----------------------------------------------


def test_ten_rankings_lay_out_inside_the_page(tmp_path):
    root = project(tmp_path, brochure(rankings(10)))
    pdf = build(root)
    found = pages(pdf)
    text = "".join(p["text"] for p in found)
    missing = [i for i in range(1, 11) if f"Metric number {i:02d}" not in text]
    assert not missing, f"rankings not printed: {missing}"
    assert all(p["inside"] for p in found), "text runs off a page"


def test_eleven_rankings_are_refused_naming_the_field(tmp_path):
    root = project(tmp_path, brochure(rankings(11)))
    rejected(root, "sections[1].items", "has 11 items; at most 10 allowed", line_of(root, "items:"))


# ----- hostile sizes are refused fast ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["laughs", "deep", "big"])
def test_hostile_yaml_is_refused_fast(tmp_path, kind):
    if kind == "laughs":
        text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
        says = "YAML refused: expands to"
    elif kind == "deep":
        text = "meta: " + "[" * 10_000 + "]" * 10_000 + "\n"
        says = "YAML refused: nested more than"
    else:
        text = "meta:\n  title: x\n" + "# padding\n" * 300_000
        says = "at most 2,000,000 are accepted"
    root = project(tmp_path, text)
    proc = run(root, "check", "--content", "content")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert re.search(r"content/brochure\.yaml:\d+:\d+: .*" + re.escape(says), proc.stderr), proc.stderr


def test_fit_check_breaks_lines_like_the_layout():
    """The check's light line counter agrees with reportlab's paragraph engine on every fixed-box
    text of the base brochure and the example missions (all languages, CJK included)."""
    from brochure.build import Project, check
    from brochure.checks import count_lines, fixed_box_texts
    from brochure.fonts import register
    from brochure.markup import esc
    from reportlab.platypus import Paragraph

    from conftest import CONTENT

    compared = 0
    for mission in [None, "germany-mission", "japan-partnering", "boston-bio"]:
        content, theme = check(Project.at(CONTENT), mission)
        for path, text, style, width, _ in fixed_box_texts(content, theme, register(theme, content.language)):
            counted, _ = count_lines(text, style.fontName, style.fontSize, width, style.wordWrap == "CJK")
            _, height = Paragraph(esc(text), style).wrap(width, 10_000)
            assert counted == round(height / style.leading), (mission, path, text)
            compared += 1
    assert compared >= 40

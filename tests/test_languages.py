"""Languages are data, drafts are marked: `new-language` writes a translation skeleton and a locale
file, `check` reports coverage, a build with missing texts fails with the list or, with --draft,
prints English (tagged /Lang en) on pages marked DRAFT; and the suite itself never depends on what
else a user keeps in content/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import yaml

from conftest import REPO, SHIPPED, copy_project, prepare_project


def run_cli(*args: str, cwd: Path, timeout: int = 120):
    env = {**os.environ, "BROCHURE_CACHE": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "brochure", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def page_texts(pdf: Path) -> list[str]:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def fill(path: Path, prefix: str) -> None:
    """Translate a `new-language` skeleton the way a translator would: every empty field gets a text
    (here the English with a prefix, so {placeholders} stay)."""
    out, english = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        comment = re.match(r"^\s*# en: (.*)$", line)
        more = re.match(r"^\s*#     (.*)$", line)
        if comment:
            english = comment.group(1)
        elif more and english is not None:
            english += " " + more.group(1)
        elif english is not None and re.match(r"^\s*(-|[\w-]+:)$", line):
            out.append(f"{line} {json.dumps(prefix + english, ensure_ascii=False)}")
            english = None
            continue
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- new-language


@pytest.fixture(scope="module")
def italian(tmp_path_factory) -> Path:
    """A project copy after `new-language it`, with an Italian mission that still has a placeholder."""
    content = copy_project(tmp_path_factory.mktemp("italian") / "project")
    result = run_cli("new-language", "IT", cwd=content.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["content/translations/it.yaml", "content/locales/it.yaml"]
    (content / "missions" / "roma.yaml").write_text(
        "meta: {language: it}\nevent: {name: Name of the event or mission, city: Roma}\n", encoding="utf-8")
    return content


def test_skeleton_lists_every_text_field_with_its_english_source(italian):
    from brochure.content import _walk, load
    from brochure.content.languages import is_text

    base = load(italian)
    texts = [(path, value["en"]) for path, value in _walk(base.brochure) if is_text(value)]
    skeleton = (italian / "translations" / "it.yaml").read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../../schemas/translation.schema.json")
    data = yaml.safe_load(skeleton)
    cover = next(s for s in base.brochure.sections if s.kind == "cover")
    assert "title" in data["sections"][cover.id] and data["sections"][cover.id]["title"] is None
    for _, english in texts:
        first = " ".join(english.split())[:40]
        assert first.split()[0] in skeleton, f"English source {english!r} not in the skeleton"
    assert skeleton.count("# en: ") == len(texts)
    locale = (italian / "locales" / "it.yaml").read_text(encoding="utf-8")
    english_keys = yaml.safe_load((italian / "locales" / "en.yaml").read_text(encoding="utf-8"))
    assert set(yaml.safe_load(locale)) == set(english_keys)
    assert all(v is None for v in yaml.safe_load(locale).values())
    assert locale.startswith("# yaml-language-server: $schema=../../schemas/locale.schema.json")


def test_new_language_refuses_an_existing_language_and_a_bad_tag(italian):
    before = (italian / "translations" / "it.yaml").read_text(encoding="utf-8")
    again = run_cli("new-language", "it", cwd=italian.parent)
    assert again.returncode == 2 and "exists already" in again.stderr, again.stderr
    assert (italian / "translations" / "it.yaml").read_text(encoding="utf-8") == before
    for bad, says in (("ar", "right to left"), ("xx", "not a language"), ("en", "English is the base")):
        result = run_cli("new-language", bad, cwd=italian.parent)
        assert result.returncode == 2 and says in result.stderr, (bad, result.stderr)
        assert "Traceback" not in result.stderr


def test_missing_texts_fail_with_the_coverage_and_the_list(italian):
    result = run_cli("check", "--mission", "roma", cwd=italian.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    err = result.stderr
    summary = re.search(r"it: (\d+) of (\d+) texts translated; the (\d+) missing are listed", err)
    assert summary, err[:2000]
    translated, total, missing = map(int, summary.groups())
    assert translated == 2, "the mission's own event name and city are in Italian"
    assert missing == total - translated > 100
    assert err.count('no "it" translation yet (the field is empty)') == missing, err[:2000]
    skeleton = (italian / "translations" / "it.yaml").read_text(encoding="utf-8").splitlines()
    title_line = next(i for i, line in enumerate(skeleton, 1) if line == "  title:")
    assert f"content/translations/it.yaml:{title_line}:3: meta.title: " in err, err[:2000]
    assert "content/locales/it.yaml:" in err and 'no "it" translation of "Sources"' in err
    assert "'Name of the event or mission' is the starter file's placeholder" in err


@pytest.fixture(scope="module")
def draft(italian) -> tuple[subprocess.CompletedProcess, Path]:
    out = italian.parent / "out"
    result = run_cli("build", "--mission", "roma", "--draft", "--output", str(out), cwd=italian.parent)
    return result, out / "roma"


def test_draft_builds_and_says_so_on_stderr(draft):
    result, folder = draft
    assert result.returncode == 0, result.stderr
    assert "draft: every page of roma is marked DRAFT" in result.stderr
    assert "'Name of the event or mission' is the starter file's placeholder" in result.stderr
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "flanders-life-sciences-it-print.pdf", "flanders-life-sciences-it-screen.pdf"]
    assert result.stdout.split() == [str(folder / "flanders-life-sciences-it-print.pdf"),
                                     str(folder / "flanders-life-sciences-it-screen.pdf")]


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_draft_mark_on_every_page_of_both_editions(draft, edition):
    _, folder = draft
    texts = page_texts(folder / f"flanders-life-sciences-it-{edition}.pdf")
    assert len(texts) >= 4
    for number, text in enumerate(texts, 1):
        assert "DRAFT" in text, f"{edition} page {number} has no DRAFT mark"


def _large_text_tags(page) -> list[list[str]]:
    """For every text object set above 100 pt, the marked-content tags it sits in."""
    found, stack, size = [], [], 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            stack.append(str(operands[0]))
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            size = float(operands[1])
        elif op in ("Tj", "TJ") and size > 100:
            found.append(list(stack))
    return found


def test_draft_mark_is_an_artifact_in_the_screen_edition(draft):
    _, folder = draft
    with pikepdf.open(folder / "flanders-life-sciences-it-screen.pdf") as pdf:
        for number, page in enumerate(pdf.pages, 1):
            marks = _large_text_tags(page)
            assert marks, f"page {number}: no DRAFT text found in the content stream"
            assert all(tags and tags[-1] == "/Artifact" for tags in marks), (number, marks)


def test_draft_prints_english_for_missing_texts_and_tags_it_as_english(draft, italian):
    from brochure.content import load

    _, folder = draft
    base = load(italian)
    cover = next(s for s in base.brochure.sections if s.kind == "cover")
    texts = page_texts(folder / "flanders-life-sciences-it-screen.pdf")
    assert " ".join(cover.title["en"].split()[:2]) in " ".join(texts[0].split())
    with pikepdf.open(folder / "flanders-life-sciences-it-screen.pdf") as pdf:
        assert str(pdf.Root.Lang) == "it"
        english = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                   and o.get("/Type") == "/StructElem" and str(o.get("/Lang", "")) == "en"]
    assert len(english) >= 10, "fallback English is not marked as English for screen readers"


def test_a_translated_language_is_supported_with_full_coverage(italian, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(italian, content)
    shutil.copytree(italian.parent / "assets", tmp_path / "assets")
    fill(content / "translations" / "it.yaml", "IT ")
    fill(content / "locales" / "it.yaml", "IT ")
    (content / "missions" / "roma.yaml").write_text("meta: {language: it}\n", encoding="utf-8")
    result = run_cli("check", "--mission", "roma", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[:3000]
    found = re.search(r"it: (\d+) of (\d+) texts translated", result.stdout)
    assert found and found.group(1) == found.group(2), result.stdout


# --------------------------------------------------------------------------- the suite and content/


def test_the_suite_ignores_missions_and_languages_a_user_adds_to_content(tmp_path):
    """A user's own (even broken) mission and an unfinished language in content/ do not reach the
    project the tests build from."""
    user_repo = tmp_path / "repo"
    shutil.copytree(REPO / "content", user_repo / "content")
    shutil.copytree(REPO / "assets", user_repo / "assets")
    (user_repo / "content" / "missions" / "my-trip.yaml").write_text("meta: {languag: it}\nsections: [cover]\n",
                                                                     encoding="utf-8")
    (user_repo / "content" / "locales" / "it.yaml").write_text("source: Fonte\n", encoding="utf-8")
    (user_repo / "content" / "translations" / "it.yaml").write_text("meta: {title: 12}\n", encoding="utf-8")
    result = run_cli("check", "--all-missions", cwd=user_repo)
    assert result.returncode == 2, "the user's broken files are really broken"

    content = prepare_project(user_repo, tmp_path / "tests")
    files = sorted(str(p.relative_to(content)) for p in content.rglob("*.yaml"))
    fixtures = sorted(str(p.relative_to(REPO / "tests" / "fixtures" / "content"))
                      for p in (REPO / "tests" / "fixtures" / "content").rglob("*.yaml"))
    assert files == sorted(set(SHIPPED) | set(fixtures))
    result = run_cli("check", "--all-missions", cwd=content.parent)
    assert result.returncode == 0, result.stderr


def test_right_to_left_is_decided_as_babel_decides_it():
    """The direction check reads a language's script, not its whole locale data: it agrees with
    Babel's own character order for every language Babel knows."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    from brochure.content.languages import RIGHT_TO_LEFT, _script

    languages = sorted({i for i in locale_identifiers() if "_" not in i})
    assert len(languages) > 100
    wrong = []
    for tag in languages:
        locale = Locale.parse(tag)
        if (locale.character_order == "right-to-left") != (_script(locale) in RIGHT_TO_LEFT):
            wrong.append((tag, locale.character_order, _script(locale)))
    assert not wrong, wrong

"""Trade missions: every example mission builds both editions in its language, paper and contact;
the overlay merge rules; language checks; the new-mission starter; and the all-missions batch build.

The expected values (section titles, order, contacts, event) are read from the YAML files themselves,
not from the loader under test, so a merge or translation bug shows up as a mismatch."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from conftest import CONTENT, MissionBuilds, copy_project, plain, regional, squashed

MISSIONS = ("boston-bio", "germany-mission", "japan-partnering")
LOCAL = "local-office"      # a test fixture (tests/fixtures/content): a local office and a partner logo
EDITIONS = ("print", "screen")
LETTER_MM = (215.9, 279.4)
A4_MM = (210.0, 297.0)
MM = 72 / 25.4


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


BASE = _yaml(CONTENT / "brochure.yaml")
SLUG = BASE["meta"].get("slug", "flanders-life-sciences")


def mission_yaml(name: str) -> dict:
    return _yaml(CONTENT / "missions" / f"{name}.yaml")


def mission_language(name: str) -> str:
    return mission_yaml(name)["meta"]["language"]


def translated(lang: str, section_id: str, field: str, english: str) -> str:
    """A section field in `lang`, from content/translations/<lang>.yaml (English is the base text)."""
    primary = lang.split("-")[0]
    if primary == "en":
        return regional(lang, english)
    tr = _yaml(CONTENT / "translations" / f"{primary}.yaml")
    return tr["sections"][section_id][field]


def expected_sections(name: str) -> list[tuple[str, str]]:
    """(id, title in the mission's language) in the mission's order."""
    mission = mission_yaml(name)
    base = {s["id"]: s for s in BASE["sections"]}
    order = mission.get("sections") or list(base)
    overrides = mission.get("overrides") or {}
    lang = mission_language(name)
    out = []
    for sid in order:
        own = (overrides.get(sid) or {}).get("title")
        out.append((sid, own or translated(lang, sid, "title", base[sid]["title"])))
    return out


# --------------------------------------------------------------------------- reading PDFs back


def page_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def spaced(text: str) -> str:
    """Every run of whitespace (line breaks, NBSP, narrow NBSP, thin space) as one plain space."""
    text = unicodedata.normalize("NFC", text).replace("\x02", "").replace("\u00ad", "")
    return re.sub(r"[\s\u00a0\u202f\u2009\u2007]+", " ", text)


def squash(text: str) -> str:
    """Text for comparing content with the page: see conftest.squashed."""
    return squashed(text)


def outline_titles(path: Path) -> list[str]:
    """Bookmark titles as typed in the content (typographic quotes and kept terms folded back)."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [plain(str(item.title)) for item in outline.root]


def alt_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(obj.Alt) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj]


def mm(value) -> float:
    return float(value) / MM


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def builds(mission_builds) -> MissionBuilds:
    """Each mission built once per test process (shared with the accessibility tests)."""
    return mission_builds


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory) -> Path:
    """One content copy for tests that only add their own, uniquely named, mission files."""
    return copy_project(tmp_path_factory.mktemp("mission-copy") / "project")


def run_cli(*args: str, cwd: Path, env: dict | None = None, timeout: int = 120):
    return subprocess.run([sys.executable, "-m", "brochure", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def write_mission(content: Path, name: str, text: str) -> Path:
    path = content / "missions" / f"{name}.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(content: Path, mission: str):
    from brochure.content import load as load_content

    return load_content(content, mission)


def load_error(content: Path, mission: str) -> str:
    from brochure.errors import ContentError

    with pytest.raises(ContentError) as info:
        load(content, mission)
    return str(info.value)


def section(loaded, sid: str):
    return next(s for s in loaded.brochure.sections if s.id == sid)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --------------------------------------------------------------------------- 1. every mission builds


@pytest.mark.parametrize("name", MISSIONS)
def test_mission_builds_both_editions_named_by_mission_language_and_edition(builds, name):
    built = builds(name)
    lang = mission_language(name)
    assert sorted(w.edition for w in built.written) == sorted(EDITIONS)
    for edition in EDITIONS:
        path = built.pdf(edition)
        assert path == built.output / name / f"{SLUG}-{lang}-{edition}.pdf"
        assert path.is_file() and path.stat().st_size > 10_000
        assert path.read_bytes()[:5] == b"%PDF-"
        record = built.record(edition)
        assert record.mission == name and record.language == lang
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == record.pages >= 4


# --------------------------------------------------------------------------- 2. what each PDF says


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", MISSIONS)
def test_document_language_is_the_missions(builds, name, edition):
    lang = mission_language(name)
    with pikepdf.open(builds(name).pdf(edition)) as pdf:
        assert str(pdf.Root.Lang) == lang
        with pdf.open_metadata() as xmp:
            assert set(xmp.get("dc:language") or ()) == {lang}


@pytest.mark.parametrize("name", MISSIONS)
def test_page_size_follows_the_missions_paper(builds, name):
    paper = mission_yaml(name)["meta"]["paper"]
    expected = LETTER_MM if paper == "Letter" else A4_MM
    assert expected == (LETTER_MM if name == "boston-bio" else A4_MM)
    with pikepdf.open(builds(name).pdf("print")) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            trim = [mm(v) for v in page.obj.TrimBox]
            size = (trim[2] - trim[0], trim[3] - trim[1])
            assert size == pytest.approx(expected, abs=0.1), f"print page {number}: trim {size} mm"
            media = [mm(v) for v in page.obj.MediaBox]
            assert media[2] - media[0] > size[0] and media[3] - media[1] > size[1], "bleed around the trim"
    with pikepdf.open(builds(name).pdf("screen")) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            media = [mm(v) for v in page.obj.MediaBox]
            size = (media[2] - media[0], media[3] - media[1])
            assert size == pytest.approx(expected, abs=0.1), f"screen page {number}: {size} mm"


@pytest.mark.parametrize("edition", EDITIONS)
def test_local_contact_on_back_cover(builds, edition):
    local = mission_yaml(LOCAL)["overrides"]["contact"]["local"]
    back = squash(page_texts(builds(LOCAL).pdf(edition))[-1])
    for value in (local["email"], local["person"], local["organisation"], local["phone"]):
        assert squash(value) in back, f"{value!r} not on the back cover of {LOCAL} ({edition})"


@pytest.mark.parametrize("name", MISSIONS)
def test_shipped_missions_name_the_head_office_and_no_placeholder(builds, name):
    """The example missions name no local office they cannot vouch for: the back cover gives the
    head office's Welcome Team (from the base content), and nothing a placeholder check would flag."""
    from brochure.content.placeholders import EXAMPLE_PEOPLE, STARTER_VALUES, _dummy_number

    head = next(s for s in BASE["sections"] if s["kind"] == "contact")["contact"]
    texts = page_texts(builds(name).pdf("screen"))
    back = squash(texts[-1])
    assert squash(head["email"]) in back and squash(head["organisation"]) in back, back
    assert "local" not in (mission_yaml(name).get("overrides") or {}).get("contact", {})
    everything = "\n".join(texts)
    assert not EXAMPLE_PEOPLE.search(everything), EXAMPLE_PEOPLE.search(everything)
    assert not any(value in everything for value in STARTER_VALUES.values())
    assert not any(_dummy_number(m.group(0)) for m in re.finditer(r"\+[0-9][0-9 ()./-]{5,24}", everything))


def test_qr_code_encodes_the_local_contact(builds):
    from brochure.layout.sections.contact import qr_payload

    local = mission_yaml(LOCAL)["overrides"]["contact"]["local"]
    content = load(CONTENT, LOCAL)
    contact = next(s for s in content.brochure.sections if s.kind == "contact")

    class Ctx:
        t = staticmethod(content.t)

    payload = qr_payload(contact, Ctx())
    assert local["email"] in payload
    assert contact.contact.email not in payload, "the local office, not the agency"
    if contact.qr == "vcard":
        assert f"EMAIL:{local['email']}" in payload.splitlines()
        assert f"FN:{local['person']}" in payload.splitlines()
        assert f"TEL:{local['phone']}" in payload.splitlines()
    # the figure's alternative text names the same address, in the mission's language
    assert content.s("qr_alt", target=local["email"]) in alt_texts(builds(LOCAL).pdf("screen"))


def test_partner_logos_on_the_back_cover(builds):
    partners = mission_yaml(LOCAL)["partners"]
    content = load(CONTENT, LOCAL)
    alts = alt_texts(builds(LOCAL).pdf("screen"))
    for partner in partners:
        assert content.s("logo_alt", name=partner["name"]) in alts, alts


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", MISSIONS)
def test_sections_present_in_mission_order_and_language(builds, name, edition):
    expected = [title for _, title in expected_sections(name)]
    assert outline_titles(builds(name).pdf(edition)) == expected


def test_dropped_section_is_absent(builds):
    # the local-office fixture mission keeps five sections; science parks is not among them
    kept = [sid for sid, _ in expected_sections("local-office")]
    assert "science-parks" not in kept
    parks = next(s for s in BASE["sections"] if s["id"] == "science-parks")
    path = builds("local-office").pdf("screen")
    assert parks["title"] not in outline_titles(path)
    # its entries are not printed either (nor on the key-figures page that sums up what is left out)
    base_text = (CONTENT / "brochure.yaml").read_text(encoding="utf-8")
    only_parks = [e["name"] for e in parks["entries"] if base_text.count(e["name"]) == 1]  # named nowhere else
    text = squash("\n".join(page_texts(path)))
    assert only_parks and not [n for n in only_parks if squash(n) in text]
    # and a mission that keeps it prints it
    assert "science-parks" in [sid for sid, _ in expected_sections("boston-bio")]
    assert squash(parks["entries"][0]["name"]) in squash("\n".join(page_texts(builds("boston-bio").pdf("screen"))))


NUMBERS = {
    "germany-mission": (["25.000+", "2,2", "13,5 %"], ["25,000+", "13.5%"]),
    "japan-partnering": (["25,000+", "13.5%"], ["25.000+"]),
    "boston-bio": (["25,000+", "2.2", "13.5%"], ["25.000+", "13,5"]),
}


@pytest.mark.parametrize("name", MISSIONS)
def test_locale_number_formats_in_text_layer(builds, name):
    present, absent = NUMBERS[name]
    for edition in EDITIONS:
        text = spaced("\n".join(page_texts(builds(name).pdf(edition))))
        for shown in present:
            assert shown in text, f"{shown!r} not in the {edition} text of {name}"
        for wrong in absent:
            assert wrong not in text, f"{wrong!r} (another locale's format) in the {edition} text of {name}"


def test_japanese_text_extracts_correctly(builds):
    ja = _yaml(CONTENT / "translations" / "ja.yaml")
    text = squash("\n".join(page_texts(builds("japan-partnering").pdf("screen"))))
    for sid in ("cover", "talent", "incentives", "contact"):
        title = ja["sections"][sid]["title"]
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title)
        assert squash(title) in text, f"{title!r} not in the extracted text"
    assert squash(ja["sections"]["cover"]["subtitle"]) in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_japanese_font_embedded(builds, edition):
    embedded = []
    with pikepdf.open(builds("japan-partnering").pdf(edition)) as pdf:
        for page in pdf.pages:
            for _, font in (page.obj.Resources.get("/Font") or {}).items():
                fonts = [font] + list(font.get("/DescendantFonts") or [])
                for f in fonts:
                    desc = f.get("/FontDescriptor")
                    if "BIZUDPGothic" in str(f.get("/BaseFont", "")) and desc is not None and "/FontFile2" in desc:
                        embedded.append(str(f.BaseFont))
    assert embedded, "no embedded BIZUDPGothic (FontFile2) font on any page"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", MISSIONS)
def test_event_and_kicker_on_cover(builds, name, edition):
    mission = mission_yaml(name)
    event = mission["event"]
    cover = squash(page_texts(builds(name).pdf(edition))[0])
    kicker = squash(mission["overrides"]["cover"]["kicker"])
    assert cover.count(kicker) == 1
    rest = cover.replace(kicker, "")
    # Every part of the event is on the cover once: in the event line, or already in the kicker.
    for part in (event["name"], event["city"], event["dates"]):
        assert rest.count(squash(part)) + kicker.count(squash(part)) == 1, f"{part!r} not on the cover once"


# --------------------------------------------------------------------------- 3. merge rules


def test_override_a_value(shared_copy):
    write_mission(shared_copy, "m-kicker", """
        overrides:
          cover:
            kicker: Meet us at the show
    """)
    loaded = load(shared_copy, "m-kicker")
    assert loaded.t(section(loaded, "cover").kicker) == "Meet us at the show"
    # the rest of the section is the base's
    base_cover = next(s for s in BASE["sections"] if s["id"] == "cover")
    assert loaded.t(section(loaded, "cover").title) == base_cover["title"]


def test_mission_value_wins_over_translation(shared_copy):
    write_mission(shared_copy, "m-de-kicker", """
        meta:
          language: de
        overrides:
          cover:
            kicker: Bis bald in Köln
    """)
    loaded = load(shared_copy, "m-de-kicker")
    cover = section(loaded, "cover")
    assert loaded.t(cover.kicker) == "Bis bald in Köln"
    assert loaded.t(cover.title) == translated("de", "cover", "title", "")


def test_replace_a_list(shared_copy):
    write_mission(shared_copy, "m-replace", """
        overrides:
          cros:
            entries:
              - {name: Alpha CRO, town: Leuven}
              - {name: Beta CRO, town: Ghent}
    """)
    entries = section(load(shared_copy, "m-replace"), "cros").entries
    assert [(e.name, e.town) for e in entries] == [("Alpha CRO", "Leuven"), ("Beta CRO", "Ghent")]


def _base_entries(sid: str) -> list[str]:
    return [e["name"] for e in next(s for s in BASE["sections"] if s["id"] == sid)["entries"]]


def test_remove_an_item_by_name(shared_copy):
    write_mission(shared_copy, "m-remove", """
        overrides:
          cros:
            entries:
              remove: [KasaConsult]
    """)
    names = [e.name for e in section(load(shared_copy, "m-remove"), "cros").entries]
    assert names == [n for n in _base_entries("cros") if n != "KasaConsult"]


def test_remove_unknown_item_is_an_error_with_location_and_suggestion(shared_copy):
    path = write_mission(shared_copy, "m-remove-typo", """
        overrides:
          cros:
            entries:
              remove: [KasaConsul]
    """)
    message = load_error(shared_copy, "m-remove-typo")
    line = line_of(path, "KasaConsul")
    assert re.search(rf"missions/m-remove-typo\.yaml:{line}\b", message), message
    assert 'cannot remove "KasaConsul"' in message
    assert 'did you mean "KasaConsult"' in message


def test_update_an_item_by_name(shared_copy):
    write_mission(shared_copy, "m-update", """
        overrides:
          science-parks:
            entries:
              update:
                BlueGate Antwerp: {highlight: true, status: Open to visitors}
    """)
    entries = {e.name: e for e in section(load(shared_copy, "m-update"), "science-parks").entries}
    assert entries["BlueGate Antwerp"].highlight is True
    assert entries["BlueGate Antwerp"].town == "Antwerp"          # untouched fields stay
    assert [n for n, e in entries.items() if e.highlight] == ["BlueGate Antwerp"]


def test_update_unknown_item_is_an_error_with_suggestion(shared_copy):
    path = write_mission(shared_copy, "m-update-typo", """
        overrides:
          science-parks:
            entries:
              update:
                Bluegate Antwerp: {highlight: true}
    """)
    message = load_error(shared_copy, "m-update-typo")
    assert re.search(rf"missions/m-update-typo\.yaml:{line_of(path, 'Bluegate')}\b", message), message
    assert 'did you mean "BlueGate Antwerp"' in message


def test_highlighted_entry_is_drawn_on_the_highlight_colour(builds):
    """boston-bio highlights Tech Lane Ghent: its card on the science-parks page is the highlight colour."""
    import pikepdf

    from brochure.brand import load_theme

    theme = load_theme(CONTENT.parent / "assets" / "brand.yml")
    wanted = [round(v, 4) for v in theme.swatch("highlight").cmyk]
    pdf = pikepdf.open(builds("boston-bio").pdf("print"))
    pages = [i for i, page in enumerate(pdf.pages)
             if any(str(op) == "k" and [round(float(v), 4) for v in operands] == wanted
                    for operands, op in pikepdf.parse_content_stream(page))]
    assert pages, f"no fill in the highlight colour ({wanted} k) on any page"


def test_append_an_item(shared_copy):
    write_mission(shared_copy, "m-append", """
        overrides:
          cros:
            entries:
              remove: [EMTEX]
              append:
                - {name: Gamma CRO, town: Antwerp}
        sections: [cover, cros, contact]
    """)
    entries = section(load(shared_copy, "m-append"), "cros").entries
    expected = [n for n in _base_entries("cros") if n != "EMTEX"] + ["Gamma CRO"]
    assert [e.name for e in entries] == expected
    assert entries[-1].town == "Antwerp"


def test_edit_a_plain_list_by_value(shared_copy):
    write_mission(shared_copy, "m-plain", """
        overrides:
          contact:
            team_partners:
              remove: [VIB]
              append: [Partner X]
    """)
    contact = next(s for s in BASE["sections"] if s["id"] == "contact")
    partners = section(load(shared_copy, "m-plain"), "contact").team_partners
    assert partners == [p for p in contact["team_partners"] if p != "VIB"] + ["Partner X"]


def test_null_removes_a_key_so_the_default_applies(shared_copy):
    assert BASE["meta"].get("issued") and next(s for s in BASE["sections"] if s["id"] == "cover").get("kicker")
    write_mission(shared_copy, "m-null", """
        meta:
          issued: null
        overrides:
          cover:
            kicker: null
    """)
    loaded = load(shared_copy, "m-null")
    assert loaded.brochure.meta.issued is None
    assert section(loaded, "cover").kicker is None
    assert loaded.t(section(loaded, "cover").title)     # the rest of the section is untouched


def test_null_on_a_required_key_points_at_the_mission(shared_copy):
    path = write_mission(shared_copy, "m-null-required", """
        overrides:
          contact:
            sources_title: null
    """)
    message = load_error(shared_copy, "m-null-required")
    assert "sources_title" in message
    assert f"missions/m-null-required.yaml:{line_of(path, 'sources_title')}" in message, message


def test_reorder_and_choose_sections(shared_copy):
    write_mission(shared_copy, "m-order", """
        sections: [cover, talent, at-a-glance, contact]
    """)
    loaded = load(shared_copy, "m-order")
    assert [s.id for s in loaded.brochure.sections] == ["cover", "talent", "at-a-glance", "contact"]


def test_no_sections_key_keeps_base_order(shared_copy):
    write_mission(shared_copy, "m-keep", """
        overrides:
          talent:
            title: People
    """)
    loaded = load(shared_copy, "m-keep")
    assert [s.id for s in loaded.brochure.sections] == [s["id"] for s in BASE["sections"]]
    assert loaded.t(section(loaded, "talent").title) == "People"


@pytest.mark.parametrize("name, text, at, expected", [
    ("m-update-scalar", """
        overrides:
          science-parks:
            entries:
              update:
                BlueGate Antwerp: yes
    """, "BlueGate", ("overrides.science-parks.entries.update.BlueGate Antwerp", "expected a mapping of the fields")),
    ("m-remove-and-update", """
        overrides:
          cros:
            entries:
              remove: [KasaConsult]
              update:
                KasaConsult: {town: Ghent}
    """, "KasaConsult: {", ('cannot update "KasaConsult"', "keep either the remove or the update")),
    ("m-append-twice", """
        overrides:
          cros:
            entries:
              append:
                - {name: KasaConsult, town: Ghent}
    """, "name: KasaConsult", ('cannot append "KasaConsult"', "update:")),
    ("m-section-twice", """
        sections: [cover, talent, talent, contact]
    """, "sections:", ('section "talent" is already listed as sections[1]',)),
    ("m-change-kind", """
        overrides:
          talent:
            kind: directory
    """, "kind:", ("overrides.talent.kind", "cannot change a section's kind")),
    ("m-append-twice-decomposed", """
        overrides:
          cros:
            entries:
              append:
                - {name: "Caf\u00e9 Lab", town: Ghent}
                - {name: "Cafe\u0301 Lab", town: Ghent}
    """, "Cafe\u0301", ('cannot append "Café Lab"',)),
], ids=["update with a non-mapping", "remove and update of one item", "append of a listed name",
        "a section listed twice", "an override changing kind",
        "append of a listed name spelt with a combining accent"])
def test_merge_mistakes_are_errors_at_the_missions_line(shared_copy, name, text, at, expected):
    path = write_mission(shared_copy, name, text)
    message = load_error(shared_copy, name)
    assert f"missions/{name}.yaml:{line_of(path, at)}:" in message, message
    assert "brochure.yaml" not in message, message
    for part in expected:
        assert part in message, message


def test_every_mission_problem_is_reported_at_once_under_the_path_the_mission_wrote(shared_copy):
    """An unknown override section no longer hides a typo or a bad value elsewhere in the mission,
    and validation names the mission's own path (overrides.cover.kicker), not sections[0].kicker."""
    path = write_mission(shared_copy, "m-all-at-once", """
        overrides:
          nowhere:
            title: Hello
          cover:
            kiker: Meet us
          contact:
            contact:
              email: not-an-address
          cros:
            entries:
              append:
                - {name: New Lab, twon: Ghent}
    """)
    message = load_error(shared_copy, "m-all-at-once")
    name = "missions/m-all-at-once.yaml"
    assert f"{name}:{line_of(path, 'nowhere')}:" in message and 'unknown section "nowhere"' in message, message
    assert f"{name}:{line_of(path, 'kiker')}:" in message and "overrides.cover.kiker" in message, message
    assert f"{name}:{line_of(path, 'not-an-address')}:" in message, message
    assert "overrides.contact.contact.email" in message, message
    assert "overrides.cros.entries.append[0].twon" in message, message
    assert "sections[" not in message, message


@pytest.mark.parametrize("order, expected", [
    ("[at-a-glance, talent, contact]", ('the cover is always the first page', 'add "cover" as the first')),
    ("[cover, talent, contact, at-a-glance]", ('the contact section is always the back cover',
                                                'move "contact" to the last place')),
    ("[talent, cover, contact]", ('the cover is always the first page', 'move "cover" to the first place')),
    ("[cover, talent]", ('the contact section is always the back cover', 'add "contact" as the last')),
], ids=["no cover", "contact not last", "cover not first", "no contact"])
def test_structure_rules_name_the_rule_and_the_fix(shared_copy, order, expected):
    name = "m-structure-" + "".join(ch for ch in order if ch.isalpha())[:40]
    path = write_mission(shared_copy, name, f"sections: {order}\n")
    message = load_error(shared_copy, name)
    assert f"missions/{name}.yaml:{line_of(path, 'sections')}:" in message, message
    for part in expected:
        assert part in message, message


def test_structure_rules_hold_for_the_base_content_too(project_copy):
    from brochure.content import load as load_content
    from brochure.errors import ContentError

    base = project_copy / "brochure.yaml"
    text = base.read_text(encoding="utf-8")
    cover_at = text.index("  - kind: cover")
    next_section = text.index("\n  - kind:", cover_at + 1) + 1
    # move the cover section to the end of the file (after the contact section)
    cover = text[cover_at:next_section]
    base.write_text(text[:cover_at] + text[next_section:].rstrip("\n") + "\n\n" + cover, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(project_copy)
    message = str(info.value)
    assert "brochure.yaml" in message and "the cover is always the first page" in message, message
    assert "the contact section is always the back cover" in message, message


@pytest.mark.parametrize("name, text, typo, expected", [
    ("m-bad-override", "overrides:\n  contakt:\n    title: Hello\n", "contakt",
     ('unknown section "contakt"', 'did you mean "contact"')),
    ("m-bad-order", "sections: [cover, talnet, contact]\n", "talnet",
     ('unknown section "talnet"', 'did you mean "talent"')),
    ("m-bad-key", "overides:\n  cover:\n    kicker: Hi\n", "overides",
     ('unknown key "overides"', 'did you mean "overrides"')),
    ("m-kind-for-id", "sections: [cover, rankings, contact]\n", "rankings",
     ('unknown section "rankings"', '"rankings" is a section kind', 'the rankings section is "at-a-glance"')),
], ids=["override for unknown section", "unknown section in order", "unknown top-level key", "a kind for an id"])
def test_misspelt_mission_names_are_errors_at_their_line(shared_copy, name, text, typo, expected):
    path = write_mission(shared_copy, name, text)
    message = load_error(shared_copy, name)
    assert f"missions/{name}.yaml:{line_of(path, typo)}" in message, message
    for part in expected:
        assert part in message, message


def test_unknown_mission_lists_known_missions(shared_copy):
    message = load_error(shared_copy, "bostn-bio")
    assert 'no mission "bostn-bio"' in message
    assert 'did you mean "boston-bio"' in message
    for name in MISSIONS:
        assert name in message
    result = run_cli("check", "--mission", "nowhere", cwd=shared_copy.parent)
    assert result.returncode == 2, result.stderr
    assert all(name in result.stderr for name in MISSIONS)
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- 4. languages


def test_missing_translations_listed_with_locations(project_copy):
    de = project_copy / "translations" / "de.yaml"
    tr = _yaml(de)
    del tr["sections"]["at-a-glance"]["region"]
    del tr["sections"]["track-record"]["title"]
    de.write_text(yaml.safe_dump(tr, allow_unicode=True, sort_keys=False), encoding="utf-8")

    base = project_copy / "brochure.yaml"
    region = next(s for s in BASE["sections"] if s["id"] == "at-a-glance")["region"]
    region_line = line_of(base, f"region: {region}")
    ids = [s["id"] for s in BASE["sections"]]
    lines = base.read_text(encoding="utf-8").splitlines()
    track_at = lines.index("    id: track-record")
    title_line = next(i for i in range(track_at, len(lines)) if lines[i].startswith("    title:")) + 1

    result = run_cli("check", "--mission", "germany-mission", cwd=project_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    err = result.stderr
    assert f"content/brochure.yaml:{region_line}:" in err and f"sections[{ids.index('at-a-glance')}].region" in err, err
    assert f"content/brochure.yaml:{title_line}:" in err and f"sections[{ids.index('track-record')}].title" in err, err
    assert err.count('no "de" translation') == 2, err
    assert "allow_english_fallback" in err

    # the mission may choose to print English where the translation is missing
    mission = project_copy / "missions" / "germany-mission.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace(
        "meta:\n", "meta:\n  allow_english_fallback: true\n", 1), encoding="utf-8")
    result = run_cli("check", "--mission", "germany-mission", cwd=project_copy.parent)
    assert result.returncode == 0, result.stderr
    assert "ok: germany-mission (de," in result.stdout


@pytest.mark.parametrize("language", ["ar", "he"])
def test_right_to_left_language_is_refused_not_rendered(shared_copy, tmp_path, language):
    name = f"m-rtl-{language}"
    path = write_mission(shared_copy, name, f"""
        meta:
          language: {language}
    """)
    out = tmp_path / "out"
    result = run_cli("build", "--mission", name, "--output", str(out), cwd=shared_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "right to left" in result.stderr
    assert f"missions/{name}.yaml:{line_of(path, 'language')}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out.exists() and list(out.rglob("*.pdf")))


def test_unsupported_language_is_refused(shared_copy, tmp_path):
    write_mission(shared_copy, "m-lang-xx", """
        meta:
          language: xx
    """)
    out = tmp_path / "out"
    result = run_cli("build", "--mission", "m-lang-xx", "--output", str(out), cwd=shared_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "'xx' is not a language" in result.stderr, result.stderr
    assert not (out.exists() and list(out.rglob("*.pdf")))


def test_language_without_files_names_the_files_and_the_command(shared_copy, tmp_path):
    path = write_mission(shared_copy, "m-lang-it", """
        meta:
          language: IT
    """)
    out = tmp_path / "out"
    result = run_cli("build", "--mission", "m-lang-it", "--output", str(out), cwd=shared_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    err = result.stderr
    assert f"missions/m-lang-it.yaml:{line_of(path, 'language')}" in err, err
    assert 'language "it" is not set up' in err and "content/locales/it.yaml" in err, err
    assert "make new-language LANG=it" in err, err
    assert "languages set up: en, de, fr, ja, nl" in err, err
    assert not (out.exists() and list(out.rglob("*.pdf")))


@pytest.mark.parametrize("written, normal", [("EN", "en"), ("en_us", "en-US"), ("de-at", "de-AT"), ("ja", "ja")])
def test_language_tags_are_normalised(shared_copy, written, normal):
    name = "m-tag-" + written.lower().replace("_", "-")
    write_mission(shared_copy, name, f"meta: {{language: {written}}}\n")
    assert load(shared_copy, name).language == normal


# --------------------------------------------------------------------------- 5. new-mission


def test_new_mission_starter_is_accepted_by_check(shared_copy):
    cwd = shared_copy.parent
    result = run_cli("new-mission", "milan-2027", cwd=cwd)
    assert result.returncode == 0, result.stderr
    path = shared_copy / "missions" / "milan-2027.yaml"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 3, "commented starter"
    starter = yaml.safe_load(text)
    assert set(starter) <= {"meta", "event", "partners", "sources", "sections", "overrides"}
    assert starter["sections"] == [s["id"] for s in BASE["sections"]]

    # unedited, it is a list of things to fill in, each at its line; never a brochure to hand out
    result = run_cli("check", "--mission", "milan-2027", cwd=cwd)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "ok:" not in result.stdout
    for value in ("Name of the event or mission", "City of the event", "Month and year", "Who you will meet there"):
        assert f"missions/milan-2027.yaml:{line_of(path, value)}:" in result.stderr, result.stderr
        assert f"{value!r} is the starter file's placeholder" in result.stderr, result.stderr

    filled = text
    for old, new in (("Name of the event or mission", "Milan Life Sciences Week"), ("City of the event", "Milan"),
                     ("Month and year", "May 2027"), ("Who you will meet there", "Investors")):
        filled = filled.replace(old, new)
    path.write_text(filled, encoding="utf-8")
    result = run_cli("check", "--mission", "milan-2027", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: milan-2027")
    path.write_text(text, encoding="utf-8")

    before = path.read_text(encoding="utf-8")
    again = run_cli("new-mission", "milan-2027", cwd=cwd)
    assert again.returncode == 2 and "exists already" in again.stderr
    assert path.read_text(encoding="utf-8") == before, "an existing mission is never overwritten"


@pytest.mark.parametrize("bad", ["Milan 2027", "../escape", "UPPER", "trailing-", "dots.yaml"])
def test_new_mission_refuses_bad_names(shared_copy, bad):
    before = sorted(p.name for p in (shared_copy / "missions").iterdir())
    result = run_cli("new-mission", bad, cwd=shared_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "lower-case letters, digits and hyphens" in result.stderr
    assert sorted(p.name for p in (shared_copy / "missions").iterdir()) == before


# --------------------------------------------------------------------------- 6. all missions at once


def test_build_all_missions_prints_progress_and_summary(builds, tmp_path):
    for name in MISSIONS:       # fills the shared cache folder, so the batch starts warm
        builds(name)
    content = copy_project(tmp_path / "project")
    missions = sorted(p.stem for p in (content / "missions").glob("*.yaml"))
    assert missions == sorted(MISSIONS + (LOCAL,))
    out = tmp_path / "out"
    result = run_cli("build", "--all-missions", "--output", str(out), cwd=content.parent,
                     env={"BROCHURE_CACHE": str(builds.cache)}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    expected = [out / f"{SLUG}-{BASE['meta']['language']}-{e}.pdf" for e in EDITIONS]
    expected += [out / m / f"{SLUG}-{mission_language(m)}-{e}.pdf" for m in MISSIONS + (LOCAL,) for e in EDITIONS]
    for path in expected:
        assert path.is_file() and path.stat().st_size > 10_000, f"{path} not written"
    assert sorted(out.rglob("*.pdf")) == sorted(expected)

    lines = result.stdout.splitlines()
    progress = [line for line in lines if line.startswith("ok ")]
    assert len(progress) == len(expected)
    for path in expected:
        assert sum(str(path) in line for line in progress) == 1, f"no progress line for {path}"

    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["mission"])
    columns = lines[header].split()
    for column in ("mission", "lang", "pages", "size", "time"):
        assert column in columns
    rows = [line.split() for line in lines[header + 1:] if line.strip() and not re.match(r"^\d+ PDFs", line)]
    assert len(rows) == len(expected)
    labels = {(r[0], r[1], r[2]) for r in rows}
    assert labels == {("(base)", BASE["meta"]["language"], e) for e in EDITIONS} | {
        (m, mission_language(m), e) for m in MISSIONS + (LOCAL,) for e in EDITIONS}
    for row in rows:
        assert row[3].isdigit() and int(row[3]) >= 4, row
        assert re.fullmatch(r"\d+KB", row[4]) and re.fullmatch(r"\d+\.\d\ds", row[5]), row
    assert re.search(rf"^{len(expected)} PDFs in [\d.]+ s", result.stdout, re.M)


def test_build_all_missions_names_a_broken_mission_and_builds_the_others(builds, tmp_path):
    """A mission whose content is wrong fails alone, with its file and line, and exit 2; the other
    brochures are built as if it were not there."""
    for name in MISSIONS:
        builds(name)
    content = copy_project(tmp_path / "project")
    broken = content / "missions" / "germany-mission.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "sections: [cover, contcat, contact]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--all-missions", "--output", str(out), cwd=content.parent,
                     env={"BROCHURE_CACHE": str(builds.cache)}, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(r"^FAILED\s+germany-mission: ", result.stdout, re.M), result.stdout
    assert re.search(rf"missions/germany-mission\.yaml:{line_of(broken, 'contcat')}:\d+: sections\[1\]: "
                     r'unknown section "contcat"', result.stderr), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    built = sorted(p.relative_to(out).parts[0] for p in out.rglob("*.pdf") if p.parent != out)
    assert "germany-mission" not in built and {"boston-bio", "japan-partnering"} <= set(built), built
    assert len(list(out.glob("*.pdf"))) == 2, "the base brochure's two editions"


def test_summary_table_columns_line_up_whatever_the_names():
    from brochure.batch import table

    rows = [("(base)", "en", "print", 12, 310_000, 0.5, None),
            ("a-mission-with-a-name-well-over-twenty-two-characters", "en-US", "screen", 112, 1_310_000, 10.25, None),
            ("short", "ja", "print", 8, 9_000, 0.1, None)]
    lines = table(rows)
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1, lines
    for column in ("lang", "edition"):          # left-aligned: every entry starts under its heading
        at = lines[0].index(column)
        assert all(line[at - 1] == " " and line[at] != " " for line in lines[1:]), (column, lines)
    end = lines[0].index("pages") + len("pages")  # right-aligned: every number ends under its heading
    assert all(line[end - 1] != " " and line[end] == " " for line in lines[1:]), lines


def test_a_mistake_in_a_translation_is_reported_alone_not_as_every_text_untranslated(project_copy):
    de = project_copy / "translations" / "de.yaml"
    text = de.read_text(encoding="utf-8")
    de.write_text(text.replace("\n  at-a-glance:\n", "\n  at-a-glanse:\n", 1), encoding="utf-8")
    message = load_error(project_copy, "germany-mission")
    assert message.startswith("1 problem in the content"), message[:1000]
    assert f"translations/de.yaml:{line_of(de, 'at-a-glanse')}:" in message
    assert 'did you mean "at-a-glance"' in message


def test_check_all_missions_reports_every_mission_not_only_the_first_broken_one(project_copy):
    write_mission(project_copy, "aa-first", "event: {name: Jane Example}\n")
    write_mission(project_copy, "zz-last", "sections: [cover, talnet, contact]\n")
    result = run_cli("check", "--all-missions", cwd=project_copy.parent)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "error: aa-first:" in result.stderr and "Jane Example" in result.stderr
    assert "error: zz-last:" in result.stderr and 'did you mean "talent"' in result.stderr
    for name in ("base",) + MISSIONS:
        assert f"ok: {name} (" in result.stdout, result.stdout

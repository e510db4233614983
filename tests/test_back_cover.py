"""The back cover is one page: up to six partner logos share one row on it, a seventh is refused by
`check`, and content that would run over the page is an error naming the section, never a stray page."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import copy_project, figure_alts, run_main

MISSION = "local-office"        # the fixture mission with a partner logo


def _with_partners(content: Path, count: int) -> None:
    mission = content / "missions" / f"{MISSION}.yaml"
    text = mission.read_text(encoding="utf-8")
    partners = "partners:\n" + "".join(f"  - name: Partner {i + 1}\n    logo: logos/fixture-partner.svg\n"
                                       for i in range(count))
    head, _, _ = text.partition("partners:\n")
    mission.write_text(head + partners, encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    copy_project(root)
    return root


def _figures_named(pdf: Path, prefix: str) -> list[str]:
    with pikepdf.open(pdf) as doc:
        return [alt for alt in figure_alts(doc) if prefix in alt]


def test_six_partner_logos_fit_the_back_cover(project):
    _with_partners(project / "content", 6)
    proc = run_main(project, "build", "--content", "content", "--output", "out", "--mission", MISSION,
                    "--edition", "screen")
    assert proc.returncode == 0, proc.stderr
    pdf = next((project / "out").rglob("*-screen.pdf"))
    doc = pdfium.PdfDocument(str(pdf))
    assert len(doc) % 4 == 0
    last = doc[len(doc) - 1].get_textpage().get_text_range()
    assert "Let" in last and "Flanders Investment & Trade" in last     # title and lockup on one page
    assert len(_figures_named(pdf, "Partner ")) == 6


def test_a_seventh_partner_logo_is_refused_by_check(project):
    _with_partners(project / "content", 7)
    proc = run_main(project, "check", "--content", "content", "--mission", MISSION)
    assert proc.returncode == 2, proc.stderr
    assert f"content/missions/{MISSION}.yaml:" in proc.stderr and "partners" in proc.stderr, proc.stderr
    assert "at most 6" in proc.stderr, proc.stderr


def test_a_back_cover_that_runs_over_its_page_is_an_error(project):
    content = project / "content"
    brochure = content / "brochure.yaml"
    text = brochure.read_text(encoding="utf-8")
    services = "".join(f"      - A service of the team described at such length that it wraps onto a second "
                       f"and a third line on the back cover, number {i}\n" for i in range(12))
    marker = "    team_services:\n"
    head, _, tail = text.partition(marker)
    rest = tail.split("\n")
    while rest and rest[0].startswith("      - "):
        rest.pop(0)
    brochure.write_text(head + marker + services + "\n".join(rest), encoding="utf-8")
    (project / "out").mkdir()
    proc = run_main(project, "build", "--content", "content", "--output", "out", "--edition", "screen")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    # refused by the content checks (the field that is too long) or, failing them, by the layout
    assert "content/brochure.yaml:" in proc.stderr, proc.stderr
    assert "team_services" in proc.stderr or 'section "contact"' in proc.stderr, proc.stderr
    assert list((project / "out").iterdir()) == [], "a build that failed wrote a PDF"


def test_the_back_cover_gate_names_the_section_when_its_foot_runs_over():
    """The foot (logos, sources, signature) flowing onto one more page is caught after the layout."""
    from conftest import CONTENT

    from brochure.content import load
    from brochure.errors import ContentError
    from brochure.layout import _back_cover_fits

    content = load(CONTENT)
    last = content.brochure.sections[-1]
    _back_cover_fits(content, {last.id: 11}, 12)            # twelve pages, the back cover on the last: fine
    with pytest.raises(ContentError) as raised:
        _back_cover_fits(content, {last.id: 11}, 13)
    message = str(raised.value)
    assert "content/brochure.yaml:" in message and 'the back cover ("contact") runs over its page onto 1 more' \
        in message, message

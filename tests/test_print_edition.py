"""The print edition as a print shop's tools read it (pikepdf only, not the project's preflight):
no interactive parts, PDF/X-4 identification, small type in solid black, black overprinting."""

from __future__ import annotations

import math
import re

import pikepdf
import pytest
from pikepdf import Name

SMALL = 9.0
SHOW = {"Tj", "TJ", "'", '"'}


def _mul(m1, m2):
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def text_runs(pdf: pikepdf.Pdf):
    """(page, size in pt, fill CMYK or None, fill overprints, OPM, font name) of every text show,
    and (page, stroke CMYK, stroke overprints, OPM) of every stroke, from the page content streams."""
    runs, strokes = [], []
    for number, page in enumerate(pdf.pages, start=1):
        state = _PageState(page.obj.get("/Resources", pikepdf.Dictionary()))
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            state.apply(op, operands)
            if op in SHOW:
                runs.append((number, *state.text_run()))
            elif op in STROKING:
                strokes.append((number, state.gs["stroke"], state.gs["OP"], state.gs["opm"]))
    return runs, strokes


STROKING = {"S", "s", "B", "B*", "b", "b*"}
IDENT = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _PageState:
    """The graphics and text state of one page's content stream, as far as these checks read it:
    CTM, CMYK fill and stroke (None for any other colour), overprint, font and size, text matrices."""

    def __init__(self, resources):
        self.states = resources.get("/ExtGState", pikepdf.Dictionary())
        self.fonts = resources.get("/Font", pikepdf.Dictionary())
        self.gs = {"ctm": IDENT, "fill": (0, 0, 0, 1), "stroke": (0, 0, 0, 1), "size": 0.0, "font": "",
                   "op": False, "OP": False, "opm": 0, "tl": 0.0}
        self.saved: list = []
        self.tm = self.tlm = IDENT

    def apply(self, op: str, operands) -> None:
        if op == "q":
            self.saved.append(dict(self.gs))
        elif op == "Q":
            self.gs = self.saved.pop()
        elif op == "cm":
            self.gs["ctm"] = _mul(tuple(map(float, operands)), self.gs["ctm"])
        elif op in ("k", "g", "rg", "cs", "scn", "sc"):
            self.gs["fill"] = tuple(map(float, operands)) if op == "k" else None
        elif op in ("K", "G", "RG", "CS", "SCN", "SC"):
            self.gs["stroke"] = tuple(map(float, operands)) if op == "K" else None
        elif op == "gs":
            self._ext_gstate(self.states[operands[0]])
        else:
            self._text_op(op, operands)

    def _ext_gstate(self, state) -> None:
        if "/OP" in state:
            self.gs["OP"] = self.gs["op"] = bool(state.OP)
        if "/op" in state:
            self.gs["op"] = bool(state.op)
        if "/OPM" in state:
            self.gs["opm"] = int(state.OPM)

    def _text_op(self, op: str, operands) -> None:
        if op == "Tf":
            self.gs["size"], self.gs["font"] = float(operands[1]), str(self.fonts[operands[0]].get("/BaseFont", ""))
        elif op == "TL":
            self.gs["tl"] = float(operands[0])
        elif op == "BT":
            self.tm = self.tlm = IDENT
        elif op == "Tm":
            self.tm = self.tlm = tuple(map(float, operands))
        elif op in ("Td", "TD"):
            if op == "TD":
                self.gs["tl"] = -float(operands[1])
            self.tm = self.tlm = _mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), self.tlm)
        elif op in ("T*", "'", '"'):
            self.tm = self.tlm = _mul((1, 0, 0, 1, 0, -self.gs["tl"]), self.tlm)

    def text_run(self) -> tuple:
        """(size in pt, fill, fill overprints, OPM, font name) of the text shown now."""
        trm = _mul(self.tm, self.gs["ctm"])
        size = self.gs["size"] * math.sqrt(abs(trm[0] * trm[3] - trm[1] * trm[2]))
        return size, self.gs["fill"], self.gs["op"], self.gs["opm"], self.gs["font"].split("+")[-1]


@pytest.fixture(scope="module")
def print_file(base_build):
    return base_build.pdf("print")


def test_print_edition_has_no_annotations_links_or_actions(print_file):
    with pikepdf.open(print_file) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            assert not page.obj.get("/Annots"), f"page {number} carries annotations"
            assert "/AA" not in page.obj
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/Type") != Name.Annot and "/URI" not in obj and obj.get("/S") != Name.URI


def test_print_edition_is_pdf_1_6_with_complete_xmp_identification(print_file):
    assert print_file.read_bytes()[:9] == b"%PDF-1.6\n"
    uuid = re.compile(r"^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    with pikepdf.open(print_file) as pdf:
        assert pdf.pdf_version == "1.6"
        with pdf.open_metadata() as xmp:
            document, instance = xmp.get("xmpMM:DocumentID"), xmp.get("xmpMM:InstanceID")
            assert uuid.match(document or ""), document
            assert uuid.match(instance or ""), instance
            assert document != instance
            assert xmp.get("xmpMM:VersionID")
            assert xmp.get("xmpMM:RenditionClass") == "default"
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"


def test_screen_edition_identifies_itself_too_and_is_preflighted_by_the_build(base_build):
    with pikepdf.open(base_build.pdf("screen")) as screen, pikepdf.open(base_build.pdf("print")) as prints:
        with screen.open_metadata() as a, prints.open_metadata() as b:
            # Two renditions of one document: one document ID, an instance ID each.
            assert a.get("xmpMM:DocumentID", "").startswith("uuid:")
            assert a.get("xmpMM:DocumentID") == b.get("xmpMM:DocumentID")
            assert a.get("xmpMM:InstanceID") != b.get("xmpMM:InstanceID")
            assert a.get("xmpMM:RenditionClass") == "screen"
    checks = {f.check for f in base_build.record("screen").findings}
    assert {"fonts-embedded", "type-size", "lang", "title", "tagged"} <= checks, checks
    assert not any(f.level == "FAIL" for f in base_build.record("screen").findings)


def test_small_type_prints_in_solid_black_or_is_white_and_bold(print_file):
    with pikepdf.open(print_file) as pdf:
        runs, _ = text_runs(pdf)
    small = [r for r in runs if 0 < r[1] < SMALL]
    assert len(small) >= 20, f"only {len(small)} small text runs found: the test reads nothing"
    bad = []
    for page, size, fill, _, _, font in small:
        if fill is None:
            bad.append(f"p.{page}: {size:.1f} pt text in a non-CMYK colour")
        elif max(fill[:3]) <= 0.001 and fill[3] < 0.995 and fill[3] > 0.001:
            bad.append(f"p.{page}: {size:.1f} pt text in {fill[3] * 100:.0f} % K")
        elif max(fill) <= 0.001 and "Bold" not in font:
            bad.append(f"p.{page}: {size:.1f} pt white text in {font}")
    assert not bad, "\n".join(bad[:10])


def test_black_text_and_rules_overprint(print_file):
    with pikepdf.open(print_file) as pdf:
        runs, strokes = text_runs(pdf)
    black = [r for r in runs if r[2] is not None and max(r[2][:3]) <= 0.001 and r[2][3] >= 0.995]
    assert len(black) >= 100, f"only {len(black)} black text runs"
    knockout = [f"p.{r[0]}: {r[1]:.1f} pt black text" for r in black if not (r[3] and r[4] == 1)]
    rules = [s for s in strokes if s[1] is not None and max(s[1][:3]) <= 0.001 and s[1][3] >= 0.995]
    knockout += [f"p.{s[0]}: black rule" for s in rules if not (s[2] and s[3] == 1)]
    assert not knockout, "\n".join(knockout[:10])
    # Nothing but black overprints: white or coloured type still knocks out.
    others = [r for r in runs if r[3] and not (r[2] is not None and max(r[2][:3]) <= 0.001 and r[2][3] >= 0.995)]
    assert not others, others[:5]


# --------------------------------------------------------------------------- overprinting black, on a small file


def _drawn(tmp_path, draw) -> pikepdf.Pdf:
    """A one-page PDF drawn with the print edition's canvas."""
    import pdf_factory as F
    from brochure.editions._overprint import OverprintCanvas

    path = tmp_path / "overprint.pdf"
    c = OverprintCanvas(str(path), pagesize=(300, 300))
    F.register_font()
    draw(c, F.FONT)
    c.showPage()
    c.save()
    return pikepdf.open(path)


def test_print_canvas_overprints_black_only_and_never_inside_a_path(tmp_path):
    def draw(c, font):
        c.setFillColorCMYK(0.1, 0.05, 0, 0)
        c.rect(10, 10, 280, 280, stroke=0, fill=1)
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.line(20, 100, 200, 100)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(font, 10)
        c.drawString(20, 200, "Black text")
        c.setFillColorCMYK(0, 0, 0, 0)
        c.drawString(20, 180, "White text")
        text = c.beginText(20, 160)             # paragraphs draw through text objects
        text.setFont(font, 10)
        from reportlab.lib.colors import CMYKColor

        text.setFillColor(CMYKColor(0, 0, 0, 1))
        text.textLine("Black in a text object")
        c.drawText(text)

    pdf = _drawn(tmp_path, draw)
    runs, strokes = text_runs(pdf)
    assert [(r[2], r[3]) for r in runs] == [((0, 0, 0, 1), True), ((0, 0, 0, 0), False),
                                            ((0, 0, 0, 1), True)], runs
    assert all(r[4] == 1 for r in runs if r[3]), "overprinting black is set with OPM 1"
    assert [(s[1], s[2], s[3]) for s in strokes] == [((0, 0, 0, 1), True, 1)], strokes
    ops = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
    construction = {"m", "l", "c", "v", "y", "h", "re"}
    for i, op in enumerate(ops):
        if op == "gs":
            assert not (i and ops[i - 1] in construction), f"gs inside a path: {ops[max(0, i - 3):i + 2]}"


def test_a_screen_edition_that_fails_its_preflight_is_not_kept(tmp_path, monkeypatch):
    """The build runs the screen profile on the screen edition and keeps neither PDF when it fails."""
    import brochure.preflight as preflight_module
    from brochure.build import Project, build
    from brochure.errors import BrochureError
    from conftest import copy_project

    real = preflight_module.preflight
    profiles = []

    def screen_fails(path, profile="print", **kwargs):
        profiles.append(profile)
        report = real(path, profile, **kwargs)
        if profile == "screen":
            report.findings.append(preflight_module.Finding("FAIL", "tagged", "injected failure"))
        return report

    monkeypatch.setattr(preflight_module, "preflight", screen_fails)
    content = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    with pytest.raises(BrochureError, match=r"screen\.pdf failed preflight \(screen\):\n.*injected failure"):
        build(Project.at(content, output=out, cache=tmp_path / "cache"), parallel=False)
    assert "screen" in profiles
    assert not list(out.rglob("*.pdf")), "a PDF was kept"

"""Preflight: a clean print PDF passes; each deliberate defect fails the right check."""

from __future__ import annotations

import re

import pikepdf
import pytest
from PIL import Image

import pdf_factory as F
from pdf_factory import ink_400, rgb_text, text_in_safe_zone
from brochure.preflight import Finding, Report, main, preflight

MM = F.MM
PRINT_CHECKS = {
    "file",
    "fonts-embedded",
    "trimbox",
    "colour-space",
    "text-black",
    "image-ppi",
    "ink-coverage",
    "type-size",
    "line-width",
    "safe-zone",
    "page-count",
    "output-intent",
    "content",
    "small-text",
    "overprint",
}


def failing(report: Report) -> set[str]:
    return {f.check for f in report.findings if f.level == "FAIL"}


def messages(report: Report, check: str, level: str = "FAIL") -> str:
    return "\n".join(f.message for f in report.findings if f.check == check and f.level == level)


# --------------------------------------------------------------------------- defects drawn on page 1


def helvetica_text(c, i, g):
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("Helvetica", 12)
    c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Standard font")


def low_ppi_image(c, i, g):
    # 72 x 72 px placed at 72 x 72 pt (1 inch): 72 ppi
    c.drawImage(_gray(72), g.x0 + 20 * MM, g.y0 + 80 * MM, 72, 72)


def _gray(px: int):
    from reportlab.lib.utils import ImageReader

    return ImageReader(Image.new("L", (px, px), 128))


def tiny_type(c, i, g):
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(F.FONT, 4)
    c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Small print")


DEFECTS = {
    # id: (build kwargs, check, words the message must contain)
    "rgb-text": (dict(extra=rgb_text), "colour-space", ["p.1", "RGB", "rg"]),
    "unembedded-font": (dict(extra=helvetica_text), "fonts-embedded", ["p.1", "Helvetica", "not embedded"]),
    "no-bleed": (dict(boxes=False), "trimbox", ["p.1", "TrimBox", "BleedBox"]),
    "72-ppi": (dict(extra=low_ppi_image), "image-ppi", ["p.1", "72 ppi", "min 150"]),
    "400-ink": (dict(extra=ink_400), "ink-coverage", ["p.1", "400 %", "max 300 %"]),
    "safe-zone": (dict(extra=text_in_safe_zone), "safe-zone", ["p.1", "'Too close'", "mm from left trim", "min 5 mm"]),
    "10-pages": (dict(pages=10), "page-count", ["10 pages", "multiple of 4"]),
    "no-output-intent": (dict(output_intent=False), "output-intent", ["GTS_PDFX", "output intent"]),
    "4pt-type": (dict(extra=tiny_type), "type-size", ["p.1", "4.0 pt", "Small print", "min 6 pt"]),
}


@pytest.fixture
def good_pdf(tmp_path):
    return F.build_pdf(tmp_path / "good.pdf")


def test_good_print_pdf_passes_every_check(good_pdf):
    report = preflight(good_pdf)
    assert not report.failed and not report.warned, report.format()
    assert {f.check for f in report.findings} == PRINT_CHECKS
    assert all(f.level == "PASS" for f in report.findings)
    assert report.format().splitlines()[-1] == f"preflight: 15 PASS, 0 WARN, 0 FAIL \u2014 {good_pdf}"


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_each_defect_fails_only_its_check(tmp_path, defect):
    kwargs, check, words = DEFECTS[defect]
    report = preflight(F.build_pdf(tmp_path / f"{defect}.pdf", **kwargs))
    assert failing(report) == {check}, report.format()
    text = messages(report, check)
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"


def test_format_lines_and_summary(tmp_path):
    report = preflight(F.build_pdf(tmp_path / "bad.pdf", extra=text_in_safe_zone))
    lines = report.format().splitlines()
    assert any(re.match(r"^FAIL  safe-zone +p\.1: text 'Too close' \d\.\d mm from left trim \(min 5 mm\)$", ln)
               for ln in lines), lines
    assert re.match(r"^preflight: 14 PASS, 0 WARN, 1 FAIL \u2014 .*bad\.pdf$", lines[-1])
    finding = report.by_check("safe-zone")[0]
    assert isinstance(finding, Finding) and (finding.level, finding.page) == ("FAIL", 1)


# --------------------------------------------------------------------------- more print cases


def test_wrong_bleed_amount_is_reported_in_mm(tmp_path):
    report = preflight(F.build_pdf(tmp_path / "b.pdf", bleed_mm=2.0))
    assert failing(report) == {"trimbox"}
    assert "2.0 mm left" in messages(report, "trimbox")
    assert "need 3 mm" in messages(report, "trimbox")


def test_findings_per_check_are_capped(tmp_path):
    report = preflight(F.build_pdf(tmp_path / "b.pdf", pages=12, boxes=False))
    lines = report.by_check("trimbox")
    assert len(lines) == 6
    assert lines[-1].message == "... and 7 more"


def test_text_crossing_trim_and_slug_label(tmp_path):
    def draw(c, i, g):
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(F.FONT, 10)
        c.drawString(g.x1 - 10 * MM, g.y0 + 100 * MM, "Runs off the page")  # crosses the right trim edge
        c.setFont(F.FONT, 6)
        c.drawString(g.x0, 3 * MM, "Job 42 / slug label")  # outside the bleed box: allowed

    report = preflight(F.build_pdf(tmp_path / "b.pdf", extra=draw, slug_mm=10))
    assert failing(report) == {"safe-zone"}, report.format()
    text = messages(report, "safe-zone")
    assert "crosses the right trim edge" in text and "Runs off" in text
    assert "slug" not in text


def test_crop_marks_in_slug_pass(tmp_path):
    def crop_marks(c, i, g):
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.setLineWidth(0.25)
        for x in (g.x0, g.x1):
            c.line(x, 0, x, g.y0 - 3 * MM)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(F.FONT, 6)
        c.drawString(g.x0 + 5 * MM, 2 * MM, "brochure p.1")

    report = preflight(F.build_pdf(tmp_path / "b.pdf", extra=crop_marks, slug_mm=10))
    assert not report.failed and not report.warned, report.format()
    assert "0.25 pt" in messages(report, "line-width", "PASS")


def test_rich_black_text_warns(tmp_path):
    def draw(c, i, g):
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.setFont(F.FONT, 10)
        c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Rich black body")

    report = preflight(F.build_pdf(tmp_path / "b.pdf", extra=draw))
    assert not report.failed, report.format()
    assert "rich black C60 M40 Y40 K100" in messages(report, "text-black", "WARN")


def test_hairline_warns_and_zero_width_fails(tmp_path):
    def hair(c, i, g):
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.setLineWidth(0.1)
        c.line(g.x0 + 20 * MM, g.y0 + 90 * MM, g.x1 - 20 * MM, g.y0 + 90 * MM)

    def zero(c, i, g):
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.setLineWidth(0)
        c.line(g.x0 + 20 * MM, g.y0 + 90 * MM, g.x1 - 20 * MM, g.y0 + 90 * MM)

    report = preflight(F.build_pdf(tmp_path / "h.pdf", extra=hair))
    assert not report.failed
    assert "hairline 0.10 pt" in messages(report, "line-width", "WARN")

    report = preflight(F.build_pdf(tmp_path / "z.pdf", extra=zero))
    assert failing(report) == {"line-width"}
    assert "line width 0" in messages(report, "line-width")


def test_line_width_follows_ctm(tmp_path):
    def scaled(c, i, g):
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.translate(g.x0 + 20 * MM, g.y0 + 90 * MM)
        c.scale(0.25, 0.25)
        c.setLineWidth(0.5)  # 0.125 pt on paper
        c.line(0, 0, 100, 0)

    report = preflight(F.build_pdf(tmp_path / "s.pdf", extra=scaled))
    assert "hairline 0.12 pt" in messages(report, "line-width", "WARN")


def test_image_ppi_inside_scaled_form_xobject(tmp_path):
    def draw(c, i, g):
        c.beginForm("logo")
        c.drawImage(_gray(300), 0, 0, 72, 72)  # 300 ppi inside the form
        c.endForm()
        c.saveState()
        c.translate(g.x0 + 20 * MM, g.y0 + 80 * MM)
        c.scale(2.5, 2.5)  # placed at 2.5 inch: 120 ppi
        c.doForm("logo")
        c.restoreState()

    report = preflight(F.build_pdf(tmp_path / "f.pdf", extra=draw))
    assert failing(report) == {"image-ppi"}, report.format()
    assert "120 ppi" in messages(report, "image-ppi")


def test_image_between_150_and_300_ppi_is_a_warning(tmp_path):
    def draw(c, i, g):
        c.drawImage(_gray(200), g.x0 + 20 * MM, g.y0 + 80 * MM, 72, 72)  # 200 px over an inch

    report = preflight(F.build_pdf(tmp_path / "f.pdf", extra=draw))
    assert not failing(report), report.format()
    assert "200 ppi" in messages(report, "image-ppi", "WARN")
    assert "min 300 ppi" in messages(report, "image-ppi", "WARN")


def test_rgb_image_and_cmyk_image_ink(tmp_path):
    from reportlab.lib.utils import ImageReader

    def rgb_image(c, i, g):
        c.drawImage(ImageReader(Image.new("RGB", (400, 400), (10, 200, 30))), g.x0 + 20 * MM, g.y0 + 80 * MM, 72, 72)

    def heavy_cmyk_image(c, i, g):
        img = ImageReader(F.cmyk_image(400, (255, 255, 255, 255)))
        c.drawImage(img, g.x0 + 20 * MM, g.y0 + 80 * MM, 72, 72)

    report = preflight(F.build_pdf(tmp_path / "r.pdf", extra=rgb_image))
    assert failing(report) == {"colour-space"}, report.format()
    assert "image" in messages(report, "colour-space") and "DeviceRGB" in messages(report, "colour-space")

    report = preflight(F.build_pdf(tmp_path / "k.pdf", extra=heavy_cmyk_image))
    assert failing(report) == {"ink-coverage"}, report.format()
    assert re.search(r"image \S+ reaches 400 % ink", messages(report, "ink-coverage"))


def test_cmyk_jpeg_behind_ascii85_is_read_for_ink(tmp_path):
    """reportlab wraps a JPEG in ASCII85 by default: the ink check reads through it, not past it."""
    import io

    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    data = io.BytesIO()
    F.cmyk_image(400, (255, 255, 255, 255)).save(data, "JPEG", quality=95)

    def heavy_cmyk_jpeg(c, i, g):
        before, rl_config.useA85 = rl_config.useA85, 1
        try:
            c.drawImage(ImageReader(io.BytesIO(data.getvalue())), g.x0 + 20 * MM, g.y0 + 80 * MM, 72, 72)
        finally:
            rl_config.useA85 = before

    path = F.build_pdf(tmp_path / "j.pdf", extra=heavy_cmyk_jpeg)
    with pikepdf.open(path) as pdf:
        filters = [list(x.Filter) for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
    assert filters == [[pikepdf.Name.ASCII85Decode, pikepdf.Name.DCTDecode]]
    report = preflight(path)
    assert failing(report) == {"ink-coverage"}, report.format()
    assert re.search(r"image \S+ reaches 400 % ink", messages(report, "ink-coverage"))


def test_foreign_pdf_icc_rgb_pattern_shading_and_type0_font(tmp_path):
    """A hand-written PDF: RGB via ICCBased N=3, inside a tiling pattern and a shading; unembedded CID font."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    icc3 = pdf.make_stream(b"\0" * 132, N=3)
    tile = pdf.make_stream(
        b"1 0 0 rg 0 0 5 5 re f",
        Type=pikepdf.Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
        BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=pikepdf.Dictionary(),
    )
    shading = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 100, 0],
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0], C1=[1, 1, 1], N=1),
    )
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/SomeCJKFont"),
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/SomeCJKFont"),
                                          Flags=4, FontBBox=[0, 0, 1000, 1000], ItalicAngle=0, Ascent=800,
                                          Descent=-200, CapHeight=700, StemV=80),
    )
    type0 = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/SomeCJKFont"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid],
    )
    page.obj.Resources = pikepdf.Dictionary(
        ColorSpace=pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc3])),
        Pattern=pikepdf.Dictionary(P0=tile),
        Shading=pikepdf.Dictionary(Sh0=shading),
        Font=pikepdf.Dictionary(F0=type0),
    )
    page.obj.Contents = pdf.make_stream(
        b"/CS0 cs 0.2 0.4 0.6 sc 10 10 20 20 re f\n"
        b"/Pattern cs /P0 scn 40 40 20 20 re f\n"
        b"q 0 0 50 50 re W n /Sh0 sh Q\n"
        b"BT /F0 12 Tf 50 100 Td <0001> Tj ET\n"
    )
    path = tmp_path / "foreign.pdf"
    pdf.save(path)

    report = preflight(path)
    colour = messages(report, "colour-space")
    assert "ICCBased (N=3)" in colour
    assert "rg" in colour  # from inside the tiling pattern
    assert "shading /Sh0 in DeviceRGB" in colour
    assert "'SomeCJKFont' is not embedded" in messages(report, "fonts-embedded")
    assert {"trimbox", "page-count", "output-intent"} <= failing(report)


# --------------------------------------------------------------------------- screen profile


def test_screen_profile(tmp_path):
    good = F.build_pdf(tmp_path / "s.pdf", extra=rgb_text, boxes=False, output_intent=False, pages=3, tagged=True)
    report = preflight(good, "screen")
    assert not report.failed and not report.warned, report.format()
    assert {f.check for f in report.findings} == {"fonts-embedded", "type-size", "lang", "title", "tagged",
                                                      "content"}

    bare = F.build_pdf(tmp_path / "bare.pdf", title=None, lang=None, extra=tiny_type)
    report = preflight(bare, "screen")
    assert failing(report) == {"type-size"}
    assert {f.check for f in report.findings if f.level == "WARN"} == {"lang", "title", "tagged"}


def test_unknown_profile_is_rejected(good_pdf):
    with pytest.raises(ValueError):
        preflight(good_pdf, "web")


# --------------------------------------------------------------------------- command line


def test_main_exit_codes(tmp_path, good_pdf, capsys):
    assert main([str(good_pdf)]) == 0
    out = capsys.readouterr().out
    assert "0 FAIL" in out

    bad = F.build_pdf(tmp_path / "bad.pdf", extra=ink_400)
    assert main([str(bad), "--profile", "print"]) == 1
    assert "FAIL  ink-coverage" in capsys.readouterr().out

    assert main([str(bad), "--profile", "screen"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("content", [b"just some text, not a PDF\n", b"%PDF-1.7\ngarbage without objects\n", b""])
def test_main_non_pdf_returns_2_without_traceback(tmp_path, capsys, content):
    path = tmp_path / "notes.pdf"
    path.write_bytes(content)
    assert main([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err and "\n" not in err and "Traceback" not in err
    assert str(path) in err


def test_main_missing_file_returns_2(tmp_path, capsys):
    assert main([str(tmp_path / "missing.pdf")]) == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------- text pass in a worker


def test_text_pass_in_a_worker_gives_the_same_report(tmp_path):
    """The build runs the text pass (type size, safe zone) in a worker process beside the content
    pass; the report is the one a single process gives, defects included."""
    from brochure.preflight.worker import TextPassWorker

    pdf = F.build_pdf(tmp_path / "bad.pdf", extra=text_in_safe_zone)
    alone = preflight(pdf)
    with TextPassWorker.started() as ask:
        assert ask is not None
        beside = preflight(pdf, text_pass=ask)
        again = preflight(pdf, text_pass=ask)          # one worker serves several passes
    assert beside.findings == alone.findings == again.findings
    assert failing(beside) == {"safe-zone"}


def test_text_pass_runs_here_when_the_worker_is_gone(tmp_path):
    """A worker that died costs nothing but the time: the pass runs in the asking process."""
    from brochure.preflight.worker import TextPassWorker

    pdf = F.build_pdf(tmp_path / "bad.pdf", extra=text_in_safe_zone)
    alone = preflight(pdf)
    worker = TextPassWorker.start()
    try:
        worker.process.kill()
        worker.process.join()
        assert preflight(pdf, text_pass=worker.ask).findings == alone.findings
    finally:
        worker.close()


def test_a_file_the_worker_cannot_read_gives_the_usual_error(tmp_path):
    from brochure.preflight.worker import TextPassWorker
    from brochure.preflight import PreflightError

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    with TextPassWorker.started() as ask:
        with pytest.raises(PreflightError, match="broken.pdf"):
            ask(tmp_path / "broken.pdf", [], 14.17, True)()


# --------------------------------------------------------------------------- failing closed


def _pdf_with(tmp_path, name, extra=None):
    return F.build_pdf(tmp_path / name, extra=extra)


@pytest.mark.parametrize("defect", [ink_400, rgb_text], ids=["ink-400", "rgb"])
def test_a_parser_fault_fails_and_names_page_and_object(tmp_path, monkeypatch, defect):
    """A content stream the parser cannot read is never taken as clean: with the parser made to fail
    on page 1, the file with 400 % ink or RGB text fails, naming the page and the stream."""
    import brochure.preflight.content as content

    path = _pdf_with(tmp_path, "bad.pdf", defect)
    with pikepdf.open(path) as pdf:
        page_one, first = pdf.pages[0].obj.objgen, pdf.pages[0].obj.Contents.objgen
    real = pikepdf.parse_content_stream

    def faulty(obj, *args, **kwargs):
        if getattr(obj, "objgen", None) == page_one:
            raise pikepdf.PdfError("injected parser fault")
        return real(obj, *args, **kwargs)

    monkeypatch.setattr(content.pikepdf, "parse_content_stream", faulty)
    report = preflight(path)
    assert report.failed
    found = messages(report, "content")
    assert f"p.1: content stream (object {first[0]} {first[1]}) could not be read (injected parser fault)" in found


def test_an_operator_fault_fails_and_names_the_operator(tmp_path, monkeypatch):
    import brochure.preflight.content as content

    real = content._Walker._op

    def faulty(self, op, *args):
        if op == "k":
            raise ValueError("injected operand fault")
        return real(self, op, *args)

    monkeypatch.setattr(content._Walker, "_op", faulty)
    report = preflight(_pdf_with(tmp_path, "k.pdf"))
    assert failing(report) == {"content"}, report.format()
    assert "operator k: injected operand fault" in messages(report, "content")


def _replace_profile(path, data: bytes):
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.OutputIntents[0].DestOutputProfile.write(data)
        pdf.save(path)
    return path


@pytest.mark.parametrize("profile, problem", [
    (b"This is a text file, not a colour profile.\n" * 10, "is not an ICC profile"),
    ((F.ROOT / "assets" / "icc" / "sRGB.icc").read_bytes(), "an output (prtr) profile for CMYK is needed"),
], ids=["text-file", "rgb-display-profile"])
def test_output_intent_profile_must_be_a_cmyk_output_profile(tmp_path, profile, problem):
    path = _replace_profile(_pdf_with(tmp_path, "oi.pdf"), profile)
    report = preflight(path)
    assert failing(report) == {"output-intent"}, report.format()
    assert re.search(r"DestOutputProfile \(object \d+ \d+\) .*" + re.escape(problem), messages(report, "output-intent"))


def test_the_real_output_profile_passes(tmp_path):
    profile = (F.ROOT / "assets" / "icc" / "FOGRA39-based.icc").read_bytes()
    path = _replace_profile(_pdf_with(tmp_path, "oi.pdf"), profile)
    assert not preflight(path).failed


def _write_raw_contents(path, page_index: int, raw: bytes):
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        contents = pdf.pages[page_index].obj.Contents
        contents.write(raw, filter=pikepdf.Name.FlateDecode)
        objgen = contents.objgen
        pdf.save(path)
    return objgen


def test_a_damaged_content_stream_fails_naming_page_and_object(tmp_path):
    import zlib

    path = _pdf_with(tmp_path, "damaged.pdf")
    packed = bytearray(zlib.compress(b"0 0 0 1 k 10 10 50 50 re f\n" * 200))
    packed[len(packed) // 2:len(packed) // 2 + 8] = b"\xff" * 8        # garbage in the middle
    num, gen = _write_raw_contents(path, 1, bytes(packed))
    report = preflight(path)
    assert failing(report) == {"streams"}, report.format()
    assert f"p.2: content stream (object {num} {gen}) cannot be decoded" in messages(report, "streams")


def test_a_stream_that_inflates_past_the_limit_fails_without_being_read(tmp_path):
    """A 100 MB content stream in a file of about 100 KB: a FAIL naming the page and object, found by
    inflating no more than the limit (the whole file is never parsed nor handed to the text pass)."""
    import zlib

    from brochure.preflight.streams import MAX_STREAM

    path = _pdf_with(tmp_path, "bomb.pdf")
    packer = zlib.compressobj(9)
    chunk = b"0 0 m " * (1024 * 1024 // 6)
    packed = b"".join(packer.compress(chunk) for _ in range(100)) + packer.flush()
    assert len(packed) < 1024 * 1024 < 100 * len(chunk) and 100 * len(chunk) > MAX_STREAM
    num, gen = _write_raw_contents(path, 0, packed)
    report = preflight(path)
    assert failing(report) == {"streams"}, report.format()
    assert f"p.1: content stream (object {num} {gen}) decodes to more than" in messages(report, "streams")
    assert [f.check for f in report.findings] == ["streams"]


def test_a_content_pass_past_its_time_limit_fails(tmp_path):
    def many(c, i, g):
        c.setFillColorCMYK(0, 0, 0, 1)
        for _ in range(3000):
            c.rect(g.x0 + 20 * MM, g.y0 + 80 * MM, 1, 1, stroke=0, fill=1)

    path = F.build_pdf(tmp_path / "slow.pdf", extra=many)
    assert not preflight(path).failed
    report = preflight(path, time_limit=0)
    assert failing(report) == {"content"}, report.format()
    assert re.search(r"p\.1: content stream .*took longer than 0 s", messages(report, "content"))


# --------------------------------------------------------------------------- colour of small text, overprint


def _text(cmyk, size, font=None, overprint=True, panel=None):
    def draw(c, i, g):
        if panel is not None:
            c.setFillColorCMYK(*panel)
            c.rect(g.x0 + 10 * MM, g.y0 + 90 * MM, 100 * MM, 30 * MM, stroke=0, fill=1)
        c.setFillOverprint(overprint)
        c.setFillColorCMYK(*cmyk)
        c.setFont(_bold_font() if font == "bold" else F.FONT, size)
        c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Source: a small line of text")
    return draw


def _bold_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "PreflightNotoBold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PreflightNotoBold", str(F.ROOT / "assets" / "fonts" / "NotoSans-Bold.ttf")))
    return "PreflightNotoBold"


NAVY = (1, 0.72, 0.12, 0.30)


@pytest.mark.parametrize("draw, fails", [
    (_text((0, 0, 0, 0.8), 7), "in 80 % K: text under 9 pt prints in solid K"),
    (_text((0, 0, 0, 0.8), 9), None),                                   # 9 pt may be a tint
    (_text((0, 0, 0, 1), 7), None),                                     # solid K
    (_text((0, 0, 0, 0), 7, panel=NAVY), "white text (NotoSans-Regular) reversed out of C100 M72 Y12 K30 (4 inks)"),
    (_text((0, 0, 0, 0), 7, panel=(1, 0.7, 0, 0)), None),               # out of two inks
    (_text((0, 0, 0, 0), 9.5, panel=NAVY), None),                       # large enough
    (_text((0, 0, 0, 0), 7, font="bold", panel=NAVY), None),            # bold
], ids=["7pt-80K", "9pt-80K", "7pt-100K", "7pt-white-on-4-inks", "7pt-white-on-2-inks", "9.5pt-white",
        "7pt-bold-white"])
def test_small_text_is_solid_black_or_reversed_safely(tmp_path, draw, fails):
    report = preflight(F.build_pdf(tmp_path / "t.pdf", extra=draw))
    if fails is None:
        assert not report.failed, report.format()
    else:
        assert failing(report) == {"small-text"}, report.format()
        assert fails in messages(report, "small-text")
        assert messages(report, "small-text").startswith("p.1: 7.0 pt")


@pytest.mark.parametrize("ground, font, fails", [
    ((80, 60, 40, 30), "regular", True),        # a four-colour photo
    ((80, 60, 40, 30), "bold", False),
    ((0, 0, 0, 70), "regular", False),          # a black-and-white photo in K only
], ids=["regular-on-4-ink-photo", "bold-on-4-ink-photo", "regular-on-k-photo"])
def test_small_white_text_over_a_photo_is_bold_or_on_two_inks(tmp_path, ground, font, fails):
    """A CMYK image is the ground of the text drawn over it, as a filled panel is (a photo credit
    reversed out of the cover photo)."""
    from reportlab.lib.utils import ImageReader

    def draw(c, i, g):
        photo = F.cmyk_image(1200, tuple(round(v * 2.55) for v in ground))     # 305 ppi across 100 mm
        c.drawImage(ImageReader(photo), g.x0 + 10 * MM, g.y0 + 90 * MM, 100 * MM, 30 * MM)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.setFont(_bold_font() if font == "bold" else F.FONT, 7)
        c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Photo: a credit line")

    report = preflight(F.build_pdf(tmp_path / "t.pdf", extra=draw))
    if fails:
        assert failing(report) == {"small-text"}, report.format()
        assert "reversed out of C80 M60 Y40 K30 (4 inks)" in messages(report, "small-text")
    else:
        assert not report.failed, report.format()


def test_black_text_and_rules_that_knock_out_fail(tmp_path):
    def knockout(c, i, g):
        c.setFillOverprint(False)
        c.setStrokeOverprint(False)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(F.FONT, 10)
        c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Black that knocks out")
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.line(g.x0 + 20 * MM, g.y0 + 95 * MM, g.x0 + 60 * MM, g.y0 + 95 * MM)

    report = preflight(F.build_pdf(tmp_path / "ko.pdf", extra=knockout))
    assert failing(report) == {"overprint"}, report.format()
    assert "p.1: 1 text run and 1 rule in 100 % K knock out" in messages(report, "overprint")


def _forms_within_forms(path, levels: int = 12, fan: int = 10):
    """A page drawing a form that draws the next form `fan` times, `levels` deep: a few kilobytes
    that stand for fan ** levels drawing operations."""
    pdf = pikepdf.new()
    forms = []
    for _ in range(levels):
        inner = forms[-1] if forms else None
        body = (b"/F Do " * fan) if inner is not None else b"0 0 0 1 k 0 0 1 1 re f"
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=inner)) if inner is not None \
            else pikepdf.Dictionary()
        form = pdf.make_stream(body, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                               BBox=[0, 0, 10, 10], Resources=resources)
        forms.append(form)
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=forms[-1])),
                              Contents=pdf.make_stream(b"/F Do"))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_forms_drawn_within_forms_fail_without_being_followed_to_the_end(tmp_path, profile):
    """Twelve forms each drawing the next ten times (3 KB for a trillion operations): a FAIL once the
    content pass has followed MAX_OPERATIONS of them, and the text pass is never started on it."""
    import time

    from brochure.preflight.content import MAX_OPERATIONS

    path = _forms_within_forms(tmp_path / "forms.pdf")
    assert path.stat().st_size < 10_000
    started = time.monotonic()
    report = preflight(path, profile)
    assert failing(report) == {"content"}, report.format()
    assert f"draws more than {MAX_OPERATIONS:,} operations" in messages(report, "content")
    assert time.monotonic() - started < 30, "found by counting, not by following the forms"


def test_a_page_tree_listing_a_page_two_hundred_thousand_times_fails_before_the_pages_are_read(tmp_path):
    from brochure.preflight import MAX_PAGES

    path = _pdf_with(tmp_path, "pages.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        first = pdf.Root.Pages.Kids[0]
        pdf.Root.Pages.Kids = pikepdf.Array([first] * 200_000)
        pdf.Root.Pages.Count = 200_000
        pdf.save(path)
    report = preflight(path)
    assert [f.check for f in report.findings] == ["pages"], report.format()
    assert f"more than {MAX_PAGES:,} pages" in messages(report, "pages")


def test_preflight_of_a_named_pipe_is_refused_at_once(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "brochure", "preflight", str(fifo)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "is not a regular file" in proc.stderr + proc.stdout


def _encrypted(pdf, path):
    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user=""))


@pytest.mark.parametrize("change, said", [
    ("encrypted", "the file is encrypted"),
    ("open-action", "runs scripts or actions when opened"),
    ("javascript", "runs scripts or actions when opened"),
    ("page-actions", "p.1: page actions"),
    ("link", "p.1: Link"),
    ("note", "p.2: Text"),
    ("no-xmp", "no XMP metadata"),
    ("pdf-1.3", "PDF version 1.3; PDF/X-4 needs 1.6 or later"),
])
def test_a_print_file_a_print_shop_refuses_fails(tmp_path, change, said):
    """Encryption, scripts and actions, annotations, no XMP, an old PDF version: a PDF/X-4 check at the
    print shop refuses each, so the print profile does (it passed them)."""
    path = _pdf_with(tmp_path, "base.pdf")
    out = tmp_path / "changed.pdf"
    with pikepdf.open(path) as pdf:
        if change == "open-action":
            pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        elif change == "javascript":
            pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array()))
        elif change == "page-actions":
            pdf.pages[0].obj.AA = pikepdf.Dictionary()
        elif change in ("link", "note"):
            kind = pikepdf.Name.Link if change == "link" else pikepdf.Name.Text
            pdf.pages[0 if change == "link" else 1].obj.Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=kind, Rect=[10, 10, 50, 50])]))
        elif change == "no-xmp":
            del pdf.Root.Metadata
        if change == "encrypted":
            _encrypted(pdf, out)
        elif change == "pdf-1.3":
            pdf.save(out, force_version="1.3")
        else:
            pdf.save(out)
    report = preflight(out)
    assert "file" in failing(report), report.format()
    assert said in messages(report, "file"), report.format()


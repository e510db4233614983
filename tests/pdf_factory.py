"""Small PDFs for preflight tests: a clean print page set plus hooks to add one defect."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pikepdf
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]
FONT_PATH = ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf"
FONT = "PreflightNoto"
MM = 72.0 / 25.4
TRIM_MM = (148.0, 210.0)  # A5


@dataclass(frozen=True)
class Geometry:
    """Trim box of the page in canvas (= PDF user space) coordinates, in pt."""

    x0: float
    y0: float
    x1: float
    y1: float
    media_w: float
    media_h: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


Draw = Callable[[canvas.Canvas, int, Geometry], None]


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    return FONT


def fake_cmyk_icc() -> bytes:
    """A 132-byte ICC header with no tags: structurally an output (prtr) CMYK profile."""
    header = bytearray(128)
    struct.pack_into(">I", header, 0, 132)  # profile size
    header[4:8] = b"none"
    struct.pack_into(">I", header, 8, 0x04200000)  # version 4.2
    header[12:16] = b"prtr"
    header[16:20] = b"CMYK"
    header[20:24] = b"Lab "
    header[36:40] = b"acsp"
    return bytes(header) + struct.pack(">I", 0)  # tag count 0


def cmyk_image(px: int, cmyk=(51, 25, 0, 0)) -> Image.Image:
    return Image.new("CMYK", (px, px), cmyk)


def default_page(c: canvas.Canvas, index: int, g: Geometry) -> None:
    """Clean content: text in 100 % K, a light CMYK panel with a 0.5 pt rule, a 300+ ppi CMYK image;
    black overprints (op/OP true, OPM 1), as print expects."""
    c.setFillOverprint(True)
    c.setStrokeOverprint(True)
    c.setOverprintMask(1)
    c.setFillColorCMYK(0.2, 0.1, 0, 0)
    c.rect(g.x0 - 3 * MM, g.y1 - 40 * MM, g.width + 6 * MM, 43 * MM, stroke=0, fill=1)  # bleeds off
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(0.5)
    c.line(g.x0 + 15 * MM, g.y0 + 60 * MM, g.x1 - 15 * MM, g.y0 + 60 * MM)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(FONT, 18)
    c.drawString(g.x0 + 15 * MM, g.y1 - 30 * MM, f"Investor brief {index + 1}")
    c.setFont(FONT, 9)
    c.drawString(g.x0 + 15 * MM, g.y0 + 50 * MM, "Body text set in black only, well inside the safe zone.")
    # 60 px over 4 mm = 381 ppi
    c.drawInlineImage(cmyk_image(60), g.x0 + 15 * MM, g.y0 + 20 * MM, 4 * MM, 4 * MM)


def build_pdf(
    path: Path,
    *,
    pages: int = 4,
    extra: Draw | None = None,
    extra_pages: tuple[int, ...] = (0,),
    boxes: bool = True,
    bleed_mm: float = 3.0,
    slug_mm: float = 0.0,
    output_intent: bool = True,
    pdfx_version: bool = True,
    title: str | None = "Preflight test",
    lang: str | None = "en-GB",
    tagged: bool = False,
) -> Path:
    """Write a PDF that passes the print profile unless *extra* adds a defect (on *extra_pages*)."""
    font = register_font()
    trim_w, trim_h = TRIM_MM[0] * MM, TRIM_MM[1] * MM
    off = (bleed_mm + slug_mm) * MM
    media_w, media_h = trim_w + 2 * off, trim_h + 2 * off
    geo = Geometry(off, off, off + trim_w, off + trim_h, media_w, media_h)

    c = canvas.Canvas(str(path), pagesize=(media_w, media_h), initialFontName=font, initialFontSize=9)
    for i in range(pages):
        c.setPageSize((media_w, media_h))
        default_page(c, i, geo)
        if extra is not None and i in extra_pages:
            c.saveState()
            extra(c, i, geo)
            c.restoreState()
        c.showPage()
    c.save()

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if boxes:
            b = bleed_mm * MM
            for page in pdf.pages:
                page.obj.TrimBox = pikepdf.Array([geo.x0, geo.y0, geo.x1, geo.y1])
                page.obj.BleedBox = pikepdf.Array([geo.x0 - b, geo.y0 - b, geo.x1 + b, geo.y1 + b])
        if output_intent:
            icc = pdf.make_stream(fake_cmyk_icc(), N=4)
            pdf.Root.OutputIntents = pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.OutputIntent,
                        S=pikepdf.Name.GTS_PDFX,
                        OutputConditionIdentifier="FOGRA39",
                        RegistryName="http://www.color.org",
                        DestOutputProfile=icc,
                    )
                ]
            )
        if pdfx_version:
            pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2001"
        if title:
            pdf.docinfo["/Title"] = title
        if lang:
            pdf.Root.Lang = lang
        if tagged:
            pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:     # PDF/X: XMP, PDF 1.6 or later
            meta["pdf:Producer"] = "pdf_factory"
            if title:
                meta["dc:title"] = title
        pdf.save(path, min_version="1.6")
    return path


# Defects drawn on a page (the `extra` of build_pdf), shared by the preflight tests.

def ink_400(c, i, g):
    c.setFillColorCMYK(1, 1, 1, 1)
    c.rect(g.x0 + 20 * MM, g.y0 + 80 * MM, 30 * MM, 20 * MM, stroke=0, fill=1)


def rgb_text(c, i, g):
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.setFont(FONT, 12)
    c.drawString(g.x0 + 20 * MM, g.y0 + 100 * MM, "Red in RGB")


def text_in_safe_zone(c, i, g):
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(FONT, 10)
    c.drawString(g.x0 + 2 * MM, g.y0 + 100 * MM, "Too close")

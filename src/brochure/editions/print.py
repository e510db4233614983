"""Print edition: CMYK, 3 mm bleed, crop marks in the slug, PDF/X-4 identification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from . import register
from ._edition import Edition

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ..brand import Theme
    from ..content import Content
    from ..geometry import Geometry
    from ..layout import Rendered

mm = 72 / 2.54 * 0.1    # points per millimetre, as reportlab.lib.units has it (imported only to draw)
BLEED = 3 * mm
SLUG = 9 * mm
MARK_GAP = 1 * mm       # marks start this far outside the bleed
MARK_LENGTH = 5 * mm
MARK_WIDTH = 0.25       # points; the print rules ask for at least 0.2 pt


def draw_marks(canvas: Canvas, geometry: Geometry) -> None:
    """Crop marks at the trim lines, outside the bleed, in registration colour (all plates)."""
    from reportlab.lib.colors import CMYKColorSep

    from ..layout.tagging import begin_artifact, end_marked

    o = geometry.offset
    w, h = geometry.trim_w, geometry.trim_h
    start, end = BLEED + MARK_GAP, BLEED + MARK_GAP + MARK_LENGTH
    canvas.saveState()
    begin_artifact(canvas)
    canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All", density=1))
    canvas.setLineWidth(MARK_WIDTH)
    for x in (o, o + w):
        canvas.line(x, o - start, x, o - end)
        canvas.line(x, o + h + start, x, o + h + end)
    for y in (o, o + h):
        canvas.line(o - start, y, o - end, y)
        canvas.line(o + w + start, y, o + w + end, y)
    end_marked(canvas)
    canvas.restoreState()


def finish(path: Path, content: Content, theme: Theme, geometry: Geometry, rendered: Rendered, issued: dt.datetime,
           cache_dir: Path | None = None) -> None:
    from ..pdf import boxes, fonts, metadata, pdfx, tags

    with metadata.open_pdf(path) as pdf:
        fonts.clean_tounicode(pdf)
        boxes.set_print_boxes(pdf, geometry, BLEED)
        pdfx.remove_interactive(pdf)
        tags.add_structure(pdf, content, rendered)
        metadata.write(pdf, content, issued, conformance=("pdfx", "pdfua"), rendition=rendered.pdf)
        pdfx.add_output_intent(pdf, theme, cache_dir)
        metadata.save(pdf, path, version="1.6")     # PDF/X-4 is based on PDF 1.6


def canvas(*args: object, **kwargs: object) -> Canvas:
    """The canvas the print edition draws with: black overprints as it is drawn (_overprint.py)."""
    from ._overprint import OverprintCanvas

    return OverprintCanvas(*args, **kwargs)


EDITION = register(Edition("print", "cmyk", BLEED, SLUG, draw_marks, finish, preflight="print", canvas=canvas))

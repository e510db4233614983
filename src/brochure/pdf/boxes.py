"""Page boxes for print: TrimBox is the finished page, BleedBox the trim plus the bleed."""

from __future__ import annotations

import pikepdf


def set_print_boxes(pdf: pikepdf.Pdf, geometry, bleed: float) -> None:
    o = geometry.offset
    trim = [o, o, o + geometry.trim_w, o + geometry.trim_h]
    bleed_box = [o - bleed, o - bleed, o + geometry.trim_w + bleed, o + geometry.trim_h + bleed]
    for page in pdf.pages:
        page.obj.TrimBox = pikepdf.Array([round(v, 4) for v in trim])
        page.obj.BleedBox = pikepdf.Array([round(v, 4) for v in bleed_box])

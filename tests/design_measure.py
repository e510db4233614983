"""Measurements a print designer makes on finished pages, read back from the PDF (pypdfium2 for the
pixels and the characters): empty horizontal bands, type sizes in use, one-word last lines of
headings, straight quotes in the text."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

MM = 72 / 25.4
SCALE = 2.0          # render at 144 dpi: a band is measured to a third of a millimetre


@dataclass
class Page:
    index: int
    empty_band_mm: float        # tallest run of blank rows inside the type area
    empty_share: float          # share of the type area's rows that are blank
    sizes: set                  # type sizes (pt, rounded to 0.5) of visible characters


def _trim(page) -> tuple[float, float, float, float]:
    box = page.get_trimbox() if hasattr(page, "get_trimbox") else None
    return box or page.get_mediabox()


def measure(path, top_mm: float, bottom_mm: float) -> list[Page]:
    """Per page: blank bands between `top_mm` below the trim's top and `bottom_mm` above its foot."""
    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        left, bottom, right, top = _trim(page)
        image = page.render(scale=SCALE, crop=(left, bottom, page.get_width() - right,
                                               page.get_height() - top)).to_pil().convert("L")
        w, h = image.size
        y0, y1 = int(top_mm * MM * SCALE), h - int(bottom_mm * MM * SCALE)
        pixels = image.load()
        blank_run = best = blank = 0
        for y in range(y0, y1):
            row_blank = all(pixels[x, y] > 245 for x in range(0, w, 2))
            if row_blank:
                blank += 1
                blank_run += 1
                best = max(best, blank_run)
            else:
                blank_run = 0
        text = page.get_textpage()
        sizes = set()
        for c in range(text.count_chars()):
            ch = text.get_text_range(c, 1)
            if ch.strip():
                size = pdfium.raw.FPDFText_GetFontSize(text.raw, c)
                sizes.add(round(size * 2) / 2)
        out.append(Page(i, best / SCALE / MM, blank / max(1, y1 - y0), sizes))
    return out


if __name__ == "__main__":
    import sys

    for p in measure(sys.argv[1], 20, 27):
        print(f"p{p.index + 1}: largest empty band {p.empty_band_mm:5.1f} mm, blank {p.empty_share:4.0%}, "
              f"sizes {sorted(p.sizes)}")

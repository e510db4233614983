"""Page geometry: trim size, bleed offset, margins and the 12-column grid, all in points."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

TRIM = {"A4": (210 * mm, 297 * mm), "Letter": (215.9 * mm, 279.4 * mm)}
COLUMNS = 12
GUTTER = 4.5 * mm
MARGINS = {  # top, bottom, inside, outside: Letter is laid out for its own proportions
    "A4": (20 * mm, 20 * mm, 17 * mm, 17 * mm),
    "Letter": (17 * mm, 18 * mm, 17 * mm, 17 * mm),
}


@dataclass(frozen=True)
class Geometry:
    paper: str
    trim_w: float
    trim_h: float
    offset: float          # bleed + slug around the trim (0 for the screen edition)
    top: float
    bottom: float
    left: float
    right: float

    @classmethod
    def for_paper(cls, paper: str, offset: float) -> "Geometry":
        w, h = TRIM[paper]
        top, bottom, inside, outside = MARGINS[paper]
        return cls(paper, w, h, offset, top, bottom, inside, outside)

    @property
    def page_size(self) -> tuple[float, float]:
        return self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset

    @property
    def content_w(self) -> float:
        return self.trim_w - self.left - self.right

    @property
    def content_h(self) -> float:
        return self.trim_h - self.top - self.bottom

    @property
    def column(self) -> float:
        return (self.content_w - (COLUMNS - 1) * GUTTER) / COLUMNS

    def span(self, columns: int) -> float:
        """Width of `columns` grid columns including the gutters between them."""
        return columns * self.column + (columns - 1) * GUTTER

"""Editions: what differs between the print and the screen PDF, each in one place.

An edition decides the page size around the trim, the colour space of every brand colour, what is
drawn outside the trim (marks) and how the written file is finished (PDF/X or PDF/UA).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Edition:
    name: str                    # "print" | "screen"
    colour_space: str            # "cmyk" | "rgb"
    bleed: float                 # points of background beyond the trim
    slug: float                  # points beyond the bleed for marks
    draw_marks: Callable         # (canvas, geometry) -> None, outside the bleed
    finish: Callable             # (path, content, theme, geometry, rendered, issued, cache_dir): post-processing
    preflight: str | None        # the preflight profile a written PDF must pass, if any
    canvas: Callable | None = None   # the reportlab canvas class to draw with (None: reportlab's own)

    @property
    def offset(self) -> float:
        return self.bleed + self.slug

    def colour(self, swatch):
        from reportlab.lib.colors import CMYKColor, Color

        if self.colour_space == "cmyk":
            c, m, y, k = swatch.cmyk
            return CMYKColor(c, m, y, k)
        r, g, b = swatch.rgb01
        return Color(r, g, b)


def get(name: str) -> Edition:
    if name == "print":
        from .print import EDITION
    elif name == "screen":
        from .screen import EDITION
    else:
        raise ValueError(f"unknown edition {name!r}")
    return EDITION

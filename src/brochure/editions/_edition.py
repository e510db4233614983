"""The Edition record: everything that differs between two editions of the brochure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Edition:
    name: str                    # "print", "screen", ...: the name in meta.editions and --edition
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

"""The Edition record: everything that differs between two editions of the brochure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    from ..brand import Swatch, Theme
    from ..content import Content
    from ..geometry import Geometry
    from ..layout import Rendered

# (canvas, geometry): what the edition draws outside the bleed, on every page
MarkDrawer = Callable[["Canvas", "Geometry"], None]
# (path, content, theme, geometry, rendered, issued, cache_dir): the written file's post-processing
Finisher = Callable[[Path, "Content", "Theme", "Geometry", "Rendered", dt.datetime, "Path | None"], None]


@dataclass(frozen=True)
class Edition:
    name: str                    # "print", "screen", ...: the name in meta.editions and --edition
    colour_space: str            # "cmyk" | "rgb"
    bleed: float                 # points of background beyond the trim
    slug: float                  # points beyond the bleed for marks
    draw_marks: MarkDrawer       # outside the bleed
    finish: Finisher             # post-processing of the written file
    preflight: str | None        # the preflight profile a written PDF must pass, if any
    canvas: Callable[..., Canvas] | None = None   # the reportlab canvas class to draw with (None: reportlab's own)

    @property
    def offset(self) -> float:
        return self.bleed + self.slug

    def colour(self, swatch: Swatch) -> Color:
        from reportlab.lib.colors import CMYKColor, Color

        if self.colour_space == "cmyk":
            c, m, y, k = swatch.cmyk
            return CMYKColor(c, m, y, k)
        r, g, b = swatch.rgb01
        return Color(r, g, b)

"""Logos (brand mark, partner logos) as recoloured vector drawings with alt text."""

from __future__ import annotations

import os

from ..charts import SVG
from ..charts.vector import to_drawing
from ..svgsafe import read_svg

_CACHE: dict = {}
MAX_ENTRIES = 64


def svg_drawing(ctx, path, width: float, strict: bool):
    """The SVG at `path` scaled to `width`, its colours mapped to the edition's colour space."""
    # Keyed by everything the drawing depends on: the file (its modification time and size, so under
    # `watch` an edited logo is a new entry), the size, and the edition's colours for the brand palette.
    st = os.stat(path)
    colours = {s.rgb.lower(): ctx.edition.colour(s) for s in ctx.theme.swatches.values()}
    ink = ctx.colour("text")
    key = (str(path), st.st_mtime_ns, st.st_size, width, ctx.edition.name, strict,
           repr(sorted(colours.items())), repr(ink), ctx.fonts.regular)
    if key not in _CACHE:
        if len(_CACHE) >= MAX_ENTRIES:
            _CACHE.clear()          # old versions of edited logos: rebuilding them costs a conversion at most
        data = SVG(read_svg(path).decode("utf-8"))
        # A brand logo is converted once per edition colour mapping, then read back from the disk
        # cache (keyed by the SVG text itself). Partner logos keep their own colours.
        data.cache_dir, data.key = ctx.cache_dir, "logo"
        drawing = to_drawing(data, colours, ctx.fonts, ink, convert_unknown=None if strict else ctx.edition)
        factor = width / drawing.width
        drawing.scale(factor, factor)
        drawing.width, drawing.height = width, drawing.height * factor
        _CACHE[key] = drawing
    return _CACHE[key]


def logo_flowable(ctx, name: str, width: float, parent, alt: str):
    drawing = svg_drawing(ctx, ctx.theme.logos[name], width, strict=True)
    drawing.hAlign = "LEFT"
    return ctx.tag(drawing, parent, "Figure", alt=alt)

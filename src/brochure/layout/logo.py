"""Logos (brand mark, partner logos) as recoloured vector drawings with alt text."""

from __future__ import annotations

from ..charts import SVG
from ..charts.vector import to_drawing
from ..svgsafe import read_svg

_CACHE: dict = {}


def svg_drawing(ctx, path, width: float, strict: bool):
    """The SVG at `path` scaled to `width`, its colours mapped to the edition's colour space."""
    key = (str(path), width, ctx.edition.name, strict)
    if key not in _CACHE:
        data = SVG(read_svg(path).decode("utf-8"))
        # A brand logo is converted like a chart: once per edition colour mapping, then read back
        # from the cache (keyed by the SVG text itself). Partner logos keep their own colours.
        data.cache_dir, data.key = ctx.cache_dir, "logo"
        colours = {s.rgb.lower(): ctx.edition.colour(s) for s in ctx.theme.swatches.values()}
        drawing = to_drawing(data, colours, ctx.fonts, ctx.colour("text"),
                             convert_unknown=None if strict else ctx.edition)
        factor = width / drawing.width
        drawing.scale(factor, factor)
        drawing.width, drawing.height = width, drawing.height * factor
        _CACHE[key] = drawing
    return _CACHE[key]


def logo_flowable(ctx, name: str, width: float, parent, alt: str):
    drawing = svg_drawing(ctx, ctx.theme.logos[name], width, strict=True)
    drawing.hAlign = "LEFT"
    return ctx.tag(drawing, parent, "Figure", alt=alt)

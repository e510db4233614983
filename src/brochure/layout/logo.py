"""Logos (brand mark, partner logos) with alt text: SVG as recoloured vector drawings; a partner's
PNG or JPEG logo as a photograph is placed (graphics/photo.py): checked for resolution at its placed
size, converted to CMYK through the output intent for print and to sRGB for screen, transparency
flattened onto the white it is printed on."""

from __future__ import annotations

import os

from reportlab.platypus import Flowable

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


def partner_logo(ctx, partner, width: float):
    """The logo of `partner` (one of the content's partners), `width` wide at its own proportions:
    SVG as a vector drawing in its own colours, PNG or JPEG as a raster image checked like a photo
    (below 150 ppi at this width an error naming the file and the fix, below 300 a warning)."""
    from ..assets import resolve_asset
    from ..graphics import photo as photos

    path = resolve_asset(ctx.content.root, partner.logo)
    if path.suffix.lower() not in photos.RASTER_LOGOS:
        return svg_drawing(ctx, path, width, strict=False)
    from ..errors import ContentError
    from . import photos as placing

    index = next(i for i, p in enumerate(ctx.content.brochure.partners) if p is partner)
    where = ("partners", index, "logo")
    try:
        source = photos.read(ctx.content.root, partner.logo, logo=True)
    except ValueError as exc:
        raise ContentError([placing.problem_at_path(ctx, where, str(exc))]) from None
    height = width * source.height / source.width
    return RasterLogo(placing.place(ctx, source, where, width, height), width, height)


class RasterLogo(Flowable):
    """A partner's PNG or JPEG logo, converted for the edition, drawn `width` x `height`."""

    def __init__(self, placed, width: float, height: float):
        super().__init__()
        self.placed, self.width, self.height = placed, width, height
        self.hAlign = "LEFT"

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        from .photos import draw_jpeg

        draw_jpeg(self.canv, self.placed, 0, 0, self.width, self.height)

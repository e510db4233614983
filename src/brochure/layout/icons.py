"""Icons from the brand's icon set on the page: vector, in the edition's colour, decoration only
(an icon repeats what the text next to it says, so readers skip it)."""

from __future__ import annotations

from .tagging import Artifact


def icon_flowable(ctx, name: str, size: float, role: str = "heading"):
    from ..graphics.icons import icon

    drawing = icon(name, size, ctx.colour(role), ctx.fonts.regular, cache_dir=ctx.cache_dir)
    drawing.hAlign = "LEFT"
    return Artifact(drawing)

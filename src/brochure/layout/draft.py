"""The DRAFT mark: one diagonal word across every page of a draft build (`--draft`).

Drawn last on each page, over the content, as page furniture: an Artifact, so a screen reader does
not read it and the text layer of the page is unchanged. This is its one place; page templates only
call it."""

from __future__ import annotations

import math

from .tagging import begin_artifact, end_marked

WORD = "DRAFT"


def draw_draft_mark(canvas, ctx) -> None:
    """On a draft, the word DRAFT corner to corner across the trimmed page, half transparent."""
    if not getattr(ctx.content, "draft", False):
        return
    geo = ctx.geometry
    angle = math.degrees(math.atan2(geo.trim_h, geo.trim_w))
    size = 0.16 * math.hypot(geo.trim_w, geo.trim_h)      # the word spans about two thirds of the diagonal
    canvas.saveState()
    begin_artifact(canvas)
    canvas.translate(geo.offset + geo.trim_w / 2, geo.offset + geo.trim_h / 2)
    canvas.rotate(angle)
    canvas.setFillColor(ctx.colour("accent"))
    canvas.setFillAlpha(0.35)
    canvas.setFont(ctx.fonts.bold, size)
    canvas.drawCentredString(0, -0.36 * size, WORD)
    end_marked(canvas)
    canvas.restoreState()

"""Page templates (cover, body, back) and the furniture drawn on them, all marked as Artifact."""

from __future__ import annotations

import random

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .draft import draw_draft_mark
from .tagging import begin_artifact, end_marked

TEMPLATES = ("cover", "body", "back")
COVER_TEXT_HEIGHT = 105 * mm   # the title block's area at the foot of the cover; the graphic stays above
BACK_FOOT_HEIGHT = 50 * mm     # the back cover's foot: sources, brand mark, date


class BrochureDoc(BaseDocTemplate):
    """DocTemplate whose page is the trim plus the edition's bleed and slug."""

    def __init__(self, target, ctx, **kw):
        self.ctx = ctx
        geo = ctx.geometry
        super().__init__(target, pagesize=geo.page_size, leftMargin=0, rightMargin=0, topMargin=0,
                         bottomMargin=0, initialFontName=ctx.fonts.regular, initialFontSize=9,
                         **kw)
        self.addPageTemplates([self._template(name) for name in TEMPLATES])

    def _template(self, name: str) -> PageTemplate:
        geo = self.ctx.geometry
        o = geo.offset
        pad = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        if name == "cover":
            # Brand mark at the top left; the title block in the lower part, under the graphic.
            masthead = 40 * mm
            frames = [Frame(o + geo.left, o + geo.trim_h - geo.top - masthead, geo.span(6), masthead,
                            id="cover-top", **pad),
                      Frame(o + geo.left, o + geo.bottom, geo.content_w, COVER_TEXT_HEIGHT,
                            id="cover", **pad)]
        elif name == "back":
            # Contact at the top; sources, brand mark and date collected at the foot of the page.
            frames = [Frame(o + geo.left, o + geo.bottom + BACK_FOOT_HEIGHT, geo.content_w,
                            geo.content_h - BACK_FOOT_HEIGHT, id="back", **pad),
                      Frame(o + geo.left, o + geo.bottom, geo.content_w, BACK_FOOT_HEIGHT, id="back-foot", **pad)]
        else:
            frames = [Frame(o + geo.left, o + geo.bottom, geo.content_w, geo.content_h, id=name, **pad)]
        return PageTemplate(id=name, frames=frames, onPage=lambda c, d, n=name: self._furniture(c, n),
                            onPageEnd=lambda c, d: draw_draft_mark(c, self.ctx),
                            autoNextPageTemplate="body" if name == "cover" else None)

    # ---- furniture ---------------------------------------------------------------------------
    def _furniture(self, canvas, name: str) -> None:
        ctx, geo = self.ctx, self.ctx.geometry
        canvas.saveState()
        begin_artifact(canvas)
        canvas.translate(geo.offset, geo.offset)
        bleed = ctx.edition.bleed
        if name in ("cover", "back"):
            canvas.setFillColor(ctx.colour("cover"))
            canvas.rect(-bleed, -bleed, geo.trim_w + 2 * bleed, geo.trim_h + 2 * bleed, stroke=0, fill=1)
        if name == "cover":
            _cover_graphic(canvas, ctx)
        if name == "body":
            self._running(canvas)
        end_marked(canvas)
        canvas.restoreState()
        ctx.edition.draw_marks(canvas, geo)

    def _running(self, canvas) -> None:
        ctx, geo = self.ctx, self.ctx.geometry
        number = canvas.getPageNumber()
        canvas.setFillColor(ctx.colour("accent"))
        canvas.rect(geo.left, geo.trim_h - geo.top + 8 * mm, 10 * mm, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(ctx.colour("muted"))
        canvas.setFont(ctx.fonts.regular, ctx.theme.type_scale["caption"][0])
        y = geo.bottom - 10 * mm
        label = ctx.t(ctx.content.brochure.meta.title)
        # Page numbers sit at the outer edge: right on odd pages, left on even ones.
        if number % 2:
            canvas.drawRightString(geo.trim_w - geo.right, y, str(number))
            canvas.drawString(geo.left, y, label)
        else:
            canvas.drawString(geo.left, y, str(number))
            canvas.drawRightString(geo.trim_w - geo.right, y, label)
        canvas.setStrokeColor(ctx.colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(geo.left, y + 4.2 * mm, geo.trim_w - geo.right, y + 4.2 * mm)


def _cover_graphic(canvas, ctx) -> None:
    """An abstract network of nodes and links: vector, deterministic, reaching into the bleed."""
    geo = ctx.geometry
    rng = random.Random(1831)
    w, h = geo.trim_w, geo.trim_h
    bleed = ctx.edition.bleed
    top = geo.bottom + COVER_TEXT_HEIGHT + 14 * mm
    path = canvas.beginPath()
    path.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
    canvas.clipPath(path, stroke=0, fill=0)
    nodes = []
    cols, rows = 9, 7
    for r in range(rows):
        for c in range(cols):
            x = (c + 0.5 * (r % 2)) * w / (cols - 1) + rng.uniform(-6, 6) * mm
            y = top + r * (h - top) / (rows - 1) + rng.uniform(-5, 5) * mm
            nodes.append((x, y))
    canvas.setStrokeColor(ctx.colour("blue-mid"))
    canvas.setLineWidth(0.8)
    for i, (x, y) in enumerate(nodes):
        for j in (i + 1, i + cols):
            if j < len(nodes) and rng.random() < 0.75:
                canvas.line(x, y, *nodes[j])
    for i, (x, y) in enumerate(nodes):
        big = rng.random() < 0.18
        canvas.setFillColor(ctx.colour("accent") if big and rng.random() < 0.5 else ctx.colour("blue-mid"))
        radius = (3.2 if big else 1.3) * mm
        canvas.circle(x, y, radius, stroke=0, fill=1)

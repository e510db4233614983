"""Page templates (cover, body, back) and the furniture drawn on them, all marked as Artifact."""

from __future__ import annotations

import random

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .draft import draw_draft_mark
from .tagging import begin_artifact, end_marked

TEMPLATES = ("cover", "body", "back")
COVER_TEXT_HEIGHT = 120 * mm   # the title block's area in the lower half of the cover
COVER_FOOT_HEIGHT = 14 * mm    # the agency signature and date on the cover's bottom margin
COVER_MASTHEAD = 48 * mm       # brand mark and publisher; the graphic keeps clear of it
BACK_FOOT_HEIGHT = 46 * mm     # the back cover's white foot: sources, then the brand lockup
FOOT_ICON = 4 * mm              # the section's icon beside the page number in the running foot (its
                                # strokes about 0.8 pt: they hold on uncoated stock)


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
            frames = [Frame(o + geo.left, o + geo.trim_h - geo.top - COVER_MASTHEAD, geo.span(6), COVER_MASTHEAD,
                            id="cover-top", **pad),
                      Frame(o + geo.left, o + geo.bottom + COVER_FOOT_HEIGHT + 6 * mm, geo.content_w,
                            COVER_TEXT_HEIGHT, id="cover", **pad),
                      Frame(o + geo.left, o + geo.bottom, geo.content_w, COVER_FOOT_HEIGHT, id="cover-foot", **pad)]
        elif name == "back":
            # Contact at the top; sources, brand mark and date collected at the foot of the page.
            dark = BACK_FOOT_HEIGHT + 14 * mm
            frames = [Frame(o + geo.left, o + geo.bottom + dark, geo.content_w, geo.content_h - dark, id="back", **pad),
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
        if name == "cover":
            canvas.setFillColor(ctx.colour("cover"))
            canvas.rect(-bleed, -bleed, geo.trim_w + 2 * bleed, geo.trim_h + 2 * bleed, stroke=0, fill=1)
        if name == "back":
            # Dark above, white foot for the small type (sources), which is never reversed out of four inks.
            top = geo.bottom + BACK_FOOT_HEIGHT + 6 * mm
            canvas.setFillColor(ctx.colour("cover"))
            canvas.rect(-bleed, top, geo.trim_w + 2 * bleed, geo.trim_h + bleed - top, stroke=0, fill=1)
            canvas.setFillColor(ctx.colour("accent"))
            canvas.rect(-bleed, top - 1.5 * mm, geo.trim_w + 2 * bleed, 1.5 * mm, stroke=0, fill=1)
        if name == "cover":
            from .photos import cover_background, cover_photo

            photo = cover_photo(ctx)
            cover_background(canvas, ctx, photo) if photo else _cover_graphic(canvas, ctx)
        if name == "body":
            self._running(canvas)
        end_marked(canvas)
        canvas.restoreState()
        ctx.edition.draw_marks(canvas, geo)

    def _section_icon(self, page: int) -> str | None:
        """The icon of the section page index `page` belongs to (None before the page numbers are
        known: the layout then takes another pass, as it does for the contents list)."""
        from . import padding

        self.ctx.wants_page_numbers = True
        sid = _section_of(self.ctx.page_numbers, page)
        return padding.icon_of(self.ctx, sid) if sid is not None else None

    def _running(self, canvas) -> None:
        ctx, geo = self.ctx, self.ctx.geometry
        number = canvas.getPageNumber()
        canvas.setFillColor(ctx.colour("accent"))
        canvas.rect(geo.left, geo.trim_h - geo.top + 8 * mm, 10 * mm, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(ctx.colour("text"))
        size = ctx.theme.type_scale["source"][0]
        canvas.setFont(ctx.fonts.regular, size)
        y = geo.bottom - 10 * mm
        label = ctx.t(ctx.content.brochure.meta.title)     # finished: typographic apostrophe
        # Page numbers sit at the outer edge: right on odd pages, left on even ones; inside the number,
        # the icon of the section the page belongs to (the contents list is its key).
        icon = self._section_icon(number - 1)
        if number % 2:
            canvas.drawRightString(geo.trim_w - geo.right, y, str(number))
            canvas.drawString(geo.left, y, label)
            at = geo.trim_w - geo.right - canvas.stringWidth(str(number), ctx.fonts.regular, size) - FOOT_ICON - 2 * mm
        else:
            canvas.drawString(geo.left, y, str(number))
            canvas.drawRightString(geo.trim_w - geo.right, y, label)
            at = geo.left + canvas.stringWidth(str(number), ctx.fonts.regular, size) + 2 * mm
        if icon:
            from .icons import icon_flowable

            mark = icon_flowable(ctx, icon, FOOT_ICON)
            mark.wrap(FOOT_ICON, FOOT_ICON)
            mark.drawOn(canvas, at, y + 0.35 * size - FOOT_ICON / 2)     # centred on the number's figures
        canvas.setStrokeColor(ctx.colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(geo.left, y + 4.2 * mm, geo.trim_w - geo.right, y + 4.2 * mm)


def _section_of(starts: dict, page: int):
    """The id of the section (or padding page) that page index `page` belongs to: the last one that
    starts on it or before it, by the page numbers of the layout's previous pass."""
    before = [(start, sid) for sid, start in starts.items() if start <= page]
    return max(before)[1] if before else None


def _cover_graphic(canvas, ctx) -> None:
    """An abstract network of nodes and links over the whole cover: vector, deterministic, reaching
    into the bleed. It keeps clear of the brand mark (its clear space) and thins out behind the title
    block, where only fine links and small nodes pass, so the white type stays crisp."""
    geo = ctx.geometry
    rng = random.Random(1831)
    w, h = geo.trim_w, geo.trim_h
    bleed = ctx.edition.bleed
    path = canvas.beginPath()
    path.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
    canvas.clipPath(path, stroke=0, fill=0)
    # x0, y0, x1, y1: the brand mark's clear space, and the type (title block and signature) with
    # 6 mm around it, so no link or node runs through a letter.
    frame = geo.bottom + COVER_FOOT_HEIGHT + 6 * mm          # the title block's frame, set from its top
    clears = ((0, h - geo.top - COVER_MASTHEAD - 10 * mm, geo.left + geo.span(5) + 8 * mm, h),
              (0, frame + COVER_TEXT_HEIGHT * 0.2, w, frame + COVER_TEXT_HEIGHT + 6 * mm),
              (0, 0, geo.left + geo.span(6) + 6 * mm, frame))
    text_top = geo.bottom + COVER_FOOT_HEIGHT + 6 * mm + COVER_TEXT_HEIGHT * 0.8

    def in_clear(x, y):
        return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in clears)

    nodes = []
    cols, rows = 9, 11
    for r in range(rows):
        for c in range(cols):
            x = (c + 0.5 * (r % 2)) * w / (cols - 1) + rng.uniform(-6, 6) * mm
            y = r * h / (rows - 1) + rng.uniform(-5, 5) * mm
            keep = not in_clear(x, y) and (y > text_top or rng.random() < 0.9)
            nodes.append((x, y) if keep else None)
    canvas.setStrokeColor(ctx.colour("blue-mid"))
    canvas.setLineWidth(0.8)
    for i, a in enumerate(nodes):
        for j in ((i + 1) if (i + 1) % cols else None, i + cols):
            if a and j is not None and j < len(nodes) and nodes[j] and rng.random() < 0.75:
                b = nodes[j]
                if not any(in_clear(a[0] + (b[0] - a[0]) * k / 8, a[1] + (b[1] - a[1]) * k / 8) for k in range(9)):
                    canvas.line(*a, *b)
    for (node) in nodes:
        if node is None:
            continue
        x, y = node
        big = rng.random() < 0.18 and y > text_top
        canvas.setFillColor(ctx.colour("accent") if big and rng.random() < 0.5 else ctx.colour("blue-mid"))
        radius = (3.2 if big else 1.3) * mm
        canvas.circle(x, y, radius, stroke=0, fill=1)

"""At a glance: the EU rankings as one full-bleed band of big numerals (the brochure's signature),
one numbered source note under it, and the contents list with page numbers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ...boxes import RANK_NUMERAL_COLUMNS
from ..blocks import Flex, Growable, group_gap, intro_gap, base_commands, title_block, _Furniture
from ..tagging import begin_artifact, end_marked
from ...geometry import GUTTER
from ...markup import esc

TEMPLATE = "body"
SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
BAND_PAD = 8 * mm


def charts(section, ctx) -> dict:
    return {}


def _note_numbers(section) -> dict[str, int]:
    """Source id -> its number in the note under the band, in order of first use."""
    numbers: dict[str, int] = {}
    for item in section.items:
        numbers.setdefault(item.source, len(numbers) + 1)
    return numbers


class Band(Flowable):
    """A brand-coloured band the width of the page, running into the bleed on both sides, holding a
    block inset like the type area. Its ground is decoration; the block inside is tagged."""

    def __init__(self, ctx, block: Flowable, pad: float, extra: float = 0):
        super().__init__()
        self.ctx, self.block, self.pad, self.extra = ctx, block, pad, extra

    def wrap(self, aw, ah):
        self.width = aw
        _, h = self.block.wrap(aw, ah)
        self.inner = h
        self.height = h + 2 * self.pad + self.extra
        return self.width, self.height

    def draw(self):
        geo, bleed = self.ctx.geometry, self.ctx.edition.bleed
        canvas = self.canv
        canvas.saveState()
        begin_artifact(canvas)
        canvas.setFillColor(self.ctx.colour("cover"))
        canvas.rect(-geo.left - bleed, 0, geo.trim_w + 2 * bleed, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.ctx.colour("accent"))
        canvas.rect(-geo.left - bleed, 0, geo.trim_w + 2 * bleed, 1.2 * mm, stroke=0, fill=1)
        end_marked(canvas)
        canvas.restoreState()
        self.block.drawOn(canvas, 0, self.pad + self.extra / 2)


def _band(section, ctx, parent, numbers) -> Growable:
    """One row per ranking: the position as a big numeral, what is ranked beside it, a fine rule
    between the rows. Rows take more air when the page has room."""
    geo = ctx.geometry
    listing = parent.add("L")
    rows = []
    for item in section.items:
        entry = listing.add("LI")
        mark = str(numbers[item.source]).translate(SUPERSCRIPT)
        rows.append([ctx.para(ctx.numbers.ordinal_rank(item.rank), "numeral-on-dark", entry, "Lbl"), "",
                     ctx.para(f"{esc(ctx.t(item.metric))}{mark}", "name-on-dark", entry, "LBody",
                              markup=True)])
    widths = [geo.span(RANK_NUMERAL_COLUMNS), GUTTER, geo.span(12 - RANK_NUMERAL_COLUMNS)]

    def table(extra: float) -> Band:
        pad = 2 * mm + min(extra / (2 * len(rows)), 5 * mm)
        grid = Table(rows, colWidths=widths, hAlign="LEFT", renderCB=_Furniture(ctx),
                     style=TableStyle(base_commands(ctx) + [
                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                         ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                         ("LINEBELOW", (0, 0), (-1, -2), 0.5, ctx.colour("blue-mid"))]))
        return Band(ctx, grid, BAND_PAD)
    return Growable(table, 10 * len(rows))


def _source_note(section, ctx, parent, numbers):
    parts = []
    for sid, number in numbers.items():
        if sid not in ctx.sources_used:
            ctx.sources_used.append(sid)
        parts.append(f"{str(number).translate(SUPERSCRIPT)}\u2009{ctx.finish(ctx.source_text(sid))}")
    return ctx.para(ctx.sources_label(parts), "source", parent)


ICON_IN_LIST = 3.3 * mm      # a section's icon in the contents list, a little taller than its title's capitals


def contents(section, ctx, parent) -> list:
    """'In this brochure': the other sections in two columns, page numbers in a right-aligned column,
    each title a link to its section after the section's icon (the list is the key to the icons that
    open the sections)."""
    geo = ctx.geometry
    from .. import padding
    from ..icons import icon_flowable

    others = []
    for other in ctx.content.brochure.sections:
        if other.kind == "contact":      # padding pages come before the back cover
            others += [(padding.page_id(n, kind), padding.title(ctx, kind))
                       for n, kind in enumerate(padding.chosen(ctx, ctx.padding_count))]
        if other.kind != "cover" and other.id != section.id:
            others.append((other.id, ctx.t(other.title)))
    if not others:
        return []
    heading = ctx.para(ctx.s("contents"), "h2", parent, "H2")
    listing = parent.add("L")
    half = (len(others) + 1) // 2
    columns = []
    for chunk in (others[:half], others[half:]):
        if not chunk:
            continue
        rows = []
        for other_id, other_title in chunk:
            item = listing.add("LI")
            page = ctx.page_numbers.get(other_id)
            number = ctx.para(str(page + 1) if page is not None else "", "contents-number", item, "Lbl")
            title = ctx.para(f'<a href="#section-{other_id}">{esc(other_title)}</a>', "body-tight", item,
                             "LBody", markup=True, attrs={"link": f"#section-{other_id}", "label": other_title})
            # The number's first baseline on the title's: a line's baseline lies its font size down.
            drop = Spacer(1, ctx.styles["body-tight"].fontSize - ctx.styles["contents-number"].fontSize)
            # The section's icon, as beside its title on its own page (the list is the icons' key),
            # centred in its column, standing on the title's baseline a little below, as a capital would.
            mark: list = []
            icon = padding.icon_of(ctx, other_id)
            if icon:
                mark = [Spacer(1, max(0.0, ctx.styles["body-tight"].fontSize - ICON_IN_LIST + 0.6)),
                        icon_flowable(ctx, icon, ICON_IN_LIST)]
            rows.append([[drop, number], mark, title])
        column_w = geo.span(6)
        table = Table(rows, colWidths=[7 * mm, 8 * mm, column_w - 15 * mm], hAlign="LEFT", renderCB=_Furniture(ctx),
                      style=TableStyle(base_commands(ctx) + [
                          ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, -1), "CENTER"),
                          ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.colour("rule"))] + [
                          (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING")] + [
                          ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm)]))
        columns.append(table)
    from ..blocks import layout_table

    grid = layout_table(ctx, [(6, [columns[0]]), (6, [columns[1]] if len(columns) > 1 else [])])
    return [heading, grid]


def build(section, ctx, parent) -> list:
    ctx.wants_page_numbers = ctx.wants_page_numbers or section.contents
    numbers = _note_numbers(section)
    out = title_block(ctx, section, parent)
    out += [intro_gap(), ctx.para(ctx.t(section.region), "h2", parent, "H2"), Flex(1, 3),
            _band(section, ctx, parent, numbers), Flex(2, 3), _source_note(section, ctx, parent, numbers)]
    if section.contents:
        out += [group_gap()] + contents(section, ctx, parent)
    return out

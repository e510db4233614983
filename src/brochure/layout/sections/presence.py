"""Biopharma presence: the companies with sites in the region, partners nearby, medtech strengths."""

from __future__ import annotations

from reportlab.lib.units import mm

from ..blocks import PageFoot, bullet_list, gap, title_block
from ..blocks_cards import card_row

TEMPLATE = "body"
PER_ROW = 3


def charts(section, ctx) -> dict:
    return {}


def _name_grid(ctx, names, parent, background):
    listing = parent.add("L")
    rows = []
    for start in range(0, len(names), PER_ROW):
        cells = []
        for name in names[start:start + PER_ROW]:
            item = listing.add("LI")
            cells.append((12 // PER_ROW, [ctx.para(name, "tile", item, "LBody")], background))
        rows.append(card_row(ctx, cells, pad=5.5 * mm))
    return rows


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    out += _name_grid(ctx, section.companies, parent, "panel")
    if section.nearby:
        out.append(ctx.para(ctx.t(section.nearby_title) if section.nearby_title else "", "subhead", parent, "H2"))
        out += _name_grid(ctx, section.nearby, parent, "zebra")
    if section.medtech:
        out.append(gap(4))
        medtech = parent.add("Sect")
        body = [ctx.para(ctx.t(section.medtech_title), "on-dark-title", medtech, "H2")] if section.medtech_title else []
        body.append(ctx.para(ctx.t(section.medtech), "on-dark-lead", medtech))
        fields = bullet_list(ctx, [ctx.t(f) for f in section.medtech_fields], medtech, "on-dark-lead",
                             bullet_colour="accent")
        out.append(PageFoot([card_row(ctx, [(7, body, "cover"), (5, fields, "cover")], pad=7 * mm,
                                      space_after=0)]))
    return out

"""Biopharma presence: the companies with sites in the region as an even wall of names, partners
elsewhere in the country as a labelled row, and the medtech strengths as a block of their own."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from ..blocks import Growable, _Furniture, base_commands, block_gap, group_gap, intro_gap, measured, title_block
from ..blocks_cards import card_row

TEMPLATE = "body"
PER_ROW = 3


def charts(section, ctx) -> dict:
    return {}


def _wall(ctx, names, parent, most_mm: float):
    """Names in a grid of equal cells with hairlines between them: every cell one line, every row alike."""
    geo = ctx.geometry
    listing = parent.add("L")
    cells = [ctx.para(name, "tile-centre", listing.add("LI"), "LBody") for name in names]
    # One column grid for every wall of a page (a short wall takes the first columns); four make 2 x 2.
    per_row = 2 if len(cells) == 4 else PER_ROW
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    width = geo.content_w / per_row
    # A wall of one short row ends with its last name (no empty cell); a longer one fills its last row.
    per_row = len(rows[0])
    rows[-1] += [""] * (per_row - len(rows[-1]))

    def table(extra: float):
        # A wall: every name centred in an equal cell, rows between hairlines, as logos would be.
        pad = 4 * mm + min(extra / (2 * len(rows)), 3 * mm)
        return Table(rows, colWidths=[width] * per_row, hAlign="LEFT", renderCB=_Furniture(ctx),
                     style=TableStyle(base_commands(ctx) + [
                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                         ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                         ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("heading")),
                         ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.colour("rule"))]))
    return Growable(table, most_mm)


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [intro_gap()]
    out.append(_wall(ctx, section.companies, parent, 12))
    if section.nearby:
        out += [group_gap(), ctx.para(ctx.t(section.nearby_title) if section.nearby_title else "", "h2", parent, "H2"),
                _wall(ctx, section.nearby, parent, 6)]
    if section.medtech:
        medtech = parent.add("Sect")
        out += [group_gap()]
        if section.medtech_title:
            out.append(ctx.para(ctx.t(section.medtech_title), "h2", medtech, "H2"))
        out.append(ctx.para(ctx.t(section.medtech), measured(ctx, "lead"), medtech))
        if section.medtech_fields:
            out += [block_gap()] + _fields(ctx, section, medtech)
    return out


def _fields(ctx, section, parent):
    """The medtech fields as tiles two to a row, each with its icon."""
    from ..icons import icon_flowable

    from ..blocks import layout_table

    listing = parent.add("L")
    fields = [ctx.t(f) for f in section.medtech_fields]
    icons = list(section.medtech_icons) + [None] * len(fields)
    cells = []
    for text, icon in zip(fields, icons):
        words = ctx.para(text, "body-strong", listing.add("LI"), "LBody")
        body = [layout_table(ctx, [(1, [icon_flowable(ctx, icon, 9 * mm)]), (4, [words])], valign="MIDDLE")] \
            if icon else [words]
        cells.append((6, body, "panel"))
    # Every row as tall as the tallest, each tile's words centred on its icon and in its tile.
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    tallest = max(card_row(ctx, row).wrap(ctx.geometry.content_w, 10_000)[1] for row in rows)
    return [card_row(ctx, row, valign="MIDDLE", height=tallest) for row in rows]

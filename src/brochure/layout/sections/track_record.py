"""Track record: home-grown companies, each with who acquired it (or what it is), as rows of one
panel; how such companies grow, as numbered steps with icons; a closing statement."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from ..blocks import Flex, Growable, _Furniture, accent_rule, base_commands, layout_table, title_block
from ..icons import icon_flowable
from ...geometry import GUTTER
from ...markup import esc

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def _companies(section, ctx, parent) -> Growable:
    """One row per company in a light panel: the name large, the acquirer (or the note) beside it."""
    geo = ctx.geometry
    listing = parent.add("L")
    rows = []
    for company in section.companies:
        item = listing.add("LI")
        if company.acquirer:
            line = ctx.para(f"{esc(ctx.s('acquired_by'))} <b>{esc(company.acquirer)}</b>", "lead-tight", item,
                            "LBody", markup=True)
        else:
            line = ctx.para(ctx.t(company.note) if company.note else "", "lead-tight", item, "LBody")
        rows.append([ctx.para(company.name, "h1", item, "Lbl"), "", line])
    pad_x = 5 * mm

    def table(extra: float):
        pad = 3.5 * mm + min(extra / (2 * len(rows)), 5 * mm)
        return Table(rows, colWidths=[geo.span(5), GUTTER, geo.span(7)], hAlign="LEFT",
                     renderCB=_Furniture(ctx), style=TableStyle(base_commands(ctx) + [
                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                         ("BACKGROUND", (0, 0), (-1, -1), ctx.colour("panel")),
                         ("LEFTPADDING", (0, 0), (0, -1), pad_x), ("LEFTPADDING", (1, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (-1, 0), (-1, -1), pad_x),
                         ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                         ("LINEBELOW", (0, 0), (-1, -2), 0.5, ctx.colour("white"))]))
    return Growable(table, 8 * len(rows))


def _journey(section, ctx, parent) -> list:
    """The steps side by side: a numbered icon in the accent colour, the step in words under it."""
    if not section.journey:
        return []
    out = []
    if section.journey_title:
        out.append(ctx.para(ctx.t(section.journey_title), "h2", parent, "H2"))
    listing = parent.add("L", attrs={"ListNumbering": "Decimal"})
    span = 12 // len(section.journey)
    cells = []
    for n, step in enumerate(section.journey, 1):
        item = listing.add("LI")
        head = [ctx.para(str(n), "numeral", item, "Lbl")]
        if step.icon:
            head = [layout_table(ctx, [(2, head), (2, [icon_flowable(ctx, step.icon, 12 * mm)])], valign="MIDDLE")]
        cells.append((span, head + [ctx.para(ctx.t(step.text), "body-strong", item, "LBody")]))
    out.append(accent_rule(ctx))
    out.append(layout_table(ctx, cells))
    return out


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [Flex(4, 16), _companies(section, ctx, parent)]
    if section.note:
        out += [Flex(3, 8), ctx.para(ctx.t(section.note), "statement", parent)]
    if section.journey:
        out += [Flex(6, 24)] + _journey(section, ctx, parent)
    return out

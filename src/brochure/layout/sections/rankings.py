"""At a glance: the EU rankings as big numerals on cards, then a chart of the positions."""

from __future__ import annotations

from reportlab.lib.units import mm

from ...charts import Bar, ChartSpec
from ..blocks import chart, gap, title_block
from ..blocks_cards import card_row
from .common import chart_colours, font_files

TEMPLATE = "body"
PER_ROW = 3
EU_MEMBERS = 27


def charts(section, ctx) -> dict:
    geo = ctx.geometry
    n = len(section.items)
    bars = tuple(Bar(ctx.t(r.metric), r.rank, ctx.numbers.ordinal_rank(r.rank), True) for r in section.items)
    row = min(15 * mm, max(5.5 * mm, 150 * mm / n))
    return {f"{section.id}-chart": ChartSpec(
        "ranks", bars, geo.span(12), n * row + 18 * mm, font_files(ctx), chart_colours(ctx),
        axis_label=ctx.s("rankings_note"), scale_max=EU_MEMBERS, font_size=9 if n <= 8 else 7)}


def alt_text(section, ctx) -> str:
    if section.chart_alt:
        return ctx.t(section.chart_alt)
    values = "; ".join(f"{ctx.t(r.metric)} {ctx.numbers.ordinal_rank(r.rank)}" for r in section.items)
    return ctx.s("chart_alt_ranks", title=ctx.t(section.chart_title), values=values,
                 source="; ".join(ctx.source_text(s) for s in dict.fromkeys(r.source for r in section.items)))


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    cards = []
    for item in section.items:
        body = [ctx.para(ctx.numbers.ordinal_rank(item.rank), "card-numeral", parent),
                ctx.para(ctx.t(item.metric), "card-text", parent),
                gap(1.5),
                ctx.para(ctx.source_line(item.source), "card-source", parent)]
        cards.append((4, body, "cover"))
    for start in range(0, len(cards), PER_ROW):
        row = cards[start:start + PER_ROW]
        if len(row) < PER_ROW:
            row.append((4 * (PER_ROW - len(row)),
                        [ctx.para(ctx.t(section.region), "subhead", parent),
                         ctx.para(ctx.s("rankings_note"), "small-muted", parent)], "panel"))
        out.append(card_row(ctx, row))
    out.append(gap(4))
    out.append(ctx.para(ctx.t(section.chart_title), "subhead", parent, "H2"))
    out += chart(ctx, f"{section.id}-chart", parent, alt_text(section, ctx))
    out.append(ctx.para(ctx.source_line(*[r.source for r in section.items]), "caption", parent))
    return out

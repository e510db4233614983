"""Talent: universities, graduate key figures and the per-capita comparison chart."""

from __future__ import annotations

from ...charts import Bar, ChartSpec
from reportlab.lib.units import mm

from ..blocks import chart, gap, title_block
from ..blocks_cards import card_row
from .common import chart_colours, font_files

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    c = section.chart
    bars = tuple(Bar(ctx.t(b.label), b.value, ctx.numbers.number(b.value, c.decimals), b.highlight) for b in c.bars)
    height = len(bars) * 16 * mm + 6 * mm
    return {f"{section.id}-chart": ChartSpec("bars", bars, ctx.geometry.span(12), height, font_files(ctx),
                                             chart_colours(ctx), font_size=10)}


def alt_text(section, ctx) -> str:
    c = section.chart
    if c.alt:
        return ctx.t(c.alt)
    values = ", ".join(f"{ctx.t(b.label)} {ctx.numbers.number(b.value, c.decimals)}"
                       for b in sorted(c.bars, key=lambda b: -b.value))
    return ctx.s("chart_alt_bars", title=ctx.t(c.title), values=values, source=ctx.source_text(c.source))


def figure_text(ctx, figure) -> str:
    return ctx.numbers.more_than(figure.value) if figure.more_than else ctx.numbers.number(figure.value)


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    uni = section.universities
    named = ", ".join(uni.named)
    left = [ctx.para(ctx.numbers.number(uni.count), "numeral", parent),
            ctx.para(ctx.s("universities"), "figure-label", parent)]
    if named:
        left.append(ctx.para(named, "small-muted", parent))
    out.append(card_row(ctx, [(3, left, None), (9, [ctx.para(ctx.t(uni.text), "body", parent)], None)]))
    cells = []
    span = 12 // len(section.figures) if 12 % len(section.figures) == 0 else 4
    for figure in section.figures:
        body = [ctx.para(figure_text(ctx, figure), "figure", parent),
                ctx.para(ctx.t(figure.label), "figure-label", parent)]
        if figure.detail:
            body.append(ctx.para(ctx.t(figure.detail), "small-muted", parent))
        cells.append((span, body, "panel"))
    per_row = 12 // span
    for start in range(0, len(cells), per_row):
        out.append(card_row(ctx, cells[start:start + per_row]))
    out.append(ctx.para(ctx.source_line(*[f.source for f in section.figures]), "caption", parent))
    out.append(gap(4))
    out.append(ctx.para(ctx.t(section.chart.title), "subhead", parent, "H2"))
    out += chart(ctx, f"{section.id}-chart", parent, alt_text(section, ctx))
    out.append(ctx.para(ctx.source_line(section.chart.source), "caption", parent))
    return out

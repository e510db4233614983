"""Financing and tax incentives: the rates as a chart, each incentive explained in plain words."""

from __future__ import annotations

from reportlab.lib.units import mm

from ...charts import Bar, ChartSpec
from ..blocks import bullet_list, chart, gap, title_block
from ..blocks_cards import card_row
from .common import chart_colours, font_files

TEMPLATE = "body"


def _bars(section, ctx):
    bars = []
    for incentive in section.incentives:
        for rate in incentive.rates:
            label = ctx.t(incentive.name)
            if rate.label:
                label += f" ({ctx.t(rate.label)})"
            value = ctx.numbers.percent(rate.value)
            text = f"{ctx.s('up_to')} {value}" if rate.up_to else value
            bars.append(Bar(label, rate.value, text, True))
    return tuple(bars)


def charts(section, ctx) -> dict:
    bars = _bars(section, ctx)
    return {f"{section.id}-chart": ChartSpec("bars", bars, ctx.geometry.span(12), len(bars) * 9 * mm + 4 * mm,
                                             font_files(ctx), chart_colours(ctx), scale_max=100, font_size=8.5)}


def alt_text(section, ctx) -> str:
    if section.chart_alt:
        return ctx.t(section.chart_alt)
    values = ", ".join(f"{b.label} {b.text}" for b in _bars(section, ctx))
    sources = "; ".join(ctx.source_text(s) for s in dict.fromkeys(i.source for i in section.incentives))
    return ctx.s("chart_alt_bars", title=ctx.t(section.chart_title), values=values, source=sources)


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    if section.financing:
        out.append(ctx.para(ctx.t(section.financing_title) if section.financing_title else "", "subhead", parent, "H2"))
        out += bullet_list(ctx, [ctx.t(f) for f in section.financing], parent)
    out.append(ctx.para(ctx.t(section.incentives_title), "subhead", parent, "H2"))
    out.append(ctx.para(ctx.t(section.chart_title), "small-muted", parent))
    out.append(gap(1))
    out += chart(ctx, f"{section.id}-chart", parent, alt_text(section, ctx))
    out.append(ctx.para(ctx.source_line(*[i.source for i in section.incentives]), "caption", parent))
    out.append(gap(3))
    for incentive in section.incentives:
        rates = []
        for i, rate in enumerate(incentive.rates):
            value = ctx.numbers.percent(rate.value)
            prefix = f"{ctx.s('up_to')} " if rate.up_to else ""
            if i:
                rates.append(ctx.para(ctx.s("or"), "small-muted", parent))
            rates.append(ctx.para(f"{prefix}{value}", "figure", parent))
            rates.append(ctx.para(ctx.t(rate.of), "small", parent))
        left = [ctx.para(ctx.t(incentive.name), "name", parent, "H3")]
        right = [ctx.para(ctx.t(incentive.explanation), "body-tight", parent)]
        out.append(card_row(ctx, [(3, left, None), (5, rates, None), (4, right, None)], space_after=3 * mm))
    return out

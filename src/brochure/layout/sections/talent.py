"""Talent: the universities and graduate numbers as one row of key figures, then the per-capita
comparison chart and what the universities bring."""

from __future__ import annotations

from reportlab.lib.units import mm

from ...charts import Bar, ChartSpec
from ...boxes import KEY_FIGURES_PER_ROW
from ..blocks import accent_rule, chart, group_gap, intro_gap, title_block
from ..blocks_cards import card_row
from .common import chart_colours, font_files

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    c = section.chart
    bars = tuple(Bar(ctx.t(b.label), b.value, ctx.numbers.number(b.value, c.decimals), b.highlight) for b in c.bars)
    height = len(bars) * 11 * mm + 8 * mm
    return {f"{section.id}-chart": ChartSpec("bars", bars, ctx.geometry.span(12), height, font_files(ctx),
                                             chart_colours(ctx), font_size=ctx.theme.type_scale["body"][0])}


def alt_text(section, ctx) -> str:
    c = section.chart
    if c.alt:
        return ctx.t(c.alt)
    values = ", ".join(f"{ctx.t(b.label)} {ctx.numbers.number(b.value, c.decimals)}"
                       for b in sorted(c.bars, key=lambda b: -b.value))
    return ctx.s("chart_alt_bars", title=ctx.t(c.title), values=values, source=ctx.source_text(c.source))


def figure_text(ctx, figure) -> str:
    return ctx.numbers.more_than(figure.value) if figure.more_than else ctx.numbers.number(figure.value)


def key_figure(ctx, parent, value: str, label: str, detail: str | None = None, icon: str | None = None) -> list:
    """The brochure's one key-figure treatment: numeral (with its icon at the right), what it
    counts, an optional detail line."""
    element = parent.add("Div")
    numeral = ctx.para(value, "numeral", element)
    if icon:
        from ..blocks import layout_table
        from ..icons import icon_flowable

        mark = icon_flowable(ctx, icon, 9 * mm)
        mark.hAlign = "RIGHT"
        numeral = layout_table(ctx, [(4, [numeral]), (1, [mark])], valign="MIDDLE")
    body = [numeral, ctx.para(label, "body-strong", element)]
    if detail:
        body.append(ctx.para(detail, "small", element))
    return body


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [intro_gap()]
    uni = section.universities
    # The universities' count leads the row; the text under the chart says which stand out.
    figures = [key_figure(ctx, parent, ctx.numbers.number(uni.count), ctx.s("universities"), icon=uni.icon)]
    figures += [key_figure(ctx, parent, figure_text(ctx, f), ctx.t(f.label), ctx.t(f.detail) if f.detail else None,
                           f.icon) for f in section.figures]
    per_row = KEY_FIGURES_PER_ROW
    span = 12 // per_row
    for start in range(0, len(figures), per_row):
        out.append(card_row(ctx, [(span, f, "panel") for f in figures[start:start + per_row]]))
    figure_sources = [f.source for f in section.figures]
    if set(figure_sources) != {section.chart.source}:        # one source line when both cite the same
        out.append(ctx.para(ctx.source_line(*figure_sources), "source", parent))
    out += [group_gap(), ctx.para(ctx.t(section.chart.title), "h2", parent, "H2")]
    out += chart(ctx, f"{section.id}-chart", parent, alt_text(section, ctx))
    out.append(ctx.para(ctx.source_line(section.chart.source), "source", parent))
    out += [group_gap(), accent_rule(ctx), ctx.para(ctx.t(uni.text), "lead", parent)]
    return out

"""Talent: the universities and graduate numbers as one row of key figures, then the per-capita
comparison chart and what the universities bring."""

from __future__ import annotations

from reportlab.lib.units import mm

from ...charts import Bar, ChartSpec
from ...boxes import KEY_FIGURES_PER_ROW
from ..blocks import group_gap, intro_gap, measured, title_block
from ..blocks_cards import card_row
from .common import chart_colours

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    c = section.chart
    bars = tuple(Bar(ctx.t(b.label), b.value, ctx.numbers.number(b.value, c.decimals), b.highlight) for b in c.bars)
    height = len(bars) * 11 * mm + 8 * mm
    return {f"{section.id}-chart": ChartSpec(bars, ctx.geometry.span(12), height, chart_colours(ctx),
                                             font_size=ctx.theme.type_scale["body"][0])}


def _growing_chart(section, ctx, parent):
    """The chart, its bars spaced wider when the page has room (a chart is cheap to draw again)."""
    from dataclasses import replace

    from ... import charts as chart_drawing
    from ..blocks import Growable
    from ..tagging import Tag

    key = f"{section.id}-chart"
    spec = charts(section, ctx)[key]
    alt = alt_text(section, ctx)
    colours = {s.rgb.lower(): ctx.edition.colour(s) for s in ctx.theme.swatches.values()}

    figure = parent.add("Figure", alt=alt)       # one structure element, whichever drawing is placed

    def build(extra: float):
        drawing = ctx.charts[key] if not extra else chart_drawing.draw(
            replace(spec, height_pt=spec.height_pt + extra), colours, ctx.fonts, ctx.colour("text"))
        drawing.hAlign = "LEFT"
        return Tag(figure, drawing, ctx.recorder)

    return Growable(build, 7 * len(section.chart.bars))


def alt_text(section, ctx) -> str:
    c = section.chart
    if c.alt:
        return ctx.t(c.alt)
    values = ctx.s("list_separator").join(f"{ctx.t(b.label)} {ctx.numbers.number(b.value, c.decimals)}"
                       for b in sorted(c.bars, key=lambda b: -b.value))
    return ctx.s("chart_alt_bars", title=ctx.t(c.title), values=values, source=ctx.source_text(c.source))


def figure_text(ctx, figure) -> str:
    return ctx.numbers.more_than(figure.value) if figure.more_than else ctx.numbers.number(figure.value)


def key_figure(ctx, parent, value: str, label: str, detail: str | None = None, icon: str | None = None,
               markup: bool = False, qualifier: str | None = None, qualifier_room: bool = False) -> list:
    """The brochure's one key-figure treatment: numeral (with its icon at the right), what it
    counts, an optional detail line; a qualifier ("up to") stands above the numeral, as on the
    incentives page (`qualifier_room` keeps its height free in a tile without one). With `markup`,
    `value` is paragraph markup."""
    element = parent.add("Div")
    above = [ctx.para(qualifier, "body-strong", element)] if qualifier else []
    if not qualifier and qualifier_room:        # a qualifier's height left free: numerals in a row align
        from reportlab.platypus import Spacer

        above = [Spacer(1, ctx.styles["body-strong"].leading)]
    numeral = ctx.para(value, "numeral", element, markup=markup)
    if icon:
        from reportlab.platypus import Table, TableStyle

        from ..blocks import _Furniture, base_commands
        from ..icons import icon_flowable

        mark = icon_flowable(ctx, icon, 9 * mm)
        # The numeral takes the card's width, the icon ends at the card's inner right edge.
        numeral = Table([[numeral, mark]], colWidths=["*", 9 * mm], hAlign="LEFT", renderCB=_Furniture(ctx),
                        style=TableStyle(base_commands(ctx) + [
                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    body = [*above, numeral, ctx.para(label, "body-strong", element)]
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
    out.append(ctx.para(ctx.source_line(*[f.source for f in section.figures]), "source", parent))
    out += [group_gap(), ctx.para(ctx.t(section.chart.title), "h2", parent, "H2")]
    out.append(_growing_chart(section, ctx, parent))
    out.append(ctx.para(ctx.source_line(section.chart.source), "source", parent))
    out += [group_gap(), ctx.para(ctx.t(uni.text), measured(ctx, "lead"), parent)]
    return out

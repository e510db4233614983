"""At a glance: the EU rankings as big numerals on cards, then a chart of the positions."""

from __future__ import annotations

from reportlab.lib.units import mm

from ...charts import Bar, ChartSpec
from ..blocks import chart, gap, title_block
from ..context import esc
from ..blocks_cards import card_row
from .common import chart_colours, font_files

TEMPLATE = "body"
PER_ROW = 3
EU_MEMBERS = 27


def charts(section, ctx) -> dict:
    geo = ctx.geometry
    n = len(section.items)
    bars = tuple(Bar(ctx.t(r.metric), r.rank, ctx.numbers.ordinal_rank(r.rank), True) for r in section.items)
    row = min(11 * mm, max(5.5 * mm, 150 * mm / n))
    return {f"{section.id}-chart": ChartSpec(
        "ranks", bars, geo.span(12), n * row + 18 * mm, font_files(ctx), chart_colours(ctx),
        axis_label=ctx.s("rankings_note"), scale_max=EU_MEMBERS, font_size=9 if n <= 8 else 7)}


def alt_text(section, ctx) -> str:
    if section.chart_alt:
        return ctx.t(section.chart_alt)
    values = "; ".join(f"{ctx.t(r.metric)} {ctx.numbers.ordinal_rank(r.rank)}" for r in section.items)
    return ctx.s("chart_alt_ranks", title=ctx.t(section.chart_title), values=values,
                 source="; ".join(ctx.source_text(s) for s in dict.fromkeys(r.source for r in section.items)))


def contents_card(section, ctx, parent) -> list:
    """'In this brochure': every other section with its page, each a link to that section."""
    body = [ctx.para(ctx.s("contents"), "subhead-tight", parent, "H2")]
    listing = parent.add("L")
    for other in ctx.content.brochure.sections:
        if other.kind in ("cover",) or other.id == section.id:
            continue
        page = ctx.page_numbers.get(other.id)
        number = f"<b>{page + 1}</b>&nbsp;&nbsp;" if page is not None else ""
        item = listing.add("LI")
        body.append(ctx.para(f'{number}<a href="#section-{other.id}">{esc(ctx.t(other.title))}</a>', "contents",
                             item, "LBody", markup=True,
                             attrs={"link": f"#section-{other.id}", "label": ctx.t(other.title)}))
    return body


def build(section, ctx, parent) -> list:
    ctx.wants_page_numbers = section.contents
    out = title_block(ctx, section, parent)
    out.append(ctx.para(ctx.t(section.region), "subhead-tight", parent, "H2"))
    out.append(gap(2))
    cards = []
    for item in section.items:
        body = [ctx.para(ctx.numbers.ordinal_rank(item.rank), "card-numeral", parent),
                ctx.para(ctx.t(item.metric), "card-text", parent),
                gap(1.5),
                ctx.para(ctx.source_line(item.source), "card-source", parent)]
        cards.append((4, body, "cover"))
    contents = contents_card(section, ctx, parent) if section.contents else None
    for start in range(0, len(cards), PER_ROW):
        row = cards[start:start + PER_ROW]
        if len(row) < PER_ROW and contents:
            # The leftover cards narrow to three columns so the contents list gets the width it needs.
            row = [(3, body, bg) for _, body, bg in row]
            row.append((12 - 3 * len(row), contents, "panel"))
            contents = None
        out.append(card_row(ctx, row))
    if contents:
        out.append(card_row(ctx, [(12, contents, "panel")]))
    out.append(gap(4))
    out.append(ctx.para(ctx.t(section.chart_title), "subhead", parent, "H2"))
    out += chart(ctx, f"{section.id}-chart", parent, alt_text(section, ctx))
    out.append(ctx.para(ctx.source_line(*[r.source for r in section.items]), "caption", parent))
    return out

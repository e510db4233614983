"""Financing and tax incentives: each tax incentive as a key-figure tile (its rate or rates, what the
rate is a share of, and a plain-language explanation); one source line for the page. The rates are
shares of different things, so they are never drawn on one scale."""

from __future__ import annotations

from ..blocks import Flex, accent_rule, bullet_list, gap, layout_table, rule, title_block
from ..blocks_cards import growing_row
from ...markup import esc

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def _tile(ctx, incentive, parent) -> list:
    element = parent.add("Div")
    body = [ctx.para(ctx.t(incentive.name), "h3", element, "H3")]
    for i, rate in enumerate(incentive.rates):
        value = esc(ctx.numbers.percent(rate.value))
        label = ctx.s("up_to") if rate.up_to else ""      # what the rate is a share of says the rest
        if i:
            body.append(ctx.para(ctx.s("or"), "small-strong", element))
        if label:
            body.append(ctx.para(label, "small-strong", element))
        body.append(ctx.para(value, "numeral", element, markup=True))
        body.append(ctx.para(ctx.t(rate.of), "small", element))
    body += [gap(2), rule(ctx), gap(2), ctx.para(ctx.t(incentive.explanation), "lead", element)]
    return body


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    out += [Flex(5, 16), ctx.para(ctx.t(section.incentives_title), "h2", parent, "H2")]
    n = len(section.incentives)
    per_row = n if n <= 3 else 3
    for start in range(0, n, per_row):
        cells = [(12 // per_row, _tile(ctx, incentive, parent), "panel")
                 for incentive in section.incentives[start:start + per_row]]
        out.append(growing_row(ctx, cells, 24))
    out.append(ctx.para(ctx.source_line(*[i.source for i in section.incentives]), "source", parent))
    if section.financing:
        out += [Flex(6, 22), accent_rule(ctx)]
        if section.financing_title:
            out.append(ctx.para(ctx.t(section.financing_title), "h2", parent, "H2"))
        items = bullet_list(ctx, [ctx.t(f) for f in section.financing], parent, "lead")
        half = (len(items) + 1) // 2
        out.append(layout_table(ctx, [(6, items[:half]), (6, items[half:])]))
    return out

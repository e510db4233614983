"""Financing and tax incentives: each tax incentive as a key-figure tile (its rate or rates, what the
rate is a share of, and a plain-language explanation); one source line for the page. The rates are
shares of different things, so they are never drawn on one scale."""

from __future__ import annotations

from ..blocks import INTRO_COLUMNS, accent_rule, bullet_list, gap, group_gap, intro_gap, layout_table, title_block
from ..blocks_cards import growing_row
from ...markup import esc

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def _band(ctx, incentive, parent):
    """One incentive as a band of the page: its rate or rates large on the left (an "up to" as a
    prefix on the same baseline), then its name, what each rate is a share of, and what it means in
    plain words."""
    element = parent.add("Div")
    left = []
    for i, rate in enumerate(incentive.rates):   # one rate a line, numerals flush left, set apart
        if i:
            left.append(gap(2.5))
        if rate.up_to:
            left.append(ctx.para(ctx.s("up_to"), "body-strong", element))
        left.append(ctx.para(esc(ctx.numbers.percent(rate.value)), "numeral", element, markup=True))
    right = [ctx.para(ctx.t(incentive.name), "h2", element, "H3")]
    several = len(incentive.rates) > 1
    for rate in incentive.rates:
        share = esc(ctx.t(rate.of))
        if several:
            share = f"<b>{esc(ctx.numbers.percent(rate.value))}</b>\u2002{share}"
        right.append(ctx.para(share, "body-tight", element, markup=True))
    right += [gap(2), ctx.para(ctx.t(incentive.explanation), "lead", element)]
    return growing_row(ctx, [(4, left, None), (8, right, None)], 6, band="panel", valign="TOP")


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    out += [intro_gap(), ctx.para(ctx.t(section.incentives_title), "h2", parent, "H2")]
    out += [_band(ctx, incentive, parent) for incentive in section.incentives]
    out.append(ctx.para(ctx.source_line(*[i.source for i in section.incentives]), "source", parent))
    if section.financing:
        out += [group_gap(), accent_rule(ctx)]
        if section.financing_title:
            out.append(ctx.para(ctx.t(section.financing_title), "h2", parent, "H2"))
        items = bullet_list(ctx, [ctx.t(f) for f in section.financing], parent, "lead")
        if len(items) <= 3:         # a short list reads down one column, on the introduction's measure
            out.append(layout_table(ctx, [(INTRO_COLUMNS, items)]))
        else:
            half = (len(items) + 1) // 2
            out.append(layout_table(ctx, [(6, items[:half]), (6, items[half:])]))
    return out

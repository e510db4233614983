"""Profiles: organisations with what each is for (research centres, federations, networks)."""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from ..blocks import bullet_list, gap, title_block
from ..blocks_cards import card_row

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    for group in section.groups:
        out.append(ctx.para(ctx.t(group.title), "subhead", parent, "H2"))
        if group.intro:
            out.append(ctx.para(ctx.t(group.intro), "body", parent))
        for entry in group.entries:
            left = [ctx.para(entry.name, "name", parent, "H3")]
            facts = [ctx.t(x) for x in (entry.type, entry.status) if x] + ([entry.town] if entry.town else [])
            if facts:
                left.append(ctx.para(" · ".join(facts), "small-muted", parent))
            right = []
            if entry.focus:
                right.append(ctx.para(ctx.t(entry.focus), "body-tight", parent))
            if entry.services:
                right.append(gap(1.5))
                right += bullet_list(ctx, [ctx.t(s) for s in entry.services], parent)
            out.append(KeepTogether([card_row(ctx, [(4, left, None), (8, right, None)]), _rule(ctx)]))
    if section.closing:
        out.append(gap(2))
        out.append(ctx.para(ctx.t(section.closing), "body", parent))
    return out


def _rule(ctx):
    from reportlab.platypus.flowables import HRFlowable

    from ..tagging import Artifact

    return Artifact(HRFlowable(width="100%", thickness=0.5, color=ctx.colour("rule"), spaceBefore=0,
                               spaceAfter=3.5 * 2.83))

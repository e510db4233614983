"""Profiles: organisations with what each is for (research centres, federations, networks), as
full-width bands: the name on the left, what it does on the right."""

from __future__ import annotations

from ..blocks import accent_rule, bullet_list, gap, group_gap, intro_gap, title_block
from ..blocks_cards import growing_row

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def facts(ctx, entry) -> str:
    return " \u00b7 ".join([ctx.t(x) for x in (entry.type, entry.status) if x]
                           + ([ctx.place(entry.town)] if entry.town else []))


def profile_band(ctx, entry, parent):
    """A full-width band: the name on the left in 4 columns, what it does on the right."""
    element = parent.add("Div")
    left = [ctx.para(entry.name, "name", element, "H3")]
    if facts(ctx, entry):
        left.append(ctx.para(facts(ctx, entry), "small", element))
    right = []
    if entry.focus:
        right.append(ctx.para(ctx.t(entry.focus), "lead", element))
    if entry.services:
        right.append(gap(1))
        right += bullet_list(ctx, [ctx.t(s) for s in entry.services], element)
    return growing_row(ctx, [(4, left, None), (8, right, None)], 4, band="panel")


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    if section.figures:
        from ..blocks_cards import card_row
        from ...boxes import figure_span
        from .talent import figure_text, key_figure

        span = figure_span(len(section.figures))
        cells = [(span, key_figure(ctx, parent, figure_text(ctx, f), ctx.t(f.label),
                                   ctx.t(f.detail) if f.detail else None, f.icon), "panel") for f in section.figures]
        out += [intro_gap(), card_row(ctx, cells),          # the source a gutter under the tiles, as on every page
                ctx.para(ctx.source_line(*[f.source for f in section.figures]), "source", parent)]
    for group in section.groups:
        out += [group_gap(), ctx.para(ctx.t(group.title), "h2", parent, "H2")]
        if group.intro:
            out.append(ctx.para(ctx.t(group.intro), "body", parent))
        out += [profile_band(ctx, entry, parent) for entry in group.entries]
    if section.closing:
        out += [group_gap(), accent_rule(ctx), ctx.para(ctx.t(section.closing), "pull-quote", parent)]
    return out



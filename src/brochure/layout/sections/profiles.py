"""Profiles: organisations with what each is for (research centres, federations, networks)."""

from __future__ import annotations

from reportlab.lib.units import mm

from ..blocks import accent_rule, bullet_list, gap, title_block
from ..blocks_cards import card_row

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def per_row(count: int) -> int:
    """Cards per row: three where they divide evenly or there are many, else two."""
    return 3 if count % 3 == 0 or count > 4 else min(count, 2)


def _facts(ctx, entry) -> str:
    return " · ".join([ctx.t(x) for x in (entry.type, entry.status) if x] + ([ctx.place(entry.town)] if entry.town else []))


def profile_card(ctx, entry, parent, heading: str = "H3", large: bool = False) -> list:
    """A card: name, facts, focus, services (used by directories laid out as cards)."""
    body = [ctx.para(entry.name, "company" if large else "name", parent, heading)]
    if _facts(ctx, entry):
        body.append(ctx.para(_facts(ctx, entry), "small-muted", parent))
    if entry.focus:
        body += [gap(2), ctx.para(ctx.t(entry.focus), "lead-tight" if large else "body-tight", parent)]
    if entry.services:
        body.append(gap(1.5))
        body += bullet_list(ctx, [ctx.t(s) for s in entry.services], parent)
    return body


def profile_band(ctx, entry, parent):
    """A full-width band: the name large on the left, what it does in lead-size type on the right."""
    left = [ctx.para(entry.name, "company", parent, "H3")]
    if _facts(ctx, entry):
        left.append(ctx.para(_facts(ctx, entry), "small-muted", parent))
    right = []
    if entry.focus:
        right.append(ctx.para(ctx.t(entry.focus), "lead-tight", parent))
    if entry.services:
        right.append(gap(2))
        right += bullet_list(ctx, [ctx.t(s) for s in entry.services], parent, "bullet-large")
    return card_row(ctx, [(4, left, None), (8, right, None)], band="panel", pad=7 * mm)


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    for group in section.groups:
        out.append(ctx.para(ctx.t(group.title), "subhead", parent, "H2"))
        if group.intro:
            out.append(ctx.para(ctx.t(group.intro), "body", parent))
        out += [profile_band(ctx, entry, parent) for entry in group.entries]
    if section.closing:
        out.append(gap(5))
        out.append(accent_rule(ctx))
        out.append(ctx.para(ctx.t(section.closing), "statement", parent))
    return out

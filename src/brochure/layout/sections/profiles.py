"""Profiles: organisations with what each is for (research centres, federations, networks), as
full-width bands: the name on the left, what it does on the right."""

from __future__ import annotations

from ..blocks import Flex, accent_rule, bullet_list, gap, title_block
from ..blocks_cards import growing_row

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def facts(ctx, entry) -> str:
    return " \u00b7 ".join([ctx.t(x) for x in (entry.type, entry.status) if x]
                           + ([ctx.place(entry.town)] if entry.town else []))


SHORT_NAME = 6      # names this short (VIB, imec, VITO) are set as large as key figures


def profile_band(ctx, entry, parent, large: bool = False, most_mm: float = 10, names: list[str] | None = None,
                 tag: str | None = None, background: str = "panel", heading: str = "H3"):
    """A full-width band: the name (or names sharing the profile) on the left in 4 columns, what it
    does on the right; `tag` labels a highlighted entry ("On the site-visit programme")."""
    element = parent.add("Div")
    left = [ctx.para(tag, "label", element)] if tag else []
    left += [ctx.para(name, "numeral" if large else "name", element, heading) for name in (names or [entry.name])]
    if facts(ctx, entry):
        left.append(ctx.para(facts(ctx, entry), "small", element))
    right = []
    if entry.focus:
        right.append(ctx.para(ctx.t(entry.focus), "lead", element))
    if entry.services:
        right.append(gap(1))
        right += bullet_list(ctx, [ctx.t(s) for s in entry.services], element)
    return growing_row(ctx, [(4, left, None), (8, right, None)], most_mm, band=background)


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    for group in section.groups:
        out += [Flex(4, 16), ctx.para(ctx.t(group.title), "h2", parent, "H2")]
        if group.intro:
            out.append(ctx.para(ctx.t(group.intro), "body", parent))
        large = all(len(entry.name) <= SHORT_NAME for entry in group.entries)
        out += [profile_band(ctx, entry, parent, large) for entry in group.entries]
    if section.closing:
        out += [Flex(4, 20), accent_rule(ctx), ctx.para(ctx.t(section.closing), "statement", parent)]
    return out



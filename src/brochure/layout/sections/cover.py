"""Cover: brand mark and publisher, kicker, title in balanced lines, subtitle, the mission's event
once, and the agency signature with the edition's date at the foot, over the full-height graphic."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import FrameBreak

from ...boxes import COVER_COLUMNS as TITLE_COLUMNS
from ..blocks import gap
from ..blocks_cards import card_row
from ..logo import logo_flowable

TEMPLATE = "cover"


def charts(section, ctx) -> dict:
    return {}


def event_line(ctx, kicker: str) -> str:
    """The event in one line; parts the kicker already names (a city, the event) are not repeated."""
    event = ctx.content.brochure.event
    if not event:
        return ""
    parts = [ctx.t(event.name), ctx.t(event.city), ctx.finish(event.dates or "")]
    seen = kicker.casefold()
    return "  \u00b7  ".join(p for p in parts if p and p.casefold() not in seen)


def build(section, ctx, parent) -> list:
    out = [logo_flowable(ctx, "mark-white", 24 * mm, parent, alt=ctx.s("logo_alt", name=section.publisher)),
           gap(3),
           ctx.para(section.publisher, "name-on-dark", parent),
           FrameBreak()]
    kicker = ctx.t(section.kicker) if section.kicker else ""
    if kicker:
        out += [ctx.para(kicker, "kicker-on-dark", parent), gap(3)]
    title = [ctx.para(ctx.t(section.title), "display-on-dark", parent, "H1"), gap(3),
             ctx.para(ctx.t(section.subtitle), "lead-on-dark", parent)]
    out.append(card_row(ctx, [(TITLE_COLUMNS, title, None)], space_after=0))
    line = event_line(ctx, kicker)
    if line:
        out += [gap(6), ctx.para(line, "kicker-on-dark", parent)]
        if ctx.content.brochure.event.audience:
            out.append(ctx.para(ctx.t(ctx.content.brochure.event.audience), "body-on-dark", parent))
    out.append(FrameBreak())
    signature = [ctx.para(ctx.content.brochure.meta.author, "strong-on-dark", parent)]
    if ctx.issued:
        signature.append(ctx.para(ctx.numbers.month(ctx.issued), "body-on-dark", parent))
    out.append(card_row(ctx, [(6, signature, None)], space_after=0))
    return out

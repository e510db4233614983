"""Cover: brand mark, kicker, title, subtitle and the mission's event line over the vector graphic."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import FrameBreak

from ..blocks import gap
from ..logo import logo_flowable

TEMPLATE = "cover"


def charts(section, ctx) -> dict:
    return {}


def build(section, ctx, parent) -> list:
    out = [logo_flowable(ctx, "mark-white", 22 * mm, parent, alt=ctx.s("logo_alt", name=section.publisher)),
           gap(3),
           ctx.para(section.publisher, "cover-small", parent),
           FrameBreak()]
    if section.kicker:
        out.append(ctx.para(ctx.t(section.kicker), "cover-kicker", parent))
        out.append(gap(3))
    out.append(ctx.para(ctx.t(section.title), "cover-title", parent, "H1"))
    out.append(ctx.para(ctx.t(section.subtitle), "cover-subtitle", parent))
    event = ctx.content.brochure.event
    if event:
        parts = [ctx.t(event.name)] + [p for p in (ctx.t(event.city), event.dates or "") if p]
        out.append(gap(8))
        out.append(ctx.para("  ·  ".join(parts), "cover-kicker", parent))
        if event.audience:
            out.append(ctx.para(ctx.t(event.audience), "cover-subtitle", parent))
    return out

"""Track record: home-grown companies and who acquired them, with the Welcome Team offer."""

from __future__ import annotations


from reportlab.lib.units import mm

from ..blocks import PageFoot, accent_rule, bullet_list, gap, title_block
from ..blocks_cards import card_row
from ...markup import esc

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    companies = section.companies
    per_row = 2 if len(companies) <= 4 else 3
    span = 12 // per_row
    for start in range(0, len(companies), per_row):
        cells = []
        for company in companies[start:start + per_row]:
            body = [ctx.para(company.name, "company", parent, "H2")]
            if company.acquirer:
                body.append(ctx.para(f"{ctx.s('acquired_by')} <b>{esc(company.acquirer)}</b>", "lead-tight",
                                     parent, markup=True))
            cells.append((span, body, "panel"))
        out.append(card_row(ctx, cells, pad=6 * mm))
    if section.note:
        out += [gap(4), accent_rule(ctx), ctx.para(ctx.t(section.note), "statement", parent)]
    if section.aside_title:
        out.append(gap(6))
        aside = parent.add("Div")
        left = [ctx.para(ctx.t(section.aside_title), "on-dark-title", aside, "H2")]
        if section.aside:
            left.append(ctx.para(ctx.t(section.aside), "on-dark", aside))
        left += bullet_list(ctx, [ctx.t(s) for s in section.aside_services], aside, "on-dark",
                            bullet_colour="accent")
        right = []
        if section.aside_partners:
            right.append(ctx.para(ctx.s("welcome_team"), "on-dark-sub", aside, "H3"))
            right += bullet_list(ctx, section.aside_partners, aside, "on-dark", bullet_colour="accent")
        if section.aside_email:
            email = esc(section.aside_email)
            right.append(ctx.para(ctx.s("email"), "on-dark-sub", aside, "H3"))
            right.append(ctx.para(f'<a href="mailto:{email}"><u>{email}</u></a>', "on-dark-bold",
                                  aside, markup=True, attrs={"link": f"mailto:{section.aside_email}"}))
        out.append(PageFoot([card_row(ctx, [(7, left, "cover"), (5, right, "cover")], pad=6 * mm,
                                      space_after=0)]))
    return out

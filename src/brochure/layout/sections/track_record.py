"""Track record: home-grown companies as equal cards, each with who acquired it (or what it is),
closed by a statement under an accent bar."""

from __future__ import annotations

from ..blocks import Flex, accent_rule, title_block
from ..blocks_cards import growing_row
from ...markup import esc

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def _card(ctx, company, parent) -> list:
    element = parent.add("Div")
    body = [ctx.para(company.name, "h1", element, "H2")]
    if company.acquirer:
        body.append(ctx.para(f"{esc(ctx.s('acquired_by'))} <b>{esc(company.acquirer)}</b>", "lead", element,
                             markup=True))
    elif company.note:
        body.append(ctx.para(ctx.t(company.note), "lead", element))
    return body


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [Flex(4, 22)]
    companies = section.companies
    per_row = 2 if len(companies) <= 4 else 3
    span = 12 // per_row
    for start in range(0, len(companies), per_row):
        cells = [(span, _card(ctx, company, parent), "panel") for company in companies[start:start + per_row]]
        out.append(growing_row(ctx, cells, 45))
    if section.note:
        out += [Flex(4, 22), accent_rule(ctx), ctx.para(ctx.t(section.note), "statement", parent)]
    return out

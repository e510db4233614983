"""Pages that bring a booklet to a multiple of four, each with real content from the brochure:
"Meet us at <event>" (a mission with an event), the key figures on one page, and a meeting-notes
form with the contact and QR code. Each kind is used at most once, in that order."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Table, TableStyle

from .blocks import Flex, Justified, _Furniture, accent_rule, base_commands, gap, layout_table
from .blocks_cards import growing_row
from .context import Context, esc


def kinds(ctx: Context) -> list[str]:
    """The padding pages this brochure can offer, best first."""
    out = []
    if ctx.content.brochure.event:
        out.append("meet")
    if _figures(ctx):
        out.append("figures")
    out.append("notes")
    return out


def pages(ctx: Context, count: int, current: str | None) -> list:
    """`count` padding pages (more than the kinds available repeats the notes form)."""
    chosen = kinds(ctx)[:count]
    chosen += ["notes"] * (count - len(chosen))
    out = []
    for n, kind in enumerate(chosen):
        if current != "body":
            out.append(NextPageTemplate("body"))
            current = "body"
        out.append(PageBreak())
        element = ctx.recorder.root.add("Sect", attrs={"id": f"padding-{n + 1}-{kind}"})
        out.append(Justified({"meet": _meet, "figures": _figures_page, "notes": _notes}[kind](ctx, element)))
    return out


def _contact_section(ctx):
    return next((s for s in ctx.content.brochure.sections if s.kind == "contact"), None)


def _office_card(ctx, office, title, parent) -> list:
    element = parent.add("Div")
    body = [ctx.para(title, "label", element, "H2")]
    if office.person:
        body.append(ctx.para(office.person, "name", element))
    for line in (ctx.t(office.role) if office.role else None, ctx.t(office.team) if office.team else None,
                 office.organisation, *office.address):
        if line:
            body.append(ctx.para(line, "body-tight", element))
    email = esc(office.email)
    body.append(ctx.para(ctx.labelled(esc(ctx.s("email")), f'<a href="mailto:{email}">{email}</a>'), "body-tight",
                         element, markup=True, attrs={"link": f"mailto:{office.email}"}))
    if office.phone:
        body.append(ctx.para(ctx.labelled(ctx.s("phone"), office.phone), "body-tight", element))
    return body


def _meet(ctx: Context, parent) -> list:
    event = ctx.content.brochure.event
    name = ctx.t(event.name)
    out = [ctx.para(ctx.s("meet_us", event=name), "h1", parent, "H1"),
           ctx.para(ctx.s("meet_us_text"), "lead", parent), Flex(6, 24)]
    facts = [ctx.para(name, "numeral", parent)]
    where = "  \u00b7  ".join(p for p in (ctx.t(event.city), ctx.finish(event.dates or "")) if p)
    if where:
        facts.append(ctx.para(where, "h2", parent))
    if event.audience:
        facts += [gap(2), ctx.para(ctx.t(event.audience), "lead", parent)]
    out += [accent_rule(ctx)] + facts + [Flex(6, 30)]
    contact = _contact_section(ctx)
    if contact is not None:
        from .sections.contact import _qr

        office = contact.local or contact.contact
        title = (ctx.t(contact.local_title) if contact.local_title else ctx.s("local_office")) if contact.local \
            else ctx.s("contact")
        card = _office_card(ctx, office, title, parent)
        qr = [_qr(contact, ctx, parent), gap(1.5), ctx.para(ctx.s("scan_to_contact"), "body-on-dark", parent)]
        if contact.team_services:
            from .blocks import bullet_list

            team = contact.team_title and ctx.t(contact.team_title)
            services = ([ctx.para(team, "h2", parent, "H2")] if team else []) + bullet_list(
                ctx, [ctx.t(s) for s in contact.team_services], parent, "lead")
            out += [layout_table(ctx, [(12, services)]), Flex(6, 24)]
        out.append(growing_row(ctx, [(8, card, "panel"), (4, qr, "cover")], 20))
    return out


def _figures(ctx) -> list[tuple[str, str, str]]:
    """(figure, what it measures, source) for every key figure the brochure states."""
    out = []
    for section in ctx.content.brochure.sections:
        if section.kind == "rankings":
            out += [(ctx.numbers.ordinal_rank(r.rank), ctx.t(r.metric), ctx.source_text(r.source))
                    for r in section.items]
        elif section.kind == "talent":
            from .sections.talent import figure_text

            out.append((ctx.numbers.number(section.universities.count), ctx.s("universities"), ""))
            out += [(figure_text(ctx, f), ctx.t(f.label), ctx.source_text(f.source)) for f in section.figures]
        elif section.kind == "incentives":
            for incentive in section.incentives:
                rate = incentive.rates[0]
                value = ctx.numbers.percent(rate.value)
                out.append((value, f"{ctx.t(incentive.name)}: {ctx.t(rate.of)}", ctx.source_text(incentive.source)))
    return out


def _figures_page(ctx: Context, parent) -> list:
    out = [ctx.para(ctx.s("figures"), "h1", parent, "H1"), ctx.para(ctx.s("figures_text"), "lead", parent),
           Flex(4, 16)]
    figures = _figures(ctx)
    listing = parent.add("L")
    cells = []
    for value, label, _ in figures:
        item = listing.add("LI")
        cells.append((4, [ctx.para(value, "numeral", item, "Lbl"), ctx.para(label, "body-strong", item, "LBody")],
                      "panel"))
    for start in range(0, len(cells), 3):
        out.append(growing_row(ctx, cells[start:start + 3], 8))
    sources = [s for _, _, s in figures if s]
    if sources:
        out.append(ctx.para(ctx.s("source", sources="; ".join(dict.fromkeys(sources))), "source", parent))
    return out


class _Ruled(Flowable):
    """Writing lines every 8 mm across the column (decoration): as many as the page has room for."""

    def __init__(self, ctx, least_mm: float = 40, most_mm: float = 150):
        super().__init__()
        self.ctx, self.least, self.room, self.extra = ctx, least_mm * mm, (most_mm - least_mm) * mm, 0.0

    def grow(self, extra):
        self.extra = extra

    def wrap(self, aw, ah):
        self.width, self.height = aw, self.least + self.extra
        return self.width, self.height

    def draw(self):
        from .tagging import begin_artifact, end_marked

        begin_artifact(self.canv)
        self.canv.setStrokeColor(self.ctx.colour("rule"))
        self.canv.setLineWidth(0.5)
        y = self.height - 8 * mm
        while y >= 0:
            self.canv.line(0, y, self.width, y)
            y -= 8 * mm
        end_marked(self.canv)


def _notes(ctx: Context, parent) -> list:
    """A meeting-notes form: who was met, then ruled lines, the contact and QR code at the foot."""
    out = [ctx.para(ctx.s("notes"), "h1", parent, "H1"), ctx.para(ctx.s("notes_text"), "lead", parent), Flex(4, 10)]
    fields = [ctx.s(k) for k in ("notes_company", "name", "email", "notes_date")]
    rows = [[ctx.para(label, "label", parent), ""] for label in fields]
    widths = [ctx.geometry.span(3), ctx.geometry.span(9) + 4.5 * mm]
    out.append(Table(rows, colWidths=widths, hAlign="LEFT", renderCB=_Furniture(ctx),
                     style=TableStyle(base_commands(ctx) + [
                         ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 5 * mm),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                         ("LINEBELOW", (1, 0), (1, -1), 0.5, ctx.colour("muted"))])))
    out += [Flex(4, 10), ctx.para(ctx.s("notes_follow_up"), "label", parent), _Ruled(ctx), Flex(4, 8)]
    contact = _contact_section(ctx)
    if contact is not None:
        from .sections.contact import _qr

        office = contact.local or contact.contact
        card = _office_card(ctx, office, ctx.s("contact"), parent)
        out.append(layout_table(ctx, [(9, card), (3, [_qr(contact, ctx, parent)])], valign="BOTTOM"))
    return out

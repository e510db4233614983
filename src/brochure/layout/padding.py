"""Pages that bring a booklet to a multiple of four, each with real content from the brochure: the
key figures on one page, "Meet us at <event>" (a mission with an event: the event, who to ask for a
meeting, room for notes), and a meeting-notes form with the contact and QR code. Each kind is used at
most once, in that order; the contents list names them."""

from __future__ import annotations

from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from .blocks import (Growable, Justified, Stack, _Furniture, base_commands, block_gap, bullet_list, gap, group_gap,
                     intro_gap, layout_table)
from .context import Context, esc
from ..geometry import GUTTER


def kinds(ctx: Context) -> list[str]:
    """The padding pages this brochure can offer, best first."""
    out = ["meet"] if ctx.content.brochure.event else []
    contact = next((s for s in ctx.content.brochure.sections if s.kind == "contact"), None)
    if contact is not None and contact.team_services:
        out.append("team")
    if sum(g.weight for g in _figures(ctx)) >= MIN_FIGURES:
        out.append("figures")      # what the sections left out would have said, in numbers
    if "meet" not in out:
        out.append("notes")        # the mission page has room for notes of its own
    return out


def chosen(ctx: Context, count: int) -> list[str]:
    """The kinds of the `count` padding pages (more than the kinds available repeats the notes form)."""
    picked = kinds(ctx)[:count]
    picked += ["notes"] * (count - len(picked))
    return sorted(picked, key=["meet", "team", "figures", "notes"].index)     # the notes form last


def page_id(n: int, kind: str) -> str:
    return f"padding-{n + 1}-{kind}"


def icon_of(ctx: Context, page: str) -> str | None:
    """The icon of a section or padding page (by the id the outline and the page numbers use)."""
    if page.startswith("padding-"):
        return ICONS.get(page.rsplit("-", 1)[-1])
    return next((s.icon for s in ctx.content.brochure.sections if s.id == page), None)


def title(ctx: Context, kind: str) -> str:
    if kind == "meet":
        return ctx.s("meet_us", event=ctx.t(ctx.content.brochure.event.name))
    if kind == "team":
        contact = next(s for s in ctx.content.brochure.sections if s.kind == "contact")
        return ctx.t(contact.team_title) if contact.team_title else ctx.s("how_we_help")
    return ctx.s({"figures": "figures", "notes": "notes"}[kind])


# Each padding page's own icon (one icon, one meaning across the brochure: none of the sections' own).
ICONS = {"meet": "calendar-event", "team": "users-group", "figures": "chart-bar", "notes": "notes"}
SERVICE_ICON = "circle-check"       # each of the welcome team's services, alike: "a service we offer"


def _title(ctx: Context, kind: str, parent):
    """The page's H1 with its icon, as every section page has."""
    from .blocks import with_icon

    return with_icon(ctx, ctx.para(title(ctx, kind), "h1", parent, "H1"), ICONS[kind])


class PageMark(Flowable):
    """Invisible: notes the page a padding page starts on (for the contents list) and names it as a
    link destination; padding pages are no sections, so they get no bookmark."""

    def __init__(self, ctx: Context, mark_id: str):
        super().__init__()
        self.ctx, self.mark_id = ctx, mark_id

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.ctx.padding_pages[self.mark_id] = self.canv.getPageNumber() - 1
        self.canv.bookmarkPage(f"section-{self.mark_id}", fit="XYZ", top=self.canv._pagesize[1])


def pages(ctx: Context, count: int, current: str | None) -> list:
    out = []
    for n, kind in enumerate(chosen(ctx, count)):
        if current != "body":
            out.append(NextPageTemplate("body"))
            current = "body"
        out.append(PageBreak())
        element = ctx.recorder.root.add("Sect", attrs={"id": page_id(n, kind)})
        out.append(PageMark(ctx, page_id(n, kind)))
        out.append(Justified({"meet": _meet, "team": _team_page, "figures": _figures_page,
                              "notes": _notes}[kind](ctx, element)))
    return out


def event_where(ctx: Context) -> str:
    """Where and when the mission's event is ("Boston · June 2027"), or ""."""
    event = ctx.content.brochure.event
    return "  \u00b7  ".join(p for p in (ctx.t(event.city), ctx.finish(event.dates or "")) if p)


def _meet(ctx: Context, parent) -> list:
    """The mission's event as a band, who to ask for a meeting (with the QR code that reaches them),
    and, unless a notes form follows, room for the meetings' notes."""
    from .sections.rankings import Band

    event = ctx.content.brochure.event
    out = [_title(ctx, "meet", parent), ctx.para(ctx.s("meet_us_text"), "lead", parent),
           intro_gap()]
    facts = []
    where = event_where(ctx)
    if where:
        facts.append(ctx.para(where, "cta-on-dark", parent))
    if event.audience:
        facts.append(ctx.para(ctx.t(event.audience), "lead-on-dark", parent))
    if facts:
        out.append(Band(ctx, layout_table(ctx, [(12, facts)]), 6 * mm))
    contact = next((s for s in ctx.content.brochure.sections if s.kind == "contact"), None)
    if contact is not None:
        from .sections.contact import _qr, email_para

        office = contact.local or contact.contact
        heading = (ctx.t(contact.local_title) if contact.local_title else ctx.s("local_office")) if contact.local \
            else ctx.s("contact")
        card = [ctx.para(heading, "h2", parent, "H2")]
        if office.person:
            card.append(ctx.para(office.person, "name", parent))
        for line in (ctx.t(office.role) if office.role else None, office.organisation):
            if line:
                card.append(ctx.para(line, "body-tight", parent))
        card.append(email_para(ctx, office.email, "body-tight", parent, labelled=True))
        if office.phone:
            card.append(ctx.para(ctx.labelled(ctx.s("phone"), office.phone), "body-tight", parent))
        qr = [_qr(contact, ctx, parent), gap(1.5), ctx.para(ctx.s("scan_to_contact"), "small", parent)]
        out += [group_gap(), layout_table(ctx, [(8, card), (4, qr)])]
    out += [group_gap(), ctx.para(ctx.s("notes"), "label", parent), _Ruled(ctx, 30, 150)]
    return out


def _team_page(ctx: Context, parent) -> list:
    """How the agency's welcome team helps: what it does on a band of the brand colour, each service
    with its icon; who is in the team, as a wall of names."""
    from .blocks import measured
    from .icons import icon_flowable
    from .sections.presence import _wall
    from .sections.rankings import Band

    contact = next(s for s in ctx.content.brochure.sections if s.kind == "contact")
    out = [_title(ctx, "team", parent)]
    if contact.team_intro:
        out.append(ctx.para(ctx.t(contact.team_intro), measured(ctx, "lead"), parent))
    out.append(intro_gap())
    listing = parent.add("L")
    cells = []
    for service in contact.team_services:
        words = ctx.para(ctx.t(service), "name-on-dark", listing.add("LI"), "LBody")
        cells.append((6, [icon_flowable(ctx, SERVICE_ICON, 14 * mm, "accent"), gap(3), words]))
    rows = [layout_table(ctx, cells[i:i + 2]) for i in range(0, len(cells), 2)]

    def band(extra: float):
        # The extra height shared alike above, between and below the rows.
        share = extra / (len(rows) + 1)
        gapped = []
        for i, row in enumerate(rows):
            gapped += ([Spacer(1, 6 * mm + share)] if i else []) + [row]
        return Band(ctx, Stack(gapped), 9 * mm + share / 2, 0)

    out.append(Growable(band, 60))       # air between the rows; the rest goes to the wall below
    if contact.team_partners:
        out += [group_gap(), ctx.para(ctx.s("team_partners"), "h2", parent, "H2"),
                _wall(ctx, list(contact.team_partners), parent, 12)]
    return out      # the address to write to is the back cover's call to action, not said twice


MIN_FIGURES = 4     # fewer figures and names make no page
MIN_NEW = 8         # what the left-out sections give must fill the page on its own
MAX_FIGURES = 9     # three rows of three tiles: more would not fit one page

# (figure as markup, what it measures, more about it, source id, qualifier above the figure: "up to")
Figure = tuple[str, str, str, str, str]


class Group(NamedTuple):
    """One section's part of the figures page: its title, its key figures and, for a section of
    organisations, who they are ((name, focus, what they offer) each)."""

    title: str
    figures: list[Figure]
    names: list[tuple[str, str, list[str]]]

    @property
    def weight(self) -> int:
        return len(self.figures) + len(self.names)


def _figures(ctx) -> list[Group]:
    return _figure_groups(ctx)[1]


def _figure_groups(ctx) -> tuple[bool, list[Group]]:
    """Whether everything is new to the reader, and the groups of the figures page.

    The groups are those of the sections a mission leaves out (none of them is on another page of
    its booklet): their figures first, then, if those are too few, the companies of a left-out track
    record. Only when all of that is too few do the booklet's own figures lead (its rankings excepted:
    they have their page near the front)."""
    omitted = _groups_of(ctx, ctx.content.omitted_sections())
    # Sections that only name organisations (a track record) join when the figures alone are too few.
    with_figures = [g for g in omitted if g.figures]
    for groups in (with_figures, omitted):
        if sum(g.weight for g in groups) >= MIN_NEW:
            return True, _fitting(groups)
    omitted = _groups_of(ctx, ctx.content.omitted_sections(), names=False)
    own = _groups_of(ctx, [s for s in ctx.content.brochure.sections if s.kind != "rankings"], names=False)
    return False, _fitting(omitted + own)


def _fitting(groups: list[Group]) -> list[Group]:
    """The groups, in order, that fit one page together (a group that would not is left out)."""
    out, count = [], 0
    for group in groups:
        if count + len(group.figures) <= MAX_FIGURES:
            out.append(group)
            count += len(group.figures)
    return out


def _groups_of(ctx, sections, names: bool = True) -> list[Group]:
    """A figure keeps its qualifier ("up to"); an incentive with several rates gives one figure per rate."""
    from .sections.talent import figure_text

    out = []
    for section in sections:
        figures: list[Figure] = []
        who: list[tuple[str, str, list[str]]] = []
        if section.kind == "rankings":
            figures = [(esc(ctx.numbers.ordinal_rank(r.rank)), ctx.t(r.metric), "", r.source, "")
                       for r in section.items]
        elif section.kind == "talent":
            figures.append((esc(ctx.numbers.number(section.universities.count)), ctx.s("universities"), "", "", ""))
        if section.kind in ("talent", "profiles"):
            figures += [(esc(figure_text(ctx, f)), ctx.t(f.label), ctx.t(f.detail) if f.detail else "",
                         f.source, "") for f in section.figures]
        if section.kind == "profiles" and figures and names:
            who = [(e.name, ctx.t(e.focus) if e.focus else "", [ctx.t(x) for x in e.services])
                   for g in section.groups for e in g.entries]
        elif section.kind == "incentives":
            figures = _rates(ctx, section)
        elif section.kind == "track-record" and names:
            who = [(c.name, _acquired(ctx, c), []) for c in section.companies]
        if figures or who:
            out.append(Group(ctx.t(section.title), figures, who))
    # Figures lead the page; sections that only name organisations follow them.
    return sorted(out, key=lambda g: not g.figures)


def _acquired(ctx, company) -> str:
    """Who acquired the company ("acquired by Sanofi"), or what it is."""
    from .sections.track_record import acquired_by

    if company.acquirer:
        return acquired_by(ctx) + company.acquirer
    return ctx.t(company.note) if company.note else ""


def _rates(ctx, section) -> list[Figure]:
    out = []
    for incentive in section.incentives:
        for rate in incentive.rates:
            label = ctx.t(incentive.name)
            if len(incentive.rates) > 1 and rate.label:
                label += f" ({ctx.t(rate.label)})"
            out.append((esc(ctx.numbers.percent(rate.value)), label, ctx.t(rate.of), incentive.source,
                        ctx.s("up_to") if rate.up_to else ""))
    return out


def _figures_page(ctx: Context, parent) -> list:
    """The figures of the sections this booklet leaves out, under their sections' titles: figure on
    the left, what it measures beside it."""
    new, groups = _figure_groups(ctx)
    out = [_title(ctx, "figures", parent),
           ctx.para(ctx.s("figures_text" if new else "figures_recap_text"), "lead", parent)]
    per_row = 2 if sum(len(g.figures) for g in groups) <= 6 else 3
    for group in groups:
        element = parent.add("Sect")
        out += [intro_gap() if len(out) == 2 else group_gap(), ctx.para(group.title, "h2", element, "H2"),
                gap(2), *_figure_table(ctx, group.figures, element, per_row)]
        if group.names:
            out += [block_gap()] if group.figures else []
            out.append(_names(ctx, group.names, element))
    sources = [f[3] for g in groups for f in g.figures if f[3]]
    if sources:         # source_line also lists them among the sources the back cover names
        out += [gap(2), ctx.para(ctx.source_line(*sources), "source", parent)]
    return out


def _figure_table(ctx, figures: list[Figure], parent, per_row: int) -> list:
    """The figures as key-figure tiles, `per_row` to a row, rows growing alike when the page has room."""
    from .blocks_cards import growing_row
    from .sections.talent import key_figure

    span = 12 // per_row
    rows = []
    for i in range(0, len(figures), per_row):
        row = figures[i:i + per_row]
        # A row where one figure has a qualifier ("up to") keeps every numeral on one baseline.
        room = any(f[4] for f in row)
        tiles = [key_figure(ctx, parent, value, label, detail or None, markup=True, qualifier=qualifier or None,
                            qualifier_room=room) for value, label, detail, _, qualifier in row]
        rows.append(growing_row(ctx, [(span, tile, "panel") for tile in tiles], 8))
    return rows


def _names(ctx, names: list[tuple[str, str, list[str]]], parent) -> Table:
    """Who the organisations are: the name, then what it works on and offers, a row each between
    hairlines."""
    listing = parent.add("L")
    rows = []
    for name, focus, services in names:
        item = listing.add("LI")
        body = item.add("LBody")
        # What it offers starts on the name's baseline: a line's baseline lies its font size down.
        drop = Spacer(1, ctx.styles["h2"].fontSize - ctx.styles["cell-name"].fontSize)
        said = [drop, ctx.para(focus, "cell-name", body)] + bullet_list(ctx, services, body)
        rows.append([ctx.para(name, "h2", item, "Lbl"), "", said])
    geo = ctx.geometry
    # The columns of the research page's bands: the name on four, what it offers on eight.
    return Table(rows, colWidths=[geo.span(4), GUTTER, geo.span(8)], hAlign="LEFT",
                 renderCB=_Furniture(ctx), style=TableStyle(base_commands(ctx) + [
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("TOPPADDING", (0, 0), (-1, -1), 3 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                     ("LINEABOVE", (0, 0), (-1, 0), 1.2, ctx.colour("heading")),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.colour("rule"))]))


class _Ruled(Flowable):
    """Writing lines every 8 mm across the column (decoration), the first at the top: as many as
    the page has room for."""

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
        # The writing area is the paper itself (no tint to write on or to print): hairlines every 8 mm.
        self.canv.setStrokeColor(self.ctx.colour("rule"))
        self.canv.setLineWidth(0.5)
        y = self.height
        while y >= 0:
            self.canv.line(0, y, self.width, y)
            y -= 8 * mm
        end_marked(self.canv)


def _notes(ctx: Context, parent) -> list:
    """A meeting-notes form: who was met, then ruled lines for what comes next."""
    out = [_title(ctx, "notes", parent), ctx.para(ctx.s("notes_text"), "lead", parent),
           intro_gap()]
    fields = [ctx.s(k) for k in ("notes_company", "name", "email", "notes_date")]
    rows = [[ctx.para(label, "label", parent), ""] for label in fields]
    widths = [ctx.geometry.span(3), ctx.geometry.span(9) + 4.5 * mm]
    out.append(Table(rows, colWidths=widths, hAlign="LEFT", renderCB=_Furniture(ctx),
                     style=TableStyle(base_commands(ctx) + [
                         ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 5 * mm),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                         ("LINEBELOW", (1, 0), (1, -1), 0.5, ctx.colour("muted"))])))
    out += [group_gap(), ctx.para(ctx.s("notes_follow_up"), "label", parent), _Ruled(ctx, 40, 200)]
    return out

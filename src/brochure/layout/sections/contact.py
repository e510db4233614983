"""Back cover, the hand-off: who to call (the mission's local office first, then the agency's welcome
team), the e-mail address once, a QR code with its quiet zone; on a white foot the partner logos, the
sources in two columns and the agency lockup with the edition's date."""

from __future__ import annotations


import functools

from reportlab.graphics.shapes import Drawing, Path, Rect
from reportlab.lib.units import mm
from reportlab.platypus import FrameBreak

from ...charts.vector import set_initial_state
from ...markup import esc
from ..blocks import Flex, Justified, bullet_list, gap, layout_table, measured, with_icon
from ..logo import logo_flowable, partner_logo

TEMPLATE = "back"
QR_SIZE = 36 * mm


def charts(section, ctx) -> dict:
    return {}


def qr_payload(section, ctx) -> str:
    """What the QR code opens: the local office on a mission, else the agency."""
    office = section.local or section.contact
    if section.qr == "web" and office.web:
        return office.web
    if section.qr == "vcard":
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{office.person or ''}", f"FN:{office.person or office.organisation}",
                 f"ORG:{office.organisation}", f"EMAIL:{office.email}"]
        if office.phone:
            lines.append(f"TEL:{office.phone}")
        if office.role:
            lines.append(f"TITLE:{ctx.t(office.role)}")
        if office.web:
            lines.append(f"URL:{office.web}")
        lines.append("END:VCARD")
        return "\n".join(lines)
    return f"mailto:{office.email}"


@functools.lru_cache(maxsize=8)
def qr_modules(payload: str, size: float) -> tuple[tuple[float, float, float, float], ...]:
    """The dark modules of `payload`'s QR code (error correction M) in a `size` square with a quiet zone
    of four modules (ISO/IEC 18004), as rectangles (x, y, width, height): runs of a row, merged."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(payload, barLevel="M", barBorder=4)
    widget.x = widget.y = 0
    widget.barWidth = widget.barHeight = size
    return tuple((r.x, r.y, r.width, r.height) for r in widget.draw().contents
                 if isinstance(r, Rect) and r.fillColor is not None)


def _qr(section, ctx, parent, align: str = "LEFT"):
    drawing = Drawing(QR_SIZE, QR_SIZE)
    set_initial_state(drawing, ctx.colour("text"), ctx.fonts.regular)
    # The quiet zone must be light: a white square behind the code keeps it scannable on blue.
    drawing.add(Rect(0, 0, QR_SIZE, QR_SIZE, fillColor=ctx.colour("white"), strokeColor=None))
    # All modules as one filled path: one fill for the code instead of one per run of modules.
    code = Path(fillColor=ctx.colour("text"), strokeColor=None, strokeWidth=0)
    for x, y, w, h in qr_modules(qr_payload(section, ctx), QR_SIZE):
        code.moveTo(x, y)
        code.lineTo(x + w, y)
        code.lineTo(x + w, y + h)
        code.lineTo(x, y + h)
        code.closePath()
    drawing.add(code)
    drawing.hAlign = align
    office = section.local or section.contact
    alt = ctx.s("qr_alt", target=office.web if section.qr == "web" else office.email)
    return ctx.tag(drawing, parent, "Figure", alt=alt)


def email_para(ctx, address: str, style: str, parent, labelled: bool = False):
    """An e-mail address as a mailto link (tagged as a Link), after the word "E-mail" when `labelled`."""
    shown = esc(address)
    text = f'<a href="mailto:{shown}">{shown}</a>'
    if labelled:
        text = ctx.labelled(esc(ctx.s("email")), text)
    return ctx.para(text, style, parent, markup=True, attrs={"link": f"mailto:{address}"})


def _portrait(ctx, office, element) -> list:
    """The office's or team's photograph with its credit, when the content gives one."""
    if not office.photo:
        return []
    from ..photos import portrait

    return [portrait(ctx, office.photo, element), gap(2)]


def _office(ctx, office, parent, title: str, heading: str = "h2-on-dark") -> list:
    element = parent.add("Div")
    out = [ctx.para(title, heading, element, "H2"), *_portrait(ctx, office, element)]
    if office.person:
        out.append(ctx.para(office.person, "strong-on-dark", element))
    for line in (ctx.t(office.role) if office.role else None, ctx.t(office.team) if office.team else None,
                 office.organisation, *office.address):
        if line:
            out.append(ctx.para(line, "body-on-dark", element))
    out.append(email_para(ctx, office.email, "body-on-dark", element, labelled=True))
    if office.phone:
        out.append(ctx.para(ctx.labelled(ctx.s("phone"), office.phone), "body-on-dark", element))
    if office.web:
        web = esc(office.web)
        out.append(ctx.para(ctx.labelled(esc(ctx.s("web")), f'<a href="{web}">{web}</a>'),
                            "body-on-dark", element, markup=True, attrs={"link": office.web}))
    return out


def heading_style(ctx, text: str, columns: int) -> str:
    """The heading style on the dark ground: a step smaller where a name it keeps whole ("Welcome
    Team for Life Sciences") is wider than its column (the name is never broken)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = ctx.styles["h2-on-dark"]
    widest = max(stringWidth(unit, style.fontName, style.fontSize) for unit in ctx.finish(text).split(" "))
    return "h2-on-dark" if widest <= ctx.geometry.span(columns) else "h3-on-dark"


def _team_title(section, ctx) -> str:
    from .. import padding

    office = section.contact
    if "team" in padding.chosen(ctx, ctx.padding_count) or not section.team_title:
        return ctx.t(office.team) if office.team else ctx.s("contact")
    return ctx.t(section.team_title)


def _team(section, ctx, parent, heading: str) -> list:
    """The agency's welcome team: who is in it and what it does for an investor (in short, when a
    page of the booklet is given to it), under a heading in the style `heading`."""
    from .. import padding

    element = parent.add("Div")
    office = section.contact
    if "team" in padding.chosen(ctx, ctx.padding_count):
        out = [ctx.para(_team_title(section, ctx), heading, element, "H2")]
        out += _portrait(ctx, office, element)
        out.append(ctx.para(office.organisation, "strong-on-dark", element))
        for line, label in ((office.phone, "phone"), (office.web, "web")):
            if line:
                out.append(ctx.para(ctx.labelled(ctx.s(label), line), "body-on-dark", element))
        return out
    out = [ctx.para(_team_title(section, ctx), heading, element, "H2"), *_portrait(ctx, office, element)]
    if section.team_intro:
        out += [ctx.para(ctx.t(section.team_intro), "body-on-dark", element), gap(2)]
    if section.team_services:
        out += bullet_list(ctx, [ctx.t(s) for s in section.team_services], element, "bullet-on-dark",
                           bullet_colour="accent")
    who = [p for p in section.team_partners] or [office.organisation]
    # The organisations as one phrase ("A, B, C and D"): it breaks like a sentence, never at a separator.
    out.append(ctx.para(ctx.numbers.listing(who), "strong-on-dark", element))
    for line, label in ((office.phone, "phone"), (office.web, "web")):
        if line:
            out.append(ctx.para(ctx.labelled(ctx.s(label), line), "body-on-dark", element))
    return out


SILHOUETTE_COLUMNS = (12, 11, 10, 9, 8)      # the widest that the page has room for


def _event(ctx, parent) -> list:
    """Where to meet the team at the mission's event, unless a page of its own says so already (the
    back cover is what an investor keeps); else Flanders as a quiet graphic."""
    from .. import padding

    event = ctx.content.brochure.event
    if event is None or "meet" in padding.chosen(ctx, ctx.padding_count):
        return [_silhouette(ctx), Flex(4, 90)]
    element = parent.add("Div")
    out = [ctx.para(padding.title(ctx, "meet"), "h2-on-dark", element, "H2")]
    where = padding.event_where(ctx)
    if where:
        out.append(ctx.para(where, "name-on-dark", element))
    # Flanders under it when there is room; the contacts stand at the foot of the dark ground.
    return out + [Flex(4, 12), _silhouette(ctx), Flex(4, 90)]


def _silhouette(ctx):
    """Flanders' provinces as a quiet graphic on the dark ground (decoration: the region the brochure
    is about, not information a reader needs): the full measure wide, or down to eight columns on the
    type area's left edge, as the page has room, and left out when it has less."""
    from reportlab.platypus import Spacer

    from ...graphics.map import MapColours, MapFonts, draw_map, map_aspect
    from ..blocks import Growable
    from ..tagging import Artifact

    c = ctx.colour
    colours = MapColours(flanders=c("blue-mid"), elsewhere=c("cover"), capital=c("blue-mid"), border=c("cover"),
                         outline=c("cover"), marker=c("accent"), marker_text=c("cover"), label=c("white"),
                         leader=c("white"))
    aspect = map_aspect([])
    sizes = {ctx.geometry.span(n) / aspect: ctx.geometry.span(n) for n in SILHOUETTE_COLUMNS}

    def build(extra: float):
        fits = [h for h in sizes if h <= extra + 0.5]
        if not fits:
            return Spacer(1, 0)
        height = max(fits)
        layout = draw_map([], sizes[height], height, colours, MapFonts(ctx.fonts.regular, ctx.fonts.bold),
                          inset=0.5, belgium=False)
        drawing = layout.drawing
        drawing.translate(-layout.flanders_box.x, 0)     # Flanders' westernmost point on the margin
        artifact = Artifact(drawing)
        artifact.hAlign = "LEFT"
        return artifact

    shown = Growable(build, max(sizes) / mm)
    shown.whole = tuple(sorted(sizes))
    return shown


def _sources(ctx, parent) -> list:
    """Every source the brochure cites, in two columns of small type on the white foot."""
    listing = parent.add("L")
    # Every source a page of this booklet cites, those of a figures page among them.
    cited = dict.fromkeys([*ctx.content.cited_sources(), *ctx.sources_used])
    items = [ctx.para(ctx.source_text(sid), "source", listing.add("LI"), "LBody") for sid in cited]
    half = (len(items) + 1) // 2
    return [layout_table(ctx, [(6, items[:half]), (6, items[half:])])]


def _lockup(ctx, parent):
    """The brand mark and the agency's name as one unit, sharing a baseline, with the edition's date."""
    mark = logo_flowable(ctx, "mark", 11 * mm, parent, alt=ctx.s("brand_mark_alt"))
    words = [ctx.para(ctx.content.brochure.meta.author, "h2", parent)]
    if ctx.issued:
        words.append(ctx.para(ctx.numbers.month(ctx.issued), "small", parent))
    return layout_table(ctx, [(1, [mark]), (11, words)], valign="MIDDLE")


def build(section, ctx, parent) -> list:
    title = ctx.para(ctx.t(section.title), "display-on-dark", parent, "H1")
    if section.icon:        # white on the dark ground, as the title
        title = with_icon(ctx, title, section.icon, "cover-text")
    dark = [title, gap(4)]     # 6 mm under the title
    if section.intro:
        dark.append(ctx.para(ctx.t(section.intro), measured(ctx, "lead-on-dark"), parent))
    dark += [Flex(2, 10), email_para(ctx, section.contact.email, "cta-on-dark", parent), Flex(4, 12),
             *_event(ctx, parent)]
    flush_right = [("ALIGN", (-1, 0), (-1, 0), "RIGHT")]      # the code and its caption end at the margin
    qr = [_qr(section, ctx, parent, "RIGHT"), gap(1.5), ctx.para(ctx.s("scan_to_contact"), "strong-on-dark-right",
                                                                  parent)]
    if section.local:
        local_title = ctx.t(section.local_title) if section.local_title else ctx.s("local_office")
        # Side by side, the two headings share one size: the smaller, where either needs it.
        heading = max(heading_style(ctx, local_title, 4), heading_style(ctx, _team_title(section, ctx), 5),
                      key=lambda name: name == "h3-on-dark")
        dark.append(layout_table(ctx, [(4, _office(ctx, section.local, parent, local_title, heading)),
                                       (5, _team(section, ctx, parent, heading)), (3, qr)], style=flush_right))
    else:
        heading = heading_style(ctx, _team_title(section, ctx), 9)
        dark.append(layout_table(ctx, [(9, _team(section, ctx, parent, heading)), (3, qr)], style=flush_right))
    foot = []
    partners = ctx.content.brochure.partners
    if partners:
        foot.append(ctx.para(ctx.s("partners"), "label", parent, "H2"))
        cells = []
        span = 3 if len(partners) <= 4 else 2         # one row on the grid: four logos, or up to six smaller
        for partner in partners:
            drawing = partner_logo(ctx, partner, ctx.geometry.span(2) * (1 if span == 3 else 0.8))
            cells.append((span, [ctx.tag(drawing, parent, "Figure", alt=ctx.s("logo_alt", name=partner.name))]))
        foot += [layout_table(ctx, cells), Flex(3, 8)]
    foot += [ctx.para(ctx.t(section.sources_title), "label", parent, "H2")] + _sources(ctx, parent)
    foot += [Flex(3, 22), _lockup(ctx, parent)]
    return [Justified(dark), FrameBreak(), Justified(foot)]

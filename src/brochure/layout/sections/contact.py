"""Back cover: who to call (the agency and the mission's local office), QR code, sources, edition."""

from __future__ import annotations


from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.platypus import FrameBreak

from ...assets import resolve_asset
from ...charts.vector import set_initial_state
from ...markup import esc
from ..blocks import gap
from ..blocks_cards import card_row
from ..logo import logo_flowable, svg_drawing

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


def _qr(section, ctx, parent):
    payload = qr_payload(section, ctx)
    widget = QrCodeWidget(payload, barLevel="M", barBorder=2)  # encoded when drawn, once per edition
    widget.barFillColor = ctx.colour("text")
    widget.barStrokeWidth = 0
    widget.barStrokeColor = ctx.colour("text")
    drawing = Drawing(QR_SIZE, QR_SIZE)
    set_initial_state(drawing, ctx.colour("text"), ctx.fonts.regular)
    # The quiet zone must be light: a white square behind the code keeps it scannable on blue.
    drawing.add(Rect(0, 0, QR_SIZE, QR_SIZE, fillColor=ctx.colour("white"), strokeColor=None))
    widget.x, widget.y = 0, 0
    widget.barWidth = widget.barHeight = QR_SIZE
    drawing.add(widget)
    drawing.hAlign = "LEFT"
    office = section.local or section.contact
    alt = ctx.s("qr_alt", target=office.web if section.qr == "web" else office.email)
    return ctx.tag(drawing, parent, "Figure", alt=alt)


def _office(ctx, office, parent, title: str | None) -> list:
    out = []
    if title:
        out.append(ctx.para(title, "on-dark-sub", parent, "H2"))
    for line in (ctx.t(office.team) if office.team else None, office.person,
                 ctx.t(office.role) if office.role else None, office.organisation):
        if line:
            out.append(ctx.para(line, "on-dark-bold" if line == office.person or line == ctx.t(office.team) else "on-dark", parent))
    for line in office.address:
        out.append(ctx.para(line, "on-dark", parent))
    email = esc(office.email)
    out.append(ctx.para(ctx.labelled(esc(ctx.s("email")), f'<a href="mailto:{email}"><u>{email}</u></a>'),
                        "on-dark", parent, markup=True, attrs={"link": f"mailto:{office.email}"}))
    if office.phone:
        out.append(ctx.para(ctx.labelled(ctx.s("phone"), office.phone), "on-dark", parent))
    if office.web:
        web = esc(office.web)
        out.append(ctx.para(ctx.labelled(esc(ctx.s("web")), f'<a href="{web}"><u>{web}</u></a>'),
                            "on-dark", parent, markup=True, attrs={"link": office.web}))
    return out


def build(section, ctx, parent) -> list:
    out = [ctx.para(ctx.t(section.title), "on-dark-display", parent, "H1")]
    if section.intro:
        out.append(ctx.para(ctx.t(section.intro), "on-dark-lead", parent))
    email = esc(section.contact.email)
    out.append(ctx.para(f'<a href="mailto:{email}">{email}</a>', "on-dark-cta", parent, markup=True,
                        attrs={"link": f"mailto:{section.contact.email}"}))
    out.append(gap(6))
    left = _office(ctx, section.contact, parent, ctx.s("contact"))
    if section.local:
        left += [gap(2)] + _office(ctx, section.local, parent,
                                   ctx.t(section.local_title) if section.local_title else ctx.s("local_office"))
    right = [_qr(section, ctx, parent), gap(1.5), ctx.para(ctx.s("scan_to_contact"), "on-dark-small", parent)]
    out.append(card_row(ctx, [(8, left, None), (4, right, None)]))
    partners = ctx.content.brochure.partners
    if partners:
        out.append(ctx.para(ctx.s("partners"), "on-dark-sub", parent, "H2"))
        cells = []
        for partner in partners:
            path = resolve_asset(ctx.content.root, partner.logo)
            drawing = svg_drawing(ctx, path, ctx.geometry.span(2), strict=False)
            cells.append((3, [ctx.tag(drawing, parent, "Figure", alt=ctx.s("logo_alt", name=partner.name))], "white"))
        out.append(card_row(ctx, cells[:4], pad=3 * mm))
    out.append(FrameBreak())
    out.append(ctx.para(ctx.t(section.sources_title), "on-dark-sub", parent, "H2"))
    sources = parent.add("L")
    for sid in ctx.content.cited_sources():
        item = sources.add("LI")
        out.append(ctx.para(ctx.source_text(sid), "on-dark-small", item, "LBody"))
    out.append(gap(5))
    mark = [logo_flowable(ctx, "mark-white", 12 * mm, parent, alt=ctx.s("brand_mark_alt"))]
    edition = [ctx.para(ctx.content.brochure.meta.author, "on-dark-bold", parent)]
    if ctx.issued:
        edition.append(ctx.para(ctx.numbers.month(ctx.issued), "on-dark-small", parent))
    out.append(card_row(ctx, [(2, mark, None), (10, edition, None)], valign="MIDDLE"))
    return out

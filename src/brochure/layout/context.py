"""What every section builder receives: content, theme in the edition's colours, styles, grid, tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ..content import Content
from ..fonts import FontNames
from .geometry import Geometry
from .numbers import Numbers
from .tagging import Element, Recorder, Tag


def esc(text) -> str:
    """Content text made safe for reportlab's paragraph markup: `R&D`, `a < b`, `<b>` print as typed."""
    return escape(str(text), {'"': "&quot;"})


@dataclass
class Context:
    content: Content
    theme: object
    edition: object
    geometry: Geometry
    fonts: FontNames
    numbers: Numbers
    charts: dict
    recorder: Recorder = field(default_factory=Recorder)
    styles: dict = field(default_factory=dict)
    sources_used: list = field(default_factory=list)
    page_numbers: dict = field(default_factory=dict)     # section id -> page index, from a first pass
    wants_page_numbers: bool = False
    issued: object = None

    def __post_init__(self) -> None:
        self.styles = build_styles(self)

    # text ------------------------------------------------------------------------------------
    def t(self, text) -> str:
        return self.content.t(text)

    def s(self, key: str, **values) -> str:
        return self.content.s(key, **values)

    def colour(self, role: str):
        return self.edition.colour(self.theme.swatch(role))

    def hex(self, role: str) -> str:
        return self.theme.swatch(role).rgb.lower()

    # structure -------------------------------------------------------------------------------
    def para(self, text: str, style: str, parent: Element, role: str = "P", markup: bool = False, **kw):
        """A tagged paragraph. `text` is escaped unless `markup` says it is our own markup."""
        body = text if markup else esc(text)
        return Tag(parent.add(role, **kw), Paragraph(body, self.styles[style]), self.recorder)

    def tag(self, flowable, parent: Element, role: str, **kw):
        return Tag(parent.add(role, **kw), flowable, self.recorder)

    def source_line(self, *source_ids: str) -> str:
        """'Source: pharma.be, Facts and figures 2019' for the given source ids (deduplicated)."""
        parts = []
        for sid in dict.fromkeys(source_ids):
            if sid not in self.sources_used:
                self.sources_used.append(sid)
            parts.append(self.source_text(sid))
        return self.s("source", sources="; ".join(parts))

    def source_text(self, sid: str) -> str:
        src = self.content.brochure.sources[sid]
        title = self.t(src.title) if src.title else ""
        year = str(src.year)
        if title and year in title:
            return f"{src.publisher}, {title}"
        return f"{src.publisher}, {title + ', ' if title else ''}{year}"


def build_styles(ctx: Context) -> dict[str, ParagraphStyle]:
    f = ctx.fonts
    scale = ctx.theme.type_scale
    cjk = ctx.content.lang == "ja"
    text, heading, muted = ctx.colour("text"), ctx.colour("heading"), ctx.colour("muted")
    white = ctx.colour("cover-text")
    base = ParagraphStyle("base", fontName=f.regular, fontSize=scale["body"][0], leading=scale["body"][1],
                          textColor=text, alignment=TA_LEFT, wordWrap="CJK" if cjk else None,
                          allowWidows=0, allowOrphans=0, splitLongWords=True, bulletFontName=f.regular,
                          bulletColor=text)

    def style(name, size_key, font=None, colour=None, **kw):
        size, leading = scale[size_key]
        kw.setdefault("leading", leading)
        kw.setdefault("fontSize", size)
        return ParagraphStyle(name, parent=base, fontName=font or f.regular,
                              textColor=colour or text, **kw)

    return {
        "body": style("body", "body", spaceAfter=6),
        "body-tight": style("body-tight", "body"),
        "lead": style("lead", "lead", spaceAfter=10),
        "lead-tight": style("lead-tight", "lead"),
        "section-title": style("section-title", "section-title", f.bold, heading, spaceAfter=8,
                               keepWithNext=1),
        "subhead": style("subhead", "subhead", f.bold, heading, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "subhead-tight": style("subhead-tight", "subhead", f.bold, heading, spaceAfter=3, keepWithNext=1),
        "contents": style("contents", "small", spaceAfter=0.8),
        "name": style("name", "subhead", f.bold, text, keepWithNext=1, spaceAfter=2),
        "small": style("small", "small"),
        "small-bold": style("small-bold", "small", f.bold),
        "small-muted": style("small-muted", "small", colour=muted),
        "caption": style("caption", "caption", colour=muted, spaceBefore=3),
        "numeral": style("numeral", "numeral", f.bold, heading, leading=scale["numeral"][0] * 1.2),
        "figure": style("figure", "figure", f.bold, heading, leading=scale["figure"][0] * 1.25),
        "company": style("company", "figure", f.bold, heading, fontSize=scale["figure"][0] * 0.8,
                         leading=scale["figure"][0], spaceAfter=3),
        "tile": style("tile", "subhead", f.semibold, text),
        "figure-label": style("figure-label", "body", f.semibold, text),
        "cell": style("cell", "body", fontSize=scale["body"][0] - 0.5, leading=scale["body"][1] - 1),
        "cell-name": style("cell-name", "body", f.bold, fontSize=scale["body"][0] - 0.5,
                           leading=scale["body"][1] - 1),
        "cell-note": style("cell-note", "caption", colour=muted),
        "cell-head": style("cell-head", "caption", f.bold, muted),
        "cell-right": style("cell-right", "small", alignment=TA_RIGHT),
        "bullet": style("bullet", "body", leftIndent=10, bulletIndent=0, spaceAfter=3),
        "bullet-large": style("bullet-large", "body", fontSize=scale["body"][0] + 1, leading=scale["body"][1] + 1,
                              leftIndent=11, bulletIndent=0, spaceAfter=3),
        "statement": style("statement", "subhead", f.semibold, heading, fontSize=scale["subhead"][0] + 1,
                           leading=scale["subhead"][1] + 2),
        "cover-kicker": style("cover-kicker", "subhead", f.semibold, ctx.colour("accent")),
        "cover-title": style("cover-title", "cover-title", f.bold, white, spaceAfter=14),
        "cover-subtitle": style("cover-subtitle", "lead", f.regular, white),
        "cover-small": style("cover-small", "body", f.semibold, white),
        "on-dark": style("on-dark", "body", colour=white),
        "on-dark-bold": style("on-dark-bold", "body", f.bold, white),
        "on-dark-title": style("on-dark-title", "section-title", f.bold, white, spaceAfter=8),
        "on-dark-display": style("on-dark-display", "cover-title", f.bold, white, spaceAfter=10),
        "on-dark-lead": style("on-dark-lead", "lead", colour=white, spaceAfter=8),
        "on-dark-cta": style("on-dark-cta", "figure", f.bold, ctx.colour("accent"),
                             leading=scale["figure"][0] * 1.3),
        "on-dark-sub": style("on-dark-sub", "subhead", f.bold, ctx.colour("accent"), spaceBefore=8,
                             spaceAfter=3, keepWithNext=1),
        "on-dark-small": style("on-dark-small", "small", colour=white),
        "card-numeral": style("card-numeral", "numeral", f.bold, ctx.colour("accent"),
                              leading=scale["numeral"][0] * 1.2),
        "card-text": style("card-text", "body", f.semibold, white),
        "card-source": style("card-source", "caption", colour=white),
        "centre": style("centre", "small", alignment=TA_CENTER),
    }

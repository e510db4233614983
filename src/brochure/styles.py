"""Paragraph styles from the brand's type scale, in the edition's colours (no layout code here)."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle


def build_styles(theme, fonts, colour, lang: str) -> dict[str, ParagraphStyle]:
    """Every paragraph style, from the brand's type scale; `colour(role)` gives the edition's colour."""
    f = fonts
    scale = theme.type_scale
    cjk = lang == "ja"
    text, heading, muted = colour("text"), colour("heading"), colour("muted")
    white = colour("cover-text")
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

    def reversed_small(name, size_key, **kw):
        """White type under 9 pt on the dark panels: bold, so that its strokes stay open when the
        four inks of the panel print slightly out of register. A CJK face has no bold: 9 pt."""
        size, leading = scale[size_key]
        if size >= 9:
            return style(name, size_key, colour=white, **kw)
        if cjk:
            return style(name, size_key, colour=white, fontSize=9, leading=max(leading, 9 * 1.3), **kw)
        return style(name, size_key, f.bold, white, **kw)

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
        "cover-kicker": style("cover-kicker", "subhead", f.semibold, colour("accent")),
        "cover-title": style("cover-title", "cover-title", f.bold, white, spaceAfter=14),
        "cover-subtitle": style("cover-subtitle", "lead", f.regular, white),
        "cover-small": style("cover-small", "body", f.semibold, white),
        "on-dark": style("on-dark", "body", colour=white),
        "on-dark-bold": style("on-dark-bold", "body", f.bold, white),
        "on-dark-title": style("on-dark-title", "section-title", f.bold, white, spaceAfter=8),
        "on-dark-display": style("on-dark-display", "cover-title", f.bold, white, spaceAfter=10),
        "on-dark-lead": style("on-dark-lead", "lead", colour=white, spaceAfter=8),
        "on-dark-cta": style("on-dark-cta", "figure", f.bold, colour("accent"),
                             leading=scale["figure"][0] * 1.3),
        "on-dark-sub": style("on-dark-sub", "subhead", f.bold, colour("accent"), spaceBefore=8,
                             spaceAfter=3, keepWithNext=1),
        "on-dark-small": reversed_small("on-dark-small", "small"),
        "card-numeral": style("card-numeral", "numeral", f.bold, colour("accent"),
                              leading=scale["numeral"][0] * 1.2),
        "card-text": style("card-text", "body", f.semibold, white),
        "card-source": reversed_small("card-source", "caption"),
        "centre": style("centre", "small", alignment=TA_CENTER),
    }

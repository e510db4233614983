"""Paragraph styles from the brand's type scale, in the edition's colours (no layout code here).

Every style takes its size from one step of the scale (display, numeral, h1, h2, lead, body, small,
source); no style sets a size of its own. Running text hyphenates in the brochure's language;
headings, names and figures never do, and they are balanced (see layout/context.py: Para).
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

# pyphen dictionaries for running text; a language without one is set without hyphenation.
HYPHENATION = {"en": "en_GB", "en-US": "en_US", "nl": "nl_NL", "fr": "fr", "de": "de_DE"}


_HYPHENATORS: dict = {}


def hyphenator(language: str):
    """pyphen's break points for running text in `language`, or None: at least three letters before
    a break and four after it; in languages that do not capitalise nouns, a capitalised word (a name,
    a place) is never broken."""
    tag = HYPHENATION.get(language) or HYPHENATION.get(language.split("-")[0])
    if tag is None:
        return None
    if tag not in _HYPHENATORS:
        import pyphen

        iterate = pyphen.Pyphen(lang=tag, left=3, right=4).iterate
        names_whole = not tag.startswith("de")

        def breaks(word: str):
            # A compound that has its own hyphen breaks there only (never "high-" / "-tech").
            if "-" in word or "\u2011" in word or (names_whole and word[:1].isupper()):
                return iter(())
            return iterate(word)

        _HYPHENATORS[tag] = breaks
    return _HYPHENATORS[tag]


def build_styles(theme, fonts, colour, lang: str, language: str | None = None) -> dict[str, ParagraphStyle]:
    """Every paragraph style, from the brand's type scale; `colour(role)` gives the edition's colour."""
    f = fonts
    scale = theme.type_scale
    cjk = lang == "ja"
    text, heading = colour("text"), colour("heading")
    white, accent = colour("cover-text"), colour("accent")
    hyphens = hyphenator(language or lang)
    base = ParagraphStyle("base", fontName=f.regular, fontSize=scale["body"][0], leading=scale["body"][1],
                          textColor=text, alignment=TA_LEFT, wordWrap="CJK" if cjk else None,
                          allowWidows=0, allowOrphans=0, splitLongWords=True, bulletFontName=f.regular,
                          bulletColor=text)

    def style(name, step, font=None, colour=None, running=False, display=False, **kw):
        """`running`: hyphenated running text; `display`: a heading, name or figure (balanced lines)."""
        size, leading = scale[step]
        st = ParagraphStyle(name, parent=base, fontName=font or f.regular, fontSize=size, leading=leading,
                            textColor=colour or text, bulletFontSize=size, **kw)
        if running and hyphens:
            st.hyphenationLang = hyphens
            st.hyphenationMinWordLength = 9
        # Headings, names and labels are not hyphenated, unless a word is wider than its box: then a
        # hyphen at a syllable beats a word cut anywhere (see layout/context.py: Para).
        st.long_words = hyphens
        st.balance = display
        return st

    styles = {}

    def add(*args, **kw):
        styles[args[0]] = style(*args, **kw)

    # On the page
    add("display", "display", f.bold, heading, display=True)
    add("h1", "h1", f.bold, heading, display=True, spaceAfter=6, keepWithNext=1)
    add("h2", "h2", f.bold, heading, display=True, spaceAfter=4, keepWithNext=1)
    add("h3", "lead", f.bold, heading, display=True, spaceAfter=3, keepWithNext=1)
    add("name", "h2", f.semibold, text, display=True, spaceAfter=2, keepWithNext=1)
    add("lead", "lead", spaceAfter=4)           # introductions are not hyphenated
    add("lead-tight", "lead")
    add("list-name", "lead", leftIndent=3 * mm, firstLineIndent=-3 * mm)     # a wrapped name hangs
    add("tile", "lead", f.semibold, display=True)
    add("tile-centre", "lead", f.semibold, display=True, alignment=TA_CENTER)
    add("statement", "lead", f.semibold, heading, display=True)
    add("pull-quote", "h2", f.semibold, heading, display=True)
    add("body", "body", running=True, spaceAfter=5)
    add("body-tight", "body", running=True)
    add("body-strong", "body", f.semibold, display=True)
    add("bullet", "body", running=True, leftIndent=10, bulletIndent=0, spaceAfter=2.5)
    add("small", "small", running=True)
    add("small-strong", "small", f.semibold, display=True)
    add("label", "small", f.bold, heading, display=True, spaceAfter=2)
    add("source", "source")
    add("numeral", "numeral", f.bold, heading, display=True)
    add("numeral-accent", "numeral", f.bold, accent, display=True)
    add("step-number", "lead", f.bold, heading, display=True, alignment=TA_CENTER)
    add("body-strong-centre", "body", f.semibold, display=True, alignment=TA_CENTER)
    add("contents-number", "small", f.bold, heading, alignment=TA_RIGHT)
    add("cell", "body", running=True)
    add("cell-name", "body", f.semibold, display=True)
    add("cell-head", "small", f.bold, heading)
    # On the brand's dark ground (cover, back cover, ranking band): white and accent, never under 9 pt
    # except the sources block, which sits on white.
    add("display-on-dark", "display", f.bold, white, display=True, spaceAfter=6)
    add("h2-on-dark", "h2", f.bold, accent, display=True, spaceAfter=3, keepWithNext=1)
    add("lead-on-dark", "lead", colour=white, running=True, spaceAfter=4)
    add("body-on-dark", "body", colour=white, running=True)
    add("strong-on-dark", "body", f.bold, white, display=True)
    add("kicker-on-dark", "h2", f.semibold, accent, display=True)
    add("name-on-dark", "h2", f.semibold, white, display=True)
    add("tile-on-dark", "lead", f.semibold, white, display=True)
    add("cta-on-dark", "h1", f.bold, accent, display=True)
    add("numeral-on-dark", "display", f.bold, accent, display=True)
    add("bullet-on-dark", "body", colour=white, running=True, leftIndent=10, bulletIndent=0, spaceAfter=2.5)
    return styles

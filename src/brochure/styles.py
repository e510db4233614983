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
MAX_REMEMBERED = 50_000       # words whose break points a cache entry keeps


LEFT, RIGHT = 4, 5       # the fewest letters before and after a hyphen


class Hyphenator:
    """pyphen's break points for running text in one language: at least four letters before a break
    and five after it (no "com-" / "panies", no "pre-" / "ventive" in ragged-right text); in languages
    that do not capitalise nouns a capitalised word (a name, a place) is never broken, and a compound
    with its own hyphen breaks after that hyphen only ("Biotech-" / "Unternehmen", never "Bio-" /
    "tech-Unternehmen"), with four letters or more on each side.

    Loading pyphen's dictionary takes a tenth of a second, and reportlab asks about a few dozen words
    a brochure: the answers are kept in the build's cache folder (plain JSON, verified when read), so a
    rebuild loads the dictionary only for a word it has not met."""

    def __init__(self, tag: str):
        self.tag, self.names_whole = tag, not tag.startswith("de")
        self._pyphen = None
        self.by_hand: dict[str, tuple[int, ...]] = {}       # word (case folded) -> its break points
        self.known: dict[str, list] = {}
        self.new: dict[str, list] = {}
        self.loaded_from = None

    def _key(self) -> str:
        from .cache import package_version

        return f"hyphenation-{self.tag}-{package_version('pyphen')}-{LEFT}-{RIGHT}-sound.json"

    def attach(self, cache_dir) -> None:
        """Read the words already answered from `cache_dir` (once per folder)."""
        if cache_dir is None or self.loaded_from == str(cache_dir):
            return
        from .cache import get_json

        stored = get_json(cache_dir, self._key())
        if isinstance(stored, dict):
            self.known.update({w: v for w, v in stored.items() if isinstance(w, str) and isinstance(v, list)
                               and all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p)
                                       for p in v)})
        self.loaded_from = str(cache_dir)

    def save(self, cache_dir) -> None:
        """Keep the words answered in this build for the next one."""
        if cache_dir is None or not self.new:
            return
        from .cache import put_json

        merged = {**self.known, **self.new}
        if len(merged) <= MAX_REMEMBERED:
            put_json(cache_dir, self._key(), merged)
        self.known, self.new = merged, {}

    def compounds(self, word: str):
        """A compound with its own hyphen breaks after it and nowhere else ("Biotech-" / "Unternehmen"),
        four letters or more on each side (never "Scale-" / "ups"); text set unhyphenated (an
        introduction, a caption) breaks there too, as any typesetter would."""
        if "\u2011" in word:        # a non-breaking hyphen
            return iter(())
        cuts = [i + 1 for i, ch in enumerate(word) if ch == "-"]
        return iter([(word[:p], word[p:]) for p in reversed(cuts)
                     if len(word[:p - 1].strip("-")) >= 4 and len(word[p:].rstrip(".,;:!?)")) >= 4
                     and word[p] != "-"])

    def __call__(self, word: str):
        if "\u2011" in word or (self.names_whole and word[:1].isupper()):
            return iter(())
        if "-" in word:
            return self.compounds(word)
        at = self.by_hand.get(word.casefold())
        if at is not None:          # content/typography.yaml says where this word breaks
            return iter([(word[:p], word[p:]) for p in sorted(at, reverse=True)
                         if LEFT <= p <= len(word) - RIGHT])
        pairs = self.known.get(word, self.new.get(word))     # [] is an answer too: no break point
        if pairs is None:
            if self._pyphen is None:
                import pyphen

                self._pyphen = pyphen.Pyphen(lang=self.tag, left=1, right=1)
            pairs = self.new[word] = [[word[:p], word[p:]] for p in sorted(_sound(self._pyphen.positions(word),
                                                                                     len(word)), reverse=True)]
        return iter([tuple(p) for p in pairs])


def _sound(positions: list[int], length: int) -> set[int]:
    """The break points to trust: LEFT letters or more before, RIGHT or more after, and none next to
    another break point. The patterns pyphen reads put a run of breaks around a compound's joint
    ("Zusamme-n-a-rbeit", "Gro-ß-unternehmen", "la-b-ruimte") where a real syllable has more than
    one letter; of such a run none is sure, so none is used."""
    every = set(positions)
    return {p for p in every if LEFT <= p <= length - RIGHT and p - 1 not in every and p + 1 not in every}


def hyphenator(language: str):
    """The Hyphenator for `language` (one per process), or None for a language set unhyphenated."""
    tag = HYPHENATION.get(language) or HYPHENATION.get(language.split("-")[0])
    if tag is None:
        return None
    if tag not in _HYPHENATORS:
        _HYPHENATORS[tag] = Hyphenator(tag)
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
        elif hyphens and not display:         # breaks at a compound's own hyphen only
            st.hyphenationLang = hyphens.compounds
            st.hyphenationMinWordLength = 7
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
    add("list-name", "lead", f.semibold, leftIndent=3 * mm, firstLineIndent=-3 * mm)     # a wrapped name hangs
    add("tile", "lead", f.semibold, display=True)
    add("tile-centre", "lead", f.semibold, display=True, alignment=TA_CENTER)
    add("statement", "lead", f.semibold, heading, display=True)
    add("pull-quote", "h2", f.semibold, heading, display=True)
    add("body", "body", running=True, spaceAfter=5)
    add("body-tight", "body", running=True)
    add("body-strong", "body", f.semibold, display=True)
    add("bullet", "body", running=True, leftIndent=10, bulletIndent=0, spaceAfter=2.5)
    add("small", "small")                       # captions and details: never hyphenated
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
    add("h3-on-dark", "lead", f.bold, accent, display=True, spaceAfter=3, keepWithNext=1)   # in a narrow column
    add("lead-on-dark", "lead", colour=white, running=True, spaceAfter=4)
    add("body-on-dark", "body", colour=white, running=True)
    add("strong-on-dark", "body", f.bold, white, display=True)
    add("strong-on-dark-right", "body", f.bold, white, display=True, alignment=TA_RIGHT)
    add("kicker-on-dark", "h2", f.semibold, accent, display=True)
    add("name-on-dark", "h2", f.semibold, white, display=True)
    add("cta-on-dark", "h1", f.bold, accent, display=True)
    add("cta", "h1", f.bold, heading, display=True)
    add("numeral-on-dark", "display", f.bold, accent, display=True)
    add("bullet-on-dark", "body", colour=white, running=True, leftIndent=10, bulletIndent=0, spaceAfter=2.5)
    return styles

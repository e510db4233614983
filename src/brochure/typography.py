"""Typographic finish of every text the brochure prints: quotes and apostrophes per language,
terms kept on one line, American spelling for en-US, spacing between Latin and Japanese script.

One function, `finish`, applied where the layout takes text from the content or the interface
strings; it is idempotent, so text finished twice reads the same. The word lists are data, in
`content/typography.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NBSP = "\u00a0"
# Characters that open a quotation: a quote after one of these (or at the start) opens, else closes.
_OPENERS = " \t\n\u00a0([{\u2014\u2013/-"
# Per language: (double open, double close, single open, single close, apostrophe).
QUOTES = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019", "\u2019"),
    "nl": ("\u201c", "\u201d", "\u2018", "\u2019", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "fr": ("\u00ab" + NBSP, NBSP + "\u00bb", "\u2039" + NBSP, NBSP + "\u203a", "\u2019"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f", "\u2019"),
}
# Kana and kanji; the middle dot U+30FB is left out: it carries its own space on both sides.
_KANA_KANJI = "\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = "A-Za-z0-9\u00c0-\u024f%+"
# A Latin run touching Japanese script gets a word space on that side (JIS X 4051 asks for about a
# quarter em; the Japanese face's space is a third of an em, the nearest the font can set).
_JA_AFTER_LATIN = re.compile(f"([{_LATIN}])([{_KANA_KANJI}])")
_JA_BEFORE_LATIN = re.compile(f"([{_KANA_KANJI}])([{_LATIN}])")
# French: a non-breaking space before high punctuation (the layout engine breaks at a thin space).
_JA_AFTER_FULL_WIDTH = re.compile("([\uff1f\uff01\u3002\u3001\uff1a])[ \u00a0]+")
_JA_DOT = re.compile(r"[ \u00a0]*\u00b7[ \u00a0]*")
_FR_HIGH_PUNCT = re.compile(r"[ \u00a0\u202f]?([;:!?])(?=\s|$)")


@dataclass(frozen=True)
class Rules:
    """What `finish` needs for one language: terms to keep together and spelling changes; and the
    words whose break points the hyphenation patterns get wrong, as they are to be broken."""

    lang: str
    region: str | None = None
    keep_together: tuple[str, ...] = ()
    spelling: dict[str, str] = field(default_factory=dict)
    hyphenation: dict[str, tuple[int, ...]] = field(default_factory=dict)     # word -> its break points

    def __hash__(self):  # rules are built once per content; identity is enough
        return id(self)


def rules_for(language: str, data: dict | None) -> Rules:
    """The rules for `language` ("en-US", "de" ...) from the typography data file's mapping."""
    lang, _, region = language.partition("-")
    data = data or {}
    # The longest terms first: "Welcome Team for Life Sciences" is kept whole before "Life Sciences".
    keep = tuple(sorted((data.get("keep_together") or {}).get(lang) or (), key=len, reverse=True))
    spelling = dict((data.get("spelling") or {}).get(language) or {})
    hyphenation = {}
    for written in (data.get("hyphenation") or {}).get(lang) or ():
        parts = written.split("-")
        hyphenation["".join(parts)] = tuple(len("".join(parts[:i])) for i in range(1, len(parts)))
    return Rules(lang, region or None, keep, spelling, hyphenation)


def finish(text: str, rules: Rules) -> str:
    """Text as it should print in `rules.lang`. Safe on text already finished."""
    if not text:
        return text
    if rules.spelling:
        text = _respell(text, rules.spelling)
    text = _quotes(text, rules.lang)
    if rules.lang == "fr":
        text = _FR_HIGH_PUNCT.sub(NBSP + r"\1", text)
    if rules.lang == "ja":
        # The Japanese middle dot is full-width, its spacing built in: no spaces around it; nor after
        # full-width punctuation (？！。、：), which carries its own space.
        text = _JA_DOT.sub("\u30fb", text)
        text = _JA_AFTER_FULL_WIDTH.sub(r"\1", text)
    for term in rules.keep_together:
        if term in text:
            text = text.replace(term, term.replace(" ", NBSP))
    return text


def spaced(text: str, rules: Rules) -> str:
    """Set text (not what a screen reader reads): in Japanese, a space between a Latin run and the
    Japanese script next to it."""
    if rules.lang != "ja":
        return text
    text = _JA_AFTER_LATIN.sub(r"\1 \2", text)
    return _JA_BEFORE_LATIN.sub(r"\1 \2", text)


def _quotes(text: str, lang: str) -> str:
    if "'" not in text and '"' not in text:
        return text
    dq_open, dq_close, sq_open, sq_close, apostrophe = QUOTES.get(lang, QUOTES["en"])
    out = []
    inside = False          # Japanese sets no space before a quote: its quotes open and close in turn
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"' and lang == "ja":
            out.append(dq_close if inside else dq_open)
            inside = not inside
        elif ch == '"':
            out.append(dq_open if before in _OPENERS else dq_close)
        elif ch == "'":
            if before.isalnum() and (after.isalnum() or after in " .,;:!?)\u00a0" or not after.strip()):
                out.append(apostrophe)          # Let's, Europe's, Flanders', jusqu'à
            elif before in _OPENERS and after.isdigit():
                out.append(apostrophe)          # '90s
            elif before in _OPENERS:
                out.append(sq_open)
            else:
                out.append(sq_close)
        else:
            out.append(ch)
    return "".join(out)


def _respell(text: str, spelling: dict[str, str]) -> str:
    """Whole-word replacements, keeping a capital first letter ("Organisations" -> "Organizations")."""
    pattern = _pattern(tuple(sorted(spelling, key=len, reverse=True)))

    def swap(match: re.Match) -> str:
        word = match.group(0)
        new = spelling.get(word) or spelling.get(word.lower())
        if new is None:
            return word
        return new[0].upper() + new[1:] if word[0].isupper() and not new[0].isupper() else new

    return pattern.sub(swap, text)


_PATTERNS: dict[tuple, re.Pattern] = {}


def _pattern(words: tuple[str, ...]) -> re.Pattern:
    if words not in _PATTERNS:
        alternatives = "|".join(re.escape(w) + "|" + re.escape(w[0].upper() + w[1:]) for w in words)
        _PATTERNS[words] = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    return _PATTERNS[words]

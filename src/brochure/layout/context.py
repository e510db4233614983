"""What every section builder receives: content, theme in the edition's colours, styles, grid, tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Paragraph

from ..content import Content
from ..fonts import FontNames
from ..geometry import Geometry
from ..markup import esc  # noqa: F401  (re-exported for the section layouts)
from ..numbers import Numbers
from ..styles import build_styles
from .tagging import Element, Recorder, Tag


class Para(Paragraph):
    """A Paragraph that breaks its lines once per width. reportlab asks a paragraph for its size again
    and again (a table measures its cells, a frame tries it before it draws it), always at the same
    width here, and the lines depend on the width alone; the second answer is the first one."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_wrapped")
        if memo is not None and memo[0] == availWidth and memo[1] is getattr(self, "blPara", None):
            return memo[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara, size)
        return size

    def draw(self):
        """Draws each line but the last with a space glyph after it. reportlab drops the space where it
        breaks a line, so the text a screen reader gets from the tags ran the last word of a line into
        the first word of the next ("lifesciences"). The space is drawn after the line is placed, so
        it moves nothing on the page."""
        bl = getattr(self, "blPara", None)
        lines = getattr(bl, "lines", None)
        if not isinstance(lines, list) or len(lines) < 2:
            return super().draw()
        cjk = self.style.wordWrap == "CJK"
        bl.lines = [_spaced(line, lines[i + 1], cjk) for i, line in enumerate(lines[:-1])] + lines[-1:]
        try:
            return super().draw()
        finally:
            bl.lines = lines


def _line_text(line) -> str:
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(f, "text", "") for f in getattr(line, "words", ()) if not hasattr(f, "cbDefn"))


def _spaced(line, following, cjk: bool):
    """The line with a word space at its end, unless it ends in one already or (in CJK text, which
    breaks between any two characters) either side of the break is not a Latin letter or digit."""
    text = _line_text(line)
    if not text or text[-1].isspace():
        return line
    if cjk:
        after = _line_text(following).lstrip()
        if not after or not (text[-1].isascii() and text[-1].isalnum() and after[0].isascii() and after[0].isalnum()):
            return line
    if isinstance(line, tuple):
        extra, words = line[0], list(line[1])
        words[-1] = words[-1] + " "
        return (extra, words, *line[2:])
    words = list(line.words)
    for i in range(len(words) - 1, -1, -1):
        if not hasattr(words[i], "cbDefn"):
            words[i] = words[i].clone(text=words[i].text + " ")
            break
    else:
        return line
    return line.clone(words=words) if hasattr(line, "clone") else line


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
    cache_dir: object = None                              # where converted logos are kept (None: nowhere)

    def __post_init__(self) -> None:
        self.styles = build_styles(self.theme, self.fonts, self.colour, self.content.lang)

    # text ------------------------------------------------------------------------------------
    def t(self, text) -> str:
        return self.content.t(text)

    def s(self, key: str, **values) -> str:
        return self.content.s(key, **values)

    def place(self, name: str) -> str:
        """A town or place in the reader's language (content/places.yaml), else as written."""
        return self.content.places.get(name, {}).get(self.content.lang, name)

    def labelled(self, label: str, value: str) -> str:
        """'E-mail: x' with the language's own punctuation ('E-mail : x' in French)."""
        return self.s("label_value", label=label, value=value)

    def colour(self, role: str):
        return self.edition.colour(self.theme.swatch(role))

    def hex(self, role: str) -> str:
        return self.theme.swatch(role).rgb.lower()

    # structure -------------------------------------------------------------------------------
    def para(self, text: str, style: str, parent: Element, role: str = "P", markup: bool = False, **kw):
        """A tagged paragraph. `text` is escaped unless `markup` says it is our own markup."""
        body = text if markup else esc(text)
        if not markup and "lang" not in kw:
            kw["lang"] = self.content.language_of(text)
        return Tag(parent.add(role, **kw), Para(body, self.style_for(style, text)), self.recorder)

    def style_for(self, name: str, text: str):
        """The named style; in Japanese, text without CJK characters (a company name) keeps its words
        whole instead of breaking between any two letters."""
        style = self.styles[name]
        if style.wordWrap != "CJK" or any(ord(ch) > 0x2E80 for ch in text):
            return style
        latin = self.styles.get(f"{name}~latin")
        if latin is None:
            from reportlab.lib.styles import ParagraphStyle

            latin = self.styles[f"{name}~latin"] = ParagraphStyle(f"{name}-latin", parent=style, wordWrap=None)
        return latin

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

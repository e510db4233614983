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

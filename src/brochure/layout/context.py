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
from ..typography import finish, rules_for, spaced
from . import linebreaks
from .tagging import Element, Recorder, Tag


class Para(Paragraph):
    """A Paragraph that breaks its lines once per width and avoids runts.

    reportlab asks a paragraph for its size again and again (a table measures its cells, a frame
    tries it before it draws it), always at the same width here, and the lines depend on the width
    alone; the second answer is the first one.

    Line breaks are chosen as a typesetter would: a heading, name or figure (style.balance) gets lines
    of even length, the narrowest measure that keeps its line count; running text whose last line is a
    single word (in Japanese: three characters or fewer) is set a little narrower until a second word
    joins it, when that costs no extra line. The paragraph keeps its full width for alignment."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_wrapped")
        if memo is not None and memo[0] == availWidth and memo[1] is getattr(self, "blPara", None):
            return memo[2]
        key = _decision_key(self, availWidth)
        decided = linebreaks.DECIDED.get(key) if key is not None else None
        if decided is not None and linebreaks.plausible(decided, self.text, availWidth):
            size = self._apply(decided, availWidth, availHeight)
        else:
            text, self._steps = self.text, []
            size, measure = self._decide(availWidth, availHeight)
            if key is not None:
                linebreaks.DECIDED.remember(key, (tuple(self._steps), None if self.text == text else self.text,
                                                  measure))
        self._wrapped = (availWidth, self.blPara, size)
        return size

    def _decide(self, availWidth, availHeight):
        """The lines at `availWidth` as wrap() describes them: (size, the narrower measure they are set
        at or None)."""
        self._hyphenate_long_words(availWidth)
        if self._longest_word() > availWidth:       # measured while the fragments are as made
            self._unbind(availWidth)
        if self._break_cjk(availWidth):
            return super().wrap(availWidth, availHeight), None
        fresh = getattr(self, "blPara", None) is None
        size = super().wrap(availWidth, availHeight)
        if fresh:
            self._note_set(availWidth)      # as _lines_at(availWidth) would set it: no need to again
        lines = _line_texts(self)
        measure = None
        if len(lines) > 1:
            if getattr(self.style, "balance", False):
                measure = self._balanced(availWidth, availHeight, len(lines))
            elif _is_runt(lines[-1], self.style):
                measure = self._unrunted(availWidth, availHeight, len(lines))
            if getattr(self.style, "hyphenationLang", None):
                self._lines_at(measure or availWidth, availHeight)      # the lines as they would stand
                if self._badly_hyphenated():
                    measure = self._rehyphenated(availWidth, availHeight, len(lines)) or measure
            if measure is not None:
                self._lines_at(measure, availHeight)
                self.width = availWidth
                size = (availWidth, self.height)
            else:
                self._lines_at(availWidth, availHeight)
        return size, measure

    def _apply(self, decided, availWidth, availHeight):
        """The lines a paragraph of the same text, style and width was given before (_decide's outcome,
        layout/linebreaks.py): its style steps, its text (where the breaks were set by hand), its measure."""
        steps, text, measure = decided
        for step in steps:
            self.style = _STEPS[step](self.style)
        if text is not None:
            self._restart(text, self.style)
        size = super().wrap(measure or availWidth, availHeight)
        self._note_set(measure or availWidth)
        if measure is not None:
            self.width = availWidth
            size = (availWidth, self.height)
        return size

    def _restart(self, text: str, style, forget: tuple[str, ...] = ()) -> None:
        """The paragraph made again from `text` in `style` (reportlab's own state afresh), keeping what
        this class and its tags noted on it, but `forget`."""
        extra = {k: v for k, v in self.__dict__.items() if k not in _OWN and k not in forget}
        Paragraph.__init__(self, text, style)
        self.__dict__.update(extra)

    def _break_cjk(self, width: float) -> bool:
        """Japanese running text broken where Japanese typesetting allows (cjk_tokens: no line starts
        with 、。」ー and the like, no line ends with 「（, katakana words stay whole), each line as full
        as it goes, and no last line of three characters or fewer when the line before can give one.
        reportlab's own CJK breaking lets a line start with 、 or ー. Set with explicit breaks."""
        import re

        style = self.style
        text = getattr(self, "text", "")
        if style.wordWrap != "CJK" or getattr(style, "balance", False) or not text:
            return False
        if re.search(r"<(?!/?font\b)", text):      # only font changes (Latin runs) are understood here
            return False
        measure = width - style.leftIndent - style.rightIndent - abs(style.firstLineIndent) - 1
        lines = cjk_lines(markup_tokens(text, whole_phrases=False), style.fontName, style.fontSize, measure)
        if len(lines) < 2:
            return False
        self._restart("<br/>".join(lines), _as_set(style))
        self._steps.append("set")
        return True

    def _hyphenate_long_words(self, width: float) -> None:
        """A style that is not hyphenated (a heading, a label) still is for a word wider than the
        measure, which reportlab would otherwise cut at any letter."""
        style = self.style
        hyphens = getattr(style, "long_words", None)
        if not hyphens or getattr(style, "hyphenationLang", None) or style.wordWrap == "CJK":
            return
        from reportlab.pdfbase.pdfmetrics import stringWidth

        words = "".join(getattr(f, "text", "") for f in self.frags).split()
        if any(stringWidth(w, style.fontName, style.fontSize) > width for w in words):
            self.style = _long_words_style(style)
            self._steps.append("long_words")

    def _lines_at(self, width, height):
        """The lines of the paragraph broken afresh from its markup at `width` in its current style.

        The tries of wrap() often ask for lines the paragraph already has (the full measure, once to
        look for a bad hyphen and once to set it; the measure a try found, to set it): those are
        not broken again. They are the same lines, as the same markup, style and width always give."""
        if self._is_set(width):
            self.width = width
        else:
            self._fresh()
            super().wrap(width, height)
            self._note_set(width)
        return _line_texts(self)

    def _note_set(self, width) -> None:
        """Remembers that the lines as they stand are the markup broken afresh at `width` (not for the
        part of a split paragraph: made from lines, it has no markup to start from again)."""
        if isinstance(getattr(self, "text", None), str):
            self._set_at = (width, self.style, self.blPara, self.frags)

    def _is_set(self, width) -> bool:
        """Whether the lines as they stand are what breaking the markup afresh at `width` in the current
        style gives: nothing has touched the paragraph (its style, lines or fragments) since."""
        at = self.__dict__.get("_set_at")
        return (at is not None and at[0] == width and at[1] is self.style and at[2] is self.blPara
                and at[3] is self.frags)

    def _fresh(self) -> None:
        """The paragraph as made, before any wrap: reportlab's hyphenation at a compound's own hyphen
        rewrites the words it splits ("Hightech-Scale-ups" comes back as "Hightech-Scaleups"), so a
        paragraph broken again at another measure starts from its markup."""
        if getattr(self, "blPara", None) is None or not isinstance(getattr(self, "text", None), str):
            return          # never wrapped yet, or the part of a split paragraph (made from lines, not text)
        self._restart(self.text, self.style)

    def _balanced(self, width, height, count):
        """Even lines: where the text is plain words, the breaks that make the longest line shortest
        in `count` lines without a one-word last line (set with explicit breaks); otherwise the
        narrowest measure that keeps the line count."""
        text = getattr(self, "text", "")
        if "<" not in text:
            cjk = self.style.wordWrap == "CJK"
            tokens = cjk_tokens(text) if cjk else text.split(" ")
            breaks = balanced_breaks(tokens, self.style.fontName, self.style.fontSize, width, count,
                                     joiner="" if cjk else " ")
            if breaks is None and cjk:
                breaks = balanced_breaks(tokens, self.style.fontName, self.style.fontSize, width, count + 1,
                                         joiner="")
            if breaks:
                style = self.style
                if cjk and not (style.leftIndent or style.rightIndent or style.firstLineIndent):
                    style = _as_set(style)          # lines that fit the measure, as _break_cjk sets
                    self._steps.append("set")
                self._restart("<br/>".join(breaks), style)
                self.__dict__.pop("_wrapped", None)
                return width
        low, high = max(width * 0.45, self._longest_word()), width
        best = None
        for _ in range(8):
            mid = (low + high) / 2
            lines = self._lines_at(mid, height)
            if len(lines) <= count and not _is_runt(lines[-1], self.style, heading=True):
                best, high = mid, mid
            else:
                low = mid
            if high - low < 1:
                break
        if best is None:
            # Balancing alone cannot help; at least take the runt away, if a narrower measure does.
            return self._unrunted(width, height, count)
        return best

    def _unbind(self, width: float) -> None:
        """A term kept together with no-break spaces ("Welcome Team for Life Sciences") that is wider
        than the column breaks at its spaces after all, rather than inside a word."""
        import re

        text = getattr(self, "text", None)
        if not isinstance(text, str) or "\u00a0" not in text:
            return
        self._restart(re.sub(r"(?<=\w)\u00a0(?=\w)", " ", text), self.style, forget=("_widest",))
        self._longest_word()

    def _longest_word(self) -> float:
        """The width of the widest word: no measure may be narrower (reportlab would cut the word).
        Measured once, on the fragments as made (breaking lines rewrites them)."""
        widest = self.__dict__.get("_widest")
        if widest is None:
            widest = self._widest = self._measure_widest()
        return widest

    def _measure_widest(self) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = self.style
        if style.wordWrap == "CJK":
            return 0.0
        import re

        # Words as the lines break them: at spaces, not at a no-break space ("Leuven Noord Science
        # Park" bound whole is one word). Each fragment in its own font and size.
        widest, word = 0.0, 0.0
        for f in self.frags:
            for i, piece in enumerate(re.split(r"[ \t\n]+", getattr(f, "text", ""))):
                if i:
                    widest, word = max(widest, word), 0.0
                word += stringWidth(piece, getattr(f, "fontName", style.fontName),
                                    getattr(f, "fontSize", style.fontSize))
        return max(widest, word) + 0.5

    def _badly_hyphenated(self) -> bool:
        """Whether hyphenation left a ladder (three hyphenated lines in a row) or a fragment of a word
        alone on the last line."""
        lines = getattr(getattr(self, "blPara", None), "lines", None)
        if not isinstance(lines, list) or len(lines) < 2:
            return False
        source = _source_text(self)
        hyphenated = [_soft_hyphen(line, lines[i + 1], source) is not None for i, line in enumerate(lines[:-1])]
        return hyphenated[-1] or any(all(hyphenated[i:i + 3]) for i in range(len(hyphenated) - 2))

    def _rehyphenated(self, width, height, count):
        """Lines without a ladder or a last fragment, in as many lines: the widest measure, from the
        full one down to a fifth narrower (half, for two lines), that sets them unhyphenated (a word
        moves down whole) or, failing that, hyphenated; None when none does (the lines stay as they
        were)."""
        hyphenated = self.style
        whole = _whole_style(hyphenated)
        floor = self._longest_word()
        steps = 26 if count <= 2 else 11        # two lines may narrow to half the measure, as headings do
        for style in (whole, hyphenated):
            self.style = style
            for step in range(0, steps):
                measure = width * (1 - 0.02 * step)
                if measure < floor:
                    break
                lines = self._lines_at(measure, height)
                if len(lines) > count:
                    break
                if not self._badly_hyphenated() and not _is_runt(lines[-1], style):
                    if style is whole:
                        self._steps.append("whole")
                    return measure
        self.style = hyphenated
        return None

    def _unrunted(self, width, height, count):
        """The widest measure, a little narrower than `width`, that gives the last line a second word in
        as many lines (None if none does). Two lines may narrow by up to two fifths: a line and a word
        under it reads as a mistake, two even lines do not."""
        floor = self._longest_word()
        for step in range(1, 5 if count > 2 else 17):
            if width * (1 - 0.025 * step) < floor:
                return None
            lines = self._lines_at(width * (1 - 0.025 * step), height)
            if len(lines) > count:
                return None
            if not _is_runt(lines[-1], self.style):
                return width * (1 - 0.025 * step)
        return None



    def draw(self):
        """Draws each line but the last with a space glyph after it. reportlab drops the space where it
        breaks a line, so the text a screen reader gets from the tags ran the last word of a line into
        the first word of the next ("lifesciences"). The space is drawn after the line is placed, so
        it moves nothing on the page."""
        bl = getattr(self, "blPara", None)
        lines = getattr(bl, "lines", None)
        if not isinstance(lines, list) or len(lines) < 2:
            return super().draw()
        cjk = self.style.wordWrap == "CJK" or getattr(self.style, "cjk_set", False)
        source = _source_text(self)
        bl.lines = [_spaced(line, lines[i + 1], cjk, source) for i, line in enumerate(lines[:-1])] + lines[-1:]
        try:
            return super().draw()
        finally:
            bl.lines = lines


def _decision_key(paragraph, width: float) -> str | None:
    """The key of a paragraph's line breaking (linebreaks.key); None for one that is not as made
    (wrapped before, or a part of a split paragraph): its outcome is its own."""
    text = paragraph.__dict__.get("text")
    if not isinstance(text, str) or getattr(paragraph, "blPara", None) is not None or paragraph.bulletText:
        return None
    return linebreaks.key(text, width, paragraph.style)


def _long_words_style(style):
    """A display style hyphenated after all, for a word wider than its measure."""
    from reportlab.lib.styles import ParagraphStyle

    hyphenated = ParagraphStyle(f"{style.name}-hyphenated", parent=style, hyphenationLang=style.long_words,
                                hyphenationMinWordLength=6)
    hyphenated.balance = False
    return hyphenated


def _whole_style(style):
    """A hyphenated style with its words kept whole."""
    from reportlab.lib.styles import ParagraphStyle

    whole = ParagraphStyle(f"{style.name}-whole", parent=style, hyphenationLang=None)
    whole.balance, whole.long_words = False, None
    return whole


def _as_set(style):
    """The style for Japanese text already broken into lines (joined with <br/>): breaking at the
    explicit breaks only, as Latin text breaks, instead of measuring every character again to find
    breaks there are none of (each line fits its measure). `cjk_set` still says the text is CJK."""
    from reportlab.lib.styles import ParagraphStyle

    set_style = _SET_STYLES.get(id(style))
    if set_style is None or set_style[0] is not style:
        set_style = _SET_STYLES[id(style)] = (style, ParagraphStyle(f"{style.name}-set", parent=style, wordWrap=None))
        set_style[1].cjk_set = True
    return set_style[1]


_SET_STYLES: dict[int, tuple] = {}
_STEPS = {"long_words": _long_words_style, "whole": _whole_style, "set": _as_set}

_OWN = ("text", "frags", "style", "bulletText", "caseSensitive", "encoding", "blPara", "width", "height",
        "_wrapped", "_set_at", "_steps", "debug", "_showBoundary", "hAlign", "vAlign", "_oldStyle")


# Japanese: characters that may not start a line (closing brackets, small kana, prolonged sound mark,
# punctuation) and that may not end one (opening brackets); katakana runs and Latin words stay whole.
_NO_START = set("、。，．・：；？！ー」』）〕］｝〉》】〙〗〟’”ゝゞヽヾ"
                "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻‐゠–〜"
                ")]}.,:;!?%\u00a0\u30fc\uff09\uff0c\uff0e\uff1a\uff1b")
_NO_END = set("「『（〔［｛〈《【〘〖〝‘“([{")


_PHRASER = None
_PHRASE_STARTS: dict[str, frozenset[int]] = {}
MAX_PHRASED = 20_000    # texts whose phrases a process keeps
LONGEST_PHRASE = 24     # characters: a longer phrase may break inside (a line must still take it)
PHRASE_FILL = 0.8       # running text breaks between phrases where its line stays this full


def phrase_starts(text: str) -> frozenset[int]:
    """Where the phrases of a Japanese text begin (BudouX's model of Japanese phrases: a word and its
    particles, "実績を" / "重ねており"): a line breaks between phrases, never inside a word.

    A paragraph is broken at several measures and by both editions, and headings and labels recur:
    each text is parsed once per process (the answer depends on the text alone)."""
    known = _PHRASE_STARTS.get(text)
    if known is None:
        if len(_PHRASE_STARTS) >= MAX_PHRASED:      # a long `watch` session: start again
            _PHRASE_STARTS.clear()
        known = _PHRASE_STARTS[text] = frozenset(_phrase_starts(text))
    return known


def _phrase_starts(text: str) -> set[int]:
    global _PHRASER
    if _PHRASER is None:
        import budoux

        _PHRASER = budoux.load_default_japanese_parser()
    starts, at = set(), 0
    for phrase in _PHRASER.parse(text):
        if len(phrase) <= LONGEST_PHRASE:
            starts.add(at)
        else:
            starts.update(range(at, at + len(phrase)))
        at += len(phrase)
    starts.add(at)
    return starts


class Token(str):
    """A piece of Japanese text no line breaks inside; `phrase`: whether a phrase begins with it."""

    phrase = True


def _token(text: str, phrase: bool) -> Token:
    token = Token(text)
    token.phrase = phrase
    return token


def _phrase(token: str) -> bool:
    return getattr(token, "phrase", True)


def cjk_tokens(text: str, whole_phrases: bool = True) -> list[str]:
    """Japanese text cut where a line may break: not inside a katakana run or a Latin word, not before
    a character that may not start a line nor after one that may not end it. With `whole_phrases`
    (headings, labels, statements) only between phrases; else between any two characters, each token
    marked with whether a phrase begins there (running text prefers those breaks)."""
    import re

    pieces = re.findall(r"[\u30a0-\u30ff]+|[A-Za-z0-9&;.,'’+%\-]+|\s+|.", text)
    starts = phrase_starts(text) if any("\u3040" <= ch <= "\u9fff" for ch in text) else None
    tokens: list[str] = []
    at = 0
    for piece in pieces:
        inside = starts is not None and at not in starts
        at += len(piece)
        glue = tokens and ((whole_phrases and inside) or piece[0] in _NO_START or tokens[-1][-1] in _NO_END
                           or piece.isspace()
                           or tokens[-1][-1] == "\u00a0"       # a no-break space binds what follows it
                           # a figure and the counter after it (3 位, 4 つ) stay on one line
                           or (re.fullmatch(r"[0-9.,%]+\s*", tokens[-1]) and "\u3040" <= piece[0] <= "\u9fff"))
        if glue:
            tokens[-1] = _token(tokens[-1] + piece, _phrase(tokens[-1]))
        else:
            tokens.append(_token(piece, not inside))
    return tokens


_LATIN_RUN = None


def latin_runs(markup: str, font: str) -> str:
    """Japanese markup with every run of Latin letters and figures set in `font` (the brand's Latin
    face of the same weight): "最大 85%" prints its 85% like the figures of the Latin editions. Tags
    are left as they are; runs are found in the unescaped text, so an entity (R&amp;D) is never cut."""
    import re

    global _LATIN_RUN
    if _LATIN_RUN is None:
        _LATIN_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 \u00a0.,'\u2019&#%+\-/()]*[A-Za-z0-9%)])?")
    parts = re.split(r"(<[^>]*>)", markup)
    for i, part in enumerate(parts):
        if part and not part.startswith("<"):
            plain = _unescape(part)
            out, at = [], 0
            for m in _LATIN_RUN.finditer(plain):
                out.append(_escape(plain[at:m.start()]))
                out.append(f'<font name="{font}">{_escape(m.group(0))}</font>')
                at = m.end()
            out.append(_escape(plain[at:]))
            parts[i] = "".join(out)
    return "".join(parts)


def markup_tokens(markup: str, whole_phrases: bool = True) -> list[str]:
    """cjk_tokens of markup whose only tags are font changes: an opening tag joins the token after
    it, a closing tag the token before it, so no line breaks inside a tag."""
    import re

    tokens: list[str] = []
    pending = ""
    for part in re.findall(r"<[^>]*>|[^<]+", markup):
        if part.startswith("</"):
            if tokens:
                tokens[-1] = _token(tokens[-1] + part, _phrase(tokens[-1]))
            else:
                pending += part
        elif part.startswith("<"):
            pending += part
        else:
            pieces = cjk_tokens(part, whole_phrases)
            if pieces:
                pieces[0] = _token(pending + pieces[0], _phrase(pieces[0]))
                pending = ""
                if tokens and pieces[0][:1] in _NO_START:
                    tokens[-1] = _token(tokens[-1] + pieces.pop(0), _phrase(tokens[-1]))
            tokens += pieces
    if pending:
        if tokens:
            tokens[-1] = _token(tokens[-1] + pending, _phrase(tokens[-1]))
        else:
            tokens.append(pending)
    return tokens


def cjk_lines(tokens: list[str], font: str, size: float, width: float) -> list[str]:
    """Tokens filled into lines no wider than `width` (a token wider than a line is cut between its
    characters, never before one that may not start a line); a last line of a few characters takes
    a phrase from the line before. Widths follow the font tags in the tokens."""
    import re

    widths = _token_widths(tokens, font, size)

    def filled(line: list[int]) -> float:
        return sum(widths[i] for i in line)

    def phrase_cut(line: list[int], least: float) -> int | None:
        """The last place in the line where a phrase begins that keeps `least` of it before."""
        before = filled(line)
        for k in range(len(line) - 1, 0, -1):
            before -= widths[line[k]]
            if before < least:
                return None
            if _phrase(tokens[line[k]]):
                return k
        return None

    lines: list[list[int]] = [[]]
    used = 0.0
    for i, tw in enumerate(widths):
        if used + tw > width and lines[-1]:
            # Between phrases where the line stays nine tenths full, else between any two characters.
            cut = None if _phrase(tokens[i]) else phrase_cut(lines[-1], PHRASE_FILL * width)
            carried = lines[-1][cut:] if cut else []
            del lines[-1][len(lines[-1]) - len(carried):]
            lines.append(carried)
            used = filled(carried)
        lines[-1].append(i)
        used += tw
    # A last line of three characters or fewer ("す。") takes the last phrase of the line before
    # (the last character, where that phrase is the whole line); every other line stays full.
    last = "".join(tokens[i] for i in lines[-1])
    if len(lines) > 1 and len(lines[-2]) > 1 and len(_unescape(re.sub(r"<[^>]*>", "", last)).strip()) <= 3:
        cut = phrase_cut(lines[-2], 0.0) or len(lines[-2]) - 1
        lines[-1][:0] = lines[-2][cut:]
        del lines[-2][cut:]
    return ["".join(tokens[i] for i in line).strip() for line in lines if line]


def _token_widths(tokens: list[str], font: str, size: float) -> list[float]:
    """Each token's width, in the font its tags have set (a Latin run in the Latin face)."""
    import re

    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = [font]

    def measure(token: str) -> float:
        total = 0.0
        for part in re.findall(r"<[^>]*>|[^<]+", token):
            if part.startswith("</font"):
                if len(fonts) > 1:
                    fonts.pop()
            elif part.startswith("<font"):
                name = re.search(r'name="([^"]+)"', part)
                fonts.append(name.group(1) if name else fonts[-1])
            elif not part.startswith("<"):
                total += stringWidth(_unescape(part), fonts[-1], size)
        return total

    return [measure(token) for token in tokens]


def balanced_breaks(tokens: list[str], font: str, size: float, width: float, count: int,
                    joiner: str = " ") -> list[str] | None:
    """The tokens (words of escaped markup without tags) in `count` lines no wider than `width`, the
    longest line as short as it can be, the last line more than one word (Japanese: more than three
    characters); None if there is no such set."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = tokens
    if len(words) < 2 or count < 2 or len(words) > 60:
        return None
    w = [stringWidth(_unescape(x), font, size) for x in words]
    space = stringWidth(joiner, font, size) if joiner else 0.0
    n = len(words)

    def line(i, j):
        return sum(w[i:j]) + space * (j - i - 1)

    # best[k][j]: smallest possible longest line setting words[:j] in k lines
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                lw = line(i, j)
                if lw > width:
                    break
                if k == count and j == n and (j - i < 2 if joiner else len(_unescape("".join(words[i:j]))) <= 3):
                    continue            # no one-word last line
                value = max(best[k - 1][i], lw)
                if value < best[k][j]:
                    best[k][j], cut[k][j] = value, i
    if best[count][n] == inf:
        return None
    lines, j = [], n
    for k in range(count, 0, -1):
        i = cut[k][j]
        lines.append(joiner.join(words[i:j]).strip())
        j = i
    return lines[::-1]


def _line_texts(paragraph) -> list[str]:
    """The text of each line the paragraph was broken into."""
    bl = getattr(paragraph, "blPara", None)
    if bl is None:
        return []
    if bl.kind == 0:
        return [" ".join(words) for _, words in bl.lines]
    out = []
    for line in bl.lines:
        words = getattr(line, "words", None) or []
        out.append("".join(getattr(w, "text", "") for w in words))
    return out


def _is_runt(line: str, style, heading: bool = False) -> bool:
    """A last line too short to stand alone: one word (CJK: three characters or fewer)."""
    line = line.strip()
    if not line:
        return False
    if getattr(style, "wordWrap", None) == "CJK" and any(ord(ch) > 0x2E80 for ch in line):
        return len(line) <= 3
    return len(line.split()) < 2


def _line_text(line) -> str:
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(f, "text", "") for f in getattr(line, "words", ()) if not hasattr(f, "cbDefn"))


def _source_text(paragraph) -> str:
    """The paragraph's text as written, tags and spaces removed (to tell a hyphen the content has from
    one the line breaking added)."""
    import re

    text = re.sub(r"<[^>]*>", "", getattr(paragraph, "text", "") or "")
    return "".join(_unescape(text, {"&nbsp;": "\u00a0"}).split())


def _soft_hyphen(line, following, source: str):
    """A line ending in a hyphen that hyphenation added ("pharma-" / "ceutical", where the content
    says "pharmaceutical"), with that hyphen as U+00AD: it prints the same, and text extraction and
    screen readers read the whole word. None when the line does not end so."""
    text = _line_text(line)
    after = _line_text(following).split()
    if not text.endswith("-") or not after or not text.split():
        return None
    stem = text.split()[-1][:-1]
    if not stem or (stem + "-" + after[0]) in source or (stem + after[0]) not in source:
        return None
    if isinstance(line, tuple):
        extra, words = line[0], list(line[1])
        words[-1] = words[-1][:-1] + "\u00ad"
        return (extra, words, *line[2:])
    words = list(line.words)
    for i in range(len(words) - 1, -1, -1):
        if not hasattr(words[i], "cbDefn") and words[i].text:
            if not words[i].text.endswith("-"):
                return None
            words[i] = words[i].clone(text=words[i].text[:-1] + "\u00ad")
            return line.clone(words=words) if hasattr(line, "clone") else None
    return None


def _spaced(line, following, cjk: bool, source: str = ""):
    """The line with a word space at its end, unless it ends in one already or (in CJK text, which
    breaks between any two characters) either side of the break is not a Latin letter or digit. A
    hyphen that hyphenation added becomes a soft hyphen, with no space after it."""
    text = _line_text(line)
    if not text or text[-1].isspace():
        return line
    if not cjk and text.endswith("-"):
        soft = _soft_hyphen(line, following, source)
        return line if soft is None else soft
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
    padding_count: int = 0                                # padding pages this pass adds (layout/padding.py)
    padding_pages: dict = field(default_factory=dict)     # padding page id -> page index, as drawn

    def __post_init__(self) -> None:
        self.styles = build_styles(self.theme, self.fonts, self.colour, self.content.lang, self.content.language)
        from ..styles import hyphenator

        self.hyphens = hyphenator(self.content.language)      # attached to the cache folder by layout
        self.typography = rules_for(self.content.language, self.content.typography)
        if self.hyphens is not None:
            self.hyphens.by_hand = {word.casefold(): at for word, at in self.typography.hyphenation.items()}

    @property
    def font_files(self) -> dict:
        """The font files this edition's text may be set in (script-weight -> path): its script's and,
        for a script with Latin runs (Japanese), the Latin ones."""
        fonts = self.theme.fonts
        scripts = ["latin"] + [script for script in fonts if script != "latin" and
                               any(path in self.fonts.files.values() for path in fonts[script].values())]
        return {f"{script}-{weight}": path for script in scripts for weight, path in fonts[script].items()}

    # text ------------------------------------------------------------------------------------
    def t(self, text) -> str:
        """A content text in the brochure's language, typographically finished."""
        return finish(self.content.t(text), self.typography)

    def s(self, key: str, **values) -> str:
        return finish(self.content.s(key, **values), self.typography)

    def finish(self, text: str) -> str:
        return finish(text, self.typography)

    def place(self, name: str) -> str:
        """A town or place in the reader's language (content/places.yaml), else as written."""
        return self.content.places.get(name, {}).get(self.content.lang, name)

    def labelled(self, label: str, value: str) -> str:
        """'E-mail: x' with the language's own punctuation ('E-mail : x' in French). The value may be
        markup (a link): only the template is typographically finished, never the value."""
        template = finish(self.content.strings["label_value"], self.typography)
        return self.content.fill("label_value", template, label=label, value=value)

    def colour(self, role: str):
        return self.edition.colour(self.theme.swatch(role))

    def hex(self, role: str) -> str:
        return self.theme.swatch(role).rgb.lower()

    # structure -------------------------------------------------------------------------------
    def para(self, text: str, style: str, parent: Element, role: str = "P", markup: bool = False, **kw):
        """A tagged paragraph. `text` is escaped unless `markup` says it is our own markup."""
        if not markup:
            text = finish(text, self.typography)
        if not markup and "lang" not in kw:
            kw["lang"] = self.language_of(text)
        return Tag(parent.add(role, **kw), self.paragraph(text if markup else esc(text), style), self.recorder)

    def paragraph(self, markup: str, style: str) -> "Para":
        """An untagged paragraph of finished markup, set as every paragraph is: Latin and Japanese
        spaced apart, Latin runs in the Latin face, a Latin-only text in the Latin style."""
        body = spaced(markup, self.typography)
        paragraph_style = self.style_for(style, markup)
        if paragraph_style.wordWrap == "CJK":
            body = latin_runs(body, self.latin_face(paragraph_style.fontName))
        return Para(body, paragraph_style)

    def language_of(self, text: str) -> str | None:
        """"en" for a text printed in English inside another language's brochure (finished or not)."""
        lang = self.content.language_of(text)
        if lang is None and self.content.lang != "en" and self.content.brochure.meta.allow_english_fallback:
            from ..content import _english_fallbacks

            finished = self.__dict__.get("_finished_fallbacks")
            if finished is None:
                finished = self._finished_fallbacks = {finish(x, self.typography)
                                                       for x in _english_fallbacks(self.content)}
            lang = "en" if text in finished else None
        return lang

    def style_for(self, name: str, text: str):
        """The named style; in Japanese, text without CJK characters (a company name, a figure) keeps
        its words whole instead of breaking between any two letters, and is set in the brand's Latin
        face, whose letters and numerals are drawn for Latin (the Japanese face's are lighter and
        shorter in the descenders)."""
        style = self.styles[name]
        if style.wordWrap != "CJK" or any(ord(ch) > 0x2E80 for ch in text):
            return style
        latin = self.styles.get(f"{name}~latin")
        if latin is None:
            from reportlab.lib.styles import ParagraphStyle

            face = self.latin_face(style.fontName, beside_japanese=False)
            latin = self.styles[f"{name}~latin"] = ParagraphStyle(f"{name}-latin", parent=style, wordWrap=None,
                                                                   fontName=face, bulletFontName=face)
            latin.balance = getattr(style, "balance", False)
        return latin

    def latin_face(self, font_name: str, beside_japanese: bool = True) -> str:
        """The brand's Latin face of the same weight as a Japanese face (for a paragraph all in Latin
        script, the weight the Latin editions use)."""
        from ..fonts import register

        latin = self.__dict__.get("_latin_fonts")
        if latin is None:
            latin = self._latin_fonts = register(self.theme, "en")
        f = self.fonts
        # Japanese has fewer faces (italic is the regular one, semibold the bold one): the later key wins.
        # Its bold is lighter than the Latin bold: Latin words beside it are set a step lighter.
        bold = latin.semibold if beside_japanese else latin.bold
        return {f.italic: latin.italic, f.semibold: latin.semibold, f.bold: bold,
                f.regular: latin.regular}.get(font_name, latin.regular)

    def tag(self, flowable, parent: Element, role: str, **kw):
        return Tag(parent.add(role, **kw), flowable, self.recorder)

    def source_line(self, *source_ids: str) -> str:
        """'Source: pharma.be, Facts and figures 2019' for the given source ids (deduplicated; the
        plural label when there are several)."""
        parts = []
        for sid in dict.fromkeys(source_ids):
            if sid not in self.sources_used:
                self.sources_used.append(sid)
            parts.append(self.source_text(sid))
        return self.sources_label(parts)

    def sources_label(self, parts: list[str]) -> str:
        return self.s("source_many" if len(parts) > 1 else "source", sources="; ".join(parts))

    def source_text(self, sid: str) -> str:
        src = self.content.brochure.sources[sid]
        title = self.finish(src.title) if src.title else ""
        year = str(src.year)
        if title and year in title:
            return f"{src.publisher}, {title}"
        return f"{src.publisher}, {title + ', ' if title else ''}{year}"


def _escape(text: str) -> str:
    """&, < and > as entities (what xml.sax.saxutils.escape does, without importing the XML and URL
    libraries it brings along)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _unescape(text: str, entities: dict[str, str] | None = None) -> str:
    """The reverse of _escape, plus `entities` (as xml.sax.saxutils.unescape: &amp; last)."""
    text = text.replace("&lt;", "<").replace("&gt;", ">")
    for entity, char in (entities or {}).items():
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")

"""Line breaking decided once: how a paragraph of a given text, style and width is set (context.Para).

A paragraph's lines depend on its markup, the style's metrics and hyphenation, the fonts and the
width alone, and the same paragraphs are set again and again: by the other edition, by another
mission in the same language, when a block is rebuilt taller, by the next build. The tries Para.wrap
makes (balanced lines, no runt, no hyphen ladder) are made for the first; every other is set
straight from its outcome: the style steps taken, the text with the breaks set by hand (if any) and
the measure.

Outcomes are kept in this process (`DECIDED`) and in the build's cache folder, one file per set of
fonts and per version of the code and libraries that break lines (plain JSON, verified when read).
An entry's key is a digest of everything else the outcome depends on (the text, the width, the
style's metrics, the hyphenation and its hand-made points); an entry that is not a plausible outcome
for its paragraph (its text differs from the paragraph's by more than line breaks and spaces, its
measure is wider than the width) is not used, so the cache can only ever save time.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

MAX_DECIDED = 20_000        # outcomes a process keeps
MAX_KEPT = 4_000            # outcomes a cache file keeps (a brochure has a few hundred): the most recently used
STEPS = ("long_words", "whole", "set")
METRICS = ("fontName", "fontSize", "leading", "autoLeading", "leftIndent", "rightIndent", "firstLineIndent",
           "alignment", "wordWrap", "hyphenationMinWordLength", "embeddedHyphenation", "uriWasteReduce",
           "splitLongWords", "justifyLastLine", "justifyBreaks", "spaceShrinkage", "textTransform",
           "bulletFontName", "bulletFontSize", "bulletIndent", "balance", "cjk_set")
_SQUEEZE = re.compile(r"<br/>|\s|\u00a0")


def key(text: str, width: float, style) -> str:
    """The digest of what a paragraph's lines depend on besides the fonts' files (the cache file's)."""
    # repr((text, width, the style's key)), with the style's part written once per style
    return hashlib.blake2b(f"({text!r}, {width!r}, {_style_key(style)})".encode("utf-8"),
                           digest_size=16).hexdigest()


_STYLE_KEYS: dict[int, tuple] = {}


def _style_key(style) -> str:
    """What of a style line breaking depends on, written out: its metrics and its hyphenation (with the
    hand-made points). Worked out once per style and its hyphenator's points (a page set has a few
    dozen styles and hundreds of paragraphs)."""
    hyphens = [getattr(style, "hyphenationLang", None), getattr(style, "long_words", None)]
    points = [getattr(getattr(h, "__self__", h), "by_hand", None) for h in hyphens]     # the dicts themselves
    known = _STYLE_KEYS.get(id(style))
    if known is not None and known[0] is style and all(a is b for a, b in zip(known[1], points)):
        return known[2]
    value = repr((tuple(getattr(style, name, None) for name in METRICS), *map(_hyphens_key, hyphens)))
    if len(_STYLE_KEYS) > 4 * MAX_DECIDED:
        _STYLE_KEYS.clear()
    _STYLE_KEYS[id(style)] = (style, points, value)
    return value


def _hyphens_key(hyphens) -> tuple | str | None:
    """A style's hyphenation as a key: the Hyphenator's language, its hand-made points, and whether
    it breaks compounds only."""
    if hyphens is None or isinstance(hyphens, str):
        return hyphens
    owner = getattr(hyphens, "__self__", hyphens)
    by_hand = getattr(owner, "by_hand", {})
    return (getattr(owner, "tag", None), getattr(hyphens, "__name__", "all"),
            tuple(sorted((word, tuple(at)) for word, at in by_hand.items())))


def plausible(decided, text: str, width: float) -> bool:
    """Whether `decided` can be the outcome for a paragraph of `text` at `width`: known steps, a text
    that is the paragraph's own with line breaks and spaces moved, a measure within the width."""
    if not isinstance(decided, (list, tuple)) or len(decided) != 3:
        return False
    steps, new_text, measure = decided
    if not isinstance(steps, (list, tuple)) or not all(step in STEPS for step in steps):
        return False
    if new_text is not None and (not isinstance(new_text, str)
                                 or _SQUEEZE.sub("", new_text) != _SQUEEZE.sub("", text)):
        return False
    return measure is None or (isinstance(measure, (int, float)) and not isinstance(measure, bool)
                               and math.isfinite(measure) and 0 < measure <= width)


class LineBreaks:
    """The outcomes known to this process, and the cache file they were read from and go back to."""

    def __init__(self) -> None:
        self.decided: dict[str, tuple] = {}
        self.new: dict[str, tuple] = {}
        self.used: set[str] = set()         # outcomes this process set a paragraph from
        self.attached: set[str] = set()

    def get(self, digest: str) -> tuple | None:
        decided = self.decided.get(digest)
        if decided is not None:
            self.used.add(digest)
        return decided

    def remember(self, digest: str, decided: tuple) -> None:
        if len(self.decided) >= MAX_DECIDED:      # a long `watch` session: start again
            self.decided.clear()
            self.new.clear()
            self.used.clear()
        self.decided[digest] = decided
        self.new[digest] = decided

    def attach(self, cache_dir, font_files: dict) -> None:
        """Read the outcomes the cache folder keeps for these font files (once per folder and fonts)."""
        name = _file_name(font_files)
        if cache_dir is None or name is None or f"{cache_dir}/{name}" in self.attached:
            return
        from ..cache import get_json

        stored = get_json(cache_dir, name)
        if isinstance(stored, dict):
            for digest, decided in stored.items():
                if isinstance(digest, str) and isinstance(decided, list) and len(decided) == 3 \
                        and isinstance(decided[0], list):
                    self.decided.setdefault(digest, (tuple(decided[0]), decided[1], decided[2]))
        self.attached.add(f"{cache_dir}/{name}")

    def save(self, cache_dir, font_files: dict) -> None:
        """Keep the outcomes found in this layout for the next build: the file's, then the ones this
        process used and found, most recent last; beyond MAX_KEPT the least recent go (paragraphs
        edited away in a long `watch` session), so the file stays quick to read."""
        name = _file_name(font_files)
        if cache_dir is None or name is None or not self.new:
            return
        from ..cache import get_json, put_json

        stored = get_json(cache_dir, name)
        merged = stored if isinstance(stored, dict) else {}
        for digest in [*self.used, *self.new]:
            merged.pop(digest, None)
            d = self.decided.get(digest)
            if d is not None:
                merged[digest] = [list(d[0]), d[1], d[2]]
        put_json(cache_dir, name, dict(list(merged.items())[-MAX_KEPT:]))
        self.new.clear()


def _file_name(files: dict) -> str | None:
    """The cache file for these font files (name -> path): its name is a digest of their contents and
    of the code and libraries that break lines (this package's layout, reportlab, pyphen, BudouX)."""
    import sys

    import reportlab

    from ..cache import file_digest, package_version

    if not files:
        return None
    here = Path(__file__).parent
    parts = [f"python {sys.version_info[:2]}", f"reportlab {reportlab.Version}",
             f"pyphen {package_version('pyphen')}", f"budoux {package_version('budoux')}"]
    parts += [file_digest(str(here / name)) for name in ("context.py", "linebreaks.py")]
    parts += [file_digest(str(here.parent / name)) for name in ("styles.py", "typography.py")]
    parts += [f"{weight}={file_digest(str(path))}" for weight, path in sorted(files.items())]
    return "linebreaks-" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32] + ".json"


DECIDED = LineBreaks()

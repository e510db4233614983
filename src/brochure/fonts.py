"""Register the brand's TrueType fonts with reportlab once per process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Problem

_REGISTERED: dict[tuple, "FontNames"] = {}
_GENERATION: dict[str, int] = {}        # script -> how many sets of files were registered for it


@dataclass(frozen=True)
class FontNames:
    """reportlab font names for one script's family, plus the files behind them."""

    family: str
    regular: str
    semibold: str
    bold: str
    italic: str
    files: dict[str, Path]


def _stamp(path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)         # registering it reports the problem
    return (st.st_mtime_ns, st.st_size)


def script_for(language: str) -> str:
    return "japanese" if language.split("-")[0] == "ja" else "latin"


def register(theme, language: str) -> FontNames:
    """Register the family for this language's script; idempotent, cheap on repeat."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    script = script_for(language)
    files = theme.fonts[script]
    # Keyed by each file's modification time and size as well as its path: a font file replaced while
    # `watch` runs is registered again. reportlab keeps the first font registered under a name, so
    # the new files get new names (BrandLatin2-Regular...); the names never reach the PDF.
    key = (script, tuple(sorted((k, str(v), *_stamp(v)) for k, v in files.items())))
    if key in _REGISTERED:
        return _REGISTERED[key]
    _GENERATION[script] = _GENERATION.get(script, 0) + 1
    family = "Brand" + script.capitalize() + (str(_GENERATION[script]) if _GENERATION[script] > 1 else "")
    names = {w: f"{family}-{w.capitalize()}" for w in files}
    by_file: dict[Path, str] = {}
    for weight, path in files.items():
        # One registration per file: registering the same outlines under two names embeds them twice.
        if path in by_file:
            names[weight] = by_file[path]
            continue
        try:
            pdfmetrics.registerFont(TTFont(names[weight], str(path)))
        except Exception as exc:  # noqa: BLE001 - a damaged font fails in many ways (TTFError, struct.error...)
            field = f"defaults.brochure.fonts.{script}.{weight}"
            file, line, col = (getattr(theme, "where", None) or {}).get(field, (str(theme.path), None, None))
            reason = str(exc) if isinstance(exc, TTFError) else "the file is damaged or cut short"
            raise ContentError([Problem(file, line, col, field, f"{path.name} cannot be embedded: {reason}; "
                                        "replace it with a complete TrueType font file")]) from None
        by_file[path] = names[weight]
    for bold, italic, weight in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bold")):
        addMapping(family, bold, italic, names[weight])
    result = FontNames(family, names["regular"], names["semibold"], names["bold"], names["italic"], dict(files))
    _REGISTERED[key] = result
    return result


def missing_glyphs(fonts: FontNames, text: str) -> set[str]:
    """Characters of `text` the regular font cannot draw (they would print as blank boxes)."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.regular).face
    cmap = face.charToGlyph
    return {ch for ch in set(text) if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap}


def missing_glyphs_by_face(fonts: FontNames, text: str) -> dict[str, set[str]]:
    """Characters of `text` each face of the family cannot draw: weight -> characters (only faces with
    gaps). A text may be set in any face (headings bold, labels semibold, notes italic), so a glyph
    that only the regular face has would still print as a blank box."""
    from reportlab.pdfbase import pdfmetrics

    wanted = {ch for ch in set(text) if ch.isprintable() and not ch.isspace()}
    out: dict[str, set[str]] = {}
    seen: set[str] = set()
    for weight in ("regular", "semibold", "bold", "italic"):
        name = getattr(fonts, weight)
        if name in seen:
            continue
        seen.add(name)
        cmap = pdfmetrics.getFont(name).face.charToGlyph
        gaps = {ch for ch in wanted if ord(ch) not in cmap}
        if gaps:
            out[weight] = gaps
    return out

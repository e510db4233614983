"""Checks that need the brand as well as the content: glyphs, asset files, text that must fit a box."""

from __future__ import annotations

from .content import _is_text, _walk, problem_at
from .errors import Problem

# Fixed boxes: (section kind, field) -> (style, columns wide, most lines). Text that would need more
# lines cannot be shrunk or clipped silently, so it is reported against the field.
FIXED_BOXES = {
    ("cover", "title"): ("cover-title", 12, 4),
    ("cover", "subtitle"): ("cover-subtitle", 12, 4),
    ("cover", "kicker"): ("cover-kicker", 12, 1),
    ("rankings", "metric"): ("card-text", 3, 5),
    ("talent", "label"): ("figure-label", 4, 3),
}


def check_content(content, theme) -> list[Problem]:
    from .fonts import missing_glyphs, register

    problems: list[Problem] = []
    fonts = register(theme, content.language)
    data = content.data
    for path, value in _walk(content.brochure):
        text = None
        if _is_text(value):
            text = content.t(value)
        elif isinstance(value, str) and path and path[-1] not in ("source", "kind", "id", "slug"):
            text = value
        if text:
            missing = missing_glyphs(fonts, text)
            if missing:
                shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing)[:5])
                problems.append(problem_at(data, path, f"the brand font has no glyph for {shown}; "
                                                       "it would print as a blank box"))
    for key, text in content.strings.items():
        missing = missing_glyphs(fonts, text)
        if missing:
            problems.append(Problem(str(content.files[-1]), None, None, key,
                                    f"the brand font has no glyph for {', '.join(sorted(missing))}"))
    problems += _check_partners(content)
    problems += _check_fits(content, theme, fonts)
    return problems


def _check_partners(content) -> list[Problem]:
    from .assets import resolve_asset
    from .svgsafe import read_svg

    problems = []
    for i, partner in enumerate(content.brochure.partners):
        try:
            path = resolve_asset(content.root, partner.logo)
            if path.suffix.lower() != ".svg":
                raise ValueError(f"{partner.logo!r}: partner logos must be SVG (vector); "
                                 f"{path.suffix or 'this format'} is not supported")
            read_svg(path)
        except ValueError as exc:
            problems.append(problem_at(content.data, ("partners", i, "logo"), str(exc)))
    return problems


def _check_fits(content, theme, fonts) -> list[Problem]:
    from xml.sax.saxutils import escape as esc

    from reportlab.platypus import Paragraph

    from .editions import get
    from .geometry import Geometry
    from .styles import build_styles

    edition = get("screen")
    geometry = Geometry.for_paper(content.brochure.meta.paper, 0)
    styles = build_styles(theme, fonts, lambda role: edition.colour(theme.swatch(role)), content.lang)
    problems = []
    for s_index, section in enumerate(content.brochure.sections):
        for path, value in _walk(section, ("sections", s_index)):
            key = (section.kind, path[-1] if path else None)
            if key not in FIXED_BOXES or not _is_text(value):
                continue
            style_name, columns, most = FIXED_BOXES[key]
            style = styles[style_name]
            width = geometry.span(columns) - (9 * 2.8346 if columns < 12 else 0)
            paragraph = Paragraph(esc(content.t(value)), style)
            _, height = paragraph.wrap(width, 10_000)
            lines = round(height / style.leading)
            if lines > most:
                problems.append(problem_at(content.data, path,
                                           f"too long for its box: needs {lines} lines at {style.fontSize:g} pt, "
                                           f"the layout has room for {most}; shorten it"))
            longest = max((w for w in content.t(value).split()), key=len, default="")
            # CJK text breaks between any two characters, so only spaced scripts have unbreakable words.
            if content.lang != "ja" and paragraph.minWidth() > width:
                problems.append(problem_at(content.data, path,
                                           f'the word "{longest[:40]}" is wider than its box; shorten or split it'))
    return problems

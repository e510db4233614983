"""Checks that need the brand as well as the content: glyphs, asset files, text that must fit a box."""

from __future__ import annotations

from .content import _is_text, _walk, problem_at
from .errors import Problem

# Cards: several fields printed together in one box that cannot break across pages. Each field has
# its own length limit (content/models.py); together they must still fit a page. Budgets are in
# characters (full-width CJK counting two) and leave room for bullets, gaps and the card's padding.
# (section kind, list field holding one card per item or None for one card per section,
#  fields printed in the card, budget, what the card is called in the message)
CARDS = (
    ("contact", None, ("team_title", "team_intro", "team_partners", "team_services"), 1_400,
     "the welcome-team block"),
    ("presence", None, ("medtech_title", "medtech", "medtech_fields"), 1_000, "the medtech panel"),
    ("talent", None, ("universities",), 1_200, "the universities card"),
    ("incentives", "incentives", ("name", "rates", "explanation"), 1_200, "an incentive card"),
    ("directory", "entries", ("name", "town", "type", "focus", "services", "status"), 1_000, "an entry"),
    ("talent", "figures", ("label", "detail"), 1_000, "a key-figure card"),
    ("profiles", "groups.entries", ("name", "town", "type", "focus", "services", "status"), 2_000, "a profile"),
)


def _glyph_problem(fonts, text: str) -> str | None:
    """What is wrong if a face of the brand font lacks a character of `text` (None if all can draw it)."""
    from .fonts import missing_glyphs_by_face

    gaps = missing_glyphs_by_face(fonts, text)
    if not gaps:
        return None
    if "regular" in gaps:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(gaps["regular"])[:5])
        return f"the brand font has no glyph for {shown}; it would print as a blank box"
    weight, missing = next(iter(gaps.items()))
    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing)[:5])
    file = fonts.files[weight].name if weight in fonts.files else weight
    return (f"the brand font's {weight} face ({file}) has no glyph for {shown}; text set in it would print "
            "as a blank box (use a font file that covers the text, or change the text)")


def check_content(content, theme) -> list[Problem]:
    from .fonts import register

    from .fonts import missing_glyphs_by_face

    problems: list[Problem] = []
    fonts = register(theme, content.language)
    data = content.data
    texts = []          # (text, the problem it makes) for every text the brochure prints
    for path, value in content.values():
        text = None
        if _is_text(value):
            text = content.t(value)
        elif isinstance(value, str) and path and path[-1] not in ("source", "kind", "id", "slug"):
            text = value
        if text:
            texts.append((text, lambda wrong, path=path: problem_at(data, path, wrong)))
    for key, text in content.strings.items():
        texts.append((text, lambda wrong, key=key: _string_problem(content, key, wrong)))
    for place, names in (content.places or {}).items():
        name = names.get(content.language) or names.get(content.lang) if isinstance(names, dict) else None
        if isinstance(name, str):
            key = content.language if content.language in names else content.lang
            texts.append((name, lambda wrong, at=(place, key): problem_at(content.places, at, wrong)))
    # Every face has every character the brochure prints (the usual case): one look per face. Else
    # each text that holds a missing character is named.
    if missing_glyphs_by_face(fonts, "".join({ch for text, _ in texts for ch in text})):
        for text, problem in texts:
            wrong = _glyph_problem(fonts, text)
            if wrong:
                problems.append(problem(wrong))
    problems += _check_icons(content)
    problems += _future_sources(content)
    problems += _check_map_sections(content)
    problems += _check_partners(content)
    problems += _check_photos(content)
    if theme.output_profile is not None:
        from .brand import output_profile_problem

        wrong = output_profile_problem(theme)
        problems += [wrong] if wrong else []
    problems += _check_cards(content)
    problems += _check_fits(content, theme, fonts)
    return problems


def _printed_width(content, value) -> int:
    """Characters a value prints in the brochure's language (texts, names, lists of them)."""
    from pydantic import BaseModel

    from .content.models import width

    if _is_text(value):
        return width(content.t(value))
    if isinstance(value, str):
        return width(value)
    if isinstance(value, BaseModel):
        return sum(_printed_width(content, getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, (list, tuple)):
        return sum(_printed_width(content, item) for item in value)
    return 0


def _check_cards(content) -> list[Problem]:
    problems = []
    for s_index, section in enumerate(content.brochure.sections):
        for kind, items, fields, budget, called in CARDS:
            if section.kind != kind:
                continue
            cards = [(("sections", s_index), section)]
            for name in items.split(".") if items else ():
                cards = [(path + (name, i), item) for path, card in cards
                         for i, item in enumerate(getattr(card, name))]
            for path, card in cards:
                used = {name: _printed_width(content, getattr(card, name, None)) for name in fields}
                total = sum(used.values())
                if total > budget:
                    biggest = max(used, key=used.get)
                    listed = ", ".join(f"{name} {n:,}" for name, n in used.items() if n)
                    problems.append(problem_at(content.data, path + (biggest,),
                                               f"{called} holds {total:,} characters ({listed}); at most "
                                               f"{budget:,} fit on a page; shorten {biggest} or the others"))
    return problems


def _string_problem(content, key, message) -> Problem:
    """A problem with an interface string, located in content/locales/<lang>.yaml."""
    from .content.yamlfile import load_yaml

    path = content.root / "locales" / f"{content.lang}.yaml"
    try:
        return problem_at(load_yaml(path, content.root.parent), (key,), message)
    except Exception:       # the file was readable a moment ago; fall back to naming it
        return Problem(str(path), None, None, key, message)


def _check_map_sections(content) -> list[Problem]:
    """A directory's map names sections of this brochure (a mission may have left one out)."""
    from .errors import did_you_mean

    ids = [s.id for s in content.brochure.sections]
    problems = []
    for s_index, section in enumerate(content.brochure.sections):
        for i, sid in enumerate(getattr(section, "map", None) or []):
            if sid not in ids:
                problems.append(problem_at(content.data, ("sections", s_index, "map", i),
                                           f'no section "{sid}" in this brochure{did_you_mean(sid, ids)}'))
    return problems


def _check_icons(content) -> list[Problem]:
    """Every icon the content names is one of the committed icons (with a did-you-mean)."""
    from .graphics.icons import available_icons, icon_problem

    problems = []
    committed = set(available_icons())
    for path, value in content.values():
        if path and path[-1] == "icon" and isinstance(value, str) and value not in committed:
            wrong = icon_problem(value)
            if wrong:
                problems.append(problem_at(content.data, path, wrong))
    return problems


def _check_partners(content) -> list[Problem]:
    """Every partner logo is a safe SVG, or a whole PNG or JPEG read as photos are (its resolution
    is checked by the layout, which knows the size it is placed at)."""
    from .assets import resolve_asset
    from .graphics.photo import RASTER_LOGOS, read
    from .svgsafe import read_svg

    problems = []
    for i, partner in enumerate(content.brochure.partners):
        try:
            path = resolve_asset(content.root, partner.logo)
            suffix = path.suffix.lower()
            if suffix in RASTER_LOGOS:
                read(content.root, partner.logo, logo=True)
            elif suffix == ".svg":
                read_svg(path)
            else:
                raise ValueError(f"{partner.logo!r}: a partner logo is an SVG file (vector, best), or a PNG or "
                                 f"JPEG file; {suffix or 'a file without an extension'} is not supported")
        except ValueError as exc:
            problems.append(problem_at(content.data, ("partners", i, "logo"), str(exc)))
    return problems


def _future_sources(content) -> list[Problem]:
    """A cited source dated after next year is a typo: the brochure would print it (2099)."""
    from .freshness import future_sources

    return [problem_at(content.data, ("sources", sid, "year"), f"{src.year} is in the future; a figure cannot "
                       "come from a year that has not started (check the year)")
            for sid, src in future_sources(content)]


def _check_photos(content) -> list[Problem]:
    """Every photo the content places is a whole JPEG or PNG the build can convert, with the resolution
    print needs at the size the layout places it (layout/photos.frame: below MIN_PPI an error, as the
    build would find; the build also warns below GOOD_PPI); the back cover has no opener."""
    from pydantic import BaseModel

    from .content.models import Photo
    from .graphics.photo import read, resolution_problem

    problems = []
    for path, value in content.values():
        if not isinstance(value, BaseModel) or not isinstance(value, Photo):
            continue
        section = content.brochure.sections[path[1]] if path and path[0] == "sections" else None
        if len(path) == 3 and section is not None and section.kind == "contact":
            problems.append(problem_at(content.data, path, "the back cover has no opener photo; place it as a "
                                                           "portrait under contact.photo or local.photo"))
            continue
        try:
            source = read(content.root, value.file)
        except ValueError as exc:
            problems.append(problem_at(content.data, path + ("file",), str(exc)))
            continue
        place = ("cover" if section is not None and section.kind == "cover" else value.place) if len(path) == 3 \
            else "portrait"
        size = _printed_size(content, place)
        found = resolution_problem(source, *size, value.focus) if size else None
        if found and found[0] == "error":
            problems.append(problem_at(content.data, path + ("file",), found[1]))
    return problems


def _printed_size(content, place: str) -> tuple[float, float] | None:
    """The size a photo in `place` is printed at by this brochure's CMYK edition (None: it has none,
    and no edition checks resolution)."""
    from . import editions
    from .geometry import Geometry
    from .layout.photos import frame

    printed = [e for e in map(editions.get, content.brochure.meta.editions) if e.colour_space == "cmyk"]
    if not printed:
        return None
    return frame(Geometry.for_paper(content.brochure.meta.paper, 0), max(e.bleed for e in printed), place)


def count_lines(text: str, font: str, size: float, width: float, cjk: bool) -> tuple[int, float]:
    """(lines, widest unbreakable word) when `text` is set ragged right in `width`.

    The same greedy breaking reportlab's paragraphs do, without importing the paragraph engine (which
    would double the time `check` takes): at spaces, and for CJK text between any two characters."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    space = stringWidth(" ", font, size)
    lines, used, widest = 1, 0.0, 0.0
    for word in text.split():
        parts = [word] if not cjk or all(ord(ch) < 0x2E80 for ch in word) else list(word)
        for n, part in enumerate(parts):
            w = stringWidth(part, font, size)
            widest = max(widest, w if len(parts) == 1 else 0.0)
            gap = space if used and n == 0 else 0.0
            if used and used + gap + w > width:
                lines, used = lines + 1, w
            else:
                used += gap + w
    return lines, widest


def _sheet(content, theme, fonts):
    """The measuring edition's styles and page geometry (trim size, no bleed), which fixed boxes are
    measured against."""
    from .editions import MEASURE, get
    from .geometry import Geometry
    from .styles import build_styles

    edition = get(MEASURE)
    geometry = Geometry.for_paper(content.brochure.meta.paper, 0)
    return build_styles(theme, fonts, lambda role: edition.colour(theme.swatch(role)), content.lang), geometry


def fixed_box_texts(content, theme, fonts):
    """(path, text, style, width, most lines) for every text that must fit a fixed box (the boxes
    are the layout's own: layout/boxes.py)."""
    from .boxes import FIXED_BOXES

    styles, geometry = _sheet(content, theme, fonts)
    for s_index, section in enumerate(content.brochure.sections):
        for path, value in _walk(section, ("sections", s_index)):
            key = (section.kind, path[-1] if path else None)
            if key not in FIXED_BOXES or not _is_text(value):
                continue
            style_name, width_of, most = FIXED_BOXES[key]
            yield path, content.t(value), styles[style_name], width_of(geometry), most


def _check_fits(content, theme, fonts) -> list[Problem]:
    problems = []
    for path, text, style, width, most in fixed_box_texts(content, theme, fonts):
        lines, widest = count_lines(text, style.fontName, style.fontSize, width, style.wordWrap == "CJK")
        if lines > most:
            problems.append(problem_at(content.data, path,
                                       f"too long for its box: needs {lines} lines at {style.fontSize:g} pt, "
                                       f"the layout has room for {most}; shorten it"))
        longest = max(text.split(), key=len, default="")
        # CJK text breaks between any two characters, so only spaced scripts have unbreakable words.
        if content.lang != "ja" and widest > width:
            problems.append(problem_at(content.data, path,
                                       f'the word "{longest[:40]}" is wider than its box; shorten or split it'))
    styles, geometry = _sheet(content, theme, fonts)
    from .boxes import key_figure_width, row_figure_width

    for s_index, section in enumerate(content.brochure.sections):
        figures = getattr(section, "figures", None)
        if section.kind == "talent":
            problems += _check_figures(content, section, s_index, styles, key_figure_width(geometry))
        elif section.kind == "profiles" and figures:
            problems += _check_figures(content, section, s_index, styles, row_figure_width(geometry, len(figures)))
    return problems


def _check_figures(content, section, s_index, styles, width: float) -> list[Problem]:
    """A key figure is printed large on one line of its card (`width` wide): a number too long to fit
    is refused."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .numbers import Numbers

    numbers = Numbers(content.language)
    style = styles["numeral"]
    problems = []
    for i, figure in enumerate(section.figures):
        shown = numbers.more_than(figure.value) if figure.more_than else numbers.number(figure.value)
        if stringWidth(shown, style.fontName, style.fontSize) > width:
            scale, unit = next(((n, u) for n, u in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
                                if figure.value >= n), (1, ""))
            hint = f' (e.g. {figure.value / scale:.3g} with "{unit}" in the label)' if unit else ""
            problems.append(problem_at(content.data, ("sections", s_index, "figures", i, "value"),
                                       f'prints as "{shown}", too wide for its card; give it in a larger unit'
                                       f"{hint}"))
    return problems

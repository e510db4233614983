"""Directory: organisations as a table (Name | Town | Focus), as cards (a handful with long text), or
grouped by town in columns (many short names)."""

from __future__ import annotations

from reportlab.lib.units import mm

from ..blocks import (Flex, Growable, block_gap, data_cells, data_table, gap, group_gap, intro_gap, layout_table,
                      title_block)
from ...markup import esc
from ...typography import NBSP
from ..blocks_cards import card_row, growing_row
from .profiles import facts

TEMPLATE = "body"
SPANS = {"name": 4, "type": 2, "town": 2, "focus": 6}
COLUMN_ORDER = ("name", "type", "town", "focus")     # one order for every directory table
NO_TOWN = "\u2014"


def charts(section, ctx) -> dict:
    return {}


def _tag(ctx, section) -> str:
    return ctx.t(section.highlight_label) if section.highlight_label else ctx.s("highlighted")


def _cards(section, ctx, parent) -> list:
    """A handful of organisations with long descriptions, as cards two to a row (content height,
    equal within a row); entries sharing one description (three parks in one town) share a card that
    lists their names."""
    groups: list[tuple[object, list[str]]] = []
    for entry in section.entries:
        twin = next((g for g in groups if entry.focus and g[0].focus == entry.focus and g[0].town == entry.town
                     and not entry.services and not g[0].highlight and not entry.highlight), None)
        if twin:
            twin[1].append((entry.name, ctx.t(entry.status) if entry.status else ""))
        else:
            groups.append((entry, [(entry.name, "")]))
    cells = []
    for entry, names in groups:
        element = parent.add("Div")
        notes: list[str] = []
        body = [ctx.para(_tag(ctx, section), "label", element)] if entry.highlight else []
        if facts(ctx, entry):       # the town above the name(s) on every card, as on the one that lists three
            body.append(ctx.para(facts(ctx, entry), "small", element))
        if len(names) > 1:
            listing = element.add("L")
            # Several names share the card: a list of names, one to a line, each whole. A status is
            # marked on its own name and said under the list ("Leuven Noord Science Park*" ...
            # "* Under construction"): beside the name it does not fit, and under it, it would read
            # as every name's.
            marks = "*\u2020\u2021"
            for name, status in names:
                item = listing.add("LI").add("LBody")
                named = esc(ctx.finish(name)).replace(" ", NBSP)
                if status:
                    mark = marks[len(notes) % len(marks)]
                    notes.append(f"{mark}\u00a0{ctx.finish(status)}")
                    named += mark                    # the glyph itself stands high
                body.append(ctx.para(named, "tile", item, markup=True))
        else:
            body.append(ctx.para(names[0][0], "name", element, "H2"))
        if entry.focus:
            body += [gap(2), ctx.para(ctx.t(entry.focus), "body-tight", element)]
        if notes:       # at the card's foot, as a footnote to its marked names
            body += [gap(2)] + [ctx.para(note, "small", element) for note in notes]
        cells.append((6, body, "highlight" if entry.highlight else "panel"))
    # Rows take a little of the page's spare height (the map below takes the rest).
    return [growing_row(ctx, cells[i:i + 2], 8) for i in range(0, len(cells), 2)]


def _columns(section) -> list[str]:
    return [c for c in COLUMN_ORDER if c in section.columns]


def _spans(columns: list[str], lang: str = "") -> list[int]:
    spans = [SPANS[c] for c in columns]
    if lang == "ja" and "town" in columns:          # katakana town names are long: a column more
        spans[columns.index("town")] += 1
    widest = columns.index("focus") if "focus" in columns else columns.index("name")
    spans[widest] += 12 - sum(spans)
    return spans


def _table(section, ctx, parent, by_town: bool = False) -> list:
    columns = _columns(section)
    header = [ctx.s(c) for c in columns]
    rows = []
    entries = list(section.entries)
    if by_town:
        entries.sort(key=lambda e: (ctx.place(e.town).casefold() if e.town else "~", e.name.casefold()))
    for entry in entries:
        row = []
        for column in columns:
            if column == "name":
                parts = [(esc(entry.name), "cell-name")]
                extra = [ctx.t(x) for x in ((entry.type if "type" not in columns else None), entry.status) if x]
                if extra:
                    parts.append((esc(" \u00b7 ".join(extra)), "small"))
                row.append(parts)
            elif column == "town":
                row.append([(esc(ctx.place(entry.town)) if entry.town else NO_TOWN, "cell")])
            elif column == "type":
                row.append([(esc(ctx.t(entry.type) if entry.type else ""), "cell")])
            elif column == "focus":
                row.append([(esc(ctx.t(entry.focus) if entry.focus else ""), "cell")])
        rows.append(row)
    highlighted = {i for i, entry in enumerate(entries) if entry.highlight}
    spans = _spans(columns, ctx.content.lang)
    rows_n = max(1, len(rows))
    # Rows get more air (up to 3 mm above and below) when the page has room for it.
    cells = data_cells(ctx, parent, header, rows)      # the same paragraphs at every height
    return [Growable(lambda extra: data_table(ctx, cells, spans, highlighted=highlighted,
                                              row_pad=min(extra / (2 * rows_n), 3 * mm)), 6 * rows_n)]


def _fits_columns(section, ctx) -> bool:
    """Whether the grouped list fits three columns on one page (about half of it, leaving room for
    the map); a longer list is set as a table that breaks across pages with its header repeated."""
    towns = {e.town for e in section.entries}
    lines = (len(section.entries) + 2 * len(towns)) / 3
    return lines * ctx.theme.type_scale["lead"][1] < ctx.geometry.content_h * 0.55


def _by_town(section, ctx, parent) -> list:
    """Names grouped under their town, the towns in reading order (largest group first, then by name)
    down three balanced columns; the closing line ("...and many more") ends the last column."""
    if not _fits_columns(section, ctx):
        return _table(section, ctx, parent, by_town=True) + _closing(section, ctx, parent)
    towns: dict[str, list[str]] = {}
    for entry in section.entries:
        towns.setdefault(ctx.place(entry.town) if entry.town else NO_TOWN, []).append(entry.name)
    groups = [(town, sorted(names, key=str.casefold))
              for town, names in sorted(towns.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))]
    columns = _in_three(groups)
    listing = parent.add("L")
    style = "list-name"
    cells = []
    for column in columns:
        body = []
        for town, names in column:
            item = listing.add("LI")
            block = [ctx.para(town, "label", item, "Lbl")]
            inner = item.add("LBody").add("L")
            for name in names:
                block.append(ctx.para(name, style, inner.add("LI"), "LBody"))
            body += block + [gap(4)]
        cells.append((4, body))
    if section.closing:     # read after every name, as it is placed
        cells[-1][1].append(ctx.para(ctx.t(section.closing), "small", parent))
    return [layout_table(ctx, cells)]


def _in_three(groups: list) -> list[list]:
    """The groups in their order, down the first column, then the second, then the third: cut where
    the tallest column (a group's names plus two lines for its town and the gap) is shortest."""
    size = [len(names) + 2 for _, names in groups]
    n = len(groups)
    best = min(((i, j) for i in range(n + 1) for j in range(i, n + 1)),
               key=lambda ij: (max(sum(size[:ij[0]]), sum(size[ij[0]:ij[1]]), sum(size[ij[1]:])), -ij[0], -ij[1]))
    i, j = best
    return [groups[:i], groups[i:j], groups[j:]]


def _closing(section, ctx, parent) -> list:
    return [Flex(2, 3), ctx.para(ctx.t(section.closing), "small", parent)] if section.closing else []


def _map(section, ctx, parent) -> list:
    """The entries of the sections named in `map` pinned on a map of Flanders, one marker per town
    with its count, a key saying what the numbers count. The map takes the full measure at
    Flanders' own proportions, so it fills its frame."""
    from ...graphics.map import MapColours, MapFonts, alt_text, credit, map_aspect, map_drawing, pins_from_content

    pins = pins_from_content(ctx.content, list(section.map))
    if not pins:
        return []
    width = ctx.geometry.content_w
    natural = width / max(map_aspect(pins), 1.2)
    c = ctx.colour
    mapped = [s for s in ctx.content.brochure.sections if s.id in section.map]
    # Two listings on one map are told apart: this page's own in the heading colour, the other (on the
    # page before) in the accent colour, each town's entries of each counted in its own marker.
    fills = {s.id: ("heading", "white") if s.id == section.id else ("accent", "heading") for s in mapped} \
        if len(mapped) > 1 else {}
    colours = MapColours(flanders=c("panel"), elsewhere=c("white"), capital=c("zebra"), border=c("rule"),
                         outline=c("heading"), marker=c("heading"), marker_text=c("white"), label=c("text"),
                         leader=c("text"), categories={k: c(fill) for k, (fill, _) in fills.items()},
                         category_text={k: c(ink) for k, (_, ink) in fills.items()})
    fonts = MapFonts(ctx.fonts.regular, ctx.fonts.bold)
    size = ctx.theme.type_scale["source"][0]
    titles = [ctx.t(s.title) for s in mapped]
    alt = alt_text(pins, ctx.s("list_separator").join(titles), ctx.s, ctx.content.language)

    drawing = map_drawing(ctx.cache_dir, pins, width, natural, colours, fonts, label_size=size, belgium=False,
                          sea=ctx.s("north_sea") if "north_sea" in ctx.content.strings else None)  # older strings: none
    drawing.hAlign = "LEFT"
    legend = [gap(2), _legend(ctx, mapped, colours, size)] if fills else []
    return [ctx.tag(drawing, parent, "Figure", alt=alt), *legend, gap(3),
            ctx.para(f"{_map_key(section, ctx, mapped)} {credit(ctx.s)}", "source", parent)]


def _legend(ctx, mapped: list, colours, size: float):
    """Which marker colour is which listing: a marker and the listing's title for each, in a row
    (decoration for a screen reader: the key under it names the listings and the alt text counts)."""
    from reportlab.graphics.shapes import Circle, Drawing, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ...charts.vector import set_initial_state
    from ...graphics.map import marker_radius
    from ..tagging import Artifact

    r = marker_radius(1, size) * 0.7
    height = 2 * r + 1
    drawing = Drawing(ctx.geometry.content_w, height)
    x = r
    for other in mapped:
        drawing.add(Circle(x, height / 2, r, fillColor=colours.categories[other.id], strokeColor=None))
        title = ctx.t(other.title)
        drawing.add(String(x + r + 3, height / 2 - size * 0.36, title, fontName=ctx.fonts.regular, fontSize=size,
                           fillColor=colours.label))
        x += r + 3 + stringWidth(title, ctx.fonts.regular, size) + 12 + r
    set_initial_state(drawing, colours.label, ctx.fonts.regular)
    drawing.hAlign = "LEFT"
    return Artifact(drawing)


def _map_key(section, ctx, mapped: list) -> str:
    """What the numbers count: the entries per town of each mapped listing, with its page where the
    map counts more than its own page's (a reader adds up both pages, not the cards beside the map);
    and the entries that have no town, so are not on the map, by name."""
    subjects = []
    for other in mapped:
        title = ctx.t(other.title)
        page = ctx.page_numbers.get(other.id) if len(mapped) > 1 and other.id != section.id else None
        subjects.append(ctx.s("map_key_page", title=title, number=page + 1) if page is not None else title)
    if len(mapped) > 1:
        ctx.wants_page_numbers = True
    key = ctx.s("map_key", subject=ctx.s("list_separator").join(subjects))
    townless = [entry.name for other in mapped for entry in getattr(other, "entries", ()) if not entry.town]
    if townless:
        key += " " + ctx.s("map_key_townless", names=ctx.numbers.listing(townless))
    return key


def _counts(section, ctx, parent) -> list:
    """The listing in three key figures, counted from the entries: how many, in how many towns, and
    how many in the town with the most."""
    from .talent import key_figure

    towns = [ctx.place(e.town) for e in section.entries if e.town]
    if len(set(towns)) < 2:
        return []
    top = max(sorted(set(towns)), key=towns.count)
    n = ctx.numbers.number
    cells = [(4, key_figure(ctx, parent, n(len(section.entries)), ctx.s("figures_listed")), "panel"),
             (4, key_figure(ctx, parent, n(len(set(towns))), ctx.s("figures_towns")), "panel"),
             (4, key_figure(ctx, parent, n(towns.count(top)), ctx.s("figures_in_town", town=top)), "panel")]
    return [card_row(ctx, cells, space_after=0), block_gap()]


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [intro_gap()]
    if section.group_by_town and _fits_columns(section, ctx):
        out += _counts(section, ctx, parent)
    if section.layout == "cards":
        out += _cards(section, ctx, parent) + _closing(section, ctx, parent)
    elif section.group_by_town:
        out += _by_town(section, ctx, parent)
    else:
        out += _table(section, ctx, parent) + _closing(section, ctx, parent)
    if section.map:
        out += [group_gap()] + _map(section, ctx, parent)
    out += _map_elsewhere(section, ctx, parent)
    return out


def _map_elsewhere(section, ctx, parent) -> list:
    """A listing pinned on another section's map (the incubators on the science parks' page) says
    where that map is, so a reader on this page finds it."""
    for other in ctx.content.brochure.sections:
        if other.id != section.id and section.id in (getattr(other, "map", None) or ()):
            ctx.wants_page_numbers = True       # a first pass without them takes another, as the contents do
            page = ctx.page_numbers.get(other.id)
            return [gap(3), ctx.para(ctx.s("map_elsewhere", number=page + 1 if page is not None else ""), "source",
                                     parent)]
    return []

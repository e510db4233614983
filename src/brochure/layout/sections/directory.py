"""Directory: a table of organisations (name, type, town, focus), optionally grouped by town."""

from __future__ import annotations


from ..blocks import data_table, title_block
from ...markup import esc

TEMPLATE = "body"
SPANS = {"name": 4, "type": 2, "town": 2, "focus": 6}


def charts(section, ctx) -> dict:
    return {}


def _cards(section, ctx, parent) -> list:
    from reportlab.lib.units import mm

    from ..blocks_cards import card_row
    from .profiles import per_row, profile_card

    out = []
    # A handful of entries gets two wide cards per row in larger type; more get three.
    roomy = len(section.entries) <= 8
    n = 2 if roomy else per_row(len(section.entries))
    for start in range(0, len(section.entries), n):
        cells = [(12 // n, profile_card(ctx, entry, parent, "H2", large=roomy),
                  "highlight" if entry.highlight else "panel")
                 for entry in section.entries[start:start + n]]
        out.append(card_row(ctx, cells, pad=(6 if roomy else 5) * mm))
    if section.closing:
        out.append(ctx.para(ctx.t(section.closing), "caption", parent))
    return out


def _spans(columns: list[str], grouped: bool = False) -> list[int]:
    spans = [SPANS[c] for c in columns]
    if grouped:
        spans[columns.index("town")] = 3
    # The widest text column takes whatever the grid has left.
    widest = columns.index("focus") if "focus" in columns else columns.index("name")
    spans[widest] += 12 - sum(spans)
    return spans


def _name_cell(ctx, entry, columns, grouped: bool) -> list[tuple[str, str]]:
    """The name in bold; its type and status (when not a column of their own) small underneath."""
    parts = [(esc(entry.name), "cell" if grouped else "cell-name")]
    extra = [ctx.t(x) for x in ((entry.type if "type" not in columns else None), entry.status) if x]
    if extra:
        parts.append((esc(" · ".join(extra)), "cell-note"))
    return parts


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent)
    if section.layout == "cards":
        return out + _cards(section, ctx, parent)
    columns = list(section.columns)
    entries = list(section.entries)
    group_starts = set()
    if section.group_by_town:
        columns = ["town"] + [c for c in columns if c != "town"]
        entries.sort(key=lambda e: (ctx.place(e.town).casefold() if e.town else "~", e.name.casefold()))
    header = [ctx.s(c) for c in columns]
    rows, previous = [], object()
    for i, entry in enumerate(entries):
        row = []
        for column in columns:
            if column == "name":
                row.append(_name_cell(ctx, entry, columns, section.group_by_town))
            elif column == "town":
                town = ctx.place(entry.town) if entry.town else ctx.s("not_site_bound")
                if section.group_by_town:
                    if town == previous:
                        town = ""
                    else:
                        group_starts.add(i)
                        previous = town
                row.append([(esc(town), "cell-name" if section.group_by_town else "cell")])
            elif column == "type":
                row.append([(esc(ctx.t(entry.type) if entry.type else ""), "cell")])
            elif column == "focus":
                row.append([(esc(ctx.t(entry.focus) if entry.focus else ""), "cell")])
        rows.append(row)
    highlighted = {i for i, entry in enumerate(entries) if entry.highlight}
    out.append(data_table(ctx, parent, header, rows, _spans(columns, section.group_by_town), zebra=not section.group_by_town,
                          highlighted=highlighted,
                          group_starts=group_starts))
    if section.closing:
        out.append(ctx.para(ctx.t(section.closing), "caption", parent))
    return out

"""The boxes of fixed size that text must fit, in one place: the section layouts set their text in
these widths, and `check` measures the content against them before anything is laid out. Kept free
of the paragraph engine so that `check` stays light.

(section kind, field) -> (paragraph style, width for the page geometry, most lines)."""

from __future__ import annotations

from reportlab.lib.units import mm

CARD_PAD = 5 * mm           # the one inner padding of every card
COVER_COLUMNS = 12          # the cover's title block
RANK_NUMERAL_COLUMNS = 3    # the ranking band: numeral, then what is ranked
KEY_FIGURES_PER_ROW = 2     # the talent page's key-figure cards


def card_width(geo, columns: int) -> float:
    """The text width inside a card spanning `columns` grid columns."""
    return geo.span(columns) - 2 * CARD_PAD


def key_figure_width(geo) -> float:
    return card_width(geo, 12 // KEY_FIGURES_PER_ROW)


def figure_span(count: int) -> int:
    """Grid columns of each of `count` key figures set in one row (a profiles section's figures)."""
    return 12 // max(1, count)


def row_figure_width(geo, count: int) -> float:
    """The text width of each of `count` key figures in one row."""
    return card_width(geo, figure_span(count))


FIXED_BOXES = {
    ("cover", "title"): ("display-on-dark", lambda geo: geo.span(COVER_COLUMNS), 4),
    ("cover", "subtitle"): ("lead-on-dark", lambda geo: geo.span(COVER_COLUMNS), 4),
    ("cover", "kicker"): ("kicker-on-dark", lambda geo: geo.span(COVER_COLUMNS), 1),
    ("rankings", "metric"): ("name-on-dark", lambda geo: geo.span(12 - RANK_NUMERAL_COLUMNS), 3),
    ("talent", "label"): ("body-strong", key_figure_width, 3),
}

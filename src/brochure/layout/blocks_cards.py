"""Rows of equal-height coloured cards on the grid (rankings, key figures, companies)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from .blocks import _Furniture, base_commands
from .context import Context
from ..geometry import GUTTER


from ..boxes import CARD_PAD

# The last line's descent and leading already leave room under the text: a smaller bottom inset
# makes the space under the text look equal to the space above it.
BOTTOM = 0.65


def card_row(ctx: Context, cells: list[tuple[int, list[Flowable], str | None]], pad: float = CARD_PAD,
             space_after: float = GUTTER, band: str | None = None, valign: str = "TOP",
             height: float | None = None, grow: float = 0) -> Table:
    """(columns, flowables, background role or None) per card; cards in a row share one height.

    With `band`, the whole row (gutters included) sits on one background, padded at both ends like
    a card, so its text is inset from the grid exactly as card text is. `grow` adds equal room above
    and below the text of every box (a box taller than its text keeps it centred, not top-heavy)."""
    geo = ctx.geometry
    widths, row, commands = [], [], base_commands(ctx) + [("VALIGN", (0, 0), (-1, -1), valign)]
    for i, (span, flowables, background) in enumerate(cells):
        if i:
            widths.append(GUTTER)
            row.append("")
            col = len(row) - 1
            commands += [(side, (col, 0), (col, 0), 0) for side in
                         ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
        col = len(row)
        widths.append(geo.span(span))
        row.append(flowables)
        inner = pad if background else 0
        commands += [("LEFTPADDING", (col, 0), (col, 0), inner), ("RIGHTPADDING", (col, 0), (col, 0), inner),
                     ("TOPPADDING", (col, 0), (col, 0), inner * 0.8 + grow / 2 if background else 0),
                     ("BOTTOMPADDING", (col, 0), (col, 0), inner * BOTTOM + (grow / 2 if background else 0))]
        if background:
            commands.append(("BACKGROUND", (col, 0), (col, 0), ctx.colour(background)))
    if band:
        commands += [("BACKGROUND", (0, 0), (-1, 0), ctx.colour(band)),
                     ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8 + grow / 2),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), pad * BOTTOM + grow / 2)]
        commands += [("LEFTPADDING", (0, 0), (0, 0), pad), ("RIGHTPADDING", (-1, 0), (-1, 0), pad)]
    table = Table([row], colWidths=widths, rowHeights=[height] if height else None, style=TableStyle(commands),
                  hAlign="LEFT", renderCB=_Furniture(ctx), spaceAfter=space_after)
    return table


def growing_row(ctx: Context, cells, most_mm: float, **kw):
    """A card row that takes up to `most_mm` extra height when its page has room (cards stay equal)."""
    from .blocks import Growable

    natural = card_row(ctx, cells, **kw)
    return Growable(lambda extra: natural if not extra else card_row(ctx, cells, grow=extra, **kw), most_mm)

"""The horizontal bar chart, drawn with reportlab's graphics shapes (Drawing, Rect, String, Line).

Largest bar on top; the region's bar (highlight) in the 'bar' colour and its label in bold, peers in
'bar-peer'; each value printed in bold at its bar's end; category labels right-aligned in a label
column as wide as the widest label; no gridlines, one thin baseline axis in the 'rule' colour.
Every piece of text is a String in the brand's embedded fonts, so it stays real, extractable text.
"""

from __future__ import annotations

import textwrap

from ..errors import BrochureError

# Proportions of the chart area (fractions of the drawing's width and height).
MAX_LABEL_SHARE = 0.55      # the label column takes at most this share of the width
VALUE_SHARE = 0.12          # room right of the longest bar for its value
MARGIN_SHARE = 0.02         # above the top bar's slot and below the bottom one
BAR_SHARE = 0.62            # a bar's thickness as a share of its slot
LABEL_PAD = 3.5             # pt between a label's right edge and the axis
VALUE_GAP_SHARE = 0.015     # gap between a bar's end and its value, as a share of the scale
AXIS_WIDTH = 0.75           # pt
LEADING = 1.2               # line spacing of a wrapped label, in font sizes
CENTRE_DROP = 0.35          # baseline below a line's visual centre (about half the cap height), in font sizes


def wrap(label: str, width: int = 30) -> list[str]:
    """A label as lines: broken at spaces, or anywhere for CJK text (which has no spaces and whose
    characters are about twice as wide, hence half as many per line)."""
    if any(ord(ch) > 0x2E80 for ch in label):
        step = max(4, width // 2)
        return [label[i:i + step] for i in range(0, len(label), step)] or [""]
    return textwrap.wrap(label, width) or [""]


def draw_bars(spec, colours: dict[str, object], fonts, ink):
    """`spec` (a ChartSpec) as a Drawing. `colours` maps lower-case "#rrggbb" to the colour the edition
    prints (CMYK for print, RGB for screen); a role colour outside it is a bug and fails loudly."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .vector import set_initial_state

    def colour(role: str):
        key = spec.colours[role].lower()
        if key not in colours:
            raise BrochureError(f"chart colour {key} ({role}) is not a brand colour")
        return colours[key]

    width, height, size = spec.width_pt, spec.height_pt, spec.font_size
    text = colour("text")
    bars = sorted(spec.bars, key=lambda b: -b.value)
    labels = [(wrap(b.label), fonts.bold if b.highlight else fonts.regular) for b in bars]
    widest = max(stringWidth(line, font, size) for lines, font in labels for line in lines)
    axis_x = min(width * MAX_LABEL_SHARE, widest + LABEL_PAD + 1)
    plot_width = width * (1 - VALUE_SHARE) - axis_x
    top = max(b.value for b in bars) or 1.0
    scale = plot_width / (top * 1.02)
    bottom, slot = height * MARGIN_SHARE, height * (1 - 2 * MARGIN_SHARE) / len(bars)

    drawing = Drawing(width, height)
    for i, (bar, (lines, font)) in enumerate(zip(bars, labels)):
        centre = height - bottom - (i + 0.5) * slot
        thickness = slot * BAR_SHARE
        drawing.add(Rect(axis_x, centre - thickness / 2, max(bar.value, 0.0) * scale, thickness,
                         fillColor=colour("bar" if bar.highlight else "bar-peer"), strokeColor=None))
        first = centre + (len(lines) - 1) / 2 * LEADING * size - CENTRE_DROP * size
        for n, line in enumerate(lines):
            drawing.add(String(axis_x - LABEL_PAD, first - n * LEADING * size, line, fontName=font,
                               fontSize=size, fillColor=text, textAnchor="end"))
        drawing.add(String(axis_x + (max(bar.value, 0.0) + top * VALUE_GAP_SHARE) * scale,
                           centre - CENTRE_DROP * size, bar.text, fontName=fonts.bold, fontSize=size,
                           fillColor=text))
    drawing.add(Line(axis_x, bottom, axis_x, height - bottom, strokeColor=colour("rule"),
                     strokeWidth=AXIS_WIDTH))
    set_initial_state(drawing, ink, fonts.regular)
    return drawing

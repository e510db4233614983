"""Charts, drawn directly as reportlab vector graphics in the edition's colours and the brand font.

A chart is described by a ChartSpec (plain data: bars, size, colour roles as "#RRGGBB", font size);
`draw` turns it into a reportlab Drawing for one edition (bars.py). Drawing a chart takes about a
millisecond, so charts are not cached.

This package also holds the brand logos' SVG conversion (vector.py) and its `SVG` text type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str           # the value as printed at the bar end, already locale-formatted
    highlight: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """A horizontal bar chart. Colours are RGB hex by role: each edition maps them to its own colours."""

    bars: tuple[Bar, ...]
    width_pt: float
    height_pt: float
    colours: dict = field(default_factory=dict)   # role -> "#RRGGBB": bar, bar-peer, text, rule
    font_size: float = 8.0


def draw(spec: ChartSpec, colours: dict[str, object], fonts, ink):
    """The chart as a reportlab Drawing in one edition's colours (see bars.draw_bars)."""
    from .bars import draw_bars

    return draw_bars(spec, colours, fonts, ink)


class SVG(str):
    """Logo SVG text that remembers its cache folder, so each edition's converted drawing can be
    cached beside it (see vector.to_drawing). Behaves as a plain str everywhere else."""

    cache_dir: Path | None = None
    key: str = ""

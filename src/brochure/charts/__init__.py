"""Charts: data -> matplotlib figure -> SVG -> reportlab vector Drawing, cached on disk.

A chart is described by a ChartSpec (plain, hashable data). Its cache key covers everything that
changes the drawing, so matplotlib is imported only when a chart really has to be drawn.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

CODE_VERSION = "charts-1"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str           # the value as printed at the bar end, already locale-formatted
    highlight: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart depends on. Colours are RGB hex: they are mapped to the edition later."""

    kind: str                         # "bars" | "ranks"
    bars: tuple[Bar, ...]
    width_pt: float
    height_pt: float
    font_files: tuple[str, str]       # regular, bold (paths)
    colours: dict = field(default_factory=dict)   # role -> "#RRGGBB"
    axis_label: str = ""
    scale_max: float | None = None
    font_size: float = 8.0

    def key(self) -> str:
        data = asdict(self)
        data["font_digest"] = [_file_digest(p) for p in self.font_files]
        data["code"] = CODE_VERSION
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


_DIGESTS: dict[str, str] = {}


def _file_digest(path: str) -> str:
    if path not in _DIGESTS:
        _DIGESTS[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _DIGESTS[path]


def draw(spec: ChartSpec, cache_dir: Path | None = None) -> str:
    """The chart as SVG text, from the cache when possible."""
    from . import cache

    key = spec.key()
    if cache_dir is not None:
        hit = cache.get(cache_dir, key)
        if hit is not None:
            return hit
    from .render import render_svg  # imports matplotlib: only on a cache miss

    svg = render_svg(spec)
    if cache_dir is not None:
        cache.put(cache_dir, key, svg)
    return svg

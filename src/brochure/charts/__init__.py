"""Charts, drawn directly as reportlab vector graphics in the edition's colours and the brand font.

A chart is described by a ChartSpec (plain data: bars, size, colour roles as "#RRGGBB", font size);
`draw` turns it into a reportlab Drawing for one edition (bars.py). Drawing a chart takes about a
millisecond, so charts are not cached.

This package also holds what the brand logos' SVG conversion shares (vector.py, the plain-data cache
in cache.py): `SVG`, `package_version` and `_file_digest`.
"""

from __future__ import annotations

import hashlib
import os
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


_VERSIONS: dict[str, str] = {}


def package_version(name: str) -> str:
    """An installed package's version without importing it: from the .dist-info folder beside it
    (cheap), else from importlib.metadata (slower on first use), else "?"."""
    if name not in _VERSIONS:
        import importlib.util

        found = None
        try:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                site = Path(spec.origin).parent.parent
                prefix = name.lower().replace("-", "_") + "-"
                for entry in os.listdir(site):
                    low = entry.lower()
                    if low.startswith(prefix) and low.endswith(".dist-info"):
                        found = entry[len(prefix):-len(".dist-info")]
                        break
        except (ImportError, OSError, ValueError):
            pass
        if found is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found = version(name)
            except PackageNotFoundError:
                found = "?"
        _VERSIONS[name] = found
    return _VERSIONS[name]


# path -> ((mtime_ns, size), digest): a font replaced while `watch` runs gets a new digest.
_DIGESTS: dict[str, tuple[tuple[int, int], str]] = {}


def _file_digest(path: str) -> str:
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    known = _DIGESTS.get(path)
    if known is None or known[0] != stamp:
        known = (stamp, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        _DIGESTS[path] = known
    return known[1]

"""Charts: data -> matplotlib figure -> SVG -> reportlab vector Drawing, cached on disk.

A chart is described by a ChartSpec (plain, hashable data). Its cache key covers everything that
changes the drawing, so matplotlib is imported only when a chart really has to be drawn.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

CODE_VERSION = "charts-4"


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
        data["code"] = [CODE_VERSION, *_drawing_code()]
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


class SVG(str):
    """Chart SVG text that remembers its cache folder, so each edition's converted drawing can be
    cached beside it (see vector.to_drawing). Behaves as a plain str everywhere else."""

    cache_dir: Path | None = None
    key: str = ""


_CODE: list[str] = []


def _drawing_code() -> list[str]:
    """What else decides the SVG besides the spec: the drawing code itself (render.py, by content,
    so an edit there can never serve a stale chart) and the matplotlib version. Worked out once per
    process without importing matplotlib."""
    if not _CODE:
        source = hashlib.sha256((Path(__file__).parent / "render.py").read_bytes()).hexdigest()[:16]
        _CODE.extend([f"render.py {source}", f"matplotlib {package_version('matplotlib')}"])
    return _CODE


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


def draw(spec: ChartSpec, cache_dir: Path | None = None) -> str:
    """The chart as SVG text, from the cache when possible."""
    from . import cache

    key = spec.key()
    svg = cache.get(cache_dir, key) if cache_dir is not None else None
    if svg is None:
        from .render import render_svg  # imports matplotlib: only on a cache miss

        svg = render_svg(spec)
        if cache_dir is not None:
            cache.put(cache_dir, key, svg)
    out = SVG(svg)
    out.cache_dir, out.key = (Path(cache_dir) if cache_dir is not None else None), key
    return out

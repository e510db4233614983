"""The brochure's icon set (Tabler Icons, MIT; assets/icons/): an icon by name as a reportlab Drawing.

Icons are stroke-only line drawings on a 24-unit grid. Each SVG is read once (svgsafe: no entities,
no external references), parsed by svglib, and kept as plain path data; every call builds fresh
shapes in the colour handed in (a CMYK colour for print, RGB for screen), so nothing of the SVG's
own colour reaches the page. Given the build's cache folder, the parsed path data is kept there as
plain JSON keyed by the SVG's bytes, so a warm build neither parses SVG nor imports svglib.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from ..assets import default_assets

ICON_DIR = default_assets() / "icons"
GRID = 24.0                 # Tabler's viewBox
DEFAULT_STROKE = 1.75       # in grid units; Tabler draws 2, a shade lighter sits better beside text
ICON_CACHE_VERSION = "icon-1"


class UnknownIcon(ValueError):
    """An icon name that is not committed under assets/icons/ (the message suggests the closest)."""


def available_icons(folder: Path | None = None) -> list[str]:
    """Names of the committed icons, sorted ("atom", "bulb", ...)."""
    folder = Path(folder or ICON_DIR)
    return sorted(p.stem for p in folder.glob("*.svg"))


def icon_problem(name: str, folder: Path | None = None) -> str | None:
    """Why `name` is not an icon (with a did-you-mean and the choices), or None when it is one."""
    from ..errors import did_you_mean

    names = available_icons(folder)
    if name in names:
        return None
    return (f'unknown icon "{name}"{did_you_mean(name, names)}; the committed icons are: {", ".join(names)} '
            "(add another Tabler icon's SVG to assets/icons/ to use it)")


def icon(name: str, size: float, colour, font: str, *, stroke: float = DEFAULT_STROKE,
         folder: Path | None = None, cache_dir: Path | None = None):
    """A size x size pt Drawing of the icon in `colour`; `stroke` is the line width in grid units
    (1.75 of 24: at 16 pt a line is 1.2 pt). `font` is a registered brand font: reportlab opens every
    drawing by selecting a font and black, which would otherwise be Helvetica (not embedded) and RGB.
    UnknownIcon for a name not committed."""
    from reportlab.graphics.shapes import Drawing, Group, Path as RLPath

    from ..charts.vector import set_initial_state

    shapes = icon_paths(name, folder, cache_dir)
    k = size / GRID
    group = Group(transform=(k, 0, 0, -k, 0, size))         # SVG's y runs down
    for points, operators in shapes:
        group.add(RLPath(points=list(points), operators=list(operators), strokeColor=colour,
                         strokeWidth=stroke, fillColor=None, strokeLineCap=1, strokeLineJoin=1))
    drawing = Drawing(size, size)
    drawing.add(group)
    set_initial_state(drawing, colour, font)
    return drawing


def icon_paths(name: str, folder: Path | None = None, cache_dir: Path | None = None) -> tuple:
    """The icon's visible paths, (points, operators) each, in grid units (GRID x GRID, y down as in
    SVG); operators as reportlab's shapes.Path numbers them (0 move, 1 line, 2 curve, 3 close).
    UnknownIcon for a name not committed."""
    folder = Path(folder or ICON_DIR)
    path = folder / f"{name}.svg"
    stat = None
    if name and "/" not in name and "\\" not in name and not name.startswith("."):
        try:
            stat = path.stat()
        except OSError:
            pass
    if stat is None or not S_ISREG(stat.st_mode):
        raise UnknownIcon(icon_problem(name, folder))
    return _paths(str(path), stat.st_mtime_ns, stat.st_size, str(cache_dir) if cache_dir else None)


@lru_cache(maxsize=64)
def _paths(path: str, _mtime: int, _size: int, cache_dir: str | None) -> tuple:
    """The icon's visible paths as (points, operators) in grid units: from the cache folder when it
    holds this SVG's entry, else parsed (and written there)."""
    import hashlib
    import json

    from ..svgsafe import MAX_SVG_BYTES, read_svg

    if cache_dir is None:
        return _parse(path, read_svg(Path(path)))
    from .. import cache
    from ..cache import package_version

    # The entry is keyed by the file's bytes: an icon converted before was checked (read_svg) when it
    # was converted, so a hit needs the bytes only, not another parse of the SVG.
    raw = cache.read_regular(Path(path), MAX_SVG_BYTES)
    if raw is not None:
        key = hashlib.sha256(raw + f"{ICON_CACHE_VERSION} svglib {package_version('svglib')}".encode()).hexdigest()[:24]
        cached = _valid(cache.get_bytes(Path(cache_dir), f"icon-{key}.json"))
        if cached is not None:
            return cached
    data = read_svg(Path(path))
    key = hashlib.sha256(data + f"{ICON_CACHE_VERSION} svglib {package_version('svglib')}".encode()).hexdigest()[:24]
    name = f"icon-{key}.json"
    shapes = _parse(path, data)
    cache.put_bytes(Path(cache_dir), name, json.dumps([[list(p), list(o)] for p, o in shapes]).encode())
    return shapes


def _valid(raw: bytes | None) -> tuple | None:
    """A cache entry's paths if it is well formed (a damaged entry is parsed again), else None."""
    import json

    if raw is None:
        return None
    try:
        items = json.loads(raw)
        shapes = []
        for points, operators in items:
            need = sum({0: 2, 1: 2, 2: 6, 3: 0}[op] for op in operators)
            if need != len(points) or not all(isinstance(v, (int, float)) for v in points):
                return None
            shapes.append((tuple(float(v) for v in points), tuple(int(op) for op in operators)))
        return tuple(shapes) or None
    except (ValueError, TypeError, KeyError):
        return None


def _parse(path: str, data: bytes) -> tuple:
    """Tabler paints with currentColor, which svglib does not know: it is made black for parsing, so
    the one path drawn with neither stroke nor fill (the 24 x 24 bounding box) can be dropped."""
    import io

    from reportlab.graphics.shapes import Group, Path as RLPath
    from svglib.svglib import svg2rlg

    data = data.replace(b"currentColor", b"#000000")
    drawing = svg2rlg(io.BytesIO(data), resolve_entities=False)
    if drawing is None:
        raise UnknownIcon(f"{Path(path).name}: not a drawable SVG")
    found = []

    def walk(node, matrix):
        for child in getattr(node, "contents", ()):
            m = _multiply(matrix, getattr(child, "transform", None) or (1, 0, 0, 1, 0, 0))
            if isinstance(child, Group):
                walk(child, m)
            elif isinstance(child, RLPath):
                if child.strokeColor is None and child.fillColor is None:
                    continue
                pts = []
                for i in range(0, len(child.points), 2):
                    x, y = child.points[i], child.points[i + 1]
                    pts += [round(m[0] * x + m[2] * y + m[4], 4), round(m[1] * x + m[3] * y + m[5], 4)]
                found.append((tuple(pts), tuple(child.operators)))
            else:
                raise UnknownIcon(f"{Path(path).name}: holds a {type(child).__name__}; icons are paths only")

    # svglib's top group maps the 24-unit viewBox to 18 pt and flips y; undo both: grid units, y down.
    top = drawing.contents[0]
    walk(top, (1, 0, 0, 1, 0, 0))
    if not found:
        raise UnknownIcon(f"{Path(path).name}: draws nothing")
    return tuple(found)


def _multiply(a, b):
    """Affine matrices as reportlab writes them (a, b, c, d, e, f): a then b."""
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1],
            a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3],
            a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])

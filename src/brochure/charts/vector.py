"""Logo SVG text -> reportlab Drawing with every colour swapped for the edition's brand colour.

Converting is the costly part of a warm build (svglib parses the SVG, then every node is recoloured),
so a brand logo's converted drawing is kept in the cache as plain data (JSON: shape and colour class
names from a fixed list, and their attribute values), keyed by the SVG text and everything the
conversion depends on (the edition's colours, ink, font names, library versions). Nothing is
unpickled: an entry names only reportlab shapes and colours, and one that names anything else is
converted again. A hit is a fresh copy each time: the layout may change a drawing freely.
"""

from __future__ import annotations

import hashlib
import io
import math
import re

from ..errors import BrochureError

VECTOR_VERSION = "vector-3"      # the cache key also covers this file's own text, so edits count
_SOURCE: list[str] = []


def to_drawing(svg: str, colours: dict[str, object], fonts, ink, convert_unknown=None) -> "Drawing":  # noqa: F821
    """Parse the logo SVG (no entities, no network) and recolour it.

    `colours` maps lower-case "#rrggbb" to the reportlab colour the edition prints; a brand logo
    colour that is not in the brand palette fails loudly instead of printing RGB (`check` reports it
    first). Partner logos bring their own colours: with `convert_unknown` (an edition) those are
    converted. An `SVG` that knows its cache folder is converted once per edition and then read
    back from the cache.
    """
    cache_dir = getattr(svg, "cache_dir", None)
    if cache_dir is None or convert_unknown is not None:
        return _convert(svg, colours, fonts, ink, convert_unknown)
    from .. import cache

    name = f"{getattr(svg, 'key', '') or 'svg'}-{_variant(svg, colours, fonts, ink)}.rlg.json"
    drawing = from_data(cache.get_json(cache_dir, name))
    if drawing is not None:
        return drawing
    drawing = _convert(svg, colours, fonts, ink, None)
    data = to_data(drawing)
    if data is not None:
        cache.put_json(cache_dir, name, data)
    return drawing


# What a converted drawing may hold: these shapes and colours (by class name), nothing else.
_SHAPES = ("Drawing", "Group", "Path", "String", "Rect", "Circle", "Ellipse", "Line", "PolyLine", "Polygon",
           "Wedge")
_COLOURS = ("Color", "CMYKColor", "CMYKColorSep", "PCMYKColor", "PCMYKColorSep")
_ATTRIBUTE = re.compile(r"^_?[A-Za-z][A-Za-z0-9_]{0,40}$")     # no dunder names


class _NotPlain(Exception):
    pass


def to_data(drawing) -> dict | None:
    """A drawing as JSON-able plain data, or None if it holds anything outside the fixed lists."""
    from reportlab.graphics import shapes
    from reportlab.lib import colors

    def value(v):
        if v is None or isinstance(v, (bool, int, str)):
            return v
        if isinstance(v, float):
            if not math.isfinite(v):
                raise _NotPlain
            return v
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, tuple):
            return {"tuple": [value(x) for x in v]}
        name = type(v).__name__
        if name in _COLOURS and type(v) is getattr(colors, name):
            return {"colour": name, "attrs": {k: value(x) for k, x in vars(v).items()}}
        if name in _SHAPES and type(v) is getattr(shapes, name):
            out = {"shape": name, "attrs": {k: value(x) for k, x in vars(v).items()
                                            if k not in ("contents", "_attrMap")}}
            if "contents" in vars(v):
                out["contents"] = [value(c) for c in v.contents]
            return out
        raise _NotPlain

    try:
        data = value(drawing)
    except _NotPlain:
        return None
    return data if isinstance(data, dict) and data.get("shape") == "Drawing" else None


def from_data(data):
    """The drawing `to_data` described, or None when `data` is anything else (it is converted again)."""
    if not isinstance(data, dict) or data.get("shape") != "Drawing":
        return None
    try:
        return _Reader().value(data, 0)
    except (_NotPlain, TypeError, ValueError, AttributeError, RecursionError):
        return None


class _Reader:
    """Rebuilds the shapes and colours `to_data` wrote; anything outside its fixed lists raises _NotPlain."""

    def __init__(self) -> None:
        from reportlab.graphics import shapes
        from reportlab.lib import colors

        self.shapes, self.colors = shapes, colors

    def value(self, v, depth: int):
        if depth > 200:
            raise _NotPlain
        if v is None or isinstance(v, (bool, int, str)):
            return v
        if isinstance(v, float):
            if not math.isfinite(v):
                raise _NotPlain
            return v
        if isinstance(v, list):
            return self._list(v, depth)
        if not isinstance(v, dict):
            raise _NotPlain
        if set(v) == {"tuple"} and isinstance(v["tuple"], list):
            return tuple(self.value(v["tuple"], depth + 1))
        return self._object(v, depth)

    def _list(self, v: list, depth: int) -> list:
        if all(type(x) is float or type(x) is int for x in v):     # path points: the bulk of a drawing
            if not all(map(math.isfinite, v)):
                raise _NotPlain
            return v
        return [self.value(x, depth + 1) for x in v]

    def _object(self, v: dict, depth: int):
        """A shape or colour: {"shape" | "colour": class name, "attrs": {...}, "contents": [...] (groups)}."""
        kind = "colour" if "colour" in v else "shape"
        name, attrs = v.get(kind), v.get("attrs")
        if name not in (_COLOURS if kind == "colour" else _SHAPES) or not isinstance(attrs, dict) or \
                not set(v) <= {kind, "attrs", "contents"} or (kind == "colour" and "contents" in v):
            raise _NotPlain
        cls = getattr(self.colors if kind == "colour" else self.shapes, name)
        obj = cls.__new__(cls)
        for key, item in attrs.items():
            if not _ATTRIBUTE.match(key):
                raise _NotPlain
            obj.__dict__[key] = self.value(item, depth + 1)
        if kind == "shape":
            self._contents(obj, cls, v, depth)
        return obj

    def _contents(self, obj, cls, v: dict, depth: int) -> None:
        """A group's children (shapes only); any other shape has none."""
        if not isinstance(obj, self.shapes.Group):
            if "contents" in v:
                raise _NotPlain
            return
        obj.__dict__["_attrMap"] = cls._attrMap.clone()     # as Group.__init__ does: one per instance
        contents = v.get("contents", [])
        if not isinstance(contents, list):
            raise _NotPlain
        obj.__dict__["contents"] = [self.value(c, depth + 1) for c in contents]
        if not all(isinstance(c, self.shapes.Shape) for c in obj.contents):
            raise _NotPlain


def _colour_id(colour) -> str:
    if colour is None:
        return "None"
    return f"{type(colour).__module__}.{type(colour).__qualname__}{sorted(vars(colour).items())!r}"


def _variant(svg: str, colours: dict, fonts, ink) -> str:
    """Digest of everything the converted drawing depends on: the SVG text, the edition's colour
    mapping and ink (CMYK for print, RGB for screen), the font names, this code and the libraries."""
    import sys

    import reportlab

    from ..cache import file_digest, package_version

    if not _SOURCE:
        from pathlib import Path

        _SOURCE.append(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16])
    parts = [VECTOR_VERSION, _SOURCE[0], f"reportlab {reportlab.Version}", f"svglib {package_version('svglib')}",
             f"python {sys.version_info[:2]}", hashlib.sha256(str(svg).encode("utf-8")).hexdigest(),
             _colour_id(ink), repr((fonts.family, fonts.regular, fonts.semibold, fonts.bold, fonts.italic))]
    parts += [f"{k}={_colour_id(v)}" for k, v in sorted(colours.items())]
    # svglib measures text (anchors) with the registered fonts: their files count too.
    parts += [f"{w}={file_digest(str(p))}" for w, p in sorted(getattr(fonts, "files", {}).items())]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def _convert(svg: str, colours: dict[str, object], fonts, ink, convert_unknown) -> "Drawing":  # noqa: F821
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), resolve_entities=False)
    if drawing is None:
        raise BrochureError("a logo could not be converted to vector graphics")
    recolour = _Recolour(colours, {fonts.regular, fonts.bold, fonts.semibold, fonts.italic}, convert_unknown)
    for child in drawing.contents:
        recolour.walk(child)
    set_initial_state(drawing, ink, fonts.regular)
    return drawing


class _Recolour:
    """Swaps every colour of a converted logo for the edition's brand colour, and checks its fonts."""

    def __init__(self, colours: dict[str, object], fonts: set[str], convert_unknown) -> None:
        from reportlab.graphics.shapes import Group, Path, String
        from svglib.svglib import ClippingPath, NoStrokePath

        self.colours, self.fonts, self.convert_unknown = colours, fonts, convert_unknown
        self.Group, self.Path, self.String = Group, Path, String
        self.ClippingPath, self.NoStrokePath = ClippingPath, NoStrokePath

    def walk(self, node) -> None:
        self._plain(node)
        if getattr(node, "isClipPath", False):
            return  # a clip path paints nothing; its default black never reaches the page
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, self._swap(getattr(node, attr)))
        if isinstance(node, self.String) and node.fontName not in self.fonts:
            raise BrochureError(f"logo text uses font {node.fontName!r}, not the brand font")
        if isinstance(node, self.Group):
            for child in node.contents:
                self.walk(child)

    def _swap(self, colour):
        if colour is None:
            return None
        key = "#" + colour.hexval()[2:].lower()[-6:]
        if key not in self.colours and self.convert_unknown is not None:
            from ..brand import Swatch

            r, g, b = (int(key[i:i + 2], 16) / 255 for i in (1, 3, 5))
            k = 1 - max(r, g, b)
            cmy = [0.0, 0.0, 0.0] if k >= 1 else [(1 - v - k) / (1 - k) for v in (r, g, b)]
            self.colours[key] = self.convert_unknown.colour(Swatch(key, key.upper(), (*cmy, k)))
        if key not in self.colours:
            raise BrochureError(f"logo colour {key} is not a brand colour")
        return self.colours[key]

    def _plain(self, node) -> None:
        """svglib's two Path subclasses as plain Paths with the same effect, so a cached drawing
        loads without importing svglib: their only difference is the paint they leave out."""
        if type(node) is self.ClippingPath:
            node.__dict__.update(fillColor=None, strokeColor=None)
        elif type(node) is self.NoStrokePath:
            node.__dict__.update(strokeWidth=0, strokeColor=None)
        else:
            return
        object.__setattr__(node, "__class__", self.Path)  # reportlab's own __setattr__ would file it as data


def set_initial_state(drawing, ink, font: str) -> None:
    """reportlab starts every drawing in RGB black and Helvetica; start it in the edition's ink and font.

    Otherwise each page with a drawing selects an unembedded Helvetica and sets RGB black, even when
    nothing is drawn with them. The renderer reads `initial*` attributes off the drawing, but
    Drawing's attribute validation does not list them, so they go into the instance dict directly."""
    drawing.__dict__["initialStrokeColor"] = ink
    drawing.__dict__["initialFillColor"] = ink
    drawing.__dict__["initialFontName"] = font

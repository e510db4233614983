"""SVG text -> reportlab Drawing with every colour swapped for the edition's brand colour."""

from __future__ import annotations

import io

from ..errors import BrochureError


def to_drawing(svg: str, colours: dict[str, object], fonts, ink, convert_unknown=None) -> "Drawing":  # noqa: F821
    """Parse the chart SVG (no entities, no network) and recolour it.

    `colours` maps lower-case "#rrggbb" to the reportlab colour the edition prints; a colour that is
    not in the brand palette is a bug in the chart code, so it fails loudly instead of printing RGB.
    Partner logos bring their own colours: with `convert_unknown` (an edition) those are converted.
    """
    from reportlab.graphics.shapes import Group, String
    from svglib.svglib import svg2rlg

    from ..fonts import register_for_charts

    register_for_charts(fonts)
    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), resolve_entities=False)
    if drawing is None:
        raise BrochureError("a chart could not be converted to vector graphics")
    allowed = {fonts.regular, fonts.bold, fonts.semibold, fonts.italic}

    def swap(colour):
        if colour is None:
            return None
        key = "#" + colour.hexval()[2:].lower()[-6:]
        if key not in colours and convert_unknown is not None:
            from ..brand import Swatch

            r, g, b = (int(key[i:i + 2], 16) / 255 for i in (1, 3, 5))
            k = 1 - max(r, g, b)
            cmy = [0.0, 0.0, 0.0] if k >= 1 else [(1 - v - k) / (1 - k) for v in (r, g, b)]
            colours[key] = convert_unknown.colour(Swatch(key, key.upper(), (*cmy, k)))
        if key not in colours:
            raise BrochureError(f"chart colour {key} is not a brand colour")
        return colours[key]

    def walk(node):
        if getattr(node, "isClipPath", False):
            return  # a clip path paints nothing; its default black never reaches the page
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, swap(getattr(node, attr)))
        if isinstance(node, String) and node.fontName not in allowed:
            raise BrochureError(f"chart text uses font {node.fontName!r}, not the brand font")
        if isinstance(node, Group):
            for child in node.contents:
                walk(child)

    for child in drawing.contents:
        walk(child)
    set_initial_colours(drawing, ink)
    return drawing


def set_initial_colours(drawing, ink) -> None:
    """reportlab starts every drawing with RGB black stroke and fill; start it with the edition's ink.

    The renderer reads `initialStrokeColor`/`initialFillColor` off the drawing, but Drawing's attribute
    validation does not list them, so they go into the instance dict directly."""
    drawing.__dict__["initialStrokeColor"] = ink
    drawing.__dict__["initialFillColor"] = ink

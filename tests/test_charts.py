"""The bar chart drawn with reportlab graphics: edition colours, brand fonts, real text, the look
(largest on top, region highlighted, values in bold at the bar ends, one thin axis, no gridlines)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Line, Rect, String
from reportlab.lib.colors import CMYKColor

from brochure import charts
from brochure.charts import Bar, ChartSpec
from brochure.errors import BrochureError

from conftest import ASSETS

ROLES = ("bar", "bar-peer", "text", "rule", "muted")


@pytest.fixture(scope="module")
def brand():
    from brochure.brand import load_theme
    from brochure.fonts import register

    theme = load_theme(ASSETS / "brand.yml")
    return theme, register(theme, "en")


def _spec(theme, size=9.0) -> ChartSpec:
    bars = (Bar("Germany", 0.3, "0.3"), Bar("Flanders", 2.2, "2.2", True), Bar("France", 1.5, "1.5"),
            Bar("A label long enough to be wrapped onto a second line", 1.0, "1.0"))
    return ChartSpec(bars, 480.0, 4 * 31 + 23, {r: theme.swatch(r).rgb for r in ROLES}, font_size=size)


def _draw(brand, edition_name, spec=None):
    from brochure.editions import get

    theme, fonts = brand
    edition = get(edition_name)
    colours = {s.rgb.lower(): edition.colour(s) for s in theme.swatches.values()}
    ink = edition.colour(theme.swatch("text"))
    return charts.draw(spec or _spec(theme), colours, fonts, ink), edition, ink


def _shapes(drawing, kind):
    return [s for s in drawing.contents if isinstance(s, kind)]


@pytest.mark.parametrize("edition_name", ["print", "screen"])
def test_chart_in_edition_colours_and_brand_fonts(brand, edition_name):
    theme, fonts = brand
    drawing, edition, ink = _draw(brand, edition_name)
    paints = [s.fillColor for s in _shapes(drawing, (Rect, String))] + [s.strokeColor for s in _shapes(drawing, Line)]
    if edition_name == "print":
        assert all(isinstance(c, CMYKColor) for c in paints), paints
    else:
        assert not any(isinstance(c, CMYKColor) for c in paints), paints
    bars = _shapes(drawing, Rect)
    assert [b.fillColor for b in bars] == [edition.colour(theme.swatch("bar"))] + \
        [edition.colour(theme.swatch("bar-peer"))] * 3
    # The drawing starts in the brand ink and font, not reportlab's RGB black and Helvetica.
    assert drawing.initialFillColor == ink and drawing.initialStrokeColor == ink
    assert drawing.initialFontName == fonts.regular
    assert {s.fontName for s in _shapes(drawing, String)} <= {fonts.regular, fonts.bold}


def test_chart_look(brand):
    theme, fonts = brand
    drawing, _, _ = _draw(brand, "screen")
    bars = _shapes(drawing, Rect)
    assert [b.width for b in bars] == sorted((b.width for b in bars), reverse=True), "largest first"
    assert [b.y for b in bars] == sorted((b.y for b in bars), reverse=True), "first on top"
    strings = _shapes(drawing, String)
    values = [s for s in strings if s.text in ("2.2", "1.5", "1.0", "0.3")]
    assert [v.text for v in values] == ["2.2", "1.5", "1.0", "0.3"]
    assert all(v.fontName == fonts.bold for v in values)
    for bar, value in zip(bars, values):          # each value just after its bar's end, on its centre line
        assert 0 < value.x - (bar.x + bar.width) < 10
        assert bar.y <= value.y <= bar.y + bar.height
    labels = [s for s in strings if s not in values]
    assert all(s.textAnchor == "end" for s in labels)
    assert len({s.x for s in labels}) == 1 and labels[0].x < bars[0].x, "one right-aligned label column"
    assert [s.fontName for s in labels if s.text == "Flanders"] == [fonts.bold]
    assert len([s for s in labels if s.text != "Flanders"]) == 4, "the long label takes two lines"
    assert all(s.fontSize == 9.0 for s in strings)
    [axis] = _shapes(drawing, Line)         # one baseline axis, no gridlines
    assert axis.x1 == axis.x2 == bars[0].x and axis.strokeWidth < 1
    assert axis.strokeColor == _draw(brand, "screen")[1].colour(theme.swatch("rule"))


def test_a_colour_outside_the_palette_fails_loudly(brand):
    theme, _ = brand
    spec = _spec(theme)
    odd = ChartSpec(spec.bars, spec.width_pt, spec.height_pt, {**spec.colours, "bar": "#123456"})
    with pytest.raises(BrochureError, match="#123456"):
        _draw(brand, "print", odd)

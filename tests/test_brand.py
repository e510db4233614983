"""The brand file: standard brand.yml readers accept it, and every colour has both definitions."""

from __future__ import annotations

from conftest import REPO


def test_brand_yml_package_reads_the_brand_file():
    from brand_yml import Brand

    brand = Brand.from_yaml(REPO / "assets" / "brand.yml")
    assert brand.color.palette["blue"].upper() == "#0B3A6F"
    assert brand.defaults["brochure"]["cmyk"]["blue"] == [100, 72, 12, 30]
    assert {f.family for f in brand.typography.fonts} == {"Noto Sans", "BIZ UDPGothic"}


def test_every_palette_colour_has_cmyk_and_rgb_and_every_role_a_colour():
    from brochure.brand import ROLES, load_theme

    theme = load_theme(REPO / "assets" / "brand.yml")
    for swatch in theme.swatches.values():
        assert swatch.rgb.startswith("#") and len(swatch.cmyk) == 4
        assert all(0 <= v <= 1 for v in swatch.cmyk)
    for role in ROLES:
        assert theme.swatch(role) is not None
    # Text and greys print on the black plate alone.
    for role in ("text", "muted"):
        c, m, y, _ = theme.swatch(role).cmyk
        assert (c, m, y) == (0, 0, 0), role


def _brand_with(tmp_path, old: str, new: str):
    import shutil

    shutil.copytree(REPO / "assets", tmp_path / "assets")
    path = tmp_path / "assets" / "brand.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _problems(path) -> str:
    import pytest

    from brochure.brand import load_theme
    from brochure.errors import BrochureError

    with pytest.raises(BrochureError) as raised:
        load_theme(path)
    return str(raised.value)


def test_type_scale_is_refused_when_unprintable_with_the_line_and_step(tmp_path):
    """Every step of the type scale is checked: too small to read, too large for a page, line spacing
    under the size, a step missing; each named with its line in brand.yml."""
    cases = [
        ("      source: [7, 9]", "      source: [4, 9]", "source", "below 6 pt"),
        ("      display: [44, 48]", "      display: [250, 260]", "display", "larger than any page can hold"),
        ("      body: [9.5, 13.5]", "      body: [9.5, 0]", "body", "line spacing 0 pt is less than the type size"),
        ("      small: [8, 11]        # labels, captions, table heads, contents\n", "", "type",
         'type size "small" is missing'),
    ]
    for n, (old, new, step, says) in enumerate(cases):
        path = _brand_with(tmp_path / str(n), old, new)
        message = _problems(path)
        assert "assets/brand.yml:" in message and step in message and says in message, message

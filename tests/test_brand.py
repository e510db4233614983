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

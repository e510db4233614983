"""The icon set: every committed icon draws, in the colour asked for (CMYK stays CMYK in the PDF), at
the size asked for; unknown names get a did-you-mean; the parsed icons are cached as plain data; in the
shipped content one icon stands for one thing."""

from __future__ import annotations

import re
from collections import defaultdict

import pikepdf
import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group, Path as RLPath
from reportlab.lib.colors import CMYKColor, HexColor

from conftest import ASSETS, CONTENT

from brochure.brand import load_theme
from brochure.fonts import register
from brochure.graphics import icons

ICON_DIR = ASSETS / "icons"
COMMITTED = sorted(p.stem for p in ICON_DIR.glob("*.svg"))
BLUE_CMYK = CMYKColor(1, 0.6, 0, 0.4)


@pytest.fixture(scope="module")
def font() -> str:
    return register(load_theme(ASSETS / "brand.yml"), "en").regular


def paths(node):
    for child in getattr(node, "contents", ()):
        if isinstance(child, Group):
            yield from paths(child)
        else:
            yield child


def test_the_set_is_committed_with_its_licence():
    assert 12 <= len(COMMITTED) <= 30
    assert icons.available_icons() == COMMITTED
    licence = (ICON_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Paweł Kuna" in licence
    readme = (ICON_DIR / "README.md").read_text(encoding="utf-8")
    for name in COMMITTED:
        assert re.search(rf"\b{re.escape(name)}\b", readme), f"{name} is not listed in assets/icons/README.md"


@pytest.mark.parametrize("name", COMMITTED)
def test_every_icon_draws_in_the_colour_and_size_asked_for(name, font):
    drawing = icons.icon(name, 16, BLUE_CMYK, font)
    assert (drawing.width, drawing.height) == (16, 16)
    shapes = list(paths(drawing))
    assert shapes and all(isinstance(s, RLPath) and len(s.points) >= 4 for s in shapes)
    assert all(s.strokeColor is BLUE_CMYK and s.fillColor is None for s in shapes)
    x0, y0, x1, y1 = drawing.getBounds()
    assert -0.5 <= x0 and -0.5 <= y0 and x1 <= 16.5 and y1 <= 16.5      # inside its box (plus half a line)
    assert x1 - x0 > 6 and y1 - y0 > 6                                  # and not a speck


def test_icons_print_in_cmyk_only_with_no_helvetica(tmp_path, font):
    out = tmp_path / "icons.pdf"
    renderPDF.drawToFile(icons.icon("atom", 24, BLUE_CMYK, font), str(out))
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        ops = [(str(op), [float(v) for v in operands] if str(op) in ("K", "k") else [])
               for operands, op in pikepdf.parse_content_stream(page)]
        fonts = {str(f.get("/BaseFont")) for f in page.Resources.get("/Font", {}).values()}
        images = list(page.get_images())
    names = {op for op, _ in ops}
    assert "K" in names and not {"rg", "RG", "g", "G"} & names
    assert [1.0, 0.6, 0.0, 0.4] in [v for op, v in ops if op == "K"]
    assert "S" in names                                  # stroked lines, not filled shapes
    assert not images and all("Helvetica" not in f for f in fonts)


def test_screen_colour_is_used_as_given(font):
    rgb = HexColor("#0B3A6F")
    assert all(s.strokeColor is rgb for s in paths(icons.icon("pill", 12, rgb, font)))


def test_an_unknown_name_suggests_the_closest(font):
    with pytest.raises(icons.UnknownIcon) as err:
        icons.icon("atm", 16, BLUE_CMYK, font)
    message = str(err.value)
    assert 'unknown icon "atm" (did you mean "atom"?)' in message
    assert all(name in message for name in COMMITTED)
    assert icons.icon_problem("atom") is None
    assert 'did you mean "rocket"' in icons.icon_problem("rockets")


@pytest.mark.parametrize("name", ["../brand", "/etc/passwd", ".hidden", ""])
def test_names_cannot_reach_outside_the_icon_folder(name, font):
    with pytest.raises(icons.UnknownIcon):
        icons.icon(name, 16, BLUE_CMYK, font)


def test_stroke_width_is_in_grid_units(font):
    thin = next(paths(icons.icon("users", 24, BLUE_CMYK, font, stroke=1)))
    assert thin.strokeWidth == 1


def test_parsed_icons_are_cached_as_plain_data(tmp_path, monkeypatch, font):
    folder = tmp_path / "icons"
    folder.mkdir()
    (folder / "pill.svg").write_bytes((ICON_DIR / "pill.svg").read_bytes())
    cache = tmp_path / "cache"
    first = icons.icon("pill", 16, BLUE_CMYK, font, folder=folder, cache_dir=cache)
    entries = list(cache.glob("icon-*.json"))
    assert len(entries) == 1
    icons._paths.cache_clear()

    def no_parse(*_):
        raise AssertionError("parsed again although the cache holds the icon")

    monkeypatch.setattr(icons, "_parse", no_parse)
    again = icons.icon("pill", 16, BLUE_CMYK, font, folder=folder, cache_dir=cache)
    flat = [[round(v, 3) for v in s.points] for s in paths(first)]
    assert [[round(v, 3) for v in s.points] for s in paths(again)] == flat
    # a damaged entry is not trusted: it is parsed again
    entries[0].write_text('[[[1, 2, 3], [0]]]', encoding="utf-8")
    icons._paths.cache_clear()
    with pytest.raises(AssertionError, match="parsed again"):
        icons.icon("pill", 16, BLUE_CMYK, font, folder=folder, cache_dir=cache)
    icons._paths.cache_clear()


def test_an_svg_that_is_not_an_icon_is_refused(tmp_path, font):
    folder = tmp_path / "icons"
    folder.mkdir()
    (folder / "evil.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]>'
                                     '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>',
                                     encoding="utf-8")
    (folder / "empty.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>',
                                      encoding="utf-8")
    with pytest.raises(ValueError):
        icons.icon("evil", 16, BLUE_CMYK, font, folder=folder)
    with pytest.raises(icons.UnknownIcon, match="draws nothing"):
        icons.icon("empty", 16, BLUE_CMYK, font, folder=folder)


def _words(text) -> str:
    """A content text as words (a text in several languages: its English)."""
    return str(text.get("en", next(iter(text.values()), ""))) if isinstance(text, dict) else str(text)


def _icon_uses(node, where: str = ""):
    """(icon, what it stands for, where) for every icon the content names: a section's stands for the
    section, a figure's, step's or field's for its own words."""
    from pydantic import BaseModel

    if isinstance(node, BaseModel):
        here = node.id if isinstance(getattr(node, "id", None), str) else where
        if getattr(node, "icon", None):
            meaning = next((_words(getattr(node, name)) for name in ("id", "label", "text", "name", "title")
                            if getattr(node, name, None)), here)
            yield node.icon, meaning, here
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name.endswith("_icons"):        # one per entry of its sibling list ("medtech_fields")
                for i, (icon, words) in enumerate(zip(value, getattr(node, name[:-len("_icons")] + "_fields"))):
                    yield icon, _words(words), f"{here}.{name}[{i}]"
            else:
                yield from _icon_uses(value, f"{here}.{name}")
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _icon_uses(item, f"{where}[{i}]")


@pytest.mark.parametrize("mission", [None, "boston-bio", "germany-mission", "japan-partnering"])
def test_one_icon_stands_for_one_thing(mission):
    """A reader learns an icon once: the icon of a section, a key figure, a step or a field is not
    also the icon of something else in the same brochure (a section opener never doubles as a
    figure's icon, two figures never share one)."""
    from brochure.content import load

    from brochure.layout.padding import ICONS, SERVICE_ICON

    uses = list(_icon_uses(load(CONTENT, mission).brochure.sections))
    # and the pages that pad an edition to a multiple of four, when it needs them
    uses += [(icon, f"padding page: {kind}", f"padding.{kind}") for kind, icon in ICONS.items()]
    uses.append((SERVICE_ICON, "a service of the welcome team", "padding.team.services"))
    assert len(uses) >= 15 and {"research", "biopharma.medtech_icons[0]"} <= {w for _, _, w in uses}
    meanings: dict[str, dict[str, str]] = defaultdict(dict)
    for icon, meaning, where in uses:
        meanings[icon].setdefault(meaning, where)
    shared = {icon: sorted(f"{where} ({meaning[:50]})" for meaning, where in said.items())
              for icon, said in meanings.items() if len(said) > 1}
    assert not shared, "icons that stand for more than one thing: " + "; ".join(
        f"{icon}: {', '.join(places)}" for icon, places in sorted(shared.items()))

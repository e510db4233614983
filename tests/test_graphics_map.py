"""The map of Flanders: boundary data, town positions, fitting, label placement, alt text, errors.

Expected counts and towns are read from the YAML files themselves, not from the code under test.
The drawings are rendered to PDF and read back (text, colour operators) where a reader or a print
shop would look."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group, Polygon, String
from reportlab.lib.colors import CMYKColor

from conftest import ASSETS, CONTENT, REPO

from brochure.brand import load_theme
from brochure.content import load
from brochure.errors import ContentError
from brochure.fonts import register
from brochure.graphics import map as gmap

MISSIONS = (None, "boston-bio", "germany-mission", "japan-partnering")
DIRECTORIES = [s["id"] for s in yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sections"]
               if s["kind"] == "directory"]
FRAMES = ((480, 300), (300, 420), (520, 160), (340, 260))   # a column, a page, a band, a box


def colours() -> gmap.MapColours:
    def c(*cmyk):
        return CMYKColor(*cmyk)

    return gmap.MapColours(flanders=c(0, 0, 0, 0.25), elsewhere=c(0, 0, 0, 0.07), capital=c(0, 0, 0, 0.12),
                           border=c(0, 0, 0, 0), outline=c(0, 0, 0, 0.55), marker=c(1, 0.6, 0, 0.4),
                           marker_text=c(0, 0, 0, 0), label=c(0, 0, 0, 1), leader=c(0, 0, 0, 0.7))


def fonts_for(content) -> gmap.MapFonts:
    names = register(load_theme(ASSETS / "brand.yml"), content.language)
    return gmap.MapFonts(names.regular, names.bold)


def draw(content, sections, size=(480, 300)):
    pins = gmap.pins_from_content(content, sections)
    return pins, gmap.draw_map(pins, size[0], size[1], colours(), fonts_for(content))


def shapes(node):
    for child in getattr(node, "contents", ()):
        if isinstance(child, Group):
            yield from shapes(child)
        else:
            yield child


# --- data -------------------------------------------------------------------------------------------

def test_boundary_file_is_small_with_the_flemish_provinces_and_its_licence():
    path = ASSETS / "geo" / "belgium.json"
    assert path.stat().st_size < 60_000
    data = json.loads(path.read_text(encoding="utf-8"))
    flemish = sorted(p["name"] for p in data["provinces"] if p["region"] == data["flemish_region"])
    assert flemish == ["Antwerp", "East Flanders", "Flemish Brabant", "Limburg", "West Flanders"]
    assert any(p["region"] == gmap.CAPITAL_REGION for p in data["provinces"])
    assert data["outline"] and data["flanders"]
    readme = (ASSETS / "geo" / "README.md").read_text(encoding="utf-8")
    for word in ("Natural Earth", "public domain", "scripts/make_map_data.py", "GeoNames", "2026-"):
        assert word in readme
    assert "public domain" in (ASSETS / "geo" / "LICENSE-NaturalEarth.md").read_text(encoding="utf-8")
    assert "Attribution" in (ASSETS / "geo" / "NOTICE-GeoNames.md").read_text(encoding="utf-8")


def test_projection_is_the_one_the_data_script_used():
    spec = importlib.util.spec_from_file_location("make_map_data", REPO / "scripts" / "make_map_data.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    proj = gmap.load_geo().projection
    for lon, lat in ((3.7167, 51.05), (5.34, 50.93), (2.5, 51.1), (6.4, 49.5)):
        assert gmap.project(lon, lat, proj) == pytest.approx(script.project(lon, lat, proj))


def test_every_town_an_entry_names_has_coordinates():
    places = yaml.safe_load((CONTENT / "places.yaml").read_text(encoding="utf-8"))
    files = [CONTENT / "brochure.yaml", *sorted((CONTENT / "missions").glob("*.yaml"))]
    towns = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        towns |= {t.strip() for t in re.findall(r"(?<![\w])town: ([^,}\n]+)", text)}
    assert towns
    for town in sorted(towns):
        assert town in places, town
        coords = places[town].get("coords", "missing")
        assert coords is None or (len(coords) == 2 and 49.4 < coords[0] < 51.6 and 2.5 < coords[1] < 6.5), town


# --- drawing ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", FRAMES)
def test_map_fills_its_frame_and_draws_nothing_outside_it(size):
    content = load(CONTENT)
    _, layout = draw(content, ["cros"], size)
    w, h = size
    inner_w, inner_h = w - 8, h - 8
    box = layout.flanders_box
    # Flanders spans the frame in its limiting direction (less the pad that keeps edge labels inside)
    assert box.w >= 0.9 * inner_w or box.h >= 0.9 * inner_h
    # and sits against the top: the room below shows the rest of Belgium, not a band of empty sea.
    assert h - 4 - (box.y + box.h) <= 0.1 * inner_h
    x0, y0, x1, y1 = layout.drawing.getBounds()
    assert x0 >= -0.01 and y0 >= -0.01 and x1 <= w + 0.01 and y1 <= h + 0.01
    land = [s for s in shapes(layout.drawing) if isinstance(s, Polygon)]
    assert all(0 <= v <= w + 0.01 for s in land for v in s.points[0::2])     # clipped, not spilling


@pytest.mark.parametrize("height", (120, 200, 320))
def test_a_frame_of_the_maps_aspect_is_filled_both_ways(height):
    content = load(CONTENT)
    pins = gmap.pins_from_content(content, ["cros"])
    width = (height - 8) * gmap.map_aspect(pins) + 8
    layout = gmap.draw_map(pins, width, height, colours(), fonts_for(content))
    assert layout.flanders_box.w >= 0.9 * (width - 8) and layout.flanders_box.h >= 0.9 * (height - 8)


def _assert_no_collision(layout, allowed=()):
    """No label overlaps another label, a marker, a leader line or the frame's edge; markers do not
    overlap. Towns in `allowed` (reported as unplaced) are left out of the label checks."""
    assert set(layout.unplaced) <= set(allowed)
    inner = gmap.Box(4, 4, layout.width - 8, layout.height - 8)
    labels = [lab for lab in layout.labels if lab.town not in layout.unplaced]
    for label in labels:
        assert label.box.inside(inner), label
    for a, b in itertools.combinations(labels, 2):
        assert not a.box.overlaps(b.box), (a.town, b.town)
    for label in labels:
        for m in layout.markers:
            assert not gmap._circle_hits_box(m.x, m.y, m.r, label.box), (label.town, m.town)
    for a, b in itertools.combinations(layout.markers, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, (a.town, b.town)
    for label in labels:
        for other in labels:
            if other.leader and other is not label:
                assert not gmap._segment_hits_box(other.leader, label.box), (label.town, other.town)
    assert layout.label_size >= gmap.MIN_LABEL_SIZE
    _assert_unambiguous(layout, labels)


def _edge_gap(marker, box) -> float:
    nx = min(max(marker.x, box.x), box.x + box.w)
    ny = min(max(marker.y, box.y), box.y + box.h)
    return max(0.0, math.hypot(marker.x - nx, marker.y - ny) - marker.r)


def _assert_unambiguous(layout, labels):
    """A label set beside its marker (no leader line) is nearer its own marker than any other, by at
    least a third of the label size: a reader never has to guess which town a name belongs to."""
    by_town = {m.town: m for m in layout.markers}
    for label in labels:
        if label.leader:
            continue
        own = _edge_gap(by_town[label.town], label.box)
        for m in layout.markers:
            if m.town != label.town:
                assert _edge_gap(m, label.box) >= own + layout.label_size / 3, (label.town, m.town)


@pytest.mark.parametrize("mission", MISSIONS)
def test_two_names_on_one_line_are_set_apart(mission):
    """Two labels that share a line are at least a line's height apart side by side: closer, they
    read as one name ("Leuven Diepenbeek"). Checked on the directory maps of the shipped editions."""
    content = load(CONTENT, mission)
    pins, layout = draw(content, DIRECTORIES, FRAMES[0])
    assert not layout.unplaced
    labels = [lab for lab in layout.labels if not lab.leader]
    for a, b in itertools.combinations(labels, 2):
        same_line = a.box.y < b.box.y + b.box.h and b.box.y < a.box.y + a.box.h
        if same_line:
            gap = max(b.box.x - (a.box.x + a.box.w), a.box.x - (b.box.x + b.box.w))
            assert gap >= a.box.h, (a.town, b.town, round(gap, 1))


@pytest.mark.parametrize("mission", MISSIONS)
@pytest.mark.parametrize("sections", [["cros"], DIRECTORIES, None], ids=["cros", "directories", "all"])
def test_labels_never_collide_for_the_shipped_content(mission, sections):
    content = load(CONTENT, mission)
    for size in FRAMES:
        pins, layout = draw(content, sections, size)
        _assert_no_collision(layout)
        assert {lab.town for lab in layout.labels} == {p.town for p in pins}


@pytest.mark.parametrize("mission", MISSIONS)
def test_the_directory_maps_name_the_north_sea_off_the_coast_touching_nothing(mission):
    """The sea's name, in the reader's language, orients the reader: set on the sea (no land under
    it), clear of every marker and town name."""
    content = load(CONTENT, mission)
    pins = gmap.pins_from_content(content, ["cros"])
    sea = content.s("north_sea")
    layout = gmap.draw_map(pins, 480, 220, colours(), fonts_for(content), belgium=False, label_size=7, sea=sea)
    [name] = [x for x in shapes(layout.drawing) if isinstance(x, String) and x.text == sea]
    width = name.fontSize * len(sea) * 0.3      # a lower bound of its width: enough to test the side it is on
    assert name.x < layout.flanders_box.x + layout.flanders_box.w / 3, "off the coast, in the west"
    box = gmap.Box(name.x - width / 2, name.y, width, name.fontSize)
    for label in layout.labels:
        assert not box.overlaps(label.box), (sea, label.text)
    for m in layout.markers:
        assert not box.overlaps(gmap.Box(m.x - m.r, m.y - m.r, 2 * m.r, 2 * m.r)), (sea, m.town)
    sea_polygons = [x for x in shapes(layout.drawing) if isinstance(x, Polygon)]
    assert sea_polygons and not any(_point_in_polygon(name.x, name.y + 2, poly.points) for poly in sea_polygons), \
        "no land under the sea's name"


def _point_in_polygon(x: float, y: float, flat: list) -> bool:
    points = list(zip(flat[::2], flat[1::2]))
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_two_listings_on_one_map_are_told_apart_town_by_town():
    """The incubators (page 7) and the science parks share a map: a town with entries of both shows
    one marker of each listing's colour, side by side, each with its own count, and together they
    count the town's entries."""
    content = load(CONTENT)
    listings = ["incubators", "science-parks"]
    pins = gmap.pins_from_content(content, listings)
    expected = Counter((e.town, s.id) for s in content.brochure.sections if s.id in listings
                       for e in s.entries if e.town)
    both = [p for p in pins if p.parts]
    assert both, "the shipped content has towns in both listings (Ghent, Antwerp, Leuven)"
    for pin in pins:
        parts = pin.parts or ((pin.category, pin.count),) if pin.count else ()
        assert sum(n for _, n in parts) == pin.count
        for listing, n in parts:
            assert expected[(pin.town, listing)] == n, (pin.town, listing)
    ink = {"incubators": CMYKColor(0, 0.27, 1, 0.03), "science-parks": CMYKColor(1, 0.72, 0.12, 0.3)}
    palette = gmap.MapColours(**{**colours().__dict__, "categories": ink})
    layout = gmap.draw_map(pins, 480, 220, palette, fonts_for(content), belgium=False)
    circles = [x for x in shapes(layout.drawing) if type(x).__name__ == "Circle" and x.fillColor in ink.values()]
    assert {c.fillColor for c in circles} == set(ink.values())
    assert len(circles) == sum(max(1, len(p.parts)) for p in pins if p.count), "one marker per listing and town"
    _assert_no_collision(layout)


def test_a_crowded_map_sets_smaller_labels_and_reports_what_does_not_fit():
    """Every town with coordinates in frames too small for them: the labels shrink (not below 6 pt);
    a label that still finds no free place is reported, never silently overlapping."""
    places = yaml.safe_load((CONTENT / "places.yaml").read_text(encoding="utf-8"))
    content = load(CONTENT)
    fonts = fonts_for(content)
    pins = [gmap.Pin(t, t, v["coords"][0], v["coords"][1], 1 + i % 5) for i, (t, v) in enumerate(sorted(places.items()))
            if v.get("coords")]
    roomy = gmap.draw_map(pins, 500, 260, colours(), fonts)
    _assert_no_collision(roomy)
    assert roomy.label_size == 7.0
    for size in ((300, 180), (240, 240), (160, 160)):
        layout = gmap.draw_map(pins, *size, colours(), fonts)
        _assert_no_collision(layout, allowed=layout.unplaced)
        assert layout.label_size < 7.0 or not layout.unplaced
    tiny = gmap.draw_map(pins, 160, 160, colours(), fonts)
    assert tiny.unplaced and tiny.label_size == gmap.MIN_LABEL_SIZE


def test_a_pin_per_town_counted_from_the_content():
    base = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))
    cros = next(s for s in base["sections"] if s["id"] == "cros")
    expected = Counter(e["town"] for e in cros["entries"])
    content = load(CONTENT)
    pins, layout = draw(content, ["cros"])
    assert {p.town: p.count for p in pins} == dict(expected) | {"Brussels": 0}
    texts = [s.text for s in shapes(layout.drawing) if isinstance(s, String)]
    for town, n in expected.items():
        assert town in texts and str(n) in texts


def test_brussels_is_drawn_over_the_province_around_it():
    content = load(CONTENT)
    _, layout = draw(content, ["cros"])
    fills = [s.fillColor for s in shapes(layout.drawing) if isinstance(s, Polygon)]
    capital = colours().capital
    assert fills.count(capital) == 1 and fills[-1] == capital


def test_the_map_is_deterministic():
    content = load(CONTENT)

    def dump(layout):
        out = []
        for s in shapes(layout.drawing):
            out.append((type(s).__name__, getattr(s, "points", None), getattr(s, "text", None),
                        getattr(s, "x", None), getattr(s, "y", None), getattr(s, "r", None)))
        return out

    first, second = draw(content, DIRECTORIES)[1], draw(content, DIRECTORIES)[1]
    assert dump(first) == dump(second) and first.labels == second.labels


def test_printed_map_has_real_text_and_only_cmyk(tmp_path):
    content = load(CONTENT, "germany-mission")
    pins, layout = draw(content, ["cros"])
    out = tmp_path / "map.pdf"
    renderPDF.drawToFile(layout.drawing, str(out))
    text = PdfReader(out).pages[0].extract_text()
    for pin in pins:
        assert pin.label in text
    assert "Gent" in text                               # German names, from content/places.yaml
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
        fonts = {str(f.get("/BaseFont")) for f in page.Resources.Font.values()}
    assert {"k", "K"} & ops and not {"rg", "RG", "g", "G"} & ops
    assert all("Noto" in f for f in fonts), fonts


def test_a_new_town_in_the_content_appears_on_the_map(project_copy):
    brochure = project_copy / "brochure.yaml"
    text = brochure.read_text(encoding="utf-8")
    brochure.write_text(text.replace("      - {name: InnoSer, town: Hasselt}\n",
                                     "      - {name: InnoSer, town: Hasselt}\n"
                                     "      - {name: New Labs, town: Zelzate}\n"),
                        encoding="utf-8")
    places = project_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + "Zelzate: {coords: [51.2, 3.81]}\n", encoding="utf-8")
    content = load(project_copy)
    pins, layout = draw(content, ["cros"])
    assert "Zelzate" in {p.town for p in pins}
    assert "Zelzate" in [s.text for s in shapes(layout.drawing) if isinstance(s, String)]
    _assert_no_collision(layout)


# --- errors -----------------------------------------------------------------------------------------

def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_town_without_coordinates_is_an_error_with_file_line_and_fix(project_copy):
    brochure = project_copy / "brochure.yaml"
    brochure.write_text(brochure.read_text(encoding="utf-8").replace(
        "{name: EGAMI, town: Antwerp}", "{name: EGAMI, town: Zelzate}"), encoding="utf-8")
    content = load(project_copy)                      # without a map, the content is fine
    with pytest.raises(ContentError) as err:
        gmap.pins_from_content(content, ["cros"])
    message = str(err.value)
    assert f"brochure.yaml:{_line_of(brochure, 'town: Zelzate')}:" in message
    assert 'town "Zelzate"' in message and "places.yaml" in message and "coords: [latitude, longitude]" in message


def test_a_known_place_without_coords_points_to_its_line(project_copy):
    places = project_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace(", coords: [50.9311, 5.3378]", ""), encoding="utf-8")
    content = load(project_copy)
    with pytest.raises(ContentError) as err:
        gmap.pins_from_content(content, ["cros"])
    message = str(err.value)
    assert f"(line {_line_of(places, 'Hasselt:')})" in message
    assert f"brochure.yaml:{_line_of(project_copy / 'brochure.yaml', 'town: Hasselt')}:" in message


def test_a_misspelt_town_gets_a_did_you_mean(project_copy):
    brochure = project_copy / "brochure.yaml"
    brochure.write_text(brochure.read_text(encoding="utf-8").replace(
        "{name: InnoSer, town: Hasselt}", "{name: InnoSer, town: Haselt}"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        gmap.pins_from_content(load(project_copy), ["cros"])
    assert 'did you mean "Hasselt"' in str(err.value)


@pytest.mark.parametrize("value, words", [("[200, 4.4]", "latitude comes first"), ("[51.2]", "[latitude, longitude]"),
                                          ("here", "[latitude, longitude]")])
def test_bad_coords_are_a_content_error_at_their_line(project_copy, value, words):
    places = project_copy / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("coords: [51.2199, 4.4035]", f"coords: {value}"),
                      encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(project_copy)
    assert f"places.yaml:{_line_of(places, 'Antwerp:')}:" in str(err.value) and words in str(err.value)


def test_a_frame_too_small_is_refused():
    content = load(CONTENT)
    with pytest.raises(ValueError, match="no room"):
        gmap.draw_map([], 6, 6, colours(), fonts_for(content))


# --- words ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mission", MISSIONS)
def test_alt_text_is_written_from_the_data(mission):
    content = load(CONTENT, mission)
    cros = next(s for s in content.brochure.sections if s.id == "cros")
    counts = Counter(e.town for e in cros.entries)
    pins = gmap.pins_from_content(content, ["cros"])
    alt = gmap.alt_text(pins, content.t(cros.title), content.s, content.language)
    top_town, top_count = counts.most_common(1)[0]
    top_label = next(p.label for p in pins if p.town == top_town)
    assert content.t(cros.title) in alt
    assert f"{top_label} ({top_count})" in alt
    assert str(sum(counts.values())) in alt and str(len(counts)) in alt
    english = gmap.alt_text(pins, "X", load(CONTENT).s, "en")
    if content.lang != "en":
        assert alt.split(content.t(cros.title))[0] != english.split("X")[0]     # translated words


def test_alt_text_for_one_town(project_copy):
    content = load(CONTENT)
    pin = gmap.Pin("Mol", "Mol", 51.19, 5.12, 2)
    alt = gmap.alt_text([pin], "CROs", content.s, "en")
    assert alt == content.s("map_alt_one", subject="CROs", count="2", place="Mol")


def test_every_locale_has_the_map_strings():
    for path in sorted((CONTENT / "locales").glob("*.yaml")):
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("map_alt", "map_alt_one", "map_credit"):
            assert key in strings, (path.name, key)
    content = load(CONTENT)
    said = gmap.credit(content.s).replace("\u00a0", " ")        # each credit kept on one line
    assert "GeoNames (CC BY)" in said and "Natural Earth" in said


@pytest.mark.parametrize("mission", MISSIONS)
def test_every_label_is_knocked_out_of_the_lines_under_it(mission):
    """No outline runs through a name: each label sits on a filled box of its size, drawn after every
    outline and before the label's text."""
    from reportlab.graphics.shapes import PolyLine, Rect

    content = load(CONTENT, mission)
    _, layout = draw(content, DIRECTORIES)
    drawn = list(shapes(layout.drawing))
    last_line = max(i for i, s in enumerate(drawn) if isinstance(s, PolyLine))
    for label in layout.labels:
        text = next(i for i, s in enumerate(drawn) if isinstance(s, String) and s.text == label.text)
        box = label.box
        knockouts = [i for i, s in enumerate(drawn[:text]) if isinstance(s, Rect) and i > last_line
                     and abs(s.x - box.x) < 0.01 and abs(s.y - box.y) < 0.01 and abs(s.width - box.w) < 0.01]
        assert knockouts, f"{label.town}: no knockout under its label"


def test_a_map_is_drawn_once_then_read_from_the_cache_and_redrawn_when_its_entry_is_damaged(tmp_path, monkeypatch):
    from brochure.charts.vector import to_data

    content = load(CONTENT)
    pins = gmap.pins_from_content(content, ["cros"])
    fonts = fonts_for(content)
    first = gmap.map_drawing(tmp_path, pins, 480, 200, colours(), fonts, belgium=False)
    entries = list(tmp_path.glob("map-*.json"))
    assert len(entries) == 1

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again although the cache holds it")

    monkeypatch.setattr(gmap, "draw_map", no_drawing)
    cached = gmap.map_drawing(tmp_path, pins, 480, 200, colours(), fonts, belgium=False)
    assert to_data(cached) == to_data(first)
    monkeypatch.undo()
    # another frame is another map
    gmap.map_drawing(tmp_path, pins, 480, 300, colours(), fonts, belgium=False)
    assert len(list(tmp_path.glob("map-*.json"))) == 2
    # a damaged entry is not trusted: the map is drawn again, the same
    raw = entries[0].read_bytes()
    entries[0].write_bytes(raw[:-40] + b"0" * 40)
    again = gmap.map_drawing(tmp_path, pins, 480, 200, colours(), fonts, belgium=False)
    assert to_data(again) == to_data(first)


@pytest.mark.parametrize("mission", MISSIONS)
@pytest.mark.parametrize("sections", [["cros"], ["incubators", "science-parks"]], ids=["cros", "parks"])
def test_no_label_straddles_an_outline_on_the_directory_maps(mission, sections):
    """On the directory pages' maps (Flanders alone, the measure wide at its own proportions) every
    name lies wholly on one ground: on the land, or off it on the paper with a knockout of the
    paper's colour, never half across the border with a patch of the land's colour showing outside."""
    from reportlab.graphics.shapes import Rect

    content = load(CONTENT, mission)
    pins = gmap.pins_from_content(content, sections)
    width = 481.9            # the A4 measure
    height = width / max(gmap.map_aspect(pins), 1.2)
    layout = gmap.draw_map(pins, width, height, colours(), fonts_for(content), label_size=7, belgium=False)
    drawn = list(shapes(layout.drawing))
    for label in layout.labels:
        box = label.box
        points = [(box.x + box.w * i / 6, box.y + box.h * j / 2) for i in range(7) for j in range(3)]
        knockout = next(s for s in drawn if isinstance(s, Rect) and abs(s.x - box.x) < 0.01
                        and abs(s.y - box.y) < 0.01 and abs(s.width - box.w) < 0.01)
        # The drawing's own coordinates: a point is on the land when a filled Flanders polygon holds it.
        land = [s for s in drawn if isinstance(s, Polygon) and s.fillColor == colours().flanders]
        on = [any(gmap._point_in(list(zip(p.points[::2], p.points[1::2])), x, y) for p in land) for x, y in points]
        assert all(on) or not any(on), f"{label.town}: its name lies across the border"
        if not any(on):
            assert knockout.fillColor == colours().elsewhere, f"{label.town}: off the land on a land-coloured patch"

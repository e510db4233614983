"""The map of Flanders within Belgium, drawn from data: provinces, outlines, towns and pins.

Boundaries come from assets/geo/belgium.json (Natural Earth, simplified and projected to km once by
scripts/make_map_data.py); town positions from content/places.yaml. `draw_map` fits Flanders (and
every pin) to the frame, draws the provinces in the colours handed in, one numbered marker per town
and the town names as real text placed so that no two labels, markers or leader lines collide.
It is pure geometry: deterministic, a few milliseconds, no cache needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from ..assets import default_assets

GEO_FILE = default_assets() / "geo" / "belgium.json"
CAPITAL_REGION = "Capital Region"
MIN_LABEL_SIZE = 6.0          # the print rules' smallest type
NORTH_SEA = (51.37, 2.64)     # [latitude, longitude] off the Flemish coast, where the sea's name is set
PART_STEP = 0.75              # centre to centre of a town's markers side by side, of their radii added:
                              # a quarter overlaps, the front one's ring between them, each number whole
MARKER_RING = 0.75            # the outline of every marker, in the outline colour (a light marker on the
                              # light land is seen by its ring)
LEADER_WIDTH = 0.5            # leader lines (points): fine, and still printed on uncoated stock
TRUE_DOT = 1.5                # radius (points) of the dot at a displaced marker's true position


@dataclass(frozen=True)
class Pin:
    """One town on the map. `count` 0 is a town shown for orientation only (a dot and its name)."""

    town: str                        # the place's key in content/places.yaml ("Ghent")
    label: str                       # the name as printed, in the reader's language ("Gent")
    lat: float
    lon: float
    count: int = 1                   # entries in this town
    marker: str | None = None        # text in the marker (entry numbers "4-7"); default: the count
    category: str | None = None      # picks a marker colour from MapColours.categories
    parts: tuple[tuple[str, int], ...] = ()  # (category, entries) of a town in several categories: one
                                             # marker each, side by side, each with its own count


@dataclass(frozen=True)
class MapColours:
    """reportlab colours (CMYK objects for print, RGB for screen) for each part of the map."""

    flanders: object                 # fill of the Flemish provinces
    elsewhere: object                # fill of the rest of Belgium
    capital: object                  # fill of the Brussels-Capital Region
    border: object                   # province borders
    outline: object                  # the outline of Belgium and of Flanders
    marker: object                   # marker fill
    marker_text: object              # the number inside a marker
    label: object                    # town names
    leader: object                   # leader lines and the dot at a displaced marker's true position
    orientation: object = None       # dot and name of a town shown for orientation (default: label)
    categories: Mapping[str, object] = field(default_factory=dict)   # category -> marker fill
    category_text: Mapping[str, object] = field(default_factory=dict)  # category -> its count's colour


@dataclass(frozen=True)
class MapFonts:
    """Registered reportlab font names."""

    regular: str
    bold: str


@dataclass(frozen=True)
class Box:
    """A rectangle in the drawing's coordinates (points, origin bottom left)."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box", gap: float = 0.0, gap_x: float | None = None) -> bool:
        """Whether the boxes come closer than `gap` (side by side: `gap_x`, where given)."""
        gx = gap if gap_x is None else gap_x
        return (self.x < other.x + other.w + gx and other.x < self.x + self.w + gx
                and self.y < other.y + other.h + gap and other.y < self.y + self.h + gap)

    def inside(self, other: "Box") -> bool:
        return (self.x >= other.x - 1e-6 and self.y >= other.y - 1e-6
                and self.x + self.w <= other.x + other.w + 1e-6 and self.y + self.h <= other.y + other.h + 1e-6)


@dataclass(frozen=True)
class Marker:
    town: str
    x: float                          # centre of the drawn marker
    y: float
    r: float
    true_x: float                     # the town's projected position (differs when displaced)
    true_y: float


@dataclass(frozen=True)
class Label:
    town: str
    text: str
    box: Box
    leader: tuple[float, float, float, float] | None = None    # from marker edge to label


@dataclass(frozen=True)
class MapLayout:
    """What draw_map made: the drawing plus where everything went (for tests and the caller)."""

    drawing: object                   # reportlab.graphics.shapes.Drawing
    width: float
    height: float
    markers: tuple[Marker, ...]
    labels: tuple[Label, ...]
    flanders_box: Box                 # Flanders' bounding box as drawn (fitted to the frame)
    label_size: float = 7.0           # the size the labels were set at (smaller when crowded)
    unplaced: tuple[str, ...] = ()    # towns whose label could only be placed overlapping something


# --- data --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Geo:
    projection: dict
    provinces: tuple                  # ((name, region, (ring, ...)), ...), rings of (x, y) km
    outline: tuple                    # rings of Belgium's outline
    flanders: tuple                   # rings of Flanders' outline
    flemish_region: str
    source: str


def load_geo(path: Path | None = None) -> Geo:
    """The boundary file (read once per file version)."""
    path = Path(path or GEO_FILE)
    stat = path.stat()
    return _load_geo(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load_geo(path: str, _mtime: int, _size: int) -> Geo:
    data = json.loads(Path(path).read_text(encoding="utf-8"))

    def rings(items):
        return tuple(tuple((float(x), float(y)) for x, y in ring) for ring in items)

    provinces = tuple((p["name"], p["region"], rings(p["rings"])) for p in data["provinces"])
    return Geo(data["projection"], provinces, rings(data["outline"]), rings(data["flanders"]),
               data["flemish_region"], data["source"])


def project(lon: float, lat: float, proj: Mapping) -> tuple[float, float]:
    """Degrees -> km on the map's plane (the projection scripts/make_map_data.py used)."""
    k = math.pi / 180 * proj["radius_km"]
    return ((lon - proj["lon0"]) * k * math.cos(math.radians(proj["lat0"])), (lat - proj["lat0"]) * k)


def pins_from_content(content, section_ids: Iterable[str] | None = None,
                      orientation: Iterable[str] = ("Brussels",)) -> list[Pin]:
    """One pin per town the chosen sections' entries name (all directory and profile sections when
    None), labelled in the reader's language; plus `orientation` towns (dot and name) that have
    coords in content/places.yaml. A pinned town without coords raises ContentError (file:line, fix)."""
    from ..content.places import COORDS, town_uses

    places = content.places or {}

    def label(town: str) -> str:
        names = places.get(town) or {}
        return names.get(content.language) or names.get(content.lang) or town

    uses = town_uses(content, section_ids)
    pins = [Pin(u.town, label(u.town), u.lat, u.lon, u.count, None, u.sections[0] if len(u.sections) == 1 else None,
                u.counts if len(u.sections) > 1 else ())
            for u in uses]
    pinned = {u.town for u in uses}
    for town in orientation:
        coords = (places.get(town) or {}).get(COORDS)
        if town not in pinned and coords:
            pins.append(Pin(town, label(town), float(coords[0]), float(coords[1]), 0))
    return pins


# --- drawing -----------------------------------------------------------------------------------------

def draw_map(pins: Sequence[Pin], width: float, height: float, colours: MapColours, fonts: MapFonts, *,
             label_size: float = 7.0, inset: float = 4.0, geo: Geo | None = None,
             belgium: bool = True, sea: str | None = None) -> MapLayout:
    """A Drawing of `width` x `height` points: Flanders (and every pin) fitted to the frame less `inset`.

    Provinces are filled (Flanders, elsewhere, capital), Belgium and Flanders outlined; each pin is a
    marker numbered with its count (or `marker`), bigger for more entries, and labelled with its name.
    Markers that would overlap are moved apart, with a leader to the town's true position. `sea`, the
    North Sea's name in the reader's language, is set off the coast where it touches nothing."""
    from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

    from ..charts.vector import set_initial_state

    geo = geo or load_geo()
    frame = Box(0.0, 0.0, float(width), float(height))
    inner = Box(inset, inset, width - 2 * inset, height - 2 * inset)
    if inner.w <= 4 * label_size or inner.h <= 4 * label_size:
        raise ValueError(f"a map of {width:g} x {height:g} pt leaves no room inside its {inset:g} pt inset")
    pins = sorted(pins, key=lambda p: (-p.count, p.town))
    points = {p.town: project(p.lon, p.lat, geo.projection) for p in pins}

    # Fit: Flanders' box, widened to take in every pin, fills the inner frame in one direction. In a
    # frame taller than Flanders the box sits at the top, so the room below shows the rest of Belgium
    # rather than empty sea; in a wider one it is centred.
    x0, y0, x1, y1 = _fit_box(geo, points.values())
    fit = _shrink(inner, label_size * _FIT_MARGIN)
    scale = min(fit.w / (x1 - x0), fit.h / (y1 - y0))
    ox = fit.x + (fit.w - (x1 - x0) * scale) / 2 - x0 * scale
    oy = fit.y + fit.h - (y1 - y0) * scale - y0 * scale

    def to_pt(xy):
        return (ox + xy[0] * scale, oy + xy[1] * scale)

    drawing = Drawing(width, height)
    land = Group()
    fills = {geo.flemish_region: colours.flanders, CAPITAL_REGION: colours.capital}
    # The data keeps outer rings only: Flemish Brabant's ring covers Brussels, so the capital goes last.
    for _name, region, rings in sorted(geo.provinces, key=lambda p: (p[1] == CAPITAL_REGION, p[0])):
        if not belgium and region not in fills:
            continue            # Flanders (and Brussels) alone: nothing cut off at the frame's edge
        for ring in rings:
            clipped = _clip_polygon([to_pt(p) for p in ring], frame)
            if len(clipped) >= 3:
                land.add(Polygon(_flat(clipped), fillColor=fills.get(region, colours.elsewhere),
                                 strokeColor=colours.border, strokeWidth=0.5, strokeLineJoin=1))
    drawing.add(land)
    for rings, stroke in (((geo.outline, 0.6),) if belgium else ()) + ((geo.flanders, 0.9),):
        for ring in rings:
            for run in _clip_polyline([to_pt(p) for p in ring] + [to_pt(ring[0])], frame):
                drawing.add(PolyLine(_flat(run), strokeColor=colours.outline, strokeWidth=stroke,
                                     strokeLineJoin=1, strokeLineCap=1))

    # A crowded map (many towns, a small frame) sets its labels a little smaller, down to the 6 pt
    # the print rules allow, before any label is left overlapping.
    flemish = [[to_pt(p) for p in ring] for ring in geo.flanders]
    capital = [[to_pt(p) for p in ring] for _n, region, rings in geo.provinces if region == CAPITAL_REGION
               for ring in rings]
    areas = ((capital, colours.capital), (flemish, colours.flanders))
    for size in _sizes(label_size):
        markers = _place_markers(pins, {t: to_pt(xy) for t, xy in points.items()}, size, inner)
        ascent, descent = getAscentDescent(fonts.regular, size)      # the font's own, Latin or CJK
        # Names half a line apart where they all can be, and side by side two lines apart (closer, two
        # names on one line read as one: "Leuven Diepenbeek"); else as close as not to touch.
        for apart, beside in ((0.5, 2.0), (0.5, 0.5), (0.0, 0.0)):
            labels, unplaced = _place_labels(pins, markers, inner, size, fonts.regular, stringWidth,
                                             ascent - descent, lambda box: _ground(box, areas) is not None
                                             or (not belgium and _off_land(box, areas)), apart, beside)
            if not unplaced:
                break
        if not unplaced:
            break
    label_size = size

    orientation = colours.orientation or colours.label
    for m in markers:
        pin = next(p for p in pins if p.town == m.town)
        if pin.count == 0:
            drawing.add(Circle(m.x, m.y, m.r, fillColor=orientation, strokeColor=None))
            continue
        if (m.x, m.y) != (m.true_x, m.true_y):
            ex, ey = _toward(m.x, m.y, m.true_x, m.true_y, m.r)
            drawing.add(Line(m.true_x, m.true_y, ex, ey, strokeColor=colours.leader, strokeWidth=LEADER_WIDTH))
            drawing.add(Circle(m.true_x, m.true_y, TRUE_DOT, fillColor=colours.leader, strokeColor=None))
        if len(pin.parts) > 1:      # side by side, left to right, in the marker's circle
            discs = []
            x = m.x - m.r
            for i, (category, n) in enumerate(pin.parts):
                r = marker_radius(n, label_size)
                x += r if i == 0 else PART_STEP * (discs[-1][1] + r)
                discs.append((x, r, category, str(n)))
        else:
            discs = [(m.x, m.r, pin.category, pin.marker if pin.marker is not None else str(pin.count))]
        for x, r, category, text in discs:
            fill = colours.categories.get(category, colours.marker) if category else colours.marker
            ink = colours.category_text.get(category, colours.marker_text) if category else colours.marker_text
            drawing.add(Circle(x, m.y, r, fillColor=fill, strokeColor=colours.outline, strokeWidth=MARKER_RING))
            size = _marker_text_size(text, r, fonts.bold, label_size, stringWidth)
            drawing.add(String(x, m.y - size * 0.36, text, fontName=fonts.bold, fontSize=size, fillColor=ink,
                               textAnchor="middle"))
    for label in labels:
        pin = next(p for p in pins if p.town == label.town)
        # A knockout in the land's own colour (the colour under the label's middle where it straddles
        # an outline): no border line runs through a name.
        box = label.box
        ground = _ground(box, areas) or _ground(Box(box.x + box.w / 2, box.y + box.h / 2, 0, 0), areas) \
            or (colours.elsewhere if belgium or _off_land(box, areas) else colours.flanders)
        drawing.add(Rect(box.x, box.y, box.w, box.h, fillColor=ground, strokeColor=None))
        if label.leader:
            drawing.add(Line(*label.leader, strokeColor=colours.leader, strokeWidth=LEADER_WIDTH))
        drawing.add(String(label.box.x + _PAD, label.box.y + _PAD - descent, label.text,
                           fontName=fonts.regular, fontSize=label_size,
                           fillColor=orientation if pin.count == 0 else colours.label))
    if sea:
        placed = [label.box for label in labels] + [Box(m.x - m.r, m.y - m.r, 2 * m.r, 2 * m.r) for m in markers]
        x, y = to_pt(project(NORTH_SEA[1], NORTH_SEA[0], geo.projection))
        w = stringWidth(sea, fonts.regular, label_size)
        box = Box(x - w / 2, y - label_size / 2, w, label_size)
        if box.inside(inner) and not any(box.overlaps(other, label_size / 2) for other in placed) \
                and _ground(box, areas) is None:
            drawing.add(String(x, box.y - descent, sea, fontName=fonts.regular, fontSize=label_size,
                               fillColor=colours.outline, textAnchor="middle"))
    set_initial_state(drawing, colours.label, fonts.regular)       # no RGB black, no Helvetica
    fbox = [to_pt(p) for ring in geo.flanders for p in ring]
    flanders_box = Box(min(x for x, _ in fbox), min(y for _, y in fbox),
                       max(x for x, _ in fbox) - min(x for x, _ in fbox),
                       max(y for _, y in fbox) - min(y for _, y in fbox))
    return MapLayout(drawing, float(width), float(height), tuple(markers), tuple(labels), flanders_box,
                     label_size, tuple(unplaced))


def map_drawing(cache_dir, pins: Sequence[Pin], width: float, height: float, colours: MapColours, fonts: MapFonts,
                **options) -> object:
    """draw_map(...).drawing, read from the drawing cache when the same map was drawn before. The key
    is everything the drawing depends on: the pins, the frame, colours, fonts and options, the
    boundary file and this module's own code; an entry that does not verify is drawn again."""
    import hashlib

    from .. import cache
    from ..charts.vector import from_data, to_data

    digest = hashlib.sha256(repr((sorted(map(repr, pins)), round(width, 3), round(height, 3), repr(colours),
                                  repr(fonts), sorted(options.items()))).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(GEO_FILE).read_bytes())
    name = f"map-{digest.hexdigest()[:32]}.json"
    raw = cache.get_bytes(cache_dir, name) if cache_dir else None
    if raw is not None:
        try:
            drawing = from_data(json.loads(raw))
        except ValueError:
            drawing = None
        if drawing is not None:
            return drawing
    drawing = draw_map(pins, width, height, colours, fonts, **options).drawing
    data = to_data(drawing) if cache_dir else None
    if data is not None:
        cache.put_bytes(cache_dir, name, json.dumps(data, separators=(",", ":")).encode())
    return drawing


def map_aspect(pins: Sequence[Pin], geo: Geo | None = None) -> float:
    """Width / height of the frame that Flanders (and the pins) fill exactly, without room left over:
    a layout can size the map's frame by it."""
    geo = geo or load_geo()
    x0, y0, x1, y1 = _fit_box(geo, [project(p.lon, p.lat, geo.projection) for p in pins])
    return (x1 - x0) / (y1 - y0)


def _fit_box(geo: Geo, points) -> tuple[float, float, float, float]:
    points = list(points)
    fx = [x for ring in geo.flanders for x, _ in ring] + [x for x, _ in points]
    fy = [y for ring in geo.flanders for _, y in ring] + [y for _, y in points]
    return min(fx), min(fy), max(fx), max(fy)


def _shrink(box: Box, by: float) -> Box:
    return Box(box.x + by, box.y + by, box.w - 2 * by, box.h - 2 * by)


def _sizes(label_size: float):
    yield label_size
    size = label_size
    while size - 0.5 >= MIN_LABEL_SIZE - 1e-9:
        size -= 0.5
        yield size


def pin_radius(pin: Pin, label_size: float) -> float:
    """The radius a pin's marker takes: its own, or for a town in several categories, of the circle
    around its markers set side by side."""
    if len(pin.parts) > 1:
        radii = [marker_radius(n, label_size) for _, n in pin.parts]
        return (radii[0] + radii[-1] + PART_STEP * sum(a + b for a, b in zip(radii, radii[1:]))) / 2
    return marker_radius(pin.count, label_size)


def marker_radius(count: int, label_size: float) -> float:
    """Area grows with the number of entries, gently (a town with 11 is about twice one with 1)."""
    if count <= 0:
        return label_size * 0.22
    return label_size * 0.78 * (1 + 0.3 * math.log2(count))


_PAD = 0.8              # around a label's text, so labels never touch
_FIT_MARGIN = 0.6       # of the label size, between Flanders' outermost point and the inset
_GAP = 2.5              # between a marker and its label (about 1 mm)
_MARKER_GAP = 2.8       # between two markers (1 mm)


def _marker_text_size(text: str, r: float, font: str, label_size: float, width_of) -> float:
    """The label size itself (the map adds no type size of its own); the markers are sized for it."""
    return label_size


def _place_markers(pins, at: dict, label_size: float, inner: Box) -> list[Marker]:
    """Markers at their towns; one that would overlap a bigger one is pushed straight away from it."""
    placed: list[Marker] = []
    for pin in sorted(pins, key=lambda p: (p.count == 0, -p.count, p.town)):
        tx, ty = at[pin.town]
        r = pin_radius(pin, label_size)
        x, y = tx, ty
        for _ in range(50):
            clash = next((m for m in placed if math.hypot(x - m.x, y - m.y) < r + m.r + _MARKER_GAP), None)
            if clash is None:
                break
            dx, dy = x - clash.x, y - clash.y
            d = math.hypot(dx, dy)
            if d < 1e-9:
                dx, dy, d = 1.0, 0.0, 1.0
            need = r + clash.r + _MARKER_GAP + 1e-6
            x, y = clash.x + dx / d * need, clash.y + dy / d * need
        if any(math.hypot(x - m.x, y - m.y) < r + m.r + _MARKER_GAP for m in placed):
            # pushed from one marker into another: the nearest free spot around the town instead
            x, y = next(((tx + math.cos(a) * k, ty + math.sin(a) * k)
                         for k in (1.5 * i for i in range(1, 200))
                         for a in (math.pi * j / 12 for j in range(24))
                         if all(math.hypot(tx + math.cos(a) * k - m.x, ty + math.sin(a) * k - m.y)
                                >= r + m.r + _MARKER_GAP for m in placed)), (x, y))
        placed.append(Marker(pin.town, x, y, r, tx, ty))
    order = {p.town: i for i, p in enumerate(pins)}
    return sorted(placed, key=lambda m: order[m.town])


# The positions around a marker, in order of preference: right, then left, centred on the marker;
# then either side slid half a line up or down (a name reads as its marker's on its line); then
# the four corners; then above or below, centred or slid to one side. (dx, dy) says which side; the
# box is put just beyond the marker.
_CANDIDATES = ((1, 0), (-1, 0), (1, 0.5), (1, -0.5), (-1, 0.5), (-1, -0.5),
               (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1),
               (0.5, 1), (-0.5, 1), (0.5, -1), (-0.5, -1))


def _place_labels(pins, markers, inner: Box, size: float, font: str, width_of, text_height: float,
                  uniform=lambda box: True, apart: float = 0.0, beside: float = 0.0):
    """Greedy, biggest towns first: each label takes the first of the positions beside its marker
    that hits nothing (frame, labels `apart` text heights away, `beside` side by side, markers, leader
    lines) and crosses no
    outline (`uniform`), or
    failing that the first that hits nothing. Labels left over are then put
    further out with a leader line, the shortest free one; only if none is free anywhere is a label
    placed overlapping, and reported in `unplaced`."""
    by_town = {m.town: m for m in markers}
    circles = [(m.x, m.y, m.r + 0.6, m.town) for m in markers]
    circles += [(m.true_x, m.true_y, 1.6, m.town) for m in markers if (m.x, m.y) != (m.true_x, m.true_y)]
    segments = [(m.true_x, m.true_y, m.x, m.y) for m in markers if (m.x, m.y) != (m.true_x, m.true_y)]
    boxes: list[Box] = []
    placed: dict[str, Label] = {}
    order = sorted(pins, key=lambda p: (p.count == 0, -p.count, p.town))
    sizes = {p.town: (width_of(p.label, font, size) + 2 * _PAD, text_height + 2 * _PAD) for p in pins}
    apart, beside = apart * text_height, max(apart, beside) * text_height

    def free(town: str, box: Box, leader=None) -> bool:
        # Labels keep apart by half a line: two names stacked close read as one town's two lines.
        if not box.inside(inner) or any(box.overlaps(b, apart, beside) for b in boxes):
            return False
        m = by_town[town]
        if _circle_hits_box(m.x, m.y, m.r + 0.3, box):
            return False
        x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
        for cx, cy, cr, t in circles:       # inline: this loop is most of the map's time
            if t != town and x0 - cr < cx < x1 + cr and y0 - cr < cy < y1 + cr:
                nx, ny = min(max(cx, x0), x1), min(max(cy, y0), y1)
                if (cx - nx) ** 2 + (cy - ny) ** 2 < cr * cr:
                    return False
        if any(_segment_hits_box(seg, box) for seg in segments):
            return False
        if leader is None and _nearer_other(m, box, markers, text_height):
            return False
        if leader is not None:
            if any(_segment_hits_box(leader, b) for b in boxes):
                return False
            if any(_segment_hits_circle(leader, (cx, cy, cr)) for cx, cy, cr, t in circles if t != town):
                return False
            if any(_segments_cross(leader, seg) for seg in segments):
                return False
        return True

    def take(label: Label) -> None:
        placed[label.town] = label
        boxes.append(label.box)
        if label.leader:
            segments.append(label.leader)

    def options(pin) -> int:
        m, (w, h) = by_town[pin.town], sizes[pin.town]
        return sum(free(pin.town, _beside(m.x, m.y, m.r + _GAP, dx, dy, w, h)) for dx, dy in _CANDIDATES)

    # The towns with the fewest free positions among the markers choose first (at the frame's edge,
    # in a cluster), then the bigger towns; orientation towns last.
    across: dict[str, Box] = {}
    choice = {p.town: min(options(p), 3) for p in order}
    first = sorted(order, key=lambda p: (p.count == 0, choice[p.town], -p.count, p.town))
    for pin in first:
        m, (w, h) = by_town[pin.town], sizes[pin.town]
        # The first free position that crosses no outline, else the first free one.
        chosen = None
        for dx, dy in _CANDIDATES:
            box = _beside(m.x, m.y, m.r + _GAP, dx, dy, w, h)
            if free(pin.town, box):
                if uniform(box):
                    chosen = box
                    break
                chosen = chosen or box
        if chosen is not None and uniform(chosen):
            take(Label(pin.town, pin.label, chosen))
        elif chosen is not None:
            across[pin.town] = chosen           # placed once the labels that fit cleanly are down
    unplaced: list[str] = []
    for pin in order:
        if pin.town in placed:
            continue
        m, (w, h) = by_town[pin.town], sizes[pin.town]
        label = None
        if pin.town in across:
            # Beside the marker only across an outline: a short leader to clear ground, else that place.
            label = _with_leader(m, pin, w, h, lambda box, leader, town=pin.town: free(town, box, leader)
                                 and uniform(box), steps=4)
            if label is None and free(pin.town, across[pin.town]):
                label = Label(pin.town, pin.label, across[pin.town])
        if label is None:
            label = _with_leader(m, pin, w, h, lambda box, leader, town=pin.town: free(town, box, leader))
        if label is None:
            unplaced.append(pin.town)
            label = Label(pin.town, pin.label, _beside(m.x, m.y, m.r + _GAP, 1, 0, w, h))
        take(label)
    return [placed[p.town] for p in order], unplaced


def _gap_to(m: Marker, box: Box) -> float:
    """How far the edge of marker `m` is from the box (0 when they touch or overlap)."""
    nx, ny = min(max(m.x, box.x), box.x + box.w), min(max(m.y, box.y), box.y + box.h)
    return max(0.0, math.hypot(m.x - nx, m.y - ny) - m.r)


def _nearer_other(own: Marker, box: Box, markers, text_height: float) -> bool:
    """Whether a label in `box` could be read as another town's: some other marker is about as
    near the label as its own marker (within half a text height of it)."""
    reach = _gap_to(own, box) + 0.5 * text_height
    return any(m.town != own.town and _gap_to(m, box) < reach for m in markers)


def _ground(box: Box, areas) -> object | None:
    """The fill of the first area ((rings, colour), ...) holding the whole box, or None (a box
    across an outline, or off the land)."""
    corners = [(box.x, box.y), (box.x + box.w, box.y), (box.x, box.y + box.h), (box.x + box.w, box.y + box.h)]
    for rings, colour in areas:
        inside = [any(_point_in(ring, x, y) for ring in rings) for x, y in corners]
        if all(inside):
            return colour
        if any(inside):
            return None
    return None


def _off_land(box: Box, areas) -> bool:
    """Whether the box lies wholly off every area (on the paper around a map of Flanders alone):
    a grid of points over it, edges included, falls in none of them."""
    points = [(box.x + box.w * i / 6, box.y + box.h * j / 2) for i in range(7) for j in range(3)]
    return not any(_point_in(ring, x, y) for rings, _ in areas for ring in rings for x, y in points)


def _point_in(ring, x: float, y: float) -> bool:
    """Even-odd test of (x, y) against a closed ring of points."""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _beside(x, y, dist, dx, dy, w, h) -> Box:
    """A w x h box beside the point (x, y), `dist` away on the side (dx, dy)."""
    if abs(dx) == 0.5:                      # above or below, starting (or ending) at the marker
        return Box(x if dx > 0 else x - w, y + dist if dy > 0 else y - dist - h, w, h)
    if abs(dy) == 0.5:                      # beside, slid half a line up or down
        return Box(x + dist if dx > 0 else x - dist - w, y - h / 2 + dy * h, w, h)
    diag = dist * (0.7071 if dx and dy else 1.0)
    bx = x + diag if dx > 0 else (x - diag - w if dx < 0 else x - w / 2)
    by = y + diag if dy > 0 else (y - diag - h if dy < 0 else y - h / 2)
    return Box(bx, by, w, h)


def _with_leader(m: Marker, pin: Pin, w: float, h: float, free, steps: int = 30) -> Label | None:
    """The free label position nearest the marker, out to `steps` times 3 pt, with its leader."""
    candidates = []
    for step in range(1, steps + 1):
        dist = m.r + _GAP + step * 3.0
        for k in range(24):
            angle = math.pi * 2 * k / 24
            dx, dy = math.cos(angle), math.sin(angle)
            cx, cy = m.x + dx * (dist + w / 2 * abs(dx)), m.y + dy * (dist + h / 2 * abs(dy))
            candidates.append((step, k, Box(cx - w / 2, cy - h / 2, w, h)))
    for _, _, box in candidates:
        end = _box_edge_point(box, m.x, m.y)
        start = _toward(m.x, m.y, end[0], end[1], m.r)
        leader = (start[0], start[1], end[0], end[1])
        if free(box, leader):
            return Label(pin.town, pin.label, box, leader)
    return None


def _segments_cross(a, b) -> bool:
    """Do two segments properly intersect (touching at an end does not count)?"""
    def orient(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def _box_edge_point(box: Box, x: float, y: float) -> tuple[float, float]:
    """The point of `box` nearest to (x, y)."""
    return (min(max(x, box.x), box.x + box.w), min(max(y, box.y), box.y + box.h))


def _toward(x, y, tx, ty, r) -> tuple[float, float]:
    d = math.hypot(tx - x, ty - y)
    if d < 1e-9:
        return (x, y)
    return (x + (tx - x) / d * r, y + (ty - y) / d * r)


def _circle_hits_box(cx, cy, r, box: Box) -> bool:
    nx, ny = min(max(cx, box.x), box.x + box.w), min(max(cy, box.y), box.y + box.h)
    return (cx - nx) ** 2 + (cy - ny) ** 2 < r * r


def _segment_hits_circle(seg, circle) -> bool:
    (x1, y1, x2, y2), (cx, cy, r) = seg, circle
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((cx - x1) * dx + (cy - y1) * dy) / length))
    return (x1 + t * dx - cx) ** 2 + (y1 + t * dy - cy) ** 2 < r * r


def _segment_hits_box(seg, box: Box) -> bool:
    """Does the segment pass through the box's interior (touching an edge is no hit)?"""
    span = _clip_span((seg[0], seg[1]), (seg[2], seg[3]), box, interior=True)
    return span is not None and span[1] - span[0] > 1e-9


def _clip_span(a, b, box: Box, interior: bool) -> tuple[float, float] | None:
    """Liang-Barsky: the part (t0, t1) of segment a-b inside the box, or None. `interior`: a segment
    that only runs along or touches an edge is outside."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - box.x), (dx, box.x + box.w - a[0]), (-dy, a[1] - box.y), (dy, box.y + box.h - a[1])):
        if p == 0:
            if q < 0 or (interior and q == 0):
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1 or (interior and t0 == t1):
            return None
    return t0, t1


def _flat(points) -> list[float]:
    return [round(v, 3) for xy in points for v in xy]


def _clip_polygon(points, box: Box) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the frame: land beyond the frame is cut off, not drawn over the page."""
    edges = ((0, box.x, True), (0, box.x + box.w, False), (1, box.y, True), (1, box.y + box.h, False))
    out = list(points)
    for axis, limit, low in edges:
        if not out:
            break
        src, out = out, []

        def inside(p, axis=axis, limit=limit, low=low):
            return p[axis] >= limit if low else p[axis] <= limit

        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(_cross(prev, cur, axis, limit))
                out.append(cur)
            elif inside(prev):
                out.append(_cross(prev, cur, axis, limit))
            prev = cur
    return out


def _cross(a, b, axis, limit):
    t = (limit - a[axis]) / (b[axis] - a[axis])
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _clip_polyline(points, box: Box) -> list[list[tuple[float, float]]]:
    """The runs of a polyline that lie inside the frame."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for a, b in zip(points, points[1:]):
        seg = _clip_segment(a, b, box)
        if seg is None:
            if current:
                runs.append(current)
                current = []
            continue
        if current and current[-1] == seg[0]:
            current.append(seg[1])
        else:
            if current:
                runs.append(current)
            current = [seg[0], seg[1]]
    if current:
        runs.append(current)
    return [run for run in runs if len(run) >= 2]


def _clip_segment(a, b, box: Box):
    span = _clip_span(a, b, box, interior=False)
    if span is None:
        return None
    (t0, t1), dx, dy = span, b[0] - a[0], b[1] - a[1]
    start = a if t0 == 0 else (a[0] + dx * t0, a[1] + dy * t0)
    end = b if t1 == 1 else (a[0] + dx * t1, a[1] + dy * t1)
    return (start, end)


# --- words -------------------------------------------------------------------------------------------

def alt_text(pins: Iterable[Pin], subject: str, s: Callable[..., str], language: str, most: int = 3) -> str:
    """The map's alternative text, from the data: how many entries in how many towns, the largest.

    `s` is Content.s (interface strings, keys map_alt and map_alt_one); `subject` names what is
    pinned, in the reader's language (e.g. the directory's title)."""
    from ..numbers import Numbers

    numbers = Numbers(language)
    pinned = sorted((p for p in pins if p.count > 0), key=lambda p: (-p.count, p.label))
    total = sum(p.count for p in pinned)
    num = numbers.number

    if len(pinned) == 1:
        return s("map_alt_one", subject=subject, count=num(total), place=pinned[0].label)
    top = [p for p in pinned if p.count > 1][:most] or pinned[:1]
    places = numbers.listing([f"{p.label} ({num(p.count)})" for p in top], british=False)
    return s("map_alt", subject=subject, count=num(total), towns=num(len(pinned)), places=places)


CREDIT_SOURCES = "Natural\u00a0Earth; GeoNames\u00a0(CC\u00a0BY)"     # each credit kept on one line


def credit(s: Callable[..., str]) -> str:
    """The data credit to print near the map ("Map data: Natural Earth; GeoNames (CC BY)"):
    GeoNames' licence asks for attribution. `s` is Content.s."""
    return s("map_credit", sources=CREDIT_SOURCES)

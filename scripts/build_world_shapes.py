"""Build the shipped country shapes (src/tradewinds/data/shapes/countries-50m.geojson.gz).

Natural Earth 4.1.0 admin-0 countries at 1:50m, as redistributed by the npm package
``world-atlas@2.0.2`` (TopoJSON, ISC licence; Natural Earth is public domain). Steps:

    npm install world-atlas@2.0.2 topojson-client@3
    npx topo2geo countries=c50m.geojson < node_modules/world-atlas/countries-50m.json
    python scripts/build_world_shapes.py c50m.geojson

Features are keyed by ISO3 (from their ISO numeric id through the shipped code list, or
from their name for the few Natural Earth leaves without an id); coordinates are rounded
to 0.01° (about 1 km) and repeated points dropped, which keeps the file small enough to
embed in an offline report.
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from tradewinds.errors import UnknownCodeError
from tradewinds.io.codes import countries

OUT = Path(__file__).parents[1] / "src/tradewinds/data/shapes/countries-50m.geojson.gz"
# Natural Earth leaves without an ISO numeric id in world-atlas
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM", "Indian Ocean Ter.": ""}
SKIP = {"ATA"}  # Antarctica: no trade, and its ring around the pole has no web-map form


def _ring(ring: list[list[float]]) -> list[list[float]]:
    # a ring that crosses the antimeridian (Chukotka, Fiji) jumps from +180 to -180; web
    # maps draw that jump as a line across the world, so such rings continue past +180
    crosses = any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring))
    out: list[list[float]] = []
    for x, y in ring:
        x = x + 360 if crosses and x < 0 else x
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def _geometry(g: dict[str, Any]) -> dict[str, Any] | None:
    polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    kept = []
    for poly in polys:
        rings = [_ring(r) for r in poly]
        if len(rings[0]) >= 4:
            kept.append([r for r in rings if len(r) >= 4])
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def main(src: str) -> None:
    codes = countries()
    merged: dict[str, dict[str, Any]] = {}
    for f in json.loads(Path(src).read_text())["features"]:
        name = f["properties"]["name"]
        iso3 = BY_NAME.get(name)
        if iso3 is None:
            try:
                iso3 = codes.resolve(int(f["id"]))
            except (UnknownCodeError, KeyError, TypeError, ValueError):
                print(f"skipped {name!r} (id {f.get('id')})", file=sys.stderr)
                continue
        geom = _geometry(f["geometry"]) if iso3 and iso3 not in SKIP else None
        if geom is None:
            continue
        if iso3 in merged:  # e.g. Northern Cyprus drawn as part of Cyprus
            merged[iso3]["geometry"]["coordinates"] += geom["coordinates"]
        else:
            merged[iso3] = {
                "type": "Feature",
                "id": iso3,
                "properties": {"name": name},
                "geometry": geom,
            }
    fc = {"type": "FeatureCollection", "features": sorted(merged.values(), key=lambda f: f["id"])}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8") as fh:
        json.dump(fc, fh, separators=(",", ":"))
    print(f"{len(merged)} countries → {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main(sys.argv[1])

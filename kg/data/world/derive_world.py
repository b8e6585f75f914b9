"""Derive ``ne_110m_admin0.geojson`` from Natural Earth's 1:110m admin-0 countries shapefile.

Run once by hand; the output is committed, so nothing here runs at install or export time::

    D=$(mktemp -d)
    pip download --no-deps -d "$D" "geopandas==0.14.4"     # the last wheel that ships the file
    unzip -q "$D"/geopandas-0.14.4-*.whl 'geopandas/datasets/naturalearth_lowres/*' -d "$D"
    python kg/data/world/derive_world.py "$D"/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

The shapefile is Natural Earth's ``ne_110m_admin_0_countries`` (public domain) as packaged by
geopandas (columns pop_est, continent, name, iso_a3, gdp_md_est). This script reads the .shp and
.dbf with the standard library only, keeps ``name``, ``iso_a3`` and ``continent``, rounds
coordinates to 0.01 degree and drops points that become duplicates, and writes compact GeoJSON.
"""
from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

DECIMALS = 2


def read_dbf(path: Path) -> list[dict[str, str]]:
    cpg = path.with_suffix(".cpg")
    encoding = cpg.read_text().strip() if cpg.exists() else "latin-1"
    data = path.read_bytes()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0", 1)[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, length))
        pos += 32
    rows = []
    for i in range(nrec):
        rec = data[hlen + i * rlen: hlen + (i + 1) * rlen]
        off = 1  # deletion flag
        row = {}
        for name, length in fields:
            row[name] = rec[off:off + length].decode(encoding, "replace").strip()
            off += length
        rows.append(row)
    return rows


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def read_shp(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Return, per record, its polygons (outer ring first, then holes)."""
    data = path.read_bytes()
    pos = 100
    shapes = []
    while pos < len(data):
        _num, clen = struct.unpack(">II", data[pos:pos + 8])
        body = data[pos + 8: pos + 8 + clen * 2]
        pos += 8 + clen * 2
        stype = struct.unpack("<i", body[:4])[0]
        if stype != 5:
            shapes.append([])
            continue
        nparts, npoints = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{nparts}i", body[44:44 + 4 * nparts]))
        ptoff = 44 + 4 * nparts
        pts = [struct.unpack("<2d", body[ptoff + 16 * i: ptoff + 16 * i + 16]) for i in range(npoints)]
        polygons: list[list[list[tuple[float, float]]]] = []
        for a, b in zip(parts, parts[1:] + [npoints], strict=False):
            ring = pts[a:b]
            # shapefile outer rings are clockwise (negative signed area), holes counter-clockwise
            if _signed_area(ring) <= 0 or not polygons:
                polygons.append([ring])
            else:
                polygons[-1].append(ring)
        shapes.append(polygons)
    return shapes


def _round_ring(ring):
    out = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def main(stem: str, out: str | None = None) -> None:
    stem_path = Path(stem)
    rows = read_dbf(stem_path.with_suffix(".dbf"))
    shapes = read_shp(stem_path.with_suffix(".shp"))
    features = []
    for row, polys in zip(rows, shapes, strict=False):
        coords = []
        for poly in polys:
            rings = [r for r in (_round_ring(r) for r in poly) if r]
            if rings:
                coords.append(rings)
        if not coords:
            continue
        features.append({"type": "Feature",
                         "properties": {"name": row["name"], "iso_a3": row["iso_a3"], "continent": row["continent"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    fc = {"type": "FeatureCollection",
          "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), "
                    "via geopandas 0.14.4 naturalearth_lowres; coordinates rounded to 0.01 degree",
          "features": features}
    target = Path(out) if out else Path(__file__).with_name("ne_110m_admin0.geojson")
    target.write_text(json.dumps(fc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(features)} countries -> {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:])

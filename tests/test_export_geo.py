"""kg.export.geo and kg.export.mapview: GeoJSON validity and the offline map page."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from kg.export.geo import events_geojson, write_geojson
from kg.export.mapview import WORLD_FILE, project, render_map_svg, write_map_html

FIXTURE = Path(__file__).parent / "data" / "export_fixture.json"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]


def test_geojson_feature_collection(events, tmp_path):
    fc = events_geojson(events)
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 7
    assert fc["skipped_without_coordinates"] == 1
    assert fc["skipped_ids"] == [e["id"] for e in events if e["lat"] is None]
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "lat" not in f["properties"] and "lon" not in f["properties"]
        assert f["id"] == f["properties"]["id"]
    inates = next(f for f in fc["features"] if "inates" in f["id"])
    assert inates["geometry"]["coordinates"] == [1.93, 15.05]     # [lon, lat], not [lat, lon]
    assert inates["properties"]["claims"][1]["value"] == 100
    # it is plain JSON
    path = write_geojson(events, tmp_path / "events.geojson")
    assert json.loads(path.read_text(encoding="utf-8"))["features"][0]["type"] == "Feature"


@pytest.mark.parametrize("lat,lon", [(95, 1), (10, 200), ("x", 1), (math.nan, 1), (True, 1), (None, 3)])
def test_geojson_skips_bad_coordinates(lat, lon):
    fc = events_geojson([{"id": "e", "lat": lat, "lon": lon}])
    assert fc["features"] == [] and fc["skipped_without_coordinates"] == 1


def test_projection():
    x0, y0 = project(0, 0)
    assert (x0, y0) == pytest.approx((1800, 1800))
    assert project(10, 20)[1] < y0 < project(10, -20)[1]  # north is up


def test_world_outlines_are_small_and_documented():
    assert WORLD_FILE.exists() and WORLD_FILE.stat().st_size < 300_000
    world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    names = {f["properties"]["name"] for f in world["features"]}
    assert {"Mali", "Niger", "Burkina Faso", "Nigeria", "Côte d'Ivoire"} <= names
    readme = (WORLD_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "Natural Earth" in readme


def test_map_page_offline_and_escaped(events, tmp_path):
    path = write_map_html(events, tmp_path / "map.html", title="Events <script>alert(2)</script>")
    html = path.read_text(encoding="utf-8")
    assert XSS not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" not in tag
    assert not re.search(r"<link\b", html) and not re.search(r'(src|href)="https?:', html)
    assert html.count('<circle class="ev') == 7
    assert "Ambush near Tessit" in html  # listed among events without coordinates
    assert 'class="c hit" data-name="Mali"' in html


def test_map_fragment_clip_is_smaller(events):
    full = render_map_svg(events, uid="a")
    clipped = render_map_svg(events, uid="b", clip=True)
    assert len(clipped) < len(full)
    assert render_map_svg([], uid="c").count("<circle") == 0

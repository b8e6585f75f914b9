"""GeoJSON of events.

``events_geojson(events)`` returns a GeoJSON FeatureCollection (RFC 7946) with one Point per
event that has coordinates, ``[lon, lat]`` in WGS 84, and the event's other fields as properties
(lists and claim/source records stay JSON arrays and objects). Events without usable coordinates
(missing, non-numeric, out of range) are left out and counted in the foreign member
``skipped_without_coordinates``; their ids are listed in ``skipped_ids``.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

__all__ = ["events_geojson", "write_geojson", "event_coordinates"]


def event_coordinates(ev: dict) -> tuple[float, float] | None:
    """``(lon, lat)`` of an event, or None when absent or invalid."""
    lat, lon = ev.get("lat"), ev.get("lon")
    try:
        if lat is None or lon is None or isinstance(lat, bool) or isinstance(lon, bool):
            return None
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lon, lat


def events_geojson(events: list[dict]) -> dict[str, Any]:
    features = []
    skipped: list[Any] = []
    for ev in events:
        xy = event_coordinates(ev)
        if xy is None:
            skipped.append(ev.get("id"))
            continue
        props = {k: v for k, v in ev.items() if k not in ("lat", "lon")}
        feature: dict[str, Any] = {"type": "Feature",
                                   "geometry": {"type": "Point", "coordinates": [xy[0], xy[1]]},
                                   "properties": props}
        if ev.get("id") is not None:
            feature["id"] = ev["id"]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features,
            "skipped_without_coordinates": len(skipped), "skipped_ids": skipped}


def write_geojson(events: list[dict], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(events_geojson(events), ensure_ascii=False, indent=1), encoding="utf-8")
    return path

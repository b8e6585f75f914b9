"""Exports of kg's graph: network pages, maps, actor pages, GeoJSON, CSV, GraphML and GEXF.

Submodules are imported on first use (``from kg.export import write_html`` loads only
``kg.export.network``), so importing ``kg.export`` costs nothing.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "build_graph": "network", "write_html": "network", "write_graphml": "network",
    "write_gexf": "network", "compute_layout": "network",
    "events_geojson": "geo",
    "write_map_html": "mapview", "render_map_svg": "mapview",
    "write_actor_page": "actor_page", "write_actor_pages": "actor_page", "actor_page_name": "actor_page",
    "events_csv": "tabular", "actors_csv": "tabular", "relations_csv": "tabular",
    "events_acled_csv": "tabular", "ACLED_COLUMNS": "tabular",
    "synthetic_dataset": "synthetic",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

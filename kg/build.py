"""``kg build``: seeds in, store and every export out, with an index page linking them."""
from __future__ import annotations

import html
from pathlib import Path

from kg import exporting, views
from kg.pipeline import IngestResult, ingest
from kg.store import Store


def build(store: Store, seeds: Path, out: Path) -> tuple[IngestResult, list[Path]]:
    out.mkdir(parents=True, exist_ok=True)
    result = ingest(store, [str(seeds)])
    written: list[Path] = []

    def put(name: str, text: str | bytes) -> None:
        path = out / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        written.append(path)

    put("events.json", exporting.events_text(store, "json"))
    put("events.csv", exporting.events_text(store, "csv"))
    put("events-acled.csv", exporting.events_text(store, "acled"))
    put("actors.json", exporting.actors_text(store, "json"))
    put("actors.csv", exporting.actors_text(store, "csv"))
    put("relations.json", exporting.relations_text(store, "json"))
    put("relations.csv", exporting.relations_text(store, "csv"))
    for fmt, ext in exporting.RDF_FORMATS.items():
        put(f"graph.{ext}", exporting.rdf_bytes(store, fmt))
    for fmt in ("html", "graphml", "gexf"):
        written.append(exporting.network_file(store, fmt, out / f"network.{fmt}"))
    written.append(exporting.map_file(store, "geojson", out / "map.geojson"))
    written.append(exporting.map_file(store, "html", out / "map.html"))
    from kg.export._html import actor_page_name
    pages = []
    for a in views.actors(store):
        if a["events"] and a["kind"] == "armed_group":
            path = out / actor_page_name(a["name"])
            exporting.actor_file(store, a["name"], path, network_html_name="network.html")
            written.append(path)
            pages.append((a["name"], path.name))
    put("index.html", _index(written, pages, out))
    return result, written


_DESCRIPTIONS = {
    "events.json": "canonical events, JSON (any JSON tool)", "events.csv": "canonical events, CSV (spreadsheets)",
    "events-acled.csv": "events with ACLED's column names (scripts written for ACLED data)",
    "actors.json": "actors with aliases, kinds, parents", "actors.csv": "actors, CSV",
    "relations.json": "group relations with sources", "relations.csv": "relations, CSV",
    "graph.ttl": "the whole graph, Turtle", "graph.trig": "the graph with its named graphs, TriG",
    "graph.nq": "the graph, N-Quads (bulk loading into any SPARQL store)", "graph.jsonld": "the graph, JSON-LD",
    "network.html": "interactive actor network (works offline)", "network.graphml": "network for Gephi / Cytoscape / yEd",
    "network.gexf": "network for Gephi", "map.geojson": "events as GeoJSON points (QGIS, geojson.io)",
    "map.html": "offline map of events",
}


def _index(written: list[Path], pages: list[tuple[str, str]], out: Path) -> str:
    rows = "".join(f"<li><a href=\"{html.escape(p.name)}\">{html.escape(p.name)}</a> — "
                   f"{html.escape(_DESCRIPTIONS.get(p.name, ''))}</li>" for p in written if p.name in _DESCRIPTIONS)
    actor_rows = "".join(f"<li><a href=\"{html.escape(f)}\">{html.escape(n)}</a></li>" for n, f in pages)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kg exports</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
            "li{margin:.3rem 0}</style></head><body><h1>kg exports</h1><h2>Files</h2><ul>" + rows +
            "</ul><h2>Actor pages</h2><ul>" + actor_rows + "</ul></body></html>\n")

"""Exports: the store's JSON shapes written as JSON, CSV, ACLED CSV, RDF, network files, maps and pages."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kg import views
from kg.errors import UsageError
from kg.store import Store

RDF_FORMATS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _public_event(ev: dict) -> dict:
    return {k: v for k, v in ev.items() if k != "perpetrator_ids"}


def events_text(store: Store, format: str) -> str:
    evs = [_public_event(e) for e in views.events(store)]
    if format == "json":
        return _json(evs)
    buf = io.StringIO()
    if format == "csv":
        from kg.export.tabular import events_csv
        events_csv(evs, buf)
    elif format == "acled":
        from kg.export.tabular import events_acled_csv
        events_acled_csv(evs, buf)
    else:
        raise UsageError(f"--format: unknown format {format!r} for events (json, csv or acled)")
    return buf.getvalue()


def actors_text(store: Store, format: str) -> str:
    data = views.actors(store)
    if format == "json":
        return _json(data)
    if format == "csv":
        from kg.export.tabular import actors_csv
        buf = io.StringIO()
        actors_csv(data, buf)
        return buf.getvalue()
    raise UsageError(f"--format: unknown format {format!r} for actors (json or csv)")


def relations_text(store: Store, format: str) -> str:
    data = [{k: v for k, v in r.items() if k not in ("s_id", "o_id")} for r in views.relations(store)]
    if format == "json":
        return _json(data)
    if format == "csv":
        from kg.export.tabular import relations_csv
        buf = io.StringIO()
        relations_csv(data, buf)
        return buf.getvalue()
    raise UsageError(f"--format: unknown format {format!r} for relations (json or csv)")


def rdf_bytes(store: Store, format: str) -> bytes:
    if format not in RDF_FORMATS:
        raise UsageError(f"--format: unknown RDF format {format!r} (turtle, trig, nquads or jsonld)")
    buf = io.BytesIO()
    if format == "jsonld":
        return _jsonld(store)
    store.dump(buf, format)
    return buf.getvalue()


def _jsonld(store: Store) -> bytes:
    """JSON-LD with kg's published context (ontology/context.jsonld), named graphs kept; nothing fetched."""
    from rdflib import Dataset

    from kg.validate import ontology_path

    buf = io.BytesIO()
    store.dump(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    context = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    return ds.serialize(format="json-ld", context=context, auto_compact=True).encode("utf-8")


def _network_inputs(store: Store):
    evs = views.events(store)
    acts = views.actors(store)
    rels = views.relations(store, include_reference=True)
    used = {a for e in evs for a in e["perpetrators"] + e["targets"]} | {r["s"] for r in rels if not r["reference"]} \
        | {r["o"] for r in rels if not r["reference"]}
    acts = [a for a in acts if a["name"] in used]
    names = {a["name"] for a in acts}
    rels = [r for r in rels if r["s"] in names and r["o"] in names]
    return evs, acts, rels


def network_file(store: Store, format: str, out: Path | None, *, actor: str | None = None, depth: int = 2,
                 include_events: bool = False) -> Path:
    from kg.export import network
    evs, acts, rels = _network_inputs(store)
    name = None
    if actor:
        iri = views.find_actor(store, actor)
        name = views.labels(store).get(iri, actor)
    g = network.build_graph(evs, acts, rels, include_events=include_events, actor=name, depth=depth if actor else None)
    out = out or Path(f"network.{ 'html' if format == 'html' else format}")
    if format == "html":
        network.write_html(g, out, title="kg actor network")
    elif format == "graphml":
        network.write_graphml(g, out)
    elif format == "gexf":
        network.write_gexf(g, out)
    else:
        raise UsageError(f"--format: unknown network format {format!r} (html, graphml or gexf)")
    return out


def map_file(store: Store, format: str, out: Path | None) -> Path:
    evs = [_public_event(e) for e in views.events(store)]
    if format == "geojson":
        from kg.export.geo import events_geojson
        out = out or Path("map.geojson")
        out.write_text(_json(events_geojson(evs)), encoding="utf-8")
    elif format == "html":
        from kg.export.mapview import write_map_html
        out = out or Path("map.html")
        write_map_html(evs, out, title="kg events map")
    else:
        raise UsageError(f"--format: unknown map format {format!r} (geojson or html)")
    return out


def actor_file(store: Store, name: str, out: Path | None, *, network_html_name: str | None = None) -> Path:
    from kg.export.actor_page import write_actor_page
    from kg.export._html import actor_page_name
    history = views.actor_history(store, name)
    out = out or Path(actor_page_name(history["actor"]["name"]))
    write_actor_page(history["actor"], history["events"], history["relations"], out,
                     network_html_name=network_html_name)
    return out

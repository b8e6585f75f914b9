"""The actor network: a networkx graph of actors and their relations, and its exports.

``build_graph`` turns kg's export JSON (events, actors, relations) into a ``networkx.MultiDiGraph``:

* one node per actor, keyed by the actor's name (relations name their ends by name), with
  ``node_type="actor"``, ``kind``, ``events``, ``killed``, ``aliases``, ``parents``, ``wikidata``,
  ``countries``, ``first_event``, ``last_event`` and ``iri``;
* one edge per relation, keyed by its predicate, with ``p``, ``label``, ``since``, ``until``,
  ``reference`` and ``sources``;
* with ``include_events=True`` also one node per event (``node_type="event"``, keyed by its IRI)
  linked ``perpetrator -> event``, ``event -> target`` and ``claimant -> event``.

Filters: ``country``/``since``/``until`` keep the events in that country and date range, the
actors that took part in them (their ``events``/``killed`` then count only those events), actors
without any event (states, persons, parent organisations) that are linked by an in-range relation
to a kept actor, and the relations between kept actors whose [since, until] overlaps the range.
``actor``/``depth`` then keep the actor's neighbourhood (``depth`` hops, default 1, edges taken
in both directions; an event counts as one hop).

``write_html`` renders a self-contained page with vis-network, ``write_graphml``/``write_gexf``
write files Gephi, Cytoscape and networkx open.

About pyvis: its ``Network`` holds the node and edge records, but its page template is not used.
With ``cdn_resources="in_line"`` pyvis 0.3.2 inlines vis-network 9.1.2 (and tom-select when its
menus are on), yet its template always links Bootstrap's CSS and JS from a CDN and writes the
heading unescaped. kg therefore renders its own page (escaped, with a Content-Security-Policy
that forbids any fetch) and inlines the vis-network JS/CSS files shipped inside the pyvis package.
vis-network shows string tooltips (``title``) as text, never as HTML, so tooltips are plain text.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from ._html import (EVENT_TYPE_COLORS, FALLBACK_COLOR, KIND_COLORS, KIND_LABELS, KIND_SHAPES,
                    PREDICATE_COLORS, actor_page_name, as_list, data_block, date_bounds, esc,
                    fmt_int, humanize, join, page, vis_assets)

LARGE_GRAPH = 1000          # above this many nodes: precomputed layout, physics off
SEEDED_PHYSICS = 150        # above this many nodes: physics starts from precomputed positions
EVENT_EDGE_PREDICATES = ("perpetrator", "target", "claimed")

__all__ = ["build_graph", "write_html", "write_graphml", "write_gexf", "compute_layout",
           "LARGE_GRAPH"]


# ---------------------------------------------------------------------------------------------
# building the graph

def _in_range(start: str | None, end: str | None, lo: str | None, hi: str | None) -> bool:
    """Does [start, end] (None = open) overlap [lo, hi] (None = open)?"""
    if lo and end and end < lo:
        return False
    if hi and start and start > hi:
        return False
    return True


def _event_matches(ev: dict, country: str | None, lo: str | None, hi: str | None) -> bool:
    if country and (ev.get("country") or "").casefold() != country.casefold():
        return False
    if lo or hi:
        start, end = date_bounds(ev.get("date"))
        if start is None:
            return False
        return _in_range(start, end, lo, hi)
    return True


def _participants(ev: dict) -> list[tuple[str, str]]:
    """(name, role) pairs of an event: perpetrators, targets and claimants."""
    out = [(n, "perpetrator") for n in as_list(ev.get("perpetrators"))]
    out += [(n, "target") for n in as_list(ev.get("targets"))]
    out += [(n, "claimed") for n in as_list(ev.get("claimed_by"))]
    return out


def _resolve_actor(G: nx.MultiDiGraph, actor: str, actors: list[dict]) -> str:
    if actor in G and G.nodes[actor].get("node_type") == "actor":
        return actor
    key = actor.casefold()
    for a in actors:
        names = [a.get("name") or ""] + as_list(a.get("aliases"))
        if a.get("id") == actor or any(n.casefold() == key for n in names):
            if a.get("name") in G:
                return a["name"]
    for n, d in G.nodes(data=True):
        if d.get("node_type") == "actor" and str(n).casefold() == key:
            return n
    raise KeyError(f"no actor named {actor!r} in the graph")


def build_graph(events: list[dict], actors: list[dict], relations: list[dict], *,
                include_events: bool = False, actor: str | None = None, depth: int | None = None,
                country: str | None = None, since: str | None = None,
                until: str | None = None) -> nx.MultiDiGraph:
    """Build the actor network (see the module docstring for nodes, edges and filters).

    ``since``/``until`` take ISO dates of any precision ('2019', '2019-12', '2019-12-11').
    ``actor`` is a name, an alias or an actor IRI; unknown actors raise ``KeyError``.
    """
    lo = date_bounds(since)[0] if since else None
    hi = date_bounds(until)[1] if until else None
    filtered = bool(country or lo or hi)
    kept_events = [e for e in events if _event_matches(e, country, lo, hi)]

    # per-actor statistics over the kept events
    n_events: dict[str, int] = defaultdict(int)
    killed: dict[str, int] = defaultdict(int)
    spans: dict[str, list[list]] = defaultdict(list)
    for ev in kept_events:
        start, end = date_bounds(ev.get("date"))
        seen: set[str] = set()
        for name, role in _participants(ev):
            if role == "claimed" or name in seen:
                continue
            seen.add(name)
            n_events[name] += 1
            spans[name].append([start, end, ev.get("country")])
            if role == "perpetrator" and isinstance(ev.get("killed"), (int, float)):
                killed[name] += int(ev["killed"])
    all_participants = {n for ev in events for n, role in _participants(ev) if role != "claimed"}

    G = nx.MultiDiGraph()
    G.graph.update({"name": "kg actor network", "country": country or "", "since": since or "",
                    "until": until or "", "include_events": include_events})
    by_name = {a["name"]: a for a in actors if a.get("name")}

    def add_actor(name: str) -> None:
        if name in G:
            return
        a = by_name.get(name, {})
        if filtered or "events" not in a:
            ev_count, kill_count = n_events.get(name, 0), killed.get(name, 0)
        else:
            ev_count, kill_count = a.get("events") or 0, a.get("killed") or 0
        sp = spans.get(name, [])
        dates = sorted(s[0] for s in sp if s[0])
        G.add_node(name, node_type="actor", label=name, kind=a.get("kind") or "unknown",
                   iri=a.get("id"), aliases=as_list(a.get("aliases")),
                   parents=as_list(a.get("parents")), wikidata=a.get("wikidata"),
                   events=int(ev_count), killed=int(kill_count),
                   countries=sorted({s[2] for s in sp if s[2]}),
                   first_event=dates[0] if dates else None,
                   last_event=max(s[1] for s in sp if s[1]) if dates else None,
                   _spans=sp, _timeless=name not in all_participants)

    if not filtered:
        for a in actors:
            if a.get("name"):
                add_actor(a["name"])
    else:
        for name in n_events:
            if name in by_name:
                add_actor(name)

    # relations
    def rel_bounds(r: dict) -> tuple[str | None, str | None]:
        return (date_bounds(r.get("since"))[0] if r.get("since") else None,
                date_bounds(r.get("until"))[1] if r.get("until") else None)

    if filtered:
        # timeless actors (never in any event) linked by an in-range relation to an actor kept
        # for its events (one step only, as the page's filter does)
        kept = set(G.nodes)
        for r in relations:
            s, o = r.get("s"), r.get("o")
            if not s or not o or not _in_range(*rel_bounds(r), lo, hi):
                continue
            for a_, b_ in ((s, o), (o, s)):
                if a_ in kept and b_ not in G and b_ not in all_participants:
                    add_actor(b_)
    for r in relations:
        s, o, p = r.get("s"), r.get("o"), r.get("p") or "related_to"
        if not s or not o:
            continue
        if filtered:
            if s not in G or o not in G or not _in_range(*rel_bounds(r), lo, hi):
                continue
        else:
            add_actor(s)
            add_actor(o)
        key = p
        i = 1
        while G.has_edge(s, o, key):
            i += 1
            key = f"{p}#{i}"
        G.add_edge(s, o, key=key, p=p, label=humanize(p), since=r.get("since"),
                   until=r.get("until"), reference=bool(r.get("reference")),
                   sources=list(r.get("sources") or []))

    if include_events:
        for ev in kept_events:
            eid = ev.get("id") or f"event-{len(G)}"
            start, end = date_bounds(ev.get("date"))
            attrs = {k: ev.get(k) for k in (
                "type", "acled_event_type", "acled_sub_event_type", "date", "date_precision",
                "place", "country", "admin1", "lat", "lon", "geo_precision", "killed", "wounded",
                "missing", "abducted", "responsibility", "disputed", "role")}
            G.add_node(eid, node_type="event", label=ev.get("label") or eid, kind="event", iri=ev.get("id"),
                       perpetrators=as_list(ev.get("perpetrators")), targets=as_list(ev.get("targets")),
                       claimed_by=as_list(ev.get("claimed_by")), tactics=as_list(ev.get("tactics")),
                       claims=list(ev.get("claims") or []), sources=list(ev.get("sources") or []),
                       _spans=[[start, end, ev.get("country")]], **attrs)
            for name, role in _participants(ev):
                if role == "claimed" and name not in G:
                    continue
                add_actor(name)
                if role == "target":
                    G.add_edge(eid, name, key=role, p=role, label=role, since=ev.get("date"),
                               until=ev.get("date"), reference=False, sources=[])
                else:
                    G.add_edge(name, eid, key=role, p=role, label=role, since=ev.get("date"),
                               until=ev.get("date"), reference=False,
                               responsibility=ev.get("responsibility") if role == "perpetrator" else None,
                               sources=[])

    if actor is not None:
        centre = _resolve_actor(G, actor, actors)
        radius = 1 if depth is None else max(0, int(depth))
        keep = nx.ego_graph(G.to_undirected(as_view=True), centre, radius=radius).nodes
        G = G.subgraph(keep).copy()
        G.graph["actor"] = centre
        G.graph["depth"] = radius
    return G


# ---------------------------------------------------------------------------------------------
# layout for large graphs

def _sampled_force_layout(H: nx.Graph, iterations: int, seed: int) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold with repulsion estimated from a random sample of nodes per step.

    Exact attraction along edges, repulsion from ``m`` sampled nodes scaled by n/m, a weak
    pull to the centre so that components stay together. O(iterations * (n*m + edges)).
    """
    import numpy as np

    nodes = list(H.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    e = np.array([(index[u], index[v]) for u, v in H.edges if u != v], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    k = 1.0
    m = min(n, 200)
    scale = n / m
    temp = side / 8
    cool = temp / (iterations + 1)
    gravity = 1.5 / side
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    src, dst = (e[:, 0], e[:, 1]) if len(e) else (None, None)
    for _ in range(iterations):
        sample = rng.choice(n, size=m, replace=False)
        dx = x[:, None] - x[None, sample]
        dy = y[:, None] - y[None, sample]
        w = (k * k * scale) / (dx * dx + dy * dy + 1e-4)
        fx = (dx * w).sum(axis=1)
        fy = (dy * w).sum(axis=1)
        if src is not None:
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            dist = np.sqrt(ex * ex + ey * ey) / k
            ax, ay = ex * dist, ey * dist
            fx -= np.bincount(src, weights=ax, minlength=n)
            fx += np.bincount(dst, weights=ax, minlength=n)
            fy -= np.bincount(src, weights=ay, minlength=n)
            fy += np.bincount(dst, weights=ay, minlength=n)
        r = np.sqrt(x * x + y * y) * gravity
        fx -= x * r
        fy -= y * r
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        step = np.minimum(length, temp) / length
        x += fx * step
        y += fy * step
        temp = max(temp - cool, side / 400)
    pos = np.column_stack([x, y])
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


def _normalise(pos: dict[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    """Scale a component so that it covers about 1 square unit per node, centred on (0, 0)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    f = math.sqrt(len(pos) / (w * h)) if w > 0 and h > 0 else 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: ((x - cx) * f, (y - cy) * f) for v, (x, y) in pos.items()}


def _ring(nodes: list) -> dict[Any, tuple[float, float]]:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    r = 0.5 / math.sin(math.pi / len(nodes))  # neighbours on the ring 1 unit apart
    return {v: (r * math.cos(2 * math.pi * i / len(nodes)), r * math.sin(2 * math.pi * i / len(nodes)))
            for i, v in enumerate(nodes)}


def _pack(blocks: list[dict[Any, tuple[float, float]]], pad: float = 1.5) -> dict[Any, tuple[float, float]]:
    """Shelf-pack component layouts (largest first) into rows of a roughly square drawing."""
    boxes = []
    for pos in blocks:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + pad, max(ys) - min(ys) + pad, pos))
    total = sum(b[2] * b[3] for b in boxes)
    row_w = max(max(b[2] for b in boxes), math.sqrt(total) * 1.15)
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for x0, y0, w, h, pos in boxes:
        if x > 0 and x + w > row_w:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, (px, py) in pos.items():
            out[v] = (px - x0 + x, py - y0 + y)
        x += w
        row_h = max(row_h, h)
    return out


def compute_layout(G: nx.Graph, *, iterations: int = 60, seed: int = 7,
                   spacing: float = 90.0) -> dict[Any, tuple[float, float]]:
    """Positions (in vis-network canvas pixels) for a large graph.

    networkx's ``spring_layout`` takes 72 s for 10,000 nodes at 10 iterations here (and needs
    scipy above 500 nodes), so kg uses its own numpy force layout with sampled repulsion
    (about 4 s for 10,000 nodes) per connected component of 8 or more nodes; smaller components
    become rings. Components are then packed in rows, largest first, so that isolated actors do
    not crowd the edge of the drawing. Without numpy every component is a ring.
    Each component covers about ``spacing``² square pixels per node.
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    if H.number_of_nodes() == 0:
        return {}
    try:
        import numpy  # noqa: F401
        have_numpy = True
    except ImportError:
        have_numpy = False
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    blocks: list[dict[Any, tuple[float, float]]] = []
    singles: list = []
    for comp in comps:
        if len(comp) == 1:
            singles.append(comp[0])
        elif len(comp) >= 8 and have_numpy:
            sub = H.subgraph(comp)
            blocks.append(_normalise(_sampled_force_layout(sub, iterations, seed)))
        else:
            blocks.append(_ring(comp))
    if singles:  # isolated actors: one square grid block, 1 unit apart
        side = math.ceil(math.sqrt(len(singles)))
        blocks.append({v: (1.6 * (i % side), 0.8 * (i // side)) for i, v in enumerate(singles)})
    raw = _pack(blocks)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (round((x - cx) * spacing, 1), round((y - cy) * spacing, 1)) for v, (x, y) in raw.items()}


# ---------------------------------------------------------------------------------------------
# HTML

def _node_tooltip(n: Any, d: dict) -> str:
    if d.get("node_type") == "event":
        lines = [str(d.get("label") or n),
                 f"{humanize(d.get('type')) or 'event'} · {d.get('date') or 'date unknown'}"
                 + (f" ({d['date_precision']})" if d.get("date_precision") and d.get("date_precision") != "day" else ""),
                 join([d.get("place"), d.get("admin1"), d.get("country")], ", ")]
        figs = [f"{k} {fmt_int(d.get(k))}" for k in ("killed", "wounded", "missing", "abducted")
                if d.get(k) is not None]
        if figs:
            lines.append(", ".join(figs))
        if d.get("perpetrators"):
            lines.append("by " + join(d["perpetrators"], ", ")
                         + (f" ({d['responsibility']})" if d.get("responsibility") else ""))
        if d.get("targets"):
            lines.append("against " + join(d["targets"], ", "))
        for c in d.get("claims") or []:
            val = c.get("value") if c.get("value") is not None else f"{c.get('low')}–{c.get('high')}"
            lines.append(f"claim: {c.get('property')} {join([c.get('qualifier'), val], ' ')}"
                         + (f" — {c['by']}" if c.get("by") else "") + (f" [{c['source']}]" if c.get("source") else ""))
        srcs = [join([s.get("file"), s.get("published")], ", ") for s in d.get("sources") or []]
        if srcs:
            lines.append("sources: " + "; ".join(srcs))
        return "\n".join(x for x in lines if x)
    lines = [str(n), KIND_LABELS.get(d.get("kind"), humanize(d.get("kind")))]
    if d.get("aliases"):
        lines.append("also: " + join(d["aliases"], ", "))
    if d.get("parents"):
        lines.append("part of: " + join(d["parents"], ", "))
    lines.append(f"events: {fmt_int(d.get('events'))} · killed: {fmt_int(d.get('killed'))}")
    if d.get("first_event"):
        lines.append(f"active: {d['first_event']} – {d.get('last_event') or ''}")
    if d.get("countries"):
        lines.append("countries: " + join(d["countries"], ", "))
    if d.get("wikidata"):
        lines.append(f"Wikidata: {d['wikidata']}")
    return "\n".join(lines)


def _edge_tooltip(u: Any, v: Any, d: dict, G: nx.MultiDiGraph) -> str:
    lu = G.nodes[u].get("label", u)
    lv = G.nodes[v].get("label", v)
    lines = [f"{lu} — {humanize(d.get('p'))} → {lv}"]
    if d.get("p") not in EVENT_EDGE_PREDICATES:
        if d.get("since") or d.get("until"):
            lines.append(f"since {d.get('since') or '?'}" + (f" until {d['until']}" if d.get("until") else ""))
        if d.get("reference"):
            lines.append("source: kg reference data")
    elif d.get("responsibility"):
        lines.append(f"responsibility: {d['responsibility']}")
    for s in (d.get("sources") or [])[:5]:
        head = join([s.get("file"), s.get("published")], ", ")
        sent = s.get("sentence")
        lines.append(f"source: {head}" + (f"\n  “{sent}”" if sent else ""))
    extra = len(d.get("sources") or []) - 5
    if extra > 0:
        lines.append(f"… and {extra} more sources")
    return "\n".join(lines)


NETWORK_CSS = """
html,body{height:100%}
body{display:flex;overflow:hidden}
#side{width:330px;min-width:330px;height:100%;overflow-y:auto;padding:12px 14px;background:#fff;border-right:1px solid #ddd}
#network{flex:1;height:100%;position:relative;background:#fcfcfc}
#side label{display:block;margin:.35em 0}
#side select,#side input[type=date]{width:100%;padding:3px;font:inherit}
#side .row{display:flex;gap:8px}
#side .row label{flex:1}
#side button{font:inherit;padding:3px 10px;margin-top:4px}
.legend label{display:flex;align-items:center;margin:.15em 0!important;cursor:pointer}
.legend input{margin:0 .4em 0 0}
#detail-body dl{margin:0}
#detail-body dt{font-weight:600;margin-top:.3em}
#detail-body dd{margin:0 0 0 .8em;overflow-wrap:anywhere}
div.vis-tooltip{white-space:pre-line!important;max-width:440px;font:12.5px/1.35 system-ui,sans-serif!important;overflow-wrap:anywhere}
#loading{position:absolute;top:10px;left:10px;background:rgba(255,255,255,.85);padding:2px 8px;border-radius:3px;font-size:12px;color:#555;z-index:2}
"""

NETWORK_JS = r"""
(function () {
  "use strict";
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("kg-graph").textContent);
  var kg = window.kgNetwork = {ready: false, firstDraw: null, stabilized: null, t0: t0, timings: {}};
  kg.timings.parsed = performance.now();
  var nodes = new vis.DataSet(D.nodes);
  var edges = new vis.DataSet(D.edges);
  kg.timings.datasets = performance.now();
  kg.nodes = nodes; kg.edges = edges;
  var st = {country: "", from: "", to: "", centre: "", depth: 2,
            kinds: new Set(D.kinds), preds: new Set(D.predicates)};
  var visN = null, visE = null;
  var nodesView = new vis.DataView(nodes, {filter: function (n) { return visN === null || visN.has(n.id); }});
  var edgesView = new vis.DataView(edges, {filter: function (e) { return visE === null || visE.has(e.id); }});
  kg.nodesView = nodesView; kg.edgesView = edgesView;
  var $ = function (id) { return document.getElementById(id); };

  function overlaps(s, e, lo, hi) {
    if (lo && e && e < lo) return false;
    if (hi && s && s > hi) return false;
    return true;
  }
  function compute() {
    var timed = !!(st.country || st.from || st.to);
    var vn = new Set();
    nodes.forEach(function (n) {
      if (!st.kinds.has(n.kind)) return;
      if (!timed) { vn.add(n.id); return; }
      var sp = n.spans || [];
      for (var i = 0; i < sp.length; i++) {
        if ((!st.country || sp[i][2] === st.country) && sp[i][0] && overlaps(sp[i][0], sp[i][1], st.from, st.to)) {
          vn.add(n.id); return;
        }
      }
    });
    var edgeOk = function (e) {
      return st.preds.has(e.p) && (!timed || overlaps(e.start, e.end, st.from, st.to));
    };
    if (timed) {  // actors never seen in an event: keep them next to a kept actor
      var extra = [];
      edges.forEach(function (e) {
        if (!edgeOk(e)) return;
        var a = nodes.get(e.from), b = nodes.get(e.to);
        if (a && b && st.kinds.has(a.kind) && st.kinds.has(b.kind)) {
          if (a.timeless && vn.has(b.id)) extra.push(a.id);
          if (b.timeless && vn.has(a.id)) extra.push(b.id);
        }
      });
      extra.forEach(function (id) { vn.add(id); });
    }
    var ve = new Set();
    edges.forEach(function (e) { if (edgeOk(e) && vn.has(e.from) && vn.has(e.to)) ve.add(e.id); });
    if (st.centre && vn.has(st.centre)) {
      var adj = new Map();
      edges.forEach(function (e) {
        if (!ve.has(e.id)) return;
        if (!adj.has(e.from)) adj.set(e.from, []);
        if (!adj.has(e.to)) adj.set(e.to, []);
        adj.get(e.from).push(e.to); adj.get(e.to).push(e.from);
      });
      var seen = new Set([st.centre]), frontier = [st.centre];
      for (var d = 0; d < st.depth; d++) {
        var next = [];
        frontier.forEach(function (id) {
          (adj.get(id) || []).forEach(function (m) { if (!seen.has(m)) { seen.add(m); next.push(m); } });
        });
        frontier = next;
      }
      vn = seen;
      var ve2 = new Set();
      ve.forEach(function (id) { var e = edges.get(id); if (vn.has(e.from) && vn.has(e.to)) ve2.add(id); });
      ve = ve2;
    }
    var all = !timed && !st.centre && st.kinds.size === D.kinds.length && st.preds.size === D.predicates.length;
    visN = all ? null : vn; visE = all ? null : ve;
    nodesView.refresh(); edgesView.refresh();
    $("shown").textContent = "Showing " + nodesView.length + " of " + nodes.length + " nodes, " +
      edgesView.length + " of " + edges.length + " edges.";
  }
  kg.apply = compute;

  var container = $("network");
  var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, D.options);
  kg.network = network;
  kg.timings.network = performance.now();
  function maybeReady() {
    if (kg.firstDraw !== null && kg.stabilized !== null && !kg.ready) {
      kg.ready = true; var l = $("loading"); if (l) l.remove();
    }
  }
  network.once("afterDrawing", function () {
    kg.firstDraw = performance.now();
    if (!D.physics) kg.stabilized = kg.firstDraw;
    maybeReady();
  });
  if (D.physics) {
    network.on("stabilizationProgress", function (p) {
      var l = $("loading"); if (l) l.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      kg.stabilized = performance.now();
      maybeReady();
    });
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function addItem(dl, term, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    var dt = document.createElement("dt"); dt.textContent = term;
    var dd = document.createElement("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function link(href, text) { var a = document.createElement("a"); a.href = href; a.textContent = text; return a; }
  function showNode(n) {
    var box = $("detail-body"); clear(box); box.className = "small";
    var h = document.createElement("h3"); h.textContent = n.label; box.appendChild(h);
    var dl = document.createElement("dl");
    if (n.href) addItem(dl, "Page", link(n.href, "Open the actor page"));
    var lines = (n.title || "").split("\n").slice(1);
    addItem(dl, n.kind === "event" ? "Event" : "Actor", lines.join("\n"));
    if (n.wikidata && /^Q[0-9]+$/.test(n.wikidata)) addItem(dl, "Wikidata", link("https://www.wikidata.org/wiki/" + n.wikidata, n.wikidata));
    box.appendChild(dl);
    dl.querySelectorAll("dd").forEach(function (dd) { dd.style.whiteSpace = "pre-line"; });
  }
  function showEdge(e) {
    var box = $("detail-body"); clear(box); box.className = "small";
    var p = document.createElement("p"); p.style.whiteSpace = "pre-line"; p.textContent = e.title || ""; box.appendChild(p);
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(nodes.get(p.nodes[0]));
    else if (p.edges.length) showEdge(edges.get(p.edges[0]));
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) { var n = nodes.get(p.nodes[0]); if (n && n.href) window.location.href = n.href; }
  });

  function bind(id, key, ev) {
    $(id).addEventListener(ev || "change", function () { st[key] = key === "depth" ? parseInt(this.value, 10) : this.value; compute(); if (key === "centre" || key === "depth") focus(); });
  }
  function focus() {
    if (st.centre && nodesView.get(st.centre)) {
      network.fit({nodes: nodesView.getIds(), animation: false});
      network.selectNodes([st.centre]); showNode(nodes.get(st.centre));
    } else { network.fit({animation: false}); }
  }
  bind("f-country", "country"); bind("f-from", "from"); bind("f-to", "to");
  bind("f-actor", "centre"); bind("f-depth", "depth");
  document.querySelectorAll("input[data-kind]").forEach(function (cb) {
    cb.addEventListener("change", function () { if (this.checked) st.kinds.add(this.dataset.kind); else st.kinds.delete(this.dataset.kind); compute(); });
  });
  document.querySelectorAll("input[data-pred]").forEach(function (cb) {
    cb.addEventListener("change", function () { if (this.checked) st.preds.add(this.dataset.pred); else st.preds.delete(this.dataset.pred); compute(); });
  });
  $("f-reset").addEventListener("click", function () {
    st.country = st.from = st.to = st.centre = ""; st.depth = 2;
    st.kinds = new Set(D.kinds); st.preds = new Set(D.predicates);
    ["f-country", "f-from", "f-to", "f-actor"].forEach(function (id) { $(id).value = ""; });
    $("f-depth").value = "2";
    document.querySelectorAll(".legend input").forEach(function (cb) { cb.checked = true; });
    compute(); network.fit({animation: false});
  });
  if (location.hash.indexOf("#actor=") === 0) {
    try { var h = decodeURIComponent(location.hash.slice(7)); if (nodes.get(h)) D.centre = h; } catch (err) { /* bad hash */ }
  }
  if (D.centre) { $("f-actor").value = D.centre; st.centre = D.centre; }
  compute();
  if (D.centre) { focus(); }
  kg.timings.script = performance.now();
})();
"""


def _add_node(net: Any, n_id: str, **opts: Any) -> None:
    """``Network.add_node`` without its O(n) duplicate check (node ids are unique here):
    pyvis's own Node record, appended where ``add_node`` appends it."""
    from pyvis.node import Node

    node = Node(n_id, opts.pop("shape"), label=opts.pop("label"), font_color=net.font_color, **opts)
    net.nodes.append(node.options)
    net.node_ids.append(n_id)
    net.node_map[n_id] = node.options


def _add_edge(net: Any, source: str, to: str, **opts: Any) -> None:
    """``Network.add_edge`` without its O(n) node-existence check (both ends are nodes)."""
    from pyvis.edge import Edge

    net.edges.append(Edge(source, to, net.directed, **opts).options)


def _colour(d: dict) -> str:
    if d.get("node_type") == "event":
        return EVENT_TYPE_COLORS.get(d.get("type") or "", FALLBACK_COLOR)
    return KIND_COLORS.get(d.get("kind") or "unknown", FALLBACK_COLOR)


def write_html(G: nx.MultiDiGraph, path: str | Path, *, title: str,
               actor_pages: bool | None = None, layout_threshold: int = LARGE_GRAPH) -> Path:
    """Write an offline, self-contained network page for ``G`` (as built by ``build_graph``).

    ``actor_pages``: link nodes to ``actor-<slug>.html`` next to ``path`` — ``None`` (default)
    links those pages that already exist, ``True`` links every actor, ``False`` none. A click on
    a node shows its details with the link; a double click opens the page.
    Graphs with more than ``layout_threshold`` nodes get positions from ``compute_layout`` and
    no physics.
    """
    from pyvis.network import Network  # imported here: pyvis pulls in IPython

    path = Path(path)
    big = G.number_of_nodes() > layout_threshold
    n_nodes = G.number_of_nodes()
    # mid-sized graphs: start the physics from precomputed positions, so it settles sooner
    pos = compute_layout(G) if big or n_nodes > SEEDED_PHYSICS else {}
    iterations = 400 if n_nodes <= 100 else (250 if n_nodes <= SEEDED_PHYSICS else 120)
    out_dir = path.parent

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    node_ids: set = set()
    kinds_present: list[str] = []
    for n, d in G.nodes(data=True):
        is_event = d.get("node_type") == "event"
        kind = "event" if is_event else (d.get("kind") or "unknown")
        if kind not in kinds_present:
            kinds_present.append(kind)
        colour = _colour(d)
        if is_event:
            size = 6 + 1.3 * math.sqrt(max(0, d.get("killed") or 0))
            shape = "triangleDown"
            label = f"{d.get('date') or ''} {d.get('label') or ''}".strip()
        else:
            size = 10 + 5 * math.sqrt(max(0, d.get("events") or 0))
            shape = KIND_SHAPES.get(kind, "dot")
            label = str(d.get("label") or n)
        href = None
        if not is_event and actor_pages is not False:
            name = actor_page_name(str(n))
            if actor_pages or (out_dir / name).exists():
                href = name
        opts: dict[str, Any] = {
            "title": _node_tooltip(n, d), "size": round(min(size, 60), 1),
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "kind": kind, "spans": d.get("_spans") or [], "timeless": bool(d.get("_timeless")),
        }
        if href:
            opts["href"] = href
        if d.get("wikidata"):
            opts["wikidata"] = d["wikidata"]
        if d.get("kind") == "unidentified":
            opts["shapeProperties"] = {"borderDashes": [4, 3]}
        if n in pos:
            opts["x"], opts["y"] = pos[n]
        _add_node(net, str(n), label=label, shape=shape, **opts)
        node_ids.add(str(n))

    order = list(KIND_COLORS) + ["event"]
    kinds_present.sort(key=lambda k: order.index(k) if k in order else len(order))
    preds_present: list[str] = []
    pair_count: dict[frozenset, int] = defaultdict(int)
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        p = d.get("p") or str(k)
        if p not in preds_present:
            preds_present.append(p)
        start = date_bounds(d.get("since"))[0] if d.get("since") else None
        end = date_bounds(d.get("until"))[1] if d.get("until") else None
        is_event_edge = p in EVENT_EDGE_PREDICATES
        colour = PREDICATE_COLORS.get(p, FALLBACK_COLOR)
        opts = {"id": f"e{i}", "p": p, "title": _edge_tooltip(u, v, d, G), "start": start, "end": end,
                "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
                "width": 1.2 if is_event_edge else 2.2, "dashes": bool(d.get("reference"))}
        if not big and not is_event_edge:
            opts["label"] = humanize(p)
        pair = frozenset((u, v))
        nth = pair_count[pair]
        pair_count[pair] += 1
        if not big and nth:
            opts["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                              "roundness": 0.15 + 0.1 * (nth // 2)}
        _add_edge(net, str(u), str(v), **opts)
    porder = list(PREDICATE_COLORS)
    preds_present.sort(key=lambda p: porder.index(p) if p in porder else len(porder))

    physics = not big and n_nodes > 0
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "widthConstraint": {"maximum": 170}},
        "edges": {"font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "color": "#333333"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "smooth": {"enabled": not big, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": False},
        "layout": {"improvedLayout": not big and G.number_of_nodes() <= 150, "randomSeed": 7},
        "physics": ({"enabled": True, "solver": "forceAtlas2Based",
                     "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.012,
                                          "springLength": 140, "springConstant": 0.06,
                                          "avoidOverlap": 0.4},
                     "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25,
                                       "fit": True},
                     "minVelocity": 1.0}
                    if physics else {"enabled": False}),
    }
    if big:
        options["edges"]["color"] = {"opacity": 0.6}
        # labels only once zoomed in enough to read them
        options["nodes"]["scaling"] = {"label": {"enabled": False, "drawThreshold": 9}}

    nodes, edges, _heading, _height, _width, _opts = net.get_network_data()
    centre = G.graph.get("actor")
    data = {"nodes": nodes, "edges": edges, "options": options, "physics": physics,
            "kinds": kinds_present, "predicates": preds_present,
            "centre": centre if centre is not None and str(centre) in node_ids else None}

    countries = sorted({c for _n, d in G.nodes(data=True) for s in (d.get("_spans") or []) for c in [s[2]] if c})
    starts = sorted(s[0] for _n, d in G.nodes(data=True) for s in (d.get("_spans") or []) if s[0])
    ends = sorted(s[1] for _n, d in G.nodes(data=True) for s in (d.get("_spans") or []) if s[1])
    actors_sorted = sorted((str(n) for n, d in G.nodes(data=True) if d.get("node_type") == "actor"),
                           key=str.casefold)
    n_actors = sum(1 for _n, d in G.nodes(data=True) if d.get("node_type") == "actor")
    n_events = G.number_of_nodes() - n_actors
    n_rel = sum(1 for *_e, d in G.edges(data=True) if d.get("p") not in EVENT_EDGE_PREDICATES)

    side = [f"<h1>{esc(title)}</h1>",
            f'<p class="muted small">{n_actors:,} actors · {n_rel:,} relations'
            + (f" · {n_events:,} events" if n_events else "")
            + (" · positions precomputed, physics off" if big else "") + "</p>",
            "<h2>Filter</h2>",
            '<label>Country <select id="f-country"><option value="">All countries</option>'
            + "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in countries) + "</select></label>",
            '<div class="row">'
            f'<label>From <input type="date" id="f-from" min="{esc(starts[0] if starts else "")}" max="{esc(ends[-1] if ends else "")}"></label>'
            f'<label>To <input type="date" id="f-to" min="{esc(starts[0] if starts else "")}" max="{esc(ends[-1] if ends else "")}"></label>'
            "</div>",
            "<h2>Actor-centred view</h2>",
            '<label>Actor <select id="f-actor"><option value="">Whole graph</option>'
            + "".join(f'<option value="{esc(a)}">{esc(a)}</option>' for a in actors_sorted) + "</select></label>",
            '<label>Depth <select id="f-depth"><option value="1">1 step</option>'
            '<option value="2" selected>2 steps</option><option value="3">3 steps</option></select></label>',
            '<button type="button" id="f-reset">Reset</button>',
            '<p id="shown" class="small muted"></p>',
            '<section class="legend"><h2>Legend</h2><h3>Nodes <span class="muted small">(size: number of events)</span></h3>']
    for kind in kinds_present:
        if kind == "event":
            sw, lab = "#888888", "events (triangles, coloured by type)"
        else:
            sw, lab = KIND_COLORS.get(kind, FALLBACK_COLOR), KIND_LABELS.get(kind, humanize(kind))
        side.append(f'<label><input type="checkbox" checked data-kind="{esc(kind)}">'
                    f'<span class="swatch" style="background:{esc(sw)}"></span>{esc(lab)}</label>')
    side.append("<h3>Edges</h3>")
    for p in preds_present:
        side.append(f'<label><input type="checkbox" checked data-pred="{esc(p)}">'
                    f'<span class="line" style="border-color:{esc(PREDICATE_COLORS.get(p, FALLBACK_COLOR))}"></span>'
                    f"{esc(humanize(p))}</label>")
    side.append('<p class="small muted"><span class="line dashed" style="border-color:#777"></span>'
                "dashed: from kg's reference data; solid: from articles.</p>")
    if "event" in kinds_present:
        types = sorted({d.get("type") or "other" for _n, d in G.nodes(data=True) if d.get("node_type") == "event"})
        side.append("<h3>Event types</h3>" + "".join(
            f'<div class="small"><span class="swatch" style="background:{esc(EVENT_TYPE_COLORS.get(t, FALLBACK_COLOR))}"></span>{esc(humanize(t))}</div>'
            for t in types))
    side.append("</section>")
    side.append('<section><h2>Details</h2><div id="detail-body" class="small muted">'
                "Click a node or an edge; double-click an actor to open its page.</div></section>")

    js, css = vis_assets()
    body = (f'<aside id="side">{"".join(side)}</aside>'
            f'<main id="network"><div id="loading">Drawing…</div></main>'
            + data_block("kg-graph", data))
    path.write_text(page(title, body, css=css + NETWORK_CSS, scripts=[js, NETWORK_JS]), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# GraphML / GEXF

def _plain(value: Any) -> Any:
    if isinstance(value, bool) or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        items = list(value)
        if all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in items):
            return "; ".join(str(x) for x in items)
        return json.dumps(items, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _plain_graph(G: nx.Graph, *, drop: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A copy with only str/int/float/bool attributes: None dropped, lists joined with '; ',
    lists of records and dicts as JSON, internal ``_``-prefixed attributes removed."""
    drop = set(drop)
    H = nx.MultiDiGraph()
    for k, v in G.graph.items():
        if v is not None and not k.startswith("_"):
            H.graph[k] = _plain(v)
    for n, d in G.nodes(data=True):
        H.add_node(str(n), **{k: _plain(v) for k, v in d.items()
                              if v is not None and not k.startswith("_") and k not in drop})
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, d in edges:
        H.add_edge(str(u), str(v), key=key, **{k: _plain(val) for k, val in d.items()
                                                if val is not None and not k.startswith("_") and k not in drop})
    return H


def write_graphml(G: nx.Graph, path: str | Path) -> Path:
    """GraphML for Gephi/Cytoscape/yEd: list attributes as '; '-joined strings, records as JSON."""
    path = Path(path)
    nx.write_graphml(_plain_graph(G), path, encoding="utf-8", prettyprint=True)
    return path


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """GEXF 1.2 for Gephi. ``id``/``start``/``end`` would be read as GEXF's own fields, so the
    graph never carries attributes of those names (``iri`` holds the IRI)."""
    path = Path(path)
    nx.write_gexf(_plain_graph(G, drop=("id", "start", "end", "pid")), path, encoding="utf-8",
                  prettyprint=True, version="1.2draft")
    return path

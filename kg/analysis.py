"""Network analysis of the store: a networkx projection of actors, their relations and who attacked whom.

:func:`actor_graph` builds a :class:`networkx.MultiDiGraph` keyed by actor IRI:

* one node per actor (reference actors and actors met only in articles), with ``name``, ``kind``,
  ``unreviewed``, ``events`` (canonical events it took part in as perpetrator or target), ``perpetrated``
  (events it is a perpetrator of) and ``killed`` (sum of the coded killed figure of those events);
* one edge per relation, keyed by its predicate (``part_of``, ``allied_with``...), from subject to object,
  with ``predicate``, ``since``, ``until``, ``reference`` (true when only the reference data states it) and
  ``sources`` (the articles that state it, or the reference data's sources);
* one ``attacked`` edge per canonical event from each perpetrator to each target, keyed by the event IRI,
  with ``event``, ``label``, ``type``, ``date``, ``place``, ``killed`` and ``sources``. The unidentified
  armed group (``unidentified-armed-group``) is left out: it is not one actor but many.

:func:`network_stats` and :func:`shortest_path` work on the undirected simple projection (one edge between
two actors that are linked in any way), so that a path may follow a relation or an attack either way.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.errors import InputError
from kg.store import Store
from kg.vocab import ACTOR_KINDS, KG, RESOLVED_GRAPH

UNIDENTIFIED = "/actor/unidentified-armed-group"
_KIND = {str(v): k for k, v in ACTOR_KINDS.items()}


def _actor_nodes(store: Store) -> dict[str, dict[str, Any]]:
    """Every actor of the store (any graph), with its kind and whether it is unreviewed."""
    rows = store.select("SELECT DISTINCT ?a ?kind ?unrev WHERE { ?a a ?kind FILTER(?kind IN (%s)) "
                        "OPTIONAL { ?a <%s> ?unrev } }" % (", ".join(f"<{k}>" for k in _KIND), KG.unreviewed))
    out: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r["a"].value, r["kind"].value)):
        out.setdefault(r["a"].value, {"kind": _KIND[r["kind"].value],
                                      "unreviewed": "unrev" in r and r["unrev"].value == "true"})
    return out


def _participants(store: Store) -> dict[str, dict[str, set[str]]]:
    """Perpetrator and target IRIs of every canonical event."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"perpetrator": set(), "target": set()})
    for r in store.select("SELECT ?e ?p ?a WHERE { GRAPH <%s> { ?e ?p ?a FILTER(?p IN (<%s>, <%s>)) } }"
                          % (RESOLVED_GRAPH, KG.perpetrator, KG.target)):
        role = "perpetrator" if r["p"].value == str(KG.perpetrator) else "target"
        out[r["e"].value][role].add(r["a"].value)
    return out


def _articles(sources: list[dict]) -> list[dict]:
    """One entry per article of a view's source list (which has one entry per cited sentence)."""
    seen: dict[str, dict] = {}
    for s in sources:
        seen.setdefault(s.get("file") or "", {k: s.get(k) for k in ("file", "url", "title", "published", "outlet")
                                              if k in s})
    return [seen[k] for k in sorted(seen)]


def _reference_dates() -> dict[tuple[str, str, str], tuple[str | None, str | None, tuple[str, ...]]]:
    """(subject IRI, predicate, object IRI) -> (since, until, sources) from the packaged reference data."""
    from kg import ids
    from kg.reference import load_actors

    out = {}
    for rec in load_actors().values():
        for rel in rec.relations:
            out[(ids.actor(rec.key), rel.p, ids.actor(rel.o))] = (rel.since, rel.until, rec.sources)
        for parent in rec.parents:
            out.setdefault((ids.actor(rec.key), "part_of", ids.actor(parent)), (None, None, rec.sources))
    return out


def actor_graph(store: Store) -> nx.MultiDiGraph:
    """The actor network of the store (see the module docstring for nodes and edges)."""
    from kg import views

    names = views.labels(store)
    G = nx.MultiDiGraph(name="kg actor graph")
    for iri, info in sorted(_actor_nodes(store).items()):
        G.add_node(iri, name=names.get(iri, iri.rsplit("/", 1)[-1]), kind=info["kind"],
                   unreviewed=info["unreviewed"], events=0, perpetrated=0, killed=0)

    def ensure(iri: str) -> None:
        if iri not in G:
            G.add_node(iri, name=names.get(iri, iri.rsplit("/", 1)[-1]), kind="unknown", unreviewed=True,
                       events=0, perpetrated=0, killed=0)

    ref = _reference_dates()
    for rel in views.relations(store, include_reference=True):
        s, o, p = rel["s_id"], rel["o_id"], rel["p"]
        ensure(s)
        ensure(o)
        since, until, sources = rel["since"], rel["until"], _articles(rel["sources"])
        if rel["reference"]:
            r_since, r_until, r_sources = ref.get((s, p, o), (None, None, ()))
            since, until = r_since, r_until
            sources = [{"reference": src} for src in r_sources]
        G.add_edge(s, o, key=p, predicate=p, since=since, until=until, reference=rel["reference"], sources=sources)

    parts = _participants(store)
    for ev in views.events(store):
        roles = parts.get(ev["id"], {"perpetrator": set(), "target": set()})
        perps = sorted(a for a in roles["perpetrator"] if not a.endswith(UNIDENTIFIED))
        targets = sorted(a for a in roles["target"] - roles["perpetrator"] if not a.endswith(UNIDENTIFIED))
        for a in sorted(set(perps) | set(targets)):
            ensure(a)
            G.nodes[a]["events"] += 1
        for a in perps:
            G.nodes[a]["perpetrated"] += 1
            G.nodes[a]["killed"] += ev["killed"] or 0
        for a in perps:
            for t in targets:
                G.add_edge(a, t, key=ev["id"], predicate="attacked", event=ev["id"], label=ev["label"],
                           type=ev["type"], date=ev["date"], place=ev["place"], killed=ev["killed"],
                           sources=_articles(ev["sources"]))
    return G


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected projection: an edge wherever two actors are linked in either direction."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes(data=True)))
    U.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return U


def _entry(G: nx.MultiDiGraph, iri: str, **values: Any) -> dict[str, Any]:
    d = G.nodes[iri]
    return {"id": iri, "name": d["name"], "kind": d["kind"], **values}


def _top(G: nx.MultiDiGraph, scores: dict[str, float], field: str, top: int) -> list[dict[str, Any]]:
    ranked = sorted((iri for iri, v in scores.items() if v > 0),
                    key=lambda i: (-scores[i], G.nodes[i]["name"].casefold(), i))
    return [_entry(G, i, **{field: round(scores[i], 6) if isinstance(scores[i], float) else scores[i]})
            for i in ranked[:top]]


def network_stats(store: Store, top: int = 10) -> dict[str, Any]:
    """Centralities, communities and the most active perpetrators of the actor network.

    ``degree`` and ``betweenness``: normalised centralities on the undirected projection (top ``top``,
    actors with a non-zero score); ``communities``: greedy-modularity communities (networkx) of the actors
    that have at least one link, largest first, singletons left out; ``by_events`` / ``by_killed``: the
    perpetrators of the most canonical events and of the highest total coded killed figure.
    """
    if top < 1:
        raise InputError(f"--top must be at least 1, got {top}")
    G = actor_graph(store)
    U = undirected(G)
    linked = U.subgraph(sorted(n for n in U if U.degree(n) > 0)).copy()
    degree = nx.degree_centrality(U) if len(U) > 1 else {}
    k = None if len(linked) <= 1000 else 500            # sampled (seeded) betweenness on very large graphs
    betweenness = nx.betweenness_centrality(U, k=k, seed=0) if len(linked) > 2 else {}
    communities = []
    if linked.number_of_edges():
        found = nx.community.greedy_modularity_communities(linked)
        for c in sorted((sorted(c) for c in found if len(c) > 1), key=lambda c: (-len(c), c)):
            members = sorted(c, key=lambda i: (-U.degree(i), G.nodes[i]["name"].casefold()))
            communities.append({"size": len(c), "members": [G.nodes[i]["name"] for i in members], "ids": members})
    relations = sum(1 for *_, d in G.edges(data=True) if d["predicate"] != "attacked")
    return {
        "actors": G.number_of_nodes(), "linked_actors": linked.number_of_nodes(),
        "relations": relations, "attacks": G.number_of_edges() - relations,
        "degree": [{**e, "neighbours": U.degree(e["id"])} for e in _top(G, degree, "degree", top)],
        "betweenness": _top(G, betweenness, "betweenness", top),
        "communities": communities[:top], "community_method": "greedy_modularity",
        "by_events": _top(G, {n: d["perpetrated"] for n, d in G.nodes(data=True)}, "events", top),
        "by_killed": _top(G, {n: d["killed"] for n, d in G.nodes(data=True)}, "killed", top),
    }


def _links(G: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """Every relation and event that links a and b, in either direction."""
    out = []
    for u, v in ((a, b), (b, a)):
        for key, d in sorted(G.get_edge_data(u, v, default={}).items()):
            link = {"direction": "forward" if u == a else "backward", "subject": G.nodes[u]["name"],
                    "object": G.nodes[v]["name"], **d}
            link["kind"] = "event" if d["predicate"] == "attacked" else "relation"
            out.append(link)
    out.sort(key=lambda x: (x["kind"] != "relation", x.get("reference", False), x.get("date") or "",
                            x["predicate"], x.get("event") or ""))
    return out


def shortest_path(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """The shortest chain of links between two actors (names or aliases), one dict per hop.

    Each hop has ``from``/``from_id``, ``to``/``to_id`` and ``links``: every relation (with since, until and
    sources) and every ``attacked`` event (with id, date, killed and sources) between the two, relations
    first. Raises :class:`kg.errors.InputError` for an unknown actor or when no path exists.
    """
    from kg.views import find_actor

    src, dst = find_actor(store, a), find_actor(store, b)
    G = actor_graph(store)
    if src == dst:
        return []
    U = undirected(G)
    try:
        nodes = nx.shortest_path(U, src, dst)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        name = lambda iri, given: G.nodes[iri]["name"] if iri in G else given  # noqa: E731
        raise InputError(f"no path between {name(src, a)!r} and {name(dst, b)!r}: no chain of relations "
                         f"or events links them") from None
    return [{"from": G.nodes[u]["name"], "from_id": u, "to": G.nodes[v]["name"], "to_id": v, "links": _links(G, u, v)}
            for u, v in zip(nodes, nodes[1:])]

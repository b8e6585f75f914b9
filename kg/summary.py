"""Derived data in ``graph/summary``: people killed and events per perpetrator and year, and the last day
of every event that covers more than one day.

"Deaths by group and year" over a million canonical events joins three million-row columns of
graph/resolved (perpetrator, date, killed): about 7.5 s in Oxigraph whatever the query's shape. So the
totals are kept as data, one ``kg:GroupYearTally`` per (perpetrator, year), and the library query reads
those (a few thousand rows) instead.

They are kept in step with graph/resolved by every write:

* the ingest writer (:class:`kg.pipeline.ArticleWriter`) adds, in the same transaction as the canonical
  events it deletes and inserts, the change those events make to the tallies (:func:`changes`): for each
  event whose type, perpetrators, date or figure killed the write touches (an event can change in place,
  as its IRI names only its first report), what it counted before the write is taken away and what it
  counts after is added;
* ``kg load`` (bulk) writes graph/resolved in many transactions and then rebuilds every tally from it
  (:func:`rebuild`), so a load that was interrupted and run again leaves them right too.

The spans serve the ``events`` query's date range. An event is in a period when the days it covers overlap
it, so the events that began before the period and still run on its first day must be found too. At a
million events, joining the whole start and end columns for that took about a second, though almost every
event covers one day. So each event whose ``kg:dateEnd`` is after its ``kg:dateStart`` (months, years,
"3 to 4 February") also has ``?event kg:spanEnd ?end`` here, a column a small fraction of the size, kept by
the same writes as the tallies.

``graph/summary`` holds ``<graph/summary> a kg:Summary ; kg:summaryVersion 2`` once it is complete for every
canonical event. A store written by an older kg lacks that: its first write rebuilds the graph
(:func:`ensure`), and until then a date-range query on it can miss an event that began before the period.

The tallies count exactly what the aggregate over graph/resolved counts: an event with a date, once for
each of its perpetrators (unidentified ones included), in the year its date begins with; deaths are the
sum of the events' ``kg:killed`` (0 when an event has none). ``tests/test_summary.py`` checks that they
equal that aggregate after ingests, replacements, removals and loads.
"""
from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from kg import ids
from kg.store import Store
from kg.to_rdf import lit, n
from kg.vocab import KG, RDF, RESOLVED_GRAPH, SUMMARY_GRAPH

_TYPE, _EVENT, _PERP, _DATE, _KILLED = (str(RDF.type), str(KG.Event), str(KG.perpetrator), str(KG.date),
                                        str(KG.killed))
_START, _END = str(KG.dateStart), str(KG.dateEnd)
_RESOLVED_NODE = NamedNode(str(RESOLVED_GRAPH))
_SUMMARY_NODE = NamedNode(str(SUMMARY_GRAPH))
_SPAN_END = NamedNode(str(KG.spanEnd))
VERSION = 2   # 1: tallies; 2: tallies and spans

# (group IRI, year) -> [deaths, events]
Totals = dict[tuple[str, int], list[int]]


def tally_iri(group: str, year: int) -> str:
    """``id:tally/{actor key}/{year}`` for kg's actors, a digest of the IRI for any other perpetrator."""
    prefix = ids.actor("x")[:-1]
    key = group[len(prefix):] if group.startswith(prefix) else "iri-" + ids.digest(group, 16)
    return f"{ids.BASE}id/tally/{ids.slug(key)}/{year}"


def contributions(quads: Iterable[Quad], sign: int = 1, into: Totals | None = None) -> Totals:
    """What the canonical events described by ``quads`` (their type, perpetrators, date and figure
    killed in graph/resolved) add to the tallies, times ``sign``; other quads are ignored."""
    events: set[str] = set()
    perps: dict[str, list[str]] = {}
    year: dict[str, int] = {}
    killed: dict[str, int] = {}
    for q in quads:
        if q.graph_name != _RESOLVED_NODE:
            continue
        p, s = q.predicate.value, q.subject.value
        if p == _PERP:
            perps.setdefault(s, []).append(q.object.value)
        elif p == _DATE:
            year[s] = int(q.object.value[:4])
        elif p == _KILLED:
            killed[s] = int(q.object.value)
        elif p == _TYPE and q.object.value == _EVENT:
            events.add(s)
    out: Totals = {} if into is None else into
    for e in events:
        if e not in year:
            continue
        for g in perps.get(e, ()):
            t = out.setdefault((g, year[e]), [0, 0])
            t[0] += sign * killed.get(e, 0)
            t[1] += sign
    return out


def spans(quads: Iterable[Quad]) -> list[Quad]:
    """The ``kg:spanEnd`` quads of graph/summary for the canonical events ``quads`` describe whose
    ``kg:dateEnd`` (in graph/resolved) is after their ``kg:dateStart``; other quads are ignored."""
    start: dict[str, str] = {}
    end: dict[str, Quad] = {}
    for q in quads:
        if q.graph_name != _RESOLVED_NODE:
            continue
        p = q.predicate.value
        if p == _START:
            start[q.subject.value] = q.object.value
        elif p == _END:
            end[q.subject.value] = q
    return [_span(q) for e, q in end.items() if e in start and q.object.value > start[e]]


def _span(end: Quad) -> Quad:
    return Quad(end.subject, _SPAN_END, end.object, _SUMMARY_NODE)


def _read(store: Store, keys: list[tuple[str, int]]) -> dict[tuple[str, int], list[Quad]]:
    """The quads of the stored tallies of ``keys``, by key."""
    g = n(SUMMARY_GRAPH)
    by_iri: dict[str, list[Quad]] = {}
    iris = {tally_iri(grp, y): (grp, y) for grp, y in keys}
    names = sorted(iris)
    for i in range(0, len(names), 500):
        for r in store.select("SELECT ?t ?p ?o WHERE { VALUES ?t { %s } GRAPH <%s> { ?t ?p ?o } }"
                              % (" ".join(f"<{t}>" for t in names[i:i + 500]), SUMMARY_GRAPH)):
            by_iri.setdefault(r["t"].value, []).append(Quad(r["t"], r["p"], r["o"], g))
    return {iris[t]: quads for t, quads in by_iri.items()}


def _tally_quads(group: str, year: int, deaths: int, events: int) -> list[Quad]:
    g, t = n(SUMMARY_GRAPH), n(tally_iri(group, year))
    return [Quad(t, n(RDF.type), n(KG.GroupYearTally), g), Quad(t, n(KG.tallyGroup), n(group), g),
            Quad(t, n(KG.tallyYear), lit(year), g), Quad(t, n(KG.tallyKilled), lit(deaths), g),
            Quad(t, n(KG.tallyEvents), lit(events), g)]


def _value(quads: list[Quad], prop) -> int:
    return next((int(q.object.value) for q in quads if q.predicate.value == str(prop)), 0)


def changes(store: Store, delete: Iterable[Quad], insert: Iterable[Quad]) -> tuple[list[Quad], list[Quad]]:
    """(quads to delete, quads to insert) in graph/summary for a write that deletes and inserts these
    quads of graph/resolved, read against the store as it is before the write.

    A canonical event may change in place (its IRI names its date, place, type and first report, so a
    report joining it keeps the IRI and may change its figure or add a perpetrator): for every event
    whose type, perpetrators, date or figure killed the write touches, its tallied quads are read from
    the store, and what it counted before is taken away and what it counts after is added.

    The span of every event whose ``kg:dateEnd`` the write deletes is deleted (a no-op for an event of one
    day, which has none), and the span of every multi-day event it inserts is inserted; as the deletes of a
    transaction come before its inserts, an event written again unchanged keeps its span."""
    delete, insert = list(delete), list(insert)
    span_delete = [_span(q) for q in delete if q.graph_name == _RESOLVED_NODE and q.predicate.value == _END]
    span_insert = spans(insert)
    tally_delete, tally_insert = _tally_changes(store, delete, insert)
    return span_delete + tally_delete, span_insert + tally_insert


def _tally_changes(store: Store, delete: list[Quad], insert: list[Quad]) -> tuple[list[Quad], list[Quad]]:
    relevant = (_TYPE, _PERP, _DATE, _KILLED)
    delete = [q for q in delete if q.graph_name == _RESOLVED_NODE and q.predicate.value in relevant]
    insert = [q for q in insert if q.graph_name == _RESOLVED_NODE and q.predicate.value in relevant]
    touched = sorted({q.subject.value for q in delete} | {q.subject.value for q in insert})
    if not touched:
        return [], []
    before: set[Quad] = set()
    g = n(RESOLVED_GRAPH)
    props = ", ".join(f"<{p}>" for p in relevant)
    for i in range(0, len(touched), 500):
        values = " ".join(f"<{e}>" for e in touched[i:i + 500])
        for r in store.select("SELECT ?e ?p ?o WHERE { VALUES ?e { %s } GRAPH <%s> { ?e ?p ?o FILTER(?p IN (%s)) } }"
                              % (values, RESOLVED_GRAPH, props)):
            before.add(Quad(r["e"], r["p"], r["o"], g))
    after = (before - set(delete)) | set(insert)
    delta: Totals = {}
    contributions(before, -1, delta)
    contributions(after, 1, delta)
    delta = {k: v for k, v in delta.items() if v != [0, 0]}
    if not delta:
        return [], []
    keys = sorted(delta)
    stored = _read(store, keys)
    out_delete: list[Quad] = []
    out_insert: list[Quad] = []
    for k in keys:
        deaths, events = delta[k]
        if k in stored:
            quads = stored[k]
            deaths += _value(quads, KG.tallyKilled)
            events += _value(quads, KG.tallyEvents)
            out_delete += quads
        if events > 0:
            out_insert += _tally_quads(k[0], k[1], deaths, events)
    return out_delete, out_insert


def markers() -> list[Quad]:
    """What says that graph/summary is complete, in this version's layout."""
    g = n(SUMMARY_GRAPH)
    return [Quad(g, n(RDF.type), n(KG.Summary), g), Quad(g, n(KG.summaryVersion), lit(VERSION), g)]


def complete(store: Store) -> bool:
    """Whether graph/summary counts every canonical event and holds every span, in this version's layout."""
    return store.ask("ASK { GRAPH <%s> { <%s> a <%s> ; <%s> %d } }"
                     % (SUMMARY_GRAPH, SUMMARY_GRAPH, KG.Summary, KG.summaryVersion, VERSION))


_AGGREGATE = """
SELECT ?group ?year (SUM(COALESCE(?killed, 0)) AS ?deaths) (COUNT(DISTINCT ?event) AS ?events)
WHERE {
  { SELECT ?event ?group WHERE { GRAPH <%(R)s> { ?event <%(perp)s> ?group } } }
  { SELECT ?event ?date WHERE { GRAPH <%(R)s> { ?event <%(date)s> ?date } } }
  { SELECT ?event WHERE { GRAPH <%(R)s> { ?event a <%(Event)s> } } }
  OPTIONAL { SELECT ?event ?killed WHERE { GRAPH <%(R)s> { ?event <%(killed)s> ?killed } } }
  BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
}
GROUP BY ?group ?year"""


def aggregate(store: Store) -> Totals:
    """The tallies computed from graph/resolved (what graph/summary must hold)."""
    q = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>" + _AGGREGATE % {
        "R": RESOLVED_GRAPH, "perp": KG.perpetrator, "date": KG.date, "killed": KG.killed, "Event": KG.Event}
    return {(r["group"].value, int(r["year"].value)): [int(r["deaths"].value), int(r["events"].value)]
            for r in store.select(q)}


# the two columns read whole and joined by hash (as two subqueries): at a million events 3 s, where the
# pattern `?event kg:dateStart ?start ; kg:dateEnd ?end` looks each end up and took 35 s
_SPANS = """
SELECT ?event ?end WHERE {
  { SELECT ?event ?start WHERE { GRAPH <%(R)s> { ?event <%(start)s> ?start } } }
  { SELECT ?event ?end WHERE { GRAPH <%(R)s> { ?event <%(end)s> ?end } } }
  FILTER(?end > ?start)
}"""


def _span_rows(store: Store) -> list[dict]:
    """(event, end) rows of the multi-day canonical events of graph/resolved."""
    return store.select(_SPANS % {"R": RESOLVED_GRAPH, "start": KG.dateStart, "end": KG.dateEnd})


def aggregate_spans(store: Store) -> dict[str, str]:
    """Event IRI -> last day (ISO), for the multi-day canonical events of graph/resolved (what graph/summary's
    spans must be)."""
    return {r["event"].value: r["end"].value for r in _span_rows(store)}


def stored_spans(store: Store) -> dict[str, str]:
    """Event IRI -> last day (ISO), the spans graph/summary holds."""
    rows = store.select("SELECT ?e ?end WHERE { GRAPH <%s> { ?e <%s> ?end } }" % (SUMMARY_GRAPH, KG.spanEnd))
    return {r["e"].value: r["end"].value for r in rows}


def stored(store: Store) -> Totals:
    """The tallies graph/summary holds."""
    rows = store.select("SELECT ?g ?y ?k ?e WHERE { GRAPH <%s> { ?t a <%s> ; <%s> ?g ; <%s> ?y ; <%s> ?k ; <%s> ?e } }"
                        % (SUMMARY_GRAPH, KG.GroupYearTally, KG.tallyGroup, KG.tallyYear, KG.tallyKilled,
                           KG.tallyEvents))
    return {(r["g"].value, int(r["y"].value)): [int(r["k"].value), int(r["e"].value)] for r in rows}


def rebuild(store: Store) -> int:
    """Replace graph/summary by the tallies and spans of graph/resolved, in one transaction; returns the
    number of tallies."""
    totals = aggregate(store)
    insert = markers() + [q for (grp, y), (k, e) in sorted(totals.items()) for q in _tally_quads(grp, y, k, e)]
    insert += [Quad(r["event"], _SPAN_END, r["end"], _SUMMARY_NODE) for r in _span_rows(store)]
    store.apply(drop_graphs=[n(SUMMARY_GRAPH)], insert=insert)
    return len(totals)


def ensure(store: Store, empty: bool) -> list[Quad]:
    """Before a write: :func:`markers` to insert with it when the store held no canonical event
    (``empty``) and no markers yet; when it held events but no complete summary (an older store), rebuild
    graph/summary now."""
    if complete(store):
        return []
    if empty:
        return markers()
    rebuild(store)
    return []

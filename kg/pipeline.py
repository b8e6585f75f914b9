"""Ingest: read -> extract -> to_rdf -> resolve -> store, atomic writes.

Re-ingesting an unchanged article is a no-op; a changed article (same file name, other content)
replaces its graph; removing an article drops exactly its graph. Each write also re-resolves the
canonical events at the places the article touches (and only there), so fusion stays incremental.

One :class:`ArticleWriter` writes an ingest run: it knows the checksums of the store's articles, keeps
the reports and canonical events of the places it has touched in memory (:class:`_Fusion`, read from the
store once per place, or not at all when the store held no report when the run began), and writes
several new articles in one transaction: their graphs, the reference places they use and the changed
canonical events. An article that replaces another is written in a transaction of its own. A write
that fails is retried article by article, so a bad article never stops the others and a transaction
holds whole articles only; an interrupted run is finished by running it again.
"""
from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids, summary
from kg.errors import InputError, KGError
from kg.model import Article, Findings
from kg.resolve import ReportSummary, cluster
from kg.store import Store
from kg.to_rdf import _KG as _T_KG, _PROV as _T_PROV, _RDF as _T_RDF, _RDFS as _T_RDFS, _SEM as _T_SEM, _XSD_DATE
from kg.to_rdf import article_quads, coded_figures, date_literal, lit, n, place_quads, actor_quads
from kg.vocab import (EVENT_TYPES, FIGURE_PROPERTIES, KG, PRECISIONS, PROV, RDF, RDFS, REFERENCE_GRAPH,
                      RESOLVED_GRAPH, RESPONSIBILITY, SEM, SUMMARY_GRAPH, XSD)

REFERENCE_VERSION = "2"


def _unidentified():
    from kg.reference import ActorRecord
    return ActorRecord(key="unidentified-armed-group", name="Unidentified armed group", kind="unidentified",
                       aliases=("gunmen", "unidentified gunmen", "armed men"), ambiguous_aliases=(), countries=(),
                       parents=(), relations=(), demonyms=(), default_force=False, wikidata=None,
                       acled="Unidentified Armed Group", sources=("kg: attackers the text does not name",))
_TYPE_BY_IRI = {str(v): k for k, v in EVENT_TYPES.items()}
_PREC_BY_IRI = {str(v): k for k, v in PRECISIONS.items()}
_FIG_BY_IRI = {str(v): k for k, v in FIGURE_PROPERTIES.items()}
_RESP_BY_IRI = {str(v): k for k, v in RESPONSIBILITY.items()}
_RESP_ORDER = ["claimed", "attributed", "suspected", "denied"]


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)       # article files newly ingested
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[KGError] = field(default_factory=list)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def ensure_reference(store: Store) -> None:
    """Load the packaged reference actors (and all countries) into graph/reference once per version."""
    g = n(REFERENCE_GRAPH)
    version = store.select(
        "SELECT ?v WHERE { GRAPH <%s> { <%s> <%s> ?v } }" % (REFERENCE_GRAPH, REFERENCE_GRAPH, KG.checksum))
    if version and version[0]["v"].value == REFERENCE_VERSION:
        return
    data = reference_nquads()
    drop = [g] if store.ask("ASK { GRAPH <%s> { ?s ?p ?o } }" % REFERENCE_GRAPH) else []
    store.apply_nquads(drop_graphs=drop, insert=[(str(REFERENCE_GRAPH), data)])


def _reference_quads() -> list[Quad]:
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors

    g = n(REFERENCE_GRAPH)
    actors = load_actors()
    quads = [Quad(g, n(KG.checksum), Literal(REFERENCE_VERSION), g)]
    for rec in actors.values():
        quads.extend(actor_quads(rec, g, actors))
    quads.extend(actor_quads(_unidentified(), g, actors))
    gaz = load_gazetteer()
    for iso in sorted({c for rec in actors.values() for c in rec.countries}):
        try:
            quads.extend(place_quads(gaz.country(iso), g))
        except KeyError:
            continue
    return quads


def reference_nquads() -> bytes:
    """graph/reference as :func:`ensure_reference` writes it, as N-Quads. Cached in the user cache directory
    (kg/cache.py), keyed by the bytes of the code and data it is made from, so that a writer starting on an
    empty store need not load the gazetteer."""
    from pathlib import Path

    import pyoxigraph as ox

    from kg import cache, gazetteer, reference, to_rdf, vocab

    try:
        name = cache.key("reference", [REFERENCE_VERSION, Path(__file__), Path(to_rdf.__file__), Path(ids.__file__),
                                       Path(vocab.__file__), reference.ACTORS_FILE,
                                       gazetteer._built_name()]) + ".nq"
    except OSError:
        name = None
    data = cache.read(name) if name else None
    if data is not None:
        return data
    data = ox.serialize(_reference_quads(), format=ox.RdfFormat.N_QUADS)
    if name:
        cache.write(name, data)
    return data


def ingest(store: Store, paths: list[str], *, format: str = "auto", published: dt.date | None = None,
           source: str | None = None, on_article: Callable[[str, str], None] | None = None) -> IngestResult:
    """Ingest files, folders or '-' (stdin). Bad inputs are reported in ``result.errors``; others still land."""
    from kg.read import PartialInput, iter_paths, read_path

    result = IngestResult()
    ensure_reference(store)
    try:
        targets = list(iter_paths(paths))
    except InputError as exc:
        result.errors.append(exc)
        targets = [p for p in paths if p == "-" or __import__("os").path.exists(p)]
        targets = list(iter_paths(targets))
    writer = ArticleWriter(store, result, on_article)
    for path in targets:
        try:
            articles = read_path(path, format=format, published=published, source=source)
        except PartialInput as exc:
            for problem in exc.problems:
                writer.error(problem)
            articles = exc.articles          # the good records of a file with some bad lines still land
        except InputError as exc:
            writer.error(exc)
            continue
        writer.prefetch([a.file for a in articles])
        for article in articles:
            writer.add(article)
    writer.flush()
    return result


def ingest_articles(store: Store, articles: Iterable[Article], *, batch: int = 32,
                    on_article: Callable[[str, str], None] | None = None) -> IngestResult:
    """Ingest articles already read (:func:`kg.read.read_path`), ``batch`` new articles per transaction."""
    result = IngestResult()
    ensure_reference(store)
    writer = ArticleWriter(store, result, on_article, batch=batch)
    for article in articles:
        writer.add(article)
    writer.flush()
    return result


def ingest_article(store: Store, article: Article,
                   prepared: tuple[list[Quad], list[Quad]] | None = None) -> str:
    """Write one article now; returns "added", "replaced" or "unchanged" (raises KGError on bad input).

    ``prepared``: the article's ``findings_quads`` computed elsewhere (e.g. in a worker process);
    when given, extraction is skipped and those quads are written. An ingest of many articles goes
    faster through one :class:`ArticleWriter`."""
    result = IngestResult()
    writer = ArticleWriter(store, result)
    writer.add(article, prepare_write(article.id, *prepared) if prepared is not None else None)
    writer.flush()
    if result.errors:
        raise result.errors[0]
    return "added" if result.added else "replaced" if result.replaced else "unchanged"


def write_findings(store: Store, findings: Findings, replaces: Iterable[str] = ()) -> None:
    """One atomic write: drop the replaced graphs, insert the article graph, re-resolve touched events."""
    write_quads(store, findings.article.id, *findings_quads(findings), replaces=replaces)


_PLACE_QUADS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # gazetteer -> place key -> its quads


def findings_quads(findings: Findings) -> tuple[list[Quad], list[Quad]]:
    """(the article graph's quads, the graph/reference quads of the places its reports use).

    A pure function of the findings and the packaged reference data, so it can run in any process."""
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors

    actors = load_actors()
    quads = article_quads(findings, actors)
    gaz = load_gazetteer()
    ref = n(REFERENCE_GRAPH)
    new_keys = {p.key for p in findings.new_places}
    ref_quads: list[Quad] = []
    described: set[str] = set()
    known = _PLACE_QUADS.setdefault(gaz, {})   # a place's quads, made once per process (~45 per article)

    def describe(key: str | None) -> None:
        if not key or key in described:
            return
        try:
            rec = gaz.get(key)
        except KeyError:
            return
        described.add(key)
        quads = known.get(rec.key)
        if quads is None:
            quads = known[rec.key] = tuple(place_quads(rec, ref))
        ref_quads.extend(quads)
        describe(rec.admin1)
        if rec.country and rec.kind != "country":
            describe(f"country-{rec.country.lower()}")

    for key in sorted({e.place for e in findings.events if e.place and e.place not in new_keys}):
        describe(key)
    for a in findings.new_actors:           # the country of an actor first met in the text
        if a.country:
            describe(f"country-{a.country.lower()}")
    for p in findings.new_places:           # where the text's new places lie: their region and country
        if p.within:
            describe(p.within)
        if p.country:
            describe(f"country-{p.country.lower()}")
    return quads, ref_quads


def write_quads(store: Store, art_id: str, quads: list[Quad], ref_quads: list[Quad],
                replaces: Iterable[str] = ()) -> None:
    """One atomic write of an article's ``findings_quads``: drop the replaced graphs, insert the article
    graph, re-resolve touched events."""
    writer = ArticleWriter(store)
    writer._commit([prepare_write(art_id, quads, ref_quads)], removed={r for r in replaces if r} | {art_id},
                   replacing=True)


def remove_article(store: Store, article_id: str) -> None:
    """Drop exactly one article's graph and re-resolve the events it touched."""
    ArticleWriter(store)._commit([], removed={article_id}, replacing=True)


# -- the writer ---------------------------------------------------------------------------------

@dataclass
class PreparedWrite:
    """One article as the writer takes it: a pure function of its :func:`findings_quads`, so it can be
    computed in the process that extracted the article (see kg/parallel.py) and sent as it is."""

    article_id: str
    nquads: bytes                   # the article graph, N-Quads
    places: dict[str, bytes]        # graph/reference quads of the places it uses: place IRI -> N-Quads
    reports: list[ReportSummary]    # its event reports, as fusion reads them back from a store
    details: dict[str, dict]        # report IRI -> what the canonical events take from it


def prepare_write(article_id: str, quads: list[Quad], ref_quads: list[Quad]) -> PreparedWrite:
    """The :class:`PreparedWrite` of an article graph (``quads``) and its graph/reference places."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_QUADS
    by_place: dict[str, list[Quad]] = {}
    for q in ref_quads:
        by_place.setdefault(q.subject.value, []).append(q)
    reports = list(dict.fromkeys(q.subject.value for q in quads if q.predicate.value == _S_RDF_TYPE
                                 and isinstance(q.object, NamedNode) and q.object.value == _S_REPORT))
    wanted = set(reports)
    props: dict[str, dict[str, list]] = {}
    for q in quads:
        if q.subject.value in wanted:
            props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    details = pending_details(quads)
    summaries, _ = summaries_from_props(reports, props, details)
    return PreparedWrite(article_id, ox.serialize(quads, format=fmt),
                         {s: ox.serialize(qs, format=fmt) for s, qs in by_place.items()},
                         summaries, {r: details.get(r, {}) for r in reports})


class _PlaceState:
    """The reports at one place (from every article graph) and the canonical events there, as in the store."""

    __slots__ = ("reports", "details", "graphs", "clusters", "events")

    def __init__(self) -> None:
        self.reports: dict[str, ReportSummary] = {}
        self.details: dict[str, dict] = {}
        self.graphs: dict[str, str] = {}      # report -> its article graph
        # the canonical events at the place: per cluster (its sorted report IRIs) its quads, once this
        # writer has clustered the place; before that (read from the store) only the set of their quads
        self.clusters: dict[tuple[str, ...], list[Quad]] | None = None
        self.events: set[Quad] = set()

    def quads(self) -> set[Quad]:
        if self.clusters is None:
            return self.events
        return {q for qs in self.clusters.values() for q in qs}


@dataclass
class _Plan:
    delete: list[Quad]
    insert: list[Quad]
    states: dict[str, _PlaceState]
    loose: dict[str, list[Quad]]        # place-less reports written -> their event's quads
    loose_gone: list[str]
    writes: list[PreparedWrite]
    removed: set[str]


class _Fusion:
    """Re-resolution for one writer, against an in-memory copy of the places it touches.

    A place is read from the store the first time a write touches it (its reports, their properties,
    its canonical events); afterwards the copy is kept up to date with what is written, so each write
    clusters the place's reports in memory and writes only the canonical quads that change. When the
    store held no report and no canonical event at the start, nothing is read at all. The canonical
    events are those of :func:`kg.resolve.cluster` over all the reports of a place, the reports read
    as :func:`stored_summaries` reads them, so the graph does not depend on the order of the writes
    nor on how they were grouped in transactions."""

    # past this many reports held (~3.7 KB each with their events, measured), the places written longest ago
    # are dropped until a quarter of them is gone (read again from the store if written again): ~75 MiB at most
    MAX_REPORTS = 20_000

    def __init__(self, store: Store) -> None:
        self.store = store
        self.empty = not (store.ask("ASK { GRAPH ?g { ?r a <%s> } }" % KG.EventReport)
                          or store.ask("ASK { GRAPH <%s> { ?s ?p ?o } }" % RESOLVED_GRAPH))
        self.places: dict[str, _PlaceState] = {}
        self.articles: dict[str, list[tuple[str, str | None]]] = {}   # article written here -> (report, place)
        self.loose: dict[str, list[Quad]] = {}                        # place-less report written here -> event quads
        self.held = 0

    def _gone_reports(self, articles: set[str]) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = []
        for a in sorted(articles):
            if a in self.articles:
                out += self.articles[a]
            elif not self.empty:
                rows = self.store.select("SELECT ?r ?place WHERE { GRAPH <%s> { ?r a <%s> OPTIONAL { ?r <%s> ?place } } }"
                                         % (ids.article_graph(a), KG.EventReport, KG.place))
                out += [(r["r"].value, r["place"].value if "place" in r else None) for r in rows]
        return out

    def _load(self, places: set[str]) -> None:
        missing = sorted(p for p in places if p not in self.places)
        if not missing:
            return
        if self.empty:
            for p in missing:
                self.places[p] = _PlaceState()
            return
        g = n(RESOLVED_GRAPH)
        for i in range(0, len(missing), 200):
            chunk = missing[i:i + 200]
            states = {p: _PlaceState() for p in chunk}
            values = " ".join(f"<{p}>" for p in chunk)
            for row in self.store.select("SELECT ?pl ?e ?p ?o WHERE { VALUES ?pl { %s } GRAPH <%s> { ?e <%s> ?pl . ?e ?p ?o } }"
                                         % (values, RESOLVED_GRAPH, KG.place)):
                states[row["pl"].value].events.add(Quad(row["e"], row["p"], row["o"], g))
            graph_of: dict[str, str] = {}
            for row in self.store.select("SELECT DISTINCT ?r ?g WHERE { VALUES ?pl { %s } GRAPH ?g { ?r <%s> ?pl } }"
                                         % (values, KG.place)):
                if row["g"].value != str(RESOLVED_GRAPH):
                    graph_of[row["r"].value] = row["g"].value
            summaries, details = stored_summaries(self.store, sorted(graph_of))
            for r in summaries:
                st = states.get(r.place or "")
                if st is not None:
                    st.reports[r.iri], st.details[r.iri], st.graphs[r.iri] = r, details.get(r.iri, {}), graph_of[r.iri]
                    self.held += 1
            self.places.update(states)

    def plan(self, writes: list[PreparedWrite], removed: set[str]) -> _Plan:
        """What writing ``writes`` and dropping the articles ``removed`` changes in graph/resolved.
        Nothing is kept until :meth:`commit` (after the write succeeded)."""
        removed_graphs = {ids.article_graph(a) for a in removed}
        gone = self._gone_reports(removed)
        touched = {r.place for w in writes for r in w.reports if r.place} | {p for _, p in gone if p}
        self._load(touched)
        new_at: dict[str, list[tuple[ReportSummary, dict, str]]] = {}
        loose_new: list[tuple[ReportSummary, dict]] = []
        for w in writes:
            graph = ids.article_graph(w.article_id)
            for r in w.reports:
                if r.place:
                    new_at.setdefault(r.place, []).append((r, w.details.get(r.iri, {}), graph))
                else:
                    loose_new.append((r, w.details.get(r.iri, {})))
        delete: list[Quad] = []
        insert: list[Quad] = []
        states: dict[str, _PlaceState] = {}
        # a cluster whose reports are those of a cluster already made here has the same quads (a report's
        # IRI names its article's content); not when articles go, as the same content may come back
        reuse = not removed
        for place in sorted(touched):
            old, st = self.places[place], _PlaceState()
            for iri, r in old.reports.items():
                if old.graphs[iri] not in removed_graphs:
                    st.reports[iri], st.details[iri], st.graphs[iri] = r, old.details[iri], old.graphs[iri]
            for r, d, graph in new_at.get(place, ()):
                st.reports[r.iri], st.details[r.iri], st.graphs[r.iri] = r, d, graph
            known = old.clusters if reuse and old.clusters is not None else {}
            st.clusters = {}
            kept, again = _unaffected_clusters(known, st.reports, {r.iri for r, _, _ in new_at.get(place, ())})
            for key in kept:
                st.clusters[key] = known[key]
            for c in cluster(again):
                key = tuple(sorted(r.iri for r in c.reports))
                quads = known.get(key)
                if quads is None:
                    quads = list(dict.fromkeys(_canonical_quads(self.store, [c], st.details)))
                st.clusters[key] = quads
            if known:    # only the clusters that changed (distinct clusters are distinct events)
                before = {q for k, qs in known.items() if k not in st.clusters for q in qs}
                after = [q for k, qs in st.clusters.items() if k not in known for q in qs]
            else:
                before, after = old.quads(), [q for qs in st.clusters.values() for q in qs]
            now = set(after)
            delete += [q for q in before if q not in now]
            insert += [q for q in after if q not in before]
            states[place] = st
        # a report without a place is an event of its own
        loose_gone = [r for r, p in gone if not p]
        stored = sorted(r for r in loose_gone if r not in self.loose)
        for r in loose_gone:
            delete += self.loose.get(r, [])
        if stored and not self.empty:
            g = n(RESOLVED_GRAPH)
            for row in self.store.select("SELECT DISTINCT ?e ?p ?o WHERE { VALUES ?r { %s } GRAPH <%s> { ?e <%s> ?r . ?e ?p ?o } }"
                                         % (" ".join(f"<{r}>" for r in stored), RESOLVED_GRAPH, KG.report)):
                delete.append(Quad(row["e"], row["p"], row["o"], g))
        loose: dict[str, list[Quad]] = {}
        for r, d in loose_new:
            loose[r.iri] = list(dict.fromkeys(_canonical_quads(self.store, cluster([r]), {r.iri: d})))
            insert += loose[r.iri]
        return _Plan(delete, insert, states, loose, loose_gone, writes, set(removed))

    def commit(self, plan: _Plan) -> None:
        """Keep what :meth:`plan` computed: the write it describes is in the store."""
        for place, st in plan.states.items():
            self.held += len(st.reports) - len(self.places.pop(place).reports)
            self.places[place] = st          # (re)inserted last: the places are kept in order of last write
        for r in plan.loose_gone:
            self.loose.pop(r, None)
        self.loose.update(plan.loose)
        for a in plan.removed:
            self.articles.pop(a, None)
        for w in plan.writes:
            self.articles[w.article_id] = [(r.iri, r.place) for r in w.reports]
        if self.held > self.MAX_REPORTS or len(self.articles) > self.MAX_REPORTS:
            self.evict(self.MAX_REPORTS * 3 // 4)

    def evict(self, keep: int) -> None:
        """Drop the places written longest ago until at most ``keep`` reports are held (a place dropped is
        read again from the store when a write touches it), and what this writer remembers of the articles
        and place-less reports it wrote (read from the store instead)."""
        while self.places and self.held > keep:
            st = self.places.pop(next(iter(self.places)))
            self.held -= len(st.reports)
        self.articles.clear()
        self.loose.clear()
        self.empty = False

    def forget(self) -> None:
        """Drop the copy (it is read again from the store as needed)."""
        self.places.clear()
        self.articles.clear()
        self.loose.clear()
        self.held = 0
        self.empty = False


def _unaffected_clusters(known: dict[tuple[str, ...], list[Quad]], reports: dict[str, ReportSummary],
                         new: set[str]) -> tuple[list[tuple[str, ...]], list[ReportSummary]]:
    """(the clusters of ``known`` that new reports at the place cannot change, the reports to cluster again).

    :func:`kg.resolve.cluster` joins a report to a cluster only when their days are at most one day apart
    (``_fits``: anchor start - 1 <= report end and report start - 1 <= anchor end; undated reports join
    nothing). So the reports of a place fall into runs of overlapping intervals [start - 1 day, end] that
    cluster independently, and clustering the place gives the union of clustering each run. A run without
    a new report is a run of the reports already clustered, whose clusters are in ``known``; only the runs
    with a new report are clustered again (instead of every report of the place on every write, which made
    the writer's cost per article grow with the corpus). Everything is clustered again when ``known`` is
    empty (the place read from the store, or articles removed)."""
    if not known or not new:
        return [], list(reports.values())
    spans = []
    for r in reports.values():
        if r.start is None or r.end is None:
            if r.start is not None or r.end is not None:
                return [], list(reports.values())   # half-dated: not a shape cluster() expects; no shortcut
            continue                                 # undated: a cluster of its own, untouched by the new ones
        spans.append((r.start.toordinal() - 1, r.end.toordinal(), r.iri))
    spans.sort()
    run_of: dict[str, int] = {}
    run, reach = -1, None
    for lo, hi, iri in spans:
        if reach is None or lo > reach:
            run, reach = run + 1, hi
        else:
            reach = max(reach, hi)
        run_of[iri] = run
    dirty = {run_of[i] for i in new if i in run_of}
    kept = [key for key in known if key[0] in run_of and run_of[key[0]] not in dirty]
    kept_iris = {i for key in kept for i in key}
    return kept, [r for r in reports.values() if r.iri not in kept_iris]


@dataclass
class _Queued:
    kind: str                                 # "write" | "unchanged" | "error"
    article: Article | None = None
    prepared: PreparedWrite | None = None
    status: str = ""                          # "added" | "replaced" for a write
    replaces: tuple[str, ...] = ()            # ids of the older versions of the article's file
    error: KGError | None = None


class ArticleWriter:
    """The one writer of an ingest run (serial or with worker processes).

    :meth:`add` takes articles in input order (extracting them when no :class:`PreparedWrite` is given),
    :meth:`flush` writes what is queued; the statuses, the errors and ``on_article`` calls come out in
    input order as the writes land. New articles are written ``batch`` at a time, in one transaction;
    an article replacing another (or whose content is already stored under another file name) is
    written alone, dropping the older graphs and the reference places only they used. When a
    transaction fails, its articles are written one by one, so only the bad one is reported."""

    FLUSH_BYTES = 16 << 20    # flush the store's write buffers after this many bytes of N-Quads (see _flush_store)

    def __init__(self, store: Store, result: IngestResult | None = None,
                 on_article: Callable[[str, str], None] | None = None, *, batch: int = 32) -> None:
        self.store = store
        self.result = result if result is not None else IngestResult()
        self.on_article = on_article
        self.batch = batch
        self._fusion: _Fusion | None = None
        self._files: dict[str, dict[str, str]] = {}    # file -> {article id: checksum} (for the files looked up)
        self._file_of: dict[str, str] = {}             # article id -> file (same)
        self._all_known: bool | None = None            # whether _files holds every article of the store
        self._queue: list[_Queued] = []
        self._queued: set[str] = set()                 # files and article ids waiting in the queue
        self._placed: set[str] = set()                 # graph/reference places written (or kept) by this writer
        self._unflushed = 0                            # N-Quads bytes written since the store's last flush
        self._summary_ready = False                    # whether graph/summary is known to count every event

    # -- what the store holds --------------------------------------------------------------------

    @property
    def fusion(self) -> _Fusion:
        if self._fusion is None:
            self._fusion = _Fusion(self.store)
        return self._fusion

    def _check_all_known(self) -> bool:
        if self._all_known is None:
            self._all_known = not self.store.ask("ASK { ?a a <%s> }" % KG.Article)
        return self._all_known

    def _remember(self, file: str, art_id: str, checksum: str) -> None:
        self._files.setdefault(file, {})[art_id] = checksum
        self._file_of[art_id] = file

    def known_checksums(self) -> dict[str, frozenset[str]]:
        """Every (file -> checksums) the store holds, read once (workers skip those articles)."""
        if not self._check_all_known():
            for row in self.store.select("SELECT ?a ?file ?sum WHERE { ?a a <%s> ; <%s> ?file ; <%s> ?sum }"
                                         % (KG.Article, KG.file, KG.checksum)):
                self._remember(row["file"].value, _last(row["a"].value), row["sum"].value)
            self._all_known = True
        return {f: frozenset(v.values()) for f, v in self._files.items()}

    def prefetch(self, files: Iterable[str]) -> None:
        """Look up the stored versions of these files in one query (before :meth:`add`-ing them)."""
        if self._check_all_known():
            return
        from kg.store import sparql_term

        wanted = sorted({f for f in files if f not in self._files})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for f in chunk:
                self._files[f] = {}
            values = " ".join(sparql_term(Literal(f)) for f in chunk)
            for row in self.store.select("SELECT ?a ?file ?sum WHERE { VALUES ?file { %s } ?a a <%s> ; <%s> ?file ; <%s> ?sum }"
                                         % (values, KG.Article, KG.file, KG.checksum)):
                self._remember(row["file"].value, _last(row["a"].value), row["sum"].value)

    def _stored(self, file: str) -> dict[str, str]:
        if file not in self._files and not self._check_all_known():
            self.prefetch([file])
        return self._files.get(file, {})

    def _id_stored(self, art_id: str) -> bool:
        """Whether the article's graph is in the store (e.g. the same content under another file name)."""
        if art_id in self._file_of:
            return True
        if self._check_all_known():
            return False
        graph = ids.article_graph(art_id)
        if self.store.kind in ("oxigraph", "memory"):   # (no reference to the raw store is kept here)
            return self.store.raw.contains_named_graph(NamedNode(graph))
        return self.store.ask("ASK { GRAPH <%s> { ?s ?p ?o } }" % graph)

    # -- the queue -------------------------------------------------------------------------------

    def error(self, exc: KGError) -> None:
        """A problem met before writing (reading, extraction), reported in its place in the input order."""
        self._queue.append(_Queued("error", error=exc))

    def add(self, article: Article, prepared: PreparedWrite | None = None) -> None:
        """Queue one article; it is extracted here unless ``prepared`` is given. An unchanged article
        is neither extracted nor written."""
        if article.file in self._queued or article.id in self._queued:
            self._write_queue()       # a file (or a content) twice in one run: the later one sees the first
        stored = self._stored(article.file)
        if article.checksum in stored.values():
            self._queue.append(_Queued("unchanged", article))
            if len(self._queue) >= 8 * self.batch:
                self._write_queue()
            return
        if prepared is None:
            from kg.extract import extract
            try:
                prepared = prepare_write(article.id, *findings_quads(extract(article)))
            except KGError as exc:
                self.error(exc)
                return
            except Exception as exc:  # a bug on one article must not stop the others; nothing was written
                self.error(_internal(exc, article))
                return
        replaces = tuple(sorted(stored))
        item = _Queued("write", article, prepared, "replaced" if replaces else "added", replaces)
        self._queue.append(item)
        self._queued.update((article.file, article.id))
        if replaces or len(self._queue) >= 8 * self.batch or self.queued_writes() >= self.batch:
            self._write_queue()

    def flush(self) -> None:
        """Write everything queued and report it."""
        self._write_queue()

    def queued_writes(self) -> int:
        """How many articles wait to be written."""
        return sum(q.kind == "write" for q in self._queue)

    def _write_queue(self) -> None:
        queue, self._queue, self._queued = self._queue, [], set()
        failed: dict[int, KGError] = {}
        run: list[_Queued] = []

        def write_run() -> None:
            if run:
                self._write_items(run, failed, replacing=False)
                run.clear()

        for item in queue:
            if item.kind != "write":
                continue
            if item.replaces or self._id_stored(item.article.id):
                write_run()
                self._write_items([item], failed, replacing=True)
            else:
                run.append(item)
        write_run()
        for item in queue:
            if item.kind == "error":
                self.result.errors.append(item.error)
            elif id(item) in failed:
                self.result.errors.append(failed[id(item)])
            else:
                status = item.status if item.kind == "write" else "unchanged"
                getattr(self.result, status).append(item.article.file)
                if self.on_article:
                    self.on_article(item.article.file, status)

    def _write_items(self, items: list[_Queued], failed: dict[int, KGError], *, replacing: bool) -> None:
        """Write ``items`` in one transaction (``replacing``: one article whose older graphs go)."""
        try:
            removed = {r for it in items for r in it.replaces} | ({it.article.id for it in items} if replacing else set())
            self._commit([it.prepared for it in items], removed=removed, replacing=replacing)
        except Exception as exc:  # noqa: BLE001 - retried alone, or reported for its article
            if self._fusion is not None:
                self._fusion.forget()    # a failure half-way through a plan: read the places again
            if len(items) > 1:
                for it in items:
                    self._write_items([it], failed, replacing=replacing)
                return
            failed[id(items[0])] = exc if isinstance(exc, KGError) else _internal(exc, items[0].article)
            return
        for it in items:
            for old in it.replaces:
                self._files.get(self._file_of.pop(old, ""), {}).pop(old, None)
            prior = self._file_of.get(it.article.id)
            if prior is not None:
                self._files.get(prior, {}).pop(it.article.id, None)
            self._remember(it.article.file, it.article.id, it.article.checksum)

    def _commit(self, writes: list[PreparedWrite], *, removed: set[str], replacing: bool) -> None:
        """One atomic write: the article graphs of ``writes``, the graph/reference places they use, the
        canonical events that change; with ``replacing``, the graphs of ``removed`` and of the written
        articles are dropped first, with the reference places only they used."""
        import pyoxigraph as ox

        plan = self.fusion.plan(writes, removed)
        drop: list[NamedNode] = []
        stale: list[Quad] = []
        if replacing:
            affected = set(removed) | {w.article_id for w in writes}
            drop = [n(ids.article_graph(a)) for a in sorted(affected)]
            stale = stale_reference_places(self.store, affected, keep={s for w in writes for s in w.places})
        placed = self._placed - {q.subject.value for q in stale}
        ref: dict[str, bytes] = {}
        for w in writes:
            for subject, data in w.places.items():
                if subject not in placed and subject not in ref:
                    ref[subject] = data
        parts = [(ids.article_graph(w.article_id), w.nquads) for w in writes]
        if ref:
            parts.append((str(REFERENCE_GRAPH), b"".join(ref.values())))
        if plan.insert:
            parts.append((str(RESOLVED_GRAPH), ox.serialize(plan.insert, format=ox.RdfFormat.N_QUADS)))
        # the group-year tallies change with the canonical events, in the same transaction (kg/summary.py)
        marker = [] if self._summary_ready else summary.ensure(self.store, self.fusion.empty)
        tally_delete, tally_insert = summary.changes(self.store, plan.delete, plan.insert)
        if marker or tally_insert:
            parts.append((str(SUMMARY_GRAPH), ox.serialize(marker + tally_insert, format=ox.RdfFormat.N_QUADS)))
        self.store.apply_nquads(drop_graphs=drop, delete=plan.delete + stale + tally_delete, insert=parts)
        self._summary_ready = True
        self.fusion.commit(plan)
        self._placed = placed | set(ref)
        self._unflushed += sum(len(data) for _, data in parts)
        if self._unflushed >= self.FLUSH_BYTES:
            self._flush_store()

    def _flush_store(self) -> None:
        """Move what RocksDB holds in its in-memory write buffers to disk. The writes are durable already
        (write-ahead log); the buffers are not freed before they fill up, about four times the N-Quads
        written (~200 KB per generated article), so without this the writer's memory grew with the run
        (700 MiB after 3000 articles). Memory-only and remote stores have nothing to flush."""
        self._unflushed = 0
        flush = getattr(self.store, "flush", None)
        if flush is not None:
            flush()


def _internal(exc: Exception, article: Article | None) -> KGError:
    return KGError(f"internal error, article skipped ({type(exc).__name__}: {exc})",
                   path=(article.path or article.file) if article is not None else None)


_S_RDF_TYPE = str(RDF.type)
_S_REPORT = str(KG.EventReport)


def stale_reference_places(store: Store, articles: set[str], keep: Iterable[str] = ()) -> list[Quad]:
    """Quads of graph/reference places that only ``articles`` used (their reports' places and those places'
    admin1), so that removing or replacing an article leaves no trace. ``keep``: place IRIs still needed."""
    from kg.reference import load_actors

    def used(filt: str) -> set[str]:
        # a report's place, its admin1 (in graph/reference, or in the article graph for a place the text
        # introduced), and for such a place the gazetteer place it lies within (kg:within) and that one's admin1
        rows = store.select("SELECT DISTINCT ?p ?a ?w ?wa WHERE { GRAPH ?g { ?r a <%s> ; <%s> ?p } %s "
                            "OPTIONAL { GRAPH ?ga { ?p <%s> ?a } } "
                            "OPTIONAL { GRAPH ?g { ?p <%s> ?w } OPTIONAL { GRAPH <%s> { ?w <%s> ?wa } } } }"
                            % (KG.EventReport, KG.place, filt, KG.admin1, KG.within, REFERENCE_GRAPH, KG.admin1))
        return {r[k].value for r in rows for k in ("p", "a", "w", "wa") if k in r}

    graphs = " ".join(f"<{ids.article_graph(a)}>" for a in sorted(articles))
    candidates = used("VALUES ?g { %s }" % graphs)
    if not candidates:
        return []
    others = used("FILTER(?g NOT IN (%s))" % ", ".join(f"<{ids.article_graph(a)}>" for a in sorted(articles)))
    countries = {ids.place(f"country-{c.lower()}") for rec in load_actors().values() for c in rec.countries}
    stale = sorted(candidates - others - countries - set(keep))
    if not stale:
        return []
    g = n(REFERENCE_GRAPH)
    rows = store.select("SELECT ?s ?p ?o WHERE { VALUES ?s { %s } GRAPH <%s> { ?s ?p ?o } }"
                        % (" ".join(f"<{s}>" for s in stale), REFERENCE_GRAPH))
    return [Quad(r["s"], r["p"], r["o"], g) for r in rows]


# -- resolution against the store ----------------------------------------------------------------

def summaries_from_quads(quads: list[Quad]) -> list[ReportSummary]:
    by_subject: dict[str, dict[str, list]] = {}
    for q in quads:
        by_subject.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    out = []
    for s, props in by_subject.items():
        if NamedNode(str(KG.EventReport)) not in props.get(str(RDF.type), []):
            continue
        one = lambda p: props.get(str(p), [None])[0]  # noqa: E731
        out.append(_summary(s, one(PROV.wasDerivedFrom), one(KG.place), one(KG.eventType), one(KG.date),
                            one(KG.datePrecision), one(KG.dateStart), one(KG.dateEnd), one(KG.killed),
                            one(KG.role), [p.value for p in props.get(str(KG.perpetrator), [])]))
    return out


def _summary(iri, art, place, etype, date, prec, start, end, killed, role, perps) -> ReportSummary:
    return ReportSummary(
        iri=iri, article=art.value if art is not None else "", place=place.value if place is not None else None,
        type=_TYPE_BY_IRI.get(etype.value, "other") if etype is not None else "other",
        precision=_PREC_BY_IRI.get(prec.value) if prec is not None else None,
        start=dt.date.fromisoformat(start.value) if start is not None else None,
        end=dt.date.fromisoformat(end.value) if end is not None else None,
        date_iso=date.value if date is not None else None,
        killed=int(killed.value) if killed is not None else None,
        perpetrators=frozenset(perps), role=role.value if role is not None else "main")


def reresolve(store: Store, new_quads: list[Quad], exclude_articles: set[str]) -> tuple[list[Quad], list[Quad]]:
    """(quads to delete, quads to insert) in graph/resolved for the places the change touches.

    ``new_quads`` are the quads of one article about to be written (not yet in the store); the reports
    of ``exclude_articles`` are left out. Only what changes is listed: the canonical events at the
    touched places are rebuilt from all their reports and compared with those in the store."""
    article_ids = {q.graph_name.value for q in new_quads if isinstance(q.graph_name, NamedNode)}
    art_id = ids.article_id_from_graph(min(article_ids)) if article_ids else None
    writes = [prepare_write(art_id or "", new_quads, [])] if new_quads else []
    plan = _Fusion(store).plan(writes, set(exclude_articles))
    return plan.delete, plan.insert


def stored_summaries(store: Store, reports: list[str]) -> tuple[list[ReportSummary], dict[str, dict]]:
    """Summaries (for clustering) and details (for the canonical quads) of reports in the store, read
    by subject. A report lacking what a summary needs (type, article, event type, role) is skipped."""
    from kg.shards import report_properties

    props, details = report_properties(store, reports)
    return summaries_from_props(reports, props, details)


def summaries_from_props(reports: list[str], props: dict[str, dict[str, list]],
                         details: dict[str, dict]) -> tuple[list[ReportSummary], dict[str, dict]]:
    """:func:`stored_summaries` from report -> property -> values (terms, or anything with ``.value``;
    rdf:type values are NamedNodes), as :func:`kg.shards.report_properties` gives them."""
    rdf_type, derived = str(RDF.type), str(PROV.wasDerivedFrom)
    report_type = NamedNode(str(KG.EventReport))
    out = []
    for r in reports:
        d = props.get(r, {})
        one = lambda key: d.get(str(key), [None])[0]  # noqa: E731
        if report_type not in d.get(rdf_type, ()) or None in (one(derived), one(KG.eventType), one(KG.role)):
            continue
        dated = all(one(k) is not None for k in (KG.date, KG.datePrecision, KG.dateStart, KG.dateEnd))
        out.append(_summary(r, one(derived), one(KG.place), one(KG.eventType), one(KG.date) if dated else None,
                            one(KG.datePrecision) if dated else None, one(KG.dateStart) if dated else None,
                            one(KG.dateEnd) if dated else None, one(KG.killed), one(KG.role),
                            [o.value for o in d.get(str(KG.perpetrator), [])]))
    return out, details


def _multi(store: Store, subjects: list[str], prop) -> dict[str, list[str]]:
    if not subjects:
        return {}
    out: dict[str, list[str]] = {}
    for row in store.select("SELECT ?s ?o WHERE { VALUES ?s { %s } ?s <%s> ?o }"
                            % (" ".join(f"<{s}>" for s in sorted(set(subjects))), prop)):
        out.setdefault(row["s"].value, []).append(row["o"].value)
    return out


def _canonical_quads(store: Store, clusters, pending: dict[str, dict]) -> list[Quad]:
    """Quads of the canonical events; details of stored reports are read back, new ones come from memory."""
    g = n(RESOLVED_GRAPH)
    out: list[Quad] = []
    # terms made once per process (to_rdf's term caches): rdflib's DefinedNamespace attribute lookup and a
    # NamedNode per term cost more than the rest of this function for a cluster of one or two reports
    KG_Event = _T_KG.Event
    KG_claimedBy = _T_KG.claimedBy
    KG_date = _T_KG.date
    KG_dateEnd = _T_KG.dateEnd
    KG_datePrecision = _T_KG.datePrecision
    KG_dateStart = _T_KG.dateStart
    KG_disputed = _T_KG.disputed
    KG_eventType = _T_KG.eventType
    KG_geoPrecision = _T_KG.geoPrecision
    KG_perpetrator = _T_KG.perpetrator
    KG_place = _T_KG.place
    KG_report = _T_KG.report
    KG_responsibility = _T_KG.responsibility
    KG_role = _T_KG.role
    KG_tactic = _T_KG.tactic
    KG_target = _T_KG.target
    PROV_wasDerivedFrom = _T_PROV.wasDerivedFrom
    RDF_type = _T_RDF.type
    RDFS_label = _T_RDFS.label
    SEM_Event = _T_SEM.Event
    XSD_date = _XSD_DATE
    details = _report_details(store, [r.iri for c in clusters for r in c.reports if r.iri not in pending])
    details.update(pending)
    for c in clusters:
        anchor = c.anchor
        e = n(ids.event(anchor.date_iso, _last(anchor.place) if anchor.place else None, anchor.type,
                        [r.iri for r in c.reports]))
        out += [Quad(e, RDF_type, KG_Event, g), Quad(e, RDF_type, SEM_Event, g),
                Quad(e, KG_eventType, n(EVENT_TYPES[anchor.type]), g),
                Quad(e, KG_role, lit("main" if any(r.role == "main" for r in c.reports) else "background"), g)]
        d = details.get(anchor.iri, {})
        if d.get("label"):
            out.append(Quad(e, RDFS_label, lit(d["label"]), g))
        if anchor.place:
            out.append(Quad(e, KG_place, n(anchor.place), g))
        if anchor.date_iso and anchor.precision:
            out += [Quad(e, KG_date, date_literal(anchor.date_iso, anchor.precision), g),
                    Quad(e, KG_datePrecision, n(PRECISIONS[anchor.precision]), g),
                    Quad(e, KG_dateStart, Literal(anchor.start.isoformat(), datatype=XSD_date), g),
                    Quad(e, KG_dateEnd, Literal(anchor.end.isoformat(), datatype=XSD_date), g)]
        merged: dict[str, set] = {"perpetrator": set(), "target": set(), "tactic": set(), "claimedBy": set(),
                                  "responsibility": set(), "geo": set()}
        figures: dict[str, list[int]] = {}
        claim_values: set[int] = set()
        for r in c.reports:
            out.append(Quad(e, KG_report, n(r.iri), g))
            dr = details.get(r.iri, {})
            for k in merged:
                merged[k] |= set(dr.get(k, ()))
            for prop, v in dr.get("figures", {}).items():
                figures.setdefault(prop, []).append(v)
            claim_values |= set(dr.get("killed_claims", ()))
            out.append(Quad(e, PROV_wasDerivedFrom, n(r.article), g))
        for p in sorted(merged["perpetrator"]):
            out.append(Quad(e, KG_perpetrator, n(p), g))
        for t in sorted(merged["target"] - merged["perpetrator"]):
            out.append(Quad(e, KG_target, n(t), g))
        for t in sorted(merged["tactic"]):
            out.append(Quad(e, KG_tactic, lit(t), g))
        for t in sorted(merged["claimedBy"]):
            out.append(Quad(e, KG_claimedBy, n(t), g))
        statuses = [s for s in _RESP_ORDER if s in merged["responsibility"]]
        if statuses:
            out.append(Quad(e, KG_responsibility, n(RESPONSIBILITY[statuses[0]]), g))
        if merged["geo"]:
            out.append(Quad(e, KG_geoPrecision, lit(min(merged["geo"])), g))
        for prop, values in sorted(figures.items()):
            out.append(Quad(e, n(FIGURE_PROPERTIES[prop]), lit(min(values)), g))
        if len(claim_values) > 1:
            out.append(Quad(e, KG_disputed, lit(True), g))
    return out


def _report_details(store: Store, reports: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if not reports:
        return out
    values = " ".join(f"<{r}>" for r in sorted(set(reports)))
    props = [RDFS.label, KG.perpetrator, KG.target, KG.tactic, KG.claimedBy, KG.responsibility, KG.geoPrecision,
             *FIGURE_PROPERTIES.values()]
    for row in store.select("SELECT ?r ?p ?o WHERE { VALUES ?r { %s } ?r ?p ?o FILTER(?p IN (%s)) }"
                            % (values, ", ".join(f"<{p}>" for p in props))):
        _add_detail(out.setdefault(row["r"].value, {}), row["p"].value, row["o"])
    for row in store.select("SELECT ?r ?v WHERE { VALUES ?r { %s } ?r <%s> ?c . ?c <%s> <%s> ; <%s> ?v }"
                            % (values, KG.hasClaim, KG.figure, KG.killed, KG.value)):
        out.setdefault(row["r"].value, {}).setdefault("killed_claims", set()).add(int(row["v"].value))
    return out


_DETAIL_KEYS: dict[str, str] = {}


def _add_detail(d: dict, p: str, o) -> None:
    if not _DETAIL_KEYS:
        _DETAIL_KEYS.update({str(KG.perpetrator): "perpetrator", str(KG.target): "target", str(KG.tactic): "tactic",
                             str(KG.claimedBy): "claimedBy", str(RDFS.label): "label",
                             str(KG.responsibility): "responsibility", str(KG.geoPrecision): "geo"})
    key = _DETAIL_KEYS.get(p)
    if key in ("perpetrator", "target", "tactic", "claimedBy"):
        d.setdefault(key, set()).add(o.value)
    elif key == "label":
        d["label"] = o.value
    elif key == "responsibility":
        d.setdefault("responsibility", set()).add(_RESP_BY_IRI.get(o.value))
    elif key == "geo":
        d.setdefault("geo", set()).add(int(o.value))
    elif p in _FIG_BY_IRI:
        d.setdefault("figures", {})[_FIG_BY_IRI[p]] = int(o.value)


def pending_details(quads: list[Quad]) -> dict[str, dict]:
    """Details of reports not yet in the store (the article being written)."""
    figure, value, has_claim, killed = str(KG.figure), str(KG.value), str(KG.hasClaim), str(KG.killed)
    pending: dict[str, dict] = {}
    claims: dict[str, int] = {}
    claim_fig: dict[str, str] = {}
    for q in quads:
        p = q.predicate.value
        if p == figure:
            claim_fig[q.subject.value] = q.object.value
        elif p == value:
            claims[q.subject.value] = int(q.object.value)
    for q in quads:
        s = q.subject.value
        if s.startswith(_REPORT_PREFIX):
            p, d = q.predicate.value, pending.setdefault(s, {})
            if p == has_claim and claim_fig.get(q.object.value) == killed and q.object.value in claims:
                d.setdefault("killed_claims", set()).add(claims[q.object.value])
            else:
                _add_detail(d, p, q.object)
    return pending


_REPORT_PREFIX = ids.report("x", 0).rsplit("/", 1)[0] + "/"


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def remove_articles(store: Store, targets: list[str]) -> tuple[list[str], list[str]]:
    """Remove articles named by the file they were ingested from (path or name) or by their id."""
    import os

    removed, missing = [], []
    for t in targets:
        name = os.path.basename(t)
        rows = store.select("SELECT ?a WHERE { ?a a <%s> ; <%s> ?file }" % (KG.Article, KG.file), {"file": Literal(name)})
        found = [_last(r["a"].value) for r in rows]
        if not found:
            known = bool(t) and store.ask("ASK { ?a a <%s> }" % KG.Article, {"a": NamedNode(ids.article(t))})
            found = [t] if known else []
        if not found:
            missing.append(t)
            continue
        for art_id in found:
            remove_article(store, art_id)
        removed.append(t)
    return removed, missing

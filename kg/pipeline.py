"""Ingest: read -> extract -> to_rdf -> resolve -> store, one atomic write per article.

Re-ingesting an unchanged article is a no-op; a changed article (same file name, other content)
replaces its graph; removing an article drops exactly its graph. Each write also re-resolves the
canonical events at the places the article touches (and only there), so fusion stays incremental.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids
from kg.errors import InputError, KGError
from kg.model import Article, Findings
from kg.resolve import ReportSummary, cluster
from kg.store import Store
from kg.to_rdf import article_quads, coded_figures, date_literal, lit, n, place_quads, actor_quads
from kg.vocab import (EVENT_TYPES, FIGURE_PROPERTIES, KG, PRECISIONS, PROV, RDF, RDFS, REFERENCE_GRAPH,
                      RESOLVED_GRAPH, RESPONSIBILITY, SEM, XSD)

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
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors

    g = n(REFERENCE_GRAPH)
    version = store.select(
        "SELECT ?v WHERE { GRAPH <%s> { <%s> <%s> ?v } }" % (REFERENCE_GRAPH, REFERENCE_GRAPH, KG.checksum))
    if version and version[0]["v"].value == REFERENCE_VERSION:
        return
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
    store.apply(drop_graphs=[g], insert=quads)


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
    for path in targets:
        try:
            articles = read_path(path, format=format, published=published, source=source)
        except PartialInput as exc:
            result.errors.extend(exc.problems)
            articles = exc.articles          # the good records of a file with some bad lines still land
        except InputError as exc:
            result.errors.append(exc)
            continue
        for article in articles:
            try:
                status = ingest_article(store, article)
            except KGError as exc:
                result.errors.append(exc)
                continue
            except Exception as exc:  # a bug on one article must not stop the others; nothing was written
                result.errors.append(KGError(f"internal error, article skipped ({type(exc).__name__}: {exc})",
                                             path=article.path or article.file))
                continue
            getattr(result, status).append(article.file)
            if on_article:
                on_article(article.file, status)
    return result


def ingest_article(store: Store, article: Article,
                   prepared: tuple[list[Quad], list[Quad]] | None = None) -> str:
    """Write one article; returns "added", "replaced" or "unchanged".

    ``prepared``: the article's ``findings_quads`` computed elsewhere (e.g. in a worker process);
    when given, extraction is skipped and those quads are written."""
    from kg.extract import extract

    existing = store.select(
        "SELECT ?a ?sum WHERE { ?a a <%s> ; <%s> ?file ; <%s> ?sum }" % (KG.Article, KG.file, KG.checksum),
        {"file": Literal(article.file)})
    old_ids = [_last(r["a"].value) for r in existing]
    if any(r["sum"].value == article.checksum for r in existing):
        return "unchanged"
    if prepared is None:
        findings = extract(article)
        write_findings(store, findings, replaces=old_ids)
    else:
        write_quads(store, article.id, *prepared, replaces=old_ids)
    return "replaced" if old_ids else "added"


def write_findings(store: Store, findings: Findings, replaces: Iterable[str] = ()) -> None:
    """One atomic write: drop the replaced graphs, insert the article graph, re-resolve touched events."""
    write_quads(store, findings.article.id, *findings_quads(findings), replaces=replaces)


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

    def describe(key: str | None) -> None:
        if not key or key in described:
            return
        try:
            rec = gaz.get(key)
        except KeyError:
            return
        described.add(key)
        ref_quads.extend(place_quads(rec, ref))
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
    replaces = [r for r in replaces if r]
    drop = [n(ids.article_graph(a)) for a in set(replaces) | {art_id}]
    delete, insert = reresolve(store, quads, exclude_articles=set(replaces) | {art_id})
    delete += stale_reference_places(store, set(replaces) | {art_id}, keep={q.subject.value for q in ref_quads})
    store.apply(drop_graphs=drop, delete=delete, insert=quads + ref_quads + insert)


def remove_article(store: Store, article_id: str) -> None:
    """Drop exactly one article's graph and re-resolve the events it touched."""
    delete, insert = reresolve(store, [], exclude_articles={article_id})
    delete += stale_reference_places(store, {article_id})
    store.apply(drop_graphs=[n(ids.article_graph(article_id))], delete=delete, insert=insert)


def stale_reference_places(store: Store, articles: set[str], keep: Iterable[str] = ()) -> list[Quad]:
    """Quads of graph/reference places that only ``articles`` used (their reports' places and those places'
    admin1), so that removing or replacing an article leaves no trace. ``keep``: place IRIs still needed."""
    from kg.reference import load_actors

    def used(filt: str) -> set[str]:
        rows = store.select("SELECT DISTINCT ?p ?a WHERE { GRAPH ?g { ?r a <%s> ; <%s> ?p } %s "
                            "OPTIONAL { GRAPH <%s> { ?p <%s> ?a } } }"
                            % (KG.EventReport, KG.place, filt, REFERENCE_GRAPH, KG.admin1))
        return {r[k].value for r in rows for k in ("p", "a") if k in r}

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

    ``new_quads`` are the quads of the article about to be written (not yet in the store). Every read
    starts from what is known (a graph, the places, the reports): a graph given by VALUES, or report
    properties matched inside ``GRAPH ?g``, made Oxigraph scan every report of the store per article."""
    new_reports = summaries_from_quads(new_quads)
    excluded_graphs = {ids.article_graph(a) for a in exclude_articles}
    old_report_rows = []
    for graph in sorted(excluded_graphs):
        old_report_rows += store.select("SELECT ?r ?place WHERE { GRAPH <%s> { ?r a <%s> OPTIONAL { ?r <%s> ?place } } }"
                                        % (graph, KG.EventReport, KG.place))
    places = {r.place for r in new_reports if r.place} | {row["place"].value for row in old_report_rows if "place" in row}
    old_reports = {row["r"].value for row in old_report_rows}
    # canonical events to rebuild: those at the touched places and those containing a removed report
    ev_rows = []
    if places:
        ev_rows += store.select("SELECT DISTINCT ?e WHERE { VALUES ?p { %s } GRAPH <%s> { ?e <%s> ?p } }"
                                % (" ".join(f"<{p}>" for p in sorted(places)), RESOLVED_GRAPH, KG.place))
    if old_reports:
        ev_rows += store.select("SELECT DISTINCT ?e WHERE { VALUES ?r { %s } GRAPH <%s> { ?e <%s> ?r } }"
                                % (" ".join(f"<{r}>" for r in sorted(old_reports)), RESOLVED_GRAPH, KG.report))
    events = sorted({row["e"].value for row in ev_rows})
    delete: list[Quad] = []
    if events:
        g = n(RESOLVED_GRAPH)
        for row in store.select("SELECT ?e ?p ?o WHERE { VALUES ?e { %s } GRAPH <%s> { ?e ?p ?o } }"
                                % (" ".join(f"<{e}>" for e in events), RESOLVED_GRAPH)):
            delete.append(Quad(row["e"], row["p"], row["o"], g))
    existing: list[ReportSummary] = []
    details: dict[str, dict] = {}
    if places:
        rows = store.select("SELECT DISTINCT ?r ?g WHERE { VALUES ?p { %s } GRAPH ?g { ?r <%s> ?p } }"
                            % (" ".join(f"<{p}>" for p in sorted(places)), KG.place))
        members = sorted({r["r"].value for r in rows
                          if r["g"].value not in excluded_graphs and r["g"].value != str(RESOLVED_GRAPH)})
        existing, details = stored_summaries(store, members)
    details.update(pending_details(new_quads))
    return delete, _canonical_quads(store, cluster(existing + new_reports), details)


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
    # terms bound once: rdflib's DefinedNamespace attribute lookup is slow in this loop
    KG_Event = n(KG.Event)
    KG_claimedBy = n(KG.claimedBy)
    KG_date = n(KG.date)
    KG_dateEnd = n(KG.dateEnd)
    KG_datePrecision = n(KG.datePrecision)
    KG_dateStart = n(KG.dateStart)
    KG_disputed = n(KG.disputed)
    KG_eventType = n(KG.eventType)
    KG_geoPrecision = n(KG.geoPrecision)
    KG_perpetrator = n(KG.perpetrator)
    KG_place = n(KG.place)
    KG_report = n(KG.report)
    KG_responsibility = n(KG.responsibility)
    KG_role = n(KG.role)
    KG_tactic = n(KG.tactic)
    KG_target = n(KG.target)
    PROV_wasDerivedFrom = n(PROV.wasDerivedFrom)
    RDF_type = n(RDF.type)
    RDFS_label = n(RDFS.label)
    SEM_Event = n(SEM.Event)
    XSD_date = n(XSD.date)
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
    pending: dict[str, dict] = {}
    claims: dict[str, int] = {}
    claim_fig: dict[str, str] = {}
    for q in quads:
        s, p = q.subject.value, q.predicate.value
        if p == str(KG.figure):
            claim_fig[s] = q.object.value
        elif p == str(KG.value):
            claims[s] = int(q.object.value)
    for q in quads:
        s, p = q.subject.value, q.predicate.value
        if s.startswith(_REPORT_PREFIX):
            d = pending.setdefault(s, {})
            if p == str(KG.hasClaim) and claim_fig.get(q.object.value) == str(KG.killed) and q.object.value in claims:
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

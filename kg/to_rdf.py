"""Findings -> quads: the article's named graph, following ontology/README.md (graph layout)."""
from __future__ import annotations

import json
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids
from kg.model import Claim, DateValue, Findings
from kg.reference import ActorRecord, PlaceRecord
from kg.vocab import (DCTERMS, EVENT_TYPES, FIGURE_PROPERTIES, GEO, KG, PRECISIONS, PROV, RDF, RDFS,
                      RELATION_PROPERTIES, RESPONSIBILITY, SEM, SKOS, XSD, ACTOR_KINDS, WD)

_N = NamedNode
_XSD_DATE = _N(str(XSD.date))
_XSD_INT = _N(str(XSD.integer))
_XSD_DEC = _N(str(XSD.decimal))
_XSD_BOOL = _N(str(XSD.boolean))
_RDF_JSON = _N(str(RDF.JSON))
_DATE_TYPES = {"day": _N(str(XSD.date)), "month": _N(str(XSD.gYearMonth)), "year": _N(str(XSD.gYear))}


def n(iri) -> NamedNode:
    return NamedNode(str(iri))


class _Terms:
    """The terms of a namespace as pyoxigraph NamedNodes, each made once (``_KG.file``): an rdflib
    namespace attribute and a NamedNode per quad cost about half of building an article's quads."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        node = NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node


_KG, _RDF, _RDFS, _PROV, _SEM, _SKOS, _DCTERMS, _GEO = (_Terms(ns) for ns in (KG, RDF, RDFS, PROV, SEM, SKOS, DCTERMS, GEO))


def lit(value, datatype=None, lang=None) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_XSD_BOOL)
    if isinstance(value, int):
        return Literal(str(value), datatype=_XSD_INT)
    if isinstance(value, float):
        return Literal(f"{value:.6f}".rstrip("0").rstrip("."), datatype=_XSD_DEC)
    if lang:
        return Literal(str(value), language=lang)
    if datatype is not None:
        return Literal(str(value), datatype=datatype)
    return Literal(str(value))


def date_literal(iso: str, precision: str) -> Literal:
    return Literal(iso, datatype=_DATE_TYPES[precision])


def date_quads(s: NamedNode, d: DateValue | None, g: NamedNode) -> Iterator[Quad]:
    if d is None:
        return
    if d.text:
        yield Quad(s, _KG.dateText, lit(d.text), g)
    if d.iso and d.precision:
        yield Quad(s, _KG.date, date_literal(d.iso, d.precision), g)
        yield Quad(s, _KG.datePrecision, n(PRECISIONS[d.precision]), g)
        if d.start:
            yield Quad(s, _KG.dateStart, Literal(d.start.isoformat(), datatype=_XSD_DATE), g)
        if d.end:
            yield Quad(s, _KG.dateEnd, Literal(d.end.isoformat(), datatype=_XSD_DATE), g)
    elif not d.resolved:
        yield Quad(s, _KG.dateResolved, lit(False), g)


def article_quads(f: Findings, actors: dict[str, ActorRecord]) -> list[Quad]:
    """All quads of the article's graph (new actors and places found only in this text included)."""
    a = f.article
    g = n(ids.article_graph(a.id))
    art = n(ids.article(a.id))
    q: list[Quad] = [Quad(art, _RDF.type, _KG.Article, g), Quad(art, _RDF.type, _PROV.Entity, g),
                     Quad(art, _KG.file, lit(a.file), g), Quad(art, _KG.checksum, lit(a.checksum), g)]
    if a.title:
        q.append(Quad(art, _DCTERMS.title, lit(a.title), g))
    if a.published:
        q.append(Quad(art, _DCTERMS.issued, Literal(a.published.isoformat(), datatype=_XSD_DATE), g))
    if a.source:
        q.append(Quad(art, _KG.outlet, lit(a.source), g))
    if a.author:
        q.append(Quad(art, _DCTERMS.creator, lit(a.author), g))
    if a.url:
        q.append(Quad(art, _KG.url, Literal(a.url, datatype=_N(str(XSD.anyURI))), g))
    for key in sorted({m.ref for m in f.mentions if m.kind == "actor" and m.ref in actors}):
        q.append(Quad(art, _KG.mentions, n(ids.actor(key)), g))

    cited: set[int] = set()
    spans = {s.index: (s.start, s.end) for s in f.sentences}
    for i, ev in enumerate(f.events):
        rep = n(ids.report(a.id, i))
        q += [Quad(rep, _RDF.type, _KG.EventReport, g), Quad(rep, _RDF.type, _SEM.Event, g),
              Quad(rep, _RDFS.label, lit(ev.label), g), Quad(rep, _KG.eventType, n(EVENT_TYPES[ev.type]), g),
              Quad(rep, _KG.role, lit(ev.role), g), Quad(rep, _PROV.wasDerivedFrom, art, g),
              Quad(rep, _KG.geoPrecision, lit(ev.geo_precision), g)]
        q += date_quads(rep, ev.date, g)
        if ev.place:
            q.append(Quad(rep, _KG.place, n(ids.place(ev.place)), g))
        for p in ev.perpetrators:
            q.append(Quad(rep, _KG.perpetrator, n(ids.actor(p)), g))
        for t in ev.targets:
            q.append(Quad(rep, _KG.target, n(ids.actor(t)), g))
        for t in ev.tactics:
            q.append(Quad(rep, _KG.tactic, lit(t), g))
        for s in ev.sentences:
            q.append(Quad(rep, _KG.sentence, n(ids.sentence(a.id, s)), g))
            cited.add(s)
        for prop, value in coded_figures(ev.claims, ev.perpetrators + [r.actor for r in ev.responsibility
                                                                        if r.status == "claimed"]).items():
            q.append(Quad(rep, n(FIGURE_PROPERTIES[prop]), lit(value), g))
        for j, c in enumerate(ev.claims):
            cl = n(ids.figure_claim(a.id, i, j))
            q += [Quad(rep, _KG.hasClaim, cl, g)] + list(_claim_quads(cl, c, a.id, art, g))
            cited.add(c.sentence)
        for j, r in enumerate(ev.responsibility):
            cl = n(ids.responsibility_claim(a.id, i, j))
            q += [Quad(rep, _KG.hasClaim, cl, g), Quad(cl, _RDF.type, _KG.ResponsibilityClaim, g),
                  Quad(cl, _RDF.type, _KG.Claim, g),
                  Quad(cl, _KG.responsibleActor, n(ids.actor(r.actor)), g),
                  Quad(cl, _KG.status, n(RESPONSIBILITY[r.status]), g),
                  Quad(cl, _PROV.wasDerivedFrom, art, g)]
            if r.status == "claimed":
                q.append(Quad(rep, _KG.claimedBy, n(ids.actor(r.actor)), g))
            if r.by:
                q.append(Quad(cl, _KG.claimant, n(ids.actor(r.by)), g))
            if r.by_label:
                q.append(Quad(cl, _KG.claimantLabel, lit(r.by_label), g))
            if r.sentence >= 0:
                q.append(Quad(cl, _KG.sentence, n(ids.sentence(a.id, r.sentence)), g))
                cited.add(r.sentence)
        status = responsibility_status(ev)
        if status:
            q.append(Quad(rep, _KG.responsibility, n(RESPONSIBILITY[status]), g))
        q.append(Quad(rep, _KG.digest, Literal(report_digest(f, i, spans), datatype=_RDF_JSON), g))

    for i, r in enumerate(f.relations):
        st = n(ids.statement(a.id, i))
        s, o = n(ids.actor(r.s)), n(ids.actor(r.o))
        p = n(RELATION_PROPERTIES[r.p])
        q += [Quad(st, _RDF.type, _KG.RelationStatement, g), Quad(st, _KG.relSubject, s, g),
              Quad(st, _KG.relPredicate, p, g), Quad(st, _KG.relObject, o, g),
              Quad(st, _PROV.wasDerivedFrom, art, g), Quad(s, p, o, g)]
        for prop, value in ((KG.since, r.since), (KG.until, r.until)):
            if value:
                q.append(Quad(st, n(prop), date_literal(value, {10: "day", 7: "month", 4: "year"}[len(value)]), g))
        if r.sentence >= 0:
            q.append(Quad(st, _KG.sentence, n(ids.sentence(a.id, r.sentence)), g))
            cited.add(r.sentence)

    for s in f.sentences:
        if s.index in cited:
            node = n(ids.sentence(a.id, s.index))
            q += [Quad(node, _RDF.type, _KG.Sentence, g), Quad(node, _KG.inArticle, art, g),
                  Quad(node, _KG.index, lit(s.index), g), Quad(node, _KG.start, lit(s.start), g),
                  Quad(node, _KG.end, lit(s.end), g), Quad(node, _KG.text, lit(s.text), g)]
    for p in f.new_places:
        q += list(new_place_quads(p, g))
    for actor in f.new_actors:
        q += list(new_actor_quads(actor, g, art))
    return q


def report_digest(f: Findings, i: int, spans: dict[int, tuple[int, int]]) -> str:
    """The sources and figure claims of the article's ``i``-th report in one JSON text (kg:digest):
    the article's fields, the report's sentences (index, start, end; their text stays on the
    sentence nodes) and its figure claims, as ``kg actor`` shows them. The quads above remain the
    record; the digest lets a view read a report with one lookup instead of one per field, sentence
    and claim. It repeats only what this article's graph holds, so it cannot go stale. ``spans``: the
    article's sentences, index -> (start, end)."""
    a, ev = f.article, f.events[i]
    claims = []
    for j, c in enumerate(ev.claims):
        qty = c.quantity
        claims.append({"id": ids.figure_claim(a.id, i, j), "property": c.property,
                       "value": None if qty.value is None else int(qty.value),
                       "low": None if qty.low is None else int(qty.low),
                       "high": None if qty.high is None else int(qty.high), "qualifier": qty.qualifier or None,
                       "who": ids.actor(c.claimant) if c.claimant else None, "whoLabel": c.claimant_label or None,
                       "sentence": c.sentence if c.sentence >= 0 else None})
    return json.dumps({
        "article": a.id, "file": a.file, "url": a.url or None, "title": a.title or None,
        "issued": a.published.isoformat() if a.published else None, "outlet": a.source or None,
        "sentences": [[s, *spans[s]] for s in sorted(set(ev.sentences)) if s in spans], "claims": claims,
    }, ensure_ascii=False, separators=(",", ":"))


def new_actor_quads(a, g: NamedNode, art: NamedNode) -> Iterator[Quad]:
    """An actor first met in this article: its kind, its name as written, its country, unreviewed."""
    s = n(ids.actor(a.key))
    yield Quad(s, _RDF.type, n(ACTOR_KINDS[a.kind]), g)
    yield Quad(s, _RDF.type, _KG.Actor, g)
    yield Quad(s, _SKOS.prefLabel, lit(a.name, lang="en"), g)
    if a.country:
        yield Quad(s, _KG.country, n(ids.place(f"country-{a.country.lower()}")), g)
    yield Quad(s, _KG.unreviewed, lit(True), g)


def _claim_quads(cl: NamedNode, c: Claim, article_id: str, art: NamedNode, g: NamedNode) -> Iterator[Quad]:
    qty = c.quantity
    yield Quad(cl, _RDF.type, _KG.FigureClaim, g)
    yield Quad(cl, _RDF.type, _KG.Claim, g)
    yield Quad(cl, _KG.figure, n(FIGURE_PROPERTIES[c.property]), g)
    if qty.value is not None:
        yield Quad(cl, _KG.value, lit(int(qty.value)), g)
    if qty.low is not None:
        yield Quad(cl, _KG.low, lit(int(qty.low)), g)
    if qty.high is not None:
        yield Quad(cl, _KG.high, lit(int(qty.high)), g)
    if qty.qualifier:
        yield Quad(cl, _KG.qualifier, lit(qty.qualifier), g)
    if c.claimant:
        yield Quad(cl, _KG.claimant, n(ids.actor(c.claimant)), g)
        yield Quad(cl, _PROV.wasAttributedTo, n(ids.actor(c.claimant)), g)
    if c.claimant_label:
        yield Quad(cl, _KG.claimantLabel, lit(c.claimant_label), g)
    if c.sentence >= 0:
        yield Quad(cl, _KG.sentence, n(ids.sentence(article_id, c.sentence)), g)
    if c.start >= 0:
        yield Quad(cl, _KG.start, lit(c.start), g)
        yield Quad(cl, _KG.end, lit(c.end), g)
    yield Quad(cl, _PROV.wasDerivedFrom, art, g)


def coded_figures(claims: list[Claim], perpetrators: list[str]) -> dict[str, int]:
    """The report's coded figure per property (the rule is documented in kg/resolve.py: choose_figure)."""
    from kg.reference import load_actors
    from kg.resolve import choose_figure

    actors = load_actors()
    # a group's own count of its victims is not coded; a state's or a mission's count of the fighters its
    # operation killed is the official figure, and is (as ACLED and the annotators code it)
    interested = {p for p in perpetrators if p not in actors or actors[p].kind not in ("state", "state_force", "organization")} \
        | {c.claimant for c in claims if c.claimant and c.claimant in actors and actors[c.claimant].kind == "armed_group"}
    out = {}
    for prop in FIGURE_PROPERTIES:
        value = choose_figure([c for c in claims if c.property == prop], interested)
        if value is not None:
            out[prop] = value
    return out


def responsibility_status(ev) -> str | None:
    statuses = {r.status for r in ev.responsibility}
    for s in ("claimed", "attributed", "suspected", "denied"):
        if s in statuses:
            return s
    return None


def actor_quads(rec: ActorRecord, g: NamedNode, actors: dict[str, ActorRecord]) -> Iterator[Quad]:
    s = n(ids.actor(rec.key))
    yield Quad(s, _RDF.type, n(ACTOR_KINDS[rec.kind]), g)
    yield Quad(s, _RDF.type, _KG.Actor, g)
    yield Quad(s, _SKOS.prefLabel, lit(rec.name, lang="en"), g)
    for alias in rec.aliases + rec.ambiguous_aliases:
        if alias != rec.name:
            yield Quad(s, _SKOS.altLabel, lit(alias), g)
    if rec.wikidata:
        yield Quad(s, _KG.wikidata, lit(rec.wikidata), g)
        yield Quad(s, _SKOS.exactMatch, n(WD[rec.wikidata]), g)
    if rec.acled:
        yield Quad(s, _KG.acledName, lit(rec.acled), g)
    for c in rec.countries:
        yield Quad(s, _KG.country, n(ids.place(f"country-{c.lower()}")), g)
    for p in rec.parents:
        if p in actors:
            yield Quad(s, _KG.partOf, n(ids.actor(p)), g)
    for r in rec.relations:
        if r.o in actors and r.p in RELATION_PROPERTIES:
            yield Quad(s, n(RELATION_PROPERTIES[r.p]), n(ids.actor(r.o)), g)
    for src in rec.sources:
        yield Quad(s, _DCTERMS.source, lit(src), g)


def place_quads(rec: PlaceRecord, g: NamedNode, unreviewed: bool = False) -> Iterator[Quad]:
    s = n(ids.place(rec.key))
    kind = {"country": KG.Country, "admin1": KG.AdminRegion, "admin2": KG.AdminRegion}.get(rec.kind, KG.Locality)
    yield Quad(s, _RDF.type, _KG.Place, g)
    yield Quad(s, _RDF.type, n(kind), g)
    yield Quad(s, _SKOS.prefLabel, lit(rec.name), g)
    for alias in rec.aliases:
        if alias != rec.name:
            yield Quad(s, _SKOS.altLabel, lit(alias), g)
    if rec.lat is not None and rec.lon is not None:
        yield Quad(s, _GEO.lat, lit(float(rec.lat)), g)
        yield Quad(s, _GEO.long, lit(float(rec.lon)), g)
    if rec.country and rec.kind != "country":
        yield Quad(s, _KG.country, n(ids.place(f"country-{rec.country.lower()}")), g)
    if rec.admin1:
        yield Quad(s, _KG.admin1, n(ids.place(rec.admin1)), g)
    if rec.geonames_id:
        yield Quad(s, _KG.geonamesId, lit(str(rec.geonames_id)), g)
    if unreviewed:
        yield Quad(s, _KG.unreviewed, lit(True), g)


def new_place_quads(p, g: NamedNode) -> Iterator[Quad]:
    from kg.gazetteer import load_gazetteer

    admin1 = None
    if p.within and not p.within.startswith("country-"):
        try:
            within = load_gazetteer().get(p.within)
            admin1 = within.key if within.kind == "admin1" else within.admin1
        except KeyError:
            admin1 = None
    rec = PlaceRecord(key=p.key, name=p.name, aliases=tuple(p.aliases), kind="locality", country=p.country,
                      admin1=admin1,
                      lat=p.lat, lon=p.lon, population=0, geonames_id=None, source="text")
    yield from place_quads(rec, g, unreviewed=True)
    if p.within and not p.within.startswith("country-"):
        yield Quad(n(ids.place(p.key)), _KG.within, n(ids.place(p.within)), g)

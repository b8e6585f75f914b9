"""The stable JSON shapes of kg (events, actors, relations, actor histories) read from a store.

Every function takes a :class:`kg.store.Store` and returns plain lists and dicts, the shapes the CLI
prints, the exports write and the documentation promises (see README.md, "JSON shapes").
"""
from __future__ import annotations

import difflib
from collections import defaultdict

from pyoxigraph import Literal, NamedNode

from kg.errors import InputError
from kg.store import Store
from kg.vocab import (ACTOR_KINDS, DCTERMS, RDF, EVENT_TYPES, FIGURE_PROPERTIES, GEO, KG, PRECISIONS, PROV, RDFS,
                      RELATION_PROPERTIES, REFERENCE_GRAPH, RESOLVED_GRAPH, RESPONSIBILITY, SKOS)

_TYPE = {str(v): k for k, v in EVENT_TYPES.items()}
_PREC = {str(v): k for k, v in PRECISIONS.items()}
_RESP = {str(v): k for k, v in RESPONSIBILITY.items()}
_FIG = {str(v): k for k, v in FIGURE_PROPERTIES.items()}
_REL = {str(v): k for k, v in RELATION_PROPERTIES.items()}
_KIND = {str(v): k for k, v in ACTOR_KINDS.items()}
ACLED_TYPES = {
    "attack": ("Battles", "Armed clash"), "ambush": ("Battles", "Armed clash"), "raid": ("Battles", "Armed clash"),
    "battle": ("Battles", "Armed clash"), "clash": ("Battles", "Armed clash"), "operation": ("Battles", "Armed clash"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide_bombing": ("Explosions/Remote violence", "Suicide bomb"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "massacre": ("Violence against civilians", "Attack"), "execution": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "prison_break": ("Strategic developments", "Other"), "other": ("Strategic developments", "Other"),
}


def _v(row, key):
    t = row.get(key)
    return None if t is None else t.value


def labels(store: Store) -> dict[str, str]:
    """prefLabel of every actor and place."""
    return {r["s"].value: r["l"].value for r in store.select(
        "SELECT ?s (SAMPLE(?label) AS ?l) WHERE { ?s <%s> ?label } GROUP BY ?s" % SKOS.prefLabel)}


def events(store: Store, *, actor: str | None = None, subgroups: bool = True, country: str | None = None,
           since: str | None = None, until: str | None = None, disputed: bool = False, place: str | None = None,
           type: str | None = None, names: dict[str, str] | None = None) -> list[dict]:
    """Canonical events in the DESIGN.md JSON shape, by date, filtered.

    With ``actor``, the actor's events (and its sub-groups') are selected first and every later
    query starts from them (``VALUES ?e``), so the cost follows the actor's events, not the store."""
    names = labels(store) if names is None else names
    scope: list[str] | None = None
    if actor is not None:
        keys = actor_family(store, actor) if subgroups else {actor}
        scope = sorted({r["e"].value for r in store.select(
            "SELECT DISTINCT ?e WHERE { VALUES ?a { %s } GRAPH <%s> { ?e ?p ?a FILTER(?p IN (<%s>, <%s>, <%s>)) } }"
            % (" ".join(f"<{k}>" for k in sorted(keys)), RESOLVED_GRAPH, KG.perpetrator, KG.target, KG.claimedBy))})
    rows = _scoped_event_rows(store, scope) if scope is not None else store.select("""
    SELECT ?e ?label ?type ?date ?prec ?place ?lat ?lon ?country ?admin1 ?role ?resp ?disputed ?geo WHERE {
      GRAPH <%(R)s> { ?e a <%(Event)s> ; <%(eventType)s> ?type .
        OPTIONAL { ?e <%(label)s> ?label } OPTIONAL { ?e <%(date)s> ?date ; <%(prec)s> ?prec }
        OPTIONAL { ?e <%(place)s> ?place } OPTIONAL { ?e <%(role)s> ?role }
        OPTIONAL { ?e <%(resp)s> ?resp } OPTIONAL { ?e <%(disputed)s> ?disputed } OPTIONAL { ?e <%(geo)s> ?geo } }
      OPTIONAL { ?place <%(lat)s> ?lat ; <%(long)s> ?lon }
      OPTIONAL { ?place <%(country)s> ?country }
      OPTIONAL { ?place <%(admin1)s> ?admin1 }
    }""" % {"R": RESOLVED_GRAPH, "Event": KG.Event, "eventType": KG.eventType, "label": RDFS.label,
            "date": KG.date, "prec": KG.datePrecision, "place": KG.place, "role": KG.role,
            "resp": KG.responsibility, "disputed": KG.disputed, "geo": KG.geoPrecision, "lat": GEO.lat,
            "long": GEO.long, "country": KG.country, "admin1": KG.admin1})
    multi = _event_multi(store, scope)
    figures = _event_figures(store, scope)
    sources, claims = _event_sources(store, names, scope)
    place_aliases = _alt_labels(store, sorted({r["place"].value for r in rows if "place" in r}) if scope is not None else None)
    out = []
    seen = set()
    for r in rows:
        e = r["e"].value
        if e in seen:
            continue
        seen.add(e)
        etype = _TYPE.get(r["type"].value, "other")
        acled = ACLED_TYPES[etype]
        place_iri = _v(r, "place")
        country_iri = _v(r, "country") or (place_iri if place_iri and "/place/country-" in place_iri else None)
        m = multi.get(e, {})
        f = figures.get(e, {})
        ev = {
            "id": e, "label": _v(r, "label") or "", "type": etype, "acled_event_type": acled[0],
            "acled_sub_event_type": acled[1], "date": _v(r, "date"), "date_precision": _PREC.get(_v(r, "prec") or ""),
            "place": names.get(place_iri) if place_iri else None, "place_id": place_iri,
            "place_aliases": place_aliases.get(place_iri, []),
            "lat": float(r["lat"].value) if "lat" in r else None, "lon": float(r["lon"].value) if "lon" in r else None,
            "geo_precision": int(r["geo"].value) if "geo" in r else None,
            "country": names.get(country_iri) if country_iri else None,
            "admin1": names.get(_v(r, "admin1")) if _v(r, "admin1") else None,
            "perpetrators": sorted(names.get(a, a) for a in m.get("perpetrator", ()) if not a.endswith("/unidentified-armed-group")),
            "perpetrator_ids": sorted(m.get("perpetrator", ())),
            "responsibility": _RESP.get(_v(r, "resp") or ""),
            "targets": sorted(names.get(a, a) for a in m.get("target", ())),
            "killed": f.get("killed"), "wounded": f.get("wounded"), "missing": f.get("missing"),
            "abducted": f.get("abducted"), "perpetrators_killed": f.get("perpetrators_killed"),
            "claims": claims.get(e, []),
            "claimed_by": sorted(names.get(a, a) for a in m.get("claimedBy", ())),
            "tactics": sorted(m.get("tactic", ())), "role": _v(r, "role"),
            "disputed": _v(r, "disputed") == "true",
            "sources": sources.get(e, []),
        }
        out.append(ev)
    out.sort(key=lambda ev: (ev["date"] or "9999", ev["place"] or "", ev["id"]))
    if country:
        out = [ev for ev in out if (ev["country"] or "").casefold() == country.casefold()]
    if place:
        out = [ev for ev in out if place.casefold() in ((ev["place"] or "").casefold(), *[a.casefold() for a in ev["place_aliases"]])]
    if type:
        out = [ev for ev in out if ev["type"] == type]
    if since:
        out = [ev for ev in out if ev["date"] and ev["date"] >= since[:len(ev["date"])]]
    if until:
        out = [ev for ev in out if ev["date"] and ev["date"][:len(until)] <= until]
    if disputed:
        out = [ev for ev in out if ev["disputed"]]
    return out


def _props(store: Store, subjects: list[str], props: dict, graph: str | None = None) -> dict[str, dict]:
    """{subject: {name: first value}} for the properties ``props`` ({IRI: name}) of ``subjects``, read
    by subject (the embedded store's index; other stores ask with VALUES)."""
    out: dict[str, dict] = defaultdict(dict)
    for q in store.subject_quads(subjects, props):
        name = props.get(q.predicate.value)
        if name is not None and (graph is None or q.graph_name.value == str(graph)):
            out[q.subject.value].setdefault(name, q.object)
    return out


def _walk(store: Store, subjects, predicates) -> dict[str, dict[str, list]]:
    """{subject: {predicate IRI: [objects]}} over every named graph, for ``predicates``."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for q in store.subject_quads(subjects, predicates):
        out[q.subject.value][q.predicate.value].append(q.object)
    return out


def _scoped_event_rows(store: Store, scope: list[str]) -> list[dict]:
    """The rows of the events query for ``scope``, asked per subject (OPTIONAL blocks made Oxigraph
    join every place and event of the store)."""
    ev = _props(store, scope, {str(KG.eventType): "type", str(RDFS.label): "label", str(KG.date): "date",
                               str(KG.datePrecision): "prec", str(KG.place): "place", str(KG.role): "role",
                               str(KG.responsibility): "resp", str(KG.disputed): "disputed",
                               str(KG.geoPrecision): "geo"}, RESOLVED_GRAPH)
    places = [d["place"].value for d in ev.values() if "place" in d]
    pl = _props(store, places, {str(GEO.lat): "lat", str(GEO.long): "lon", str(KG.country): "country",
                                str(KG.admin1): "admin1"})
    rows = []
    for e in scope:
        d = dict(ev.get(e, {}))
        if "type" not in d:
            continue
        if not ("date" in d and "prec" in d):
            d.pop("date", None), d.pop("prec", None)
        p = pl.get(d["place"].value, {}) if "place" in d else {}
        if not ("lat" in p and "lon" in p):
            p = {k: v for k, v in p.items() if k not in ("lat", "lon")}
        rows.append({"e": NamedNode(e), **d, **p})
    return rows


_SCOPE_CHUNK = 400     # Oxigraph joins a long VALUES list more than linearly: ask in chunks


def _select_scoped(store: Store, template: str, scope: list[str] | None, var: str = "e") -> list:
    """Run ``template`` (with ``%(SCOPE)s`` where the VALUES block goes) over all, or over ``scope``."""
    if scope is None:
        return store.select(template % {"SCOPE": ""})
    rows: list = []
    for i in range(0, len(scope), _SCOPE_CHUNK):
        values = "VALUES ?%s { %s }" % (var, " ".join(f"<{e}>" for e in scope[i:i + _SCOPE_CHUNK]))
        rows += store.select(template % {"SCOPE": values})
    return rows


_INV_CACHE: dict[int, dict[str, str]] = {}


def _inverse_labels(names: dict[str, str]) -> dict[str, str]:
    key = id(names)
    if key not in _INV_CACHE:
        _INV_CACHE.clear()
        _INV_CACHE[key] = {v: k for k, v in names.items() if "/actor/" in k}
    return _INV_CACHE[key]


def _event_multi(store: Store, scope: list[str] | None = None) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    props = {str(KG.perpetrator): "perpetrator", str(KG.target): "target", str(KG.claimedBy): "claimedBy",
             str(KG.tactic): "tactic"}
    for r in _select_scoped(store, "SELECT ?e ?p ?o WHERE { %%(SCOPE)s GRAPH <%s> { ?e ?p ?o FILTER(?p IN (%s)) } }"
                            % (RESOLVED_GRAPH, ", ".join(f"<{p}>" for p in props)), scope):
        out[r["e"].value][props[r["p"].value]].add(r["o"].value)
    return out


def _event_figures(store: Store, scope: list[str] | None = None) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in _select_scoped(store, "SELECT ?e ?p ?o WHERE { %%(SCOPE)s GRAPH <%s> { ?e ?p ?o FILTER(?p IN (%s)) } }"
                            % (RESOLVED_GRAPH, ", ".join(f"<{p}>" for p in _FIG)), scope):
        out[r["e"].value][_FIG[r["p"].value]] = int(r["o"].value)
    return out


def _event_sources(store: Store, names: dict[str, str],
                   scope: list[str] | None = None) -> tuple[dict[str, list], dict[str, list]]:
    """Per event: its sources (article, sentence, span) and its figure claims with claimants.

    Asked in steps that each start from the keys of the step before (events -> reports -> articles,
    sentences, claims): one query with OPTIONAL blocks made Oxigraph join every sentence of the store.
    For a few events (``scope``) every step reads by subject."""
    if scope is not None:
        return _event_sources_by_subject(store, names, scope)
    V = {"R": RESOLVED_GRAPH, "report": KG.report, "from": PROV.wasDerivedFrom, "file": KG.file,
         "sentence": KG.sentence, "hasClaim": KG.hasClaim}
    reps = _select_scoped(store, "SELECT ?e ?rep ?a ?file WHERE { %%(SCOPE)s GRAPH <%(R)s> { ?e <%(report)s> ?rep } "
                                 "?rep <%(from)s> ?a . ?a <%(file)s> ?file }" % V, scope)
    rep_keys = sorted({r["rep"].value for r in reps})
    art_keys = sorted({r["a"].value for r in reps})
    scoped = scope is not None
    art_props = {str(KG.url): "url", str(DCTERMS.title): "title", str(DCTERMS.issued): "published",
                 str(KG.outlet): "outlet"}
    arts: dict[str, dict] = defaultdict(dict)
    for r in _select_scoped(store, "SELECT ?a ?p ?o WHERE { %%(SCOPE)s ?a a <%s> ; ?p ?o FILTER(?p IN (%s)) }"
                            % (KG.Article, ", ".join(f"<{p}>" for p in art_props)), art_keys if scoped else None, "a"):
        arts[r["a"].value].setdefault(art_props[r["p"].value], r["o"].value)
    sents: dict[str, list] = defaultdict(list)
    for r in _select_scoped(store, "SELECT ?rep ?text ?start ?end ?idx WHERE { %%(SCOPE)s ?rep <%s> ?s . "
                                   "?s <%s> ?text ; <%s> ?start ; <%s> ?end ; <%s> ?idx }"
                            % (KG.sentence, KG.text, KG.start, KG.end, KG.index), rep_keys if scoped else None, "rep"):
        sents[r["rep"].value].append((int(r["idx"].value), r["text"].value, int(r["start"].value), int(r["end"].value)))
    sources: dict[str, list] = defaultdict(list)
    reps.sort(key=lambda r: (r["e"].value, r["file"].value, r["rep"].value))
    for r in reps:
        e, rep, art = r["e"].value, r["rep"].value, arts.get(r["a"].value, {})
        meta = {"file": r["file"].value, "url": art.get("url"), "title": art.get("title"),
                "published": art.get("published"), "outlet": art.get("outlet"), "report": rep}
        for _, text, start, end in sorted(sents.get(rep, [])) or [(-1, None, None, None)]:
            src = {**meta, "sentence": text, "start": start, "end": end}
            if src not in sources[e]:
                sources[e].append(src)
    for e in sources:
        sources[e].sort(key=lambda x: (x["file"] or "",))
    rep_file = {r["rep"].value: r["file"].value for r in reps}
    rep_events: dict[str, list[str]] = defaultdict(list)
    for r in reps:
        rep_events[r["rep"].value].append(r["e"].value)
    claim_props = {str(KG.figure): "fig", str(KG.value): "value", str(KG.low): "low", str(KG.high): "high",
                   str(KG.qualifier): "qual", str(KG.claimant): "who", str(KG.claimantLabel): "whoLabel",
                   str(KG.sentence): "s"}
    found: dict[tuple[str, str], dict] = {}
    for r in _select_scoped(store, "SELECT ?rep ?c ?p ?o WHERE { %%(SCOPE)s ?rep <%s> ?c . ?c ?p ?o FILTER(?p IN (%s)) }"
                            % (KG.hasClaim, ", ".join(f"<{p}>" for p in claim_props)), rep_keys if scoped else None,
                            "rep"):
        found.setdefault((r["rep"].value, r["c"].value), {})[claim_props[r["p"].value]] = r["o"]
    claim_sentences = sorted({d["s"].value for d in found.values() if "s" in d})
    s_text = {r["s"].value: r["t"].value for r in _select_scoped(
        store, "SELECT ?s ?t WHERE { %%(SCOPE)s ?s <%s> ?t }" % KG.text, claim_sentences if scoped else None, "s")}
    claims: dict[str, list] = defaultdict(list)
    for (rep, c), d in sorted(found.items(), key=lambda kv: kv[0][1]):
        if "fig" not in d or rep not in rep_file:
            continue
        who_iri = d["who"].value if "who" in d else None
        label = d["whoLabel"].value if "whoLabel" in d else None
        num = lambda k: int(d[k].value) if k in d else None  # noqa: E731
        for e in rep_events[rep]:
            claims[e].append({
                "property": _FIG.get(d["fig"].value), "value": num("value"), "low": num("low"), "high": num("high"),
                "qualifier": d["qual"].value if "qual" in d else None,
                "by": (names.get(who_iri) if who_iri else None) or label, "by_label": label,
                "source": rep_file[rep], "sentence": s_text.get(d["s"].value) if "s" in d else None})
    return sources, claims


def _event_sources_by_subject(store: Store, names: dict[str, str], scope: list[str]) -> tuple[dict, dict]:
    """:func:`_event_sources` for the events ``scope``, walking subjects: events -> reports -> articles,
    sentences and claims (the same rows, in the same order)."""
    K = {k: str(v) for k, v in {"report": KG.report, "from": PROV.wasDerivedFrom, "file": KG.file, "url": KG.url,
                                "title": DCTERMS.title, "issued": DCTERMS.issued, "outlet": KG.outlet,
                                "sentence": KG.sentence, "text": KG.text, "start": KG.start, "end": KG.end,
                                "index": KG.index, "hasClaim": KG.hasClaim, "figure": KG.figure, "value": KG.value,
                                "low": KG.low, "high": KG.high, "qual": KG.qualifier, "who": KG.claimant,
                                "whoLabel": KG.claimantLabel}.items()}
    ev = _walk(store, scope, [K["report"]])
    reports = sorted({o.value for e in scope for o in ev[e].get(K["report"], [])})
    rep = _walk(store, reports, [K["from"], K["sentence"], K["hasClaim"]])
    arts = _walk(store, {o.value for r in reports for o in rep[r].get(K["from"], [])},
                 [K[k] for k in ("file", "url", "title", "issued", "outlet")])
    claims_of = {r: [o.value for o in rep[r].get(K["hasClaim"], [])] for r in reports}
    cl = _walk(store, {c for cs in claims_of.values() for c in cs},
               [K[k] for k in ("figure", "value", "low", "high", "qual", "who", "whoLabel", "sentence")])
    sent_keys = {o.value for r in reports for o in rep[r].get(K["sentence"], [])} | \
        {o.value for c in cl.values() for o in c.get(K["sentence"], [])}
    sn = _walk(store, sent_keys, [K[k] for k in ("text", "start", "end", "index")])
    first = lambda d, k: d.get(K[k], [None])[0]  # noqa: E731
    rows = []                                  # (event, report, article, file)
    for e in scope:
        for r_node in ev[e].get(K["report"], []):
            r = r_node.value
            for a in rep[r].get(K["from"], []):
                for f in arts[a.value].get(K["file"], []):
                    rows.append((e, r, a.value, f.value))
    rows.sort(key=lambda x: (x[0], x[3], x[1]))
    sources: dict[str, list] = defaultdict(list)
    for e, r, a, f in rows:
        art = arts[a]
        meta = {"file": f, "url": _val(first(art, "url")), "title": _val(first(art, "title")),
                "published": _val(first(art, "issued")), "outlet": _val(first(art, "outlet")), "report": r}
        found = []
        for s_node in rep[r].get(K["sentence"], []):
            d = sn[s_node.value]
            if all(K[k] in d for k in ("text", "start", "end", "index")):
                found.append((int(first(d, "index").value), first(d, "text").value, int(first(d, "start").value),
                              int(first(d, "end").value)))
        for _, text, start, end in sorted(found) or [(-1, None, None, None)]:
            src = {**meta, "sentence": text, "start": start, "end": end}
            if src not in sources[e]:
                sources[e].append(src)
    for e in sources:
        sources[e].sort(key=lambda x: (x["file"] or "",))
    claims: dict[str, list] = defaultdict(list)
    rep_file = {r: f for e, r, a, f in rows}
    rep_events: dict[str, list[str]] = defaultdict(list)
    for e, r, a, f in rows:
        if e not in rep_events[r]:
            rep_events[r].append(e)
    items = sorted(((r, c) for r, cs in claims_of.items() for c in cs), key=lambda x: x[1])
    for r, c in items:
        d = cl[c]
        if K["figure"] not in d or r not in rep_file:
            continue
        num = lambda k: int(first(d, k).value) if K[k] in d else None  # noqa: E731
        who_iri, label = _val(first(d, "who")), _val(first(d, "whoLabel"))
        s_node = first(d, "sentence")
        text = _val(first(sn[s_node.value], "text")) if s_node is not None else None
        for e in rep_events[r]:
            claims[e].append({
                "property": _FIG.get(first(d, "figure").value), "value": num("value"), "low": num("low"),
                "high": num("high"), "qualifier": _val(first(d, "qual")),
                "by": (names.get(who_iri) if who_iri else None) or label, "by_label": label,
                "source": rep_file[r], "sentence": text})
    return sources, claims


def _val(term) -> str | None:
    return term.value if term is not None else None


def _alt_labels(store: Store, places: list[str] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in _select_scoped(store, "SELECT ?s ?l WHERE { %%(SCOPE)s ?s a <%s> ; <%s> ?l }" % (KG.Place, SKOS.altLabel),
                            places, var="s"):
        out[r["s"].value].append(r["l"].value)
    return {k: sorted(set(v)) for k, v in out.items()}


# -- actors and relations ---------------------------------------------------------------------------

def find_actor(store: Store, name: str) -> str:
    """The IRI of the actor with this name or alias (case- and accent-insensitive); InputError otherwise."""
    from kg.extract.fold import fold_key

    want = fold_key(name)
    rows = store.select("SELECT ?a ?l WHERE { ?a a <%s> . { ?a <%s> ?l } UNION { ?a <%s> ?l } }"
                        % (KG.Actor, SKOS.prefLabel, SKOS.altLabel))
    table: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        table[fold_key(r["l"].value)].add(r["a"].value)
    if want in table:
        hits = table[want]
        if len(hits) == 1:
            return next(iter(hits))
        pref = {r["a"].value for r in rows if fold_key(r["l"].value) == want and r["a"].value in hits}
        return sorted(pref)[0]
    close = difflib.get_close_matches(want, list(table), n=3, cutoff=0.6)
    suggestion = ", ".join(sorted({_display(rows, table[c]) for c in close})) or "none"
    raise InputError(f"unknown actor {name!r}; closest known names: {suggestion}")


def _display(rows, iris: set[str]) -> str:
    return next((r["l"].value for r in rows if r["a"].value in iris), "?")


def actor_family(store: Store, actor_iri: str) -> set[str]:
    """The actor and all its sub-groups (kg:partOf, transitively, reference and text-stated)."""
    rows = store.select("SELECT DISTINCT ?sub WHERE { ?sub <%s>+ ?top }" % KG.partOf, {"top": _node(actor_iri)})
    return {actor_iri} | {r["sub"].value for r in rows}


def _node(iri: str):
    from pyoxigraph import NamedNode
    return NamedNode(iri)


def actors(store: Store, only: str | None = None, names: dict[str, str] | None = None) -> list[dict]:
    """Every actor of the reference graph (or only the one with IRI ``only``), by event count."""
    names = labels(store) if names is None else names
    scope = [only] if only else None
    rows = _select_scoped(store, """SELECT ?a ?kind ?wd WHERE { %%(SCOPE)s GRAPH <%s> { ?a a ?kind FILTER(?kind IN (%s))
        OPTIONAL { ?a <%s> ?wd } } }""" % (REFERENCE_GRAPH, ", ".join(f"<{k}>" for k in _KIND), KG.wikidata), scope, "a")
    alts = defaultdict(list)
    for r in _select_scoped(store, "SELECT ?a ?l WHERE { %%(SCOPE)s ?a a <%s> ; <%s> ?l }" % (KG.Actor, SKOS.altLabel),
                            scope, "a"):
        alts[r["a"].value].append(r["l"].value)
    parents = defaultdict(set)
    for r in _select_scoped(store, "SELECT ?a ?p WHERE { %%(SCOPE)s GRAPH <%s> { ?a <%s> ?p } }"
                            % (REFERENCE_GRAPH, KG.partOf), scope, "a"):
        parents[r["a"].value].add(names.get(r["p"].value, r["p"].value))
    counts = defaultdict(int)
    for r in _select_scoped(store, """SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE { %%(SCOPE)s GRAPH <%s> { ?e ?p ?a
        FILTER(?p IN (<%s>, <%s>)) } } GROUP BY ?a""" % (RESOLVED_GRAPH, KG.perpetrator, KG.target), scope, "a"):
        counts[r["a"].value] = int(r["n"].value)
    out = []
    for r in rows:
        a = r["a"].value
        out.append({"id": a, "name": names.get(a, a), "aliases": sorted(set(alts[a])), "kind": _KIND[r["kind"].value],
                    "parents": sorted(parents[a]), "wikidata": _v(r, "wd"), "events": counts[a]})
    out.sort(key=lambda x: (-x["events"], x["name"].casefold()))
    return out


def relations(store: Store, *, actor_iris: set[str] | None = None, include_reference: bool = False,
              names: dict[str, str] | None = None) -> list[dict]:
    """Relations stated in articles (with their sources); reference relations too when asked."""
    names = labels(store) if names is None else names
    rows = _scoped_relation_rows(store, actor_iris) if actor_iris is not None else store.select("""
    SELECT ?st ?s ?p ?o ?since ?until ?file ?url ?title ?pub ?text WHERE {
      ?st a <%(RS)s> ; <%(s)s> ?s ; <%(p)s> ?p ; <%(o)s> ?o ; <%(from)s> ?a .
      ?a <%(file)s> ?file . OPTIONAL { ?a <%(url)s> ?url } OPTIONAL { ?a <%(title)s> ?title }
      OPTIONAL { ?a <%(issued)s> ?pub }
      OPTIONAL { ?st <%(since)s> ?since } OPTIONAL { ?st <%(until)s> ?until }
      OPTIONAL { ?st <%(sentence)s> ?sn . ?sn <%(text)s> ?text }
    }""" % {"RS": KG.RelationStatement, "s": KG.relSubject, "p": KG.relPredicate, "o": KG.relObject,
            "from": PROV.wasDerivedFrom, "file": KG.file, "url": KG.url, "title": DCTERMS.title,
            "issued": DCTERMS.issued, "since": KG.since, "until": KG.until, "sentence": KG.sentence, "text": KG.text})
    grouped: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: (r["st"].value)):
        s, p, o = r["s"].value, _REL[r["p"].value], r["o"].value
        if actor_iris is not None and s not in actor_iris and o not in actor_iris:
            continue
        key = (s, p, o)
        item = grouped.setdefault(key, {"s": names.get(s, s), "p": p, "o": names.get(o, o), "s_id": s, "o_id": o,
                                         "since": _v(r, "since"), "until": _v(r, "until"), "sources": [],
                                         "reference": False})
        src = {"file": _v(r, "file"), "url": _v(r, "url"), "title": _v(r, "title"), "published": _v(r, "pub"),
               "sentence": _v(r, "text")}
        if src not in item["sources"]:
            item["sources"].append(src)
    if include_reference:
        for r in store.select("SELECT ?s ?p ?o WHERE { GRAPH <%s> { ?s ?p ?o FILTER(?p IN (%s)) } }"
                              % (REFERENCE_GRAPH, ", ".join(f"<{p}>" for p in _REL))):
            s, p, o = r["s"].value, _REL[r["p"].value], r["o"].value
            if actor_iris is not None and s not in actor_iris and o not in actor_iris:
                continue
            grouped.setdefault((s, p, o), {"s": names.get(s, s), "p": p, "o": names.get(o, o), "s_id": s, "o_id": o,
                                           "since": None, "until": None, "sources": [], "reference": True})
    return sorted(grouped.values(), key=lambda x: (x["s"].casefold(), x["p"], x["o"].casefold()))


def _scoped_relation_rows(store: Store, actor_iris: set[str]) -> list[dict]:
    """The rows of the relations query for statements about ``actor_iris``, asked per subject."""
    values = " ".join(f"<{a}>" for a in sorted(actor_iris))
    st_keys = sorted({r["st"].value for prop in (KG.relSubject, KG.relObject) for r in store.select(
        "SELECT DISTINCT ?st WHERE { VALUES ?x { %s } ?st <%s> ?x }" % (values, prop))})
    st = _props(store, st_keys, {str(RDF.type): "type", str(KG.relSubject): "s", str(KG.relPredicate): "p",
                                 str(KG.relObject): "o", str(PROV.wasDerivedFrom): "a", str(KG.since): "since",
                                 str(KG.until): "until", str(KG.sentence): "sn"})
    st = {k: d for k, d in st.items() if d.get("type") is not None and d["type"].value == str(KG.RelationStatement)
          and all(x in d for x in ("s", "p", "o", "a"))}
    arts = _props(store, [d["a"].value for d in st.values()], {str(KG.file): "file", str(KG.url): "url",
                                                               str(DCTERMS.title): "title", str(DCTERMS.issued): "pub"})
    texts = _props(store, [d["sn"].value for d in st.values() if "sn" in d], {str(KG.text): "text"})
    rows = []
    for k, d in st.items():
        art = arts.get(d["a"].value, {})
        if "file" not in art:
            continue
        row = {"st": NamedNode(k), **{x: d[x] for x in ("s", "p", "o", "since", "until") if x in d}, **art}
        if "sn" in d and "text" in texts.get(d["sn"].value, {}):
            row["text"] = texts[d["sn"].value]["text"]
        rows.append(row)
    return rows


def actor_history(store: Store, name: str, *, since: str | None = None, until: str | None = None,
                  subgroups: bool = True) -> dict:
    """``kg actor NAME --json``: the actor, its events (by date) and its relations."""
    iri = find_actor(store, name)
    family = actor_family(store, iri) if subgroups else {iri}
    names = labels(store)
    record = next(iter(actors(store, only=iri, names=names)), {"id": iri, "name": name})
    evs = events(store, actor=iri, subgroups=subgroups, since=since, until=until, names=names)
    mine = []
    for ev in evs:
        perp = set(ev["perpetrator_ids"]) & family
        inv = _inverse_labels(names)
        tgt = {inv.get(t) for t in ev["targets"]} & family
        claimed = {inv.get(t) for t in ev["claimed_by"]} & family
        if not (perp or tgt or claimed):
            continue
        role = "perpetrator" if perp else ("target" if tgt else "claimed")
        if perp and ev.get("responsibility") == "suspected":
            role = "suspected"
        via = sorted(names.get(a, a) for a in (perp | tgt | claimed) if a != iri)
        mine.append({**ev, "actor_role": role, "via_subgroup": via or None})
    rels = relations(store, actor_iris=family if subgroups else {iri}, include_reference=True, names=names)
    return {"actor": record, "events": mine, "relations": rels}

"""The stable JSON shapes of kg (events, actors, relations, actor histories) read from a store.

Every function takes a :class:`kg.store.Store` and returns plain lists and dicts, the shapes the CLI
prints, the exports write and the documentation promises (see README.md, "JSON shapes").
"""
from __future__ import annotations

import difflib
from collections import defaultdict

from pyoxigraph import Literal

from kg.errors import InputError
from kg.store import Store
from kg.vocab import (ACTOR_KINDS, DCTERMS, EVENT_TYPES, FIGURE_PROPERTIES, GEO, KG, PRECISIONS, PROV, RDFS,
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
           type: str | None = None) -> list[dict]:
    """Canonical events in the DESIGN.md JSON shape, by date, filtered."""
    names = labels(store)
    rows = store.select("""
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
    multi = _event_multi(store)
    figures = _event_figures(store)
    sources, claims = _event_sources(store, names)
    place_aliases = _alt_labels(store)
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
    if actor is not None:
        keys = actor_family(store, actor) if subgroups else {actor}
        out = [ev for ev in out if keys & (set(ev["perpetrator_ids"]) | set(_ids(ev, names, "targets", store))
                                          | set(_ids(ev, names, "claimed_by", store)))]
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


def _ids(ev, names, field, store):
    inv = _inverse_labels(names)
    return [inv.get(n) for n in ev[field] if inv.get(n)]


_INV_CACHE: dict[int, dict[str, str]] = {}


def _inverse_labels(names: dict[str, str]) -> dict[str, str]:
    key = id(names)
    if key not in _INV_CACHE:
        _INV_CACHE.clear()
        _INV_CACHE[key] = {v: k for k, v in names.items() if "/actor/" in k}
    return _INV_CACHE[key]


def _event_multi(store: Store) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    props = {str(KG.perpetrator): "perpetrator", str(KG.target): "target", str(KG.claimedBy): "claimedBy",
             str(KG.tactic): "tactic"}
    for r in store.select("SELECT ?e ?p ?o WHERE { GRAPH <%s> { ?e ?p ?o FILTER(?p IN (%s)) } }"
                          % (RESOLVED_GRAPH, ", ".join(f"<{p}>" for p in props))):
        out[r["e"].value][props[r["p"].value]].add(r["o"].value)
    return out


def _event_figures(store: Store) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in store.select("SELECT ?e ?p ?o WHERE { GRAPH <%s> { ?e ?p ?o FILTER(?p IN (%s)) } }"
                          % (RESOLVED_GRAPH, ", ".join(f"<{p}>" for p in _FIG))):
        out[r["e"].value][_FIG[r["p"].value]] = int(r["o"].value)
    return out


def _event_sources(store: Store, names: dict[str, str]) -> tuple[dict[str, list], dict[str, list]]:
    sources: dict[str, list] = defaultdict(list)
    rows = store.select("""
    SELECT ?e ?rep ?file ?url ?title ?pub ?outlet ?text ?start ?end ?idx WHERE {
      GRAPH <%(R)s> { ?e <%(report)s> ?rep }
      ?rep <%(from)s> ?a . ?a <%(file)s> ?file .
      OPTIONAL { ?a <%(url)s> ?url } OPTIONAL { ?a <%(title)s> ?title } OPTIONAL { ?a <%(issued)s> ?pub }
      OPTIONAL { ?a <%(outlet)s> ?outlet }
      OPTIONAL { ?rep <%(sentence)s> ?s . ?s <%(text)s> ?text ; <%(start)s> ?start ; <%(end)s> ?end ; <%(index)s> ?idx }
    }""" % {"R": RESOLVED_GRAPH, "report": KG.report, "from": PROV.wasDerivedFrom, "file": KG.file, "url": KG.url,
            "title": DCTERMS.title, "issued": DCTERMS.issued, "outlet": KG.outlet, "sentence": KG.sentence,
            "text": KG.text, "start": KG.start, "end": KG.end, "index": KG.index})
    rows.sort(key=lambda r: (r["e"].value, _v(r, "file") or "", int(r["idx"].value) if "idx" in r else -1))
    for r in rows:
        src = {"file": _v(r, "file"), "url": _v(r, "url"), "title": _v(r, "title"), "published": _v(r, "pub"),
               "outlet": _v(r, "outlet"), "report": _v(r, "rep"), "sentence": _v(r, "text"),
               "start": int(r["start"].value) if "start" in r else None,
               "end": int(r["end"].value) if "end" in r else None}
        if src not in sources[r["e"].value]:
            sources[r["e"].value].append(src)
    claims: dict[str, list] = defaultdict(list)
    rows = store.select("""
    SELECT ?e ?c ?fig ?value ?low ?high ?qual ?who ?whoLabel ?file ?text WHERE {
      GRAPH <%(R)s> { ?e <%(report)s> ?rep }
      ?rep <%(hasClaim)s> ?c . ?c <%(figure)s> ?fig . ?rep <%(from)s> ?a . ?a <%(file)s> ?file .
      OPTIONAL { ?c <%(value)s> ?value } OPTIONAL { ?c <%(low)s> ?low } OPTIONAL { ?c <%(high)s> ?high }
      OPTIONAL { ?c <%(qual)s> ?qual } OPTIONAL { ?c <%(claimant)s> ?who } OPTIONAL { ?c <%(claimantLabel)s> ?whoLabel }
      OPTIONAL { ?c <%(sentence)s> ?s . ?s <%(text)s> ?text }
    }""" % {"R": RESOLVED_GRAPH, "report": KG.report, "hasClaim": KG.hasClaim, "figure": KG.figure,
            "from": PROV.wasDerivedFrom, "file": KG.file, "value": KG.value, "low": KG.low, "high": KG.high,
            "qual": KG.qualifier, "claimant": KG.claimant, "claimantLabel": KG.claimantLabel, "sentence": KG.sentence,
            "text": KG.text})
    rows.sort(key=lambda r: (r["e"].value, r["c"].value))
    for r in rows:
        who = names.get(_v(r, "who")) if "who" in r else None
        claims[r["e"].value].append({
            "property": _FIG.get(r["fig"].value), "value": int(r["value"].value) if "value" in r else None,
            "low": int(r["low"].value) if "low" in r else None, "high": int(r["high"].value) if "high" in r else None,
            "qualifier": _v(r, "qual"), "by": who or _v(r, "whoLabel"), "by_label": _v(r, "whoLabel"),
            "source": _v(r, "file"), "sentence": _v(r, "text")})
    return sources, claims


def _alt_labels(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in store.select("SELECT ?s ?l WHERE { ?s a <%s> ; <%s> ?l }" % (KG.Place, SKOS.altLabel)):
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


def actors(store: Store) -> list[dict]:
    names = labels(store)
    rows = store.select("""SELECT ?a ?kind ?wd WHERE { GRAPH <%s> { ?a a ?kind FILTER(?kind IN (%s))
        OPTIONAL { ?a <%s> ?wd } } }""" % (REFERENCE_GRAPH, ", ".join(f"<{k}>" for k in _KIND), KG.wikidata))
    alts = defaultdict(list)
    for r in store.select("SELECT ?a ?l WHERE { ?a a <%s> ; <%s> ?l }" % (KG.Actor, SKOS.altLabel)):
        alts[r["a"].value].append(r["l"].value)
    parents = defaultdict(set)
    for r in store.select("SELECT ?a ?p WHERE { GRAPH <%s> { ?a <%s> ?p } }" % (REFERENCE_GRAPH, KG.partOf)):
        parents[r["a"].value].add(names.get(r["p"].value, r["p"].value))
    counts = defaultdict(int)
    for r in store.select("""SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <%s> { ?e ?p ?a
        FILTER(?p IN (<%s>, <%s>)) } } GROUP BY ?a""" % (RESOLVED_GRAPH, KG.perpetrator, KG.target)):
        counts[r["a"].value] = int(r["n"].value)
    out = []
    for r in rows:
        a = r["a"].value
        out.append({"id": a, "name": names.get(a, a), "aliases": sorted(set(alts[a])), "kind": _KIND[r["kind"].value],
                    "parents": sorted(parents[a]), "wikidata": _v(r, "wd"), "events": counts[a]})
    out.sort(key=lambda x: (-x["events"], x["name"].casefold()))
    return out


def relations(store: Store, *, actor_iris: set[str] | None = None, include_reference: bool = False) -> list[dict]:
    """Relations stated in articles (with their sources); reference relations too when asked."""
    names = labels(store)
    rows = store.select("""
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


def actor_history(store: Store, name: str, *, since: str | None = None, until: str | None = None,
                  subgroups: bool = True) -> dict:
    """``kg actor NAME --json``: the actor, its events (by date) and its relations."""
    iri = find_actor(store, name)
    family = actor_family(store, iri) if subgroups else {iri}
    record = next((a for a in actors(store) if a["id"] == iri), {"id": iri, "name": name})
    evs = events(store, since=since, until=until)
    names = labels(store)
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
    rels = relations(store, actor_iris=family if subgroups else {iri}, include_reference=True)
    return {"actor": record, "events": mine, "relations": rels}

"""The stable JSON shapes of kg (events, actors, relations, actor histories) read from a store.

Every function takes a :class:`kg.store.Store` and returns plain lists and dicts, the shapes the CLI
prints, the exports write and the documentation promises (see README.md, "JSON shapes").
"""
from __future__ import annotations

import difflib
import json
from collections import defaultdict

from pyoxigraph import Literal, NamedNode

from kg import ids
from kg.errors import InputError
from kg.store import Store
from kg.vocab import (ACTOR_KINDS, DCTERMS, EVENT_TYPES, FIGURE_PROPERTIES, GEO, KG, PRECISIONS, PROV, RDF, RDFS,
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


def _select(store: Store, query: str) -> list[dict]:
    """Rows of a query built here (from kg's terms and IRIs read from the store, no parameters).

    It skips :meth:`Store.select`'s checks of the text (form, SERVICE/LOAD, dataset clauses): they
    tokenise the whole text in Python, a few ms for a query with a VALUES list of 400 IRIs, paid for
    every chunk (~15 % of ``kg actor``). Errors are reported as by ``select``."""
    from kg.store import QueryResult

    result = QueryResult(form="SELECT")
    raw = store._run(query, "SELECT", union=True, default_graph=None, named_graphs=None)
    try:
        store._collect(raw, result, None)
    finally:
        raw = None
    return result.rows


def _v(row, key):
    t = row.get(key)
    return None if t is None else t.value


def labels(store: Store, subjects=None) -> dict[str, str]:
    """prefLabel of every actor and place, or of ``subjects`` (IRIs) only."""
    if subjects is None:
        return {r["s"].value: r["l"].value for r in _select(store,
            "SELECT ?s (SAMPLE(?label) AS ?l) WHERE { ?s <%s> ?label } GROUP BY ?s" % SKOS.prefLabel)}
    return {s: r["l"].value for s, r in _indexed(
        store, "SELECT ?s_i (SAMPLE(?label) AS ?l) WHERE { %%(SCOPE)s ?s <%s> ?label } GROUP BY ?s_i" % SKOS.prefLabel,
        sorted(set(subjects)), "s")}


def _ensure_labels(store: Store, names: dict[str, str], iris) -> None:
    """Add to ``names`` the labels of ``iris`` it lacks (a scoped view reads only the labels it shows)."""
    missing = {i for i in iris if i and i not in names}
    if missing:
        names.update(labels(store, missing))


def events(store: Store, *, actor: str | None = None, subgroups: bool = True, country: str | None = None,
           since: str | None = None, until: str | None = None, disputed: bool = False, place: str | None = None,
           type: str | None = None, names: dict[str, str] | None = None, latest: int | None = None,
           counted: dict | None = None) -> list[dict]:
    """Canonical events in the DESIGN.md JSON shape, by date, filtered.

    With ``actor``, the actor's events (and its sub-groups') are selected first and every later
    query starts from them (``VALUES ?e``), so the cost follows the actor's events, not the store.
    ``latest`` (with ``actor``) keeps only that many of them, the latest by date (ties at the cut by
    IRI, undated events first to go), after ``since``/``until``; ``counted["events"]`` is then set to
    how many there were."""
    scope: list[str] | None = None
    if actor is not None:
        keys = actor_family(store, actor) if subgroups else {actor}
        scope = sorted({r["e"].value for r in _select(store,
            "SELECT DISTINCT ?e WHERE { VALUES ?a { %s } GRAPH <%s> { ?e ?p ?a FILTER(?p IN (<%s>, <%s>, <%s>)) } }"
            % (" ".join(f"<{k}>" for k in sorted(keys)), RESOLVED_GRAPH, KG.perpetrator, KG.target, KG.claimedBy))})
        if latest is not None:
            if latest > 0 and len(scope) <= latest and not since and not until:
                if counted is not None:         # all of them are kept: no dates to read
                    counted["events"] = len(scope)
            else:
                scope = _latest(store, scope, latest, since, until, counted)
    if scope is not None:
        names = {} if names is None else names
        return _finish_events(_scoped_events(store, scope, names), country=country, place=place, type=type,
                              since=since, until=until, disputed=disputed)
    names = labels(store) if names is None else names
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
    return _finish_events(_event_dicts(rows, multi, figures, sources, claims, place_aliases, names), country=country,
                          place=place, type=type, since=since, until=until, disputed=disputed)


def _latest(store: Store, scope: list[str], n: int, since: str | None, until: str | None,
            counted: dict | None) -> list[str]:
    """The ``n`` latest events of ``scope`` by date (kg:date, compared as ``_finish_events`` does),
    among those ``since``/``until`` keep; read with one date lookup per event."""
    dates: dict[str, str] = {}
    for e, r in _indexed(store, "SELECT ?e_i ?d WHERE { %%(SCOPE)s GRAPH <%s> { ?e <%s> ?d } }"
                         % (RESOLVED_GRAPH, KG.date), scope, "e"):
        dates.setdefault(e, r["d"].value)
    kept = [e for e in scope if (not since or (e in dates and dates[e] >= since[:len(dates[e])]))
            and (not until or (e in dates and dates[e][:len(until)] <= until))]
    if counted is not None:
        counted["events"] = len(kept)
    kept.sort(key=lambda e: (dates.get(e, ""), e))
    return sorted(kept[-n:]) if n > 0 else []


def _event_dicts(rows, multi, figures, sources, claims, place_aliases, names) -> list[dict]:
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
    return out


def _finish_events(out: list[dict], *, country, place, type, since, until, disputed) -> list[dict]:
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


def _indexed(store: Store, template: str, keys: list[str], var: str):
    """Run ``template`` over ``keys`` in chunks; yields (key, row).

    ``%(SCOPE)s`` in the template becomes ``VALUES (?var ?var_i) { (<key> 0) (<key> 1) … }`` and the
    query returns ``?var_i``, the key's position, rather than the IRI: the store hands back an integer
    without looking a string up, which is most of the cost of a row on the embedded store."""
    for i in range(0, len(keys), _SCOPE_CHUNK):
        chunk = keys[i:i + _SCOPE_CHUNK]
        values = "VALUES (?%s ?%s_i) { %s }" % (var, var, " ".join(f"(<{k}> {j})" for j, k in enumerate(chunk)))
        index = f"{var}_i"
        for r in _select(store, template % {"SCOPE": values}):
            yield chunk[int(r[index].value)], r


def _opt(graph: str, subject: str, prop, var: str) -> str:
    # an OPTIONAL of its own around one pattern: Oxigraph then looks each bound subject up in the index
    # (an OPTIONAL inside the GRAPH block of the required pattern made it read the whole graph)
    return "OPTIONAL { %s { ?%s <%s> ?%s } }" % (graph, subject, prop, var)


_EVENT_PROPS = {"label": RDFS.label, "date": KG.date, "prec": KG.datePrecision, "place": KG.place, "role": KG.role,
                "resp": KG.responsibility, "disputed": KG.disputed, "geo": KG.geoPrecision}
_PLACE_PROPS = {"lat": GEO.lat, "lon": GEO.long, "country": KG.country, "admin1": KG.admin1}
_MULTI = {str(KG.perpetrator): "perpetrator", str(KG.target): "target", str(KG.claimedBy): "claimedBy",
          str(KG.tactic): "tactic"}


def _property_template(graph: str, var: str, props: list[str]) -> str:
    """A query over ``%(SCOPE)s`` that returns ``?{var}_i ?k ?o`` for the triples of the scoped
    subjects whose property is one of ``props``, ``?k`` being the property's position."""
    case = "-1"
    for i, prop in reversed(list(enumerate(props))):
        case = f"IF(?q = <{prop}>, {i}, {case})"
    return ("SELECT ?%s_i ?k ?o WHERE { %%(SCOPE)s %s { ?%s ?q ?o FILTER(?q IN (%s)) } BIND(%s AS ?k) }"
            % (var, graph, var, ", ".join(f"<{p}>" for p in props), case))


def _scoped_events(store: Store, scope: list[str], names: dict[str, str]) -> list[dict]:
    """The events ``scope`` in the JSON shape, read with queries that start from these events (and
    their reports) and look each one up: the cost follows the events, not the store."""
    R = f"GRAPH <{RESOLVED_GRAPH}>"
    # every property shown, in one read of each event's triples in graph/resolved: ?k is the
    # property's position in ``props`` (an integer, not an IRI to look up)
    single = {"type": KG.eventType, **_EVENT_PROPS}
    props = [*(str(p) for p in single.values()), *_MULTI, *_FIG]
    keys = [*single, *(None for _ in _MULTI), *(None for _ in _FIG)]
    ev: dict[str, dict] = {}
    multi: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    figures: dict[str, dict[str, int]] = defaultdict(dict)
    for e, r in _indexed(store, _property_template(R, "e", props), scope, "e"):
        i = int(r["k"].value)
        prop, o = props[i], r["o"]
        if keys[i] is not None:
            ev.setdefault(e, {}).setdefault(keys[i], o)
        elif prop in _MULTI:
            multi[e][_MULTI[prop]].add(o.value)
        else:
            figures[e][_FIG[prop]] = int(o.value)
    places = sorted({d["place"].value for d in ev.values() if "place" in d})
    # the places' coordinates, country, region and aliases, in one read of each place's triples
    pprops = [*(str(p) for p in _PLACE_PROPS.values()), str(SKOS.altLabel), str(RDF.type)]
    pkeys = [*_PLACE_PROPS, "alias", "type"]
    pl: dict[str, dict] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    place_types: dict[str, set[str]] = defaultdict(set)
    for p, r in _indexed(store, _property_template("", "p", pprops), places, "p"):
        k, o = pkeys[int(r["k"].value)], r["o"]
        if k == "alias":
            aliases[p].append(o.value)
        elif k == "type":
            place_types[p].add(o.value)
        else:
            pl.setdefault(p, {}).setdefault(k, o)
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
    in_rows = {r["e"].value for r in rows}
    multi = defaultdict(lambda: defaultdict(set), {e: m for e, m in multi.items() if e in in_rows})
    figures = defaultdict(dict, {e: f for e, f in figures.items() if e in in_rows})
    sources, claims = _scoped_sources(store, [r["e"].value for r in rows], names)
    place_aliases = {k: sorted(set(v)) for k, v in aliases.items() if str(KG.Place) in place_types[k]}
    wanted = set(places) | {v.value for d in pl.values() for k, v in d.items() if k in ("country", "admin1")}
    wanted |= {a for m in multi.values() for k in ("perpetrator", "target", "claimedBy") for a in m.get(k, ())}
    _ensure_labels(store, names, wanted)
    return _event_dicts(rows, multi, figures, sources, claims, place_aliases, names)


def _scoped_sources(store: Store, scope: list[str], names: dict[str, str]) -> tuple[dict, dict]:
    """Per event of ``scope``: its sources (article, sentence, span) and figure claims with claimants.

    Reports that carry a kg:digest are read from it, one lookup each, and their sentences' text
    with one lookup per sentence; an event with a report written without one (an older kg) is
    read from the report's quads (``_quad_reports``). Both give the same result."""
    R = f"GRAPH <{RESOLVED_GRAPH}>"
    pairs: list[tuple[str, str, str | None]] = []      # (event, report, digest or None)
    for e, r in _indexed(store, "SELECT ?e_i ?rep ?d WHERE { %%(SCOPE)s %s { ?e <%s> ?rep } %s }"
                         % (R, KG.report, _opt("GRAPH ?g", "rep", KG.digest, "d")), scope, "e"):
        pairs.append((e, r["rep"].value, r["d"].value if "d" in r else None))
    older = {e for e, _, d in pairs if d is None}
    rows, reports = _quad_reports(store, [e for e in scope if e in older]) if older else ([], {})
    digests = {rep: json.loads(d) for e, rep, d in pairs if e not in older}
    wanted = {ids.sentence(d["article"], i) for d in digests.values()
              for i in [*(s[0] for s in d["sentences"]), *(c["sentence"] for c in d["claims"])] if i is not None}
    text = {s: r["t"].value for s, r in _indexed(
        store, "SELECT ?s_i ?t WHERE { %%(SCOPE)s GRAPH ?g { ?s <%s> ?t } }" % KG.text, sorted(wanted), "s")}
    for rep, d in digests.items():
        said = lambda i: text.get(ids.sentence(d["article"], i)) if i is not None else None  # noqa: E731
        reports[rep] = {"sentences": [(i, said(i), a, b) for i, a, b in d["sentences"]],
                        "claims": [{**c, "sentence": said(c["sentence"])} for c in d["claims"]]}
    fields = {rep: {k: d[k] for k in ("url", "title", "issued", "outlet")} for rep, d in digests.items()}
    rows += [(e, rep, f, fields[rep]) for e, rep, f in {(e, rep, digests[rep]["file"]) for e, rep, _ in pairs
                                                          if e not in older}]
    return _assemble_sources(rows, reports, store, names)


def _assemble_sources(rows: list[tuple], reports: dict[str, dict], store: Store, names: dict[str, str]):
    """Sources and claims per event from ``rows`` (event, report, file, article fields) and ``reports``
    (report -> its sentences as (index, text, start, end) and its figure claims)."""
    rows = sorted(rows, key=lambda x: (x[0], x[2], x[1]))
    sources: dict[str, list] = defaultdict(list)
    for e, rep, f, a in rows:
        meta = {"file": f, "url": a["url"], "title": a["title"], "published": a["issued"], "outlet": a["outlet"],
                "report": rep}
        spans = {x for x in reports.get(rep, {}).get("sentences", ()) if x[1] is not None}
        for _, text, start, end in sorted(spans) or [(-1, None, None, None)]:
            src = {**meta, "sentence": text, "start": start, "end": end}
            if src not in sources[e]:
                sources[e].append(src)
    for e in sources:
        sources[e].sort(key=lambda x: (x["file"] or "",))
    _ensure_labels(store, names, {c["who"] for d in reports.values() for c in d["claims"] if c["who"]})
    rep_file = {rep: f for e, rep, f, a in rows}
    rep_events: dict[str, list[str]] = defaultdict(list)
    for e, rep, f, a in rows:
        if e not in rep_events[rep]:
            rep_events[rep].append(e)
    claims: dict[str, list] = defaultdict(list)
    for rep, c in sorted(((rep, c) for rep, d in reports.items() for c in d["claims"]), key=lambda x: x[1]["id"]):
        for e in rep_events.get(rep, ()):
            claims[e].append({
                "property": c["property"], "value": c["value"], "low": c["low"], "high": c["high"],
                "qualifier": c["qualifier"], "by": (names.get(c["who"]) if c["who"] else None) or c["whoLabel"],
                "by_label": c["whoLabel"], "source": rep_file[rep], "sentence": c["sentence"]})
    return sources, claims


def _quad_reports(store: Store, scope: list[str]) -> tuple[list[tuple], dict[str, dict]]:
    """The events of ``scope`` read from their reports' quads (reports without a kg:digest), in the
    shapes ``_assemble_sources`` takes: (event, report, file, article fields) rows and per report its
    sentences and figure claims.

    The report, its article, its sentences and its claims sit in one article graph: each query joins
    them inside ``GRAPH ?g``, so every step after the first is a lookup within that graph."""
    R = f"GRAPH <{RESOLVED_GRAPH}>"
    art = {"url": KG.url, "title": DCTERMS.title, "issued": DCTERMS.issued, "outlet": KG.outlet}
    template = ("SELECT ?e_i ?rep ?file %s WHERE { %%(SCOPE)s %s { ?e <%s> ?rep } GRAPH ?g { ?rep <%s> ?a . ?a <%s> ?file } %s }"
                % (" ".join(f"?{v}" for v in art), R, KG.report, PROV.wasDerivedFrom, KG.file,
                   " ".join(_opt("GRAPH ?g", "a", p, v) for v, p in art.items())))
    rows: list[tuple] = []                     # (event, report, file, article fields)
    seen: set[tuple] = set()
    for e, r in _indexed(store, template, scope, "e"):
        key = (e, r["rep"].value, r["file"].value)
        if key in seen:
            continue
        seen.add(key)
        rows.append((*key, {k: r[k].value if k in r else None for k in art}))
    reports: dict[str, dict] = {rep: {"sentences": [], "claims": []} for rep in sorted({x[1] for x in rows})}
    for rep, r in _indexed(store, "SELECT ?r_i ?idx ?text ?start ?end WHERE { %%(SCOPE)s GRAPH ?g { ?r <%s> ?s . "
                                  "?s <%s> ?text ; <%s> ?start ; <%s> ?end ; <%s> ?idx } }"
                           % (KG.sentence, KG.text, KG.start, KG.end, KG.index), list(reports), "r"):
        reports[rep]["sentences"].append((int(r["idx"].value), r["text"].value, int(r["start"].value),
                                          int(r["end"].value)))
    cp = {"value": KG.value, "low": KG.low, "high": KG.high, "qual": KG.qualifier, "who": KG.claimant,
          "whoLabel": KG.claimantLabel}
    found: dict[tuple[str, str], dict] = {}
    template = ("SELECT ?r_i ?c ?fig %s ?stext WHERE { %%(SCOPE)s GRAPH ?g { ?r <%s> ?c . ?c <%s> ?fig } %s "
                "OPTIONAL { GRAPH ?g { ?c <%s> ?cs . ?cs <%s> ?stext } } }"
                % (" ".join(f"?{v}" for v in cp), KG.hasClaim, KG.figure,
                   " ".join(_opt("GRAPH ?g", "c", p, v) for v, p in cp.items()), KG.sentence, KG.text))
    for rep, r in _indexed(store, template, list(reports), "r"):
        d = found.setdefault((rep, r["c"].value), {})
        for k, v in r.items():
            if k != "r_i":
                d.setdefault(k, v)
    for (rep, c), d in found.items():
        num = lambda k: int(d[k].value) if k in d else None  # noqa: E731
        reports[rep]["claims"].append({
            "id": c, "property": _FIG.get(d["fig"].value), "value": num("value"), "low": num("low"),
            "high": num("high"), "qualifier": _v(d, "qual"), "who": _v(d, "who"), "whoLabel": _v(d, "whoLabel"),
            "sentence": _v(d, "stext")})
    return rows, reports


_SCOPE_CHUNK = 400     # Oxigraph joins a long VALUES list more than linearly: ask in chunks


def _select_scoped(store: Store, template: str, scope: list[str] | None, var: str = "e") -> list:
    """Run ``template`` (with ``%(SCOPE)s`` where the VALUES block goes) over all, or over ``scope``."""
    if scope is None:
        return _select(store, template % {"SCOPE": ""})
    rows: list = []
    for i in range(0, len(scope), _SCOPE_CHUNK):
        values = "VALUES ?%s { %s }" % (var, " ".join(f"<{e}>" for e in scope[i:i + _SCOPE_CHUNK]))
        rows += _select(store, template % {"SCOPE": values})
    return rows


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
    (An actor's few events go through :func:`_scoped_sources` instead.)"""
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
    """The IRI of the actor with this name or alias; InputError otherwise. A label written exactly as
    given wins; else labels are compared case- and accent-insensitively."""
    from kg.extract.fold import fold_key

    from kg.store import sparql_term

    def labelled(labels) -> set[str]:       # the actors with one of these labels, each looked up by value
        return {r["a"].value for r in _select(store, "SELECT DISTINCT ?a WHERE { VALUES ?l { %s } ?a ?lp ?l "
                                                     "FILTER(?lp = <%s> || ?lp = <%s>) ?a a <%s> }"
                                              % (" ".join(sparql_term(t) for t in labels), SKOS.prefLabel,
                                                 SKOS.altLabel, KG.Actor))}

    # a label written exactly as given: no label scan in the common case
    exact = labelled([Literal(name), Literal(name, language="en")])
    if exact:
        return sorted(exact)[0]
    want = fold_key(name)
    # then the labels alone (no actor IRI to read for each of ~3,000 labels), then the actors of the
    # labels that match, looked up by label
    # folding never lengthens a label (it drops apostrophes and dots, collapses spaces), so a label
    # shorter than the folded name cannot fold to it and is not folded
    found = [r["l"] for r in _select(store, "SELECT DISTINCT ?l WHERE { ?a a <%s> . { ?a <%s> ?l } UNION { ?a <%s> ?l } }"
                                    % (KG.Actor, SKOS.prefLabel, SKOS.altLabel))
             if len(r["l"].value) >= len(want) and fold_key(r["l"].value) == want]
    if found:
        hits = labelled(found)
        if hits:
            return sorted(hits)[0]
    rows = _select(store, "SELECT ?a ?l WHERE { ?a a <%s> . { ?a <%s> ?l } UNION { ?a <%s> ?l } }"
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
    if only:
        names = {} if names is None else names
    else:
        names = labels(store) if names is None else names
    scope = [only] if only else None
    # the OPTIONAL in a GRAPH block of its own: inside the block of the required pattern Oxigraph read
    # the wikidata ids of the whole graph (11 ms at 1M events for one actor)
    rows = _select_scoped(store, """SELECT ?a ?kind ?wd WHERE { %%(SCOPE)s GRAPH <%s> { ?a a ?kind FILTER(?kind IN (%s)) }
        OPTIONAL { GRAPH <%s> { ?a <%s> ?wd } } }""" % (REFERENCE_GRAPH, ", ".join(f"<{k}>" for k in _KIND),
                                                      REFERENCE_GRAPH, KG.wikidata), scope, "a")
    alts = defaultdict(list)
    for r in _select_scoped(store, "SELECT ?a ?l WHERE { %%(SCOPE)s ?a a <%s> ; <%s> ?l }" % (KG.Actor, SKOS.altLabel),
                            scope, "a"):
        alts[r["a"].value].append(r["l"].value)
    parent_rows = _select_scoped(store, "SELECT ?a ?p WHERE { %%(SCOPE)s GRAPH <%s> { ?a <%s> ?p } }"
                                 % (REFERENCE_GRAPH, KG.partOf), scope, "a")
    if only:
        _ensure_labels(store, names, {only} | {r["p"].value for r in parent_rows})
    parents = defaultdict(set)
    for r in parent_rows:
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
    if actor_iris is not None:
        names = {} if names is None else names
        rows = _scoped_relation_rows(store, actor_iris)
    else:
        names = labels(store) if names is None else names
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
    ref_rows: list = []
    if include_reference:
        ref_rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH <%s> { ?s ?p ?o FILTER(?p IN (%s)) } }"
                                % (REFERENCE_GRAPH, ", ".join(f"<{p}>" for p in _REL))) if actor_iris is None else \
            _scoped_reference_relations(store, actor_iris)
    if actor_iris is not None:
        _ensure_labels(store, names, {r[k].value for r in (*rows, *ref_rows) for k in ("s", "o")})
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
        for r in ref_rows:
            s, p, o = r["s"].value, _REL[r["p"].value], r["o"].value
            if actor_iris is not None and s not in actor_iris and o not in actor_iris:
                continue
            grouped.setdefault((s, p, o), {"s": names.get(s, s), "p": p, "o": names.get(o, o), "s_id": s, "o_id": o,
                                           "since": None, "until": None, "sources": [], "reference": True})
    return sorted(grouped.values(), key=lambda x: (x["s"].casefold(), x["p"], x["o"].casefold()))


def _scoped_relation_rows(store: Store, actor_iris: set[str]) -> list[dict]:
    """The rows of the relations query for statements about ``actor_iris``: the statements found through
    the object index first, then their parts, article and sentence looked up in the statement's graph."""
    values = " ".join(f"<{a}>" for a in sorted(actor_iris))
    st_keys = sorted({r["st"].value for r in _select(store,
        "SELECT DISTINCT ?st WHERE { VALUES ?x { %s } { ?st <%s> ?x } UNION { ?st <%s> ?x } }"
        % (values, KG.relSubject, KG.relObject))})
    art = {"url": KG.url, "title": DCTERMS.title, "pub": DCTERMS.issued}
    template = ("SELECT ?st_i ?s ?p ?o ?since ?until ?file %s ?text WHERE { %%(SCOPE)s "
                "GRAPH ?g { ?st a <%s> ; <%s> ?s ; <%s> ?p ; <%s> ?o ; <%s> ?a . ?a <%s> ?file } %s %s %s "
                "OPTIONAL { GRAPH ?g { ?st <%s> ?sn . ?sn <%s> ?text } } }"
                % (" ".join(f"?{v}" for v in art), KG.RelationStatement, KG.relSubject,
                   KG.relPredicate, KG.relObject, PROV.wasDerivedFrom, KG.file,
                   " ".join(_opt("GRAPH ?g", "a", p, v) for v, p in art.items()),
                   _opt("GRAPH ?g", "st", KG.since, "since"), _opt("GRAPH ?g", "st", KG.until, "until"),
                   KG.sentence, KG.text))
    rows: dict[str, dict] = {}
    for st, r in _indexed(store, template, st_keys, "st"):
        d = rows.setdefault(st, {"st": NamedNode(st)})
        for k, v in r.items():
            if k != "st_i":
                d.setdefault(k, v)
    return list(rows.values())


def _scoped_reference_relations(store: Store, actor_iris: set[str]) -> list[dict]:
    """Relations of the reference graph with one of ``actor_iris`` at either end."""
    out = []
    for x, r in _indexed(store, "SELECT ?x_i ?p ?o ?s WHERE { %%(SCOPE)s GRAPH <%s> { { ?x ?p ?o } UNION { ?s ?p ?x } } "
                                "FILTER(?p IN (%s)) }" % (REFERENCE_GRAPH, ", ".join(f"<{p}>" for p in _REL)),
                         sorted(actor_iris), "x"):
        node = NamedNode(x)
        out.append({"s": r.get("s", node), "p": r["p"], "o": r.get("o", node)})
    return out


def actor_history(store: Store, name: str, *, since: str | None = None, until: str | None = None,
                  subgroups: bool = True, latest: int | None = None, counted: dict | None = None) -> dict:
    """``kg actor NAME --json``: the actor, its events (by date) and its relations.

    ``latest``: only that many events, the latest (``kg actor`` shows 1000 unless told otherwise);
    ``counted["events"]`` is then set to the number of events there are."""
    iri = find_actor(store, name)
    family = actor_family(store, iri) if subgroups else {iri}
    names: dict[str, str] = {}         # only the labels the history shows are read
    _ensure_labels(store, names, family)
    record = next(iter(actors(store, only=iri, names=names)), {"id": iri, "name": name})
    evs = events(store, actor=iri, subgroups=subgroups, since=since, until=until, names=names, latest=latest,
                 counted=counted)
    inv = {v: k for k, v in names.items() if "/actor/" in k}
    mine = []
    for ev in evs:
        perp = set(ev["perpetrator_ids"]) & family
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

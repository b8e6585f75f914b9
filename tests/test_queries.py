"""The query library over a tiny hand-made graph in ontology/LAYOUT.md's layout."""
from __future__ import annotations

import re

import math

import pyoxigraph as ox
import pytest

from kg import summary
from kg.errors import InputError, UsageError
from kg.queries import list_queries, load_query, parse_header, resolve_query, run_query
from kg.store import open_store
from kg.vocab import BASE, PREFIXES

KG = PREFIXES["kg"]
SKOS = PREFIXES["skos"]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
GEO = PREFIXES["geo"]
XSD = PREFIXES["xsd"]
REFERENCE = ox.NamedNode(BASE + "graph/reference")
RESOLVED = ox.NamedNode(BASE + "graph/resolved")


def kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG + local)


def iid(local: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + "id/" + local)


def typed(value: object, dtype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + dtype))


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


MAIDUGURI = (11.8333, 13.15)
MONGUNO = (12.6744, 13.6078)
BAGA = (13.1167, 13.85)
DIFFA = (13.3154, 12.6113)
MOPTI = (14.4843, -4.1827)


def tiny_graph() -> list[ox.Quad]:
    """A small but realistic kg graph: reference actors and places, six canonical events, their
    reports in article graphs with figure claims that disagree, and relations between groups."""
    quads: list[ox.Quad] = []

    def add(s, p, o, g):
        quads.append(ox.Quad(s, p, o, g))

    # --- reference: actors (3-level part-of chain IS > ISWAP > Lake Chad faction), states, backers
    actors = {
        "islamic-state": ("ArmedGroup", "Islamic State", ["ISIS", "Daesh"], None),
        "iswap": ("ArmedGroup", "Islamic State West Africa Province", ["ISWAP"], "islamic-state"),
        "iswap-lake-chad": ("ArmedGroup", "ISWAP Lake Chad faction", [], "iswap"),
        "jnim": ("ArmedGroup", "Jama'at Nusrat al-Islam wal-Muslimin", ["JNIM"], None),
        "nigeria": ("State", "Nigeria", [], None),
        "nigerian-army": ("StateForce", "Nigerian Army", [], "nigeria"),
        "backistan": ("State", "Backistan", [], None),
        "smuggling-network": ("Organization", "Lake smuggling network", [], None),
    }
    for key, (kind, label, aliases, parent) in actors.items():
        a = iid(f"actor/{key}")
        add(a, RDF_TYPE, kg(kind), REFERENCE)
        add(a, ox.NamedNode(SKOS + "prefLabel"), en(label), REFERENCE)
        for alias in aliases:
            add(a, ox.NamedNode(SKOS + "altLabel"), ox.Literal(alias), REFERENCE)
        if parent:
            add(a, kg("partOf"), iid(f"actor/{parent}"), REFERENCE)
    add(iid("actor/nigerian-army"), kg("fights"), iid("actor/iswap"), REFERENCE)
    add(iid("actor/backistan"), kg("backs"), iid("actor/iswap"), REFERENCE)

    # --- reference: places
    places = {
        "country-ng": ("Country", "Nigeria", (9.082, 8.6753)),
        "maiduguri": ("Locality", "Maiduguri", MAIDUGURI),
        "monguno": ("Locality", "Monguno", MONGUNO),
        "baga": ("Locality", "Baga", BAGA),
        "diffa": ("Locality", "Diffa", DIFFA),
        "mopti": ("Locality", "Mopti", MOPTI),
    }
    for key, (kind, label, (lat, lon)) in places.items():
        p = iid(f"place/{key}")
        add(p, RDF_TYPE, kg("Place"), REFERENCE)
        add(p, RDF_TYPE, kg(kind), REFERENCE)
        add(p, ox.NamedNode(SKOS + "prefLabel"), en(label), REFERENCE)
        add(p, ox.NamedNode(GEO + "lat"), typed(lat, "decimal"), REFERENCE)
        add(p, ox.NamedNode(GEO + "long"), typed(lon, "decimal"), REFERENCE)

    # --- articles, reports, claims
    def article(aid: str, day: str) -> ox.NamedNode:
        g = ox.NamedNode(BASE + f"graph/article/{aid}")
        art = iid(f"article/{aid}")
        add(art, RDF_TYPE, kg("Article"), g)
        add(art, ox.NamedNode(PREFIXES["dcterms"] + "issued"), typed(day, "date"), g)
        return g

    def report(aid: str, n: int, g: ox.NamedNode, killed: int | None, claims=()) -> ox.NamedNode:
        r = iid(f"report/{aid}-{n}")
        add(r, RDF_TYPE, kg("EventReport"), g)
        add(r, PROV_DERIVED, iid(f"article/{aid}"), g)
        if killed is not None:
            add(r, kg("killed"), typed(killed, "integer"), g)
        for m, (value, who) in enumerate(claims):
            c = iid(f"claim/{aid}-{n}-{m}")
            add(r, kg("hasClaim"), c, g)
            add(c, RDF_TYPE, kg("FigureClaim"), g)
            add(c, kg("figure"), kg("killed"), g)
            add(c, kg("value"), typed(value, "integer"), g)
            add(c, kg("claimantLabel"), ox.Literal(who), g)
        return r

    ga = article("a1", "2023-03-06")
    gb = article("b2", "2023-03-07")
    gc = article("c3", "2023-06-11")
    gd = article("d4", "2024-01-21")
    ge = article("e5", "2024-02-03")
    gf = article("f6", "2024-05-20")
    gh = article("h7", "2022-11-12")
    # an article also states the backing (a second source for it), with a dated statement
    add(iid("actor/backistan"), kg("backs"), iid("actor/iswap"), gb)
    st = iid("statement/b2-1")
    add(st, RDF_TYPE, kg("RelationStatement"), gb)
    add(st, kg("relSubject"), iid("actor/backistan"), gb)
    add(st, kg("relPredicate"), kg("backs"), gb)
    add(st, kg("relObject"), iid("actor/iswap"), gb)
    add(st, kg("since"), typed("2019-01-01", "date"), gb)
    add(iid("actor/smuggling-network"), kg("backs"), iid("actor/iswap-lake-chad"), gc)

    r1 = report("a1", 1, ga, 10)
    r2 = report("b2", 1, gb, 15, [(15, "local officials"), (10, "the army")])
    r3 = report("c3", 1, gc, 5)
    r4 = report("c3", 2, gc, 5)
    r5 = report("d4", 1, gd, 20, [(20, "police"), (30, "residents")])
    r6 = report("e5", 1, ge, 7)
    r7 = report("f6", 1, gf, 3)
    r8 = report("h7", 1, gh, None)

    # --- resolved: six canonical events
    def event(slug, label, day, etype, place, perps, targets, killed, reports, *, claimed=None,
              month=False, disputed=False):
        e = iid(f"event/{slug}")
        add(e, RDF_TYPE, kg("Event"), RESOLVED)
        add(e, RDFS_LABEL, ox.Literal(label), RESOLVED)
        add(e, kg("eventType"), kg(etype), RESOLVED)
        if month:
            add(e, kg("date"), typed(day, "gYearMonth"), RESOLVED)
            add(e, kg("datePrecision"), kg("Month"), RESOLVED)
            add(e, kg("dateStart"), typed(day + "-01", "date"), RESOLVED)
            add(e, kg("dateEnd"), typed(day + "-31", "date"), RESOLVED)
        else:
            add(e, kg("date"), typed(day, "date"), RESOLVED)
            add(e, kg("datePrecision"), kg("Day"), RESOLVED)
            add(e, kg("dateStart"), typed(day, "date"), RESOLVED)
            add(e, kg("dateEnd"), typed(day, "date"), RESOLVED)
        add(e, kg("place"), iid(f"place/{place}"), RESOLVED)
        for a in perps:
            add(e, kg("perpetrator"), iid(f"actor/{a}"), RESOLVED)
        for a in targets:
            add(e, kg("target"), iid(f"actor/{a}"), RESOLVED)
        if claimed:
            add(e, kg("claimedBy"), iid(f"actor/{claimed}"), RESOLVED)
            add(e, kg("responsibility"), kg("Claimed"), RESOLVED)
        if killed is not None:
            add(e, kg("killed"), typed(killed, "integer"), RESOLVED)
        add(e, kg("role"), ox.Literal("main"), RESOLVED)
        for r in reports:
            add(e, kg("report"), r, RESOLVED)
        if disputed:
            add(e, kg("disputed"), typed("true", "boolean"), RESOLVED)

    event("monguno-attack-2023-03-05", "Attack on army base in Monguno", "2023-03-05", "Attack", "monguno",
          ["iswap-lake-chad"], ["nigerian-army"], 10, [r1, r2], disputed=True)
    event("baga-ambush-2023-06-10", "Ambush near Baga", "2023-06-10", "Ambush", "baga",
          ["iswap"], [], 5, [r3, r4])
    # its claims disagree (police 20, residents 30): kg's resolution marks such an event kg:disputed
    event("maiduguri-bombing-2024-01-20", "Market bombing in Maiduguri", "2024-01-20", "Bombing", "maiduguri",
          ["islamic-state"], [], 20, [r5], disputed=True)
    event("diffa-raid-2024-02-02", "Army raid near Diffa", "2024-02-02", "Raid", "diffa",
          ["nigerian-army"], ["iswap"], 7, [r6])
    event("mopti-attack-2024-05", "Attack in Mopti region", "2024-05", "Attack", "mopti",
          ["jnim"], [], 3, [r7], month=True)
    event("maiduguri-abduction-2022-11-11", "Abduction of aid workers in Maiduguri", "2022-11-11", "Abduction",
          "maiduguri", ["iswap"], [], None, [r8], claimed="iswap")
    return quads


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    s.apply(insert=tiny_graph())
    summary.rebuild(s)        # the tallies every write keeps (tiny_graph is written by hand)
    yield s
    s.close()


def ev(slug: str) -> ox.NamedNode:
    return iid(f"event/{slug}")


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(math.radians(x) for x in p) for p in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------------------------------------
# the library itself
# ---------------------------------------------------------------------------------------------


def test_library_lists_every_query_with_a_header():
    names = {q.name for q in list_queries()}
    assert names >= {"actor-history", "deaths-by-group-year", "group-backers", "events-near",
                     "disputed-events", "two-hops", "actors", "events"}
    for q in list_queries():
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name
        assert q.form == "SELECT", q.name
        for p in q.params:
            assert p.description and p.type in ("actor", "place", "iri", "string", "date", "number", "limit", "offset")


def test_params_are_parsed():
    info = load_query("events-near")
    assert [(p.name, p.type, p.default) for p in info.params] == [("place", "place", None), ("km", "number", "50")]
    info = parse_header("# title: T\n# param: x - the x (type: iri, default: none)\nSELECT * {}")
    assert info.title == "T" and info.params[0].type == "iri" and not info.params[0].required


def test_sub_groups_are_computed_before_events():
    # the transitive path must stay out of the event pattern (speed): it binds the groups on its own,
    # never chained to an event property ("kg:perpetrator/kg:partOf*" reads every event of the store)
    for name in ("actor-history", "group-backers"):
        text = load_query(name).text
        path_line = next(line for line in text.splitlines() if "kg:partOf*" in line)
        assert re.search(r"\?\w+ kg:partOf\* \?actor", path_line), name
        assert not re.search(r"kg:(?:perpetrator|target|claimedBy)\s*/", text), name


def test_unknown_query_and_params(store):
    with pytest.raises(UsageError, match="no query named"):
        load_query("nope")
    with pytest.raises(UsageError, match="unknown parameter"):
        run_query(store, "actors", {"x": "1"})
    with pytest.raises(UsageError, match="required"):
        run_query(store, "actor-history", {})
    with pytest.raises(InputError, match="no actor named"):
        run_query(store, "actor-history", {"actor": "Nobody at all"})
    with pytest.raises(UsageError, match="not a number"):
        run_query(store, "events-near", {"place": "Maiduguri", "km": "ten"})
    with pytest.raises(UsageError, match="not a date"):
        run_query(store, "events", {"from": "2024-13-01"})


def test_run_text_and_file(store, tmp_path):
    rows = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a <%sEvent> }" % KG)
    assert int(rows[0]["n"].value) == 6
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# param: name — a label (type: string)\n"
                    "SELECT ?a WHERE { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?name }\n")
    assert resolve_query(str(path)).title == "Mine"
    assert run_query(store, str(path), {"name": "ISWAP"}) == [{"a": iid("actor/iswap")}]
    assert run_query(store, path, {"name": "nothing"}) == []


# ---------------------------------------------------------------------------------------------
# each query's answer
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ISWAP", "iswap", "Islamic State West Africa Province",
                                  "ISLAMIC STATE WEST AFRICA PROVINCE", "id:actor/iswap",
                                  BASE + "id/actor/iswap"])
def test_actor_history_resolves_names_aliases_keys(store, name):
    rows = run_query(store, "actor-history", {"actor": name})
    got = [(r["event"], r["role"].value) for r in rows]
    assert got == [
        (ev("maiduguri-abduction-2022-11-11"), "claimed responsibility"),
        (ev("maiduguri-abduction-2022-11-11"), "perpetrator"),
        (ev("monguno-attack-2023-03-05"), "perpetrator"),  # by the Lake Chad faction, a sub-group
        (ev("baga-ambush-2023-06-10"), "perpetrator"),
        (ev("diffa-raid-2024-02-02"), "target"),
    ]
    monguno = rows[2]
    assert monguno["group"] == iid("actor/iswap-lake-chad")
    assert monguno["groupLabel"].value == "ISWAP Lake Chad faction"
    assert monguno["placeLabel"].value == "Monguno" and monguno["killed"].value == "10"


def test_actor_history_of_the_top_group_covers_the_whole_chain(store):
    rows = run_query(store, "actor-history", {"actor": "daesh"})
    events = {r["event"] for r in rows}
    assert ev("maiduguri-bombing-2024-01-20") in events and ev("monguno-attack-2023-03-05") in events
    assert ev("mopti-attack-2024-05") not in events
    # the leaf group only sees its own event
    rows = run_query(store, "actor-history", {"actor": "ISWAP Lake Chad faction"})
    assert [r["event"] for r in rows] == [ev("monguno-attack-2023-03-05")]


def test_deaths_by_group_year(store):
    rows = run_query(store, "deaths-by-group-year")
    got = {(r["group"].value.rsplit("/", 1)[1], int(r["year"].value)): (int(r["deaths"].value), int(r["events"].value))
           for r in rows}
    assert got == {
        ("iswap-lake-chad", 2023): (10, 1),
        ("iswap", 2022): (0, 1),
        ("iswap", 2023): (5, 1),
        ("islamic-state", 2024): (20, 1),
        ("nigerian-army", 2024): (7, 1),
        ("jnim", 2024): (3, 1),
    }
    assert all("groupLabel" in r for r in rows)


def test_group_backers(store):
    rows = run_query(store, "group-backers", {"actor": "ISWAP"})
    got = {(r["backer"], r["backed"]): int(r["sources"].value) for r in rows}
    assert got == {
        (iid("actor/backistan"), iid("actor/iswap")): 2,
        (iid("actor/smuggling-network"), iid("actor/iswap-lake-chad")): 1,
    }
    first = rows[0]
    assert first["backer"] == iid("actor/backistan") and first["since"].value == "2019-01-01"
    assert first["backerLabel"].value == "Backistan"
    assert run_query(store, "group-backers", {"actor": "JNIM"}) == []


def test_events_near(store):
    rows = run_query(store, "events-near", {"place": "Maiduguri"})  # default 50 km
    assert {r["event"] for r in rows} == {ev("maiduguri-bombing-2024-01-20"), ev("maiduguri-abduction-2022-11-11")}
    assert all(float(r["distanceKm"].value) == 0 for r in rows)
    rows = run_query(store, "events-near", {"place": "maiduguri", "km": "120"})
    assert [r["event"] for r in rows][-1] == ev("monguno-attack-2023-03-05")
    assert len(rows) == 3
    approx = float(rows[-1]["distanceKm"].value)
    assert approx == pytest.approx(haversine(MAIDUGURI, MONGUNO), rel=0.005)
    rows = run_query(store, "events-near", {"place": "Maiduguri", "km": "200.5"})
    assert len(rows) == 5  # + Baga (~162 km) and Diffa (~175 km), not Mopti
    for r in rows:
        where = {"monguno": MONGUNO, "baga": BAGA, "diffa": DIFFA, "maiduguri": MAIDUGURI}[
            r["eventPlace"].value.rsplit("/", 1)[1]]
        assert float(r["distanceKm"].value) == pytest.approx(haversine(MAIDUGURI, where), rel=0.005, abs=0.1)
    distances = [float(r["distanceKm"].value) for r in rows]
    assert distances == sorted(distances)


def test_disputed_events(store):
    rows = run_query(store, "disputed-events")
    got = {r["event"]: (int(r["lowest"].value), int(r["highest"].value)) for r in rows}
    assert got == {ev("monguno-attack-2023-03-05"): (10, 15), ev("maiduguri-bombing-2024-01-20"): (20, 30)}
    bombing = next(r for r in rows if r["event"] == ev("maiduguri-bombing-2024-01-20"))
    assert "30 (residents)" in bombing["claims"].value and "20 (police)" in bombing["claims"].value


def test_two_hops(store):
    rows = run_query(store, "two-hops", {"actor": "ISWAP Lake Chad faction"})
    others = {r["other"] for r in rows}
    assert others == {iid("actor/islamic-state"), iid("actor/backistan"), iid("actor/nigerian-army")}
    assert all(r["via"] == iid("actor/iswap") for r in rows)
    army = next(r for r in rows if r["other"] == iid("actor/nigerian-army"))
    assert (army["rel1"], army["dir1"].value, army["rel2"], army["dir2"].value) == (
        kg("partOf"), "out", kg("fights"), "in")


def test_actors(store):
    rows = run_query(store, "actors")
    by = {r["actor"].value.rsplit("/", 1)[1]: r for r in rows}
    assert len(by) == 8
    assert int(by["iswap"]["events"].value) == 3
    assert int(by["nigerian-army"]["events"].value) == 2
    assert int(by["backistan"]["events"].value) == 0
    assert by["iswap"]["partOf"] == iid("actor/islamic-state")
    assert by["iswap"]["kind"] == kg("ArmedGroup") and by["nigeria"]["kind"] == kg("State")
    assert rows[0]["actor"] == iid("actor/iswap")  # most events first


def test_events(store):
    rows = run_query(store, "events")
    assert [r["event"] for r in rows] == [
        ev("maiduguri-abduction-2022-11-11"),
        ev("monguno-attack-2023-03-05"),
        ev("baga-ambush-2023-06-10"),
        ev("maiduguri-bombing-2024-01-20"),
        ev("diffa-raid-2024-02-02"),
        ev("mopti-attack-2024-05"),
    ]
    monguno = rows[1]
    assert monguno["perpetrators"].value == "ISWAP Lake Chad faction"
    assert monguno["targets"].value == "Nigerian Army"
    assert int(monguno["reports"].value) == 2 and monguno["placeLabel"].value == "Monguno"
    rows = run_query(store, "events", {"from": "2024-01-01"})
    assert [r["event"] for r in rows] == [ev("maiduguri-bombing-2024-01-20"), ev("diffa-raid-2024-02-02"),
                                          ev("mopti-attack-2024-05")]
    rows = run_query(store, "events", {"from": "2023-01-01", "to": "2023-12-31"})
    assert len(rows) == 2
    rows = run_query(store, "events", {"from": "2024-05-15", "to": "2024-05-15"})
    assert [r["event"] for r in rows] == [ev("mopti-attack-2024-05")]  # a month-precision event overlaps


# ---------------------------------------------------------------------------------------------
# the same answers from every backend
# ---------------------------------------------------------------------------------------------


def test_queries_agree_across_backends(backend_store, store):
    backend_store.apply(insert=tiny_graph())
    summary.rebuild(backend_store)
    cases = [
        ("actor-history", {"actor": "ISWAP"}),
        ("deaths-by-group-year", {}),
        ("group-backers", {"actor": "ISWAP"}),
        ("events-near", {"place": "Maiduguri", "km": "120"}),
        ("disputed-events", {}),
        ("two-hops", {"actor": "ISWAP Lake Chad faction"}),
        ("actors", {}),
        ("events", {"from": "2024-01-01"}),
    ]
    for name, params in cases:
        expected = run_query(store, name, params)
        got = run_query(backend_store, name, params)
        assert len(got) == len(expected), name
        def key(row):  # GROUP_CONCAT has no order: compare its parts as sets
            return sorted((k, "; ".join(sorted(v.value.split("; "))) if k in ("claims", "perpetrators", "targets")
                           else str(v)) for k, v in row.items())
        assert sorted(map(key, got)) == sorted(map(key, expected)), name


# ---------------------------------------------------------------------------------------------
# limit parameters (the number of LIMIT clauses, not a bound variable)
# ---------------------------------------------------------------------------------------------

ALL_EVENTS = ["maiduguri-abduction-2022-11-11", "monguno-attack-2023-03-05", "baga-ambush-2023-06-10",
              "maiduguri-bombing-2024-01-20", "diffa-raid-2024-02-02", "mopti-attack-2024-05"]


def test_limit_params_are_declared():
    for name in ("events", "disputed-events"):
        (limit,) = [p for p in load_query(name).params if p.name == "limit"]
        assert limit.type == "limit" and limit.default == "1000" and not limit.required
        assert re.search(r"\bLIMIT 1000\b", load_query(name).text), name


def test_apply_paging_sets_every_clause_and_nothing_else():
    from kg.queries import apply_paging

    text = ('SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p "LIMIT 5" } ORDER BY ?x LIMIT 10 } # LIMIT 10\n'
            '  ?x <http://example.org/LIMIT> ?y } LIMIT  10 OFFSET 3')
    out = apply_paging(text, "LIMIT", 2)
    assert out.count("LIMIT 2") == 2 and '"LIMIT 5"' in out and "# LIMIT 10" in out and "/LIMIT>" in out
    assert "OFFSET 3" in out
    gone = apply_paging(text, "LIMIT", None)
    assert "LIMIT 10 }" not in gone and "LIMIT  10" not in gone and '"LIMIT 5"' in gone
    assert apply_paging(text, "OFFSET", 0).endswith("OFFSET 0")


def test_events_limit(store):
    rows = run_query(store, "events", {"limit": "2"})
    assert [r["event"] for r in rows] == [ev(s) for s in ALL_EVENTS[:2]]
    rows = run_query(store, "events", {"limit": "all"})
    assert [r["event"] for r in rows] == [ev(s) for s in ALL_EVENTS]
    assert run_query(store, "events", {"limit": "0"}) == []
    # the page is the first events of the period, with their properties
    rows = run_query(store, "events", {"from": "2023-06-01", "limit": "2"})
    assert [r["event"] for r in rows] == [ev(s) for s in ALL_EVENTS[2:4]]
    assert rows[1]["perpetrators"].value == "Islamic State" and int(rows[1]["killed"].value) == 20
    for bad in ("-1", "ten", "1.5", "1e3"):
        with pytest.raises(UsageError, match="not a whole number"):
            run_query(store, "events", {"limit": bad})


def test_events_limit_keeps_ties_in_order():
    # more events on one day than the limit: the page is cut by IRI within the day
    quads = [q for q in tiny_graph()]
    day = "2023-03-05"
    for i in range(5):
        e = iid(f"event/same-day-{i}")
        quads += [ox.Quad(e, RDF_TYPE, kg("Event"), RESOLVED),
                  ox.Quad(e, kg("date"), typed(day, "date"), RESOLVED),
                  ox.Quad(e, kg("dateStart"), typed(day, "date"), RESOLVED),
                  ox.Quad(e, kg("dateEnd"), typed(day, "date"), RESOLVED)]
    s = open_store("memory")
    s.apply(insert=quads)
    try:
        full = [r["event"] for r in run_query(s, "events", {"limit": "all"})]
        assert len(full) == 11
        for n in (1, 2, 3, 4, 6, 7, 10, 11, 12):
            assert [r["event"] for r in run_query(s, "events", {"limit": str(n)})] == full[:n], n
        after = [r["event"] for r in run_query(s, "events", {"from": day, "limit": "all"})]
        assert [r["event"] for r in run_query(s, "events", {"from": day, "limit": "3"})] == after[:3]
    finally:
        s.close()


def test_events_month_and_year_precision_overlap_with_limit():
    # a year-precision event (2023-01-01..2023-12-31) overlaps a period in December and is listed first
    quads = [q for q in tiny_graph()]
    e = iid("event/year-2023")
    quads += [ox.Quad(e, RDF_TYPE, kg("Event"), RESOLVED),
              ox.Quad(e, kg("date"), typed("2023", "gYear"), RESOLVED),
              ox.Quad(e, kg("dateStart"), typed("2023-01-01", "date"), RESOLVED),
              ox.Quad(e, kg("dateEnd"), typed("2023-12-31", "date"), RESOLVED)]
    s = open_store("memory")
    s.apply(insert=quads)
    summary.rebuild(s)        # the year's span (graph/summary), which the writer would keep
    try:
        rows = run_query(s, "events", {"from": "2023-12-01", "to": "2024-01-31"})
        assert [r["event"] for r in rows] == [e, ev("maiduguri-bombing-2024-01-20")]
        rows = run_query(s, "events", {"from": "2023-12-01", "limit": "1"})
        assert [r["event"] for r in rows] == [e]
        rows = run_query(s, "events", {"from": "2024-01-01", "to": "2024-01-31"})
        assert [r["event"] for r in rows] == [ev("maiduguri-bombing-2024-01-20")]
        # without its span the query does not see that the year still runs in December (what graph/summary is for)
        s.apply(delete=[q for q in s.quads() if q.predicate == kg("spanEnd")])
        rows = run_query(s, "events", {"from": "2023-12-01", "to": "2024-01-31"})
        assert [r["event"] for r in rows] == [ev("maiduguri-bombing-2024-01-20")]
    finally:
        s.close()


def test_disputed_events_limit(store):
    rows = run_query(store, "disputed-events", {"limit": "1"})
    assert [r["event"] for r in rows] == [ev("monguno-attack-2023-03-05")]
    assert (int(rows[0]["lowest"].value), int(rows[0]["highest"].value)) == (10, 15)
    rows = run_query(store, "disputed-events", {"limit": "all"})
    assert [r["event"] for r in rows] == [ev("monguno-attack-2023-03-05"), ev("maiduguri-bombing-2024-01-20")]


def test_limit_from_the_command_line_and_the_server(tmp_path, monkeypatch, capsys):
    import http.client
    import json
    import sys
    import threading

    from kg.cli import main
    from kg.server import make_server

    location = str(tmp_path / "store")
    with open_store(location) as s:
        s.apply(insert=tiny_graph())

    def kg_cli(*args):
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["kg", "--store", location, *args])
        with pytest.raises(SystemExit) as exit_:
            main()
        out, err = capsys.readouterr()
        return exit_.value.code or 0, out, err

    code, out, err = kg_cli("sparql", "events", "--param", "limit=3", "--format", "json")
    assert code == 0, err
    got = [b["event"]["value"] for b in json.loads(out)["results"]["bindings"]]
    assert got == [ev(s).value for s in ALL_EVENTS[:3]]
    code, out, err = kg_cli("sparql", "events", "--param", "limit=three")
    assert code == 2 and "limit" in err
    with open_store(location, read_only=True) as s:
        srv = make_server(s, "127.0.0.1", 0, quiet=True)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        try:
            conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
            conn.request("GET", "/queries/events?limit=2", headers={"Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            body = json.loads(resp.read())
            assert resp.status == 200
            assert [b["event"]["value"] for b in body["results"]["bindings"]] == [ev(s).value for s in ALL_EVENTS[:2]]
            conn.request("GET", "/queries/events?limit=x")
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 400
        finally:
            srv.shutdown()
            srv.server_close()
            t.join(timeout=10)


# ---------------------------------------------------------------------------------------------
# kg actor --limit: the latest events of a group with many
# ---------------------------------------------------------------------------------------------


def _typed_actors_graph() -> list[ox.Quad]:
    quads = tiny_graph()
    kinds = {kg(k) for k in ("ArmedGroup", "State", "StateForce", "Organization")}
    return quads + [ox.Quad(q.subject, RDF_TYPE, kg("Actor"), REFERENCE) for q in quads
                    if q.predicate == RDF_TYPE and q.object in kinds]


def test_actor_history_latest():
    from kg.views import actor_history

    s = open_store("memory")
    s.apply(insert=_typed_actors_graph())
    try:
        full = [e["id"] for e in actor_history(s, "ISWAP")["events"]]
        assert full == [ev(x).value for x in ("maiduguri-abduction-2022-11-11", "monguno-attack-2023-03-05",
                                              "baga-ambush-2023-06-10", "diffa-raid-2024-02-02")]
        counted: dict = {}
        h = actor_history(s, "ISWAP", latest=2, counted=counted)
        assert [e["id"] for e in h["events"]] == full[-2:] and counted == {"events": 4}
        assert h["events"] == actor_history(s, "ISWAP")["events"][-2:]   # the same event objects
        counted = {}
        h = actor_history(s, "ISWAP", latest=2, until="2023-12-31", counted=counted)
        assert [e["id"] for e in h["events"]] == full[1:3] and counted == {"events": 3}
        counted = {}
        assert [e["id"] for e in actor_history(s, "ISWAP", latest=10, counted=counted)["events"]] == full
        assert counted == {"events": 4}
    finally:
        s.close()


def test_kg_actor_limit_option(tmp_path, monkeypatch, capsys):
    import json
    import sys

    from kg.cli import main

    location = str(tmp_path / "store")
    with open_store(location) as s:
        s.apply(insert=_typed_actors_graph())

    def kg_cli(*args):
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["kg", "--store", location, *args])
        with pytest.raises(SystemExit) as exit_:
            main()
        out, err = capsys.readouterr()
        return exit_.value.code or 0, out, err

    code, out, err = kg_cli("actor", "ISWAP", "--json", "--limit", "1")
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)["events"]] == [ev("diffa-raid-2024-02-02").value]
    assert "latest 1 of 4 events" in err
    code, out, err = kg_cli("actor", "ISWAP", "--json", "--limit", "0")
    assert code == 0 and len(json.loads(out)["events"]) == 4 and "latest" not in err
    code, out, err = kg_cli("actor", "ISWAP", "--json")          # default: 1000
    assert code == 0 and len(json.loads(out)["events"]) == 4 and "latest" not in err
    code, _, err = kg_cli("actor", "ISWAP", "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_actor_record_scoped_and_unscoped_agree():
    """views.actors(only=IRI), the record `kg actor` shows, reads the actor's Wikidata id from its own
    OPTIONAL (not the graph's): the same record as in the list of every actor, id or not."""
    from kg.views import actor_history, actors

    s = open_store("memory")
    s.apply(insert=[*_typed_actors_graph(), ox.Quad(iid("actor/iswap"), kg("wikidata"), ox.Literal("Q20012345"), REFERENCE),
                    ox.Quad(iid("actor/jnim"), kg("wikidata"), ox.Literal("Q28946429"), REFERENCE)])
    try:
        every = {a["id"]: a for a in actors(s)}
        for key, qid in (("iswap", "Q20012345"), ("jnim", "Q28946429"), ("nigeria", None)):
            iri = iid(f"actor/{key}").value
            assert actors(s, only=iri) == [every[iri]] and every[iri]["wikidata"] == qid
        assert actor_history(s, "ISWAP", latest=1000)["actor"]["wikidata"] == "Q20012345"
    finally:
        s.close()


@pytest.mark.parametrize("name", ["jamaat nusrat al islam wal muslimin", "  JAMA'AT  Nusrat al-Islam  wal-Muslimin ",
                                  "Jama’at Nusrat al-Islam wal-Muslimin", "jnim", "J.N.I.M"])
def test_find_actor_folds_case_accents_apostrophes_and_spaces(name):
    """find_actor skips labels shorter than the folded name (folding never lengthens a label): names
    longer or shorter than the label they fold to are still found."""
    from kg.views import find_actor

    s = open_store("memory")
    s.apply(insert=_typed_actors_graph())
    try:
        if name == "J.N.I.M":       # dots fold to spaces: 'j n i m' is not 'jnim'
            with pytest.raises(InputError, match="unknown actor"):
                find_actor(s, name)
        else:
            assert find_actor(s, name) == iid("actor/jnim").value
    finally:
        s.close()


def test_find_actor_prefers_a_label_written_exactly_as_given():
    """Two actors whose labels fold alike ("Ansaru" / "ANSARU"): the name as typed picks the one
    written that way; a form that matches neither exactly falls back to folding (first by IRI)."""
    from kg.views import find_actor

    skos = "http://www.w3.org/2004/02/skos/core#"
    extra = []
    for key, label, prop, lang in (("zz-ansaru", "Ansaru", "prefLabel", "en"), ("aa-ansaru", "ANSARU", "altLabel", None)):
        a = iid(f"actor/{key}")
        extra += [ox.Quad(a, RDF_TYPE, kg("ArmedGroup"), REFERENCE), ox.Quad(a, RDF_TYPE, kg("Actor"), REFERENCE),
                  ox.Quad(a, ox.NamedNode(skos + prop), ox.Literal(label, language=lang) if lang else ox.Literal(label),
                          REFERENCE)]
    s = open_store("memory")
    s.apply(insert=_typed_actors_graph() + extra)
    try:
        assert find_actor(s, "Ansaru") == iid("actor/zz-ansaru").value       # the prefLabel, tagged @en
        assert find_actor(s, "ANSARU") == iid("actor/aa-ansaru").value       # the plain altLabel
        assert find_actor(s, "ansaru") == iid("actor/aa-ansaru").value       # folded: both, the first IRI
    finally:
        s.close()


def test_actor_history_pages_are_slices_of_the_whole_history(store):
    full = [(r["event"], r["role"].value, r["group"]) for r in run_query(store, "actor-history",
                                                                         {"actor": "Islamic State", "limit": "all"})]
    assert len(full) >= 4
    assert full == [(r["event"], r["role"].value, r["group"])
                    for r in run_query(store, "actor-history", {"actor": "Islamic State"})]   # default 1000
    for limit in range(1, len(full) + 2):
        for offset in range(0, len(full) + 1):
            rows = run_query(store, "actor-history", {"actor": "Islamic State", "limit": str(limit),
                                                      "offset": str(offset)})
            assert [(r["event"], r["role"].value, r["group"]) for r in rows] == full[offset:offset + limit]
    with pytest.raises(UsageError, match="not a whole number"):
        run_query(store, "actor-history", {"actor": "Islamic State", "offset": "-2"})


def test_actor_views_read_from_report_digests_equal_those_read_from_the_quads():
    """Every report carries one kg:digest (rdf:JSON); kg actor reads a report from it, and gives the
    same history when the digests are gone, or only some reports have one (a store an older kg
    wrote in part)."""
    import json
    from pathlib import Path

    from kg import views
    from kg.pipeline import ingest

    root = Path(__file__).resolve().parent
    s = open_store("memory")
    try:
        assert ingest(s, [str(root / "corpus-multi"), str(root.parent / "seeds")]).ok
        digest = kg("digest")
        reports = {q.subject for q in s.quads() if q.predicate == RDF_TYPE and q.object == kg("EventReport")}
        digests = [q for q in s.quads() if q.predicate == digest]
        assert reports and {q.subject for q in digests} == reports and len(digests) == len(reports)
        assert all(q.object.datatype == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
                   and json.loads(q.object.value)["file"] for q in digests)
        names = sorted({r["l"].value for r in s.select(
            "SELECT DISTINCT ?l WHERE { GRAPH ?g { ?e <%s> ?a } ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
            % kg("perpetrator").value)})
        assert len(names) >= 5
        full = {n: views.actor_history(s, n) for n in names}
        assert sum(len(h["events"]) for h in full.values()) >= 20
        assert any(len(e["sources"]) > 1 for h in full.values() for e in h["events"])       # multi-source events
        assert any(c["sentence"] for h in full.values() for e in h["events"] for c in e["claims"])
        s.apply(delete=digests[::2])
        assert {n: views.actor_history(s, n) for n in names} == full
        s.apply(delete=digests[1::2])
        assert {n: views.actor_history(s, n) for n in names} == full
    finally:
        s.close()


def test_the_synthetic_graph_s_digests_read_as_its_quads(tmp_path):
    """benchmarks/synthetic.py writes the reports' kg:digest by hand (it writes N-Quads text, not
    findings): the actor histories of a small generated graph are the same read from its digests and
    from its quads."""
    import importlib.util
    import sys
    from pathlib import Path

    from kg import views
    from kg.shards import load_shards

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("kg_bench_synthetic", path)
    synthetic = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synthetic          # its dataclasses look their module up
    spec.loader.exec_module(synthetic)
    synthetic.generate_graph(60, tmp_path / "graph")
    s = open_store("memory")
    try:
        load_shards(s, tmp_path / "graph")
        digests = [q for q in s.quads() if q.predicate == kg("digest")]
        assert digests
        names = sorted({r["l"].value for r in s.select(
            "SELECT DISTINCT ?l WHERE { GRAPH ?g { ?e <%s> ?a } ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
            % kg("perpetrator").value)})
        with_digests = {n: views.actor_history(s, n) for n in names}
        assert sum(len(h["events"]) for h in with_digests.values()) >= 50
        assert any(e["claims"] for h in with_digests.values() for e in h["events"])
        s.apply(delete=digests)
        assert {n: views.actor_history(s, n) for n in names} == with_digests
    finally:
        s.close()

"""The same behaviour from every store backend (embedded on disk, in memory, remote server)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from kg.errors import StoreError, UsageError
from kg.store import (
    MemoryStore,
    OxigraphStore,
    QueryLimitError,
    RemoteStore,
    SparqlSyntaxError,
    build_update,
    inject_values,
    open_store,
    query_form,
    sparql_term,
)

EX = "http://example.org/"
G1 = ox.NamedNode(EX + "g1")
G2 = ox.NamedNode(EX + "g2")
G3 = ox.NamedNode(EX + "g3")


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def q(s: str, p: str, o, g: ox.NamedNode = G1) -> ox.Quad:
    obj = o if isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)) else n(o)
    return ox.Quad(n(s), n(p), obj, g)


BASE_QUADS = [
    q("a", "name", ox.Literal("Alpha", language="en")),
    q("a", "partOf", "b"),
    q("b", "name", ox.Literal("Beta")),
    q("b", "killed", ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), G2),
    q("c", "partOf", "b", G2),
]

NASTY = [
    'quote " inside',
    "single ' quote",
    "back\\slash",
    "trailing backslash \\",
    "new\nline and\r\nCRLF and \t tab",
    "} ; DROP ALL ; SELECT * {",
    '" } } ; DROP ALL #',
    "# not a comment",
    "DROP ALL",
    '"""triple"""',
    "'''triple'''",
    "\\u0022 escaped quote \\U0000007D",
    "> <http://evil/> .",
    "unicode: Inatès, تنظيم الدولة, \u2028 sep",
    "",
]


def quadset(store) -> set[str]:
    return {str(x) for x in store.quads()}


# ---------------------------------------------------------------------------------------------
# apply: insert, delete, drop, atomicity
# ---------------------------------------------------------------------------------------------


def test_apply_insert_delete_drop(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    assert s.count() == 5
    assert s.count(G1) == 3 and s.count(G2) == 2
    s.apply(delete=[BASE_QUADS[0]])
    assert s.count(G1) == 2
    s.apply(drop_graphs=[G2])
    assert s.count() == 2
    assert s.graphs() == {G1}
    # dropping a graph that does not exist is fine
    s.apply(drop_graphs=[G3])
    assert s.count() == 2


def test_apply_replaces_a_graph_in_one_step(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    new = [q("z", "name", ox.Literal("Zed"))]
    s.apply(drop_graphs=[G1], insert=new)
    assert {str(x) for x in s.quads(G1)} == {str(new[0])}
    assert s.count(G2) == 2


def test_apply_nothing_is_a_no_op(backend_store):
    backend_store.apply()
    assert backend_store.count() == 0


def test_apply_with_an_invalid_quad_changes_nothing(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    before = quadset(s)
    with pytest.raises(TypeError):
        s.apply(drop_graphs=[G1], insert=[q("x", "p", "y"), "not a quad"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        s.apply(insert=[q("x", "p", "y"), None])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        s.apply(insert=[q("x", "p", "y")], delete=[ox.Quad(ox.BlankNode(), n("p"), n("o"), G1)])
    with pytest.raises(ValueError):
        s.apply(insert=[q("x", "p", "y"), ox.Quad(n("x"), n("p"), n("y"), ox.BlankNode())])
    assert quadset(s) == before


def test_update_failing_midway_changes_nothing(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    before = quadset(s)
    # runtime failure in the second operation: the first one must be rolled back
    with pytest.raises(StoreError):
        s.update(f"INSERT DATA {{ GRAPH <{G3.value}> {{ <{EX}x> <{EX}p> <{EX}y> }} }} ; "
                 f"DROP GRAPH <{EX}does-not-exist>")
    assert quadset(s) == before
    # syntax error after a valid operation
    with pytest.raises(SparqlSyntaxError):
        s.update(f"DROP GRAPH <{G1.value}> ; INSERT DATA {{ GRAPH <{G3.value}> {{ <{EX}x> <{EX}p> }} }}")
    assert quadset(s) == before


def test_apply_round_trips_nasty_literals(backend_store):
    s = backend_store
    quads = [q(f"s{i}", "label", ox.Literal(text)) for i, text in enumerate(NASTY)]
    quads.append(q("lang", "label", ox.Literal("x", language="fr-BE")))
    quads.append(q("typed", "label", ox.Literal("2024-05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))))
    s.apply(insert=quads)
    assert quadset(s) == {str(x) for x in quads}
    s.apply(delete=quads)
    assert s.count() == 0


def _nq(quads) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_apply_nquads_inserts_deletes_and_drops(backend_store):
    """apply_nquads (the ingest writer's write): N-Quads parts per graph, with or without deletions."""
    s = backend_store
    s.apply_nquads(insert=[(G1.value, _nq([x for x in BASE_QUADS if x.graph_name == G1])),
                           (G2.value, _nq([x for x in BASE_QUADS if x.graph_name == G2]))])
    assert quadset(s) == {str(x) for x in BASE_QUADS}
    nasty = [q(f"s{i}", "label", ox.Literal(text), G3) for i, text in enumerate(NASTY)]
    s.apply_nquads(drop_graphs=[G1], delete=[BASE_QUADS[3]], insert=[(G3.value, _nq(nasty))])
    assert quadset(s) == {str(x) for x in [BASE_QUADS[4], *nasty]}
    s.apply_nquads(insert=[(G3.value, b"")])
    assert s.count() == len(nasty) + 1


def test_apply_nquads_refuses_a_quad_outside_its_part_and_changes_nothing(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    before = quadset(s)
    for kwargs in ({}, {"delete": [BASE_QUADS[0]]}):
        with pytest.raises(ValueError):
            s.apply_nquads(insert=[(G3.value, _nq([q("x", "p", "y", G3)])), (G3.value, _nq([q("x", "p", "z", G2)]))],
                           **kwargs)
        assert quadset(s) == before


def test_inserting_blank_nodes(backend_store):
    b = ox.BlankNode()
    backend_store.apply(insert=[ox.Quad(b, n("p"), ox.Literal("1"), G1), ox.Quad(b, n("q"), ox.Literal("2"), G1)])
    rows = backend_store.select("SELECT ?x WHERE { ?x <http://example.org/p> ?a ; <http://example.org/q> ?b }")
    assert len(rows) == 1 and isinstance(rows[0]["x"], ox.BlankNode)


def test_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as s:
        s.apply(insert=BASE_QUADS)
    with open_store(path, read_only=True) as r:
        assert r.read_only and r.count() == 5
        assert len(r.select("SELECT * WHERE { ?s ?p ?o }")) == 5
        with pytest.raises(StoreError, match="read-only"):
            r.apply(insert=[q("x", "p", "y")])
        with pytest.raises(StoreError, match="read-only"):
            r.update("CLEAR ALL")


def test_closing_releases_the_lock(tmp_path):
    path = tmp_path / "store"
    s = open_store(path)
    s.apply(insert=BASE_QUADS)
    assert len(s.select("SELECT * WHERE { ?s ?p ?o }")) == 5
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.count()
    with open_store(path) as again:
        assert again.count() == 5


def test_read_only_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "missing", read_only=True)


def test_second_writer_gets_a_clear_error(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as s:
        s.apply(insert=BASE_QUADS)
        code = textwrap.dedent(
            f"""
            from kg.store import open_store
            from kg.errors import StoreError
            try:
                open_store({str(path)!r})
            except StoreError as e:
                print("ERR", e)
            r = open_store({str(path)!r}, read_only=True)
            print("COUNT", r.count())
            """
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert lines[0].startswith(f"ERR {path}: the store is in use by another kg process")
        assert "\n" not in lines[0] and "Traceback" not in out.stderr
        assert lines[1] == "COUNT 5"  # a reader works while the writer holds the lock
        # the same process opening it twice is refused too
        with pytest.raises(StoreError, match="in use"):
            open_store(path)


# ---------------------------------------------------------------------------------------------
# queries: bindings (and injection attempts), union default graph, forms
# ---------------------------------------------------------------------------------------------


def test_select_with_bindings(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    rows = s.select("SELECT ?o WHERE { ?s <http://example.org/partOf> ?o }", {"s": n("a")})
    assert rows == [{"o": n("b")}]
    rows = s.select("SELECT ?s WHERE { ?s <http://example.org/name> ?name }", {"name": ox.Literal("Beta")})
    assert rows == [{"s": n("b")}]
    # unbound variables are absent from the row
    rows = s.select(
        "SELECT ?s ?k WHERE { ?s <http://example.org/name> ?n OPTIONAL { ?s <http://example.org/killed> ?k } } ORDER BY ?s"
    )
    assert rows[0] == {"s": n("a")}
    assert rows[1]["k"].value == "12"


def test_select_rows_name_each_value_and_leave_out_unbound_ones(backend_store):
    """Rows are built by zipping a solution's values with the variables: an unbound variable in any
    position is left out and the others keep their names; row limits still apply."""
    s = backend_store
    s.apply(insert=BASE_QUADS)
    rows = s.select("SELECT ?k ?s ?p ?n WHERE { ?s <http://example.org/name> ?n "
                    "OPTIONAL { ?s <http://example.org/killed> ?k } OPTIONAL { ?s <http://example.org/partOf> ?p } } "
                    "ORDER BY ?s")
    assert rows == [{"s": n("a"), "p": n("b"), "n": ox.Literal("Alpha", language="en")},
                    {"k": ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                     "s": n("b"), "n": ox.Literal("Beta")}]
    assert s.execute("SELECT ?s WHERE { ?s ?p ?o }", max_results=5).rows
    with pytest.raises(QueryLimitError):
        s.execute("SELECT ?s WHERE { ?s ?p ?o }", max_results=2)


def test_bindings_reach_sub_queries(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    query = """
        SELECT ?member WHERE {
          { SELECT DISTINCT ?member WHERE { ?member <http://example.org/partOf>* ?group } }
        } ORDER BY ?member"""
    rows = s.select(query, {"group": n("b")})
    assert [r["member"] for r in rows] == [n("a"), n("b"), n("c")]
    rows = s.select(query, {"group": n("a")})
    assert [r["member"] for r in rows] == [n("a")]


@pytest.mark.parametrize("text", NASTY)
def test_bindings_resist_injection(backend_store, text):
    s = backend_store
    s.apply(insert=BASE_QUADS + [q("victim", "label", ox.Literal(text))])
    before = quadset(s)
    rows = s.select("SELECT ?s WHERE { ?s <http://example.org/label> ?v }", {"v": ox.Literal(text)})
    assert rows == [{"s": n("victim")}]
    assert s.ask("ASK { ?s <http://example.org/label> ?v }", {"v": ox.Literal(text + "x")}) is False
    assert quadset(s) == before


def test_bad_binding_names_and_values_are_refused(backend_store):
    with pytest.raises(StoreError):
        backend_store.select("SELECT * WHERE { ?s ?p ?o }", {"o } DROP ALL": ox.Literal("x")})
    with pytest.raises(StoreError):
        backend_store.select("SELECT * WHERE { ?s ?p ?o }", {"o": ox.BlankNode()})


def test_union_default_graph(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    rows = s.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [r["s"] for r in rows] == [n("a"), n("b"), n("c")]
    rows = s.select("SELECT ?g WHERE { GRAPH ?g { <http://example.org/c> ?p ?o } }")
    assert rows == [{"g": G2}]
    # a path across graphs works through the union
    assert s.ask("ASK { <http://example.org/c> <http://example.org/partOf>/<http://example.org/killed> ?k }")


def test_graphs(backend_store):
    s = backend_store
    assert s.graphs() == set()
    s.apply(insert=BASE_QUADS)
    assert s.graphs() == {G1, G2}
    s.apply(delete=[x for x in BASE_QUADS if x.graph_name == G2])
    assert s.graphs() == {G1}


def test_construct_and_ask(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    triples = s.construct(
        "CONSTRUCT { ?o <http://example.org/hasPart> ?s } WHERE { ?s <http://example.org/partOf> ?o }"
    )
    assert {str(t) for t in triples} == {
        str(ox.Triple(n("b"), n("hasPart"), n("a"))),
        str(ox.Triple(n("b"), n("hasPart"), n("c"))),
    }
    triples = s.construct(
        "CONSTRUCT { ?o <http://example.org/hasPart> ?s } WHERE { ?s <http://example.org/partOf> ?o }",
        {"s": n("c")},
    )
    assert len(triples) == 1
    assert s.ask("ASK { ?s <http://example.org/partOf> ?o }") is True
    with pytest.raises(StoreError):
        s.select("ASK { ?s ?p ?o }")


def test_query_raw_formats(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    sel = "SELECT ?s ?o WHERE { ?s <http://example.org/partOf> ?o } ORDER BY ?s"
    doc = json.loads(s.query_raw(sel, result_format="json"))
    assert doc["head"]["vars"] == ["s", "o"] and len(doc["results"]["bindings"]) == 2
    assert s.query_raw(sel, result_format="csv").splitlines()[0] == b"s,o"
    assert s.query_raw(sel, result_format="tsv").splitlines()[0] == b"?s\t?o"
    assert b"<sparql" in s.query_raw(sel, result_format="application/sparql-results+xml")
    assert json.loads(s.query_raw("ASK {}", result_format="json"))["boolean"] is True
    con = "CONSTRUCT { ?s ?p ?o } WHERE { ?s <http://example.org/partOf> ?o BIND(<http://example.org/partOf> AS ?p) }"
    assert len(list(ox.parse(s.query_raw(con, result_format="ntriples"), format=ox.RdfFormat.N_TRIPLES))) == 2
    assert len(list(ox.parse(s.query_raw(con, result_format="turtle"), format=ox.RdfFormat.TURTLE))) == 2
    assert len(list(ox.parse(s.query_raw(con, result_format="jsonld"), format=ox.RdfFormat.JSON_LD))) == 2
    with pytest.raises(UsageError):
        s.query_raw(sel, result_format="turtle")
    with pytest.raises(UsageError):
        s.query_raw(con, result_format="csv")


def test_syntax_errors_and_refused_features(backend_store):
    s = backend_store
    with pytest.raises(SparqlSyntaxError):
        s.select("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(SparqlSyntaxError):
        s.select("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(SparqlSyntaxError, match="update"):
        s.select("DROP ALL")
    with pytest.raises(SparqlSyntaxError, match="SERVICE"):
        s.select("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    with pytest.raises(SparqlSyntaxError, match="LOAD"):
        s.update("LOAD <http://127.0.0.1:1/data.ttl>")


# ---------------------------------------------------------------------------------------------
# dump / bulk_load / count
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_and_bulk_load_round_trip(backend_store, fmt):
    s = backend_store
    quads = BASE_QUADS + [q(f"s{i}", "label", ox.Literal(t)) for i, t in enumerate(NASTY)]
    s.apply(insert=quads)
    before = quadset(s)
    buf = io.BytesIO()
    s.dump(buf, fmt)
    s.apply(drop_graphs=s.graphs())
    assert s.count() == 0
    loaded = s.bulk_load(buf.getvalue(), fmt)
    assert loaded in (None, len(quads))
    assert quadset(s) == before


def test_bulk_load_triples_into_a_graph(backend_store, tmp_path):
    s = backend_store
    path = tmp_path / "data.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:name "Alpha" ; ex:partOf ex:b .\n', encoding="utf-8")
    s.bulk_load(path, "turtle", graph=G3)
    assert s.count(G3) == 2 and s.graphs() == {G3}


def test_dump_one_graph_and_the_union(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS + [ox.Quad(n("a"), n("partOf"), n("b"), G2)])  # same triple in two graphs
    buf = io.BytesIO()
    s.dump(buf, "turtle")
    triples = {str(t) for t in ox.parse(buf.getvalue(), format=ox.RdfFormat.TURTLE)}
    assert len(triples) == 5
    buf = io.BytesIO()
    s.dump(buf, "ntriples", graph=G2)
    assert len(list(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_TRIPLES))) == 3
    with pytest.raises(UsageError):
        s.dump(io.BytesIO(), "no-such-format")


def test_count(backend_store):
    s = backend_store
    assert s.count() == 0
    s.apply(insert=BASE_QUADS)
    assert (s.count(), s.count(G1), s.count(G2), s.count(G3)) == (5, 3, 2, 0)


# ---------------------------------------------------------------------------------------------
# open_store by name, and the helpers
# ---------------------------------------------------------------------------------------------


def test_open_store_by_name(tmp_path, monkeypatch):
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store(":memory:"), MemoryStore)
    with open_store(tmp_path / "a") as s:
        assert isinstance(s, OxigraphStore) and s.kind == "oxigraph"
        assert (tmp_path / "a").is_dir()
    monkeypatch.setenv("KG_STORE", str(tmp_path / "b"))
    with open_store() as s:
        assert s.location == str(tmp_path / "b")
    monkeypatch.delenv("KG_STORE")
    monkeypatch.chdir(tmp_path)
    with open_store() as s:
        assert s.location == "exports/store" and (tmp_path / "exports" / "store").is_dir()
    r = open_store("http://127.0.0.1:7878/query")
    assert isinstance(r, RemoteStore) and r.kind == "remote"
    assert r.update_url == "http://127.0.0.1:7878/update"
    assert open_store("http://h:3030/ds/sparql").update_url == "http://h:3030/ds/sparql"
    assert open_store("http://h/q", update_url="http://h/u").update_url == "http://h/u"
    with pytest.raises(UsageError):
        open_store(tmp_path / "c", update_url="http://h/u")


def test_unreachable_server_gives_a_one_line_error():
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = open_store(f"http://127.0.0.1:{port}/query")
    with pytest.raises(StoreError, match="cannot reach") as e:
        s.select("SELECT * WHERE { ?s ?p ?o }")
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("text", NASTY)
def test_sparql_term_round_trips_through_a_parser(text):
    store = ox.Store()
    for term in (ox.Literal(text), ox.Literal(text, language="en"),
                 ox.Literal(text, datatype=ox.NamedNode("http://example.org/dt"))):
        rows = list(store.query(f"SELECT ?v WHERE {{ VALUES ?v {{ {sparql_term(term)} }} }}"))
        assert len(rows) == 1 and rows[0]["v"] == term


def test_sparql_term_writes_iris_and_refuses_bad_parts():
    assert sparql_term(n("a")) == "<http://example.org/a>"
    assert sparql_term(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))) == (
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    with pytest.raises(ValueError):
        sparql_term("plain string")  # type: ignore[arg-type]


def test_query_form():
    assert query_form("PREFIX ex: <http://e/#x> # SELECT\nBASE <x> ask {}") == "ASK"
    assert query_form("# comment\nSELECT * {}") == "SELECT"
    assert query_form("prefix : <http://e/> construct where { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("DESCRIBE <x>") == "DESCRIBE"
    assert query_form("INSERT DATA { <a> <b> <c> }") == "UPDATE"
    assert query_form("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == "UPDATE"
    assert query_form("hello") is None


def test_inject_values_places_blocks_in_groups():
    text = 'SELECT ?x WHERE { ?x <p> "?y {" . { SELECT ?x WHERE { ?x <q> ?y } } } # ?y }'
    out = inject_values(text, {"y": ox.Literal("v")})
    assert out.count('VALUES (?y) { ("v") }') == 2
    # the string and the comment were left alone
    assert '"?y {"' in out and out.endswith("# ?y }")
    assert inject_values(text, {"absent": ox.Literal("v")}) == text
    with pytest.raises(ValueError):
        inject_values("CONSTRUCT WHERE { ?s ?p ?y }", {"y": ox.Literal("v")})


def test_build_update_is_one_request():
    text = build_update([G3], [q("a", "p", "b")], [q("c", "p", ox.Literal('"}'))])
    assert text.count(" ;\n") == 2
    assert text.startswith("DROP SILENT GRAPH")


def test_subject_quads_by_subject_and_predicate(backend_store):
    s = backend_store
    s.apply(insert=BASE_QUADS)
    subjects = sorted({q.subject.value for q in BASE_QUADS if isinstance(q.subject, ox.NamedNode)})
    got = {str(q) for q in s.subject_quads(subjects)}
    want = {str(q) for q in BASE_QUADS if isinstance(q.subject, ox.NamedNode)}
    assert got == want
    pred = BASE_QUADS[0].predicate.value
    got = {str(q) for q in s.subject_quads(subjects, [pred])}
    assert got == {str(q) for q in BASE_QUADS if isinstance(q.subject, ox.NamedNode) and q.predicate.value == pred}
    assert s.subject_quads([]) == [] and s.subject_quads(["http://example.org/nobody"]) == []

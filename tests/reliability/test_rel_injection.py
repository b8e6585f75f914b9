"""Injection: names and filters reach SPARQL as bound values, never as query text. Hostile names are
just unknown names: one error line, exit 1, store unchanged."""
from __future__ import annotations

import shutil
import urllib.parse

import pytest

from relhelp import assert_one_line_error, dump_nquads, run_main

HOSTILE = [
    'Boko "Haram',
    "Boko 'Haram",
    "x' } ; DROP ALL ; SELECT * WHERE { '",
    'x" } ; DROP ALL ; SELECT * WHERE { "',
    "} ; DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "a # comment } DROP ALL",
    "line one\nline two } DROP ALL",
    "back\\slash\\\" } DROP ALL #",
    "<http://example.org/x> } DROP ALL #",
    "?s ?p ?o",
    "${actor}",
    "\u202eevil\u202c",
    "\x00nul",
]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, seeded_template):
    path = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(seeded_template, path)
    before = dump_nquads(path)
    yield path
    assert dump_nquads(path) == before, "a hostile name changed the store"


def _one_line_unknown(run, name_hint: str = "") -> None:
    assert run.code == 1, (run.code, run.err)
    assert "Traceback" not in run.err, run.err
    lines = run.err_lines
    assert len(lines) == 1, run.err
    assert lines[0].startswith("kg: ")


def _resolves(store_path, name: str, how: str) -> str | None:
    """The actor a (tolerant) name lookup finds, if any: kg matches names case-, accent- and
    punctuation-insensitively (and library parameters also by key), so 'Boko "Haram' is Boko Haram."""
    from kg.errors import KGError
    from kg.queries import bind_params, load_query
    from kg.store import open_store
    from kg.views import find_actor
    with open_store(store_path, read_only=True) as store:
        try:
            if how == "views":
                return find_actor(store, name)
            return bind_params(store, load_query("actor-history"), {"actor": name})["actor"].value
        except KGError:
            return None


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_actor_names(hostile_store, name):
    store = str(hostile_store)
    if "\x00" in name:
        pytest.skip("an argv string cannot hold NUL")
    known = _resolves(hostile_store, name, "views")
    for args in (["actor", name], ["events", "--actor", name, "--format", "json"],
                 ["export", "actor", name, "-o", str(hostile_store.parent / "a.html")]):
        run = run_main(["--store", store, *args])
        if known:
            assert known.endswith("/actor/boko-haram") and run.code == 0, (known, run.err)
        else:
            _one_line_unknown(run)
            assert "unknown actor" in run.err
    known = _resolves(hostile_store, name, "param")
    run = run_main(["--store", store, "sparql", "actor-history", "--param", f"actor={name}", "--format", "json"])
    if known:
        assert known.endswith("/actor/boko-haram") and run.code == 0, (known, run.err)
    else:
        assert run.code in (1, 2), run.err  # 2 today: see test_unknown_actor_parameter_exits_1
        assert "Traceback" not in run.err and len(run.err_lines) == 1, run.err
        assert "no actor named" in run.err


def test_unknown_actor_parameter_exits_1(hostile_store):
    run = run_main(["--store", str(hostile_store), "sparql", "actor-history", "--param", "actor=DROP ALL"])
    assert run.code == 1, run.err


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_names_bound_through_the_library(hostile_store, name):
    """Below the CLI: the same strings as bindings of every parameter type."""
    import pyoxigraph as ox

    from kg.errors import KGError
    from kg.queries import bind_params, load_query
    from kg.store import open_store

    with open_store(hostile_store, read_only=True) as store:
        for query, param in (("actor-history", "actor"), ("group-backers", "actor"), ("events-near", "place")):
            info = load_query(query)
            try:
                bound = bind_params(store, info, {param: name})
            except KGError as e:
                assert "\n" not in str(e)
            else:  # a tolerant match of a real actor: bound as its IRI
                assert bound[param] == ox.NamedNode("https://w3id.org/kg-armed-groups/id/actor/boko-haram"), bound
        # a literal binding is matched as a value: no row, no error, no effect
        rows = store.select("SELECT ?a WHERE { ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }",
                            {"name": ox.Literal(name)})
        assert rows == []
        if "\x00" not in name:
            assert not store.ask("ASK { ?s ?p ?o FILTER(STR(?o) = ?v) }", {"v": ox.Literal(name + "-not-there")})


def test_hostile_filters_and_ids(hostile_store):
    store = str(hostile_store)
    for name in (HOSTILE[2], HOSTILE[4], HOSTILE[7], HOSTILE[8]):
        for args in (["events", "--country", name], ["events", "--place", name], ["events", "--type", name]):
            run = run_main(["--store", store, *args, "--format", "json"])
            assert run.code == 0 and run.out.strip() == "[]", (args, run.err)
        run = run_main(["--store", store, "events", "--explain", name])
        _one_line_unknown(run)
        for param in (f"km={name}", f"from={name}", f"place={name}"):
            run = run_main(["--store", store, "sparql", "events-near", "--param", "place=Inates", "--param", param])
            assert run.code in (1, 2) and len(run.err_lines) == 1 and "Traceback" not in run.err, (param, run.err)


def test_update_text_is_refused_by_kg_sparql(hostile_store):
    store = str(hostile_store)
    for text in ("DROP ALL", "CLEAR DEFAULT", "DELETE WHERE { ?s ?p ?o }", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                 "PREFIX x: <urn:x> DROP ALL", "# comment\nDROP ALL", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        run = run_main(["--store", store, "sparql", text])
        assert run.code == 1, (text, run.err)
        assert_one_line_error(run, "update")


def test_remove_with_hostile_targets_changes_nothing(tmp_path, seeded_path):
    before = dump_nquads(seeded_path)
    for name in HOSTILE:
        if "\x00" in name:
            continue
        run = run_main(["--store", str(seeded_path), "remove", name])
        assert run.code == 1, run.err
        assert any("no such article" in line for line in run.err_lines)
        assert "Traceback" not in run.err
    assert dump_nquads(seeded_path) == before


def test_server_library_query_with_hostile_parameters(hostile_store):
    import http.client
    import threading

    from kg.server import make_server
    from kg.store import open_store

    with open_store(hostile_store, read_only=True) as store:
        srv = make_server(store, "127.0.0.1", 0, quiet=True)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        try:
            for name in HOSTILE:
                conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
                conn.request("GET", "/queries/actor-history?" + urllib.parse.urlencode({"actor": name}))
                resp = conn.getresponse()
                body = resp.read().decode("utf-8", "replace")
                conn.close()
                if _resolves(hostile_store, name, "param"):
                    assert resp.status == 200 and "boko-haram" in body
                else:
                    assert resp.status == 400, (name, resp.status, body)
                    assert body.count("\n") == 1
        finally:
            srv.shutdown()
            srv.server_close()
            t.join(timeout=10)

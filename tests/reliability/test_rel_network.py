"""No network at run time: ingest, query, export (every format) and validate open no socket to
anywhere but loopback; SERVICE/LOAD are refused, FROM never fetches, remote JSON-LD contexts and
XML entities are not loaded."""
from __future__ import annotations

import http.server
import json
import re
import socket
import threading

import pytest

from relhelp import CORPUS, SEED, assert_one_line_error, run_main


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def _any(self):
        type(self).hits.append(f"{self.command} {self.path}")
        body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _any

    def log_message(self, *args):
        pass


@pytest.fixture
def trap():
    """An HTTP server on loopback that records every request: "did anything try to fetch?"."""
    _Recorder.hits = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", _Recorder.hits
    finally:
        srv.shutdown()
        srv.server_close()


def test_the_fixture_blocks_the_network(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80), timeout=2)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.org", 443)
    s = socket.socket()
    try:
        with pytest.raises(OSError):
            s.connect(("93.184.215.14", 80))
    finally:
        s.close()
    assert len(no_network) == 3


def test_everything_runs_offline(no_network, store_path, tmp_path):
    store = str(store_path)
    out = tmp_path / "out"
    steps = [
        ["ingest", str(SEED), str(CORPUS / "html-nguetchewe-2020-08.html"), str(CORPUS / "wire-dapchi-2018-02.md")],
        ["actor", "ISWAP"], ["actor", "Boko Haram", "--json"],
        ["events", "--format", "json"], ["events", "--actor", "al-Shabaab", "--format", "csv"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"],
        ["sparql", "actor-history", "--param", "actor=Boko Haram", "--format", "csv"],
        ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/kg-armed-groups/ontology#Event> ; ?p ?o }",
         "--format", "turtle"],
        ["stats"],
        ["export", "events", "--format", "json", "-o", str(out / "events.json")],
        ["export", "events", "--format", "csv", "-o", str(out / "events.csv")],
        ["export", "events", "--format", "acled", "-o", str(out / "acled.csv")],
        ["export", "actors", "--format", "json", "-o", str(out / "actors.json")],
        ["export", "actors", "--format", "csv", "-o", str(out / "actors.csv")],
        ["export", "relations", "--format", "json", "-o", str(out / "relations.json")],
        ["export", "rdf", "--format", "turtle", "-o", str(out / "g.ttl")],
        ["export", "rdf", "--format", "trig", "-o", str(out / "g.trig")],
        ["export", "rdf", "--format", "nquads", "-o", str(out / "g.nq")],
        ["export", "rdf", "--format", "jsonld", "-o", str(out / "g.jsonld")],
        ["export", "network", "--format", "html", "-o", str(out / "network.html")],
        ["export", "network", "--format", "graphml", "-o", str(out / "network.graphml")],
        ["export", "network", "--format", "gexf", "-o", str(out / "network.gexf")],
        ["export", "map", "--format", "geojson", "-o", str(out / "map.geojson")],
        ["export", "map", "--format", "html", "-o", str(out / "map.html")],
        ["export", "actor", "ISWAP", "-o", str(out / "actor.html")],
    ]
    for args in steps:
        run = run_main(["--store", store, *args])
        assert run.code == 0, f"kg {' '.join(args)}: {run.err[-2000:]}"
        assert "Traceback" not in run.err
    # offline is what is tested here; whether the graph conforms is test_rel_crash's and the unit tests' job
    run = run_main(["--store", store, "validate"])
    assert run.code in (0, 1) and "Conforms:" in run.out and "Traceback" not in run.err, run.err
    build = run_main(["--store", str(tmp_path / "build-store"), "build", str(SEED.parent), "--out", str(tmp_path / "site")])
    assert build.code == 0, build.err
    assert no_network == [], no_network
    # the JSON-LD export parses offline (its @context is inline, not a URL to fetch)
    import pyoxigraph as ox
    doc = json.loads((out / "g.jsonld").read_text(encoding="utf-8"))
    contexts = [doc.get("@context")] if isinstance(doc, dict) else [d.get("@context") for d in doc]
    assert not any(isinstance(c, str) for c in contexts)
    assert sum(1 for _ in ox.parse((out / "g.jsonld").read_bytes(), format=ox.RdfFormat.JSON_LD)) > 1000
    assert no_network == [], no_network
    # pages load nothing from elsewhere: no external scripts, styles, images, fonts or frames
    for page in list(out.glob("*.html")) + list((tmp_path / "site").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        external = re.findall(r"""<(?:script|link|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""",
                              text, re.IGNORECASE)
        assert not external, f"{page.name} loads {external[:3]}"
        assert "@import" not in text and "url(http" not in text.replace(" ", "")


# ---------------------------------------------------------------------------------------------
# SPARQL: SERVICE, LOAD, FROM
# ---------------------------------------------------------------------------------------------

REFUSED = [
    "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "select * where { service silent <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE<{url}/sparql>{ ?s ?p ?o } } } }",
    "PREFIX s: <{url}/> SELECT * WHERE { SERVICE s:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}/x> AS ?e) SERVICE ?e { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", REFUSED)
def test_service_is_refused(trap, query):
    from kg.store import SparqlSyntaxError, open_store
    url, hits = trap
    with open_store("memory") as store:
        with pytest.raises(SparqlSyntaxError, match="SERVICE is disabled"):
            store.execute(query.replace("{url}", url))
    assert hits == []


@pytest.mark.parametrize("update", ["LOAD <{url}/data.ttl>", "load silent <{url}/data.ttl> into graph <urn:g>",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; LOAD <{url}/data.ttl>"])
def test_load_is_refused(trap, update):
    from kg.store import SparqlSyntaxError, open_store
    url, hits = trap
    with open_store("memory") as store:
        with pytest.raises(SparqlSyntaxError, match="LOAD is disabled"):
            store.update(update.replace("{url}", url))
        assert store.count() == 0
    assert hits == []


@pytest.mark.parametrize("query", ["SELECT * WHERE { \\u0053ERVICE <{url}/s> { ?s ?p ?o } }",
                                   "SELECT * WHERE { \\U00000053ERVICE <{url}/s> { ?s ?p ?o } }"])
def test_escaped_keywords_do_not_sneak_past(trap, query):
    from kg.store import SparqlSyntaxError, open_store
    url, hits = trap
    with open_store("memory") as store:
        with pytest.raises(SparqlSyntaxError):
            store.execute(query.replace("{url}", url))
    assert hits == []


def test_from_and_from_named_do_not_fetch(trap, seeded_template):
    from kg.store import open_store
    url, hits = trap
    with open_store(seeded_template, read_only=True) as store:
        rows = store.select(f"SELECT * FROM <{url}/a.ttl> FROM NAMED <{url}/b.ttl> WHERE {{ ?s ?p ?o }}")
        assert rows == []
        rows = store.select(f"SELECT * WHERE {{ GRAPH <{url}/c.ttl> {{ ?s ?p ?o }} }}")
        assert rows == []
        res = store.execute("SELECT * WHERE { ?s ?p ?o } LIMIT 1", default_graph=[__import__("pyoxigraph").NamedNode(url + "/d")])
        assert res.rows == []
    assert hits == []


def test_from_selects_the_dataset_instead_of_the_union(tmp_path):
    """Regression (kg/store.py): the embedded stores passed use_default_graph_as_union=True to every
    query, which silently overrode a query's own FROM clause (FROM <g> returned every graph)."""
    import pyoxigraph as ox

    from kg.store import open_store
    quads = [ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("in g1"), ox.NamedNode("urn:g1")),
             ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("in g2"), ox.NamedNode("urn:g2"))]
    for location in ("memory", tmp_path / "s"):
        _check_from(open_store(location), quads)


@pytest.mark.server
def test_from_selects_the_dataset_on_the_remote_backend(oxigraph_server):
    import pyoxigraph as ox
    import urllib.request

    from kg.store import open_store
    req = urllib.request.Request(oxigraph_server[: -len("query")] + "update", data=b"DROP ALL",
                                 headers={"Content-Type": "application/sparql-update"}, method="POST")
    urllib.request.urlopen(req, timeout=10).close()
    quads = [ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("in g1"), ox.NamedNode("urn:g1")),
             ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode("urn:p"), ox.Literal("in g2"), ox.NamedNode("urn:g2"))]
    _check_from(open_store(oxigraph_server), quads)


def _check_from(store, quads) -> None:
    with store:
        store.apply(insert=quads)
        values = lambda q: sorted(r["o"].value for r in store.select(q))  # noqa: E731
        assert values("SELECT ?o WHERE { ?s ?p ?o }") == ["in g1", "in g2"]
        assert values("SELECT ?o FROM <urn:g1> WHERE { ?s ?p ?o }") == ["in g1"]
        assert values("select ?o from <urn:g1> from <urn:g2> where { ?s ?p ?o }") == ["in g1", "in g2"]
        assert values("SELECT ?o FROM NAMED <urn:g2> WHERE { ?s ?p ?o }") == []
        assert values("SELECT ?o FROM NAMED <urn:g2> WHERE { GRAPH ?g { ?s ?p ?o } }") == ["in g2"]
        assert values("SELECT ?o WHERE { ?s ?p ?o FILTER(?o != \"FROM <urn:g1>\") } # FROM <urn:g1>") == ["in g1", "in g2"]


def test_cli_refuses_service_in_one_line(trap, seeded_path):
    url, hits = trap
    run = run_main(["--store", str(seeded_path), "sparql", f"SELECT * WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}"])
    assert run.code == 1
    assert_one_line_error(run, "SERVICE is disabled")
    assert hits == []


# ---------------------------------------------------------------------------------------------
# JSON-LD contexts, XML entities
# ---------------------------------------------------------------------------------------------

def test_jsonld_remote_context_is_not_fetched(trap):
    from kg.store import StoreError, open_store
    url, hits = trap
    doc = json.dumps({"@context": f"{url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}).encode()
    with open_store("memory") as store:
        with pytest.raises(StoreError, match="remote context"):
            store.bulk_load(doc, "jsonld")
        assert store.count() == 0
    assert hits == []


def test_html_with_remote_jsonld_context_ingests_offline(trap, store_path, tmp_path, no_network):
    url, hits = trap
    meta = {"@context": f"{url}/schema", "@type": "NewsArticle", "headline": "Kawuri attack",
            "datePublished": "2021-06-06T08:00:00Z"}
    page = (f'<html><head><title>Kawuri attack</title><script type="application/ld+json">{json.dumps(meta)}</script>'
            f'<link rel="stylesheet" href="{url}/style.css"><script src="{url}/app.js"></script></head>'
            f'<body><article><p>Suspected Boko Haram gunmen attacked the village of Kawuri in Borno State on Saturday, '
            f'killing 12 people, officials said. <img src="{url}/pic.jpg"> The army sent reinforcements to the area '
            f'and said calm had returned by the evening.</p></article></body></html>')
    f = tmp_path / "kawuri.html"
    f.write_text(page, encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 0, run.err
    assert hits == [] and no_network == []


def test_rdfxml_entity_expansion_is_refused(trap, tmp_path):
    """Regression (kg/store.py): pyoxigraph expands internal XML entities recursively; a 600-byte
    "billion laughs" RDF/XML document became a 1 GB literal in bulk_load."""
    from kg.store import StoreError, open_store
    url, hits = trap
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
    lol = ('<?xml version="1.0"?><!DOCTYPE rdf:RDF [' + entities + ']>'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
           '<rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p></rdf:Description></rdf:RDF>')
    xxe = ('<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "' + url + '/xxe">]>'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
           '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>')
    path = tmp_path / "lol.rdf"
    path.write_text(lol, encoding="utf-8")
    with open_store("memory") as store:
        for source in (lol.encode(), path, xxe.encode()):
            with pytest.raises(StoreError, match="ENTITY"):
                store.bulk_load(source, "rdfxml")
        assert store.count() == 0
        ok = lol.replace(entities, "").replace("&i;", "&amp;fine")
        assert store.bulk_load(ok.encode(), "rdfxml") == 1
    assert hits == []

"""kg.server: the read-only SPARQL 1.1 Protocol endpoint and its page."""
from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse

import pyoxigraph as ox
import pytest

from kg.server import make_server, negotiate
from kg.store import open_store

EX = "http://example.org/"
G1 = ox.NamedNode(EX + "g1")
G2 = ox.NamedNode(EX + "g2")


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


QUADS = [
    ox.Quad(n("a"), n("name"), ox.Literal("Alpha", language="en"), G1),
    ox.Quad(n("a"), n("partOf"), n("b"), G1),
    ox.Quad(n("b"), n("name"), ox.Literal('Beta "the second"'), G2),
    ox.Quad(n("c"), n("partOf"), n("b"), G2),
]
SELECT = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?s"
ASK = "ASK { <http://example.org/a> <http://example.org/partOf> <http://example.org/b> }"
CONSTRUCT = "CONSTRUCT { ?o <http://example.org/hasPart> ?s } WHERE { ?s <http://example.org/partOf> ?o }"


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    s.apply(insert=QUADS)
    yield s
    s.close()


def _start(store, **kw):
    srv = make_server(store, "127.0.0.1", 0, quiet=True, **kw)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv, t


def _stop(srv, t):
    srv.shutdown()
    srv.server_close()
    t.join(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    pages = {"/hello/": lambda path: ("text/plain; charset=utf-8", f"hello {path}".encode()),
             "/missing/": lambda path: (_ for _ in ()).throw(LookupError("no such actor"))}
    srv, t = _start(store, pages=pages)
    yield srv
    _stop(srv, t)


def request(server, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def get(server, query: str, accept: str | None = None, extra: str = ""):
    target = "/sparql?" + urllib.parse.urlencode({"query": query}) + extra
    return request(server, "GET", target, headers={"Accept": accept} if accept else {})


# ---------------------------------------------------------------------------------------------
# clients
# ---------------------------------------------------------------------------------------------


def test_sparqlwrapper_select_ask_construct(server):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    doc = sw.query().convert()
    assert [b["s"]["value"] for b in doc["results"]["bindings"]] == [EX + "a", EX + "b"]
    assert doc["results"]["bindings"][0]["name"] == {"type": "literal", "value": "Alpha", "xml:lang": "en"}

    sw.setReturnFormat(XML)
    xml_doc = sw.query().convert()
    assert len(xml_doc.getElementsByTagName("result")) == 2

    sw.setReturnFormat(CSV)
    csv_body = sw.query().convert()
    assert csv_body.splitlines()[0] == b"s,name" and b'"Beta ""the second"""' in csv_body

    sw.setMethod("POST")
    sw.setQuery(ASK)
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True

    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    ttl = sw.query().convert()
    triples = list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    assert {str(t.triple) for t in triples} == {
        str(ox.Triple(n("b"), n("hasPart"), n("a"))), str(ox.Triple(n("b"), n("hasPart"), n("c")))}


def test_rdflib_sparqlstore(server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server.url + "/sparql"))
    rows = list(g.query(SELECT))
    assert [str(r[0]) for r in rows] == [EX + "a", EX + "b"]
    assert g.query(ASK).askAnswer is True
    res = g.query(CONSTRUCT)
    assert (URIRef(EX + "b"), URIRef(EX + "hasPart"), URIRef(EX + "c")) in set(res)


# ---------------------------------------------------------------------------------------------
# protocol: the three ways of asking, datasets, negotiation
# ---------------------------------------------------------------------------------------------


def test_get_post_form_post_direct(server):
    status, headers, body = get(server, SELECT)
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    form = urllib.parse.urlencode({"query": SELECT}).encode()
    s2, _, b2 = request(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    s3, _, b3 = request(server, "POST", "/sparql", SELECT.encode(), {"Content-Type": "application/sparql-query"})
    assert s2 == s3 == 200
    assert json.loads(body) == json.loads(b2) == json.loads(b3)


def test_dataset_parameters(server):
    q = "SELECT ?s WHERE { ?s <http://example.org/name> ?n }"
    _, _, body = get(server, q, extra="&" + urllib.parse.urlencode({"default-graph-uri": G2.value}))
    assert [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]] == [EX + "b"]
    q = "SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://example.org/name> ?n } }"
    _, _, body = get(server, q, extra="&" + urllib.parse.urlencode({"named-graph-uri": G1.value}))
    rows = json.loads(body)["results"]["bindings"]
    assert [(r["g"]["value"], r["s"]["value"]) for r in rows] == [(G1.value, EX + "a")]
    status, _, _ = get(server, q, extra="&default-graph-uri=not%20an%20iri")
    assert status == 400


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_negotiation(server, accept, expected):
    status, headers, body = get(server, SELECT, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == expected
    assert body


@pytest.mark.parametrize("accept,expected,fmt", [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (None, "text/turtle", ox.RdfFormat.TURTLE),
])
def test_construct_negotiation(server, accept, expected, fmt):
    status, headers, body = get(server, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == expected
    assert len(list(ox.parse(body, format=fmt))) == 2


def test_unacceptable_formats_get_406(server):
    assert get(server, SELECT, "text/turtle")[0] == 406
    assert get(server, CONSTRUCT, "application/sparql-results+json")[0] == 406
    assert get(server, ASK, "image/png")[0] == 406


def test_negotiate_helper():
    offers = ["a/x", "b/y"]
    assert negotiate("b/y, a/x;q=0.5", offers, {}) == "b/y"
    assert negotiate("a/*", offers, {}) == "a/x"
    assert negotiate("c/z", offers, {}) is None
    assert negotiate("b/y;q=0", offers, {}) is None
    assert negotiate(None, offers, {}) == "a/x"


# ---------------------------------------------------------------------------------------------
# protocol: negative cases (W3C SPARQL 1.1 Protocol test suite, query side) and read-only
# ---------------------------------------------------------------------------------------------


def test_bad_query_syntax(server):
    status, headers, body = get(server, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert b"invalid SPARQL query" in body
    assert get(server, "SELEC * WHERE {}")[0] == 400
    assert get(server, "hello")[0] == 400


def test_missing_and_multiple_queries(server):
    assert request(server, "GET", "/sparql")[0] == 400
    q = urllib.parse.quote(SELECT)
    status, _, body = request(server, "GET", f"/sparql?query={q}&query={q}")
    assert status == 400 and b"more than one" in body
    form = f"query={q}&query={q}".encode()
    assert request(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400
    # a direct POST with a query in the URL too
    assert request(server, "POST", f"/sparql?query={q}", SELECT.encode(),
                   {"Content-Type": "application/sparql-query"})[0] == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method(server, method):
    status, headers, _ = request(server, method, "/sparql?query=" + urllib.parse.quote(SELECT),
                                 SELECT.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 405 and "POST" in headers["Allow"]


def test_post_with_wrong_or_missing_content_type(server):
    assert request(server, "POST", "/sparql", SELECT.encode(), {"Content-Type": "text/plain"})[0] == 415
    status = request(server, "POST", "/sparql", urllib.parse.urlencode({"query": SELECT}).encode())[0]
    assert status in (400, 415)


def test_non_utf8(server):
    latin1 = 'SELECT * WHERE { ?s ?p "caf\xe9" }'.encode("latin-1")
    assert request(server, "POST", "/sparql", latin1, {"Content-Type": "application/sparql-query"})[0] == 400
    assert request(server, "GET", "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%22caf%E9%22%20%7D")[0] == 400
    assert request(server, "POST", "/sparql", b"query=caf%E9",
                   {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400


def test_updates_are_rejected(server, store):
    before = store.count()
    upd = 'INSERT DATA { <http://example.org/x> <http://example.org/p> "evil" }'
    cases = [
        request(server, "GET", "/sparql?" + urllib.parse.urlencode({"update": upd})),
        request(server, "POST", "/sparql", upd.encode(), {"Content-Type": "application/sparql-update"}),
        request(server, "POST", "/sparql", urllib.parse.urlencode({"update": upd}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"}),
        request(server, "POST", "/sparql", urllib.parse.urlencode({"query": upd}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"}),
        get(server, "DROP ALL"),
        request(server, "POST", "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-query"}),
    ]
    for status, _, body in cases:
        assert status == 403 and b"read-only" in body
    assert store.count() == before


def test_service_and_unknown_paths(server):
    status, _, body = get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body
    assert request(server, "GET", "/nothing-here")[0] == 404


def test_no_cors_headers(server):
    _, headers, _ = get(server, SELECT)
    assert not any(k.lower().startswith("access-control-") for k in headers)
    status, headers, _ = request(server, "OPTIONS", "/sparql", headers={"Origin": "http://evil.example",
                                                                      "Access-Control-Request-Method": "POST"})
    assert status == 405 and not any(k.lower().startswith("access-control-") for k in headers)


# ---------------------------------------------------------------------------------------------
# limits
# ---------------------------------------------------------------------------------------------


def test_result_size_cap(store):
    srv, t = _start(store, max_results=2)
    try:
        assert get(srv, SELECT)[0] == 200
        status, _, body = get(srv, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 503 and b"LIMIT" in body
        assert get(srv, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")[0] == 200
    finally:
        _stop(srv, t)


def test_timeout():
    big = open_store("memory")
    big.apply(insert=[ox.Quad(n(f"s{i}"), n("p"), ox.Literal(str(i)), G1) for i in range(300)])
    srv, t = _start(big, timeout=0.5)
    try:
        # a cross product of 300^4 rows streams slowly; the request gives up after the timeout
        query = "SELECT * WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z . ?d ?p ?w }"
        started = time.monotonic()
        status, _, body = get(srv, query)
        assert status == 503 and b"longer than" in body
        assert time.monotonic() - started < 10
        assert get(srv, SELECT)[0] == 200  # the server still answers
    finally:
        _stop(srv, t)
        big.close()


# ---------------------------------------------------------------------------------------------
# the page, the library endpoint, extra pages
# ---------------------------------------------------------------------------------------------


def test_index_page(server):
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<textarea" in page and 'id="examples"' in page and "fetch(" in page
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "@import" not in page and "url(http" not in page
    assert "Actor history" in page  # the library's examples are in the drop-down data
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'<script nonce="{nonce}">' in page
    # every executable script carries the nonce; the data block is JSON
    for tag in re.findall(r"<script[^>]*>", page):
        assert f'nonce="{nonce}"' in tag or 'type="application/json"' in tag


def test_library_endpoint(server):
    status, _, body = request(server, "GET", "/queries")
    names = {q["name"] for q in json.loads(body)}
    assert status == 200 and "actor-history" in names
    status, _, body = request(server, "GET", "/queries/actors")
    assert status == 200 and "results" in json.loads(body)
    assert request(server, "GET", "/queries/nope")[0] == 404
    assert request(server, "GET", "/queries/actor-history")[0] == 400  # required parameter missing
    assert request(server, "GET", "/queries/actors?bogus=1")[0] == 400


def test_mounted_pages(server):
    status, headers, body = request(server, "GET", "/hello/world?x=1")
    assert status == 200 and body == b"hello /hello/world?x=1"
    status, _, body = request(server, "GET", "/missing/x")
    assert status == 404 and b"no such actor" in body
    assert request(server, "POST", "/hello/world", b"", {"Content-Type": "text/plain"})[0] == 405


def test_binds_loopback_by_default(store):
    srv = make_server(store, port=0, quiet=True)
    try:
        assert srv.server_address[0] == "127.0.0.1"
    finally:
        srv.server_close()

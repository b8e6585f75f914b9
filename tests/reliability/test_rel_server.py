"""`kg serve`: read-only, loopback by default, no CORS wildcard, bounded query time and result size,
and it survives 1,000 concurrent-ish queries."""
from __future__ import annotations

import http.client
import inspect
import json
import statistics
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

PREFIX = "PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#>\n"


@pytest.fixture(scope="module")
def store(seeded_template):
    from kg.store import open_store
    s = open_store(seeded_template, read_only=True)
    yield s
    s.close()


def _start(store, **kw):
    from kg.pages import page_routes
    from kg.server import make_server
    kw.setdefault("pages", page_routes(store))
    srv = make_server(store, port=0, quiet=True, **kw)  # host left at its default
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv, t


@pytest.fixture(scope="module")
def server(store):
    srv, t = _start(store)
    yield srv
    srv.shutdown()
    srv.server_close()
    t.join(timeout=10)


def request(srv, method, path, body=None, headers=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def test_binds_loopback_by_default(server):
    from kg import cli
    from kg.server import make_server, serve
    assert server.server_address[0] == "127.0.0.1"
    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(cli.serve).parameters["host"].default.default == "127.0.0.1"


UPDATE = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"


@pytest.mark.parametrize("method,path,body,ctype", [
    ("POST", "/sparql", UPDATE, "application/sparql-update"),
    ("POST", "/sparql", urllib.parse.urlencode({"update": UPDATE}), "application/x-www-form-urlencoded"),
    ("POST", "/sparql", urllib.parse.urlencode({"query": UPDATE}), "application/x-www-form-urlencoded"),
    ("POST", "/sparql", urllib.parse.urlencode({"query": "DROP ALL"}), "application/x-www-form-urlencoded"),
    ("POST", "/sparql", urllib.parse.urlencode({"query": "# hi\nDELETE WHERE { ?s ?p ?o }"}),
     "application/x-www-form-urlencoded"),
    ("POST", "/sparql?update=" + urllib.parse.quote("DROP ALL"), "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
     "application/sparql-query"),
    ("POST", "/sparql", "CLEAR ALL", "application/sparql-query"),
    ("POST", "/sparql", UPDATE, "application/sparql-update; charset=utf-8"),
    ("POST", "/sparql", UPDATE, "Application/SPARQL-Update"),
    ("GET", "/sparql?" + urllib.parse.urlencode({"update": UPDATE}), None, None),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": "DROP ALL"}), None, None),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": "LOAD <http://example.org/x>"}), None, None),
    ("PUT", "/sparql", UPDATE, "application/sparql-update"),
    ("DELETE", "/sparql", None, None),
    ("PATCH", "/sparql", UPDATE, "application/sparql-update"),
    ("POST", "/queries/actor-history?actor=ISWAP", UPDATE, "application/sparql-update"),
])
def test_updates_are_rejected(server, store, method, path, body, ctype):
    before = store.count()
    headers = {"Content-Type": ctype} if ctype else {}
    status, hdrs, data = request(server, method, path, body.encode() if body else None, headers)
    assert status in (400, 403, 405, 415), (status, data)
    assert data.decode().count("\n") == 1
    assert store.count() == before
    assert not store.ask("ASK { GRAPH <urn:x> { ?s ?p ?o } }")


@pytest.mark.parametrize("method,path,headers", [
    ("GET", "/sparql?query=" + urllib.parse.quote("ASK {}"), {"Origin": "https://evil.example"}),
    ("POST", "/sparql", {"Origin": "https://evil.example", "Content-Type": "application/sparql-query"}),
    ("OPTIONS", "/sparql", {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
                            "Access-Control-Request-Headers": "content-type"}),
    ("GET", "/", {"Origin": "null"}),
    ("GET", "/queries", {"Origin": "https://evil.example"}),
])
def test_no_cors_wildcard(server, method, path, headers):
    body = b"ASK {}" if method == "POST" else None
    status, hdrs, _ = request(server, method, path, body, headers)
    lowered = {k.lower(): v for k, v in hdrs.items()}
    assert "access-control-allow-origin" not in lowered, (path, hdrs)
    assert "access-control-allow-credentials" not in lowered
    if method == "OPTIONS":
        assert status >= 400


def test_query_time_is_limited(store):
    srv, t = _start(store, timeout=1.0, max_results=10**9)
    try:
        slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        t0 = time.monotonic()
        status, _, body = request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": slow}))
        took = time.monotonic() - t0
        assert status == 503 and b"longer than 1 s" in body, (status, body)
        assert took < 10, took
        time.sleep(0.5)  # the cancelled worker stops at its next result
        status, _, _ = request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        assert status == 200
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(timeout=10)


def test_result_size_is_limited(store):
    srv, t = _start(store, max_results=100)
    try:
        for q in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                  "DESCRIBE ?s WHERE { ?s a kg:Actor }".replace("kg:", "<https://w3id.org/kg-armed-groups/ontology#>")
                  .replace("<https://w3id.org/kg-armed-groups/ontology#>Actor", "<https://w3id.org/kg-armed-groups/ontology#Actor>")):
            status, _, body = request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": q}))
            assert status == 503 and b"LIMIT" in body, (q, status, body[:200])
        status, _, body = request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 100"}))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 100
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(timeout=10)


def test_request_body_is_limited(server):
    """A 2 MiB body is refused from its Content-Length, before the server reads (or the client sends) it."""
    import socket
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: %d\r\n\r\nquery=" % (2 << 20))
        answer = sock.makefile("rb").readline()
    assert answer.split()[1] == b"413", answer


def test_hostile_requests_get_one_line_answers(server):
    for path in ("/sparql?query=%ff%fe", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE {"),
                 "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
                 "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { \x00 }"), "/../../etc/passwd",
                 "/actor/..%2f..%2fetc%2fpasswd", "/queries/..%2f..%2fetc%2fpasswd",
                 "/sparql?default-graph-uri=" + urllib.parse.quote("not an iri") + "&query=ASK%7B%7D"):
        status, _, body = request(server, "GET", path)
        assert 400 <= status < 500, (path, status, body[:200])
        assert b"root:" not in body and body.count(b"\n") <= 1


LOAD_QUERIES = [
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event }"})),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": PREFIX + "ASK { ?e a kg:Event }"})),
    ("GET", "/queries/actor-history?actor=ISWAP"),
    ("POST", PREFIX + "SELECT ?e ?l WHERE { ?e a kg:Event ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50"),
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": PREFIX + "CONSTRUCT { ?e kg:place ?p } WHERE { ?e kg:place ?p } LIMIT 100"})),
]


def test_load_1000_queries(server, record_property):
    """1,000 requests from 16 client threads against the default limits (4 query workers)."""
    n, clients = 1000, 16

    def one(i):
        method, what = LOAD_QUERIES[i % len(LOAD_QUERIES)]
        t0 = time.perf_counter()
        try:
            if method == "GET":
                status, _, body = request(server, "GET", what, timeout=60)
            else:
                status, _, body = request(server, "POST", "/sparql", what.encode(),
                                          {"Content-Type": "application/sparql-query"}, timeout=60)
        except OSError as e:
            return time.perf_counter() - t0, f"{type(e).__name__}: {e}"
        return time.perf_counter() - t0, None if status == 200 and body else f"HTTP {status}: {body[:80]!r}"

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - t0
    latencies = sorted(r[0] for r in results)
    errors = [r[1] for r in results if r[1]]
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * n) - 1]
    p99 = latencies[int(0.99 * n) - 1]
    figures = {"requests": n, "clients": clients, "seconds": round(wall, 2), "queries_per_s": round(n / wall, 1),
               "p50_ms": round(p50 * 1000, 1), "p95_ms": round(p95 * 1000, 1), "p99_ms": round(p99 * 1000, 1),
               "max_ms": round(latencies[-1] * 1000, 1), "errors": len(errors)}
    for k, v in figures.items():
        record_property(k, v)
    print("\nload test:", json.dumps(figures))
    assert not errors, f"{len(errors)} errors, e.g. {errors[:3]}"
    assert p95 < 5.0
    # and it still answers
    status, _, _ = request(server, "GET", "/sparql?query=" + urllib.parse.quote("ASK {}"))
    assert status == 200


def test_listen_backlog_fits_concurrent_clients():
    from kg.server import SparqlServer
    assert SparqlServer.request_queue_size >= 64

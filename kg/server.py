"""A read-only SPARQL 1.1 Protocol endpoint over a :class:`kg.store.Store`, with a small query page.

``serve(store)`` answers on ``http://127.0.0.1:7878``:

``/sparql``
    SPARQL 1.1 Protocol queries: ``GET ?query=``, ``POST`` form-encoded (``query=``) and ``POST``
    direct (``application/sparql-query``), with ``default-graph-uri``/``named-graph-uri``. Without
    them the default graph is the union of all named graphs. Results are content-negotiated:
    SELECT/ASK as ``application/sparql-results+json`` (default), ``+xml``, ``text/csv``,
    ``text/tab-separated-values``; CONSTRUCT/DESCRIBE as ``text/turtle`` (default),
    ``application/n-triples``, ``application/ld+json``, ``application/rdf+xml``; anything else
    is 406. Updates are refused (403, "read-only"): ``update=`` parameters,
    ``application/sparql-update`` bodies and update text sent as a query.
``/queries`` and ``/queries/{name}?param=value``
    The query library as JSON, and one library query run with its parameters (same negotiation).
``/``
    A page (inline HTML/CSS/JS, nothing fetched from elsewhere) with a query box, the library's
    queries in a drop-down and a result table.
extra pages
    ``pages={"/actor/": render_actor}`` mounts read-only pages: for a GET whose path starts with a
    prefix (longest first), the function gets the request path (with its query string) and
    returns ``(content type, body)``. ``LookupError`` from it means 404.

Limits. Each query runs in a worker thread. pyoxigraph cannot interrupt a running query, so the
request gives up after ``timeout`` seconds (503) and tells the worker to stop at its next result;
a query blocked in an operator that must see all its input first (ORDER BY, GROUP BY) keeps its
worker until it finishes. At most ``max_workers`` queries run at once (more get 503 "busy"), so
runaway queries cannot pile up. Answers with more than ``max_results`` rows or triples are refused
(503, "add a LIMIT"). Request bodies are capped at 1 MiB. No CORS header is sent, so browsers only
let pages of this same server read the answers; the server binds 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from kg.errors import KGError, UsageError
from kg.store import QueryLimitError, QueryResult, SparqlSyntaxError, Store, StoreError, query_form

log = logging.getLogger(__name__)

PageFunction = Callable[[str], tuple[str, bytes]]

MAX_BODY = 1 << 20
RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
RESULT_ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml"}
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
GRAPH_ALIASES = {"application/turtle": "text/turtle", "application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}


class HttpError(Exception):
    """An error answer: status and a one-line message."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


# ---------------------------------------------------------------------------------------------
# content negotiation
# ---------------------------------------------------------------------------------------------


def _parse_accept(header: str | None) -> list[tuple[str, float]]:
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def negotiate(accept: str | None, offers: list[str], aliases: Mapping[str, str]) -> str | None:
    """The offer the client prefers (by q, then by the server's order), or None."""
    best: tuple[float, int, str] | None = None
    for media, q in _parse_accept(accept):
        if q <= 0:
            continue
        media = aliases.get(media, media)
        for rank, offer in enumerate(offers):
            if media == offer or media == "*/*" or (media.endswith("/*") and offer.startswith(media[:-1])):
                key = (q, -rank, offer)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None


# ---------------------------------------------------------------------------------------------
# the server
# ---------------------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the store and the limits."""

    daemon_threads = True
    request_queue_size = 128     # socketserver's default of 5 drops bursts of concurrent clients

    def __init__(
        self,
        address: tuple[str, int],
        store: Store,
        *,
        timeout: float = 30.0,
        max_results: int = 100_000,
        max_workers: int = 4,
        pages: Mapping[str, PageFunction] | None = None,
        quiet: bool = False,
    ) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.query_timeout = timeout
        self.max_results = max_results
        self.pages = sorted((pages or {}).items(), key=lambda kv: -len(kv[0]))
        self.quiet = quiet
        self.slots = threading.BoundedSemaphore(max_workers)
        self.pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="kg-sparql")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def run_query(
        self,
        query: str,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> QueryResult:
        """Run a query within the limits; raises HttpError."""
        if not self.slots.acquire(timeout=1.0):
            raise HttpError(503, "the server is busy with other queries; try again later", {"Retry-After": "5"})
        cancel = threading.Event()
        deadline = time.monotonic() + self.query_timeout

        def work() -> QueryResult:
            try:
                return self.store.execute(
                    query,
                    bindings,
                    default_graph=default_graph,
                    named_graphs=named_graphs,
                    max_results=self.max_results,
                    deadline=deadline,
                    cancel=cancel,
                )
            finally:
                self.slots.release()

        try:
            future = self.pool.submit(work)
        except RuntimeError:
            self.slots.release()
            raise HttpError(503, "the server is shutting down") from None
        try:
            return future.result(timeout=self.query_timeout)
        except FutureTimeout:
            cancel.set()
            raise HttpError(503, f"the query took longer than {self.query_timeout:g} s and was stopped") from None
        except QueryLimitError as e:
            if "timed out" in str(e) or "cancelled" in str(e):
                raise HttpError(503, f"the query took longer than {self.query_timeout:g} s and was stopped") from None
            raise HttpError(503, str(e)) from None
        except SparqlSyntaxError as e:
            raise HttpError(400, str(e)) from None
        except UsageError as e:
            raise HttpError(400, str(e)) from None
        except StoreError as e:
            raise HttpError(500, str(e)) from None


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    max_results: int = 100_000,
    max_workers: int = 4,
    pages: Mapping[str, PageFunction] | None = None,
    quiet: bool = False,
) -> SparqlServer:
    """Bind the server (port 0 picks a free one) without starting it: call ``serve_forever()``."""
    return SparqlServer(
        (host, port), store, timeout=timeout, max_results=max_results, max_workers=max_workers,
        pages=pages, quiet=quiet,
    )


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    max_results: int = 100_000,
    max_workers: int = 4,
    pages: Mapping[str, PageFunction] | None = None,
    quiet: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``store`` read-only until interrupted (Ctrl-C). ``ready`` gets the base URL once bound."""
    try:
        server = make_server(store, host, port, timeout=timeout, max_results=max_results,
                             max_workers=max_workers, pages=pages, quiet=quiet)
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    if ready is not None:
        ready(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---------------------------------------------------------------------------------------------
# requests
# ---------------------------------------------------------------------------------------------


def _parse_qs(text: str, where: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, f"the {where} is not valid UTF-8") from None
    except ValueError as e:
        raise HttpError(400, f"cannot read the {where}: {e}") from None


def _graph_list(values: list[str], name: str) -> list[ox.NamedNode] | None:
    if not values:
        return None
    try:
        return [ox.NamedNode(v) for v in values]
    except ValueError as e:
        raise HttpError(400, f"{name}: not an IRI ({e})") from None


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    sys_version = ""

    # -- plumbing
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if not self.server.quiet:
            log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, content_type: str, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, err: HttpError) -> None:
        body = (" ".join(err.message.split()) + "\n").encode("utf-8")
        self._send(err.status, "text/plain; charset=utf-8", body, err.headers)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise HttpError(411, "send a Content-Length (chunked bodies are not accepted)")
        try:
            n = int(length) if length is not None else 0
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if n < 0:
            raise HttpError(400, "bad Content-Length")
        if n > MAX_BODY:
            raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes")
        return self.rfile.read(n) if n else b""

    def _dispatch(self, handler: Callable[[], None]) -> None:
        try:
            handler()
        except HttpError as e:
            self._error(e)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # noqa: BLE001 - one request must not bring the server down
            log.exception("error while answering %s %s", self.command, self.path)
            self._error(HttpError(500, "internal error (see the server log)"))

    # -- verbs
    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def _not_allowed(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/sparql":
            self._error(HttpError(405, f"{self.command} is not allowed here: this is a read-only endpoint (use GET or POST)",
                                  {"Allow": "GET, POST, HEAD"}))
        else:
            self._error(HttpError(405, f"{self.command} is not allowed", {"Allow": "GET, HEAD"}))

    do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815

    def do_OPTIONS(self) -> None:  # noqa: N802 - no CORS preflight approval
        self._not_allowed()

    # -- routes
    def _get(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        if path == "/sparql":
            params = _parse_qs(parts.query, "query string")
            self._sparql(params, where="URL")
            return
        if path in ("/", "/index.html"):
            nonce = secrets.token_urlsafe(16)
            csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
                   "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
            self._send(200, "text/html; charset=utf-8", index_page(nonce).encode("utf-8"),
                       {"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})
            return
        if path == "/queries":
            from kg.queries import list_queries

            doc = [_query_json(q) for q in list_queries()]
            self._send(200, "application/json", json.dumps(doc, ensure_ascii=False).encode("utf-8"))
            return
        if path.startswith("/queries/"):
            self._library_query(path[len("/queries/"):], _parse_qs(parts.query, "query string"))
            return
        for prefix, fn in self.server.pages:
            if path == prefix.rstrip("/") or path.startswith(prefix):
                try:
                    content_type, body = fn(self.path)
                except LookupError as e:
                    raise HttpError(404, str(e.args[0]) if e.args else "not found") from None
                except KGError as e:
                    raise HttpError(400, str(e)) from None
                self._send(200, content_type, body)
                return
        raise HttpError(404, f"nothing at {path}")

    def _post(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        if parts.path != "/sparql":
            if parts.path in ("/", "/queries") or parts.path.startswith("/queries/") or any(
                parts.path.startswith(p) for p, _ in self.server.pages
            ):
                self._not_allowed()
                return
            raise HttpError(404, f"nothing at {parts.path}")
        url_params = _parse_qs(parts.query, "query string")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._read_body()
        if ctype == "application/sparql-update":
            raise HttpError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        if ctype == "application/x-www-form-urlencoded":
            try:
                text = body.decode("ascii")
            except UnicodeDecodeError:
                raise HttpError(400, "the form body is not URL-encoded ASCII") from None
            form = _parse_qs(text, "form body")
            if "query" in url_params:
                raise HttpError(400, "give the query in the body only, not also in the URL")
            merged = dict(form)
            for k, v in url_params.items():
                merged.setdefault(k, [])
                merged[k] = merged[k] + v
            self._sparql(merged, where="form")
            return
        if ctype == "application/sparql-query":
            if "query" in url_params:
                raise HttpError(400, "a direct POST carries the query in its body, not in the URL")
            if "update" in url_params:
                raise HttpError(403, "this endpoint is read-only: SPARQL updates are not accepted")
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError(400, "the query is not valid UTF-8") from None
            params = dict(url_params)
            params["query"] = [query]
            self._sparql(params, where="body")
            return
        if not ctype:
            raise HttpError(415, "a POST needs a Content-Type: application/x-www-form-urlencoded or application/sparql-query")
        raise HttpError(415, f"unsupported Content-Type {ctype!r}: use application/x-www-form-urlencoded "
                             "or application/sparql-query")

    def _sparql(self, params: dict[str, list[str]], *, where: str) -> None:
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise HttpError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        queries = params.get("query", [])
        if not queries:
            if self.command in ("GET", "HEAD") and not params:
                raise HttpError(400, "missing query: use /sparql?query=… (or open / for the query page)")
            raise HttpError(400, "missing query parameter")
        if len(queries) > 1:
            raise HttpError(400, "more than one query parameter")
        query = queries[0]
        if "\x00" in query:
            raise HttpError(400, "the query contains a NUL character")
        form = query_form(query)
        if form == "UPDATE":
            raise HttpError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        if form is None:
            raise HttpError(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        media = self._negotiate(form)
        result = self.server.run_query(
            query,
            default_graph=_graph_list(params.get("default-graph-uri", []), "default-graph-uri"),
            named_graphs=_graph_list(params.get("named-graph-uri", []), "named-graph-uri"),
        )
        self._send_result(result, media)

    def _negotiate(self, form: str) -> str:
        accept = self.headers.get("Accept")
        if form in ("SELECT", "ASK"):
            media = negotiate(accept, RESULT_TYPES, RESULT_ALIASES)
            offers = RESULT_TYPES
        else:
            media = negotiate(accept, GRAPH_TYPES, GRAPH_ALIASES)
            offers = GRAPH_TYPES
        if media is None:
            raise HttpError(406, f"cannot answer a {form} query as {accept!r}; available: {', '.join(offers)}")
        return media

    def _send_result(self, result: QueryResult, media: str) -> None:
        try:
            body, media_type = result.serialize(media)
        except UsageError as e:
            raise HttpError(406, str(e)) from None
        ctype = media_type
        if media_type.startswith("text/") or media_type.endswith("json"):
            ctype += "; charset=utf-8"
        self._send(200, ctype, body)

    def _library_query(self, name: str, params: dict[str, list[str]]) -> None:
        from kg.queries import load_query, prepare

        try:
            info = load_query(urllib.parse.unquote(name))
        except UsageError as e:
            raise HttpError(404, str(e)) from None
        flat: dict[str, str] = {}
        for k, v in params.items():
            if len(v) > 1:
                raise HttpError(400, f"parameter {k!r} given more than once")
            flat[k] = v[0]
        media = self._negotiate(info.form or "SELECT")
        try:
            text, bindings = prepare(self.server.store, info, flat)
        except KGError as e:
            raise HttpError(400, str(e)) from None
        result = self.server.run_query(text, bindings)
        self._send_result(result, media)


def _query_json(q) -> dict:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [{"name": p.name, "description": p.description, "type": p.type, "default": p.default}
                   for p in q.params],
        "text": q.text,
    }


# ---------------------------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg — SPARQL</title>
<style nonce="__NONCE__">
  :root { --fg:#1b1f24; --muted:#5b636e; --line:#d5dae0; --bg:#fafbfc; --accent:#0b5cad; }
  * { box-sizing: border-box; }
  body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:#fff; }
  header { padding:.8rem 1.2rem; border-bottom:1px solid var(--line); background:var(--bg); }
  header h1 { margin:0; font-size:1.1rem; }
  header p { margin:.2rem 0 0; color:var(--muted); font-size:.9rem; }
  main { padding:1rem 1.2rem; max-width:1400px; }
  label { font-weight:600; font-size:.9rem; }
  select, input, textarea, button { font:inherit; }
  textarea { width:100%; min-height:14rem; font:13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
             padding:.6rem; border:1px solid var(--line); border-radius:4px; }
  .row { display:flex; gap:.8rem; align-items:center; flex-wrap:wrap; margin:.5rem 0; }
  #params .param { display:flex; flex-direction:column; }
  #params input { padding:.25rem .4rem; border:1px solid var(--line); border-radius:4px; min-width:12rem; }
  button { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:.4rem 1rem; cursor:pointer; }
  button:disabled { opacity:.6; cursor:wait; }
  #desc { color:var(--muted); margin:.3rem 0; }
  #status { color:var(--muted); }
  #status.error { color:#a40e26; }
  table { border-collapse:collapse; margin-top:.6rem; font-size:.88rem; }
  th, td { border:1px solid var(--line); padding:.25rem .5rem; text-align:left; vertical-align:top; }
  th { background:var(--bg); position:sticky; top:0; }
  td { max-width:40rem; overflow-wrap:anywhere; }
  .iri { color:var(--accent); }
  .dt { color:var(--muted); font-size:.8em; }
  pre { background:var(--bg); border:1px solid var(--line); padding:.6rem; overflow:auto; }
</style>
</head>
<body>
<header>
  <h1>kg — armed groups and conflict events</h1>
  <p>Read-only SPARQL endpoint at <code>/sparql</code>. The default graph is the union of all graphs.</p>
</header>
<main>
  <div class="row">
    <label for="examples">Example</label>
    <select id="examples"><option value="">— write your own —</option></select>
  </div>
  <p id="desc"></p>
  <div id="params" class="row"></div>
  <textarea id="query" spellcheck="false" aria-label="SPARQL query">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20</textarea>
  <div class="row">
    <button id="run" type="button">Run</button>
    <span id="status" role="status"></span>
  </div>
  <div id="results"></div>
</main>
<script type="application/json" id="library">__LIBRARY__</script>
<script nonce="__NONCE__">
(function () {
  "use strict";
  var library = JSON.parse(document.getElementById("library").textContent);
  var select = document.getElementById("examples");
  var box = document.getElementById("query");
  var desc = document.getElementById("desc");
  var paramsDiv = document.getElementById("params");
  var statusEl = document.getElementById("status");
  var results = document.getElementById("results");
  var runButton = document.getElementById("run");
  var current = null;

  library.forEach(function (q, i) {
    var opt = document.createElement("option");
    opt.value = String(i);
    opt.textContent = q.title;
    select.appendChild(opt);
  });

  function showParams(q) {
    paramsDiv.textContent = "";
    (q ? q.params : []).forEach(function (p) {
      var wrap = document.createElement("div");
      wrap.className = "param";
      var lab = document.createElement("label");
      lab.textContent = p.name + (p.default === null ? " *" : "");
      lab.title = p.description;
      var inp = document.createElement("input");
      inp.name = p.name;
      inp.placeholder = p.default && p.default !== "none" ? p.default : p.type;
      inp.title = p.description;
      lab.htmlFor = inp.id = "param-" + p.name;
      wrap.appendChild(lab);
      wrap.appendChild(inp);
      paramsDiv.appendChild(wrap);
    });
  }

  select.addEventListener("change", function () {
    current = select.value === "" ? null : library[Number(select.value)];
    desc.textContent = current ? current.description : "";
    if (current) { box.value = current.text; }
    showParams(current);
  });

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? "error" : "";
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    var span = document.createElement("span");
    span.textContent = term.value;
    if (term.type === "uri") { span.className = "iri"; }
    td.appendChild(span);
    if (term.type === "literal" && (term.datatype || term["xml:lang"])) {
      var small = document.createElement("span");
      small.className = "dt";
      small.textContent = term["xml:lang"] ? " @" + term["xml:lang"] : " ^^" + term.datatype.replace(/^.*[#\\/]/, "");
      td.appendChild(small);
    }
    return td;
  }

  function renderJson(doc) {
    results.textContent = "";
    if (typeof doc.boolean === "boolean") {
      var p = document.createElement("p");
      p.textContent = "ASK: " + doc.boolean;
      results.appendChild(p);
      setStatus("done", false);
      return;
    }
    var vars = doc.head.vars || [];
    var table = document.createElement("table");
    var tr = document.createElement("tr");
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; tr.appendChild(th); });
    var thead = document.createElement("thead");
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = document.createElement("tbody");
    doc.results.bindings.forEach(function (b) {
      var row = document.createElement("tr");
      vars.forEach(function (v) { row.appendChild(cell(b[v])); });
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    results.appendChild(table);
    setStatus(doc.results.bindings.length + " row(s)", false);
  }

  function run() {
    var text = box.value;
    var url = "sparql";
    var options = { method: "POST", headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
                    body: new URLSearchParams({ query: text }) };
    if (current && text === current.text) {
      var qs = new URLSearchParams();
      paramsDiv.querySelectorAll("input").forEach(function (inp) { if (inp.value !== "") { qs.append(inp.name, inp.value); } });
      url = "queries/" + encodeURIComponent(current.name) + "?" + qs.toString();
      options = { method: "GET", headers: options.headers };
    }
    runButton.disabled = true;
    setStatus("running…", false);
    results.textContent = "";
    var started = Date.now();
    fetch(url, options).then(function (resp) {
      var ctype = resp.headers.get("Content-Type") || "";
      return resp.text().then(function (body) {
        if (!resp.ok) { throw new Error(resp.status + ": " + body); }
        if (ctype.indexOf("json") >= 0) { renderJson(JSON.parse(body)); }
        else {
          var pre = document.createElement("pre");
          pre.textContent = body;
          results.appendChild(pre);
          setStatus("done", false);
        }
        statusEl.textContent += " in " + ((Date.now() - started) / 1000).toFixed(2) + " s";
      });
    }).catch(function (err) {
      setStatus(String(err.message || err), true);
    }).finally(function () { runButton.disabled = false; });
  }

  runButton.addEventListener("click", run);
  box.addEventListener("keydown", function (e) { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { run(); } });
})();
</script>
</body>
</html>
"""


def index_page(nonce: str) -> str:
    """The query page (self-contained: no external scripts, styles or fonts)."""
    from kg.queries import list_queries

    library = json.dumps([_query_json(q) for q in list_queries()], ensure_ascii=False)
    # keep the JSON inert inside <script>: no "</script>" or "<!--" can appear
    library = library.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _PAGE.replace("__NONCE__", html.escape(nonce, quote=True)).replace("__LIBRARY__", library)


__all__ = ["serve", "make_server", "SparqlServer", "negotiate", "index_page", "PageFunction"]

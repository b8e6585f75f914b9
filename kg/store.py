"""Where the graph lives: one interface over an embedded, an in-memory and a remote SPARQL store.

:func:`open_store` picks the backend from a location string:

========================== ==================================================================
location                   backend
========================== ==================================================================
``None``                   ``$KG_STORE`` if set, else ``exports/store`` (relative to the cwd)
``"memory"``/``":memory:"`` an in-memory pyoxigraph store (``kind == "memory"``)
``http://…``/``https://…`` a SPARQL 1.1 Protocol server (``kind == "remote"``), see below
anything else              a directory holding an embedded on-disk pyoxigraph (RocksDB) store,
                           created if missing (``kind == "oxigraph"``)
========================== ==================================================================

Every backend offers the same :class:`Store` methods and the same semantics:

* Queries see the **union of all named graphs as their default graph** (``GRAPH ?g {…}`` still
  addresses single graphs), unless they name their own dataset with ``FROM``/``FROM NAMED``
  (which never fetches anything: the graphs are looked up in the store). The embedded stores pass ``use_default_graph_as_union=True``; the
  remote backend adds Oxigraph's ``union-default-graph`` parameter when the server is Oxigraph
  (recognised once, from its ``Server`` header). Other servers must be set up so that their
  default graph is the union: Fuseki ``tdb2:unionDefaultGraph true`` on the dataset; GraphDB and
  Virtuoso already query all graphs when no ``FROM`` is given.
* ``bindings`` map variable names (without ``?``) to pyoxigraph terms. They are applied by
  injecting a ``VALUES`` block, built from terms serialised by :func:`sparql_term` (which
  escapes everything a literal can hold, and refuses IRIs/language tags/blank-node labels that
  could not be written safely), at the start of the query's ``WHERE`` group and of every
  sub-``SELECT`` group that mentions the variable. This gives the "substitute everywhere"
  semantics of SEP-0007 on every backend. (pyoxigraph's own ``substitutions=`` is not used: in
  0.5 it refuses a variable that is not in the outer ``SELECT`` projection and does not reach
  sub-queries, so a parameter used only inside a sub-query would be silently ignored.)
* :meth:`Store.apply` is one atomic write: one SPARQL Update request (``DROP SILENT GRAPH``,
  ``DELETE DATA``, ``INSERT DATA``). pyoxigraph runs an update in a single transaction and the
  Oxigraph server does the same for one request, so either everything lands or nothing does.
* No network access other than the configured endpoint: queries using ``SERVICE`` and updates
  using ``LOAD`` are refused before they reach pyoxigraph (which would otherwise fetch them).

Locking (embedded on-disk store): RocksDB holds an exclusive lock file (``LOCK``) while a
read-write :class:`pyoxigraph.Store` is open, so a second writer gets a :class:`StoreError`
saying the store is in use. ``read_only=True`` opens the directory with
``pyoxigraph.Store.read_only`` (pyoxigraph 0.5 has no "secondary" mode any more), which takes no
lock: a reader sees the data as it was when it opened the store, and may work while an ingest
runs, but pyoxigraph documents reading while another process writes as unsupported, so a long-
lived reader can fail if the writer compacts files away underneath it (reopen it then); such
failures surface as :class:`StoreError`.
"""
from __future__ import annotations

import abc
import functools
import json
import logging
import os
import re
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Union

import pyoxigraph as ox

from kg.errors import StoreError, UsageError
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
DEFAULT_LOCATION = "exports/store"
ENV_VAR = "KG_STORE"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

__all__ = [
    "Store",
    "OxigraphStore",
    "MemoryStore",
    "RemoteStore",
    "QueryResult",
    "StoreError",
    "SparqlSyntaxError",
    "QueryLimitError",
    "open_store",
    "sparql_term",
    "query_form",
    "inject_values",
    "RESULT_FORMATS",
    "RDF_FORMATS",
]


class SparqlSyntaxError(StoreError):
    """The query or update text is not valid SPARQL (or uses a refused feature)."""


class QueryLimitError(StoreError):
    """A query ran past its deadline or produced more results than allowed."""


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "srj": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "srx": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""Names accepted for SELECT/ASK results (media types are accepted too)."""

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "json": ox.RdfFormat.JSON_LD,
}
"""Names accepted for CONSTRUCT/DESCRIBE results, dumps and loads (media types are accepted too)."""

_QUAD_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


def _result_format(name: str) -> ox.QueryResultsFormat | None:
    key = name.strip().lower()
    if key in RESULT_FORMATS:
        return RESULT_FORMATS[key]
    if "/" in key:
        return ox.QueryResultsFormat.from_media_type(key)
    return None


def _rdf_format(name: str | ox.RdfFormat) -> ox.RdfFormat | None:
    if isinstance(name, ox.RdfFormat):
        return name
    key = name.strip().lower()
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    if "/" in key and key != "rdf/xml":
        return ox.RdfFormat.from_media_type(key)
    return ox.RdfFormat.from_extension(key)


def _need_rdf_format(name: str | ox.RdfFormat) -> ox.RdfFormat:
    fmt = _rdf_format(name)
    if fmt is None:
        raise UsageError(f"unknown RDF format {name!r} (use one of: turtle, ntriples, nquads, trig, jsonld, rdfxml)")
    return fmt


# --------------------------------------------------------------------------------------------
# Safe serialisation of terms and a small SPARQL lexer
# --------------------------------------------------------------------------------------------

_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_BNODE = re.compile(r"^[A-Za-z0-9_]+$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')


def _iri(value: str) -> str:
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"IRI {value!r} contains a character that cannot appear in SPARQL")
    return f"<{value}>"


def sparql_term(term: Term) -> str:
    """Serialise a pyoxigraph term for use in SPARQL text (VALUES, INSERT DATA…).

    Literals are written as double-quoted strings with every quote, backslash and line break
    escaped, so no value can end the string early; IRIs, language tags and blank-node labels
    that contain anything outside their grammar raise :class:`ValueError` (pyoxigraph already
    refuses most of them when the term is built).

    >>> sparql_term(ox.Literal('say "hi" } DROP ALL #'))
    '"say \\\\"hi\\\\" } DROP ALL #"'
    """
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        if not _BNODE.match(term.value):
            raise ValueError(f"blank node label {term.value!r} cannot be written in SPARQL")
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        body = '"' + _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], term.value) + '"'
        if term.language:
            if not _LANG.match(term.language):
                raise ValueError(f"language tag {term.language!r} is not valid")
            return f"{body}@{term.language}"
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return body
        return f"{body}^^{_iri(datatype)}"
    raise ValueError(f"cannot write {type(term).__name__} {term!r} as a SPARQL term")


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_:][A-Za-z0-9_\-.:\u00B7\u00C0-\uFFFF]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        out.append(_Tok(kind, m.group(), m.start(), m.end()))
    return out


@functools.lru_cache(maxsize=4)
def _query_tokens(text: str) -> tuple[_Tok, ...]:
    # a query is looked at three times before it runs (form, refused keywords, dataset clause): the
    # tokens of the last few texts are kept, as tokenising a query with a long VALUES list costs ms
    return tuple(_tokens(text))


def _toks(text: str):
    return _query_tokens(text) if len(text) < 1 << 20 else _tokens(text)


def query_form(text: str) -> str | None:
    """The form of a SPARQL request: ``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE``, ``UPDATE``, or None."""
    toks = _toks(text)
    i = 0
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else ""
        if word == "PREFIX":
            i += 3
            continue
        if word == "BASE":
            i += 2
            continue
        if word in _QUERY_FORMS:
            return word
        if word in _UPDATE_WORDS:
            return "UPDATE"
        return None
    return None


def _refuse_network(text: str, toks: list[_Tok]) -> None:
    for t in toks:
        if t.kind == "word" and t.text.upper() in ("SERVICE", "LOAD"):
            raise SparqlSyntaxError(
                f"{t.text.upper()} is disabled: kg only talks to its own store (found at character {t.start})"
            )


def has_dataset_clause(text: str) -> bool:
    """Whether a query names its own dataset (``FROM <g>`` or ``FROM NAMED <g>``, outside any group)."""
    depth = 0
    for t in _toks(text):
        if t.kind == "open":
            depth += 1
        elif t.kind == "close":
            depth -= 1
        elif depth == 0 and t.kind == "word" and t.text.upper() == "FROM":
            return True
    return False


def _matching_close(toks: list[_Tok], open_index: int) -> int:
    depth = 0
    for j in range(open_index, len(toks)):
        if toks[j].kind == "open":
            depth += 1
        elif toks[j].kind == "close":
            depth -= 1
            if depth == 0:
                return j
    raise SparqlSyntaxError("unbalanced braces in the query")


def _values_block(names: Sequence[str], bindings: Mapping[str, Term]) -> str:
    vars_ = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f" VALUES ({vars_}) {{ ({row}) }} "


_VAR_NAME = re.compile(r"^[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+$")


def inject_values(text: str, bindings: Mapping[str, Term] | None) -> str:
    """Bind variables by adding ``VALUES`` blocks to the query's pattern groups.

    A block goes at the start of the outer ``WHERE`` group and of every sub-``SELECT`` group in
    which the variable occurs. Variables that occur nowhere are ignored (as with SEP-0007
    substitution). Values are serialised with :func:`sparql_term`.
    """
    if not bindings:
        return text
    for name, term in bindings.items():
        if not isinstance(name, str) or not _VAR_NAME.match(name):
            raise ValueError(f"invalid variable name {name!r}")
        sparql_term(term)  # validates early
        if isinstance(term, ox.BlankNode):
            raise ValueError(f"?{name}: blank nodes cannot be bound in a query")
    toks = _tokens(text)
    form = query_form(text)
    groups: list[int] = []  # token indexes of '{' opening a pattern group to receive VALUES
    depth = 0
    outer_found = False
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "open":
            if depth == 0 and not outer_found:
                if form in ("SELECT", "ASK", "DESCRIBE"):
                    groups.append(i)
                    outer_found = True
                elif form == "CONSTRUCT":
                    prev = toks[i - 1] if i else None
                    if prev is not None and prev.kind == "word" and prev.text.upper() == "WHERE":
                        before = toks[i - 2] if i >= 2 else None
                        if before is not None and before.kind == "word" and before.text.upper() == "CONSTRUCT":
                            raise ValueError(
                                "bindings need the long CONSTRUCT form: CONSTRUCT { … } WHERE { … }"
                            )
                        groups.append(i)
                        outer_found = True
            depth += 1
        elif t.kind == "close":
            depth -= 1
        elif t.kind == "word" and t.text.upper() == "SELECT" and depth > 0:
            for j in range(i + 1, len(toks)):
                if toks[j].kind == "open":
                    groups.append(j)
                    break
        i += 1
    if not groups:
        # e.g. DESCRIBE ?x without WHERE: a trailing VALUES is valid there.
        names = [n for n in bindings if any(t.kind == "var" and t.text[1:] == n for t in toks)]
        return text + ("\n" + _values_block(names, bindings) if names else "")
    inserts: list[tuple[int, str]] = []
    for g in groups:
        close = _matching_close(toks, g)
        present = {t.text[1:] for t in toks[g:close] if t.kind == "var"}
        names = [n for n in bindings if n in present]
        if names:
            inserts.append((toks[g].end, _values_block(names, bindings)))
    out = text
    for pos, block in sorted(inserts, reverse=True):
        out = out[:pos] + block + out[pos:]
    return out


def _check_quad(q: object, *, allow_bnodes: bool) -> None:
    if not isinstance(q, ox.Quad):
        raise TypeError(f"expected a pyoxigraph.Quad, got {type(q).__name__}: {q!r}")
    for term in (q.subject, q.object):
        if isinstance(term, ox.BlankNode) and not allow_bnodes:
            raise ValueError(f"cannot delete a quad with a blank node: {q}")
        if isinstance(term, ox.Triple):
            raise ValueError(f"quoted triples are not supported: {q}")
    if isinstance(q.graph_name, ox.BlankNode):
        raise ValueError(f"blank-node graph names are not supported: {q}")


def _graph_text(quads: Iterable[ox.Quad], *, allow_bnodes: bool) -> str:
    by_graph: dict[object, list[str]] = {}
    for q in quads:
        _check_quad(q, allow_bnodes=allow_bnodes)
        g = q.graph_name
        line = " ".join(sparql_term(t) for t in (q.subject, q.predicate, q.object)) + " ."
        by_graph.setdefault(g.value if isinstance(g, ox.NamedNode) else None, []).append(line)
    parts = []
    for g, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if g is None else f"GRAPH {_iri(g)} {{\n{body}\n}}")
    return "\n".join(parts)


def build_update(
    drop_graphs: Iterable[ox.NamedNode] = (),
    delete: Iterable[ox.Quad] = (),
    insert: Iterable[ox.Quad] = (),
) -> str:
    """The single SPARQL Update text that :meth:`Store.apply` sends ('' when there is nothing to do)."""
    ops = []
    for g in drop_graphs:
        if not isinstance(g, ox.NamedNode):
            raise TypeError(f"graph names to drop must be NamedNode, got {g!r}")
        ops.append(f"DROP SILENT GRAPH {_iri(g.value)}")
    deleted = _graph_text(delete, allow_bnodes=False)
    if deleted:
        ops.append(f"DELETE DATA {{\n{deleted}\n}}")
    inserted = _graph_text(insert, allow_bnodes=True)
    if inserted:
        ops.append(f"INSERT DATA {{\n{inserted}\n}}")
    return " ;\n".join(ops)


def _nquads_lines(graph: str, data: bytes) -> list[str]:
    """The statements of N-Quads ``data`` (as :func:`pyoxigraph.serialize` writes them: one quad per line,
    line breaks inside literals escaped) as N-Triples lines, checking that every quad is in ``graph``.

    N-Triples terms are SPARQL terms: pyoxigraph validates IRIs and language tags when it builds them and
    escapes quotes, backslashes and control characters in literals, as :func:`sparql_term` does."""
    suffix = f" {_iri(graph)} ."
    cut = len(suffix)
    out = []
    for line in data.decode("utf-8").split("\n"):
        if not line:
            continue
        if not line.endswith(suffix):
            raise ValueError(f"a quad outside graph <{graph}>: {line[:200]}")
        out.append(line[:-cut] + " .")
    return out


def build_nquads_update(
    drop_graphs: Iterable[ox.NamedNode] = (),
    delete: Iterable[ox.Quad] = (),
    insert: Iterable[tuple[str, bytes]] = (),
) -> str:
    """:func:`build_update` with the inserted quads given as N-Quads parts, each ``(graph IRI, bytes)``
    holding quads of that named graph only (ValueError otherwise)."""
    text = build_update(drop_graphs, delete, ())
    blocks = []
    for graph, data in insert:
        lines = _nquads_lines(graph, data)
        if lines:
            blocks.append(f"GRAPH {_iri(graph)} {{\n" + "\n".join(lines) + "\n}")
    if blocks:
        text = (text + " ;\n" if text else "") + "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
    return text


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class QueryResult:
    """A materialised query answer (what :meth:`Store.execute` returns)."""

    form: str                                   # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def serialize(self, result_format: str) -> tuple[bytes, str]:
        """Serialise in ``result_format`` (a name or a media type); returns (bytes, media type)."""
        if self.form in ("SELECT", "ASK"):
            fmt = _result_format(result_format)
            if fmt is None:
                raise UsageError(
                    f"format {result_format!r} is not available for {self.form} results (use json, xml, csv or tsv)"
                )
            body = _results_json(self)
            if fmt == ox.QueryResultsFormat.JSON:
                return body, fmt.media_type
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            return parsed.serialize(format=fmt), fmt.media_type
        fmt = _rdf_format(result_format)
        if fmt is None:
            raise UsageError(
                f"format {result_format!r} is not available for {self.form} results "
                "(use turtle, ntriples, jsonld or rdfxml)"
            )
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        return ox.serialize(self.triples, format=fmt, prefixes=prefixes), fmt.media_type


def _term_json(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    raise ValueError(f"cannot serialise {term!r}")


def _results_json(result: QueryResult) -> bytes:
    if result.form == "ASK":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        doc = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{k: _term_json(v) for k, v in row.items()} for row in result.rows]},
        }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------------------------
# The interface
# --------------------------------------------------------------------------------------------


class Store(abc.ABC):
    """A quad store holding kg's named graphs. Use as a context manager or call :meth:`close`."""

    kind: str = ""
    location: str = ""
    read_only: bool = False

    # ---- to implement -------------------------------------------------------------------
    @abc.abstractmethod
    def _run(
        self,
        query: str,
        form: str,
        *,
        union: bool,
        default_graph: Sequence[ox.NamedNode] | None,
        named_graphs: Sequence[ox.NamedNode] | None,
    ) -> object:
        """Run prepared query text; return a pyoxigraph QuerySolutions / QueryBoolean / iterable of Triple."""

    @abc.abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL Update as one atomic transaction (LOAD and SERVICE are refused)."""

    @abc.abstractmethod
    def graphs(self) -> set[ox.NamedNode]:
        """The named graphs that hold at least one quad."""

    @abc.abstractmethod
    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad, or those of one named graph."""

    @abc.abstractmethod
    def bulk_load(
        self,
        source: str | os.PathLike | bytes,
        format: str,
        graph: ox.NamedNode | None = None,
    ) -> int | None:
        """Load a file (path) or serialised bytes fast, not atomically; returns quads added when known."""

    @abc.abstractmethod
    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Number of quads in the whole dataset, or in one named graph."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store (and its lock)."""

    # ---- shared -------------------------------------------------------------------------
    def subject_quads(self, subjects: Iterable[str], predicates: Iterable[str] | None = None) -> list[ox.Quad]:
        """Every quad (in any named graph) whose subject is one of ``subjects`` (IRIs), or only those
        with one of ``predicates``.

        The embedded backends read their subject index directly; others ask in chunks of VALUES."""
        subjects = sorted(set(subjects))
        wanted = sorted(set(predicates)) if predicates is not None else None
        filt = " FILTER(?p IN (%s))" % ", ".join(f"<{p}>" for p in wanted) if wanted else ""
        out: list[ox.Quad] = []
        for i in range(0, len(subjects), 400):
            values = " ".join(f"<{s}>" for s in subjects[i:i + 400])
            for r in self.select("SELECT ?s ?p ?o ?g WHERE { VALUES ?s { %s } GRAPH ?g { ?s ?p ?o }%s }" % (values, filt)):
                out.append(ox.Quad(r["s"], r["p"], r["o"], r["g"]))
        return out

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        ro = ", read_only" if self.read_only else ""
        return f"<{type(self).__name__} {self.kind} {self.location!r}{ro}>"

    def _prepare(self, query: str, bindings: Mapping[str, Term] | None) -> tuple[str, str]:
        if not isinstance(query, str):
            raise TypeError("query must be a str")
        form = query_form(query)
        if form == "UPDATE":
            raise SparqlSyntaxError("this is an update, not a query (updates go through Store.apply)")
        if form is None:
            raise SparqlSyntaxError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        _refuse_network(query, _toks(query))
        try:
            text = inject_values(query, bindings)
        except ValueError as e:
            raise StoreError(f"cannot bind query parameters: {e}") from None
        return text, form

    def execute(
        self,
        query: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        max_results: int | None = None,
        deadline: float | None = None,
        cancel: threading.Event | None = None,
    ) -> QueryResult:
        """Run a query and materialise its answer.

        ``default_graph``/``named_graphs`` set the dataset as the SPARQL Protocol's
        ``default-graph-uri``/``named-graph-uri`` do (otherwise the default graph is the union).
        ``max_results`` (rows or triples) and ``deadline`` (a :func:`time.monotonic` value) raise
        :class:`QueryLimitError` when passed; ``cancel`` stops the evaluation between results. Both
        are checked between results, so an operator that must see everything before its first
        result (ORDER BY, GROUP BY) is only stopped after it finishes.
        """
        text, form = self._prepare(query, bindings)
        # The union default graph is kg's default dataset, not an override: a query's own FROM /
        # FROM NAMED clause (like the protocol's default-graph-uri) sets the dataset instead.
        union = default_graph is None and named_graphs is None and not has_dataset_clause(text)
        raw = self._run(text, form, union=union, default_graph=default_graph, named_graphs=named_graphs)
        result = QueryResult(form=form)
        if form == "ASK":
            result.boolean = bool(raw)
            return result

        def check(n: int) -> None:
            if cancel is not None and cancel.is_set():
                raise QueryLimitError("query cancelled")
            if deadline is not None and time.monotonic() > deadline:
                raise QueryLimitError("query timed out")
            if max_results is not None and n > max_results:
                raise QueryLimitError(f"the result has more than {max_results} rows; add a LIMIT")

        try:
            self._collect(raw, result, check)
        except BaseException as e:
            # pyoxigraph's result iterators must be dropped on the thread that made them (the
            # server runs queries in workers): release every frame that still refers to one.
            raw = None
            _clear_traceback_frames(e)
            raise
        finally:
            raw = None
        return result

    def _collect(self, raw: object, result: QueryResult, check: Callable[[int], None] | None) -> None:
        """Materialise ``raw`` into ``result``; ``check(n)`` is called before the n-th row (None: no checks)."""
        try:
            if result.form == "SELECT":
                names = [v.value for v in raw.variables]  # type: ignore[attr-defined]
                result.variables = names
                rows = result.rows
                # a solution iterates over its values in the order of the variables (None when
                # unbound): zipping them with the names costs a third less than solution[name] for
                # each name (41 -> 30 ms for 4,400 rows of three variables)
                if check is None:
                    rows.extend({n: v for n, v in zip(names, sol) if v is not None}
                                for sol in raw)  # type: ignore[attr-defined]
                else:
                    for count, sol in enumerate(raw, start=1):  # type: ignore[call-overload]
                        check(count)
                        rows.append({n: v for n, v in zip(names, sol) if v is not None})
            else:
                for count, triple in enumerate(raw, start=1):  # type: ignore[call-overload]
                    if check is not None:
                        check(count)
                    result.triples.append(triple)
        except (OSError, RuntimeError) as e:
            raise StoreError(f"{self.location}: query failed: {_one_line(e)}") from None

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term]]:
        """Rows of a SELECT query as dicts from variable name to term; unbound variables are absent."""
        result = self.execute(query, bindings)
        if result.form != "SELECT":
            raise StoreError(f"select() needs a SELECT query, got {result.form}")
        return result.rows

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """The answer of an ASK query."""
        result = self.execute(query, bindings)
        if result.form != "ASK":
            raise StoreError(f"ask() needs an ASK query, got {result.form}")
        return bool(result.boolean)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        result = self.execute(query, bindings)
        if result.form not in ("CONSTRUCT", "DESCRIBE"):
            raise StoreError(f"construct() needs a CONSTRUCT or DESCRIBE query, got {result.form}")
        return result.triples

    def query_raw(
        self,
        query: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        result_format: str,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        max_results: int | None = None,
        deadline: float | None = None,
    ) -> bytes:
        """Serialised results. SELECT/ASK: ``json``, ``xml``, ``csv``, ``tsv``;
        CONSTRUCT/DESCRIBE: ``turtle``, ``ntriples``, ``jsonld``, ``rdfxml`` (``json``/``xml``
        mean JSON-LD/RDF-XML there). Media types are accepted as well."""
        result = self.execute(
            query,
            bindings,
            default_graph=default_graph,
            named_graphs=named_graphs,
            max_results=max_results,
            deadline=deadline,
        )
        return result.serialize(result_format)[0]

    def apply(
        self,
        *,
        drop_graphs: Iterable[ox.NamedNode] = (),
        delete: Iterable[ox.Quad] = (),
        insert: Iterable[ox.Quad] = (),
    ) -> None:
        """Drop whole graphs, delete quads, insert quads: one atomic transaction, in that order.

        Either everything lands or nothing does. Blank nodes may be inserted (they become fresh
        blank nodes) but not deleted. Invalid input raises TypeError/ValueError before anything
        is sent.
        """
        self._check_writable()
        text = build_update(drop_graphs, delete, insert)
        if text:
            self._apply_update(text)

    def apply_nquads(
        self,
        *,
        drop_graphs: Iterable[ox.NamedNode] = (),
        delete: Iterable[ox.Quad] = (),
        insert: Iterable[tuple[str, bytes]] = (),
    ) -> None:
        """:meth:`apply` with the inserted quads given as N-Quads, in parts ``(graph IRI, bytes)`` that each
        hold quads of that one named graph (as :func:`pyoxigraph.serialize` writes them). One atomic
        transaction; the writer of an ingest uses it so that quads made in a worker process are never
        turned back into Python objects."""
        self._check_writable()
        text = build_nquads_update(drop_graphs, delete, insert)
        if text:
            self._apply_update(text)

    def _apply_update(self, text: str) -> None:
        """Run an update that :func:`build_update` wrote (every term serialised by :func:`sparql_term`)."""
        self.update(text)

    def dump(self, out: BinaryIO, format: str, graph: ox.NamedNode | None = None) -> None:
        """Write the dataset (``nquads``/``trig``) or one graph / the union of all graphs
        (``turtle``/``ntriples``/``jsonld``/``rdfxml``) to a binary stream."""
        fmt = _need_rdf_format(format)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if fmt in _QUAD_FORMATS:
            ox.serialize(self.quads(graph), out, format=fmt, prefixes=prefixes)
            return
        ox.serialize(self._triples_of(graph), out, format=fmt, prefixes=prefixes)

    def _triples_of(self, graph: ox.NamedNode | None) -> Iterator[ox.Triple]:
        if graph is not None:
            for q in self.quads(graph):
                yield q.triple
            return
        rows = self.execute("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }").rows
        for r in rows:
            yield ox.Triple(r["s"], r["p"], r["o"])

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: the store is open read-only")


_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _refuse_xml_entities(source: str | os.PathLike | bytes, fmt: ox.RdfFormat) -> None:
    """Refuse RDF/XML that declares entities: pyoxigraph expands internal entities recursively, so a
    "billion laughs" document of a few hundred bytes becomes a gigabyte string. Declarations can only
    sit in the DOCTYPE, before the root element, so the head of the document is enough to look at."""
    if fmt != ox.RdfFormat.RDF_XML:
        return
    if isinstance(source, (bytes, bytearray)):
        head, where = bytes(source[: 1 << 20]), "input"
    else:
        where = os.fspath(source)
        try:
            with open(where, "rb") as f:
                head = f.read(1 << 20)
        except OSError as e:
            raise StoreError(f"{where}: cannot read: {e.strerror or e}") from None
    root = re.search(rb"<(?![?!])", head)
    prolog = head if root is None else head[: root.start()]
    if _ENTITY_DECL.search(prolog) or (root is None and re.search(rb"<!DOCTYPE", head, re.IGNORECASE)):
        raise StoreError(f"{where}: RDF/XML with <!ENTITY> declarations is refused (entity expansion)")


def _clear_traceback_frames(e: BaseException | None) -> None:
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if e.__traceback__ is not None:
            traceback.clear_frames(e.__traceback__)
        e = e.__context__


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


# --------------------------------------------------------------------------------------------
# Embedded pyoxigraph (on disk or in memory)
# --------------------------------------------------------------------------------------------


class _PyoxigraphStore(Store):
    def __init__(self, store: ox.Store, location: str, *, read_only: bool) -> None:
        self._store: ox.Store | None = store
        self.location = location
        self.read_only = read_only

    @property
    def raw(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for code that needs pyoxigraph directly)."""
        if self._store is None:
            raise StoreError(f"{self.location}: the store is closed")
        return self._store

    def _run(self, query, form, *, union, default_graph, named_graphs):
        kwargs: dict = {}
        if union:
            kwargs["use_default_graph_as_union"] = True
        else:
            if default_graph is not None:
                kwargs["default_graph"] = list(default_graph)
            if named_graphs is not None:
                kwargs["named_graphs"] = list(named_graphs)
        try:
            return self.raw.query(query, **kwargs)
        except SyntaxError as e:
            raise SparqlSyntaxError(f"invalid SPARQL query: {_one_line(e)}") from None
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"{self.location}: query failed: {_one_line(e)}") from None

    def apply(self, *, drop_graphs=(), delete=(), insert=()) -> None:
        drop_graphs, delete = list(drop_graphs), list(delete)
        if drop_graphs or delete:
            super().apply(drop_graphs=drop_graphs, delete=delete, insert=insert)
            return
        # inserts only: pyoxigraph's extend() is one transaction too, and skips SPARQL parsing
        self._check_writable()
        quads = list(insert)
        if not quads:
            return
        for q in quads:  # the same checks as the update path
            _check_quad(q, allow_bnodes=True)
        try:
            self.raw.extend(quads)
        except (OSError, ValueError, TypeError) as e:
            raise StoreError(f"{self.location}: write failed, nothing was written: {_one_line(e)}") from None

    def apply_nquads(self, *, drop_graphs=(), delete=(), insert=()) -> None:
        drop_graphs, delete, insert = list(drop_graphs), list(delete), list(insert)
        if drop_graphs or delete:
            super().apply_nquads(drop_graphs=drop_graphs, delete=delete, insert=insert)
            return
        # inserts only: one pyoxigraph load() is one transaction and parses N-Quads without Python objects
        self._check_writable()
        for graph, data in insert:   # the check of the update path: every line ends with the part's graph
            # (a line break inside a literal is escaped, so each occurrence of the suffix ends a line)
            if data and (not data.endswith(b"\n")
                         or data.count(b"\n") != data.count(f" {_iri(graph)} .\n".encode("utf-8"))):
                _nquads_lines(graph, data)   # raises ValueError naming the line
        data = b"".join(d for _, d in insert)
        if not data:
            return
        try:
            self.raw.load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise StoreError(f"{self.location}: invalid N-Quads, nothing was written: {_one_line(e)}") from None
        except (OSError, ValueError) as e:
            raise StoreError(f"{self.location}: write failed, nothing was written: {_one_line(e)}") from None

    def update(self, update: str) -> None:
        self._check_writable()
        toks = _tokens(update)
        _refuse_network(update, toks)
        self._apply_update(update)

    def _apply_update(self, update: str) -> None:
        # build_update's text holds only DROP SILENT GRAPH / DELETE DATA / INSERT DATA and escaped
        # terms, so it needs no scan for SERVICE or LOAD (tokenising it cost ~10 ms per ingested article)
        try:
            self.raw.update(update)
        except SyntaxError as e:
            raise SparqlSyntaxError(f"invalid SPARQL update: {_one_line(e)}") from None
        except (OSError, RuntimeError, ValueError) as e:
            raise StoreError(f"{self.location}: update failed, nothing was written: {_one_line(e)}") from None

    def graphs(self) -> set[ox.NamedNode]:
        out = set()
        try:
            for g in self.raw.named_graphs():
                if isinstance(g, ox.NamedNode) and next(
                    iter(self.raw.quads_for_pattern(None, None, None, g)), None
                ) is not None:
                    out.add(g)
        except OSError as e:
            raise StoreError(f"{self.location}: {_one_line(e)}") from None
        return out

    def subject_quads(self, subjects: Iterable[str], predicates: Iterable[str] | None = None) -> list[ox.Quad]:
        out: list[ox.Quad] = []
        preds = [ox.NamedNode(p) for p in sorted(set(predicates))] if predicates is not None else [None]
        try:
            for s in sorted(set(subjects)):
                node = ox.NamedNode(s)
                for p in preds:
                    out.extend(q for q in self.raw.quads_for_pattern(node, p, None, None)
                               if isinstance(q.graph_name, ox.NamedNode))
        except OSError as e:
            raise StoreError(f"{self.location}: {_one_line(e)}") from None
        return out

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        try:
            yield from self.raw.quads_for_pattern(None, None, None, graph)
        except OSError as e:
            raise StoreError(f"{self.location}: {_one_line(e)}") from None

    def bulk_load(self, source, format, graph=None) -> int | None:
        self._check_writable()
        fmt = _need_rdf_format(format)
        _refuse_xml_entities(source, fmt)
        before = len(self.raw)
        kwargs: dict = {"format": fmt}
        if graph is not None:
            kwargs["to_graph"] = graph
        try:
            if isinstance(source, (bytes, bytearray)):
                self.raw.bulk_load(bytes(source), **kwargs)
            else:
                self.raw.bulk_load(path=os.fspath(source), **kwargs)
        except SyntaxError as e:
            where = "input" if isinstance(source, (bytes, bytearray)) else os.fspath(source)
            raise StoreError(f"{where}: invalid {fmt.name}: {_one_line(e)}") from None
        except (OSError, ValueError) as e:
            raise StoreError(f"{self.location}: bulk load failed: {_one_line(e)}") from None
        return len(self.raw) - before

    def dump(self, out: BinaryIO, format: str, graph: ox.NamedNode | None = None) -> None:
        fmt = _need_rdf_format(format)
        if fmt in _QUAD_FORMATS and graph is None:
            prefixes = PREFIXES if fmt == ox.RdfFormat.TRIG else None
            try:
                self.raw.dump(out, fmt, prefixes=prefixes)
            except OSError as e:
                raise StoreError(f"{self.location}: dump failed: {_one_line(e)}") from None
            return
        super().dump(out, format, graph)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return len(self.raw)
        return sum(1 for _ in self.raw.quads_for_pattern(None, None, None, graph))

    def close(self) -> None:
        if self._store is not None:
            if not self.read_only and self.kind == "oxigraph":
                try:
                    self._store.flush()
                except OSError:  # pragma: no cover - nothing more to do on close
                    pass
            self._store = None


class OxigraphStore(_PyoxigraphStore):
    """The embedded on-disk store (a RocksDB directory)."""

    kind = "oxigraph"

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        location = os.fspath(path)
        try:
            if read_only:
                if not Path(location).is_dir():
                    raise StoreError(f"{location}: no store here (nothing to open read-only)")
                store = ox.Store.read_only(location)
            else:
                Path(location).mkdir(parents=True, exist_ok=True)
                store = ox.Store(location)
        except OSError as e:
            msg = _one_line(e)
            if "lock" in msg.lower():
                who = "this process" if "current process" in msg else "another kg process"
                raise StoreError(
                    f"{location}: the store is in use by {who} (its LOCK file is held); "
                    "wait for it to finish, or open the store read-only"
                ) from None
            raise StoreError(f"{location}: cannot open the store: {msg}") from None
        super().__init__(store, location, read_only=read_only)

    def flush(self) -> None:
        """Make sure every write is on disk."""
        if not self.read_only:
            self.raw.flush()

    def optimize(self) -> None:
        """Compact the database (useful after a big load)."""
        self._check_writable()
        self.raw.optimize()


class MemoryStore(_PyoxigraphStore):
    """An in-memory pyoxigraph store (gone when closed)."""

    kind = "memory"

    def __init__(self) -> None:
        super().__init__(ox.Store(), "memory", read_only=False)


# --------------------------------------------------------------------------------------------
# Remote SPARQL 1.1 Protocol server
# --------------------------------------------------------------------------------------------


def _derive_update_url(query_url: str) -> str:
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.endswith("/query"):
        path = parts.path[: -len("query")] + "update"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return query_url  # ".../sparql" (Fuseki, GraphDB, Virtuoso): updates go to the same URL


def _derive_gsp_url(query_url: str) -> str | None:
    parts = urllib.parse.urlsplit(query_url)
    if parts.path.endswith("/query"):
        path = parts.path[: -len("query")] + "store"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol server: ``query_url`` for queries, ``update_url`` for updates.

    Oxigraph (``oxigraph serve``): query ``…/query``, update ``…/update``, Graph Store ``…/store``.
    Fuseki/GraphDB/Virtuoso-style ``…/sparql`` endpoints take updates at the same URL.
    """

    kind = "remote"

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        read_only: bool = False,
        timeout: float = 300.0,
        union_default_graph: bool | None = None,
    ) -> None:
        self.location = query_url
        self.query_url = query_url
        self.update_url = update_url or _derive_update_url(query_url)
        self._gsp_url = gsp_url if gsp_url is not None else _derive_gsp_url(query_url)
        self.read_only = read_only
        self.timeout = timeout
        self._union = union_default_graph
        self._server: str | None = None
        self._closed = False
        self._lock = threading.Lock()

    # -- HTTP
    def _request(
        self,
        url: str,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        method: str | None = None,
    ) -> tuple[bytes, str]:
        if self._closed:
            raise StoreError(f"{self.location}: the store is closed")
        headers = {"User-Agent": "kg"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - configured endpoint
                body = resp.read()
                server = resp.headers.get("Server", "") or ""
        except urllib.error.HTTPError as e:
            detail = _one_line(Exception(e.read().decode("utf-8", "replace")[:500])) if e.fp else ""
            msg = f"{url}: HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
            if e.code == 400:
                raise SparqlSyntaxError(msg) from None
            raise StoreError(msg) from None
        except urllib.error.URLError as e:
            raise StoreError(f"{url}: cannot reach the SPARQL server ({' '.join(str(e.reason).split())})") from None
        except (TimeoutError, OSError) as e:
            raise StoreError(f"{url}: {_one_line(e)}") from None
        if self._server is None:
            self._server = server
        return body, server

    @property
    def is_oxigraph(self) -> bool:
        """Whether the server said it is Oxigraph (asked once)."""
        if self._server is None:
            self._request(self._query_url_with({}), data=urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                          content_type="application/x-www-form-urlencoded",
                          accept="application/sparql-results+json")
        return (self._server or "").lower().startswith("oxigraph")

    def _use_union_param(self) -> bool:
        if self._union is None:
            with self._lock:
                if self._union is None:
                    self._union = self.is_oxigraph
                    if not self._union:
                        log.warning(
                            "%s is not Oxigraph: make sure its default graph is the union of the named graphs "
                            "(Fuseki: tdb2:unionDefaultGraph true)", self.query_url)
        return bool(self._union)

    def _query_url_with(self, params: Mapping[str, object]) -> str:
        pairs: list[tuple[str, str]] = []
        for k, v in params.items():
            if isinstance(v, (list, tuple)):
                pairs.extend((k, str(x)) for x in v)
            elif v is None:
                continue
            else:
                pairs.append((k, str(v)))
        if not pairs:
            return self.query_url
        sep = "&" if "?" in self.query_url else "?"
        return self.query_url + sep + urllib.parse.urlencode(pairs)

    def _post_query(self, query: str, accept: str, *, union: bool, default_graph=None, named_graphs=None) -> bytes:
        params: dict[str, object] = {}
        if default_graph is not None:
            params["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs is not None:
            params["named-graph-uri"] = [g.value for g in named_graphs]
        if union and self._use_union_param():
            params["union-default-graph"] = ""
        body, _ = self._request(
            self._query_url_with(params),
            data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            content_type="application/x-www-form-urlencoded",
            accept=accept,
        )
        return body

    def _run(self, query, form, *, union, default_graph, named_graphs):
        if form in ("SELECT", "ASK"):
            body = self._post_query(query, "application/sparql-results+json", union=union,
                                    default_graph=default_graph, named_graphs=named_graphs)
            try:
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"{self.query_url}: unreadable results: {_one_line(e)}") from None
        body = self._post_query(query, "application/n-triples", union=union,
                                default_graph=default_graph, named_graphs=named_graphs)
        try:
            return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as e:
            raise StoreError(f"{self.query_url}: unreadable results: {_one_line(e)}") from None

    def update(self, update: str) -> None:
        self._check_writable()
        _refuse_network(update, _tokens(update))
        self._request(self.update_url, data=update.encode("utf-8"),
                      content_type="application/sparql-update; charset=utf-8")

    def _select_raw(self, query: str, *, union: bool = False) -> list[dict[str, Term]]:
        text, form = self._prepare(query, None)
        res = self._run(text, form, union=union, default_graph=None, named_graphs=None)
        names = [v.value for v in res.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in res]

    def graphs(self) -> set[ox.NamedNode]:
        rows = self._select_raw("SELECT ?g WHERE { GRAPH ?g { } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        return {r["g"] for r in rows if isinstance(r.get("g"), ox.NamedNode)}

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        if self._gsp_url and self.is_oxigraph:
            if graph is None:
                url, accept, fmt = self._gsp_url, "application/n-quads", ox.RdfFormat.N_QUADS
            else:
                url = self._gsp_url + "?" + urllib.parse.urlencode({"graph": graph.value})
                accept, fmt = "application/n-triples", ox.RdfFormat.N_TRIPLES
            try:
                body, _ = self._request(url, accept=accept)
            except StoreError as e:
                if graph is not None and "HTTP 404" in str(e):
                    return
                raise
            for q in ox.parse(body, format=fmt):
                yield q if graph is None else ox.Quad(q.subject, q.predicate, q.object, graph)
            return
        if graph is None:
            rows = self._select_raw("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        else:
            rows = self._select_raw(f"SELECT ?s ?p ?o WHERE {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }}")
        for r in rows:
            g = r.get("g", graph)
            yield ox.Quad(r["s"], r["p"], r["o"], g if g is not None else ox.DefaultGraph())

    def bulk_load(self, source, format, graph=None) -> int | None:
        self._check_writable()
        fmt = _need_rdf_format(format)
        _refuse_xml_entities(source, fmt)
        data = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
        if self._gsp_url and self.is_oxigraph:
            url = self._gsp_url
            if graph is not None and fmt not in _QUAD_FORMATS:
                url += "?" + urllib.parse.urlencode({"graph": graph.value})
            elif fmt not in _QUAD_FORMATS:
                url += "?default"
            self._request(url, data=data, content_type=fmt.media_type, method="POST")
            return None
        # Generic servers: parse here, send INSERT DATA in chunks (not atomic as a whole).
        try:
            quads = list(ox.parse(data, format=fmt))
        except SyntaxError as e:
            raise StoreError(f"invalid {fmt.name}: {_one_line(e)}") from None
        if graph is not None:
            quads = [ox.Quad(q.subject, q.predicate, q.object, graph) if isinstance(q.graph_name, ox.DefaultGraph)
                     else q for q in quads]
        for i in range(0, len(quads), 10000):
            self.update(build_update(insert=quads[i:i + 10000]))
        return None

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            q = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }}"
        rows = self._select_raw(q)  # union off: the real default graph, plus each named graph
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        self._closed = True


# --------------------------------------------------------------------------------------------
# Opening by name
# --------------------------------------------------------------------------------------------


def open_store(
    location: str | os.PathLike | None = None,
    *,
    update_url: str | None = None,
    read_only: bool = False,
) -> Store:
    """Open the store named by ``location`` (see the module docstring for the names)."""
    if location is None:
        location = os.environ.get(ENV_VAR) or DEFAULT_LOCATION
    text = os.fspath(location)
    if text in ("memory", ":memory:"):
        if read_only:
            raise StoreError("memory: an in-memory store cannot be opened read-only")
        return MemoryStore()
    if text.startswith(("http://", "https://")):
        return RemoteStore(text, update_url=update_url, read_only=read_only)
    if update_url is not None:
        raise UsageError(f"{text}: --update-url only applies to a remote (http) store")
    return OxigraphStore(text, read_only=read_only)

"""The query library: named SPARQL queries (``kg/queries/*.rq``) and running them with parameters.

Each ``.rq`` file starts with comment lines that describe it::

    # title: Actor history
    # description: Events of an actor and of its sub-groups…
    # param: actor — the actor, by name, alias, key or IRI (type: actor)
    # param: km — the radius in kilometres (type: number, default: 50)

Parameters are variables of the query (``?actor``, ``?km``). Their values arrive as strings (from
the command line or a web form) and are turned into RDF terms here, never pasted into the query
text: the store binds them (see :meth:`kg.store.Store.select`). Types:

``actor`` / ``place``
    a name or alias (matched case-insensitively against ``skos:prefLabel``/``skos:altLabel`` with
    a bound literal), a key (``iswap`` → ``id:actor/iswap``), a prefixed name (``id:actor/iswap``)
    or a full IRI.
``iri``
    a full IRI or a prefixed name with one of :data:`kg.vocab.PREFIXES`.
``string``, ``date`` (``YYYY-MM-DD``, typed ``xsd:date``), ``number`` (``xsd:integer`` or ``xsd:decimal``).
``limit`` / ``offset``
    not a variable but the number in the query's ``LIMIT`` / ``OFFSET`` clauses: a whole number
    (``limit`` also takes ``all``, which removes the clauses). The query text holds the clauses with
    the default value, so the file runs as it is anywhere; a given value replaces the number of every
    ``LIMIT`` (``OFFSET``) clause of the text (queries that take one have a single such clause, in
    the sub-SELECT that picks the rows). A validated integer is written, never the given text.

A parameter with ``default: none`` is optional: left out, its variable stays unbound (queries
test it with ``BOUND``).

:func:`prepare` turns a query and its string parameters into the text to run and the bindings.

Writing a query that stays fast on a million events (pyoxigraph 0.5; measured while tuning the
library, see benchmarks/RESULTS.md):

* Oxigraph's planner estimates a pattern by which of its terms are bound, not by the data: with
  the object bound (``?e kg:place ?p`` once ``?p`` is known) it expects 10,000 rows, with it unbound
  a million, and it then prefers to read the whole property and join by hash, every time. To have
  it look the few bound values up instead, write the property as a variable fixed by a FILTER
  (``?e ?at ?p FILTER(?at = kg:place)``) or, for an actor's relations, as a zero-or-one path
  (``?via kg:fights? ?actor``, the zero-length match filtered out). Lookups by subject are fine.
* Read canonical events in ``GRAPH <…/graph/resolved>``: a lookup in the union of all graphs also
  visits the article graphs and costs several times more.
* Sorting rows by IRI reads the text of every IRI it compares: sort by a date (or a number) first
  and by IRI only within a page (``events``, ``disputed-events``).
* A whole column read and joined by hash costs about a microsecond a row; a lookup costs ten or
  more: join two large sets by hash (sub-SELECTs of one pattern each), look up a few.
* What did not help at 1M events (measured, then dropped): reading each event's triples once
  (``?event ?q ?o FILTER(?q IN (…))``) and pivoting them with GROUP BY/SAMPLE costs more than one
  lookup per property (actor-history of ISWAP: 6 s against 3.4 s of CPU); moving any pattern of
  actor-history into a sub-SELECT, or a label lookup before the event pattern, made the planner read
  every perpetrator/target triple (40-60 s); in ``events``, a UNION of "starts in the period" and
  "started before it, ends in it" instead of the OPTIONAL end dates made the first page 25 % cheaper
  but a one-month period 30 % dearer (the start column is read twice); the days before ``from`` as a
  VALUES list of durations made Oxigraph read whole columns; an EXISTS per row costs about 27 us, and
  ``a || EXISTS {…}`` evaluates the EXISTS for every row (``IF(a, true, EXISTS {…})`` does not). A join of two million-row columns costs
  about 2 s of CPU on its own, so an aggregate over three columns (deaths-by-group-year: 7.5 s at
  1M events whatever its shape) is read from tallies that every write keeps (``kg/summary.py``).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg import ids
from kg.errors import InputError, UsageError
from kg.store import Store, Term, query_form
from kg.vocab import ACTOR_KINDS, PREFIXES

QUERY_DIR = Path(__file__).parent
_XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("actor", "place", "iri", "string", "date", "number", "limit", "offset")
_PAGING = ("limit", "offset")

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:—|–|--|-|:)\s*(?P<desc>.*?)\s*"
    r"(?:\((?P<opts>[^()]*)\))?\s*$"
)
_OPT = re.compile(r"^\s*(type|default)\s*:?\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    description: str
    type: str = "string"
    default: str | None = None   # None: required; "none": optional, unbound when absent

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class QueryInfo:
    """A query of the library (or a file/text with the same header)."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...] = ()
    text: str = field(default="", repr=False)
    path: str | None = None

    @property
    def form(self) -> str | None:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return query_form(self.text)


def parse_header(text: str, name: str = "query", path: str | None = None) -> QueryInfo:
    """Read the ``# title:``/``# description:``/``# param:`` lines at the top of a query."""
    title, description, params = name, "", []
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            params.append(_parse_param(value, path or name, lineno))
    return QueryInfo(name=name, title=title, description=description, params=tuple(params), text=text, path=path)


def _parse_param(value: str, where: str, lineno: int) -> Param:
    m = _PARAM.match(value)
    if not m:
        raise InputError(f"cannot read the parameter line {value!r}", path=where, line=lineno)
    ptype, default = "string", None
    for part in (m.group("opts") or "").split(","):
        if not part.strip():
            continue
        om = _OPT.match(part)
        if not om:
            raise InputError(f"cannot read {part.strip()!r} in a parameter line", path=where, line=lineno)
        if om.group(1).lower() == "type":
            ptype = om.group(2).lower()
        else:
            default = om.group(2)
    if ptype not in PARAM_TYPES:
        raise InputError(f"unknown parameter type {ptype!r} (use one of {', '.join(PARAM_TYPES)})",
                         path=where, line=lineno)
    return Param(name=m.group("name"), description=m.group("desc"), type=ptype, default=default)


def list_queries() -> list[QueryInfo]:
    """Every query of the library, by name."""
    return [load_query(p.stem) for p in sorted(QUERY_DIR.glob("*.rq"))]


def load_query(name: str) -> QueryInfo:
    """One query of the library by name (``actor-history``), with its text."""
    path = QUERY_DIR / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(QUERY_DIR.glob("*.rq")))
        raise UsageError(f"no query named {name!r} in the library (known: {known})")
    text = path.read_text(encoding="utf-8")
    return parse_header(text, name=name, path=f"kg/queries/{name}.rq")


def resolve_query(name_or_text_or_path: str | os.PathLike) -> QueryInfo:
    """A library name, a path to a ``.rq`` file, or the text of a query."""
    if isinstance(name_or_text_or_path, os.PathLike):
        return _from_file(Path(name_or_text_or_path))
    value = name_or_text_or_path
    if re.fullmatch(r"[A-Za-z0-9_-]+", value) and (QUERY_DIR / f"{value}.rq").is_file():
        return load_query(value)
    if "\n" not in value and len(value) < 4096 and value.endswith((".rq", ".sparql")):
        return _from_file(Path(value))
    if query_form(value) is None and re.fullmatch(r"[A-Za-z0-9_-]+", value):
        return load_query(value)  # raises the "no query named" error
    return parse_header(value, name="query")


def _from_file(path: Path) -> QueryInfo:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read the query file: {e.strerror or e}", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("the query file is not UTF-8", path=str(path)) from None
    return parse_header(text, name=path.stem, path=str(path))


# ---------------------------------------------------------------------------------------------
# parameter values
# ---------------------------------------------------------------------------------------------

_LABEL_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?thing ?rank WHERE {
  VALUES ?kind { %s }
  { ?thing skos:prefLabel ?label BIND(1 AS ?rank) } UNION { ?thing skos:altLabel ?label BIND(2 AS ?rank) }
  ?thing a ?kind .
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
}
ORDER BY ?rank ?thing
"""
_EXISTS_QUERY = "ASK { VALUES ?kind { %s } ?thing a ?kind }"
_KINDS = {
    "actor": " ".join(f"<{iri}>" for iri in ACTOR_KINDS.values()),
    "place": f"<{PREFIXES['kg']}Place>",
}


def _expand_iri(value: str) -> ox.NamedNode | None:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
        return ox.NamedNode(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return ox.NamedNode(PREFIXES[prefix] + local)
    return None


def _resolve_named(store: Store, kind: str, value: str, param: str) -> ox.NamedNode:
    kinds = _KINDS[kind]
    try:
        iri = _expand_iri(value)
    except ValueError as e:
        raise UsageError(f"--param {param}: {value!r} is not a valid IRI ({e})") from None
    if iri is not None:
        return iri
    rows = store.select(_LABEL_QUERY % kinds, {"name": ox.Literal(value)})
    if rows:
        best = [r["thing"] for r in rows if r["rank"] == rows[0]["rank"]]
        unique = list(dict.fromkeys(best))
        if len(unique) > 1:
            shown = ", ".join(t.value for t in unique[:5])
            raise InputError(f"--param {param}: {value!r} names several {kind}s ({shown}); give the IRI or key")
        return unique[0]
    minted = ox.NamedNode(ids.actor(value) if kind == "actor" else ids.place(value))
    if store.ask(_EXISTS_QUERY % kinds, {"thing": minted}):
        return minted
    raise InputError(f"--param {param}: no {kind} named {value!r} in the store")


def to_term(store: Store, param: Param, value: str) -> Term:
    """Turn a parameter's string value into an RDF term (resolving names against the store)."""
    t = param.type
    if t in ("actor", "place"):
        return _resolve_named(store, t, value.strip(), param.name)
    if t == "iri":
        try:
            iri = _expand_iri(value.strip())
        except ValueError as e:
            raise UsageError(f"--param {param.name}: {value!r} is not a valid IRI ({e})") from None
        if iri is None:
            raise UsageError(f"--param {param.name}: {value!r} is not an IRI or a known prefixed name")
        return iri
    if t == "date":
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(f"--param {param.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if t == "number":
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or "e" in text.lower():
            raise UsageError(f"--param {param.name}: {value!r} is not a number")
        return ox.Literal(str(number), datatype=ox.NamedNode(_XSD + "decimal"))
    return ox.Literal(value)


def bind_params(store: Store, info: QueryInfo, params: Mapping[str, str] | None) -> dict[str, Term]:
    """Check ``params`` against the query's declared parameters and convert them to terms."""
    given = dict(params or {})
    declared = {p.name: p for p in info.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise UsageError(f"{info.name}: unknown parameter {', '.join(unknown)} (parameters: {allowed})")
    bindings: dict[str, Term] = {}
    for name, p in declared.items():
        if p.type in _PAGING:
            if name in given:
                _paging_value(p, given[name])  # checked here, applied by prepare()
            continue
        value = given.get(name)
        if value is None or value == "":
            if p.default is None:
                raise UsageError(f"{info.name}: parameter {name!r} is required ({p.description})")
            if p.default.lower() == "none":
                continue
            value = p.default
        bindings[name] = to_term(store, p, value)
    return bindings


def _paging_value(param: Param, value: str) -> int | None:
    """The number a ``limit``/``offset`` parameter stands for (None: ``limit=all``)."""
    text = value.strip()
    if param.type == "limit" and text.lower() in ("all", "none"):
        return None
    if not re.fullmatch(r"\+?\d{1,12}", text):
        what = "a whole number or 'all'" if param.type == "limit" else "a whole number"
        raise UsageError(f"--param {param.name}: {value!r} is not {what}")
    return int(text)


_CLAUSE = re.compile(r"\s+(\d+)")


def apply_paging(text: str, clause: str, value: int | None) -> str:
    """Set the number of every ``LIMIT`` (``clause="LIMIT"``) or ``OFFSET`` clause of ``text`` to
    ``value``; ``None`` removes the clauses. Clauses are found with the query tokenizer (not inside
    strings, IRIs or comments)."""
    from kg.store import _tokens

    edits: list[tuple[int, int, str]] = []
    for t in _tokens(text):
        if t.kind == "word" and t.text.upper() == clause:
            m = _CLAUSE.match(text, t.end)
            if m:
                edits.append((t.start, m.end(), "" if value is None else f"{clause} {value}"))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def prepare(store: Store, info: QueryInfo, params: Mapping[str, str] | None = None) -> tuple[str, dict[str, Term]]:
    """The text to run and the bindings for ``info`` with the string ``params``: variables are
    bound (:func:`bind_params`), ``limit``/``offset`` parameters set the LIMIT/OFFSET clauses."""
    bindings = bind_params(store, info, params)
    text = info.text
    given = dict(params or {})
    for p in info.params:
        if p.type not in _PAGING:
            continue
        value = given.get(p.name)
        if value is None or value == "":
            if p.default is None:
                raise UsageError(f"{info.name}: parameter {p.name!r} is required ({p.description})")
            if p.default.lower() == "none":
                continue
            value = p.default
        text = apply_paging(text, p.type.upper(), _paging_value(p, value))
    return text, bindings


def run_query(
    store: Store,
    name_or_text_or_path: str | os.PathLike,
    params: Mapping[str, str] | None = None,
) -> list[dict[str, Term]] | bool | list[ox.Triple]:
    """Run a library query (by name), a ``.rq`` file or query text with string parameters.

    Returns the rows of a SELECT (dicts from variable to term, unbound variables absent), the
    answer of an ASK, or the triples of a CONSTRUCT/DESCRIBE.
    """
    info = resolve_query(name_or_text_or_path)
    text, bindings = prepare(store, info, params)
    result = store.execute(text, bindings)
    if result.form == "SELECT":
        return result.rows
    if result.form == "ASK":
        return bool(result.boolean)
    return result.triples


__all__ = [
    "Param",
    "QueryInfo",
    "list_queries",
    "load_query",
    "resolve_query",
    "parse_header",
    "to_term",
    "bind_params",
    "prepare",
    "apply_paging",
    "run_query",
    "QUERY_DIR",
]

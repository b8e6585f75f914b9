"""The baseline of benchmarks/run.py: kg's own code (library queries, ``kg actor``'s view) on a plain
rdflib in-memory ``Dataset`` instead of Oxigraph.

``RdflibStore`` implements the read side of :class:`kg.store.Store` over an ``rdflib.Dataset`` whose
default graph is the union of the named graphs (kg's query semantics), so ``kg.queries.run_query``
and ``kg.views.actor_history`` run unchanged on it: the same operation, another engine.

Run as a worker (benchmarks/run.py does this, with a timeout per operation)::

    python benchmarks/rdflib_baseline.py DUMP.nq OPS.json

loads the N-Quads dump, prints ``{"load": seconds, "quads": n}`` and then one JSON line per operation
of OPS.json (``[["actor", "ISWAP"], ["query", "events", {}], ...]``) as soon as it is done.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from kg.store import Store  # noqa: E402


def to_ox(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")


class _Row:
    """One solution as pyoxigraph gives it: values by variable name, or in the order of the variables
    when iterated (None when unbound), as kg.store reads them."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: list[str], values: list) -> None:
        self._names, self._values = names, values

    def __getitem__(self, name: str):
        return self._values[self._names.index(name)] if name in self._names else None

    def __iter__(self):
        return iter(self._values)


class _Solutions:
    def __init__(self, result) -> None:
        self.variables = [ox.Variable(str(v)) for v in result.vars]
        self._result = result

    def __iter__(self):
        names = [str(v) for v in self._result.vars]
        for row in self._result:
            yield _Row(names, [to_ox(row[i]) for i in range(len(names))])


class RdflibStore(Store):
    """Read-only kg store over an rdflib Dataset (default graph = union of the named graphs)."""

    kind = "rdflib"
    location = "rdflib"
    read_only = True

    def __init__(self, dataset: rdflib.Dataset) -> None:
        self.ds = dataset

    def _run(self, query, form, *, union, default_graph, named_graphs):
        result = self.ds.query(query)
        if form == "ASK":
            return bool(result.askAnswer)
        if form == "SELECT":
            return _Solutions(result)
        return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result]

    def update(self, update):  # pragma: no cover - read-only baseline
        raise NotImplementedError

    def graphs(self):
        return {ox.NamedNode(str(g.identifier)) for g in self.ds.graphs() if isinstance(g.identifier, rdflib.URIRef)}

    def quads(self, graph=None):
        for s, p, o, g in self.ds.quads((None, None, None, None)):
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))

    def bulk_load(self, source, format, graph=None):  # pragma: no cover
        raise NotImplementedError

    def count(self, graph=None):
        return len(self.ds)

    def close(self):
        pass


def load(path: str) -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)
    ds.parse(path, format="nquads")
    return ds


def run_op(store: Store, op: list):
    """One operation of the benchmark on any kg store; returns a result size."""
    if op[0] == "actor":
        from kg.views import actor_history
        return len(actor_history(store, op[1])["events"])
    from kg.queries import run_query
    result = run_query(store, op[1], op[2])
    return len(result) if isinstance(result, list) else int(bool(result))


def time_op(store: Store, op: list, *, repeat: int = 5, long: float = 10.0) -> dict:
    """Median of ``repeat`` runs (a single run when the first one takes longer than ``long`` seconds)."""
    times, size = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        size = run_op(store, op)
        times.append(time.perf_counter() - t)
        if times[0] > long:
            break
    return {"op": op, "seconds": statistics.median(times), "runs": len(times), "rows": size}


def _main() -> None:
    dump, ops_file = sys.argv[1], sys.argv[2]
    ops = json.loads(Path(ops_file).read_text())
    t = time.perf_counter()
    ds = load(dump)
    print(json.dumps({"load": time.perf_counter() - t, "quads": len(ds)}), flush=True)
    store = RdflibStore(ds)
    for op in ops:
        try:
            out = time_op(store, op)
        except Exception as e:  # noqa: BLE001 - report and go on with the next operation
            out = {"op": op, "error": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    _main()

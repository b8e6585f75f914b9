"""kg: a knowledge graph of armed groups and conflict events, built from reporting.

The library is the product; the ``kg`` command is a thin shell over it.

>>> import kg
>>> store = kg.open_store("memory")
>>> result = kg.ingest(store, ["seeds"])          # doctest: +SKIP
>>> kg.actor_history(store, "ISWAP")["events"]    # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["open_store", "ingest", "extract", "actor_history", "events", "sparql", "export_rdf"]


def open_store(location=None, **kw):
    """Open a store by name: a folder (embedded pyoxigraph), "memory", or a SPARQL endpoint URL."""
    from kg.store import open_store as _open
    return _open(location, **kw)


def ingest(store, paths, **kw):
    """Ingest files, folders or '-' into ``store``; returns an :class:`kg.pipeline.IngestResult`."""
    from kg.pipeline import ingest as _ingest
    return _ingest(store, list(paths), **kw)


def extract(article):
    """Extract findings (events, relations, mentions) from one :class:`kg.model.Article`."""
    from kg.extract import extract as _extract
    return _extract(article)


def actor_history(store, name, **kw):
    """An actor's dated, sourced timeline (the ``kg actor NAME --json`` shape)."""
    from kg.views import actor_history as _history
    return _history(store, name, **kw)


def events(store, **kw):
    """Canonical events in the stable JSON shape, filtered."""
    from kg.views import events as _events
    return _events(store, **kw)


def sparql(store, query, params=None):
    """Run a SPARQL query, a .rq file or a library query name with string parameters."""
    from kg.queries import run_query
    return run_query(store, query, params)


def export_rdf(store, format="turtle") -> bytes:
    """The whole graph as Turtle, TriG, N-Quads or JSON-LD."""
    from kg.exporting import rdf_bytes
    return rdf_bytes(store, format)

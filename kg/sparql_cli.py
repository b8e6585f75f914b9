"""``kg sparql``: run a query text, a .rq file or a library query, print or serialise its results."""
from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import UsageError

_MEDIA = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml", "turtle": "turtle", "ntriples": "ntriples"}


def _params(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"--param {item!r}: use name=value")
        k, v = item.split("=", 1)
        out[k.strip()] = v
    return out


def run_sparql(open_store, query: str | None, param: list[str], list_: bool, format: str) -> None:
    from kg import queries

    if list_:
        from rich.console import Console
        from rich.table import Table
        t = Table(title="library queries (kg sparql NAME --param k=v)")
        for col in ("name", "title", "params"):
            t.add_column(col)
        for q in queries.list_queries():
            t.add_row(q.name, q.title, ", ".join(p.name for p in q.params))
        Console().print(t)
        return
    if not query:
        raise UsageError("give a query, a .rq file or a library query name (kg sparql --list)")
    if format not in ("table", *_MEDIA):
        raise UsageError(f"--format: unknown format {format!r}")
    params = _params(param)
    with open_store(read_only=True) as store:
        info = queries.resolve_query(query)
        text, bindings = queries.prepare(store, info, params)
        from kg.store import query_form
        form = query_form(text)
        if format == "table" and form == "SELECT":
            rows = store.select(text, bindings)
            _table(rows)
        elif format == "table" and form == "ASK":
            print("true" if store.ask(text, bindings) else "false")
        else:
            fmt = format if format != "table" else "turtle"
            sys.stdout.buffer.write(store.query_raw(text, bindings, result_format=_MEDIA[fmt]))


def _table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    t = Table(title=f"{len(rows)} rows")
    for c in cols:
        t.add_column(c)
    for r in rows:
        t.add_row(*[(r[c].value if c in r else "") for c in cols])
    Console().print(t)

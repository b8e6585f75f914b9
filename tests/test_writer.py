"""The ingest writer (kg.pipeline.ArticleWriter): batched transactions and in-memory re-resolution must
give the graph of one write per article, and graph/resolved must always be what resolving every stored
report from scratch gives."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.pipeline import (IngestResult, _canonical_quads, ingest, ingest_articles, remove_articles,
                         stored_summaries)
from kg.read import iter_paths, read_path
from kg.resolve import cluster
from kg.store import open_store
from kg.vocab import KG, RESOLVED_GRAPH

CORPUS = Path(__file__).resolve().parent / "corpus"


def _articles() -> list:
    return [a for p in iter_paths([str(CORPUS)]) for a in read_path(p)]


def _quads(store) -> set[str]:
    return {str(q) for q in store.quads()}


def _write(store, articles, batch: int) -> IngestResult:
    return ingest_articles(store, articles, batch=batch)


def resolved_from_scratch(store) -> set[str]:
    """graph/resolved as clustering every report of the store at once gives it."""
    rows = store.select("SELECT DISTINCT ?r ?g WHERE { GRAPH ?g { ?r a <%s> } }" % KG.EventReport)
    reports = sorted({r["r"].value for r in rows if r["g"].value != str(RESOLVED_GRAPH)})
    summaries, details = stored_summaries(store, reports)
    return {str(q) for q in _canonical_quads(store, cluster(summaries), {r: details.get(r, {}) for r in reports})}


def resolved(store) -> set[str]:
    import pyoxigraph as ox
    return {str(q) for q in store.quads(ox.NamedNode(str(RESOLVED_GRAPH)))}


@pytest.fixture(scope="module")
def articles():
    return _articles()


def test_batches_give_the_graph_of_one_write_per_article(articles):
    with open_store("memory") as one, open_store("memory") as many:
        r1 = _write(one, articles, batch=1)
        r2 = _write(many, articles, batch=64)
        assert r1.added == r2.added and len(r1.added) >= 18 and not r1.errors
        assert _quads(one) == _quads(many)
        assert resolved(many) == resolved_from_scratch(many)


def test_incremental_writes_replacements_and_removals_keep_the_resolved_graph_exact(articles, tmp_path):
    """Two runs in opposite orders, a changed file, a removal, a file twice in one run: after each step
    graph/resolved equals the from-scratch resolution, and the end state equals a rebuild."""
    half = len(articles) // 2
    with open_store(tmp_path / "store") as s:
        _write(s, articles[half:][::-1], batch=4)
        assert resolved(s) == resolved_from_scratch(s)
        _write(s, articles[:half], batch=64)
        assert resolved(s) == resolved_from_scratch(s)
        # a changed version of one file (replaces it), then the same file again unchanged in the same run
        edited = tmp_path / "edited"
        edited.mkdir()
        src = CORPUS / "wire-dapchi-2018-02.md"
        (edited / src.name).write_text(src.read_text(encoding="utf-8").replace("110 girls", "111 girls"),
                                       encoding="utf-8")
        r = ingest(s, [str(edited), str(edited / src.name)])
        assert r.replaced == [src.name] and r.unchanged == [src.name] and not r.errors
        assert resolved(s) == resolved_from_scratch(s)
        removed, missing = remove_articles(s, ["toll-moura-2023-05.md"])
        assert removed and not missing
        assert resolved(s) == resolved_from_scratch(s)
        end = _quads(s)
    with open_store("memory") as fresh:
        keep = [a for a in articles if a.file not in ("toll-moura-2023-05.md", src.name)]
        _write(fresh, keep + read_path(str(edited / src.name)), batch=64)
        # graph/reference too: a place described only as the one a removed article's new place lies within
        # (kg:within) goes with that article
        assert _quads(fresh) == end


def test_a_failed_batch_is_written_article_by_article(articles, monkeypatch):
    """A write that fails fails its transaction only: the batch is retried one article at a time, the
    bad article is reported and nothing of it lands; the others land as if it had never been given."""
    bad = articles[3]
    with open_store("memory") as s, open_store("memory") as ref:
        real = type(s).apply_nquads

        def flaky(self, **kw):
            if any(graph.endswith("/" + bad.id) for graph, _ in kw.get("insert", ())):
                raise StoreError("disk full")
            return real(self, **kw)

        monkeypatch.setattr(type(s), "apply_nquads", flaky)
        r = _write(s, articles, batch=8)
        assert [str(e) for e in r.errors] == ["disk full"]
        assert bad.file not in r.added and len(r.added) == len(articles) - 1
        monkeypatch.setattr(type(s), "apply_nquads", real)
        _write(ref, [a for a in articles if a is not bad], batch=1)
        assert _quads(s) == _quads(ref)
        assert resolved(s) == resolved_from_scratch(s)


def test_content_already_stored_under_another_name_replaces_that_graph(articles, tmp_path):
    src = CORPUS / "claim-palma-2021-03.md"
    copy = tmp_path / "renamed.md"
    shutil.copy(src, copy)
    with open_store("memory") as s:
        first = ingest(s, [str(src)])
        second = ingest(s, [str(copy)])
        assert first.added == [src.name] and second.added == ["renamed.md"]
        files = s.select("SELECT ?f WHERE { ?a a <%s> ; <%s> ?f }" % (KG.Article, KG.file))
        assert [r["f"].value for r in files] == ["renamed.md"]
        assert resolved(s) == resolved_from_scratch(s)


def test_dropping_the_in_memory_copy_midway_changes_nothing(articles, monkeypatch):
    """Past _Fusion.MAX_REPORTS the writer forgets the places it holds and reads them again from the store."""
    from kg.pipeline import _Fusion

    with open_store("memory") as bounded, open_store("memory") as free:
        _write(free, articles, batch=4)
        monkeypatch.setattr(_Fusion, "MAX_REPORTS", 5)
        _write(bounded, articles, batch=4)
        assert _quads(bounded) == _quads(free)

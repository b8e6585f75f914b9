"""What bounds the ingest writer's memory: flushing RocksDB's write buffers every ArticleWriter.FLUSH_BYTES,
and holding at most _Fusion.MAX_REPORTS reports of the places written last (the graph stays the same)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import ArticleWriter, IngestResult, _Fusion, ensure_reference, ingest
from kg.read import iter_paths, read_path
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def articles():
    return [a for p in iter_paths([str(CORPUS)]) for a in read_path(p)]


def test_writer_flushes_the_store_every_flush_bytes(tmp_path, monkeypatch):
    """RocksDB keeps what is written in memory until its write buffers fill; the writer flushes them
    after ArticleWriter.FLUSH_BYTES of N-Quads, so its memory does not grow with the run."""
    seeds = ROOT / "seeds"
    monkeypatch.setattr(ArticleWriter, "FLUSH_BYTES", 1)
    with open_store(tmp_path / "store") as store:
        calls = []
        real = store.flush
        monkeypatch.setattr(store, "flush", lambda: (calls.append(1), real())[1], raising=False)
        result = ingest(store, [str(seeds)])
        assert result.ok and result.added
        assert len(calls) >= 1
    monkeypatch.setattr(ArticleWriter, "FLUSH_BYTES", 1 << 40)
    with open_store(tmp_path / "store2") as store:
        calls = []
        real = store.flush
        monkeypatch.setattr(store, "flush", lambda: (calls.append(1), real())[1], raising=False)
        ingest(store, [str(seeds)])
        assert calls == []


def test_writer_flush_is_a_no_op_on_a_memory_store(monkeypatch):
    seeds = ROOT / "seeds"
    monkeypatch.setattr(ArticleWriter, "FLUSH_BYTES", 1)
    store = open_store("memory")
    assert ingest(store, [str(seeds)]).added


def _write_watching(store, articles, held: list[int]) -> IngestResult:
    ensure_reference(store)
    result = IngestResult()
    writer = ArticleWriter(store, result, batch=2)
    real = _Fusion.commit

    def commit(self, plan):
        real(self, plan)
        held.append(self.held)
        assert self.held == sum(len(st.reports) for st in self.places.values())
        written = {r.place for w in plan.writes for r in w.reports if r.place}
        assert written <= set(self.places) or self.held <= self.MAX_REPORTS * 3 // 4

    _Fusion.commit = commit
    try:
        for a in articles:
            writer.add(a)
        writer.flush()
    finally:
        _Fusion.commit = real
    return result


def test_fusion_holds_at_most_max_reports_and_the_graph_is_the_same(articles, monkeypatch):
    with open_store("memory") as free, open_store("memory") as bounded:
        unbounded: list[int] = []
        _write_watching(free, articles, unbounded)
        monkeypatch.setattr(_Fusion, "MAX_REPORTS", 8)
        held: list[int] = []
        r = _write_watching(bounded, articles, held)
        assert r.ok and len(r.added) == len(articles)
        assert max(unbounded) > 8                   # the corpus is big enough for the bound to matter
        assert max(held) <= 8
        assert {str(q) for q in bounded.quads()} == {str(q) for q in free.quads()}


def test_evict_drops_the_places_written_longest_ago(tmp_path):
    with open_store("memory") as store:
        fusion = _Fusion(store)
        from kg.pipeline import _PlaceState

        for name, n in (("a", 3), ("b", 2), ("c", 4)):
            st = _PlaceState()
            st.reports = {f"{name}{i}": None for i in range(n)}
            fusion.places[name] = st
            fusion.held += n
        fusion.articles["x"] = []
        assert fusion.empty
        fusion.evict(5)
        assert list(fusion.places) == ["c"] and fusion.held == 4
        assert fusion.articles == {} and not fusion.empty     # what is dropped is read from the store again

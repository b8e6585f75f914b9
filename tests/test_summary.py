"""graph/summary's group-year tallies stay equal to the sum over graph/resolved through every kind of write.

The tallies are what the library query ``deaths-by-group-year`` reads (kg/summary.py); each test compares
them with the aggregate computed from graph/resolved at that moment."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import summary
from kg.pipeline import IngestResult, ingest, ingest_articles, remove_articles
from kg.queries import run_query
from kg.read import iter_paths, read_path
from kg.shards import extract_shards, load_shards
from kg.store import open_store
from kg.vocab import SUMMARY_GRAPH

CORPUS = Path(__file__).resolve().parent / "corpus"


def _articles() -> list:
    return [a for p in iter_paths([str(CORPUS)]) for a in read_path(p)]


def _write(store, articles, batch: int) -> IngestResult:
    return ingest_articles(store, articles, batch=batch)


def _assert_exact(store) -> dict:
    got, want = summary.stored(store), summary.aggregate(store)
    assert got == want
    assert summary.stored_spans(store) == summary.aggregate_spans(store)
    assert summary.complete(store)
    return got


@pytest.fixture(scope="module")
def articles():
    return _articles()


def test_tallies_follow_ingests_replacements_and_removals(articles, tmp_path):
    half = len(articles) // 2
    with open_store(tmp_path / "store") as s:
        _write(s, articles[half:], batch=1)         # one transaction per article: events change in place
        first = _assert_exact(s)
        assert first and all(events > 0 for _, events in first.values())
        assert summary.stored_spans(s)      # the corpus tells of months and years: multi-day events
        _write(s, articles[:half][::-1], batch=64)
        full = _assert_exact(s)
        assert sum(e for _, e in full.values()) > sum(e for _, e in first.values())

        # a changed toll in one file replaces its article: the tallies follow
        src = CORPUS / "wire-kabul-school-2021-05.md"
        edited = tmp_path / "edited"
        edited.mkdir()
        text = src.read_text(encoding="utf-8")
        assert "at least 11 people were killed" in text
        (edited / src.name).write_text(text.replace("at least 11 people", "at least 13 people"), encoding="utf-8")
        r = ingest(s, [str(edited / src.name)])
        assert r.replaced == [src.name] and not r.errors
        changed = _assert_exact(s)
        assert changed != full and sum(k for k, _ in changed.values()) == sum(k for k, _ in full.values()) + 2

        removed, missing = remove_articles(s, ["toll-moura-2023-05.md", src.name])
        assert removed and not missing
        after = _assert_exact(s)
        assert sum(e for _, e in after.values()) < sum(e for _, e in full.values())

        remove_articles(s, [a.file for a in articles])
        assert summary.stored(s) == {} == summary.aggregate(s)
        assert summary.stored_spans(s) == {}
        assert summary.complete(s)      # no tally, and it says that it counts every (no) event


def test_a_store_without_tallies_gets_them_on_its_next_write(articles):
    import pyoxigraph as ox

    with open_store("memory") as s:
        _write(s, articles[:6], batch=8)
        s.apply(drop_graphs=[ox.NamedNode(str(SUMMARY_GRAPH))])     # as a store written by an older kg
        assert not summary.complete(s) and summary.stored(s) == {}
        assert summary.aggregate(s)
        _write(s, articles[6:8], batch=8)
        _assert_exact(s)


def test_a_store_with_tallies_but_no_spans_gets_them_on_its_next_write(articles):
    import pyoxigraph as ox

    from kg.vocab import KG
    with open_store("memory") as s:
        _write(s, articles[:12], batch=8)
        spans = summary.stored_spans(s)
        assert spans
        # as a store written by the kg before spans: its tallies and the version-1 marker only
        s.apply(delete=[q for q in s.quads(ox.NamedNode(str(SUMMARY_GRAPH)))
                        if q.predicate.value in (str(KG.spanEnd), str(KG.summaryVersion))])
        assert not summary.complete(s) and summary.stored_spans(s) == {}
        _write(s, articles[12:14], batch=8)
        _assert_exact(s)
        assert set(spans) <= set(summary.stored_spans(s))


def test_the_events_query_finds_a_multi_day_event_that_began_before_the_period(articles):
    import datetime as dt

    with open_store("memory") as s:
        _write(s, articles, batch=16)
        event, end = sorted(summary.stored_spans(s).items())[0]
        start = s.select("SELECT ?s WHERE { <%s> <https://w3id.org/kg-armed-groups/ontology#dateStart> ?s }"
                         % event)[0]["s"].value
        assert start < end
        day = (dt.date.fromisoformat(start) + dt.timedelta(days=1)).isoformat()
        rows = run_query(s, "events", {"from": day, "to": day, "limit": "all"})
        assert event in [r["event"].value for r in rows]
        rows = run_query(s, "events", {"from": (dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat(),
                                       "limit": "all"})
        assert event not in [r["event"].value for r in rows]


def test_the_library_query_reads_the_tallies(articles):
    with open_store("memory") as s:
        _write(s, articles, batch=16)
        rows = run_query(s, "deaths-by-group-year")
        got = {(r["group"].value, int(r["year"].value)): [int(r["deaths"].value), int(r["events"].value)]
               for r in rows}
        assert got == summary.aggregate(s) and got
        # a group with a label comes with it, and rows are in label order
        labels = [r["groupLabel"].value for r in rows if "groupLabel" in r]
        assert labels and labels == sorted(labels)


def test_kg_load_rebuilds_the_tallies_even_after_an_interrupted_load(articles, tmp_path):
    shards = tmp_path / "shards"
    res = extract_shards([str(CORPUS)], shards)
    assert res.ok
    with open_store(tmp_path / "store") as s:
        load_shards(s, shards)
        loaded = _assert_exact(s)
        assert loaded
        # tallies left wrong by a load that stopped half-way are right after the load is run again
        wrong = [q for q in s.quads() if str(q.graph_name.value) == str(SUMMARY_GRAPH)][:7]
        s.apply(delete=wrong)
        assert summary.stored(s) != loaded
        load_shards(s, shards)
        assert _assert_exact(s) == loaded
    # the same tallies as an ingest of the same articles
    with open_store("memory") as m:
        _write(m, articles, batch=32)
        assert summary.stored(m) == loaded


def test_tallies_on_every_backend(backend_store, articles):
    _write(backend_store, articles[:10], batch=4)
    _assert_exact(backend_store)
    remove_articles(backend_store, [articles[0].file])
    _assert_exact(backend_store)


def test_tally_iri_is_readable_for_kg_actors_and_safe_for_others():
    from kg import ids
    assert summary.tally_iri(ids.actor("iswap"), 2019).endswith("/id/tally/iswap/2019")
    other = summary.tally_iri("http://example.org/some group#x", 2020)
    assert other.rsplit("/", 2)[1].startswith("iri-") and " " not in other


def test_contributions_count_each_perpetrator_once_per_dated_event():
    import pyoxigraph as ox

    from kg.to_rdf import date_literal, lit, n
    from kg.vocab import KG, RDF, RESOLVED_GRAPH

    g = n(RESOLVED_GRAPH)
    e1, e2, e3 = (n(f"http://example.org/e{i}") for i in (1, 2, 3))
    a, b = n("http://example.org/a"), n("http://example.org/b")
    quads = [ox.Quad(e1, n(RDF.type), n(KG.Event), g), ox.Quad(e1, n(KG.perpetrator), a, g),
             ox.Quad(e1, n(KG.perpetrator), b, g), ox.Quad(e1, n(KG.date), date_literal("2021-05-03", "day"), g),
             ox.Quad(e1, n(KG.killed), lit(12), g),
             # no figure: counts as an event with 0 killed
             ox.Quad(e2, n(RDF.type), n(KG.Event), g), ox.Quad(e2, n(KG.perpetrator), a, g),
             ox.Quad(e2, n(KG.date), date_literal("2021", "year"), g),
             # no date: not counted
             ox.Quad(e3, n(RDF.type), n(KG.Event), g), ox.Quad(e3, n(KG.perpetrator), a, g),
             ox.Quad(e3, n(KG.killed), lit(5), g),
             # another graph: not counted
             ox.Quad(e1, n(KG.killed), lit(99), n("http://example.org/graph"))]
    got = summary.contributions(quads)
    assert got == {(a.value, 2021): [12, 2], (b.value, 2021): [12, 1]}
    assert summary.contributions(quads, -1) == {(a.value, 2021): [-12, -2], (b.value, 2021): [-12, -1]}

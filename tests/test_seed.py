"""The seed article end to end: read -> extract -> to_rdf -> store -> JSON views (issue: foundation)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import views
from kg.pipeline import ingest
from kg.store import open_store

SEED = Path(__file__).resolve().parents[1] / "seeds" / "inates-2019-12.md"


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    result = ingest(s, [str(SEED)])
    assert result.ok and result.added == ["inates-2019-12.md"]
    yield s
    s.close()


def _event(store, place, date_prefix):
    evs = [e for e in views.events(store) if e["place"] == place and (e["date"] or "").startswith(date_prefix)]
    assert len(evs) == 1, [(e["place"], e["date"]) for e in views.events(store)]
    return evs[0]


def test_main_attack_dated_from_wednesday_with_figures_and_claims(store):
    ev = _event(store, "Inates", "2019-12")
    assert ev["date"] == "2019-12-11" and ev["date_precision"] == "day"
    assert ev["country"] == "Niger"
    assert ev["killed"] == 71 and ev["missing"] == 30
    killed = {(c["value"], c["by"]) for c in ev["claims"] if c["property"] == "killed"}
    assert any(v == 100 and by and "Islamic State" in by for v, by in killed), killed
    assert any(v == 71 and by and "Niger" in by for v, by in killed), killed
    assert "Islamic State West Africa Province" in ev["perpetrators"]
    assert {"motorcycles", "mortars", "suicide car bombs"} <= set(ev["tactics"])
    assert "Islamic State" in ev["claimed_by"] and ev["responsibility"] == "claimed"
    assert ev["disputed"] is True


def test_every_fact_links_to_its_sentence(store):
    ev = _event(store, "Inates", "2019-12")
    text = SEED.read_text(encoding="utf-8").split("---", 2)[2].lstrip("\n")
    assert ev["sources"]
    for s in ev["sources"]:
        assert s["file"] == "inates-2019-12.md" and s["published"] == "2019-12-13"
        assert text[s["start"]:s["end"]] == s["sentence"]
    assert all(c["sentence"] for c in ev["claims"])


@pytest.mark.parametrize("place,date,precision", [("Inates", "2019-07", "month"), ("In-Delimane", "2019-11", "month"),
                                                  ("Tongo Tongo", "2019", "year"), ("Niamey", "2019", "year")])
def test_background_events_keep_coarse_dates(store, place, date, precision):
    ev = _event(store, place, date)
    assert ev["date"] == date and ev["date_precision"] == precision


def test_group_hierarchy_and_stated_relations(store):
    iri = lambda name: views.find_actor(store, name)  # noqa: E731
    rels = {(r["s_id"], r["p"], r["o_id"]) for r in views.relations(store)}
    for group in ("GATIA", "MSA"):
        assert (iri(group), "fights", iri("Islamic State")) in rels
        assert (iri("France"), "backs", iri(group)) in rels
        assert (iri("Mali"), "backs", iri(group)) in rels
    assert (iri("ISGS"), "part_of", iri("ISWAP")) in rels
    assert (iri("ISWAP"), "part_of", iri("Islamic State")) in rels
    family = views.actor_family(store, iri("Islamic State"))
    assert iri("ISGS") in family and iri("ISWAP") in family


@pytest.mark.parametrize("alias", ["ISWA", "iswap", "Islamic State West Africa", "ISLAMIC STATE WEST AFRICA PROVINCE"])
def test_actor_history_by_any_alias(store, alias):
    h = views.actor_history(store, alias)
    assert h["actor"]["name"] == "Islamic State West Africa Province"
    assert any(e["place"] == "Inates" and e["date"] == "2019-12-11" and e["killed"] == 71 for e in h["events"])


def test_unknown_actor_suggests_close_names(store):
    from kg.errors import InputError
    with pytest.raises(InputError, match="closest known names"):
        views.find_actor(store, "Islamic Stat West Afrika")


def test_reingest_unchanged_is_a_noop(store):
    before = store.count()
    result = ingest(store, [str(SEED)])
    assert result.unchanged == ["inates-2019-12.md"] and store.count() == before


def test_changed_article_replaces_its_graph(tmp_path):
    s = open_store("memory")
    path = tmp_path / "inates-2019-12.md"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    ingest(s, [str(path)])
    graphs_before = {g.value for g in s.graphs() if "/graph/article/" in g.value}
    path.write_text(text.replace("at least 71", "at least 72", 1), encoding="utf-8")
    result = ingest(s, [str(path)])
    assert result.replaced == ["inates-2019-12.md"]
    graphs_after = {g.value for g in s.graphs() if "/graph/article/" in g.value}
    assert len(graphs_after) == 1 and graphs_after != graphs_before


def test_remove_leaves_no_trace(tmp_path):
    from kg.pipeline import remove_articles
    s = open_store("memory")
    ingest(s, [str(SEED)])
    removed, missing = remove_articles(s, [str(SEED)])
    assert removed and not missing
    assert not [g for g in s.graphs() if "/graph/article/" in g.value]
    assert views.events(s) == []

"""Fusion of event reports across articles ("one event, many sources"), order independence and removal.

The articles below are short, invented but realistic wire stories: each pair is written by different outlets in
different words, so the tests exercise the whole pipeline (reading, extraction, resolution, the store) rather
than :func:`kg.resolve.cluster` alone (``tests/test_resolve.py`` covers that).
"""
from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import views
from kg.pipeline import ingest, remove_articles
from kg.store import Store, open_store
from kg.vocab import KG

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"

ARTICLES = {
    # -- the same attack, the same day, two outlets
    "monguno-wire.md": """
---
title: Militants attack army base in Monguno
published: 2022-05-15
source: Lake Chad Monitor
---
MAIDUGURI, Nigeria – Islamic State West Africa Province (ISWAP) fighters attacked a military base in Monguno, in Borno State, on Saturday, security sources said.

Nine soldiers were killed, according to military officials. The militants came in gun trucks and burned several vehicles before troops pushed them back.
""",
    "monguno-radio.md": """
---
title: Soldiers killed as jihadists raid Monguno barracks
published: 2022-05-14
source: Borno Community Radio
---
Jihadists attacked the army barracks in Monguno on Saturday morning, residents said.

Military officials said nine soldiers died in the assault, which residents blamed on ISWAP. Shops in the town stayed closed in the afternoon.
""",
    # -- the same attack: "on Tuesday evening" (published Wednesday), "on Wednesday" (published Thursday)
    "damboa-wire.md": """
---
title: Jihadists kill 14 soldiers in attack on Nigerian base in Borno
published: 2022-03-09
source: Lake Chad Monitor
---
MAIDUGURI, Nigeria – Islamic State West Africa Province (ISWAP) fighters attacked a military base in Damboa, in Borno State, on Tuesday evening, military sources said.

Fourteen soldiers were killed, according to officers. The attackers arrived in gun trucks shortly after sunset and overran part of the base before troops repelled them.
""",
    "damboa-daily.md": """
---
title: ISWAP claims deadly assault on army camp in Damboa
published: 2022-03-10
source: Sahel Post
---
The Islamic State West Africa Province said it carried out an assault on an army camp in Damboa, Borno State, on Wednesday.

Army officials said 14 soldiers died in the fighting. The group claimed in a statement that it had killed 30 soldiers.
""",
    # -- the same place, a week apart
    "gwoza-first.md": """
---
title: Gunmen kill villagers near Gwoza
published: 2022-06-05
source: Lake Chad Monitor
---
Boko Haram fighters attacked farmers outside Gwoza on Saturday, local officials said.

Six people were killed, the officials said. The attackers fled towards the Mandara mountains.
""",
    "gwoza-second.md": """
---
title: Fresh Boko Haram attack hits Gwoza
published: 2022-06-12
source: Sahel Post
---
Boko Haram gunmen killed eleven civilians in an attack on Gwoza, Borno State, on Saturday, residents said.

Survivors said the fighters arrived on motorcycles and set fire to houses.
""",
    # -- different places, the same day
    "dikwa-attack.md": """
---
title: ISWAP attacks troops in Dikwa
published: 2022-07-03
source: Lake Chad Monitor
---
ISWAP fighters attacked soldiers in Dikwa on Saturday, military sources said.

Five soldiers were killed in the attack, the sources added.
""",
    "gudumbali-attack.md": """
---
title: Troops come under fire in Gudumbali
published: 2022-07-04
source: Sahel Post
---
Islamic State West Africa Province fighters attacked an army position in Gudumbali on 2 July, a security source said.

Seven soldiers died in the attack, according to the source.
""",
    # -- a day-precision main report and, a month later, a month-precision background mention
    "seytenga-main.md": """
---
title: Jihadists kill 17 gendarmes in Seytenga
published: 2023-07-13
source: Faso Wire
---
OUAGADOUGOU – Jihadist fighters attacked a gendarmerie post in Seytenga, in northern Burkina Faso, on Wednesday, the army said.

Seventeen gendarmes were killed, the army said in a statement. No group has claimed the attack.
""",
    "sebba-later.md": """
---
title: Gunmen attack convoy near Sebba
published: 2023-08-20
source: Sahel Post
---
Gunmen ambushed a military convoy near Sebba, in northern Burkina Faso, on Saturday, killing four soldiers, security sources said.

The ambush came a month after jihadists attacked Seytenga in July, killing 17 gendarmes.
""",
    # -- two attacks on one place in one month (9 and 33 killed), then a month mention of the 33
    "torodi-early.md": """
---
title: Nine soldiers killed near Torodi
published: 2023-04-04
source: Niger Daily
---
NIAMEY – Gunmen attacked an army patrol near Torodi, in Niger's Tillaberi region, on Monday, the defence ministry said.

Nine soldiers were killed in the attack, the ministry said.
""",
    "torodi-late.md": """
---
title: Heavy toll in attack on Torodi army post
published: 2023-04-23
source: Sahel Post
---
Jihadist fighters attacked the army post at Torodi, in western Niger, on Saturday, the government said.

Thirty-three soldiers were killed, according to the government. The attackers came on dozens of motorcycles.
""",
    "ayorou-may.md": """
---
title: Army repels attack on Ayorou
published: 2023-05-10
source: Niger Daily
---
Soldiers repelled an attack by gunmen on Ayorou, in the Tillaberi region, on Tuesday, the army said.

Two soldiers were wounded. In April, jihadists attacked Torodi, killing 33 soldiers.
""",
    # -- places with the same or similar names in different countries, the same day
    "bama-nigeria.md": """
---
title: Boko Haram attacks Bama in Borno State
published: 2022-09-04
source: Lake Chad Monitor
---
Boko Haram fighters attacked Bama, in Nigeria's Borno State, on Saturday, residents said.

Three civilians were killed, according to residents.
""",
    "bama-burkina.md": """
---
title: Gunmen attack Bama in western Burkina Faso
published: 2022-09-04
source: Faso Wire
---
Gunmen attacked Bama, in Burkina Faso's Hauts-Bassins region, on Saturday, local sources said.

Three people were killed, the sources said.
""",
    "mora-cameroon.md": """
---
title: Jihadists strike Mora in Cameroon's Far North
published: 2022-10-09
source: Cameroon Watch
---
Boko Haram fighters attacked Mora, in Cameroon's Far North region, on Saturday, local officials said.

Two soldiers were killed, the officials said.
""",
    "moura-mali.md": """
---
title: Attack on Moura in central Mali
published: 2022-10-09
source: Sahel Post
---
Gunmen attacked Moura, in Mali's Mopti region, on Saturday, local sources said.

Two soldiers were killed, the sources said.
""",
}


# -- helpers ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above, one file each."""
    d = tmp_path_factory.mktemp("fusion-articles")
    for name, text in ARTICLES.items():
        (d / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return d


def build(paths: list[Path], store: Store | None = None) -> Store:
    """Ingest ``paths`` one call at a time (the incremental path), in this order."""
    store = store or open_store("memory")
    for p in paths:
        result = ingest(store, [str(p)])
        assert result.ok, result.errors
    return store


@pytest.fixture(scope="module")
def full(folder: Path) -> Store:
    """A store with every article above."""
    return build(sorted(folder.glob("*.md")))


def at(store: Store, place: str, country: str | None = None) -> list[dict]:
    return [ev for ev in views.events(store, place=place) if country is None or ev["country"] == country]


def files(ev: dict) -> set[str]:
    return {s["file"] for s in ev["sources"]}


def report_dates(store: Store, place: str) -> dict[str, tuple[str, str]]:
    """file -> (date, precision) of the reports at a place: the preconditions of a fusion test."""
    rows = store.select("""SELECT ?file ?date ?prec WHERE { ?r a <%s> ; <%s> ?p ; <%s> ?a ; <%s> ?date ; <%s> ?prec .
        ?a <%s> ?file . ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER(STR(?name) = "%s") }"""
                        % (KG.EventReport, KG.place, "http://www.w3.org/ns/prov#wasDerivedFrom", KG.date,
                           KG.datePrecision, KG.file, place))
    return {r["file"].value: (r["date"].value, r["prec"].value.rsplit("#", 1)[-1]) for r in rows}


def nquads(store: Store) -> bytes:
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return buf.getvalue()


def assert_same_graph(a: bytes, b: bytes) -> None:
    """The two N-Quads dumps hold the same dataset: same named graphs, each isomorphic, same quads."""
    da, db = rdflib.Dataset(), rdflib.Dataset()
    da.parse(data=a, format="nquads")
    db.parse(data=b, format="nquads")
    ga = {g.identifier for g in da.graphs() if len(g)}
    gb = {g.identifier for g in db.graphs() if len(g)}
    assert ga == gb
    for g in sorted(ga):
        assert isomorphic(da.graph(g), db.graph(g)), f"graph {g} differs"
    # kg writes no blank nodes, so isomorphic also means equal, line for line
    la, lb = set(a.decode().splitlines()), set(b.decode().splitlines())
    assert la == lb, sorted(la ^ lb)[:10]


# -- pairs that must merge ---------------------------------------------------------------------------

def test_same_attack_same_day_two_outlets_is_one_event_with_two_sources(full: Store):
    assert set(report_dates(full, "Monguno").values()) == {("2022-05-14", "Day")}
    [ev] = at(full, "Monguno")
    assert ev["date"] == "2022-05-14" and ev["date_precision"] == "day"
    assert files(ev) == {"monguno-wire.md", "monguno-radio.md"}
    assert len({s["report"] for s in ev["sources"]}) == 2
    assert ev["killed"] == 9 and not ev["disputed"]


def test_tuesday_evening_and_wednesday_a_day_apart_are_one_event(full: Store):
    # precondition: "Tuesday evening" (published Wednesday) and "Wednesday" (published Thursday) resolve a day apart
    assert report_dates(full, "Damboa") == {"damboa-wire.md": ("2022-03-08", "Day"),
                                            "damboa-daily.md": ("2022-03-09", "Day")}
    [ev] = at(full, "Damboa")
    assert files(ev) == {"damboa-wire.md", "damboa-daily.md"}
    assert ev["date"] == "2022-03-08"


def test_month_background_mention_fuses_with_the_day_report_of_that_attack(full: Store):
    assert report_dates(full, "Seytenga") == {"seytenga-main.md": ("2023-07-12", "Day"),
                                              "sebba-later.md": ("2023-07", "Month")}
    [ev] = at(full, "Seytenga")
    assert ev["date"] == "2023-07-12" and ev["date_precision"] == "day"
    assert files(ev) == {"seytenga-main.md", "sebba-later.md"}
    assert ev["role"] == "main"                     # the main report wins over the background mention
    assert ev["killed"] == 17


def test_month_mention_fuses_with_the_event_whose_killed_figure_matches(full: Store):
    assert report_dates(full, "Torodi") == {"torodi-early.md": ("2023-04-03", "Day"),
                                            "torodi-late.md": ("2023-04-22", "Day"),
                                            "ayorou-may.md": ("2023-04", "Month")}
    evs = {ev["date"]: ev for ev in at(full, "Torodi")}
    assert sorted(evs) == ["2023-04-03", "2023-04-22"]
    assert evs["2023-04-03"]["killed"] == 9 and files(evs["2023-04-03"]) == {"torodi-early.md"}
    assert evs["2023-04-22"]["killed"] == 33 and files(evs["2023-04-22"]) == {"torodi-late.md", "ayorou-may.md"}


def test_the_july_attack_wording_is_a_month_mention(tmp_path: Path):
    p = tmp_path / "sebba-the-july.md"
    p.write_text(textwrap.dedent(ARTICLES["sebba-later.md"]).lstrip().replace(
        "jihadists attacked Seytenga in July, killing 17 gendarmes", "the July attack on Seytenga, in which 17 "
        "gendarmes were killed"), encoding="utf-8")
    store = build([p])
    assert ("2023-07", "Month") in report_dates(store, "Seytenga").values()


# -- pairs that must not merge -----------------------------------------------------------------------

def test_same_place_a_week_apart_stays_two_events(full: Store):
    assert sorted(report_dates(full, "Gwoza").values()) == [("2022-06-04", "Day"), ("2022-06-11", "Day")]
    evs = at(full, "Gwoza")
    assert [(ev["date"], files(ev)) for ev in evs] == [("2022-06-04", {"gwoza-first.md"}),
                                                       ("2022-06-11", {"gwoza-second.md"})]


def test_different_places_same_day_stay_two_events(full: Store):
    [dikwa], [gudumbali] = at(full, "Dikwa"), at(full, "Gudumbali")
    assert dikwa["date"] == gudumbali["date"] == "2022-07-02"
    assert files(dikwa) == {"dikwa-attack.md"} and files(gudumbali) == {"gudumbali-attack.md"}
    assert all(files(ev) != {"dikwa-attack.md", "gudumbali-attack.md"} for ev in views.events(full))


@pytest.mark.parametrize("name, a, b", [("Bama", ("Nigeria", "bama-nigeria.md"), ("Burkina Faso", "bama-burkina.md")),
                                        (None, ("Cameroon", "mora-cameroon.md"), ("Mali", "moura-mali.md"))])
def test_places_with_similar_names_in_different_countries_never_fuse(full: Store, name, a, b):
    for country, file in (a, b):
        mine = [ev for ev in views.events(full, country=country) if file in files(ev)]
        assert len(mine) == 1, (country, file, mine)
        assert files(mine[0]) == {file}
        if name:
            assert mine[0]["place"] == name
    assert all(len(files(ev)) == 1 for ev in views.events(full) if files(ev) & {a[1], b[1]})


# -- order, idempotence, removal ---------------------------------------------------------------------

OWN_ORDER_SET = ["damboa-wire.md", "damboa-daily.md", "torodi-early.md", "torodi-late.md", "ayorou-may.md",
                 "seytenga-main.md", "sebba-later.md"]


def _orders(paths: list[Path]) -> list[list[Path]]:
    return [paths, paths[::-1], paths[len(paths) // 2:] + paths[:len(paths) // 2]]


def test_ingest_order_does_not_change_the_graph_own_articles(folder: Path):
    paths = [folder / n for n in OWN_ORDER_SET]
    dumps = [nquads(build(order)) for order in _orders(paths)]
    # the month mention lands before, between and after the two events it could belong to
    for other in dumps[1:]:
        assert_same_graph(dumps[0], other)
    assert_same_graph(dumps[0], nquads(build([folder / n for n in sorted(OWN_ORDER_SET)])))


def test_ingest_order_does_not_change_the_graph_dev_set():
    if not DEV.is_dir():
        pytest.skip(f"the dev set is not here ({DEV.parent.name}/{DEV.name} beside the project)")
    paths = sorted(DEV.glob("*.md"))[:6]
    if len(paths) < 3:
        pytest.skip("fewer than three dev articles")
    dumps = [nquads(build(order)) for order in _orders(paths)]
    for other in dumps[1:]:
        assert_same_graph(dumps[0], other)


def test_ingesting_an_article_twice_changes_nothing(folder: Path):
    paths = [folder / "damboa-wire.md", folder / "damboa-daily.md"]
    store = build(paths)
    before = nquads(store)
    result = ingest(store, [str(paths[0])])
    assert result.unchanged == ["damboa-wire.md"] and not result.added and not result.replaced
    result = ingest(store, [str(p) for p in paths])
    assert sorted(result.unchanged) == ["damboa-daily.md", "damboa-wire.md"]
    assert_same_graph(before, nquads(store))


@pytest.mark.parametrize("keep, drop", [
    (["damboa-wire.md"], "damboa-daily.md"),                    # B was fused into A's event
    (["damboa-daily.md"], "damboa-wire.md"),                    # ... and the other way round
    (["damboa-wire.md"], "bama-burkina.md"),                    # B brought its own place (regression)
    (["torodi-early.md", "ayorou-may.md"], "torodi-late.md"),   # the event the month mention had joined
    (["seytenga-main.md", "monguno-wire.md"], "sebba-later.md"),
])
def test_removing_an_article_leaves_no_trace(folder: Path, keep: list[str], drop: str):
    with_b = build([folder / n for n in keep] + [folder / drop])
    removed, missing = remove_articles(with_b, [str(folder / drop)])
    assert removed == [str(folder / drop)] and missing == []
    assert_same_graph(nquads(with_b), nquads(build([folder / n for n in keep])))


def test_replacing_an_article_leaves_no_trace_of_the_old_version(folder: Path, tmp_path: Path):
    """A corrected article (same file, new text) replaces the old one completely, its places included."""
    old = textwrap.dedent(ARTICLES["bama-burkina.md"]).lstrip()
    fixed = old.replace("Bama, in Burkina Faso's Hauts-Bassins region", "Diapaga, in eastern Burkina Faso")
    assert fixed != old
    path = tmp_path / "bama-burkina.md"
    path.write_text(old, encoding="utf-8")
    store = build([folder / "damboa-wire.md", path])
    path.write_text(fixed, encoding="utf-8")
    assert ingest(store, [str(path)]).replaced == ["bama-burkina.md"]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "bama-burkina.md").write_text(fixed, encoding="utf-8")
    assert_same_graph(nquads(store), nquads(build([folder / "damboa-wire.md", fresh / "bama-burkina.md"])))
    assert [ev["place"] for ev in views.events(store, country="Burkina Faso")] == ["Diapaga"]


def test_removing_every_article_leaves_only_the_reference_data(folder: Path):
    names = ["monguno-wire.md", "bama-nigeria.md", "mora-cameroon.md"]
    store = build([folder / n for n in names])
    remove_articles(store, names)
    assert_same_graph(nquads(store), _reference_only())


def _reference_only() -> bytes:
    """A store with the reference data, and graph/summary saying that its (no) tallies count every event."""
    from kg import summary
    from kg.pipeline import ensure_reference
    store = open_store("memory")
    ensure_reference(store)
    store.apply(insert=summary.markers())
    return nquads(store)


# -- the CLI -----------------------------------------------------------------------------------------

def kg(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run the ``kg`` command in this process; (exit code, stdout, stderr)."""
    from kg.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    return exit_.value.code or 0, out, err


@pytest.fixture()
def cli_store(folder: Path, tmp_path: Path, monkeypatch, capsys) -> str:
    location = str(tmp_path / "store")
    names = ["damboa-wire.md", "damboa-daily.md", "monguno-wire.md", "monguno-radio.md"]
    code, _, err = kg(monkeypatch, capsys, "--store", location, "ingest", *(str(folder / n) for n in names))
    assert code == 0, err
    return location


def test_cli_remove_by_path_and_by_id_and_unknown(cli_store: str, folder: Path, monkeypatch, capsys):
    import json

    code, out, _ = kg(monkeypatch, capsys, "--store", cli_store, "sparql", "--format", "json",
                      "SELECT ?a ?file WHERE { ?a a <%s> ; <%s> ?file }" % (KG.Article, KG.file))
    ids = {b["file"]["value"]: b["a"]["value"].rsplit("/", 1)[-1] for b in json.loads(out)["results"]["bindings"]}
    assert len(ids) == 4
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "remove", str(folder / "damboa-daily.md"))
    assert code == 0, err
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "remove", ids["monguno-radio.md"])
    assert code == 0, err
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "remove", "no-such-article.md")
    assert code == 1 and "no-such-article.md" in err
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "remove", ids["monguno-radio.md"])
    assert code == 1                                             # already gone
    with open_store(cli_store, read_only=True) as store:
        assert {f for ev in views.events(store) for f in files(ev)} == {"damboa-wire.md", "monguno-wire.md"}
        assert_same_graph(nquads(store), nquads(build([folder / "damboa-wire.md", folder / "monguno-wire.md"])))


def test_cli_events_disputed_lists_only_events_whose_sources_disagree(full: Store, cli_store: str, monkeypatch, capsys):
    import json

    def disagree(ev: dict) -> bool:
        return len({c["value"] for c in ev["claims"] if c["property"] == "killed" and c["value"] is not None}) > 1

    code, out, _ = kg(monkeypatch, capsys, "--store", cli_store, "events", "--disputed", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [ev["place"] for ev in listed] == ["Damboa"]          # 14 by the army, 30 by ISWAP; Monguno: 9 and 9
    code, out, _ = kg(monkeypatch, capsys, "--store", cli_store, "events", "--format", "json")
    for ev in json.loads(out):
        assert ev["disputed"] == disagree(ev) == (ev["id"] in {e["id"] for e in listed})
    # and on the bigger store: the flag follows the claims everywhere
    for ev in views.events(full):
        assert ev["disputed"] == disagree(ev), ev["id"]
    disputed = {ev["id"] for ev in views.events(full, disputed=True)}
    assert disputed == {ev["id"] for ev in views.events(full) if disagree(ev)}


def test_cli_events_explain_shows_the_fused_reports(cli_store: str, monkeypatch, capsys):
    with open_store(cli_store, read_only=True) as store:
        [ev] = at(store, "Damboa")
    short = ev["id"].rsplit("/", 1)[-1]
    for ident in (short, ev["id"]):
        code, out, err = kg(monkeypatch, capsys, "--store", cli_store, "events", "--explain", ident)
        assert code == 0, err
        flat = " ".join(out.split())
        assert short in flat and "fused from 2 reports in 2 articles" in flat
        assert "damboa-wire.md" in flat and "damboa-daily.md" in flat
        assert "Tuesday evening" in flat or "Damboa" in flat
        assert "30" in flat and "14" in flat                      # both claims, with who made them
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "events", "--explain", "no-such-event")
    assert code == 1 and "no-such-event" in err

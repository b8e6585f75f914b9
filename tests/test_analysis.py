"""kg.analysis: the networkx projection of the store, its statistics and shortest paths (and their CLI)."""
from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pytest

from kg import ids
from kg.analysis import actor_graph, network_stats, shortest_path, undirected
from kg.errors import InputError
from kg.pipeline import ingest
from kg.store import Store, open_store

ARTICLES = {
    "marte.md": """
        ---
        title: ISWAP kills 12 soldiers in Marte
        published: 2022-08-29
        source: Lake Chad Monitor
        ---
        Islamic State West Africa Province (ISWAP) fighters attacked Nigerian soldiers in Marte on Sunday, military
        sources said.

        Twelve soldiers were killed, according to the sources. ISWAP split from Boko Haram in 2016.
        """,
    "arbinda.md": """
        ---
        title: JNIM fighters kill 20 soldiers in Arbinda
        published: 2022-09-06
        source: Faso Wire
        ---
        Fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked Burkinabe soldiers in Arbinda on Monday, the
        army said.

        Twenty soldiers were killed in the attack, the army said. Ansaroul Islam is allied with JNIM in the area.
        """,
    "gwoza.md": """
        ---
        title: Boko Haram attack on troops in Gwoza
        published: 2022-09-12
        source: Sahel Post
        ---
        Boko Haram fighters attacked Nigerian soldiers in Gwoza on Sunday, residents said.

        Five soldiers were killed, the residents said.
        """,
}

ISWAP, JNIM, BH = ids.actor("iswap"), ids.actor("jnim"), ids.actor("boko-haram")
NIGERIA_ARMY = ids.actor("nigerian-armed-forces")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("analysis-articles")
    for name, text in ARTICLES.items():
        (d / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def store(folder: Path) -> Store:
    s = open_store("memory")
    result = ingest(s, [str(folder)])
    assert result.ok and len(result.added) == 3, result.errors
    return s


@pytest.fixture(scope="module")
def graph(store: Store) -> nx.MultiDiGraph:
    return actor_graph(store)


# -- actor_graph ---------------------------------------------------------------------------------------

def test_actors_are_nodes_with_name_kind_events_and_killed(graph: nx.MultiDiGraph):
    iswap = graph.nodes[ISWAP]
    assert iswap["name"] == "Islamic State West Africa Province" and iswap["kind"] == "armed_group"
    assert (iswap["events"], iswap["perpetrated"], iswap["killed"]) == (1, 1, 12)
    assert (graph.nodes[JNIM]["events"], graph.nodes[JNIM]["killed"]) == (1, 20)
    army = graph.nodes[NIGERIA_ARMY]
    assert army["kind"] == "state_force"
    assert (army["events"], army["perpetrated"], army["killed"]) == (2, 0, 0)   # a target twice, a perpetrator never
    # every reference actor is a node, even without any link
    assert graph.number_of_nodes() > 100 and all("name" in d and "kind" in d for _, d in graph.nodes(data=True))


def test_relations_are_edges_typed_by_predicate_with_dates_and_sources(graph: nx.MultiDiGraph):
    split = graph.get_edge_data(ISWAP, BH)["splinter_of"]
    assert split["predicate"] == "splinter_of" and split["since"] == "2016" and split["until"] is None
    assert split["reference"] is False and [s["file"] for s in split["sources"]] == ["marte.md"]
    allied = graph.get_edge_data(ids.actor("ansarul-islam"), JNIM)["allied_with"]
    assert [s["file"] for s in allied["sources"]] == ["arbinda.md"]
    # a relation only the reference data states keeps the reference's sources (and dates, where it has them)
    ref = [d for _, _, d in graph.edges(data=True) if d["predicate"] != "attacked" and d["reference"]]
    assert ref and all(s.get("reference") for d in ref for s in d["sources"])


def test_events_are_attacked_edges_from_perpetrator_to_target(graph: nx.MultiDiGraph):
    # the attack also states a "fights" relation (dyads of told attacks); the event edge is the "attacked" one
    [(key, edge)] = [(k, e) for k, e in graph.get_edge_data(ISWAP, NIGERIA_ARMY).items() if e["predicate"] == "attacked"]
    assert key == edge["event"] and "/event/" in key
    assert edge["predicate"] == "attacked" and edge["date"] == "2022-08-28" and edge["killed"] == 12
    assert edge["place"] == "Marte" and [s["file"] for s in edge["sources"]] == ["marte.md"]
    assert graph.get_edge_data(NIGERIA_ARMY, ISWAP) is None          # directed: the perpetrator is the tail
    attacks = [(u, v) for u, v, d in graph.edges(data=True) if d["predicate"] == "attacked"]
    assert sorted(attacks) == sorted([(ISWAP, NIGERIA_ARMY), (BH, NIGERIA_ARMY),
                                      (JNIM, ids.actor("burkina-faso-armed-forces"))])


def test_undirected_projection_is_simple(graph: nx.MultiDiGraph):
    u = undirected(graph)
    assert isinstance(u, nx.Graph) and not u.is_directed() and set(u) == set(graph)
    assert u.has_edge(NIGERIA_ARMY, ISWAP) and u.has_edge(BH, ISWAP)


# -- network_stats -------------------------------------------------------------------------------------

def test_network_stats_rankings(store: Store):
    st = network_stats(store, top=3)
    assert [r["id"] for r in st["by_killed"]] == [JNIM, ISWAP, BH]
    assert [r["killed"] for r in st["by_killed"]] == [20, 12, 5]
    assert {r["id"] for r in st["by_events"]} == {JNIM, ISWAP, BH} and all(r["events"] == 1 for r in st["by_events"])
    for key, field in (("degree", "degree"), ("betweenness", "betweenness")):
        rows = st[key]
        assert 0 < len(rows) <= 3
        assert all(set(r) >= {"id", "name", "kind", field} for r in rows)
        assert [r[field] for r in rows] == sorted((r[field] for r in rows), reverse=True)
    assert all(r["neighbours"] >= 1 for r in st["degree"])
    assert st["attacks"] == 3 and st["relations"] > 2 and st["actors"] >= st["linked_actors"] > 0


def test_network_stats_communities_partition_the_linked_actors(store: Store):
    st = network_stats(store, top=100)
    coms = st["communities"]
    assert coms and st["community_method"] == "greedy_modularity"
    seen = [i for c in coms for i in c["ids"]]
    assert len(seen) == len(set(seen))                                 # no actor in two communities
    assert all(c["size"] == len(c["ids"]) == len(c["members"]) >= 2 for c in coms)
    assert [c["size"] for c in coms] == sorted((c["size"] for c in coms), reverse=True)
    home = {i: n for n, c in enumerate(coms) for i in c["ids"]}
    assert home.get(ISWAP) is not None and home.get(ISWAP) == home.get(BH)   # split, and fight the same army


def test_network_stats_is_deterministic_and_checks_top(store: Store):
    assert network_stats(store, top=5) == network_stats(store, top=5)
    with pytest.raises(InputError):
        network_stats(store, top=0)


# -- shortest_path ---------------------------------------------------------------------------------------

def test_shortest_path_one_hop_through_an_event(store: Store):
    [hop] = shortest_path(store, "ISWAP", "Nigerian Armed Forces")
    assert (hop["from_id"], hop["to_id"]) == (ISWAP, NIGERIA_ARMY)
    events = [link for link in hop["links"] if link["kind"] == "event"]
    assert len(events) == 1
    ev = events[0]
    assert ev["direction"] == "forward" and ev["predicate"] == "attacked" and ev["date"] == "2022-08-28"
    assert ev["killed"] == 12 and ev["sources"][0]["file"] == "marte.md"


def test_shortest_path_one_hop_through_a_relation(store: Store):
    [hop] = shortest_path(store, "Boko Haram", "ISWAP")
    link = next(link for link in hop["links"] if link["predicate"] == "splinter_of")
    assert link["direction"] == "backward"                             # ISWAP split from Boko Haram
    assert link["subject"] == "Islamic State West Africa Province" and link["object"] == "Boko Haram"
    assert link["since"] == "2016" and link["sources"][0]["file"] == "marte.md"
    assert hop["links"][0]["kind"] == "relation"


def test_shortest_path_chains_hops(store: Store, graph: nx.MultiDiGraph):
    hops = shortest_path(store, "Ansaroul Islam", "Boko Haram")
    assert hops[0]["from_id"] == ids.actor("ansarul-islam") and hops[-1]["to_id"] == BH
    assert all(a["to_id"] == b["from_id"] for a, b in zip(hops, hops[1:]))
    assert len(hops) == nx.shortest_path_length(undirected(graph), ids.actor("ansarul-islam"), BH)
    assert all(hop["links"] and all(link["sources"] for link in hop["links"]) for hop in hops)
    assert shortest_path(store, "ISWAP", "Islamic State West Africa Province") == []


def test_shortest_path_errors(store: Store, graph: nx.MultiDiGraph):
    u = undirected(graph)
    alone = sorted(n for n in u if u.degree(n) == 0 and graph.nodes[n]["kind"] == "armed_group")
    assert len(alone) >= 2, "the reference data has no two unlinked armed groups to test with"
    a, b = graph.nodes[alone[0]]["name"], graph.nodes[alone[1]]["name"]
    with pytest.raises(InputError, match="no path between"):
        shortest_path(store, a, b)
    with pytest.raises(InputError, match="unknown actor"):
        shortest_path(store, "ISWAP", "No Such Brigade Of Nowhere")


# -- the CLI ---------------------------------------------------------------------------------------------

def kg(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    from kg.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    return exit_.value.code or 0, out, err


@pytest.fixture(scope="module")
def cli_store(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("analysis-store") / "store")
    with open_store(location) as s:
        assert ingest(s, [str(folder)]).ok
    return location


def test_cli_network_stats(cli_store: str, monkeypatch, capsys):
    code, out, err = kg(monkeypatch, capsys, "--store", cli_store, "network", "stats", "--json", "--top", "2")
    assert code == 0, err
    st = json.loads(out)
    assert [r["id"] for r in st["by_killed"]] == [JNIM, ISWAP] and len(st["degree"]) <= 2
    code, out, err = kg(monkeypatch, capsys, "--store", cli_store, "network", "stats", "--top", "3")
    assert code == 0, err
    for title in ("degree centrality", "betweenness centrality", "most active perpetrators", "communities"):
        assert title in out
    assert "Jama'at Nusrat" in out
    code, _, _ = kg(monkeypatch, capsys, "--store", cli_store, "network", "stats", "--top", "0")
    assert code == 2


def test_cli_path(cli_store: str, monkeypatch, capsys):
    code, out, err = kg(monkeypatch, capsys, "--store", cli_store, "path", "ISWAP", "Boko Haram", "--json")
    assert code == 0, err
    [hop] = json.loads(out)
    assert hop["from_id"] == ISWAP and any(link["predicate"] == "splinter_of" for link in hop["links"])
    code, out, err = kg(monkeypatch, capsys, "--store", cli_store, "path", "ISWAP", "Nigerian Armed Forces")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "1 hop:" in flat
    assert "marte.md" in flat and "attacked" in flat
    code, _, err = kg(monkeypatch, capsys, "--store", cli_store, "path", "ISWAP", "No Such Brigade Of Nowhere")
    assert code == 1 and "unknown actor" in err

"""kg.export.network: graph building, filters, GraphML/GEXF round trips, the offline HTML page."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.export.network import LARGE_GRAPH, build_graph, compute_layout, write_gexf, write_graphml, write_html
from kg.export.synthetic import synthetic_dataset

FIXTURE = Path(__file__).parent / "data" / "export_fixture.json"
XSS = "<img src=x onerror=alert(1)>"
JNIM = "Jama'at Nusrat al-Islam wal-Muslimin"


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def graph(data, **kw):
    return build_graph(data["events"], data["actors"], data["relations"], **kw)


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-graph">(.*?)</script>', html, re.S)
    assert m, "graph data block missing"
    return json.loads(m.group(1))


# --- build_graph ------------------------------------------------------------------------------

def test_actors_are_nodes_and_relations_typed_edges(data):
    G = graph(data)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == len(data["actors"]) == 15
    assert G.number_of_edges() == len(data["relations"]) == 15
    isgs = G.nodes["Islamic State in the Greater Sahara"]
    assert isgs["kind"] == "armed_group" and isgs["events"] == 3 and isgs["killed"] == 162
    assert isgs["countries"] == ["Mali", "Niger"]
    assert G.nodes["Niger"]["kind"] == "state"
    assert G.nodes["Nigerien Armed Forces"]["kind"] == "state_force"
    assert G.nodes["Iyad Ag Ghaly"]["kind"] == "person"
    e = G.get_edge_data("Islamic State in the Greater Sahara", "Islamic State West Africa Province")
    (key, attrs), = e.items()
    assert key == "part_of" and attrs["since"] == "2019-03" and attrs["until"] == "2022-03"
    assert attrs["sources"][0]["file"] == "inates-2019-12.md" and attrs["reference"] is False
    assert {d["p"] for *_x, d in G.edges(data=True)} == {
        "part_of", "allied_with", "fights", "backs", "splinter_of", "merged_into", "led_by",
        "pledged_allegiance_to"}


def test_include_events_links_perpetrators_targets_claimants(data):
    G = graph(data, include_events=True)
    events = [n for n, d in G.nodes(data=True) if d["node_type"] == "event"]
    assert len(events) == len(data["events"]) == 8
    inates = next(e["id"] for e in data["events"] if "inates" in e["id"])
    assert G.has_edge("Islamic State West Africa Province", inates, "perpetrator")
    assert G.has_edge(inates, "Nigerien Armed Forces", "target")
    assert G.has_edge("Islamic State", inates, "claimed")
    assert G.nodes[inates]["killed"] == 71
    assert G.nodes["civilians"]["kind"] == "unknown"  # a target that is not in the actor list


def test_country_filter(data):
    G = graph(data, country="Niger")
    assert {"Islamic State West Africa Province", "Islamic State in the Greater Sahara",
            "Nigerien Armed Forces", "Niger"} <= set(G.nodes)
    assert "Malian Armed Forces" not in G and JNIM not in G
    # counts restricted to the events in Niger
    assert G.nodes["Islamic State in the Greater Sahara"]["events"] == 1
    assert G.nodes["Islamic State in the Greater Sahara"]["killed"] == 89


def test_date_filter_keeps_overlapping_relations(data):
    G = graph(data, since="2021", until="2022-12")
    assert "Wagner Group" in G and JNIM in G
    assert "Islamic State West Africa Province" not in G  # no event in 2021-2022
    for *_ends, d in G.edges(data=True):
        assert not d.get("until") or d["until"] >= "2021"
    assert G.has_edge("Wagner Group", "Malian Armed Forces", "backs")
    assert not G.has_edge("Islamic State in the Greater Sahara", "Adnan Abu Walid al-Sahrawi")


def test_actor_centred_view(data):
    G = graph(data, actor="JNIM", depth=1)  # an alias works
    assert G.graph["actor"] == JNIM
    assert set(G.nodes) == {JNIM, "al-Qaeda", "Iyad Ag Ghaly", "al-Mourabitoun", "Ansarul Islam",
                            "Islamic State in the Greater Sahara"}
    G2 = graph(data, actor=JNIM, depth=2)
    assert "Islamic State West Africa Province" in G2 and len(G2) > len(G)
    with pytest.raises(KeyError):
        graph(data, actor="No Such Group")


# --- GraphML / GEXF ---------------------------------------------------------------------------

@pytest.mark.parametrize("include_events", [False, True])
def test_graphml_round_trip(data, tmp_path, include_events):
    G = graph(data, include_events=include_events)
    path = write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    isgs = H.nodes["Islamic State in the Greater Sahara"]
    assert isgs["kind"] == "armed_group" and int(isgs["events"]) == 3
    assert isgs["aliases"] == "ISGS; Islamic State Sahel Province"
    assert XSS in H  # names survive as data


@pytest.mark.parametrize("include_events", [False, True])
def test_gexf_round_trip(data, tmp_path, include_events):
    G = graph(data, include_events=include_events)
    path = write_gexf(G, tmp_path / "g.gexf")
    H = nx.read_gexf(path)
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    assert H.nodes["Niger"]["kind"] == "state"
    text = path.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and XSS not in text


# --- HTML -------------------------------------------------------------------------------------

def test_html_is_offline_and_escaped(data, tmp_path):
    path = write_html(graph(data), tmp_path / "network.html", title="Sahel <b>actors</b>")
    html = path.read_text(encoding="utf-8")
    assert XSS not in html and "<b>actors</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html          # in the actor list, as text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html     # in the graph data
    assert "Content-Security-Policy" in html and "default-src &#x27;none&#x27;" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" not in tag
    assert not re.search(r"<link\b", html)
    assert not re.search(r'(src|href)="https?:', html)
    assert "new vis.Network" in html and "vis-network" in html   # the library is inlined
    d = page_data(html)
    assert len(d["nodes"]) == 15 and len(d["edges"]) == 15 and d["physics"] is True
    titles = [n["title"] for n in d["nodes"]]
    assert all(isinstance(t, str) for t in titles)  # plain-text tooltips (vis shows them as text)
    edge = next(e for e in d["edges"] if e["p"] == "part_of" and e["from"] == "Islamic State in the Greater Sahara")
    assert "2019-03" in edge["title"] and "inates-2019-12.md" in edge["title"]
    assert edge["start"] == "2019-03-01" and edge["end"] == "2022-03-31"


def test_html_links_existing_actor_pages(data, tmp_path):
    G = graph(data)
    d = page_data(write_html(G, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    assert not any(n.get("href") for n in d["nodes"])
    (tmp_path / "actor-al-qaeda.html").write_text("x")
    d = page_data(write_html(G, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    assert [n["href"] for n in d["nodes"] if n.get("href")] == ["actor-al-qaeda.html"]
    d = page_data(write_html(G, tmp_path / "n.html", title="t", actor_pages=True).read_text(encoding="utf-8"))
    assert all(n.get("href", "").startswith("actor-") for n in d["nodes"])


def test_large_graph_gets_positions_and_no_physics(tmp_path):
    syn = synthetic_dataset(LARGE_GRAPH + 200, seed=3)
    G = build_graph(syn["events"], syn["actors"], syn["relations"])
    assert G.number_of_nodes() > LARGE_GRAPH
    t = time.perf_counter()
    path = write_html(G, tmp_path / "big.html", title="big")
    elapsed = time.perf_counter() - t
    d = page_data(path.read_text(encoding="utf-8"))
    assert d["physics"] is False and d["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in d["nodes"])
    assert elapsed < 60


def test_compute_layout_spreads_nodes():
    G = nx.path_graph(50)
    pos = compute_layout(G, iterations=30)
    assert len(pos) == 50
    xs = {round(p[0]) for p in pos.values()}
    assert len(xs) > 10


def test_empty_and_sparse_inputs(tmp_path):
    G = build_graph([], [], [])
    assert G.number_of_nodes() == 0
    d = page_data(write_html(G, tmp_path / "e.html", title="empty").read_text(encoding="utf-8"))
    assert d["nodes"] == [] and d["physics"] is False
    # relation ends and event participants missing from the actor list still become nodes
    G = build_graph([{"id": "e1", "perpetrators": ["A"], "targets": ["C"], "date": "not a date"}], [],
                    [{"s": "A", "p": "fights", "o": "B"}], include_events=True)
    assert set(G.nodes) == {"A", "B", "C", "e1"}
    assert G.nodes["B"]["kind"] == "unknown"
    write_graphml(G, tmp_path / "g.graphml")
    write_gexf(G, tmp_path / "g.gexf")


def test_compute_layout_without_numpy(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_numpy(name, *args, **kwargs):
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError("numpy hidden by the test")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_numpy)
    G = nx.gnm_random_graph(60, 80, seed=1)
    pos = compute_layout(G)
    assert len(pos) == 60 and len({p for p in pos.values()}) == 60

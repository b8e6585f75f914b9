"""Every HTML page kg writes: offline, escaped, sourced (actor pages in detail)."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from kg.export.actor_page import actor_page_name, write_actor_page, write_actor_pages
from kg.export.mapview import write_map_html
from kg.export.network import build_graph, write_html

FIXTURE = Path(__file__).parent / "data" / "export_fixture.json"
XSS = "<img src=x onerror=alert(1)>"
JNIM = "Jama'at Nusrat al-Islam wal-Muslimin"


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    ev, ac, rel = data["events"], data["actors"], data["relations"]
    write_actor_pages(ev, ac, rel, out, network_html_name="network.html")
    write_html(build_graph(ev, ac, rel), out / "network.html", title="Actors")
    write_html(build_graph(ev, ac, rel, include_events=True), out / "network-events.html", title="Events")
    write_map_html(ev, out / "map.html", title="Map")
    return out


def test_actor_page_names():
    assert actor_page_name(JNIM) == "actor-jamaat-nusrat-al-islam-wal-muslimin.html"
    assert actor_page_name("Chinégodar") == "actor-chinegodar.html"
    assert actor_page_name(XSS) == "actor-img-src-x-onerror-alert-1.html"
    assert re.fullmatch(r"actor-x[0-9a-f]{10}\.html", actor_page_name("داعش"))


def test_every_page_is_offline_and_escaped(site, data):
    pages = sorted(site.glob("*.html"))
    assert len(pages) == len(data["actors"]) + 3
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert XSS not in html, p.name
        assert "<script>alert" not in html and "<b>near</b>" not in html, p.name
        assert "Content-Security-Policy" in html, p.name
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" not in tag, (p.name, tag)
        assert not re.search(r"<link\b", html), p.name
        assert not re.search(r'(src|href)="https?:', re.sub(r'<a\b[^>]*>', "", html)), p.name
        assert "@import" not in html and "url(http" not in html, p.name
        assert not re.search(r'href="(?!https?://|actor-|network\.html|#)', html), p.name
        if p.name in ("network.html", "network-events.html", "actor-img-src-x-onerror-alert-1.html",
                      "actor-malian-armed-forces.html"):
            assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg src=x onerror" in html, p.name


def test_actor_page_content(site):
    html = (site / "actor-islamic-state-west-africa-province.html").read_text(encoding="utf-8")
    assert "<h1>Islamic State West Africa Province" in html
    assert "ISWAP" in html and "armed group" in html
    assert 'href="actor-islamic-state.html"' in html            # parent, linked
    assert 'href="network.html#actor=Islamic%20State%20West%20Africa%20Province"' in html
    assert 'class="timeline"' in html and 'class="ego"' in html and 'class="kg-map"' in html
    # every claim: value, qualifier, claimant, source file; the source sentence
    assert "at least 100 — Islamic State" in html
    assert "at least 71 — Nigerien officials" in html
    assert "[inates-2019-12.md]" in html
    assert "At least 71 Nigerien soldiers were killed on Wednesday" in html
    assert 'href="https://www.longwarjournal.org/archives/2019/12/' in html
    assert "December 2019: 1 event, 71 killed" in html          # timeline tooltip
    state = (site / "actor-islamic-state.html").read_text(encoding="utf-8")
    assert 'href="https://www.wikidata.org/wiki/Q2429253"' in state
    assert "claimed responsibility" in state


def test_actor_page_xss_actor(site):
    html = (site / "actor-img-src-x-onerror-alert-1.html").read_text(encoding="utf-8")
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html


def test_only_http_urls_become_links(data, tmp_path):
    ev = copy.deepcopy([e for e in data["events"] if "inates" in e["id"]])
    ev[0]["sources"][0]["url"] = "javascript:alert(1)"
    actor = next(a for a in data["actors"] if a["name"] == "Islamic State West Africa Province")
    html = write_actor_page(actor, ev, [], tmp_path / "a.html").read_text(encoding="utf-8")
    assert "javascript:" not in html
    assert "inates-2019-12.md" in html


def test_actor_page_without_events_or_relations(tmp_path):
    actor = {"id": "x", "name": "Lonely Group", "aliases": [], "kind": "armed_group", "parents": [],
             "wikidata": "not-a-qid", "events": 0, "killed": 0}
    html = write_actor_page(actor, [], [], tmp_path / "a.html").read_text(encoding="utf-8")
    assert "No events." in html and "No relations." in html and "wikidata.org" not in html

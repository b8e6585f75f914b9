"""The exported pages in a real headless Chromium (driven over the DevTools pipe, see cdp.py).

Skipped when no Chromium is installed (Debian: ``apt-get install chromium``). Checks that each
page draws, that the data the page shows matches kg's Python filters, that nothing but file:
and data: URLs is requested, that no console error or JavaScript dialog appears (the actor named
``<img src=x onerror=alert(1)>`` must stay text), and saves a screenshot of each page.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cdp import Browser, find_chromium  # noqa: E402

from kg.export.actor_page import write_actor_pages  # noqa: E402
from kg.export.mapview import write_map_html  # noqa: E402
from kg.export.network import build_graph, write_html  # noqa: E402

CHROMIUM = find_chromium()
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (looked for chromium, "
                                 "chromium-browser, google-chrome on PATH and /usr/bin/chromium); "
                                 "Debian: apt-get install chromium")]

FIXTURE = Path(__file__).parent.parent / "data" / "export_fixture.json"
XSS = "<img src=x onerror=alert(1)>"
JNIM = "Jama'at Nusrat al-Islam wal-Muslimin"
OK_SCHEMES = ("file:", "data:", "about:", "blob:", "http://localhost", "http://127.0.0.1")


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    ev, ac, rel = data["events"], data["actors"], data["relations"]
    write_actor_pages(ev, ac, rel, out, network_html_name="network.html")
    write_html(build_graph(ev, ac, rel), out / "network.html", title="Sahel actors")
    write_html(build_graph(ev, ac, rel, include_events=True), out / "network-events.html", title="Sahel actors and events")
    write_map_html(ev, out / "map.html", title="Sahel events")
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def check_clean(page) -> None:
    bad = [u for u in page.requests if not u.startswith(OK_SCHEMES)]
    assert not bad, f"network requests: {bad}"
    assert not page.errors, f"console errors: {page.errors}"
    assert not page.dialogs, f"dialogs opened: {page.dialogs}"
    assert page.evaluate("document.querySelectorAll('img').length") == 0


def shoot(page, shots: Path, name: str) -> None:
    path = page.screenshot(shots / name)
    assert path.stat().st_size > 5000
    print(f"screenshot: {path}")


def test_network_page(browser, site, data, shots):
    page = browser.open((site / "network.html").as_uri())
    try:
        page.wait_for("window.kgNetwork && kgNetwork.ready", timeout=60)
        assert page.evaluate("!!document.querySelector('#network canvas')")
        assert page.evaluate("kgNetwork.nodes.length") == 15
        assert page.evaluate("kgNetwork.edges.length") == 15
        assert page.evaluate(f"kgNetwork.nodes.get({json.dumps(XSS)}).label") == XSS
        shoot(page, shots, "network.png")
        # the page's country filter agrees with build_graph(country=...)
        page.evaluate("var s = document.getElementById('f-country'); s.value = 'Niger';"
                      "s.dispatchEvent(new Event('change'))")
        shown = set(page.evaluate("kgNetwork.nodesView.getIds()"))
        expected = build_graph(data["events"], data["actors"], data["relations"], country="Niger")
        assert shown == set(expected.nodes)
        assert page.evaluate("kgNetwork.edgesView.length") == expected.number_of_edges()
        # date range
        page.evaluate("var s = document.getElementById('f-country'); s.value = '';"
                      "s.dispatchEvent(new Event('change'));"
                      "var f = document.getElementById('f-from'); f.value = '2021-01-01'; f.dispatchEvent(new Event('change'));"
                      "var t = document.getElementById('f-to'); t.value = '2022-12-31'; t.dispatchEvent(new Event('change'))")
        expected = build_graph(data["events"], data["actors"], data["relations"], since="2021-01-01", until="2022-12-31")
        assert set(page.evaluate("kgNetwork.nodesView.getIds()")) == set(expected.nodes)
        # actor-centred view
        page.evaluate("document.getElementById('f-reset').click();"
                      f"var a = document.getElementById('f-actor'); a.value = {json.dumps(JNIM)};"
                      "a.dispatchEvent(new Event('change'));"
                      "var d = document.getElementById('f-depth'); d.value = '1'; d.dispatchEvent(new Event('change'))")
        expected = build_graph(data["events"], data["actors"], data["relations"], actor=JNIM, depth=1)
        assert set(page.evaluate("kgNetwork.nodesView.getIds()")) == set(expected.nodes)
        # a real click on the XSS-named node shows its details, as text
        page.evaluate("document.getElementById('f-reset').click()")
        x, y = page.evaluate(
            f"(function(){{var n = kgNetwork.network, p = n.canvasToDOM(n.getPosition({json.dumps(XSS)}));"
            "var r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y];})()")
        page.click(x, y)
        page.wait_for("!!document.querySelector('#detail-body h3')", timeout=10)
        assert page.evaluate("document.querySelector('#detail-body h3').textContent") == XSS
        check_clean(page)
    finally:
        page.close()


def test_network_page_hash_centres_actor(browser, site):
    url = (site / "network.html").as_uri() + "#actor=" + quote(JNIM, safe="")
    page = browser.open(url)
    try:
        page.wait_for("window.kgNetwork && kgNetwork.ready", timeout=60)
        assert page.evaluate("document.getElementById('f-actor').value") == JNIM
        assert page.evaluate("kgNetwork.nodesView.length") < 15
        check_clean(page)
    finally:
        page.close()


def test_network_page_with_events(browser, site, data, shots):
    page = browser.open((site / "network-events.html").as_uri())
    try:
        page.wait_for("window.kgNetwork && kgNetwork.ready", timeout=60)
        G = build_graph(data["events"], data["actors"], data["relations"], include_events=True)
        assert page.evaluate("kgNetwork.nodes.length") == G.number_of_nodes()
        assert page.evaluate("kgNetwork.edges.length") == G.number_of_edges()
        shoot(page, shots, "network-events.png")
        check_clean(page)
    finally:
        page.close()


def test_map_page(browser, site, shots):
    page = browser.open((site / "map.html").as_uri())
    try:
        page.wait_for("window.kgMapsReady")
        assert page.evaluate("document.querySelectorAll('#kgmap circle.ev').length") == 7
        assert page.evaluate("document.querySelectorAll('#kgmap path.c').length") > 150
        # hover: the tooltip shows the event as text
        tip = page.evaluate(
            "(function(){var c = Array.from(document.querySelectorAll('circle.ev')).find(function(c){"
            "  return document.getElementById('kgmap-tips') && JSON.parse(document.getElementById('kgmap-tips').textContent)[c.dataset.i].indexOf('Inates') >= 0;});"
            "var r = c.getBoundingClientRect();"
            "c.dispatchEvent(new PointerEvent('pointermove', {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));"
            "var t = document.querySelector('#kgmap .tip'); return [t.style.display, t.textContent];})()")
        assert tip[0] == "block" and tip[1].startswith("Attack on Inates military base")
        # zoom in with the button: the view box shrinks, circles keep their on-screen size
        before = page.evaluate("document.querySelector('#kgmap svg').getAttribute('viewBox')")
        r0 = page.evaluate("document.querySelector('#kgmap circle.ev').getBoundingClientRect().width")
        page.evaluate("document.querySelector('#kgmap .map-ctl button[data-z=in]').click()")
        after = page.evaluate("document.querySelector('#kgmap svg').getAttribute('viewBox')")
        r1 = page.evaluate("document.querySelector('#kgmap circle.ev').getBoundingClientRect().width")
        assert float(after.split()[2]) < float(before.split()[2])
        assert abs(r1 - r0) < 1.0
        page.evaluate("document.querySelector('#kgmap .map-ctl button[data-z=reset]').click()")
        shoot(page, shots, "map.png")
        check_clean(page)
    finally:
        page.close()


@pytest.mark.parametrize("name", ["actor-islamic-state-west-africa-province.html",
                                  "actor-img-src-x-onerror-alert-1.html"])
def test_actor_page(browser, site, shots, name):
    page = browser.open((site / name).as_uri())
    try:
        page.wait_for("window.kgMapsReady")
        h1 = page.evaluate("document.querySelector('h1').firstChild.textContent")
        assert h1 in ("Islamic State West Africa Province", XSS)
        assert page.evaluate("document.querySelectorAll('svg.timeline, svg.ego').length") >= 1
        assert page.evaluate("document.querySelectorAll('table.events tbody tr').length") >= 1
        shoot(page, shots, name.replace(".html", ".png"))
        check_clean(page)
    finally:
        page.close()

"""Output safety: HTML exports escape everything that comes from data, file names derived from data
never leave the output folder, and CSV cells cannot become spreadsheet formulas."""
from __future__ import annotations

import csv
import html.parser
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relhelp import SEED, run_main

XSS = "<img src=x onerror=alert(1)>\"'&<script>alert(2)</script><svg onload=alert(3)>"
# the same shape (spaces in the same places, same length) with nothing to escape
BENIGN = re.sub(r"\S", "a", XSS)
TEXT_KEYS = {"name", "aliases", "label", "place", "place_aliases", "admin1", "perpetrators", "targets", "claimed_by",
             "tactics", "title", "outlet", "file", "sentence", "source", "by", "by_label", "s", "o", "parents"}


def _spiked(value, suffix: str, key: str | None = None):
    """Every display string of an export's input, with ``suffix`` appended (ids, dates, codes untouched)."""
    if isinstance(value, dict):
        return {k: _spiked(v, suffix, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_spiked(v, suffix, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return value + " " + suffix
    return value


class _Shape(html.parser.HTMLParser):
    """What a page *is*: its elements with their attribute names, and its executable script code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: Counter = Counter()
        self.code: list[str] = []
        self.urls: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements[(tag, tuple(sorted(a for a, _ in attrs)))] += 1
        self.urls += [v or "" for a, v in attrs if a in ("href", "src", "action", "xlink:href", "formaction")]
        kinds = dict(attrs).get("type", "text/javascript")
        self._script = "" if tag == "script" and "json" not in (kinds or "") else None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.code.append(self._script)
            self._script = None


def _shape(path: Path) -> _Shape:
    p = _Shape()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _assert_same_shape(benign: Path, hostile: Path) -> None:
    a, b = _shape(benign), _shape(hostile)
    assert a.elements == b.elements, f"{hostile.name}: hostile names changed the markup: " \
                                     f"{(b.elements - a.elements) or (a.elements - b.elements)}"
    assert a.code == b.code, f"{hostile.name}: hostile names reached executable script code"
    text = hostile.read_text(encoding="utf-8")
    for raw in ("<img src=x", "<script>alert", "<svg onload"):
        assert raw not in text, f"{hostile.name} holds raw {raw!r}"
    assert not [u for u in b.urls if u.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))]


@pytest.fixture(scope="module")
def export_inputs(seeded_template):
    from kg import exporting, views
    from kg.store import open_store
    with open_store(seeded_template, read_only=True) as store:
        history = views.actor_history(store, "ISWAP")
        evs, acts, rels = exporting._network_inputs(store)
        all_events = [exporting._public_event(e) for e in views.events(store)]
    assert history["events"] and evs and acts
    return history, (evs, acts, rels), all_events


@pytest.mark.parametrize("page", ["actor", "network", "map"])
def test_html_exports_escape_every_name(tmp_path, export_inputs, page):
    from kg.export import mapview, network
    from kg.export.actor_page import write_actor_page

    history, (evs, acts, rels), all_events = export_inputs
    out = {}
    for label, suffix in (("benign", BENIGN), ("hostile", XSS)):
        path = tmp_path / label / f"{page}.html"
        path.parent.mkdir()
        title = f"Title {suffix}"
        if page == "actor":
            h = _spiked(history, suffix)
            for ev in h["events"]:  # hostile URLs: only http(s) may become links
                for s in ev.get("sources", []):
                    s["url"] = "javascript:alert(4)" if label == "hostile" else "https://example.org/a"
            write_actor_page(h["actor"], h["events"], h["relations"], path, network_html_name="network.html",
                             actors=_spiked(acts, suffix), linked_actors=[a["name"] for a in _spiked(acts, suffix)][:5])
        elif page == "network":
            g = network.build_graph(_spiked(evs, suffix), _spiked(acts, suffix), _spiked(rels, suffix),
                                    include_events=True)
            network.write_html(g, path, title=title, actor_pages=True)
        else:
            mapview.write_map_html(_spiked(all_events, suffix), path, title=title)
        out[label] = path
    if page == "actor":
        # the benign page links its sources; the hostile one must not link javascript: at all
        a, b = _shape(out["benign"]), _shape(out["hostile"])
        assert any(u.startswith("https://example.org/a") for u in a.urls)
        assert not any("javascript" in u.lower() for u in b.urls)
        drop = lambda c: Counter({k: v for k, v in c.items() if k != ("a", ("href", "rel"))})  # noqa: E731
        assert a.elements[("a", ("href", "rel"))] > b.elements[("a", ("href", "rel"))], "no source link was dropped"
        assert drop(a.elements) == drop(b.elements), "hostile names changed the markup beyond the dropped links"
        assert a.code == b.code
        text = out["hostile"].read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<script>alert" not in text and "<svg onload" not in text
    else:
        _assert_same_shape(out["benign"], out["hostile"])


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, template_store):
    """`kg build` over the seed plus an article whose every field is hostile."""
    base = tmp_path_factory.mktemp("hostile-build")
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    body = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    body = body.replace("complex assault in Inates, Niger", f"complex assault in Inates, Niger {XSS}")
    front = ("---\ntitle: '<img src=x onerror=alert(1)> title <script>alert(\"title\")</script>'\n"
             "published: 2019-12-14\nsource: '=HYPERLINK(\"http://example.org\",\"x\")'\n"
             "author: '\"><svg onload=alert(3)>'\n"
             "url: 'javascript:alert(document.domain)'\n---\n")
    hostile = seeds / "<svg onload=alert(9)>.md"
    hostile.write_text(front + "=HYPERLINK(\"http://example.org\",\"x\") " + body, encoding="utf-8")
    store = base / "store"
    shutil.copytree(template_store, store)
    out = base / "site"
    run = run_main(["--store", str(store), "build", str(seeds), "--out", str(out)])
    assert run.code == 0, run.err
    return out


def test_kg_build_escapes_hostile_articles(hostile_build):
    pages = sorted(hostile_build.glob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for raw in ("<img src=x", "<script>alert", "<svg onload"):
            assert raw not in text, f"{page.name} holds raw {raw!r}"
        shape = _shape(page)
        assert not [u for u in shape.urls if u.strip().lower().startswith(("javascript:", "data:text"))], page.name
    # the hostile strings did get through (escaped), so the test is not vacuous
    assert any("&lt;img src=x" in p.read_text(encoding="utf-8") or "\\u003cimg src=x" in p.read_text(encoding="utf-8")
               for p in pages)


def test_kg_build_writes_only_inside_its_folder(hostile_build):
    root = hostile_build.resolve()
    for path in hostile_build.rglob("*"):
        assert root in path.resolve().parents
    index = (hostile_build / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]*)"', index):
        assert "/" not in href and "\\" not in href and not href.startswith(".."), href


def test_csv_cells_cannot_become_formulas(hostile_build):
    bad = []
    for name in ("events.csv", "events-acled.csv", "actors.csv", "relations.csv"):
        for row in csv.reader(io.StringIO((hostile_build / name).read_text(encoding="utf-8"))):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?\d+(\.\d+)?", cell):
                    bad.append((name, cell[:60]))
    assert not bad, bad[:5]


# ---------------------------------------------------------------------------------------------
# file names derived from data
# ---------------------------------------------------------------------------------------------

EVIL_NAMES = ["../../etc/passwd", "..\\..\\windows\\system32", "/etc/passwd", "C:\\x", "a/b", ".", "..", "",
              "\x00", "CON", "name\nwith newline", "ﾠ", "الدولة الإسلامية", "x" * 5000, "-rf", "~root", "$(id)",
              "%2e%2e%2fetc", "\u202egnp.exe", "actor-../x"]


@pytest.mark.parametrize("name", EVIL_NAMES, ids=range(len(EVIL_NAMES)))
def test_actor_page_name_stays_in_the_folder(tmp_path, name):
    from kg.export._html import actor_page_name
    fname = actor_page_name(name)
    assert re.fullmatch(r"actor-[a-z0-9][a-z0-9-]*\.html", fname), fname
    assert len(fname.encode()) < 255
    assert (tmp_path / fname).resolve().parent == tmp_path.resolve()
    assert fname == actor_page_name(name)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_actor_page_name_property(name):
    from kg.export._html import actor_page_name
    fname = actor_page_name(name)
    assert re.fullmatch(r"actor-[a-z0-9][a-z0-9-]*\.html", fname), (name, fname)
    assert fname == actor_page_name(name)


def test_explicit_output_path_is_the_users_choice(tmp_path, seeded_path):
    """-o is taken as given (the user chose it), parent folders included; nothing else is written."""
    target = tmp_path / "deep" / "er" / ".." / "events.json"
    run = run_main(["--store", str(seeded_path), "export", "events", "-o", str(target)])
    assert run.code == 0, run.err
    assert (tmp_path / "deep" / "events.json").is_file()


def test_reference_actors_get_distinct_page_names():
    """kg build writes one page per actor name: two names with one file name would overwrite each other."""
    from kg.export._html import actor_page_name
    from kg.reference import load_actors
    names = [r.name for r in load_actors().values()]
    pages = {actor_page_name(n) for n in names}
    assert len(pages) == len(names)

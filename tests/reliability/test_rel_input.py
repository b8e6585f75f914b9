"""Bad input: every case is either a correct ingest or ONE error line naming the file (and line),
exit code 1 from `kg ingest`, the other files of the run still ingested, and nothing half-written."""
from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from relhelp import SEED, article_files, assert_one_line_error, dump_nquads, run_kg, run_main
from kg.errors import InputError

GOOD = ("---\ntitle: Good article\npublished: 2021-06-06\nsource: Test Wire\n---\n"
        "Suspected Boko Haram gunmen attacked the village of Kawuri in Borno State on Saturday, "
        "killing 12 people, officials said.\n")

BILLION_LAUGHS = "\n".join(["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
                           + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
                              for i in range(8)])


@pytest.fixture(scope="module")
def good_only(tmp_path_factory, template_store):
    """The quads of the reference store plus the good article alone (what every bad run must equal)."""
    import shutil

    path = tmp_path_factory.mktemp("good") / "store"
    shutil.copytree(template_store, path)
    d = tmp_path_factory.mktemp("goodin")
    (d / "good.md").write_text(GOOD, encoding="utf-8")
    run = run_main(["--store", str(path), "ingest", str(d / "good.md")])
    assert run.code == 0, run.err
    return dump_nquads(path)


# name, bytes, needle of the one-line problem, line number (or None)
BAD = [
    ("empty.md", b"", "empty file", None),
    ("blank.txt", b"  \n\t\n", "empty file", None),
    ("bom-only.jsonl", b"\xfe\xff", "empty file", None),
    ("bom-and-blanks.jsonl", b"\xef\xbb\xbf\n  \n", "empty file", None),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file", None),
    ("controls.txt", bytes(range(1, 9)) * 40, "binary file", None),
    ("latin1.md", "---\ntitle: Caf\u00e9\n---\nLine two.\nCaf\u00e9 au lait.\n".encode("latin-1"), "invalid UTF-8", 2),
    ("utf16-no-bom.txt", "Gunmen attacked Kawuri.".encode("utf-16-le"), "UTF-16 without a byte-order mark", None),
    ("bad-utf16.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "invalid UTF-16", None),
    ("unclosed.md", b"---\ntitle: x\nText that never closes the front matter.\n", "never closed", 1),
    ("malformed.md", b"---\ntitle: x\nsource: [unclosed\n---\nText.\n", "malformed front matter", None),
    ("bad-indent.md", b"---\ntitle: x\n  - a\n b: c\n---\nText.\n", "malformed front matter", None),
    ("alias-bomb.md", f"---\n{BILLION_LAUGHS}\n---\nText.\n".encode(), "aliases are not allowed", None),
    ("python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['echo pwned > PWNED']\n---\nText.\n",
     "tags", 2),
    ("python-tag-map.md", b"---\n!!python/object:builtins.dict {title: x}\n---\nText.\n", "tags", 2),
    ("custom-tag.md", b"---\ntitle: !secret x\n---\nText.\n", "tags", 2),
    ("deep.md", b"---\ntitle: " + b"[" * 5000 + b"\n---\nText.\n", "nested too deeply", 1),
    ("list-front-matter.md", b"---\n- a\n- b\n---\nText.\n", "must be a mapping", 2),
    ("duplicate-key.md", b"---\npublished: 2020-01-01\ntitle: x\npublished: 2021-01-01\n---\nText.\n",
     "'published' given twice", 4),
    ("front-matter-only.md", b"---\ntitle: Only a title\n---\n\n", "empty article", None),
    ("published-NO.md", b"---\npublished: NO\n---\nText.\n", "publication date 'NO'", None),
    ("published-yesterday.md", b"---\npublished: yesterday\n---\nText.\n", "publication date 'yesterday'", None),
    ("published-feb30.md", b"---\npublished: 2019-02-30\n---\nText.\n", "publication date '2019-02-30'", None),
    ("published-map.md", b"---\npublished: {year: 2019}\n---\nText.\n", "publication date", None),
    ("surrogate.jsonl", b'{"text": "Gunmen attacked \\ud800 Kawuri."}\n', "lone surrogate", 1),
    ("not-object.jsonl", b'["a list", "not an object"]\n', "must be an object", 1),
    ("html-no-text.html", b"<html><head><title>x</title><script>var a=1;</script></head><body></body></html>",
     "no article text", None),
]


@pytest.mark.parametrize("name,data,needle,line", BAD, ids=[c[0] for c in BAD])
def test_bad_file_is_one_error_line_and_the_rest_still_lands(tmp_path, store_path, good_only, name, data,
                                                                needle, line):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(bad), str(good)])
    assert run.code == 1, run.err
    where = f"{bad}:{line}: " if line is not None else f"{bad}"
    msg = assert_one_line_error(run, where, needle)
    assert msg.startswith("kg: ")
    assert "1 added" in run.err and "1 failed" in run.err
    # the good file landed, and nothing of the bad one did: the store equals "reference + good"
    assert dump_nquads(store_path) == good_only
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_cli_exit_code_through_the_real_entry_point(tmp_path, store_path):
    """Regression: kg.cli.main() returned 0 for `kg ingest` with failures (typer returns the Exit code
    instead of raising it with standalone_mode=False) and crashed on usage errors (no `click` module)."""
    (tmp_path / "empty.md").write_bytes(b"")
    run = run_kg(["--store", str(store_path), "ingest", str(tmp_path / "empty.md"), str(SEED)])
    assert run.code == 1, run.err
    assert_one_line_error(run, str(tmp_path / "empty.md"), "empty file")
    assert article_files(store_path) == {SEED.name}
    usage = run_kg(["--store", str(store_path), "ingest", "--no-such-option", str(SEED)])
    assert usage.code == 2 and "Traceback" not in usage.err and "No such option" in usage.err
    missing = run_main(["--store", str(store_path), "ingest", str(tmp_path / "nope.md")])
    assert missing.code == 1
    assert_one_line_error(missing, "nope.md", "no such file")


# ---------------------------------------------------------------------------------------------
# inputs that must be read correctly
# ---------------------------------------------------------------------------------------------

def _articles(path: Path) -> dict[str, dict]:
    from kg.store import open_store
    from kg.vocab import DCTERMS, KG

    q = """SELECT ?a ?f ?t ?p ?o WHERE { ?a a <%s> ; <%s> ?f OPTIONAL { ?a <%s> ?t } OPTIONAL { ?a <%s> ?p }
           OPTIONAL { ?a <%s> ?o } }""" % (KG.Article, KG.file, DCTERMS.title, DCTERMS.issued, KG.outlet)
    with open_store(path, read_only=True) as store:
        rows = store.select(q)
    return {r["f"].value: {k: r[k].value for k in ("a", "t", "p", "o") if k in r} for r in rows}


GOOD_CASES = [
    ("bom.md", ("\ufeff" + GOOD).encode("utf-8"), {"t": "Good article", "p": "2021-06-06"}),
    ("utf16.md", GOOD.encode("utf-16"), {"t": "Good article", "p": "2021-06-06"}),
    ("utf16be.md", b"\xfe\xff" + GOOD.encode("utf-16-be"), {"t": "Good article", "p": "2021-06-06"}),
    ("crlf.md", GOOD.replace("\n", "\r\n").encode(), {"t": "Good article", "p": "2021-06-06"}),
    ("title-NO.md", GOOD.replace("title: Good article", "title: NO").replace("Test Wire", "yes").encode(),
     {"t": "NO", "o": "yes"}),
    ("us-date.md", GOOD.replace("2021-06-06", "12/13/2019").encode(), {"p": "2019-12-13"}),
    ("text-date.md", GOOD.replace("2021-06-06", "13 Dec 2019").encode(), {"p": "2019-12-13"}),
    ("offset-date.md", GOOD.replace("2021-06-06", "2019-12-13T10:00:00+01:00").encode(), {"p": "2019-12-13"}),
    ("rfc-date.md", GOOD.replace("2021-06-06", "'Fri, 13 Dec 2019 08:00:00 +0000'").encode(), {"p": "2019-12-13"}),
    ("quoted-date.md", GOOD.replace("2021-06-06", '"2019-12-13"').encode(), {"p": "2019-12-13"}),
    ("anchor-no-alias.md", GOOD.replace("source: Test Wire", "source: &s Test Wire").encode(), {"o": "Test Wire"}),
]


@pytest.mark.parametrize("name,data,expect", GOOD_CASES, ids=[c[0] for c in GOOD_CASES])
def test_odd_but_valid_input_is_read_correctly(tmp_path, store_path, name, data, expect):
    f = tmp_path / name
    f.write_bytes(data)
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 0, run.err
    got = _articles(store_path)[name]
    for k, v in expect.items():
        assert got.get(k) == v, (k, got)


def test_html_scripts_and_entities(tmp_path, store_path):
    page = """<!doctype html><html><head><title>Attack on Kawuri</title>
<script>document.write('<p>INJECTED-SCRIPT-TEXT</p>'); alert("x")</script>
<style>p { content: "INJECTED-STYLE-TEXT" }</style></head>
<body><nav>Home &middot; World</nav><article><h1>Attack on Kawuri</h1>
<p>Suspected Boko Haram gunmen attacked the village of Kawuri in Borno State on Saturday, killing 12 people
&amp; wounding 5 &lt;officials said&gt;. &#x201C;It was terrible,&#x201D; a resident said of the caf&eacute; raid.</p>
<script type="text/javascript">var INJECTED = "INJECTED-INLINE-SCRIPT";</script>
<p>The army said it had sent reinforcements to the area and that calm had returned to the town of Konduga by evening.</p>
</article><footer>&copy; 2021</footer></body></html>"""
    f = tmp_path / "kawuri.html"
    f.write_text(page, encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 0, run.err
    quads = "\n".join(dump_nquads(store_path))
    assert "INJECTED" not in quads
    from kg.read import read_path
    [a] = read_path(f)
    assert "12 people & wounding 5 <officials said>" in " ".join(a.text.split())
    assert "\u201cIt was terrible,\u201d" in a.text and "café" in a.text
    assert a.title == "Attack on Kawuri"
    # no publication date in the page's metadata: none is guessed from the text
    assert a.published is None


def test_html_date_not_guessed_from_body_text():
    """Regression: trafilatura's extensive date search took the first date of the *text* (the event's
    date) as the publication date, so "yesterday" was resolved against a guess."""
    from kg.read import read_bytes
    page = ("<html><head><title>T</title></head><body><article><p>Gunmen killed 5 people in Inates on "
            "12 December 2019, and yesterday attacked again, officials said in a long statement.</p>"
            "</article></body></html>").encode()
    [a] = read_bytes(page, "p.html")
    assert a.published is None
    meta = page.replace(b"<title>T</title>", b'<title>T</title><meta property="article:published_time" '
                                              b'content="2019-12-14T08:00:00Z">')
    [b] = read_bytes(meta, "p.html")
    assert str(b.published) == "2019-12-14"


def test_html_external_entities_are_not_expanded(tmp_path, store_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol "lollollollollollol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<html><body><article><p>Gunmen attacked Kawuri in Borno State on Saturday, killing 12 people. &xxe; &lol2;
The army said calm had returned to the area by the evening, according to officials in Maiduguri.</p></article></body></html>"""
    f = tmp_path / "xxe.html"
    f.write_text(page, encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert "Traceback" not in run.err
    quads = "\n".join(dump_nquads(store_path))
    assert "TOP-SECRET-MARKER" not in quads
    assert "lollollollollollollollollol" not in quads


# ---------------------------------------------------------------------------------------------
# size limits
# ---------------------------------------------------------------------------------------------

def test_100_mb_file_is_refused_without_reading_it(tmp_path, store_path):
    big = tmp_path / "huge.txt"
    line = b"Gunmen attacked the village of Kawuri in Borno State on Saturday, killing 12 people.\n"
    with big.open("wb") as f:
        chunk = line * (1 << 20 // len(line) + 1)
        while f.tell() < 100 * 10**6:
            f.write(chunk)
    assert big.stat().st_size >= 100 * 10**6
    from kg.read import read_path
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as e:
            read_path(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20, f"refusing a big file allocated {peak / 2**20:.1f} MiB"
    assert "too large" in str(e.value) and "20 MiB" in str(e.value) and str(big) in str(e.value)
    run = run_main(["--store", str(store_path), "ingest", str(big), str(SEED)])
    assert run.code == 1
    assert_one_line_error(run, str(big), "too large")
    assert article_files(store_path) == {SEED.name}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_refused_at_the_limit(store_path):
    """Regression: a device or FIFO reports size 0, and was then read to the end (forever)."""
    from kg.read import MAX_BYTES, read_path
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="too large"):
            read_path("/dev/zero")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BYTES


def test_stdin_is_read_up_to_the_limit_only(monkeypatch):
    """Regression: stdin was read to its end before the size check (an endless pipe never stopped)."""
    import io
    import sys

    from kg.read import MAX_BYTES, read_path

    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, b):
            n = len(b)
            b[:n] = b"a" * n
            Endless.served += n
            if Endless.served > 3 * MAX_BYTES:
                raise AssertionError("kept reading stdin past the size limit")
            return n

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(InputError, match="too large"):
        read_path("-")
    assert Endless.served <= MAX_BYTES + (1 << 20)


def test_folder_given_as_a_file_and_unreadable_file(tmp_path, store_path):
    locked = tmp_path / "locked.md"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        run = run_main(["--store", str(store_path), "ingest", str(locked), str(SEED)])
        assert run.code == 1
        assert_one_line_error(run, str(locked), "cannot read")
        assert article_files(store_path) == {SEED.name}
    finally:
        locked.chmod(0o644)


# ---------------------------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------------------------

RECORDS = [
    {"id": "r1", "text": "Suspected Boko Haram gunmen attacked the village of Kawuri in Borno State on Saturday, "
                         "killing 12 people.", "published": "2021-06-06", "title": "One"},
    {"id": "r3", "text": "Al-Shabaab fighters attacked a police post in Mandera, Kenya, on Monday, killing 4 officers.",
     "published": "2021-06-08", "title": "Three"},
]


def test_jsonl_broken_line_is_reported_with_its_line(tmp_path, store_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps(RECORDS[0]) + "\n{\"id\": \"r2\", \"text\": \"unterminated\n" + json.dumps(RECORDS[1]) + "\n",
                 encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 1
    assert_one_line_error(run, f"{f}:2: ", "invalid JSON")


def test_jsonl_reader_keeps_the_good_records_of_a_partly_broken_file():
    """Regression (kg/read): PartialInput now carries the good records (``.articles``); the reader
    used to build them and then throw them away with the exception."""
    from kg.read import PartialInput, read_bytes
    data = (json.dumps(RECORDS[0]) + "\n{broken\n" + json.dumps(RECORDS[1]) + "\n").encode()
    with pytest.raises(PartialInput) as e:
        read_bytes(data, "feed.jsonl")
    assert [p.line for p in e.value.problems] == [2]
    assert [a.file for a in e.value.articles] == ["feed.jsonl#r1", "feed.jsonl#r3"]


def test_jsonl_good_records_of_a_partly_broken_file_are_ingested(tmp_path, store_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps(RECORDS[0]) + "\n{broken\n" + json.dumps(RECORDS[1]) + "\n", encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 1
    assert article_files(store_path) == {"feed.jsonl#r1", "feed.jsonl#r3"}


# ---------------------------------------------------------------------------------------------
# no publication date; Arabic script
# ---------------------------------------------------------------------------------------------

def test_missing_publication_date_leaves_relative_dates_unresolved(tmp_path, store_path):
    from kg.store import open_store
    from kg.vocab import KG

    f = tmp_path / "undated.txt"
    f.write_text("Suspected Boko Haram gunmen attacked the village of Kawuri in Borno State on Wednesday, "
                 "killing 12 people, officials said. Yesterday, al-Shabaab fighters attacked a police post in "
                 "Mandera, Kenya, killing 4 officers.\n", encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 0, run.err
    with open_store(store_path, read_only=True) as store:
        rows = store.select("""SELECT ?r ?resolved ?date ?text WHERE { ?r a <%s> ; <%s> ?a . ?a <%s> "undated.txt" .
            OPTIONAL { ?r <%s> ?resolved } OPTIONAL { ?r <%s> ?date } OPTIONAL { ?r <%s> ?text } }"""
                            % (KG.EventReport, "http://www.w3.org/ns/prov#wasDerivedFrom", KG.file,
                               KG.dateResolved, KG.date, KG.dateText))
        assert rows, "no event report extracted"
        for r in rows:
            assert "date" not in r, f"a date was guessed: {r}"
            assert r["resolved"].value == "false"
            assert r["text"].value.lower() in ("wednesday", "yesterday", "on wednesday")
        assert not store.ask("ASK { ?a <%s> \"undated.txt\" ; <http://purl.org/dc/terms/issued> ?d }" % KG.file)


ARABIC_NAMES = ["جماعة نصرة الإسلام والمسلمين", "حركة الشباب المجاهدين", "تنظيم الدولة الإسلامية في غرب أفريقيا",
                "أبو بكر شيكاو", "مُحَمَّد", "\u200fالقاعدة\u200f", "بوكو حرام ‎(Boko Haram)"]


def test_arabic_article_ingests_and_is_stable(tmp_path, store_path):
    from kg.store import open_store

    text = ("---\ntitle: هجوم على قرية كاووري\npublished: 2021-06-06\nsource: وكالة الأنباء\nauthor: أحمد\n---\n"
            "Suspected Boko Haram (بوكو حرام) gunmen attacked the village of Kawuri in Borno State on Saturday, "
            "killing 12 people, officials said.\n\n"
            "وقال مسؤولون إن مسلحين من جماعة نصرة الإسلام والمسلمين هاجموا القرية يوم السبت وقتلوا ١٢ شخصاً.\n")
    f = tmp_path / "تقرير-كاووري.md"
    f.write_text(text, encoding="utf-8")
    run = run_main(["--store", str(store_path), "ingest", str(f)])
    assert run.code == 0, run.err
    got = _articles(store_path)[f.name]
    assert got["t"] == "هجوم على قرية كاووري" and got["o"] == "وكالة الأنباء"
    before = dump_nquads(store_path)
    again = run_main(["--store", str(store_path), "ingest", str(f)])
    assert again.code == 0 and "1 unchanged" in again.err
    assert dump_nquads(store_path) == before
    # IRIs minted from Arabic names: valid, readable (Arabic letters kept), stable, and usable in the store
    from kg import ids
    with open_store(store_path) as store:
        for name in ARABIC_NAMES:
            iri = ids.actor(name)
            assert iri == ids.actor(name)
            assert any("\u0600" <= c <= "\u06ff" for c in iri.rsplit("/", 1)[1]), iri
            assert not any(c in iri for c in " <>\"{}|^`\\\u200e\u200f\u061c")
            node = ox.NamedNode(iri)
            store.apply(insert=[ox.Quad(node, node, ox.Literal(name), ox.NamedNode("urn:test:g"))])
            assert store.ask("ASK { ?s ?s ?o }", {"s": node})
        ttl = store.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:test:g> { ?s ?p ?o } }", result_format="turtle")
        assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == len(ARABIC_NAMES)


def test_new_place_near_a_town_keeps_the_store_valid():
    """A village introduced "near <town>" got kg:admin1 <town>; the SHACL shapes want a kg:AdminRegion."""
    import tempfile

    from kg.pipeline import ingest
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as d, open_store("memory") as store:
        f = Path(d) / "kolbiyow.md"
        f.write_text("---\ntitle: t\npublished: 2019-01-19\n---\nSuspected al-Shabaab fighters attacked the village "
                     "of Kolbiyow near Mandera, Kenya, on Sunday, killing at least 45 people.\n", encoding="utf-8")
        assert ingest(store, [str(f)]).ok
        bad = store.select("PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#> SELECT ?p ?a WHERE { "
                           "{ ?p kg:admin1 ?a FILTER NOT EXISTS { ?a a kg:AdminRegion } } UNION "
                           "{ ?p kg:country ?a FILTER NOT EXISTS { ?a a kg:Country } } }")
        assert not bad, [(r["p"].value, r["a"].value) for r in bad]


def test_an_internal_error_in_one_article_does_not_stop_the_run(tmp_path, store_path, monkeypatch):
    import kg.extract
    real = kg.extract.extract

    def flaky(article):
        if "BOOM" in article.text:
            raise IndexError("simulated extractor bug")
        return real(article)

    monkeypatch.setattr(kg.extract, "extract", flaky)
    bad = tmp_path / "a-boom.md"
    bad.write_text(GOOD.replace("officials said", "officials said BOOM"), encoding="utf-8")
    good = tmp_path / "b-good.md"
    good.write_text(GOOD, encoding="utf-8")
    try:
        run = run_main(["--store", str(store_path), "ingest", str(bad), str(good)])
    except IndexError:
        pytest.fail("the extractor's exception escaped kg ingest")
    assert run.code == 1
    assert_one_line_error(run, "a-boom.md")
    assert article_files(store_path) == {"b-good.md"}


def test_extraction_is_the_same_in_every_process(tmp_path):
    """Same article, different hash seeds: identical quads (a resumed ingest relies on it)."""
    import subprocess
    import sys
    script = ("import sys; from kg.read import read_path; from kg.extract import extract; "
              "from kg.to_rdf import article_quads; from kg.reference import load_actors; "
              "[a] = read_path(sys.argv[1]); print('\\n'.join(sorted(str(q) for q in article_quads(extract(a), load_actors()))))")
    outs = set()
    for seed in ("1", "2"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script, str(SEED)], capture_output=True, text=True, env=env,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        outs.add(proc.stdout)
    assert len(outs) == 1


def test_error_lines_carry_no_terminal_control_characters(tmp_path, store_path):
    """Regression (kg/errors.py): only "\\n" was flattened; a file name with "\\r" or an escape sequence
    broke the one-line error or drove the terminal."""
    bad = tmp_path / "evil\r\x1b[2J\x1b[31mname\u2028.md"
    bad.write_bytes(b"")
    run = run_main(["--store", str(store_path), "ingest", str(bad), str(SEED)])
    assert run.code == 1
    assert "\x1b" not in run.err and "\r" not in run.err and "\u2028" not in run.err
    lines = [line for line in run.err_lines if "empty file" in line]
    assert len(lines) == 1 and "\\x1b[31mname" in lines[0]
    assert article_files(store_path) == {SEED.name}


# ---------------------------------------------------------------------------------------------
# valid input must give a valid store (SHACL shapes checked with cheap SPARQL equivalents)
# ---------------------------------------------------------------------------------------------

_UNTYPED = """PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#>
SELECT ?p ?a WHERE { { ?p kg:admin1 ?a FILTER NOT EXISTS { ?a a kg:AdminRegion } }
                     UNION { ?p kg:country ?a FILTER NOT EXISTS { ?a a kg:Country } } }"""


def _ingest_texts(tmp_path, store, texts: dict[str, str]) -> None:
    from kg.pipeline import ingest
    paths = []
    for name, (published, text) in texts.items():
        f = tmp_path / name
        f.write_text(f"---\ntitle: t\npublished: {published}\n---\n{text}\n", encoding="utf-8")
        paths.append(str(f))
    assert ingest(store, paths).ok


def test_new_place_admin1_region_is_described(tmp_path):
    from kg.store import open_store
    with open_store("memory") as store:
        _ingest_texts(tmp_path, store, {"barisha.md": ("2019-01-19", "Jihadists attacked the village of Barisha in "
                                                                      "Idlib province, Syria, on Sunday, killing 5 people.")})
        bad = store.select(_UNTYPED)
        assert not bad, [(r["p"].value, r["a"].value) for r in bad]


def test_place_country_is_described(tmp_path):
    from kg.store import open_store
    with open_store("memory") as store:
        _ingest_texts(tmp_path, store, {"bule.md": ("2022-02-03", "CODECO militiamen attacked the Plaine Savo displacement "
                                                                  "site near Bule, in Djugu territory, Ituri, on Tuesday, "
                                                                  "killing 62 people.")})
        bad = store.select(_UNTYPED)
        assert not bad, [(r["p"].value, r["a"].value) for r in bad]


def test_a_new_place_named_by_two_articles_keeps_one_location(tmp_path):
    from kg.store import open_store
    with open_store("memory") as store:
        _ingest_texts(tmp_path, store, {
            "a.md": ("2019-12-30", "US forces carried out an airstrike near Qunyo Barrow in Lower Shabelle, Somalia, on "
                                   "Sunday, killing 4 militants."),
            "b.md": ("2019-12-31", "Al-Shabaab fighters attacked Qunyo Barrow, a village near Beledweyne in Hiiraan, "
                                   "Somalia, on Monday, killing 3 soldiers.")})
        rows = store.select("""PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#>
            PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
            SELECT ?p WHERE { ?p a kg:Place OPTIONAL { ?p geo:lat ?lat } OPTIONAL { ?p kg:admin1 ?a } }
            GROUP BY ?p HAVING (COUNT(DISTINCT ?lat) > 1 || COUNT(DISTINCT ?a) > 1)""")
        assert not rows, [r["p"].value for r in rows]


def test_unnamed_attackers_point_to_a_described_actor(tmp_path):
    from kg.store import open_store
    with open_store("memory") as store:
        _ingest_texts(tmp_path, store, {"gunmen.md": ("2021-06-06", "Gunmen attacked the village of Kawuri in Borno State "
                                                                    "on Saturday, killing 12 people, officials said.")})
        bad = store.select("""PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#>
            SELECT DISTINCT ?a WHERE { ?e kg:perpetrator|kg:target|kg:claimedBy ?a FILTER NOT EXISTS { ?a a kg:Actor } }""")
        assert not bad, [r["a"].value for r in bad]

"""Property tests: readers turn any bytes into articles or an InputError (never another exception);
the number and date parsers never raise on any text; minted IRIs are always valid and stable."""
from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError

# KG_FUZZ_SCALE=20 runs 20 times as many examples (a deeper run than the default battery's)
SCALE = float(os.environ.get("KG_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=int(300 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------
# readers
# ---------------------------------------------------------------------------------------------

YAMLISH = st.sampled_from(["title: ", "published: ", "source: ", "- ", "? ", ": ", "&a ", "*a ", "!!str ", "!x ",
                           "{", "}", "[", "]", ",", "'", '"', "|\n  ", ">\n  ", "#", "\n", "  ", "\t", "---", "...",
                           "NO", "2019-12-13", "12/13/2019", "~", "null", "<<: ", "%YAML 1.2\n", "\ufeff", "\x00"])
front_matter = st.lists(YAMLISH | st.text(max_size=8), max_size=30).map(lambda parts: "".join(parts))


def _read(data: bytes, name: str):
    from kg.model import Article
    from kg.read import read_bytes
    try:
        articles = read_bytes(data, name)
    except InputError as e:
        assert str(e) and "\n" not in str(e)
        assert str(e).startswith(name), str(e)
        return None
    assert articles and all(isinstance(a, Article) and a.text.strip() for a in articles)
    for a in articles:
        a.text.encode("utf-8")  # storable: no lone surrogates
        assert a.published is None or isinstance(a.published, dt.date)
    return articles


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.md", "a.txt", "a.jsonl", "a", "a.markdown"]))
@example(data=b"\xff\xfe\x00\xd8", name="a.txt")
@example(data=b"---\n" + b"[" * 3000 + b"\n---\nx", name="a.md")
@example(data=b'{"text": "\\ud800"}', name="a.jsonl")
@example(data=b"---\n!!python/object/apply:os.system ['true']\n---\nx", name="a.md")
def test_reader_bytes(data, name):
    _read(data, name)


@FUZZ
@given(head=front_matter, body=st.text(max_size=200))
def test_reader_front_matter(head, body):
    _read(f"---\n{head}\n---\n{body}".encode("utf-8", "surrogatepass"), "fm.md")


@FUZZ
@given(lines=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "title", "published", "date", "source", "url", "author"]),
                    st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans(),
                              st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
                    max_size=6).map(lambda d: __import__("json").dumps(d)),
    st.text(max_size=40)), max_size=8))
def test_reader_jsonl(lines):
    _read("\n".join(lines).encode("utf-8", "surrogatepass"), "feed.jsonl")


@settings(max_examples=int(40 * SCALE), deadline=None)
@given(parts=st.lists(st.sampled_from(["<html>", "<body>", "<article>", "<p>", "</p>", "<script>", "</script>",
                                       "<!DOCTYPE html>", "<!ENTITY x 'y'>", "&amp;", "&#0;", "&#x110000;", "&bogus;",
                                       "<![CDATA[", "]]>", "<!--", "-->", "<meta charset='latin1'>", "\x00",
                                       "Gunmen killed 12 people in Kawuri. ", "<title>", "</title>"]) | st.text(max_size=30),
                      max_size=40))
def test_reader_html(parts):
    _read("".join(parts).encode("utf-8", "surrogatepass"), "page.html")


# ---------------------------------------------------------------------------------------------
# numbers and dates
# ---------------------------------------------------------------------------------------------

NUMBER_WORDS = st.sampled_from(["at least", "more than", "some", "about", "nearly", "dozens", "hundreds", "scores",
                                "a dozen", "twenty-one", "seventy one", "one hundred and five", "1,000", "1.000",
                                "1 000", "200-400", "between 5 and 10", "5 to 10", "½", "١٢", "12th", "2019",
                                "killed", "wounded", "people", "soldiers", "-", "–", ",", ".", " ", "0", "00",
                                "9" * 30, "1e9", "million", "billion", "un", "deux", "cent", "mille", "k", "%"])
number_text = st.lists(NUMBER_WORDS | st.text(max_size=6), max_size=25).map(" ".join)


@FUZZ
@given(text=st.text(max_size=300) | number_text)
def test_number_parsers_never_raise(text):
    from kg.extract.numbers import find_quantities, parse_quantity
    found = find_quantities(text)
    for m in found:
        start, end = getattr(m, "start", 0), getattr(m, "end", len(text))
        assert 0 <= start <= end <= len(text)
    q = parse_quantity(text)
    assert q is None or q == found[0].quantity


DATE_WORDS = st.sampled_from(["on", "Monday", "Wednesday", "yesterday", "last week", "late last month", "in", "July",
                              "Dec.", "13", "31", "0", "32", "2019", "1999", "9999", "0000", "/", "-", ".", "night of",
                              "between", "and", "early", "mid-", "2019-12-13", "13/12/2019", "12/13/2019", "29 February",
                              "2019-02-29", "T10:00:00+01:00", "le", "mardi", "décembre", "'19", "1er", " "])
date_text = st.lists(DATE_WORDS | st.text(max_size=5), max_size=25).map(" ".join)
published = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@FUZZ
@given(text=st.text(max_size=300) | date_text, pub=published)
@example(text="on Monday", pub=dt.date(1, 1, 1))
@example(text="on Friday", pub=dt.date(9999, 12, 31))
@example(text="late last month", pub=dt.date(1, 1, 15))
@example(text="next year", pub=dt.date(9999, 6, 1))
def test_date_parsers_never_raise(text, pub):
    from kg.extract.dates import find_dates, parse_iso_like
    for m in find_dates(text, pub):
        v = m.value
        assert v.start is None or v.end is None or v.start <= v.end
        if pub is None and m.relative:
            assert v.iso is None and not v.resolved, (text, m)
    v = parse_iso_like(text)
    assert v is None or (v.start is not None and v.end is not None and v.start <= v.end)


# ---------------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------------

_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


def _valid_iri(iri: str) -> None:
    assert not _BAD_IRI_CHAR.search(iri), iri
    bad = [c for c in iri if unicodedata.category(c) in _BAD_CATEGORIES]
    assert not bad, (iri, bad)
    assert ox.NamedNode(iri).value == iri
    # and it survives a round trip through the store's SPARQL writer and N-Triples
    from kg.store import sparql_term
    assert sparql_term(ox.NamedNode(iri)) == f"<{iri}>"
    line = ox.serialize([ox.Triple(ox.NamedNode(iri), ox.NamedNode(iri), ox.Literal("x"))], format=ox.RdfFormat.N_TRIPLES)
    assert list(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))[0].subject.value == iri


@settings(max_examples=int(500 * SCALE), deadline=None)
@given(text=st.text())
@example(text="")
@example(text="'")
@example(text="\u200f\u061c\u202e")
@example(text="\ud800")
@example(text="İstanbul ǅ ß ﬃ ＡＢＣ")
@example(text="جماعة نصرة الإسلام والمسلمين")
@example(text="x" * 500)
def test_minted_iris_are_valid_and_stable(text):
    from kg import ids
    s = ids.slug(text)
    assert s == ids.slug(text)
    assert 0 < len(s) <= 80
    assert re.fullmatch(r"[^\W_](?:[\w-]*[^\W_])?|x[0-9a-f]{10}", s), s
    for iri in (ids.actor(text), ids.place(text), ids.article(text), ids.article_graph(text), ids.report(text, 3),
                ids.event(None, text, "attack", [text or "r"]), ids.sentence(text, 1)):
        _valid_iri(iri)
    assert ids.article_id_from_graph(ids.article_graph(text)) == ids.slug(text)


@settings(max_examples=int(200 * SCALE), deadline=None)
@given(a=st.text(min_size=1), b=st.text(min_size=1))
def test_slug_is_a_function_of_the_text(a, b):
    from kg import ids
    if a == b:
        assert ids.slug(a) == ids.slug(b)
    if ids.slug(a) != ids.slug(b):
        assert a != b

"""kg.extract.numbers: table-driven cases (wire copy, sitrep shorthand, French) and properties."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.numbers import VAGUE, QuantityMatch, find_quantities, parse_quantity
from kg.model import Quantity

Q = Quantity

# (text, expected Quantity) for parse_quantity on a figure alone
PARSE = [
    ("71", Q(71)),
    ("seventy-one", Q(71)),
    ("seventy one", Q(71)),
    ("two dozen", Q(24)),
    ("at least 71", Q(71, qualifier="at least")),
    ("more than 500", Q(500, qualifier="more than")),
    ("about 300", Q(300, qualifier="about")),
    ("nearly three hundred", Q(300, qualifier="nearly")),
    ("up to six hundred", Q(600, qualifier="up to")),
    ("between 200 and 400", Q(200, 200, 400)),
    ("200-400", Q(200, 200, 400)),
    ("200 to 400", Q(200, 200, 400)),
    ("200\u2013400", Q(200, 200, 400)),
    ("a hundred and ten", Q(110)),
    ("one hundred and seven", Q(107)),
    ("1,000", Q(1000)),
    ("2.5 million", Q(2500000)),
    ("dozens", Q(12, vague=True)),
    ("scores of", Q(20, vague=True)),
    ("several", Q(3, vague=True)),
    ("a few", Q(3, vague=True)),
    ("hundreds", Q(100, vague=True)),
    ("thousands", Q(1000, vague=True)),
    ("tens of thousands", Q(10000, vague=True)),
    ("hundreds of thousands", Q(100000, vague=True)),
    ("several hundred", Q(300, vague=True)),
    ("a few dozen", Q(36, vague=True)),
    ("some fifty", Q(50, qualifier="about")),
    ("around seventy", Q(70, qualifier="about")),
    ("no fewer than two hundred", Q(200, qualifier="at least")),
    ("no less than 30", Q(30, qualifier="at least")),
    ("fewer than 10", Q(10, qualifier="fewer than")),
    ("less than 10", Q(10, qualifier="fewer than")),
    ("over 50", Q(50, qualifier="more than")),
    ("in excess of 300", Q(300, qualifier="more than")),
    ("upwards of 40", Q(40, qualifier="more than")),
    ("roughly 40", Q(40, qualifier="about")),
    ("approximately 12", Q(12, qualifier="about")),
    ("approx. 30", Q(30, qualifier="about")),
    ("an estimated 2,000", Q(2000, qualifier="about")),
    ("circa 150", Q(150, qualifier="about")),
    ("almost 90", Q(90, qualifier="nearly")),
    ("close to 1,500", Q(1500, qualifier="nearly")),
    ("as many as 400", Q(400, qualifier="up to")),
    ("more than a hundred", Q(100, qualifier="more than")),
    ("a dozen", Q(12)),
    ("half a dozen", Q(6)),
    ("about a dozen", Q(12, qualifier="about")),
    ("20+", Q(20, qualifier="more than")),
    ("50 or more", Q(50, qualifier="at least")),
    ("twenty-odd", Q(20, qualifier="about")),
    ("between two and three hundred", Q(200, 200, 300)),
    ("two or three", Q(2, 2, 3)),
    ("2-3 million", Q(2000000, 2000000, 3000000)),
    ("two million three hundred thousand", Q(2300000)),
    ("one thousand and five", Q(1005)),
    ("zero", Q(0)),
    ("TWELVE", Q(12)),
    ("1\u00a0500", Q(1500)),
    # French
    ("soixante et onze", Q(71)),
    ("soixante-dix", Q(70)),
    ("quatre-vingts", Q(80)),
    ("quatre-vingt-dix-neuf", Q(99)),
    ("vingt et un", Q(21)),
    ("deux cent trente", Q(230)),
    ("trois cents", Q(300)),
    ("deux mille", Q(2000)),
    ("2,5 millions", Q(2500000)),
    ("une dizaine", Q(10, qualifier="about")),
    ("une centaine", Q(100, qualifier="about")),
    ("un millier", Q(1000, qualifier="about")),
    ("des dizaines", Q(10, vague=True)),
    ("des centaines", Q(100, vague=True)),
    ("des dizaines de milliers", Q(10000, vague=True)),
    ("plusieurs centaines", Q(300, vague=True)),
    ("quelques dizaines", Q(30, vague=True)),
    ("plus de 50", Q(50, qualifier="more than")),
    ("au moins 12", Q(12, qualifier="at least")),
    ("près de 300", Q(300, qualifier="nearly")),
    ("environ 40", Q(40, qualifier="about")),
    ("moins de 10", Q(10, qualifier="fewer than")),
    ("jusqu'à 200", Q(200, qualifier="up to")),
    ("entre 200 et 400", Q(200, 200, 400)),
    ("de 200 à 400", Q(200, 200, 400)),
]


@pytest.mark.parametrize("text,expected", PARSE, ids=[p[0] for p in PARSE])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_case_count():
    assert len(PARSE) + len(SENTENCES) >= 60


# (sentence, [(span, value, qualifier, vague, unit)]) for find_quantities in running text
SENTENCES = [
    ("Suspected jihadists killed at least 71 soldiers on Tuesday.", [("at least 71", 71, "at least", False, None)]),
    ("Several hundred fighters stormed the base.", [("Several hundred", 300, None, True, None)]),
    ("Twelve soldiers were wounded and dozens are missing.", [("Twelve", 12, None, False, None),
                                                             ("dozens", 12, None, True, None)]),
    ("France has some 4,500 troops in the Sahel.", [("some 4,500", 4500, "about", False, None)]),
    ("Violence has displaced more than a million people since 2012.",
     [("more than a million", 1000000, "more than", False, None)]),
    ("The post lies about 40 kilometres from Tillaberi.", [("about 40", 40, "about", False, "km")]),
    ("Turnout was 40% in the north and 35 per cent in the south.", [("40%", 40, None, False, "%"),
                                                                   ("35", 35, None, False, "%")]),
    ("The government declared three days of mourning.", [("three", 3, None, False, "day")]),
    ("Donors pledged $5 million.", [("$5 million", 5000000, None, False, "USD")]),
    ("Between 5 and 7 civilians died, officials said.", [("Between 5 and 7", 5, None, False, None)]),
    ("A 300-strong force was sent.", [("300", 300, None, False, None)]),
    ("Gunmen killed 12 villagers on 3 March 2021 and 4 more on 5 March.", [("12", 12, None, False, None),
                                                                          ("4", 4, None, False, None)]),
    ("On March 21, 2021, 14 militants were killed.", [("14", 14, None, False, None)]),
    ("The group, founded in 2015, has 2000 troops.", [("2000", 2000, None, False, None)]),
    ("One of the attackers was captured; one soldier died.", [("one", 1, None, False, None)]),
    ("No one was hurt in the blast.", []),
    ("A one-day strike and a three-day curfew followed.", []),
    ("The 10-member delegation arrived.", []),
    ("Militants seized AK-47 rifles and a T-72 tank.", []),
    ("The attack began at 2 p.m. and ended at 14:30.", []),
    ("Contact at 0920; exfil approx. 1030-1100 local; QRF at 1400 hrs.", []),
    ("Attacks rose between 2016 and 2019 and in the 2019-20 season.", []),
    ("Resolution 2719 renewed the mandate.", []),
    ("The 3rd battalion and the 12th brigade moved.", []),
    ("The third convoy was hit.", []),
    ("It was 2017's deadliest attack.", []),
    ("The 2015 peace accord collapsed.", []),
    ("Op SHUJAA: 2x KIA, 3x WIA.", [("2", 2, None, False, None), ("3", 3, None, False, None)]),
    ("Sitrep 04 SEP: 12 EKIA, approx 30 pax fled.", [("12", 12, None, False, None), ("approx 30", 30, "about", False, None)]),
    ("Des hommes armés ont tué au moins 12 soldats et une vingtaine de civils.",
     [("au moins 12", 12, "at least", False, None), ("une vingtaine", 20, "about", False, None)]),
    ("Un soldat a été tué et des dizaines de personnes ont fui.", [("des dizaines", 10, None, True, None)]),
    ("L'attaque a fait soixante et onze morts le 10 décembre 2019.", [("soixante et onze", 71, None, False, None)]),
    ("Plus de 50 assaillants ont été neutralisés.", [("Plus de 50", 50, "more than", False, None)]),
    ("Scores of people fled; tens of thousands are displaced.", [("Scores", 20, None, True, None),
                                                                 ("tens of thousands", 10000, None, True, None)]),
    ("They settled scores with rivals.", []),
    ("The 1990s were calmer.", []),
    ("A 2.5 km convoy and a 1.5 ratio.", [("2.5", 2, None, False, "km")]),
    ("1. SITUATION: 2x FAMa KIA, 5x WIA. 2. The 3rd Coy remains.", [("2", 2, None, False, None),
                                                                     ("5", 5, None, False, None)]),
    ("Attack vic grid 31PDR123456; next report NLT 151200Z MAR 24.", []),
    ("Plus de 1 000 civils ont été tués et 1\u202f500 déplacés.", [("Plus de 1 000", 1000, "more than", False, None),
                                                                     ("1\u202f500", 1500, None, False, None)]),
    ("Le camp était neuf. Neuf soldats sont morts.", [("Neuf", 9, None, False, None)]),
    ("Patrols run 24/7 with G5 Sahel and Covid-19 checks.", []),
    ("The ambush on Sept. 12 killed sept personnes.", [("sept", 7, None, False, None)]),
    ("Turnout rose 5 per cent; a cup costs 5 cents.", [("5", 5, None, False, "%"), ("5", 5, None, False, None)]),
]


@pytest.mark.parametrize("text,expected", SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_find_quantities_sentences(text, expected):
    found = find_quantities(text)
    got = [(q.text, q.quantity.value, q.quantity.qualifier, q.quantity.vague, q.unit) for q in found]
    assert got == expected
    for q in found:
        assert text[q.start:q.end] == q.text


def test_range_fields_in_running_text():
    (q,) = find_quantities("Between 5 and 7 civilians died.")
    assert (q.quantity.value, q.quantity.low, q.quantity.high) == (5, 5, 7)


def test_vague_table_follows_acled():
    units = VAGUE["plural_units"]
    assert (units["tens"], units["dozens"], units["hundreds"]) == (10, 12, 100)
    for text in ("dozens", "hundreds", "tens of", "des centaines", "several", "a few", "scores of"):
        q = parse_quantity(text)
        assert q.vague and q.value >= 2


def test_parse_quantity_none():
    for text in ("", "no number here", "the third", "12th", "at 0920"):
        assert parse_quantity(text) is None


def test_quantity_match_type():
    (q,) = find_quantities("at least 71")
    assert isinstance(q, QuantityMatch) and isinstance(q.quantity, Quantity) and q.unit is None


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def en_words(n: int, hyphen: bool = True, use_and: bool = True) -> str:
    """Test-only number-to-words for 0..999."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS[t - 2] + (("-" if hyphen else " ") + _ONES[u] if u else "")
    h, r = divmod(n, 100)
    head = _ONES[h] + " hundred"
    if not r:
        return head
    return head + (" and " if use_and else " ") + en_words(r, hyphen, use_and)


_FR_ONES = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split()
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def fr_words(n: int) -> str:
    """Test-only French number-to-words for 0..999."""
    if n < 17:
        return _FR_ONES[n]
    if n < 20:
        return "dix-" + _FR_ONES[n - 10]
    if n < 70:
        t, u = divmod(n, 10)
        return _FR_TENS[t] + ("" if u == 0 else " et un" if u == 1 else "-" + _FR_ONES[u])
    if n < 80:
        return "soixante" + (" et onze" if n == 71 else "-" + fr_words(n - 60))
    if n == 80:
        return "quatre-vingts"
    if n < 100:
        return "quatre-vingt-" + fr_words(n - 80)
    h, r = divmod(n, 100)
    head = "cent" if h == 1 else _FR_ONES[h] + (" cents" if r == 0 else " cent")
    return head if r == 0 else head + " " + fr_words(r)


@given(st.integers(min_value=0, max_value=10 ** 6))
def test_digits_with_commas_parse_back(n):
    assert parse_quantity(f"{n:,}") == Q(n)
    assert parse_quantity(f"at least {n:,} people") == Q(n, qualifier="at least")


@given(st.integers(min_value=0, max_value=999), st.booleans(), st.booleans())
def test_english_words_parse_back(n, hyphen, use_and):
    assert parse_quantity(en_words(n, hyphen, use_and)) == Q(n)
    assert parse_quantity(f"killed {en_words(n, hyphen, use_and)} soldiers") == Q(n)


@given(st.integers(min_value=2, max_value=999))
def test_french_words_parse_back(n):
    assert parse_quantity(fr_words(n) + " morts") == Q(n)


@given(st.integers(min_value=1, max_value=10 ** 5), st.integers(min_value=1, max_value=10 ** 5))
def test_ranges_keep_the_low_figure(a, b):
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        hi += 1
    q = parse_quantity(f"between {lo:,} and {hi:,} people")
    assert q == Q(lo, lo, hi)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_and_spans_are_valid(text):
    last = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last
        last = q.end
        assert text[q.start:q.end] == q.text
        assert isinstance(q.quantity.value, int)


ARTICLE = (
    "NIAMEY, Dec 13 (Wire) - Suspected jihadists killed at least 71 soldiers in an attack on a military camp in "
    "western Niger on Tuesday, the government said on Thursday. Several hundred fighters stormed the base late on "
    "Tuesday afternoon, using mortar fire. Twelve soldiers were wounded. The group has stepped up attacks since 2015. "
    "In July, about 18 soldiers were killed there, and 12 died in an ambush in October 2017. France has some 4,500 "
    "troops deployed across the Sahel. Attacks rose fivefold between 2016 and 2019, the UN said last week. "
) * 4


def test_speed_guard():
    """Loose guard against pathological regressions (the real figure is well under a millisecond)."""
    find_quantities(ARTICLE)
    t0 = time.perf_counter()
    for _ in range(20):
        find_quantities(ARTICLE)
    assert (time.perf_counter() - t0) / 20 < 0.05

"""Dates in news text, resolved against the publication date.

A regular grammar over the vocabulary in ``kg/data/dates.yaml`` (month and weekday names in
English and French, cue words, relative phrases), compiled once at import. No third-party date
library runs at extraction time.

>>> import datetime as dt
>>> [(d.text, d.value.iso, d.kind) for d in find_dates("Gunmen struck on Wednesday.", dt.date(2019, 12, 13))]
[('Wednesday', '2019-12-11', 'point')]
>>> [(d.text, d.value.iso, d.kind) for d in find_dates("ISWAP has been active since 2016.", None)]
[('since 2016', '2016', 'since')]

Rules (each documented once here; the tests hold an example of each):

* **Spans** cover the date and the words that change its value or kind ("since 2017",
  "between 25 and 27 July 2024", "late last month", "the night of 3 to 4 February"); plain
  prepositions ("on", "in", "le", "en") are left out of the span.
* **Kinds**: ``since`` after since/from/after/depuis/à partir de; ``until`` after until/till/
  through/by/before/jusqu'à; ``range`` for two ends ("between 25 and 27 July 2024", "from 2019 to
  2022", "du 3 au 5 février"); otherwise ``point``. The value of a since/until date is the date
  itself, not an open interval. A range's value has the first end's ``iso`` and precision, and its
  ``start``/``end`` cover both ends.
* **Weekdays** ("on Wednesday", "Wednesday's assault", "Sunday night", "late on Tuesday",
  "mercredi") resolve to the most recent such weekday on or before the publication date: the same
  weekday as publication is the publication day itself. "last Friday" / "vendredi dernier" is the
  most recent Friday strictly before publication (1 to 7 days back); "next Friday" 1 to 7 days on.
* **Day and month without a year** ("21 March", "March 21") take the most recent such date on or
  before publication; a month alone ("in July", "en juillet") the most recent such month on or
  before the publication month (published in July -> this July); "last July" the one before.
* **Relative days**: "today", "this morning" -> publication day; "yesterday", "the day before",
  "hier", "la veille" -> the day before; "last night", "overnight", "cette nuit" -> the day before,
  with an interval running into the publication day.
* **Weeks** are not a precision kg has: "last week", "this week", "two weeks ago", "a week
  earlier" give precision ``month`` (``iso`` = the month holding most of the week's days) with
  ``start``/``end`` = the week (Monday to Sunday for calendar weeks, target +-3 days for "N weeks
  ago"). A **weekend** ("last weekend", "at the weekend") gives the Saturday at day precision with
  the interval Saturday-Sunday. "the night of 3 to 4 February" gives 3 February at day precision
  with the interval 3-4 February.
* **Parts** narrow the interval, never the precision: early = days 1-10 of a month, January-April
  of a year, years 0-3 of a decade; mid = 11-20, May-August, 4-6; late = 21-end,
  September-December, 7-9. "earlier this month/year/week" runs from its start to publication.
* **Decades** ("the 1990s", "the mid-1990s", "les années 1990") give year precision with ``iso``
  the first year of the interval and ``start``/``end`` the (narrowed) decade.
* **Numbers**: "21/03/2021" is day-first unless impossible (then month-first); a bare four-digit
  year 1900-2099 is a date only after a cue word ("in 2017", "since 2015", "mid-2019"), before
  "'s" ("2017's"), or in "the 2015 peace accord"; never when a count noun follows ("2000 troops").
  Times ("2 p.m.", "0920", "1030-1100") and quantities ("71 soldiers", "12 RIC") are not dates.
* **Anaphora**: "N days/weeks/months/years ago" and "... earlier" count back from publication;
  "the following day" / "N days later" are not resolved (they depend on another event) and are
  not reported.
* **No publication date**: relative expressions come back with ``iso=None``, ``resolved=False``,
  ``start``/``end`` None and the precision they would have had; absolute dates still resolve.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Callable

import yaml

from kg.extract.prefilter import gated
from kg.model import DateValue

__all__ = ["DateMatch", "find_dates", "parse_iso_like", "MONTH_RE", "month_number", "VOCAB"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression: its span in the text, its value, and how it was read."""

    start: int
    end: int
    text: str
    value: DateValue
    relative: bool = False  # the value depended on the publication date
    kind: str = "point"     # point | since | until | range


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    """Normalise a phrase for dictionary look-up: lower case, one apostrophe, one dash, one space."""
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    for d in _DASHES[1:]:
        s = s.replace(d, "-")
    return " ".join(s.split()).rstrip(".")


def _load_vocab() -> dict:
    text = resources.files("kg.data").joinpath("dates.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


VOCAB = _load_vocab()


def _atoms(word: str) -> list[str]:
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "'":
            out.append(r"['\u2019]\s*")
        elif ch == "-":
            out.append(r"[-\u2010\u2011\u2013\s]?")
        else:
            out.append(re.escape(ch))
    return out


def _trie(seqs) -> str:
    """A regex alternation of atom sequences, factored as a trie (Python's re does not do this
    itself, and a flat alternation of a hundred words is slow at every position tried)."""
    root: dict = {}
    for seq in seqs:
        node = root
        for a in seq:
            node = node.setdefault(a, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [a + emit(child) for a, child in sorted(node.items()) if a != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(root)


def _words_re(words) -> str:
    """An alternation of phrases (lower case); spaces match any whitespace, apostrophes and hyphens
    match their typographic variants. Longer phrases win over their prefixes (greedy trie)."""
    return "(?:" + _trie(_atoms(_norm(str(w))) for w in set(words)) + ")"


def _index(mapping: dict) -> dict[str, object]:
    return {_norm(str(w)): k for k, words in mapping.items() for w in words}


_MONTH_NAMES = _index(VOCAB["months"]["names"])
_MONTH_ABBR = _index(VOCAB["months"]["abbreviations"])
_MONTHS = {**_MONTH_ABBR, **_MONTH_NAMES}
_AMBIGUOUS_MONTHS = {_norm(w) for w in VOCAB["ambiguous_months"]}
_WEEKDAYS = _index(VOCAB["weekdays"]["names"])
_WEEKDAY_ABBR = _index(VOCAB["weekdays"]["abbreviations"])
_ORDINALS = {_norm(k): v for k, v in VOCAB["ordinal_days"].items()}
_SMALL = {_norm(k): v for k, v in VOCAB["small_numbers"].items()}


def small_number(word: str) -> int | None:
    """The value of a small count word of dates.yaml ("two", "a", "deux"), or None."""
    return _SMALL.get(_norm(word))
_CUE_KIND = {_norm(w): kind for kind, words in VOCAB["cues"].items() for w in words}
_RELDAYS = {_norm(k): tuple(v) for k, v in VOCAB["relative_days"].items()}
_UNITS = _index(VOCAB["period_units"])
_WHICH = _index(VOCAB["period_which"])
_PARTS = _index(VOCAB["period_parts"])
_AGO_UNITS = _index(VOCAB["ago_units"])
_YEAR_CUES = {_norm(w) for w in VOCAB["year_cues"]}
_COUNT_NOUNS = {_norm(w) for w in VOCAB["count_nouns"]}
_YEAR_CUE_KIND = {c: _CUE_KIND.get(c, "point") for c in _YEAR_CUES}



def month_number(token: str) -> int | None:
    """The month (1-12) a name or abbreviation stands for."""
    return _MONTHS.get(_norm(token))


# --------------------------------------------------------------------------------------------
# Grammar pieces (plain regex strings without named groups)
# --------------------------------------------------------------------------------------------

_I = r"(?<![\w])"                                    # start of a word
_MONTH_FULL = _words_re(_MONTH_NAMES) + r"(?![\w])"
_MONTH = r"(?:" + _words_re(_MONTH_NAMES) + r"(?![\w])|" + _words_re(_MONTH_ABBR) + r"(?:\.|(?![\w])))"
# "the Monday Market in Maiduguri": a market named after its day, not a date
_WEEKDAY = _words_re(_WEEKDAYS) + r"(?![\w])(?!\s+market)"
_WD_ABBR = _words_re(_WEEKDAY_ABBR) + r"(?:\.|(?![\w]))"
_WD_ANY = r"(?:" + _WEEKDAY + "|" + _WD_ABBR + ")"
_DAYNUM = r"(?<![\d.,:/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?(?![\w])"
_DAYWORD = _words_re(_ORDINALS) + r"(?![\w])"
_YEAR = r"(?<![\d.,])(?:19|20)\d\d(?![\d]|[.,]\d)"
_CUE = _I + _words_re(_CUE_KIND)
_YCUE = _I + _words_re(_YEAR_CUES)
_PART = _I + _words_re(_PARTS)
_TOD = _words_re(VOCAB["times_of_day"]) + r"(?![\w])"
_JOIN = r"(?:[-\u2013\u2014]|(?<![\w])" + _words_re(VOCAB["range_joiners"]) + r"(?![\w]))"
_UNIT = _words_re(_UNITS) + r"(?![\w])"
_WHICH_RE = _words_re(_WHICH) + r"(?![\w])"
_SMALLNUM = r"(?:\d{1,3}|" + _words_re(_SMALL) + r")"
_AGO_UNIT = _words_re(_AGO_UNITS) + r"(?![\w])"
_APOS = r"['\u2019]"
MONTH_RE = _MONTH
"""A month name or abbreviation, English or French (a lower-case pattern: match it on lower-cased text)."""

# Rules in priority order: at one position the first that matches (and is accepted) wins.
_RULES: list[tuple[str, str]] = [
    ("iso", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?<![\w-])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=s)"
     r"(?P<d>0?[1-9]|[12]\d|3[01])(?:[t ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?(?![\w-]|[.]\d)"),
    ("dtg", r"(?<![\w])(?P<d>[0-3]\d)(?P<hm>[0-2]\d[0-5]\d)(?:[a-z])?\s?(?P<m>" + _words_re(_MONTH_ABBR) + r")\s?(?P<y>\d\d)(?![\w])"),
    ("num", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?<![\w/.-])(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>(?:19|20)\d\d|\d\d)(?![\w/]|[.-]\d)"),
    ("night_dmy", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?P<night>(?:the\s+|la\s+)?(?:night|nuit)\s+(?:of|du|de)\s+(?:the\s+)?)"
     r"(?P<d1>" + _DAYNUM + r")(?:\s+(?:of\s+)?(?P<m1>" + _MONTH + r"))?\s*(?:[-\u2013\u2014]|to|into|and|au|à|a)\s*(?:the\s+|le\s+)?"
     r"(?P<d2>" + _DAYNUM + r")\s+(?:of\s+)?(?P<m2>" + _MONTH + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
    ("night_mdy", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?P<night>(?:the\s+)?night\s+of\s+)(?P<m>" + _MONTH + r")\s+(?P<d1>" + _DAYNUM + r")"
     r"\s*(?:[-\u2013\u2014]|to|into|and)\s*(?P<d2>" + _DAYNUM + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
    ("night_wd", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?P<night>(?:the\s+|la\s+)?(?:night|nuit)\s+(?:of|de|du)\s+)(?P<w1>" + _WEEKDAY + r")"
     r"\s*(?:[-\u2013\u2014]|to|into|au|à|a)\s*(?P<w2>" + _WEEKDAY + r")"),
    ("range_dmy", _I + r"(?:(?P<open>between|from|entre|du|de)\s+(?:the\s+|le\s+)?)?(?P<d1>" + _DAYNUM + r")"
     r"(?:\s+(?:of\s+)?(?P<m1>" + _MONTH + r")(?:,?\s+(?P<y1>" + _YEAR + r"))?)?\s*(?P<j>" + _JOIN + r")\s*(?:the\s+|le\s+)?"
     r"(?P<d2>" + _DAYNUM + r")\s+(?:of\s+)?(?P<m2>" + _MONTH + r")(?:,?\s+(?P<y2>" + _YEAR + r"))?"),
    ("range_mdy", _I + r"(?:(?P<open>between|from)\s+)?(?P<m1>" + _MONTH + r")\s+(?P<d1>" + _DAYNUM + r")\s*(?P<j>" + _JOIN + r")\s*"
     r"(?:(?P<m2>" + _MONTH + r")\s+)?(?P<d2>" + _DAYNUM + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
    ("dmy", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?P<wd>" + _WD_ANY + r"),?\s+(?:the\s+)?)?"
     r"(?:(?P<dn>" + _DAYNUM + r")|(?:the\s+)?(?P<dw>" + _DAYWORD + r"))\s*(?:of\s+)?(?P<m>" + _MONTH + r")"
     r"(?:,?\s+(?P<y>" + _YEAR + r"))?(?:\s*\(\s*" + _WD_ANY + r"\s*\))?"),
    ("mdy", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?P<wd>" + _WD_ANY + r"),?\s+)?(?P<m>" + _MONTH + r")\s*"
     r"(?:the\s+)?(?:(?P<dn>" + _DAYNUM + r")|(?P<dw>" + _DAYWORD + r"))(?:,?\s+(?P<y>" + _YEAR + r"))?(?:\s*\(\s*" + _WD_ANY + r"\s*\))?"),
    ("my", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?P<part>" + _PART + r")(?:\s*-\s*|\s+)(?:of\s+)?)?(?P<m>" + _MONTH + r")(?:\s+of)?,?\s+"
     r"(?P<y>" + _YEAR + r")"),
    ("year_range", _I + r"(?:(?P<open>between|from|entre|de)\s+)?(?:(?P<p1>" + _PART + r")(?:\s*-\s*|\s+))?(?P<y1>" + _YEAR + r")\s*(?P<j>"
     + _JOIN + r")\s*(?:(?P<p2>" + _PART + r")(?:\s*-\s*|\s+))?(?P<y2>" + _YEAR + r")"),
    ("decade", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?:the|les)\s+)?(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+))?"
     r"(?:(?P<dec>(?:19|20)\d0)" + _APOS + r"?s(?![\w])|ann[ée]es\s+(?P<dec2>(?:19|20)\d0)(?![\w]))"),
    ("year", r"(?:(?P<cue>" + _YCUE + r")\s+)?(?:(?P<the>(?<![\w])(?:the|this|that|a|an))\s+)?(?:(?P<part>" + _PART + r")(?:\s*-\s*|\s+))?"
     r"(?P<y>" + _YEAR + r")(?P<poss>" + _APOS + r"s(?![\w]))?"),
    ("month", _I + r"(?:(?P<cue>" + _CUE + r"|last|this|next)\s+)?(?:(?P<part>" + _PART + r")(?:\s*-\s*|\s+)(?:of\s+)?)?"
     r"(?P<m>" + _MONTH_FULL + r")(?P<poss>" + _APOS + r"s(?![\w]))?"),
    ("weekday", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?P<tod1>late|early|overnight)\s+(?:on\s+)?)?"
     r"(?:(?P<rel>last|this\s+past|this|next|coming)\s+)?(?P<w>" + _WEEKDAY + r")(?:\s+(?P<rel2>dernier|prochain)(?![\w]))?"
     r"(?P<poss>" + _APOS + r"s(?![\w]))?(?:\s+(?P<tod>" + _TOD + r"))?"),
    ("period", _I + r"(?:(?P<cue>" + _CUE + r")\s+)?(?:(?:the|le|la)\s+)?(?:(?P<part>" + _PART + r")(?:\s*-\s*|\s+)(?:(?:du|de\s+la|de\s+l['\u2019]|de|d['\u2019])\s*)?)?"
     r"(?:(?:(?:the|la|le|l['\u2019])\s*)?(?P<u1>" + _UNIT + r")\s+(?P<w1>dernier|derni[èe]re|pass[ée]e?|pr[ée]c[ée]dente?)(?![\w])"
     r"|(?P<w2>" + _WHICH_RE + r")\s+(?P<u2>" + _UNIT + r")(?:-ci)?"
     r"|(?<=[\s'\u2019])(?:the\s+|la\s+|le\s+|l['\u2019]\s*)?(?P<u3>" + _UNIT + r"))"),   # "the start of the year"
    ("weekend", _I + r"(?:at|over|during)\s+(?P<x>the\s+week-?end)(?![\w])"),
    ("ago", _I + r"(?:(?P<n>" + _SMALLNUM + r")\s+(?P<u>" + _AGO_UNIT + r")\s+(?:ago|earlier)(?![\w])"
     r"(?P<today>\s+(?:today|to the day|this day))?"
     r"|il\s+y\s+a\s+(?P<n2>" + _SMALLNUM + r")\s+(?P<u2>" + _AGO_UNIT + r"))"),
    ("relday", _I + r"(?P<rd>" + _words_re(_RELDAYS) + r")(?![\w])"),
]


def _prefixed(i: int, pattern: str) -> str:
    p = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<r{i}_{m.group(1)}>", pattern)
    return re.sub(r"\(\?P=(\w+)\)", lambda m: f"(?P=r{i}_{m.group(1)})", p)


_FLAGS = 0   # patterns are lower case and run on a lower-cased copy of the text (see _lower)
_RULE_INDEX = {f"r{i}": i for i in range(len(_RULES))}


@lru_cache(maxsize=None)
def _rule_re(i: int) -> re.Pattern:
    """Rule ``i`` alone, compiled on first use (only needed when a first reading is rejected)."""
    return re.compile(_prefixed(i, _RULES[i][1]), _FLAGS)


class _G:
    """Access to one rule's groups by their short names; ``orig`` gives the original-case text."""

    __slots__ = ("m", "ix", "text")

    def __init__(self, m: re.Match, ix: dict[str, int], text: str):
        self.m, self.ix, self.text = m, ix, text

    def __call__(self, name: str) -> str | None:
        return self.m.group(self.ix[name])

    def orig(self, name: str) -> str | None:
        s, e = self.m.span(self.ix[name])
        return None if s < 0 else self.text[s:e]

    def start(self, name: str) -> int:
        return self.m.start(self.ix[name])

    def end(self, name: str) -> int:
        return self.m.end(self.ix[name])


_GROUP_MAPS: dict[tuple[int, int], dict[str, int]] = {}


def _group_map(pattern: re.Pattern, i: int) -> dict[str, int]:
    """Short group name -> group number for rule ``i`` inside ``pattern`` ("" = the rule's own group).

    Keyed by ``id(pattern)``: hashing a compiled pattern hashes its whole code, which is slow for
    big patterns, and these patterns live as long as the module.
    """
    key = (id(pattern), i)
    gm = _GROUP_MAPS.get(key)
    if gm is None:
        pre = f"r{i}_"
        gm = {k[len(pre):]: v for k, v in pattern.groupindex.items() if k.startswith(pre)}
        if f"r{i}" in pattern.groupindex:
            gm[""] = pattern.groupindex[f"r{i}"]
        _GROUP_MAPS[key] = gm
    return gm


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


@dataclass
class _Hit:
    start: int
    end: int
    value: DateValue
    relative: bool
    kind: str
    cue: str | None = None
    ymd: tuple | None = None   # (y, m, d, year_explicit) for day dates, to re-infer a year in a range


def _day(d: dt.date, text: str, start: dt.date | None = None, end: dt.date | None = None) -> DateValue:
    return DateValue(d.isoformat(), "day", start or d, end or d, text)


def _month_value(y: int, m: int, text: str, start: dt.date | None = None, end: dt.date | None = None) -> DateValue:
    last = calendar.monthrange(y, m)[1]
    return DateValue(f"{y:04d}-{m:02d}", "month", start or dt.date(y, m, 1), end or dt.date(y, m, last), text)


def _year_value(y: int, text: str, start: dt.date | None = None, end: dt.date | None = None) -> DateValue:
    return DateValue(f"{y:04d}", "year", start or dt.date(y, 1, 1), end or dt.date(y, 12, 31), text)


def _unresolved(precision: str, text: str) -> DateValue:
    return DateValue(None, precision, None, None, text, resolved=False)


def _majority_month(start: dt.date, end: dt.date, text: str) -> DateValue:
    """Month precision for a span of days: the month holding most of them (the earlier on a tie)."""
    counts: dict[tuple[int, int], int] = {}
    d = start
    while d <= end:
        counts[(d.year, d.month)] = counts.get((d.year, d.month), 0) + 1
        d += dt.timedelta(days=1)
    y, m = max(sorted(counts), key=lambda k: counts[k])
    return DateValue(f"{y:04d}-{m:02d}", "month", start, end, text)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _infer_year(pub: dt.date, m: int, d: int) -> dt.date | None:
    """The most recent day ``d`` of month ``m`` on or before ``pub``."""
    for y in range(pub.year, pub.year - 9, -1):
        c = _safe_date(y, m, d)
        if c is not None and c <= pub:
            return c
    return None


def _month_part(y: int, m: int, part: str | None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(y, m)[1]
    if part == "early":
        return dt.date(y, m, 1), dt.date(y, m, 10)
    if part == "mid":
        return dt.date(y, m, 11), dt.date(y, m, 20)
    if part == "late":
        return dt.date(y, m, 21), dt.date(y, m, last)
    return dt.date(y, m, 1), dt.date(y, m, last)


def _year_part(y: int, part: str | None) -> tuple[dt.date, dt.date]:
    if part == "early":
        return dt.date(y, 1, 1), dt.date(y, 4, 30)
    if part == "mid":
        return dt.date(y, 5, 1), dt.date(y, 8, 31)
    if part == "late":
        return dt.date(y, 9, 1), dt.date(y, 12, 31)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _month_ok(token: str | None) -> bool:
    """Reject lower-case English month names that are ordinary words ("may", "march")."""
    if token is None:
        return True
    n = _norm(token)
    return not (n in _AMBIGUOUS_MONTHS and token[0].islower() and not token.endswith("."))


def _day_of(g: _G, num: str = "dn", word: str = "dw") -> int | None:
    t = g(num)
    if t is not None:
        return int(re.match(r"\d+", t).group())
    t = g(word)
    return _ORDINALS.get(_norm(t)) if t is not None else None


def _num_day(t: str | None) -> int | None:
    return int(re.match(r"\d+", t).group()) if t else None


def _part_of(token: str | None) -> str | None:
    return _PARTS.get(_norm(token)) if token else None


def _kind_of(cue: str | None) -> str:
    if cue is None:
        return "point"
    k = _CUE_KIND.get(_norm(cue), "point")
    return "point" if k in ("plain", "range") else k


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return (m.group(1) or "") if m else ""


_NEXT_WORD = re.compile(r"[ \t\u00a0]*([^\W\d_][\w'\u2019-]*|\d+)?")
_TIME_AFTER = re.compile(r"\s*(?:hrs?|hours?|h|z|gmt|utc|lt|local)(?![\w])", re.I)


# --------------------------------------------------------------------------------------------
# Handlers: (match groups, text, publication date) -> _Hit or None (rejected)
# --------------------------------------------------------------------------------------------


def _resolved_day(y: int | None, m: int, d: int, pub: dt.date | None, text: str):
    """A day date, with its year given or inferred; returns (value, relative, ymd) or None."""
    if y is not None:
        c = _safe_date(y, m, d)
        return (_day(c, text), False, (y, m, d, True)) if c else None
    if _safe_date(2000, m, d) is None:       # 2000 is a leap year: any real day-month exists in it
        return None
    if pub is None:
        return _unresolved("day", text), True, (None, m, d, False)
    c = _infer_year(pub, m, d)
    return (_day(c, text), True, (c.year, m, d, False)) if c else None


def _h_iso(g, text, pub):
    c = _safe_date(int(g("y")), int(g("m")), int(g("d")))
    return _Hit(0, 0, _day(c, ""), False, _kind_of(g("cue")), g("cue"), (c.year, c.month, c.day, True)) if c else None


def _h_dtg(g, text, pub):
    m = _MONTH_ABBR.get(_norm(g("m")))
    c = _safe_date(2000 + int(g("y")), m, int(g("d"))) if m else None
    if c is None or int(g("hm")[:2]) > 23:
        return None
    return _Hit(0, 0, _day(c, ""), False, "point", None, (c.year, c.month, c.day, True))


def _h_num(g, text, pub):
    a, b, ys, sep = int(g("a")), int(g("b")), g("y"), g("s")
    if len(ys) == 2 and sep != "/":
        return None
    y = int(ys) if len(ys) == 4 else 2000 + int(ys)
    if a > 12 and b <= 12:
        d, m = a, b
    elif b > 12 and a <= 12:
        d, m = b, a
    else:
        d, m = a, b
    c = _safe_date(y, m, d)
    return _Hit(0, 0, _day(c, ""), False, _kind_of(g("cue")), g("cue"), (y, m, d, True)) if c else None


def _night(d1: int, m1: int | None, d2: int, m2: int, y: int | None, pub, cue):
    """The night of d1 (m1) to d2 m2 (y): day precision on the first day, interval to the second."""
    if m1 is None:
        m1 = m2 if d2 > d1 else (m2 - 2) % 12 + 1
    second = _resolved_day(y, m2, d2, pub, "")
    if second is None:
        return None
    v2, rel, _ = second
    if not v2.resolved:
        return _Hit(0, 0, _unresolved("day", ""), True, "point", cue)
    y1 = v2.start.year - (1 if m1 > m2 else 0)
    first = _safe_date(y1, m1, d1)
    if first is None or first > v2.start or (v2.start - first).days > 2:
        return None
    return _Hit(0, 0, _day(first, "", first, v2.start), rel, "point", cue)


def _h_night_dmy(g, text, pub):
    if not (_month_ok(g.orig("m1")) and _month_ok(g.orig("m2"))):
        return None
    m1 = month_number(g("m1")) if g("m1") else None
    return _night(_num_day(g("d1")), m1, _num_day(g("d2")), month_number(g("m2")),
                  int(g("y")) if g("y") else None, pub, g("cue"))


def _h_night_mdy(g, text, pub):
    if not _month_ok(g.orig("m")):
        return None
    m = month_number(g("m"))
    return _night(_num_day(g("d1")), m, _num_day(g("d2")), m, int(g("y")) if g("y") else None, pub, g("cue"))


def _h_night_wd(g, text, pub):
    w1, w2 = _WEEKDAYS[_norm(g("w1"))], _WEEKDAYS[_norm(g("w2"))]
    if (w2 - w1) % 7 != 1:
        return None
    if pub is None:
        return _Hit(0, 0, _unresolved("day", ""), True, "point", g("cue"))
    first = pub - dt.timedelta(days=(pub.weekday() - w1) % 7)
    return _Hit(0, 0, _day(first, "", first, first + dt.timedelta(days=1)), True, "point", g("cue"))


_AND_JOINERS = {"and", "et"}


def _range_ok(opener: str | None, joiner: str) -> bool:
    j = _norm(joiner)
    o = _norm(opener) if opener else None
    if j in _AND_JOINERS:
        return o in ("between", "entre")
    if j in ("a", "à", "au"):
        return o in ("du", "de", "entre") or j == "au"
    if o == "de":
        return j in ("a", "à", "au")
    return True


def _day_range(y1, m1, d1, y2, m2, d2, pub, opener):
    """Two day dates as a range; the first takes the second's month and year when it lacks them."""
    if m1 is None:
        m1 = m2
        if d1 >= d2:
            return None
    second = _resolved_day(y2, m2, d2, pub, "")
    if second is None:
        return None
    v2, rel2, _ = second
    if not v2.resolved:
        return _Hit(0, 0, _unresolved("day", ""), True, "range", opener)
    if y1 is None:
        y1 = v2.start.year - (1 if (m1, d1) > (m2, d2) else 0)
    first = _safe_date(y1, m1, d1)
    if first is None or first > v2.start:
        return None
    return _Hit(0, 0, _day(first, "", first, v2.start), rel2, "range", opener)


def _h_range_dmy(g, text, pub):
    if not _range_ok(g("open"), g("j")) or not (_month_ok(g.orig("m1")) and _month_ok(g.orig("m2"))):
        return None
    return _day_range(int(g("y1")) if g("y1") else None, month_number(g("m1")) if g("m1") else None,
                      _num_day(g("d1")), int(g("y2")) if g("y2") else None, month_number(g("m2")),
                      _num_day(g("d2")), pub, g("open"))


def _h_range_mdy(g, text, pub):
    if not _range_ok(g("open"), g("j")) or not (_month_ok(g.orig("m1")) and _month_ok(g.orig("m2"))):
        return None
    m1 = month_number(g("m1"))
    m2 = month_number(g("m2")) if g("m2") else m1
    y = int(g("y")) if g("y") else None
    d1, d2 = _num_day(g("d1")), _num_day(g("d2"))
    if m1 == m2 and d1 >= d2:
        return None
    return _day_range(None if y is None else (y - 1 if m1 > m2 else y), m1, d1, y, m2, d2, pub, g("open"))


_NAME_AFTER = re.compile(r"\s+" + _words_re(VOCAB["name_contexts"]["after"]) + r"(?![\w])", re.I)
_NAME_BEFORE = re.compile(r"(?<![\w])" + _words_re(VOCAB["name_contexts"]["before"]) + r"\s*$", re.I)


def _h_dmy(g, text, pub):
    if not _month_ok(g.orig("m")):
        return None
    if _NAME_AFTER.match(text, g.m.end()) or _NAME_BEFORE.search(text, max(0, g.m.start() - 20), g.m.start()):
        return None                                   # "the March 23 Movement", "Mouvement du 23 mars"
    d = _day_of(g)
    r = _resolved_day(int(g("y")) if g("y") else None, month_number(g("m")), d, pub, "") if d else None
    if r is None:
        return None
    v, rel, ymd = r
    return _Hit(0, 0, v, rel, _kind_of(g("cue")), g("cue"), ymd)


_h_mdy = _h_dmy


def _h_my(g, text, pub):
    if not _month_ok(g.orig("m")):
        return None
    y, m = int(g("y")), month_number(g("m"))
    s, e = _month_part(y, m, _part_of(g("part")))
    return _Hit(0, 0, _month_value(y, m, "", s, e), False, _kind_of(g("cue")), g("cue"))


def _count_noun_after(text: str, pos: int) -> bool:
    return _norm(_next_word(text, pos)) in _COUNT_NOUNS


def _h_year_range(g, text, pub):
    y1, y2 = int(g("y1")), int(g("y2"))
    j = _norm(g("j"))
    if y2 <= y1 or y2 - y1 > 60 or not _range_ok(g("open"), g("j")):
        return None
    if j in ("-",) and g("open") is None and _count_noun_after(text, g.end("y2")):
        return None
    if _count_noun_after(text, g.end("y2")) or _TIME_AFTER.match(text, g.end("y2")):
        return None
    s, _ = _year_part(y1, _part_of(g("p1")))
    _, e = _year_part(y2, _part_of(g("p2")))
    return _Hit(0, 0, _year_value(y1, "", s, e), False, "range", g("open"))


def _h_decade(g, text, pub):
    dec = int(g("dec") or g("dec2"))
    part = (g("part") or "").lower()
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
    return _Hit(0, 0, _year_value(dec + lo, "", dt.date(dec + lo, 1, 1), dt.date(dec + hi, 12, 31)), False,
                _kind_of(g("cue")), g("cue"))


_POSSESSOR_BEFORE = re.compile(r"(?:(?<![\w])(?:its|their|his|her|our|leur|son|sa)|\w['\u2019]s)\s+$", re.IGNORECASE)


# a capitalised name of one to three words, then an incident's noun ("Garissa University attack")
_NAMED_INCIDENT_AFTER = re.compile(r"\s+(?:[A-Z\u00C0-\u00DE][\w\-'\u2019]*\s+){1,3}(?:attacks?|assault|raid|massacre|bombings?|"
                                   r"ambush|siege|offensive|killings|kidnapping|abduction|blast|uprising|battle)\b")
# a year labelling an item of a timeline: at the start of a line (after a bullet), then a colon or a dash
_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?(?:\*\*)?$")
_LABEL_AFTER = re.compile(r"(?:\*\*)?\s*(?::|[\u2013\u2014]|-\s)")


def _h_year(g, text, pub):
    y = int(g("y"))
    end = g.end("y")
    cue, the, part, poss = g("cue"), g("the"), g("part"), g("poss")
    if _count_noun_after(text, end) or _TIME_AFTER.match(text, end):
        return None
    if not (cue or part or poss):
        nxt = _next_word(text, end)
        # "the 2019 assault", "Boko Haram's 2015 raid", "its 2017 offensive": the year of the noun after it;
        # "the 2015 Garissa University attack": of the named incident; "- 2019: fighters overran ...": an item's label
        possessed = the or _POSSESSOR_BEFORE.search(text, max(0, g.start("y") - 40), g.start("y"))
        if not (nxt and nxt[0].isalpha() and nxt[0].islower() and possessed
                or possessed and _NAMED_INCIDENT_AFTER.match(text, end)
                or _LABEL_BEFORE.search(text, max(0, g.start("y") - 8), g.start("y")) and _LABEL_AFTER.match(text, end)):
            return None
    s, e = _year_part(y, _part_of(part))
    kind = _YEAR_CUE_KIND.get(_norm(cue), "point") if cue else "point"
    kind = "point" if kind in ("plain", "range") else kind
    return _Hit(0, 0, _year_value(y, "", s, e), False, kind, cue)


def _h_month(g, text, pub):
    token, cue, part, poss = g.orig("m"), g("cue"), g("part"), g("poss")
    if not (cue or part or poss) or not _month_ok(token):
        return None
    m = month_number(token)
    c = _norm(cue) if cue else None
    if pub is None:
        return _Hit(0, 0, _unresolved("month", ""), True, _kind_of(cue) if c not in ("last", "this", "next") else "point", cue)
    if c == "last":
        y = pub.year if m < pub.month else pub.year - 1
    elif c == "next":
        y = pub.year if m > pub.month else pub.year + 1
    else:
        y = pub.year if m <= pub.month else pub.year - 1
    s, e = _month_part(y, m, _part_of(part))
    kind = _kind_of(cue) if c not in ("last", "this", "next") else "point"
    return _Hit(0, 0, _month_value(y, m, "", s, e), True, kind, cue)


def _h_weekday(g, text, pub):
    w = _WEEKDAYS[_norm(g("w"))]
    rel = _norm(g("rel") or g("rel2") or "")
    if pub is None:
        return _Hit(0, 0, _unresolved("day", ""), True, _kind_of(g("cue")), g("cue"))
    if rel in ("next", "coming", "prochain"):
        delta = -((w - pub.weekday()) % 7 or 7)
    else:
        delta = (pub.weekday() - w) % 7
        if rel in ("last", "this past", "dernier") and delta == 0:
            delta = 7
    d = pub - dt.timedelta(days=delta)
    return _Hit(0, 0, _day(d, ""), True, _kind_of(g("cue")), g("cue"))


def _week_of(d: dt.date) -> tuple[dt.date, dt.date]:
    s = d - dt.timedelta(days=d.weekday())
    return s, s + dt.timedelta(days=6)


def _weekend_on_or_before(pub: dt.date) -> dt.date:
    return pub - dt.timedelta(days=(pub.weekday() - 5) % 7)


def _h_period(g, text, pub):
    part = _part_of(g("part"))
    if g("u3") is not None and part is None:
        return None                                   # a bare "the year" is no date
    unit = _UNITS[_norm(g("u1") or g("u2") or g("u3"))]
    which = _WHICH[_norm(g("w1") or g("w2"))] if g("u3") is None else "this"
    cue = g("cue")
    precision = "year" if unit == "year" else ("day" if unit == "weekend" else "month")
    if pub is None:
        return _Hit(0, 0, _unresolved(precision, ""), True, _kind_of(cue), cue)
    step = -1 if which == "last" else 0
    kind = _kind_of(cue)
    if unit == "year":
        y = pub.year + step
        if part == "earlier":
            s, e = (dt.date(y, 1, 1), pub) if step == 0 else _year_part(y, None)
        else:
            s, e = _year_part(y, part)
        return _Hit(0, 0, _year_value(y, "", s, e), True, kind, cue)
    if unit == "month":
        y, m = (pub.year, pub.month) if step == 0 else ((pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12))
        if part == "earlier":
            s, e = (dt.date(y, m, 1), pub) if step == 0 else _month_part(y, m, None)
        else:
            s, e = _month_part(y, m, part)
        return _Hit(0, 0, _month_value(y, m, "", s, e), True, kind, cue)
    if unit == "weekend":
        sat = _weekend_on_or_before(pub)
        if step and pub.weekday() >= 5:
            sat -= dt.timedelta(days=7)
        return _Hit(0, 0, _day(sat, "", sat, sat + dt.timedelta(days=1)), True, kind, cue)
    s, e = _week_of(pub + dt.timedelta(days=7 * step))
    if part == "earlier" and step == 0:
        e = pub
    elif part == "early":
        e = s + dt.timedelta(days=2)
    elif part == "mid":
        s, e = s + dt.timedelta(days=1), s + dt.timedelta(days=3)
    elif part == "late":
        s = s + dt.timedelta(days=3)
    return _Hit(0, 0, _majority_month(s, e, ""), True, kind, cue)


def _h_weekend(g, text, pub):
    if pub is None:
        return _Hit(0, 0, _unresolved("day", ""), True, "point", None)
    sat = _weekend_on_or_before(pub)
    return _Hit(0, 0, _day(sat, "", sat, sat + dt.timedelta(days=1)), True, "point", None)


def _h_ago(g, text, pub):
    n_t = g("n") or g("n2")
    n = int(n_t) if n_t.isdigit() else _SMALL[_norm(n_t)]
    unit = _AGO_UNITS[_norm(g("u") or g("u2"))]
    if unit == "decade":            # "a decade ago this week": ten years before
        unit, n = "year", n * 10
    precision = {"day": "day", "week": "month", "month": "month", "year": "year"}[unit]
    if n > 400:
        return None
    if pub is None:
        return _Hit(0, 0, _unresolved(precision, ""), True, "point", None)
    if unit == "day":
        return _Hit(0, 0, _day(pub - dt.timedelta(days=n), ""), True, "point", None)
    if g("today") and unit in ("month", "year"):
        # "five years ago today", "a year ago to the day": the same day of that month or year
        k = pub.year * 12 + pub.month - 1 - (n * 12 if unit == "year" else n)
        y, m = k // 12, k % 12 + 1
        return _Hit(0, 0, _day(dt.date(y, m, min(pub.day, calendar.monthrange(y, m)[1])), ""), True, "point", None)
    if unit == "week":
        t = pub - dt.timedelta(days=7 * n)
        return _Hit(0, 0, _majority_month(t - dt.timedelta(days=3), t + dt.timedelta(days=3), ""), True, "point", None)
    if unit == "month":
        k = pub.year * 12 + pub.month - 1 - n
        return _Hit(0, 0, _month_value(k // 12, k % 12 + 1, ""), True, "point", None)
    return _Hit(0, 0, _year_value(pub.year - n, ""), True, "point", None)


def _h_relday(g, text, pub):
    a, b = _RELDAYS[_norm(g("rd"))]
    if pub is None:
        return _Hit(0, 0, _unresolved("day", ""), True, "point", None)
    d = pub + dt.timedelta(days=a)
    return _Hit(0, 0, _day(d, "", d, pub + dt.timedelta(days=b)), True, "point", None)


_HANDLERS: dict[str, Callable] = {
    "iso": _h_iso, "dtg": _h_dtg, "num": _h_num, "night_dmy": _h_night_dmy, "night_mdy": _h_night_mdy,
    "night_wd": _h_night_wd, "range_dmy": _h_range_dmy, "range_mdy": _h_range_mdy, "dmy": _h_dmy,
    "mdy": _h_mdy, "my": _h_my, "year_range": _h_year_range, "decade": _h_decade, "year": _h_year,
    "month": _h_month, "weekday": _h_weekday, "period": _h_period, "weekend": _h_weekend, "ago": _h_ago,
    "relday": _h_relday,
}
_HANDLER_LIST = [_HANDLERS[name] for name, _ in _RULES]
assert set(_HANDLERS) == {name for name, _ in _RULES}


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------


def _trim_cue(cue: str) -> bool:
    """Plain prepositions ("on", "in", "le", "of", "and") stay out of a date's span."""
    c = _norm(cue)
    kind = _CUE_KIND.get(c)
    return kind == "plain" or (kind is None and c in _YEAR_CUES)


def _apply(i: int, m: re.Match, text: str, pub: dt.date | None) -> _Hit | None:
    gm = _group_map(m.re, i)
    g = _G(m, gm, text)
    try:
        hit = _HANDLER_LIST[i](g, text, pub)
    except (ValueError, KeyError, OverflowError):
        return None
    if hit is None:
        return None
    start, end = m.start(), m.end()
    name = _RULES[i][0]
    if name == "weekend":
        start = g.start("x")
    cue = hit.cue
    if cue is not None and _trim_cue(cue) and not (name == "period" and _norm(cue) in ("le", "la")):
        start = g.end("cue")
        while start < end and text[start].isspace():
            start += 1
    if name == "decade" and text[start:start + 4].lower() in ("the ", "les "):
        start += 4                                    # "in the mid-1990s" -> "mid-1990s"
    if name == "year" and g("the") and not g("part"):
        start = max(start, g.start("y"))              # "the 2015 peace accord" -> "2015"
    hit.start, hit.end = start, end
    return hit


def _lower(text: str) -> str:
    """Lower case with one character for one character, so that offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# Anchors: tokens every date expression contains (digits, month and weekday names, relative
# words). Rules are only tried where an anchor is, starting from the earliest of the words just
# before it that can open a date ("since", "between", "the night of", "late on", "fin du"...), and
# only the rules in which that kind of anchor can be the first one.
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _tokens_of(phrases) -> set[str]:
    return {t for p in phrases for t in _TOKEN.findall(_norm(str(p)))}


_STOP = {"the", "this", "last", "la", "le", "l", "ce", "cet", "cette", "de", "du", "of", "a", "an", "y"}
_MONTH_TOKENS = _tokens_of(_MONTHS)
_WEEKDAY_TOKENS = _tokens_of(_WEEKDAYS)
_OTHER_ANCHORS = ((_tokens_of(_RELDAYS) - _STOP) | _tokens_of(_UNITS) | _tokens_of(_AGO_UNITS)
                  | {"ago", "annees", "années"} | (_tokens_of(_WHICH) - {"this", "last", "previous"} - _STOP)
                  ) - _MONTH_TOKENS - _WEEKDAY_TOKENS - {"an"}
_ANCHOR_CLASS = {**{t: "o" for t in _OTHER_ANCHORS}, **{t: "w" for t in _WEEKDAY_TOKENS},
                 **{t: "m" for t in _MONTH_TOKENS}}
# The rules in which an anchor of each class can be the first anchor: 1-2 digits (d2), 3 digits
# (d3), 4 digits (d4), 6 digits (d6), a month (m), a weekday (w), another relative word (o).
_CLASS_RULES = {
    "d2": ["num", "night_dmy", "range_dmy", "dmy", "ago"],
    "d3": ["ago"],
    "d4": ["iso", "year_range", "decade", "year"],
    "d6": ["dtg"],
    "m": ["night_mdy", "range_mdy", "dmy", "mdy", "my", "month"],
    "w": ["night_wd", "dmy", "mdy", "weekday"],
    "o": ["weekday", "period", "weekend", "ago", "decade", "relday"],
}
_RULE_NO = {name: i for i, (name, _) in enumerate(_RULES)}
_CLASS_IDX = {c: [_RULE_NO[n] for n in names] for c, names in _CLASS_RULES.items()}
_CLASS_RE = {c: re.compile("|".join(f"(?P<r{i}>{_prefixed(i, _RULES[i][1])})" for i in idx), _FLAGS)
             for c, idx in _CLASS_IDX.items()}
assert {n for names in _CLASS_RULES.values() for n in names} == set(_RULE_NO)

# Words are found by turning punctuation into spaces and splitting (much faster than a regex
# over the whole text); offsets come from a whole-word search.
_TR = {i: " " for i in range(128) if not chr(i).isalnum()}
_TR.update({ord(c): " " for c in "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2212\u00a0\u2026\u2022\u202f"})
_PREFIX = (_tokens_of(_CUE_KIND) | _tokens_of(_PARTS) | _tokens_of(_WHICH) | _tokens_of(_YEAR_CUES)
           | _tokens_of(_SMALL) | _tokens_of(_ORDINALS) | _WEEKDAY_TOKENS | _tokens_of(_WEEKDAY_ABBR)
           | _tokens_of(VOCAB["range_joiners"]) | _STOP
           | {"night", "nuit", "les", "d", "il", "on", "at", "over", "next", "coming", "past", "late", "early",
              "overnight", "dans", "plus", "tot", "tôt", "mid", "end", "beginning", "start", "middle", "that"})
# One step back from a position: a short gap, then a word that can open a date, read on the
# reversed text so that it is a single anchored match.
_BACK = re.compile(r"[ \t\n\u00a0,'\u2019\-\u2010\u2011\u2013\u2014(]{1,4}(?P<w>\d+|"
                   + _trie([list(t[::-1]) for t in _PREFIX]) + r")(?![\w])")
# after a one- to three-digit number: what makes it worth trying as (part of) a date
_DIGIT_CTX = re.compile(r"(?:st|nd|rd|th|er)?(?:[/.\-]\d|[ \t\n\u00a0,(]{0,3}(?:of\s+)?(?:" + _MONTH + "|" + _JOIN
                        + "|" + _AGO_UNIT + r"|into(?![\w])))")


def _scan(text: str, pub: dt.date | None) -> list[_Hit]:
    low = _lower(text)
    tr = " " + low.translate(_TR) + " "               # tr[i + 1] is low[i]
    rev = None
    n = len(low)
    hits: list[_Hit] = []
    done = 0                                            # text before this offset is already read
    for s, w in anchor_positions(tr, _ANCHOR_WORDS):
        if s < done:
            continue
        if w[0].isdigit():
            k = len(w)
            cls = _DIGIT_CLASS.get(k)
            if cls is None:
                continue
            if k == 4:
                if w[:2] not in ("19", "20"):
                    continue
            elif k < 4 and _DIGIT_CTX.match(low, s + k) is None:
                continue
        else:
            cls = _ANCHOR_CLASS[w]
        # candidate starts: the anchor and the opening words just before it, earliest first
        starts = [s]
        if s > 0 and low[s - 1] in _GAP_CHARS:
            if rev is None:
                rev = low[::-1]
            p = n - s
            for _ in range(6):
                b = _BACK.match(rev, p)
                if b is None:
                    break
                ws = n - b.end("w")
                if ws < done:
                    break
                starts.append(ws)
                p = b.end("w")
        pattern, idx = _CLASS_RE[cls], _CLASS_IDX[cls]
        hit = None
        for at in reversed(starts):
            m = pattern.match(low, at)
            if m is None:
                continue
            i = _RULE_INDEX[m.lastgroup]
            hit = _apply(i, m, text, pub)
            j = idx.index(i) + 1
            while hit is None and j < len(idx):        # the first reading was rejected: try the others
                m2 = _rule_re(idx[j]).match(low, at)
                if m2 is not None:
                    hit = _apply(idx[j], m2, text, pub)
                j += 1
            if hit is not None and hit.end > s:
                break
            hit = None
        if hit is not None:
            hits.append(hit)
            done = hit.end
    return hits


_DIGIT_CLASS = {1: "d2", 2: "d2", 3: "d3", 4: "d4", 6: "d6"}
_ANCHOR_WORDS = frozenset(_ANCHOR_CLASS)
_DIGIT_RUN = re.compile(r" ([0-9]+)")               # a literal first character: a fast C search


def anchor_positions(tr: str, words: frozenset) -> list[tuple[int, str]]:
    """Where each digit run and each of ``words`` stands in the text, in order, as (offset, token).

    ``tr`` is the lower-cased text with punctuation turned into spaces, padded with one space on
    each side (so ``tr[i + 1]`` is the text's character ``i``). Set intersection and ``str.find``
    keep the per-word work in C: much faster than a Python loop over every word.
    """
    out = []
    for m in _DIGIT_RUN.finditer(tr):
        out.append((m.start(), m.group(1)))
    for w in words.intersection(tr.split()):
        pat = " " + w + " "
        i = tr.find(pat)
        while i >= 0:
            out.append((i, w))
            i = tr.find(pat, i + len(w) + 1)
    out.sort()
    return out


_GAP_CHARS = frozenset(" \t\n\u00a0,'\u2019-\u2010\u2011\u2013\u2014(")


_JOIN_BETWEEN = re.compile(r"\s*" + _JOIN + r"\s*(?:(?:the|le)\s+)?$")


def _combine_ranges(hits: list[_Hit], text: str) -> list[_Hit]:
    """Join "from 30 June to 2 July 2024", "between March 2019 and June 2020" into one range."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        h = hits[i]
        if i + 1 < len(hits) and h.value.resolved and hits[i + 1].value.resolved and h.kind != "range":
            nxt = hits[i + 1]
            gap = text[h.end:nxt.start]
            jm = _JOIN_BETWEEN.fullmatch(gap) if len(gap) < 16 else None
            opener = _norm(h.cue) if h.cue else None
            if h.kind == "since" and nxt.kind == "until" and not gap.strip(" ,"):
                # "from March 2019 until June 2020", "depuis 2017 jusqu'en 2022"
                v = DateValue(h.value.iso, h.value.precision, h.value.start, nxt.value.end, "")
                if h.value.start <= nxt.value.end:
                    out.append(_Hit(h.start, nxt.end, v, h.relative or nxt.relative, "range", h.cue))
                    i += 2
                    continue
            if jm and nxt.cue is None and nxt.kind == "point":
                joiner = _norm(gap.strip().split()[0]) if gap.strip() else "-"
                ok = (opener in ("from", "between", "entre", "depuis", "du", "de")
                      or (joiner not in _AND_JOINERS and not h.relative and not nxt.relative))
                if joiner in _AND_JOINERS and opener not in ("between", "entre"):
                    ok = False
                first, relative = h.value, h.relative or nxt.relative
                if ok and h.ymd and not h.ymd[3] and nxt.ymd and nxt.ymd[3]:
                    y, m, d = nxt.ymd[0], h.ymd[1], h.ymd[2]
                    c = _safe_date(y, m, d) or _safe_date(y - 1, m, d)
                    if c and c > nxt.value.start:
                        c = _safe_date(y - 1, m, d)
                    if c:
                        first, relative = _day(c, ""), nxt.relative   # its year comes from the second end
                if ok and first.start <= nxt.value.start:
                    v = DateValue(first.iso, first.precision, first.start, nxt.value.end, "")
                    out.append(_Hit(h.start, nxt.end, v, relative, "range", h.cue))
                    i += 2
                    continue
        out.append(h)
        i += 1
    return out


def find_dates(text: str, published: dt.date | None) -> list[DateMatch]:
    """All date expressions in ``text``, in order, resolved against ``published`` when relative."""
    if isinstance(published, dt.datetime):
        published = published.date()
    hits = _combine_ranges(_scan(text, published), text)
    if _HOLIDAY_GATE.search(text):
        hits = _with_holidays(hits, text, published)
    out = []
    for h in _with_relative_year(_ago_this_week(hits, text), text):
        span = text[h.start:h.end]
        v = h.value
        value = DateValue(v.iso, v.precision, v.start, v.end, span, v.resolved)
        kind = h.kind
        if kind in ("since", "until") and _POSSESSIVE_DATE.search(span):
            kind = "point"      # "after Saturday's bombings": the date of the bombings, not a period
        out.append(DateMatch(h.start, h.end, span, value, h.relative, kind))
    return out


_POSSESSIVE_DATE = re.compile(r"['\u2019]s?$")
# "15 July last year", "in July this year", "le 15 juillet de l'année dernière": the year phrase is the year of the
# day or month before it, not a date of its own
_YEAR_AFTER_GAP = re.compile(r",?\s+(?:of\s+|de\s+)?")
_MONTH_IN = re.compile(_MONTH, re.IGNORECASE)


# Fixed-date holidays: "on Christmas Day 2014", "le soir de Noël", "New Year's Eve" (movable feasts such as Eid
# are not: their day differs every year)
_HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26), "new year's day": (1, 1),
             "new year's eve": (12, 31), "le jour de noël": (12, 25), "la veille de noël": (12, 24),
             "le soir de noël": (12, 24), "la nuit de noël": (12, 24), "noël": (12, 25), "la saint-sylvestre": (12, 31),
             "le jour de l'an": (1, 1), "le nouvel an": (1, 1)}
_HOLIDAY_GATE = gated(re.compile(r"christmas|boxing day|new year|no[ëe]l|sylvestre|jour de l['\u2019]an|nouvel an", re.IGNORECASE))
_HOLIDAY = re.compile(r"(?<![\w'])(?P<h>" + "|".join(sorted((re.escape(k).replace("'", "['\u2019]") for k in _HOLIDAYS),
                                                            key=len, reverse=True))
                      + r")(?![\w])(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d))?", re.IGNORECASE)


def _with_holidays(hits: list, text: str, pub: dt.date | None) -> list:
    out = list(hits)
    for m in _HOLIDAY.finditer(text):
        month, day = _HOLIDAYS[m.group("h").lower().replace("\u2019", "'")]
        if m.group("y"):
            y, relative = int(m.group("y")), False
        elif pub is not None:       # the last one on or before the publication day
            y, relative = (pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1), True
        else:
            continue
        when = _safe_date(y, month, day)
        if when is None:
            continue
        out = [h for h in out if h.end <= m.start() or h.start >= m.end()]
        out.append(_Hit(m.start(), m.end(), _day(when, m.group(0)), relative, "point"))
    return sorted(out, key=lambda h: h.start)


_THIS_WEEK = re.compile(r"\s+this\s+(?:week|month)\b|\s+(?:cette\s+semaine|ce\s+mois(?:-ci)?)\b", re.IGNORECASE)


def _ago_this_week(hits: list, text: str) -> list:
    """"A decade ago this week", "five years ago this month": the month of that year, one date."""
    out: list = []
    skip = -1
    for i, h in enumerate(hits):
        if i == skip:
            continue
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        m = _THIS_WEEK.match(text, h.end)
        if m and h.relative and h.value.resolved and h.value.precision == "year" and re.search(r"\bago\b|\bil y a\b",
                text[h.start:h.end], re.IGNORECASE) and nxt is not None and nxt.start >= h.end and nxt.end <= m.end() \
                and nxt.value.resolved and nxt.value.start is not None:
            value = _month_value(h.value.start.year, nxt.value.start.month, h.value.text)
            out.append(replace(h, end=m.end(), value=value))
            skip = i + 1
            continue
        out.append(h)
    return out


def _with_relative_year(hits: list, text: str) -> list:
    out: list = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and h.relative and h.value.resolved and h.value.precision == "year" \
                and prev.relative and prev.value.resolved and prev.value.precision in ("day", "month") \
                and _YEAR_AFTER_GAP.fullmatch(text, prev.end, h.start) and _MONTH_IN.search(text, prev.start, prev.end):
            y, v = h.value.start.year, prev.value
            if v.precision == "day":
                day = _safe_date(y, v.start.month, v.start.day)
                value = DateValue(day.isoformat(), "day", day, day, v.text) if day else None
            else:
                value = _month_value(y, v.start.month, v.text)
            if value is not None:
                out[-1] = replace(prev, end=h.end, value=value)
                continue
        out.append(h)
    return out


# --------------------------------------------------------------------------------------------
# Metadata dates
# --------------------------------------------------------------------------------------------

_ISO_LIKE = re.compile(r"(?P<y>(?:19|20)\d\d)(?:(?P<s>[-/.]?)(?P<m>0[1-9]|1[0-2])(?:(?P=s)(?P<d>0[1-9]|[12]\d|3[01]))?)?"
                       r"(?:[T ]\d\d(?::?\d\d(?::?\d\d(?:\.\d+)?)?)?\s*(?:Z|[+-]\d\d(?::?\d\d)?|UTC|GMT)?)?")


def parse_iso_like(value: str) -> DateValue | None:
    """A date from front matter or metadata: "2019-12-13", "2019-12-13T08:00:00Z", "13 December 2019",
    "Dec 13, 2019", "Fri, 13 Dec 2019 08:00:00 +0000", "13/12/2019" (day-first), "2019-12", "2019".

    Returns None when ``value`` holds no absolute date.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_LIKE.fullmatch(s)
    if m and (m.group("s") or m.group("m") is None or m.group("d") is not None or len(s) == 6):
        y = int(m.group("y"))
        if m.group("d"):
            c = _safe_date(y, int(m.group("m")), int(m.group("d")))
            return DateValue(c.isoformat(), "day", c, c, s) if c else None
        if m.group("m"):
            v = _month_value(y, int(m.group("m")), s)
            return v
        return _year_value(y, s)
    for d in find_dates(s, None):
        if d.value.resolved and not d.relative:
            v = d.value
            return DateValue(v.iso, v.precision, v.start, v.end, s, True)
    return None

"""Counts in news text: "at least 71", "seventy-one", "two dozen", "between 200 and 400",
"dozens", "several hundred", "une centaine", "plus de 50", "20+".

A regular grammar compiled once at import, tried only where a number word or digit is. Vague
words are coded by the table in ``kg/data/vague_quantities.yaml`` (ACLED's convention: the most
conservative count the words allow; "dozens" = 12, "hundreds" = 100).

>>> parse_quantity("at least 71")
Quantity(value=71, low=None, high=None, qualifier='at least', vague=False)
>>> parse_quantity("between two and three hundred")
Quantity(value=200, low=200, high=300, qualifier=None, vague=False)
>>> [(q.text, q.quantity.value, q.unit) for q in find_quantities("Some 40 km away, 12 died on 3 March 2021.")]
[('Some 40', 40, 'km'), ('12', 12, None)]

Rules:

* **Qualifiers** are normalised: "no fewer than", "no less than", "not less than", "a minimum of",
  "au moins" -> ``at least``; "over", "upwards of", "in excess of", "above", "plus de", a "+" or
  "-plus" after the number -> ``more than``; "some", "around", "roughly", "approximately",
  "approx.", "an estimated", "circa", "environ", "quelque", "or so", "-odd", "une dizaine" ->
  ``about``; "almost", "close to", "just under", "près de", "presque" -> ``nearly``; "as many as",
  "at most", "no more than", "jusqu'à" -> ``up to``; "less than", "under", "below", "moins de" ->
  ``fewer than``; "or more" after the number -> ``at least``.
* **Ranges** ("between 200 and 400", "200-400", "200 to 400", "two or three", "entre 200 et 400",
  "de 200 à 400") give ``value = low`` (the conservative figure) and ``low``/``high``. A scale word
  on the second end carries to the first: "between two and three hundred" = 200-300.
* **Vague** words ("dozens", "hundreds of thousands", "several", "a few dozen", "des centaines")
  give ``vague=True`` and the coded ``value`` of the data file.
* **Not counts**, skipped by :func:`find_quantities`: ordinals ("third", "12th", "1er"); times
  ("2 p.m.", "14:00", "14h30", "0920", "1400 hrs", "at 1030", "1030-1100"); a day next to a month
  ("21 March", "March 21"); a four-digit year 1900-2099 after a year cue or month ("in 2017",
  "since 2015", "March 2021", "the 2015 accord") or before "'s" - unless a count noun follows
  ("2000 troops"); year ranges ("2015-2017", "2019-20"); ISO and slashed dates; designators
  ("AK-47", "Resolution 2719", "Route 5"); "one of", "no one", "one another"; French "un"/"une"
  alone (articles); compound adjectives ("one-day", "10-member", "two-year-old"); decimals with no
  scale or unit.
* **Units**: distances, percentages, durations and money are still returned, with
  ``QuantityMatch.unit`` set: "km", "mi", "m", "mm", "%", "hour", "minute", "day", "week",
  "month", "year", "USD", "EUR", "GBP", "NGN", "XOF", or "money" (other currencies).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources

import yaml

from kg.model import Quantity

# Shared helpers of the date grammar (same package): same-length lower-casing, trie alternations,
# the word splitter, month names and the year cues/count nouns of kg/data/dates.yaml.
from kg.extract.dates import (  # noqa: E402
    _COUNT_NOUNS,
    _GAP_CHARS,
    _MONTH,
    _MONTH_TOKENS,
    _TR,
    _YEAR_CUES,
    _lower,
    _norm,
    _trie,
    _words_re,
    anchor_positions,
)

__all__ = ["QuantityMatch", "find_quantities", "parse_quantity", "VAGUE"]


@dataclass(frozen=True)
class QuantityMatch:
    """One number expression: its span, its value, and its unit when it measures something else
    than a count (distance, percentage, duration, money)."""

    start: int
    end: int
    text: str
    quantity: Quantity
    unit: str | None = None


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

VAGUE = yaml.load(resources.files("kg.data").joinpath("vague_quantities.yaml").read_text(encoding="utf-8"),
                  Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_PLURAL = {_norm(k): int(v) for k, v in VAGUE["plural_units"].items()}
_NEED_OF = {_norm(w) for w in VAGUE["need_of"]}
_FEW = {_norm(k): int(v) for k, v in VAGUE["few_words"].items()}

_EN_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}
_FR_SMALL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
             "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_FR_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_FR_SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 10 ** 6, "millions": 10 ** 6,
              "milliard": 10 ** 9, "milliards": 10 ** 9}
_FR_APPROX = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
              "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000}
_DIGIT_SCALES = {"thousand": 1000, "million": 10 ** 6, "millions": 10 ** 6, "billion": 10 ** 9, "mn": 10 ** 6,
                 "bn": 10 ** 9, "mille": 1000, "milliard": 10 ** 9, "milliards": 10 ** 9, "m": 10 ** 6, "k": 1000}
_WORD_VALUES = {**_EN_SMALL, **_EN_TENS, **_FR_SMALL, **_FR_TENS}
_SCALES = {**_EN_SCALES, **_FR_SCALES, **_DIGIT_SCALES}

# qualifier phrase -> normalised qualifier
QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least", "not less than": "at least",
    "a minimum of": "at least", "at a minimum": "at least", "au moins": "at least", "pas moins de": "at least",
    "au minimum": "at least",
    "more than": "more than", "over": "more than", "well over": "more than", "upwards of": "more than",
    "in excess of": "more than", "above": "more than", "greater than": "more than", "plus de": "more than",
    "bien plus de": "more than", "un peu plus de": "more than",
    "about": "about", "around": "about", "some": "about", "roughly": "about", "approximately": "about",
    "approx": "about", "an estimated": "about", "estimated": "about", "circa": "about", "ca": "about",
    "environ": "about", "quelque": "about", "autour de": "about", "approximativement": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly", "près de": "nearly",
    "pres de": "nearly", "presque": "nearly", "pas loin de": "nearly", "quasiment": "nearly",
    "up to": "up to", "as many as": "up to", "at most": "up to", "no more than": "up to", "not more than": "up to",
    "a maximum of": "up to", "jusqu'à": "up to", "jusqu'a": "up to", "au plus": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "below": "fewer than",
    "moins de": "fewer than", "un peu moins de": "fewer than",
}
_QUAL_INDEX = {_norm(k): v for k, v in QUALIFIERS.items()}

_CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "₦": "NGN",
                    "cfa": "XOF", "fcfa": "XOF"}
_UNIT_WORDS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "kilomètre": "km", "kilomètres": "km", "mile": "mi", "miles": "mi", "mi": "mi", "m": "m", "metre": "m",
    "metres": "m", "meter": "m", "meters": "m", "mètre": "m", "mètres": "m", "mm": "mm",
    "%": "%", "per cent": "%", "percent": "%", "pour cent": "%", "pourcent": "%", "pc": "%",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "heure": "hour", "heures": "hour",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "day": "day", "days": "day", "jour": "day", "jours": "day", "week": "week", "weeks": "week",
    "semaine": "week", "semaines": "week", "month": "month", "months": "month", "mois": "month",
    "year": "year", "years": "year", "an": "year", "ans": "year", "année": "year", "années": "year",
    "annee": "year", "annees": "year",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "naira": "NGN", "cfa francs": "XOF", "francs cfa": "XOF", "fcfa": "XOF", "shilling": "money",
    "shillings": "money", "francs": "money", "franc": "money", "rupees": "money", "dinars": "money",
}
_DURATION_UNITS = {"hour", "minute", "day", "week", "month", "year"}
# Words before a number that make it a label, not a count ("Resolution 2719", "Route 5").
_LABEL_WORDS = {"resolution", "article", "no", "nos", "number", "page", "chapter", "section", "route", "road",
                "highway", "phase", "level", "sector", "zone", "room", "grade", "class", "category", "tier",
                "paragraph", "rn", "n", "flight", "line", "lane", "bus", "platform", "version", "figure", "table",
                "district", "ward", "box", "codes", "code", "op", "unit", "channel", "ch"}

# --------------------------------------------------------------------------------------------
# Grammar (lower-case, run on a lower-cased copy of the text)
# --------------------------------------------------------------------------------------------

_B = r"(?![\w])"
_U = _words_re([w for w, v in _EN_SMALL.items() if 1 <= v <= 9])
_T = _words_re([w for w, v in _EN_SMALL.items() if v >= 10])
_D = _words_re(_EN_TENS)
_N99 = r"(?:" + _D + r"(?:[-\s]" + _U + r")?|" + _T + "|" + _U + r"|zero)" + _B
_H = r"(?:(?:" + _N99 + r"|a)\s+hundred" + _B + r"(?:\s+(?:and\s+)?" + _N99 + r")?)"
_N999 = r"(?:" + _H + "|" + _N99 + ")"
_CHUNK = r"(?:(?:" + _N999 + r"|a)\s+(?:thousand|million|billion)" + _B + ")"
_WORDNUM = r"(?:(?:" + _CHUNK + r",?\s+(?:and\s+)?)*(?:" + _CHUNK + "|" + _N999 + "))"
_DOZEN = r"(?:(?:half\s+a|a|" + _N99 + r")\s+dozen" + _B + ")"

_FU = _words_re(["un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"])
_FT = _words_re(["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"])
_FD = _words_re(["vingt", "trente", "quarante", "cinquante", "soixante", "quatre-vingt", "quatre-vingts"])
_F99 = r"(?:" + _FD + r"(?:[-\s]+(?:et[-\s]+)?(?:" + _FT + "|" + _FU + r"))?|" + _FT + "|" + _FU + ")" + _B
_F999 = r"(?:(?:" + _FU + r"[-\s]+)?cents?" + _B + r"(?:[-\s]+" + _F99 + r")?|" + _F99 + ")"
_FCHUNK = r"(?:(?:" + _F999 + r"[-\s]+)?mille" + _B + "|" + _F999 + r"\s+milli(?:on|ard)s?" + _B + ")"
_FRNUM = r"(?:" + _FCHUNK + r"(?:[-\s]+" + _F999 + r")?|" + _F999 + ")"

_DIGITS = (r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d,.]\d)|\d+(?:\.\d+|,\d{1,2}"
           r"(?=\s*(?:millions?|milliards?|billion|bn|mn)" + _B + r"))?)(?![\d])")
_DSCALE = r"(?:\s*(?:thousand|million|billion|millions|milliards?|mille|mn|bn)" + _B + ")"
# English first, except French "six cents" / "six mille" ("six" is the one number word both share)
_NUMX = (r"(?:" + _DIGITS + _DSCALE + r"?|" + _DOZEN + r"|(?!six[-\s]+(?:cents?|mille)(?![\w]))" + _WORDNUM
         + "|" + _FRNUM + ")")

_QUAL = r"(?<![\w])" + _words_re(_QUAL_INDEX) + r"\.?"
_CUR = r"(?:us\$|\$|€|£|₦|fcfa|cfa)"
_PL = _words_re(_PLURAL) + _B
_PLCHAIN = _PL + r"(?:\s+(?:of|de)\s+" + _PL + ")*"
_FEWW = r"(?<![\w])" + _words_re(_FEW) + _B
_SING = r"(?:hundred|thousand|million|dozen)" + _B
_VAGUE = (r"(?:(?:" + _FEWW + r"\s+(?:" + _SING + "|" + _PL + r")(?:\s+(?:of|de)\s+" + _PL + r")*)"
          r"|(?:des\s+)?" + _PLCHAIN + "|" + _FEWW + ")")
_APPROX = r"(?:une?|un)\s+(?P<ap>" + _words_re(_FR_APPROX) + r")" + _B + r"(?:\s+de\s+(?P<apm>milliers))?"
_JOIN = r"(?:[-\u2013\u2014]|(?<![\w])(?:to|and|or|à|a|et|ou)" + _B + ")"
_OPEN = r"(?:between|from|entre|de)"
_SUFFIX = r"(?P<suf>\+|\s+or\s+more" + _B + r"|\s+ou\s+plus" + _B + r"|\s+or\s+so" + _B + r"|[-\s]odd" + _B + r"|-plus" + _B + ")?"
_PREFIX_Q = r"(?:(?P<q>" + _QUAL + r")\s*)?(?:(?P<cur>" + _CUR + r")\s*)?"

_RANGE_RE = re.compile(_PREFIX_Q + r"(?:(?P<open>" + _OPEN + r")\s+)?(?P<n1>" + _NUMX + r")\s*(?P<j>" + _JOIN + r")\s*"
                       r"(?P<cur2>" + _CUR + r"\s*)?(?P<n2>" + _NUMX + ")" + _SUFFIX)
_SINGLE_RE = re.compile(_PREFIX_Q + r"(?:" + _APPROX + r"|(?P<v>" + _VAGUE + r")|(?P<n>" + _NUMX + r"))" + _SUFFIX)

_UNIT_AFTER = re.compile(r"(?P<h>\s*-\s*|\s*)(?P<u>%|" + _words_re(_UNIT_WORDS) + r")(?![\w])")
_TIME_AFTER = re.compile(r"(?:\s*(?:a\.?m\.?|p\.?m\.?)(?![\w])|:\d\d|h\d\d|\s*h(?![\w])|\s*o['\u2019]clock)")
_HHMM_AFTER = re.compile(r"\s*(?:hrs?|hours|h|z|gmt|utc|lt|local(?:\s+time)?)(?![\w])")
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th|er|e|ème|eme|re)(?![\w])")
_DATE_AFTER = re.compile(r"(?:st|nd|rd|th|er)?\s*(?:of\s+)?" + _MONTH)
_NEXT_WORD = re.compile(r"[\s\u00a0]*([^\W\d_][\w'-]*)")
_HYPHEN_WORD = re.compile(r"-([^\W\d_]+)")
# dates and clock times, consumed whole so that their parts are not read as counts
_SKIP_TOKEN = re.compile(r"(?<![\w])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/]\d{2}(?![\d])"
                         r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}h\d{2}|\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?(?![\w]))")
# Look-behind checks run as anchored matches on the reversed text (one attempt each, instead of
# a search over the characters before the number).
_MONTH_REV = "(?:" + _trie([list(w[::-1]) for w in _MONTH_TOKENS]) + r")(?![\w])"
_MONTH_BEFORE_REV = re.compile(r"\s*\.?" + _MONTH_REV)                                  # "March |21"
_DAY_MONTH_BEFORE_REV = re.compile(r"\s*,?\.?" + _MONTH_REV.replace(r"(?![\w])", "")
                                   + r"\s+(?:fo\s+)?(?:ts|dn|dr|ht|re)?\d{1,2}(?![\w])")  # "21 March |2021"
_MONTH_DAY_BEFORE_REV = re.compile(r"\s*,?\s*(?:ts|dn|dr|ht)?\d{1,2}\s+\.?" + _MONTH_REV)  # "March 21, |2021"
_PREV_WORD_REV = re.compile(r"[^\w]{0,3}(\w+)")
_POSSESSIVE_S = re.compile(r"['\u2019]?s(?![\w])")
_OF_AFTER = re.compile(r"\s+of(?![\w])")
_ONE_NOT_COUNT = re.compile(r"\s+(?:of|another|after|by|d['\u2019]|des)(?![\w])")
_ONE_IDIOM = re.compile(r"\s+(?:day|time|side|way|hand|thing)(?![\w])")
_DIGITS_SCALE = re.compile(r"(\d(?:[\d.,\u00a0\u202f ]*\d)?)\s*([a-z]*)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_QUATRE_VINGT = re.compile(r"quatre[-\s]+vingts?")
_HALF_A = re.compile(r"half\s+an?\s+")
_WORD_SPLIT = re.compile(r"[-\s,]+")
_SPACE_SPLIT = re.compile(r"[-\s]+")
_OF_SPLIT = re.compile(r"\s+(?:of|de)\s+")
_WORD_AFTER = re.compile(r"\s+[^\W\d_]")
_DIGITS_RESTATED = re.compile(r"\s*\(\s*\d{1,4}\s*\)\s+[^\W\d_]")
_GLUED_OK = re.compile(r"(?:x|km|kms|mi|m|mm|bn|mn|k|h|hrs?|pm|am|st|nd|rd|th|er|e|s)(?![a-z])")
_LIST_ITEM = re.compile(r"[.)]\s+[^\W\d_]")
_LIST_BEFORE = re.compile(r"(?:^|\n|[.!?:]\s+)\s*$")
_JOIN_AFTER = re.compile(r"\s*(?:[-\u2013\u2014]|(?:to|and|or|à|a|et|ou)(?![\w]))\s*(?:us\$|\$|€|£|₦)?\s*[\da-zà-ÿ]")

# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def _digits_value(t: str) -> float | None:
    m = _DIGITS_SCALE.match(t)
    if not m:
        return None
    num, scale = m.group(1), m.group(2)
    num = num.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if _THOUSANDS.fullmatch(num):
        num = num.replace(",", "")
    else:
        num = num.replace(",", ".")
    try:
        v = float(num)
    except ValueError:
        return None
    if scale:
        v *= _SCALES.get(scale, 1)
    return v


def _words_value(t: str) -> int | None:
    t = _QUATRE_VINGT.sub("quatre_vingt", t)
    t = _HALF_A.sub("half ", t)
    total = cur = 0
    seen = False
    for tok in _WORD_SPLIT.split(t):
        if not tok or tok in ("and", "et"):
            continue
        if tok == "quatre_vingt":
            cur += 80
        elif tok == "a":
            cur += 1
        elif tok == "half":
            cur += 0.5
        elif tok in _WORD_VALUES:
            cur += _WORD_VALUES[tok]
        elif tok in ("hundred", "cent", "cents"):
            cur = (cur or 1) * 100
        elif tok == "dozen":
            cur = (cur or 1) * 12
        elif tok in _SCALES:
            total += (cur or 1) * _SCALES[tok]
            cur = 0
        else:
            return None
        seen = True
    return int(total + cur) if seen else None


def _value(t: str) -> float | None:
    t = t.strip()
    if not t:
        return None
    return _digits_value(t) if t[0].isdigit() else _words_value(t)


def _lead_value(t: str) -> float | None:
    """The multiplier before the first scale word: "three hundred" -> 3, "2 million" -> 2."""
    toks = _SPACE_SPLIT.split(t.strip())
    head = []
    for tok in toks:
        if tok in _SCALES or tok in ("hundred", "cent", "cents", "dozen"):
            break
        head.append(tok)
    return _value(" ".join(head)) if head and len(head) < len(toks) else None


def _has_scale(t: str) -> bool:
    return any(tok in _SCALES or tok in ("hundred", "cent", "cents", "dozen") for tok in _SPACE_SPLIT.split(t.strip()))


def _vague_value(t: str) -> int | None:
    """ "several hundred" -> 300, "tens of thousands" -> 10000, "des dizaines" -> 10, "a few" -> 3."""
    t = _norm(t)
    if t.startswith("des "):
        t = t[4:]
    mult = 1
    for few in sorted(_FEW, key=len, reverse=True):
        if t == few or t.startswith(few + " "):
            mult = _FEW[few]
            t = t[len(few):].strip()
            break
    if not t:
        return mult
    value = mult
    for part in _OF_SPLIT.split(t):
        part = part.strip()
        if part in _PLURAL:
            value *= _PLURAL[part]
        elif part in ("hundred", "thousand", "million", "dozen"):
            value *= {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "dozen": 12}[part]
        else:
            return None
    return value


# --------------------------------------------------------------------------------------------
# Context checks
# --------------------------------------------------------------------------------------------


class _Ctx:
    """The text being read: original, lower-cased, and reversed (for look-behind checks)."""

    __slots__ = ("text", "low", "rev", "n")

    def __init__(self, text: str):
        self.text = text
        self.low = _lower(text)
        self.rev = self.low[::-1]
        self.n = len(text)

    def prev_word(self, s: int) -> str:
        m = _PREV_WORD_REV.match(self.rev, self.n - s)
        return m.group(1)[::-1] if m else ""

    def before(self, pattern: re.Pattern, s: int) -> bool:
        return pattern.match(self.rev, self.n - s) is not None


def _next_word(low: str, e: int) -> str:
    m = _NEXT_WORD.match(low, e)
    return m.group(1) if m else ""


def _is_year(c: _Ctx, s: int, e: int, v: float) -> bool:
    """A bare four-digit 1900-2099 read as a year: after a year cue or a month, before "'s"."""
    low = c.low
    if e - s != 4 or not (1900 <= v <= 2099) or not low[s:e].isdigit():
        return False
    if _norm(_next_word(low, e)) in _COUNT_NOUNS:
        return False
    if _POSSESSIVE_S.match(low, e):
        return True                                   # "2017's", "the 1990s"
    if c.before(_MONTH_BEFORE_REV, s) or c.before(_DAY_MONTH_BEFORE_REV, s) or c.before(_MONTH_DAY_BEFORE_REV, s):
        return True                                   # "March 2021", "21 March 2021", "March 21, 2021"
    prev = c.prev_word(s)
    return prev in _YEAR_CUES or prev in ("the", "this", "that", "a", "an", "mid", "early", "late", "fin", "début",
                                          "debut", "mi")


_AT_WORDS = {"at", "from", "until", "till", "approx", "à", "vers", "by", "between", "and"}


def _is_time(c: _Ctx, s: int, e: int, t: str) -> bool:
    low = c.low
    if _TIME_AFTER.match(low, e):
        return True
    if len(t) == 4 and t.isdigit():
        hh, mm = int(t[:2]), int(t[2:])
        if hh <= 23 and mm <= 59:
            if t[0] == "0" or _HHMM_AFTER.match(low, e):
                return True
            if c.prev_word(s) in _AT_WORDS:
                return not (1900 <= int(t) <= 2099)
    return False


def _is_date_day(c: _Ctx, s: int, e: int, v: float) -> bool:
    if not (1 <= v <= 31) or not c.low[s:e].isdigit():
        return False
    return _DATE_AFTER.match(c.low, e) is not None or c.before(_MONTH_BEFORE_REV, s)


def _is_label(c: _Ctx, s: int) -> bool:
    low = c.low
    if s >= 2 and low[s - 1] == "-" and low[s - 2].isalpha():
        return True                                   # AK-47, T-72, MiG-29
    if s >= 1 and (low[s - 1].isalpha() or low[s - 1] in "#°"):
        return True
    return c.prev_word(s) in _LABEL_WORDS and not low[max(0, s - 4):s].strip().endswith(",")


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------

_ANCHORS = (set(_EN_SMALL) | set(_EN_TENS) | {"hundred", "thousand", "million", "billion", "dozen"}
            | set(_FR_SMALL) - {"un", "une"} | set(_FR_TENS) | {"cent", "cents", "mille", "millions", "milliards"}
            | set(_FR_APPROX) | {t for k in _PLURAL for t in k.split()} | {t for k in _FEW for t in k.split()}) - {
    "a", "of", "de", "une", "un"}
_PREFIX = ({t for k in _QUAL_INDEX for t in re.findall(r"[^\W\d_]+", k)} | {t for k in _FEW for t in k.split()}
           | {"between", "from", "entre", "de", "a", "an", "half", "des", "une", "un", "us", "well", "cent", "cents"})
_BACK = re.compile(r"[ \t\n\u00a0,.'\u2019\-\u2010\u2011\u2013\u2014($€£₦]{1,4}(?P<w>" + _trie([list(t[::-1]) for t in _PREFIX])
                   + r")(?![\w])")
_ANCHOR_SET = frozenset(_ANCHORS)
_SKIP = object()


def _unit_after(low: str, e: int, currency: str | None) -> tuple[str | None, int, bool]:
    """(unit, end of the unit word, whether it was hyphen-joined)."""
    m = _UNIT_AFTER.match(low, e)
    if m is None:
        return currency, e, False
    u = _norm(m.group("u")) if m.group("u") != "%" else "%"
    unit = _UNIT_WORDS.get(u)
    if u == "m" and currency:
        return currency, e, False                     # "$5m": a million, read as the scale
    return (unit or currency), m.end(), "-" in m.group("h")


def _interpret(m: re.Match, c: _Ctx, is_range: bool):
    """A match -> (QuantityMatch, end of what it consumed), _SKIP (a non-count: consume it silently)
    or None (not this reading)."""
    low, text = c.low, c.text
    q = m.group("q")
    qual = _QUAL_INDEX.get(_norm(q)) if q else None
    cur = m.group("cur")
    currency = _CURRENCY_BEFORE.get(cur.strip()) if cur else None
    start, e = m.start(), m.end()
    suf = m.group("suf")
    core_end = m.start("suf") if suf else e
    vague = False
    low_v = high_v = None
    if is_range:
        t1, t2 = m.group("n1"), m.group("n2")
        s1, e1 = m.span("n1")
        s2, e2 = m.span("n2")
        j = m.group("j").strip()
        opener = m.group("open")
        if j in ("and", "et") and opener not in ("between", "entre"):
            return None
        if j == "a" and opener not in ("de", "entre"):
            return None
        if opener == "de" and j not in ("à", "a"):
            return None
        if opener == "from" and j not in ("to", "-", "\u2013", "\u2014"):
            return None
        v1, v2 = _value(t1), _value(t2)
        if v1 is None or v2 is None:
            return None
        # non-counts spanning the range
        if (t1.isdigit() and t2.isdigit() and len(t1) == 4 and 1900 <= v1 <= 2099
                and (len(t2) == 2 or (len(t2) == 4 and 1900 <= v2 <= 2099 and v2 > v1))
                and _norm(_next_word(low, e2)) not in _COUNT_NOUNS):
            return _SKIP                                # 2015-2017, 2019-20
        if t1.isdigit() and t2.isdigit() and len(t1) == 4 and len(t2) == 4:
            h1, h2 = (int(t1[:2]), int(t1[2:])), (int(t2[:2]), int(t2[2:]))
            if all(h <= 23 and mm <= 59 for h, mm in (h1, h2)) and (v1 % 100 or v2 % 100 or t1[0] == "0"
                                                                 or _HHMM_AFTER.match(low, e2)):
                return _SKIP                            # 1030-1100
        if _is_time(c, s2, e2, t2) or _is_time(c, s1, e1, t1):
            return _SKIP
        if _DATE_AFTER.match(low, e2) and v2 <= 31 and t2.isdigit():
            return _SKIP                                # 25-27 July
        if _is_label(c, s1):
            return _SKIP
        if not _has_scale(t1) and _has_scale(t2):
            lead = _lead_value(t2)
            if lead and v1 < lead * 10 and v1 < 1000 and v2 % lead == 0:
                scale = v2 / lead
                if v1 * scale <= v2:
                    v1 *= scale
        if v2 <= v1 or v1 != int(v1) or v2 != int(v2):
            return None
        low_v, high_v = int(v1), int(v2)
        value = low_v
        num_s, num_e = s1, e2
    elif m.group("ap"):
        value = _FR_APPROX[_norm(m.group("ap"))] * (1000 if m.group("apm") else 1)
        qual = qual or "about"
        num_s, num_e = m.start("ap"), m.end("ap")
    elif m.group("v"):
        vt = m.group("v")
        value = _vague_value(vt)
        if value is None:
            return None
        words = _norm(vt).split()
        last = words[-1] if words else ""
        if last in _NEED_OF and not _OF_AFTER.match(low, m.end("v")):
            return None
        vague = True
        num_s, num_e = m.start("v"), m.end("v")
    else:
        t = m.group("n")
        num_s, num_e = m.start("n"), m.end("n")
        v = _value(t)
        if v is None:
            return None
        digits = t[0].isdigit()
        if digits:
            if _ORDINAL_AFTER.match(low, num_e):
                return _SKIP
            if low.startswith("/", num_e) and num_e + 1 < len(low) and low[num_e + 1].isdigit():
                return _SKIP                            # "24/7", "3/4", a date
            if num_e < len(low) and low[num_e].isalpha() and not _GLUED_OK.match(low, num_e):
                return _SKIP                            # "31PDR123456", "151200Z", "12RIC"
            if _LIST_ITEM.match(low, num_e) and (num_s == 0 or _LIST_BEFORE.search(low[max(0, num_s - 3):num_s])):
                return _SKIP                            # "1. SITUATION", "... FEB. 2. The"
            if _is_time(c, num_s, num_e, t):
                return _SKIP
            if _is_label(c, num_s):
                return _SKIP
            if _is_date_day(c, num_s, num_e, v):
                return _SKIP
            if _is_year(c, num_s, num_e, v) and not q and not cur:
                return _SKIP
        else:
            first = _norm(t).split()[0].split("-")[0]
            if first in ("one", "un", "une") and (_ONE_NOT_COUNT.match(low, num_e)
                                                    or c.prev_word(num_s) in ("no", "any", "every", "some", "each", "l", "the")):
                return _SKIP
            if t in ("un", "une"):
                return _SKIP
            if t in ("neuf", "sept") and not (_WORD_AFTER.match(low, num_e) or _DIGITS_RESTATED.match(low, num_e)):
                return _SKIP                            # "un bâtiment neuf.", "Sept. 12"; not "sept (7) morts"
            if t in ("cent", "cents") and (c.prev_word(num_s) in ("per", "pour") or c.prev_word(num_s).isdigit()):
                return _SKIP                            # "per cent", "5 cents"
            if t == "one" and _ONE_IDIOM.match(low, num_e):
                return _SKIP
        if v != int(v):
            unit, _, _ = _unit_after(low, core_end, currency)
            if unit is None and not _has_scale(t):
                return _SKIP
        value = int(round(v))
    # suffix qualifiers
    if suf:
        s_norm = suf.strip().lstrip("-").strip()
        sq = {"+": "more than", "plus": "more than", "or more": "at least", "ou plus": "at least",
              "or so": "about", "odd": "about"}.get(" ".join(s_norm.split()))
        if qual is None:
            qual = sq
    # compound adjectives and units
    after = e if suf else num_e
    unit, unit_end, hyph = _unit_after(low, after, currency)
    if hyph and unit in _DURATION_UNITS:
        return _SKIP                                    # "three-day", "two-year"
    if not hyph and low.startswith("-", after):
        hw = _HYPHEN_WORD.match(low, after)
        if hw and hw.group(1) not in ("strong", "odd", "plus") and hw.group(1) not in _WORD_VALUES:
            return _SKIP                                # "one-day", "10-member", "two-year-old"
    span_e = max(e, num_e)
    if unit == "%" and low[unit_end - 1] == "%":
        span_e = max(span_e, unit_end)                # the sign is part of the figure: "40%"
    qty = Quantity(value=value, low=low_v, high=high_v, qualifier=qual, vague=vague)
    return QuantityMatch(start, span_e, text[start:span_e], qty, unit), max(span_e, unit_end)


def find_quantities(text: str) -> list[QuantityMatch]:
    """All number expressions in ``text`` (a sentence or a whole article), in order."""
    c = _Ctx(text)
    low, rev, n = c.low, c.rev, c.n
    tr = " " + low.translate(_TR) + " "
    out: list[QuantityMatch] = []
    done = 0
    for s, w in anchor_positions(tr, _ANCHOR_SET):
        if s < done:
            continue
        if w[0].isdigit():
            sk = _SKIP_TOKEN.match(low, s)
            if sk:
                done = sk.end()
                continue
        starts = [s]
        if s > 0 and (low[s - 1] in _GAP_CHARS or low[s - 1] in "$€£₦"):
            p = n - s
            for _ in range(5):
                b = _BACK.match(rev, p)
                if b is None:
                    break
                ws = n - b.end("w")
                if ws < done:
                    break
                starts.append(ws)
                p = b.end("w")
        # a currency sign right before the number belongs to it
        for k, st in enumerate(starts):
            j = st
            while j > done and low[j - 1] in " \u00a0":
                j -= 1
            if j > done and low[j - 1] in "$€£₦":
                j -= 1
                if j >= 2 and low[j - 2:j] == "us":
                    j -= 2
                starts[k] = j
        result = None
        consumed = None
        for at in reversed(starts):
            single = _SINGLE_RE.match(low, at)
            tries = ((True, None), (False, single)) if single is None or _JOIN_AFTER.match(low, single.end()) \
                else ((False, single),)
            for is_range, m in tries:
                if is_range:
                    m = _RANGE_RE.match(low, at)
                if m is None or m.end() <= s:
                    continue
                r = _interpret(m, c, is_range)
                if r is _SKIP:
                    consumed = m.end()
                    break
                if r is not None:
                    result, consumed = r
                    break
            if result is not None or consumed is not None:
                break
        if result is not None:
            out.append(result)
        if consumed is not None:
            done = consumed
    return _merge_restated(text, out)


_RESTATED_GAP = re.compile(r"\s*\(\s*")


def _merge_restated(text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """"Quatre-vingts (80) terroristes", "twelve (12) soldiers": a figure restated in digits in
    brackets, as communiqués write it, is one figure ending after the bracket."""
    out: list[QuantityMatch] = []
    for q in found:
        p = out[-1] if out else None
        if p is not None and q.quantity.value is not None and q.quantity == p.quantity and q.unit == p.unit \
                and _RESTATED_GAP.fullmatch(text, p.end, q.start) and text[q.end:q.end + 1] == ")":
            out[-1] = replace(p, end=q.end + 1, text=text[p.start:q.end + 1])
            continue
        out.append(q)
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text`` ("at least 71", "seventy-one", "dozens", "200-400"), or None."""
    found = find_quantities(text)
    return found[0].quantity if found else None

"""Offset-preserving folding: case, accents, apostrophes and dashes, one character for one character.

Matching runs on the folded text, spans are reported in the original: both have the same length.

>>> fold_same_length("Inatès’ In-Delimane")
"inates' in delimane"
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb`\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212_"


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _APOSTROPHES:
        return "'"
    if c in _DASHES:
        return " "
    if c.isspace():
        return " "
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFKD", low)
    kept = [b for b in base if not unicodedata.combining(b)]
    out = kept[0] if kept else low
    if len(out) != 1:
        return low
    if out in "\u0131":  # dotless i
        return "i"
    return out


class _FoldTable(dict):
    """``str.translate`` table filled on first use of each code point."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _fold_char(chr(code))
        return out


_TABLE = _FoldTable()


def fold_same_length(text: str) -> str:
    """Fold ``text`` to a string of exactly the same length."""
    if text.isascii():
        return text.lower().replace("-", " ").replace("_", " ").replace("`", "'").replace("\n", " ").replace("\t", " ")
    return text.translate(_TABLE)


def fold_key(text: str) -> str:
    """Folding for dictionary keys: same as above, then spaces collapsed and apostrophes dropped."""
    f = fold_same_length(text).replace("'", "").replace(".", " ")
    return " ".join(f.split())

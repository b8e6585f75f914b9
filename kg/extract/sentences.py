"""Sentence splitting that survives news and military prose.

Splits at paragraph breaks and bullets, and after ``.``, ``!`` or ``?`` (with closing quotes or
brackets) when the next word starts a sentence. Abbreviations ("Gen.", "U.S.", "approx.") and
initials ("J. Smith") do not end sentences. Offsets index the original text.

>>> [s.text for s in split_sentences("Gen. Ali said the U.S. team left. Then it rained.")]
['Gen. Ali said the U.S. team left.', 'Then it rained.']
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg.model import Sentence

_BOUNDARY = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])""")
_BLOCK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+\.)\s)|\n(?=[A-Z0-9][A-Z0-9 /().,-]{2,}\n)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    text = resources.files("kg.data").joinpath("abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#"))


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, bullets and headings as (start, end) spans, stripped of surrounding space."""
    spans, pos = [], 0
    for m in _BLOCK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``."""
    abbrev = _abbreviations()
    sentences: list[Sentence] = []
    for b_start, b_end in split_blocks(text):
        block = text[b_start:b_end]
        start = 0
        for m in _BOUNDARY.finditer(block):
            if block[m.start()] == "." and _is_abbreviation(block[: m.start()], abbrev):
                continue
            end = m.end()
            _add(sentences, text, b_start + start, b_start + end)
            start = end
        _add(sentences, text, b_start + start, b_end)
    return sentences


def _is_abbreviation(before: str, abbrev: frozenset[str]) -> bool:
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1)
    low = word.lower().rstrip(".")
    if low in abbrev:
        return True
    if len(word) == 1 and word.isupper():            # an initial: "J. Smith"
        return True
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word))   # U.S, e.g, U.N


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))

"""A prefiltered pattern finds exactly what the pattern finds (kg/extract/prefilter.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.extract.lexicon import lexicon
from kg.extract.prefilter import _LONG, Prefiltered, prefiltered

TESTS = Path(__file__).resolve().parent


def _texts() -> list[str]:
    out = []
    for path in sorted(TESTS.glob("corpus*/*")):
        if path.suffix in (".md", ".txt", ".html"):
            out.append(path.read_text(encoding="utf-8"))
    battery = TESTS / "probes" / "battery.jsonl"
    out += [json.loads(line)["text"] for line in battery.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def _patterns() -> dict[str, Prefiltered]:
    from kg.extract.relations import _any_cue
    lex = lexicon()
    found = {name: getattr(lex, name) for name in ("trigger_any", "kill_verbs", "attacker_nouns", "generic_actors",
                                                   "claim_cues", "responsibility_any", "tactics_any",
                                                   "attacker_loss_verbs", "place_appositives")}
    found["relation cues"] = _any_cue()._words[0].__self__
    return {name: p for name, p in found.items() if isinstance(p, Prefiltered)}


def _spans(matches) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in matches]


def test_the_long_lists_are_prefiltered():
    names = set(_patterns())
    assert {"trigger_any", "responsibility_any", "generic_actors", "relation cues"} <= names


@pytest.mark.parametrize("name", sorted(_patterns()))
def test_same_matches_as_the_pattern_over_every_test_text(name):
    fast = _patterns()[name]
    texts = _texts()
    assert len(texts) > 300 and any(len(t) >= _LONG for t in texts)
    for text in texts:
        assert _spans(fast.finditer(text)) == _spans(fast.rx.finditer(text))
        # searches inside an article, as the extractor makes them (a clause: pos and endpos)
        for a in range(0, len(text), 97):
            b = min(len(text), a + 240)
            got, want = fast.search(text, a, b), fast.rx.search(text, a, b)
            assert (got and got.span()) == (want and want.span()), (text[a:b],)
        # and on the clause's own text
        for part in re.split(r"(?<=[.;])\s+", text):
            assert _spans(fast.finditer(part)) == _spans(fast.rx.finditer(part))


def test_only_patterns_that_start_at_a_word_start_with_readable_prefixes():
    assert isinstance(prefiltered(re.compile(r"\b(?:raid(?:s|ed)?|ambush(?:ed)?)\b", re.I)), Prefiltered)
    for plain in (r"(?:raid|ambush)",                 # no leading \b: a match may start inside a word
                  r"\b(?:\w+ )?led by",               # any word first
                  r"\b(?=raid)",                      # zero-width
                  r"\b.{0,3}raid",
                  r"\b(?:-backed|raid)"):             # a first character that is not a word character
        rx = re.compile(plain, re.I)
        assert prefiltered(rx) is rx, plain


def test_case_accents_and_characters_whose_case_is_not_one_to_one():
    rx = re.compile(r"\b(?:attaque|ménaka|killed|is)(?![\w])", re.IGNORECASE)
    fast = prefiltered(rx)
    assert isinstance(fast, Prefiltered)
    filler = " the army said on Tuesday that nothing else happened there. " * 30
    for text in ("KILLED at MÉNAKA", "Une Attaque à Ménaka", "İstanbul: killed", "ſ is the long s; the Kelvin sign \u212a",
                 "the ıs and the İS"):
        for t in (text, filler + text + filler):
            assert _spans(fast.finditer(t)) == _spans(rx.finditer(t)), t
            assert _spans(fast.finditer(t)), t

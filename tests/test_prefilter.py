"""A prefiltered pattern finds exactly what the pattern finds (kg/extract/prefilter.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.extract.lexicon import lexicon
from kg.extract.prefilter import _LONG, Gated, Prefiltered, gated, prefiltered, required

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
    lex = lexicon()
    found = {name: getattr(lex, name) for name in ("trigger_any", "kill_verbs", "attacker_nouns", "generic_actors",
                                                   "claim_cues", "responsibility_any", "tactics_any",
                                                   "attacker_loss_verbs", "place_appositives")}
    return {name: p for name, p in found.items() if isinstance(p, Prefiltered)}


def _spans(matches) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in matches]


def test_the_long_lists_are_prefiltered():
    names = set(_patterns())
    assert {"trigger_any", "responsibility_any", "generic_actors"} <= names


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


# -- the strings every match contains (Gated) ---------------------------------------------------------

def _gated_patterns() -> dict[str, Gated | Prefiltered]:
    """Every pattern of the extractor's modules that runs behind a test (gated()), by where it is defined."""
    import importlib
    found: dict[str, Gated] = {}
    for module in ("kg.extract", "kg.extract.events", "kg.extract.places", "kg.extract.dates", "kg.extract.newactors",
                   "kg.extract.relations", "kg.extract.figures"):
        for name, value in vars(importlib.import_module(module)).items():
            for i, item in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(item, (Gated, Prefiltered)):
                    found[f"{module}.{name}[{i}]"] = item
    for i, item in enumerate(lexicon().claimant_patterns):
        if isinstance(item, Gated):
            found[f"claimant_patterns[{i}]"] = item
    return found


def test_the_claimant_patterns_and_the_clause_tests_are_gated():
    names = set(_gated_patterns())
    assert {"claimant_patterns[4]", "kg.extract.events._GENERIC[0]", "kg.extract._DAYS_OFFSET[0]"} <= names, names


@pytest.mark.parametrize("name", sorted(_gated_patterns()))
def test_gated_patterns_find_what_the_pattern_finds_over_every_test_text(name):
    fast = _gated_patterns()[name]
    for text in _texts():
        for part in [text, *re.split(r"(?<=[.;])\s+", text)]:
            assert _spans(fast.finditer(part)) == _spans(fast.rx.finditer(part))
            got, want = fast.search(part), fast.rx.search(part)
            assert (got and got.span()) == (want and want.span())


def test_required_strings_are_read_from_the_parse_tree():
    # a run of fixed characters through alternatives and optional words
    assert required(re.compile(r"(?P<who>\w+(?: \w+){0,3}) (?:put|gave) (?:its|the) toll")) == {
        " put its toll", " put the toll", " gave its toll", " gave the toll"}
    # every alternative's own strings, together
    assert required(re.compile(r"\b(?:recent (?:years|months)|across the region|\d+ deaths)", re.I)) == {
        "recent years", "recent months", "across the region", " deaths"}
    # the most telling set: the verbs, not the one-letter article before them
    assert required(re.compile(r"(?:a|an) \w+ (?:claimed|said)")) == {" claimed", " said"}
    # case-blind: in lower case
    assert required(re.compile(r"According to (?P<who>[^,]+)", re.I)) == {"according to "}


def test_only_strings_that_every_match_holds_are_required():
    for pattern, flags, words in (
            (r"(?:said|\w+ly) that", 0, {" that"}),       # an alternative with no fixed string: what follows
            (r"\b(?:it|they) said", 0, {"it said", "they said"}),
            (r"(?:said|\w+ly)", 0, None),                  # nothing every match holds
            (r"(?:ab|cd)\w+", 0, None),                    # strings too short to be worth a look
            (r"(?i:attacked)", 0, None),                    # a case-blind part in a case-sensitive pattern
            (r"stra\u00dfe", re.I, None)):                 # a character whose case is not one to one
        assert required(re.compile(pattern, flags)) == words, pattern


def test_gated_search_is_the_pattern_search_on_odd_cases():
    cases = [(r"\bsaid\b", re.I, ["He \u017fAID so", "SAID", "sa id", "\u0130 said"]),        # the long s
             (r"kilo(?:metres|meters)", re.I, ["10 \u212aILOMETRES", "10 kilometres", "10 km"]),  # the Kelvin sign
             (r"Ménaka|Tillabéri", 0, ["à Ménaka", "à MÉNAKA", "Tillaberi"]),
             (r"(?-i:May) attack", re.I, ["the May attack", "the may attack", "the MAY ATTACK"])]
    for pattern, flags, texts in cases:
        rx = re.compile(pattern, flags)
        fast = gated(rx)
        assert isinstance(fast, (Gated, Prefiltered)), pattern
        # (padded past the length under which a text is left to the pattern, so that the test is made)
        for text in texts + [f"{'x ' * 40}{t}{' y' * 40}" for t in texts]:
            assert _spans(fast.finditer(text)) == _spans(rx.finditer(text)), (pattern, text)
            # a window of a longer text is searched by the pattern itself
            assert (fast.search(text, 1) and fast.search(text, 1).span()) == (rx.search(text, 1) and rx.search(text, 1).span())


def test_relation_cues_tried_by_their_first_letters_find_what_each_cue_finds():
    """The relation gate (the first cue of a sentence) and the cue matches, read only at the word starts
    whose first letters can begin a cue (kg/extract/relations.py), against each pattern's own search."""
    from kg.extract.lexicon import _word_initial
    from kg.extract.relations import _any_cue, _cue_matches, _cues, _gate_parts
    cues = _cues()
    gate = _any_cue()
    words = [re.compile(r"\b(?:" + p + ")", re.IGNORECASE) for p in _gate_parts() if _word_initial([p])]
    others = re.compile("|".join(p for p in _gate_parts() if not _word_initial([p])), re.IGNORECASE)
    texts = _texts()[::2] + ["L'EIGS, branche de l'EI, combat le GSIM", "İŞİD's affiliate fought JNIM, backed by X"]
    checked = 0
    for text in texts:
        for part in re.split(r"(?<=[.;])\s+", text):
            first = min((m.start() for m in (rx.search(part) for rx in words) if m), default=None)
            before = others.search(part, 0, len(part) if first is None else first)
            want = before.start() if before else first
            got = gate.search(part)
            assert (got and got.start()) == want, part
            if want is None:
                continue
            brute = sorted((i, m.start(), m.end()) for i, c in enumerate(cues) for m in c.rx.finditer(part, want))
            assert sorted(_cue_matches(part, want)) == brute, part
            checked += bool(brute)
    assert checked > 200

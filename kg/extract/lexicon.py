"""The extraction lexicon (kg/data/lexicon.yaml), loaded and compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from kg.extract.prefilter import gated, prefiltered


def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _word_initial(patterns: list[str]) -> bool:
    """Whether every match of every pattern starts with a word character (from the parsed pattern; any
    construct this does not follow counts as "no")."""
    from re import _constants as c, _parser

    def word_set(av) -> bool:
        ok = True
        for op, arg in av:
            if op is c.LITERAL:
                ok &= chr(arg).isalnum() or chr(arg) == "_"
            elif op is c.RANGE:
                ok &= all(chr(x).isalnum() for x in (arg[0], arg[1])) and (
                    chr(arg[0]).isdigit() == chr(arg[1]).isdigit())
            elif op is c.CATEGORY:
                ok &= arg in (c.CATEGORY_WORD, c.CATEGORY_DIGIT)
            else:
                return False
        return ok

    def first(items) -> tuple[bool, bool]:
        """(every first character is a word character, the sequence can match empty)"""
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue                        # zero-width: the next item gives the first character
            if op is c.LITERAL:
                ok, empty = chr(av).isalnum() or chr(av) == "_", False
            elif op is c.IN:
                ok, empty = word_set(av), False
            elif op is c.BRANCH:
                parts = [first(b) for b in av[1]]
                ok, empty = all(o for o, _ in parts), any(e for _, e in parts)
            elif op is c.SUBPATTERN:
                ok, empty = first(av[3])
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                ok, empty = first(av[2])
                empty = empty or av[0] == 0
            else:
                return False, False
            if not ok:
                return False, False
            if not empty:
                return True, False
        return True, True

    try:
        return all(first(_parser.parse(p, re.IGNORECASE)) == (True, False) for p in patterns)
    except (re.error, TypeError, ValueError):
        return False


def _word_start(patterns: list[str]) -> str:
    """The left boundary of a word list. When every alternative starts with a word character, a leading
    ``\\b`` lets the engine reject most positions before trying the alternatives (same matches, faster)."""
    return r"\b(?<![\w-])" if _word_initial(patterns) else r"(?<![\w-])"


def word_regex(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    """The words as one pattern, tried only at the word starts that can begin one of them where its
    prefixes can be read (kg/extract/prefilter.py)."""
    return prefiltered(re.compile(_word_start(patterns) + _alt(patterns) + r"(?![\w])", flags))


@dataclass(frozen=True)
class Lexicon:
    triggers: list[tuple[str, re.Pattern]]      # (event type, regex) in priority order
    trigger_any: re.Pattern                      # all triggers in one pattern, one named group per type
    kill_verbs: re.Pattern
    figure_words: dict[str, re.Pattern]
    attacker_nouns: re.Pattern
    single_victims: str                          # alternation: people counted one at a time
    attacker_loss_verbs: re.Pattern
    generic_actors: re.Pattern
    force_nouns: str                             # alternation, combined with demonyms at matcher build
    state_nouns: str
    claimant_patterns: list[re.Pattern]
    claimant_gate: re.Pattern
    claim_cues: re.Pattern
    responsibility: dict[str, re.Pattern]
    responsibility_any: re.Pattern               # any responsibility wording (one search instead of four)
    tactics: list[tuple[str, re.Pattern]]
    tactics_any: re.Pattern                      # any tactic word (one search before trying each)
    site_nouns: list[str]
    place_introducers: re.Pattern
    place_appositives: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("kg.data").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    return Lexicon(
        triggers=[(t, word_regex(p)) for t, p in raw["triggers"].items()],
        trigger_any=prefiltered(re.compile(
            _word_start([p for v in raw["triggers"].values() for p in v])
            + "(?:" + "|".join(f"(?P<{t}>{_alt(p)})" for t, p in raw["triggers"].items()) + r")(?![\w])", re.IGNORECASE)),
        kill_verbs=word_regex(raw["kill_verbs"]),
        figure_words={k: word_regex(v) for k, v in raw["figure_words"].items()},
        attacker_nouns=word_regex(raw["attacker_nouns"]),
        single_victims=_alt(raw["single_victims"]),
        attacker_loss_verbs=word_regex(raw["attacker_loss_verbs"]),
        generic_actors=word_regex(raw["generic_actors"]),
        force_nouns=_alt(raw["force_nouns"]),
        state_nouns=_alt(raw["state_nouns"]),
        claimant_patterns=[gated(re.compile(p)) for p in raw["claimant_patterns"]],
        claimant_gate=re.compile(raw["claimant_gate"], re.IGNORECASE),
        claim_cues=word_regex(raw["claim_cues"]),
        responsibility={k: word_regex(v) for k, v in raw["responsibility"].items()},
        responsibility_any=word_regex([p for v in raw["responsibility"].values() for p in v]),
        tactics=[(k, word_regex(v)) for k, v in raw["tactics"].items()],
        tactics_any=word_regex([p for v in raw["tactics"].values() for p in v]),
        site_nouns=list(raw["site_nouns"]),
        place_introducers=word_regex(raw["place_introducers"]),
        place_appositives=word_regex(raw["place_appositives"]),
    )

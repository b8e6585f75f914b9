"""Relations the reference data knows and a sentence states in looser words.

The cue grammar of :mod:`kg.extract.relations` needs a cue between two mentions. Reporting often
states a known relation less tidily: "ISCAP, the Islamic State's franchise in Central Africa, ...",
"Shekau's Boko Haram", "the Kenyan contingent of ATMIS", "French troops, who had fought the group
since 2013". When the reference data holds a relation between two actors that one sentence names,
and the sentence carries a word of that relation (kg/data/relations.yaml, ``sentence_cues``), the
sentence states it: it is reported with that sentence, as any other extracted relation. A relation
the reference data holds but no sentence words is not reported. A name that contains its parent's
name ("Islamic State Sahel Province") does not by itself state its part_of: the development set's
annotators code it only where the text says so (a list of abbreviations naming the province is not).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from kg.model import Relation

_SYMMETRIC = {"allied_with", "fights"}
_NEAR = 250         # the two actors of a stated relation stand within this many characters
_REACH = 60         # and its word between them or this close to either


@lru_cache(maxsize=1)
def _sentence_cues() -> dict[str, re.Pattern]:
    raw = yaml.safe_load(resources.files("kg.data").joinpath("relation_words.yaml").read_text(encoding="utf-8"))
    return {p: re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", re.IGNORECASE) for p, words in raw.items()}


@lru_cache(maxsize=1)
def _known() -> dict[tuple[str, str], list[str]]:
    """(subject, object) -> predicates the reference data holds (parents as part_of)."""
    from kg.reference import load_actors

    out: dict[tuple[str, str], list[str]] = {}
    for key, rec in load_actors().items():
        for p in rec.parents:
            out.setdefault((key, p), []).append("part_of")
        for r in rec.relations:
            if r.p not in out.setdefault((key, r.o), []):
                out[(key, r.o)].append(r.p)
    return out


_JOINED = re.compile(r"\s*(?:,|and|et|&|as well as|,\s*and)\s*(?:the\s+)?", re.IGNORECASE)
_RECIPROCAL_WORDS = re.compile(r"\b(?:each other|one another|l['\u2019]un contre l['\u2019]autre|between them|against one another|"
                               r"rivals?|rivalry|clash(?:ed|es|ing)?|fought|fighting|battled|war)\b", re.IGNORECASE)


def _co_subjects(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two actors are joined as one subject ("JNIM and ISSP", "both X and Y") in a sentence that
    does not set them against each other."""
    first, second = sorted((a, b))
    return bool(_JOINED.fullmatch(text, first[1], second[0])) and not _RECIPROCAL_WORDS.search(text)


def stated_relations(text: str, sentence: int, actors: list[tuple[int, int, str]],
                     kinds: dict[str, str], recent_groups: list[str] | None = None) -> list[Relation]:
    """Known relations between the actors of one sentence (spans relative to ``text``) that it words.
    A leader named in a sentence that names no group ("His successor, Abu Ibrahim, met the same
    end") is the leader of a group the text named just before (``recent_groups``, last first)."""
    known = _known()
    cues = _sentence_cues()
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    if recent_groups and not any(kinds.get(k) == "armed_group" for _, _, k in actors):
        for start, end, person in actors:
            if kinds.get(person) != "person":
                continue
            for g in recent_groups[::-1][:3]:
                if "led_by" in known.get((g, person), ()) and cues["led_by"].search(
                        text, max(0, start - _REACH), min(len(text), end + _REACH)) and (g, "led_by", person) not in seen:
                    seen.add((g, "led_by", person))
                    out.append(Relation(g, "led_by", person, sentence))
                    break
    for a_start, a_end, s in actors:
        for b_start, b_end, o in actors:
            if s == o or abs(a_start - b_start) > _NEAR:
                continue
            lo, hi = max(0, min(a_start, b_start) - _REACH), max(a_end, b_end) + _REACH
            for p in known.get((s, o), ()):
                if (s, p, o) in seen or p in _SYMMETRIC and (o, p, s) in seen:
                    continue
                if p == "fights" and _co_subjects(text, (a_start, a_end), (b_start, b_end)):
                    continue    # "Both JNIM and ISSP target civilians": side by side, not against each other
                rx = cues.get(p)
                if rx is not None and rx.search(text, lo, min(hi, len(text))):
                    seen.add((s, p, o))
                    out.append(Relation(s, p, o, sentence))
    return out

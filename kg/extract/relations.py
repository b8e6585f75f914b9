"""Group relations the text states: part_of, allied_with, fights, backs, splinter_of, merged_into,
led_by, pledged_allegiance_to.

For each sentence, every cue of kg/data/relations.yaml found between two actor mentions relates the
nearest actor before it to the actors after it (coordinated lists included), in the cue's direction.
Dates come from the sentence ("since 2020" -> since, "until 2022" -> until, "in 2013" for a change of
state such as a merger or a split -> since).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from kg.extract.actors import UNIDENTIFIED
from kg.model import Relation

_LIST_SEP = re.compile(r"^[\s,()\u201c\u201d\"&]*(?:(?:and|as well as|as did|or|plus|along with)[\s,()]*)?(?:the\s+)?$",
                       re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:this|that|the same|the latter) (?:branch|group|faction|province|movement|coalition|"
                            r"organi[sz]ation|network|franchise|affiliate|outfit)\b", re.IGNORECASE)
_CAMPAIGN = re.compile(r"\b(?:the|this|that) (?:campaign|operations?|offensive|effort|fight|war)\b", re.IGNORECASE)
_MAX_LEFT_GAP = 90
_MAX_RIGHT_GAP = 28
_EVENT_LIKE = {"splinter_of", "merged_into", "pledged_allegiance_to"}


@dataclass(frozen=True)
class _Cue:
    predicate: str
    rx: re.Pattern
    direction: str
    subject_kinds: tuple[str, ...]
    object_kinds: tuple[str, ...]


@lru_cache(maxsize=1)
def _cues() -> list[_Cue]:
    raw = yaml.safe_load(resources.files("kg.data").joinpath("relations.yaml").read_text(encoding="utf-8"))
    out = []
    for pred, items in raw.items():
        for it in items:
            tail = r"(?!\s+by\b)" if it["direction"] != "reverse" else ""
            out.append(_Cue(pred, re.compile(r"(?<![\w])(?:" + it["cue"] + r")(?![\w])" + tail, re.IGNORECASE),
                            it["direction"], tuple(it.get("subject_kinds", ())), tuple(it.get("object_kinds", ()))))
    return out


def find_relations(sentence_text: str, offset: int, sentence: int, actors: list[tuple[int, int, str]],
                   kinds: dict[str, str], dates: list, previous_group: str | None = None,
                   campaign_actors: list[str] | None = None) -> list[Relation]:
    """Relations in one sentence. ``actors`` are (start, end, key) relative to the sentence.

    ``previous_group`` stands for "this branch", "the group" etc.; ``campaign_actors`` are the actors
    of the campaign the previous sentence told ("the campaign, backed by France" -> France backs them).
    """
    actors = [(s, e, k) for s, e, k in actors if k != UNIDENTIFIED]
    if previous_group:
        actors += [(m.start(), m.start() + len(m.group(0).split()[0]), previous_group)
                   for m in _DEMONSTRATIVE.finditer(sentence_text)]
    if campaign_actors:
        for m in _CAMPAIGN.finditer(sentence_text):
            if not any(s < m.end() and m.start() < e for s, e, _ in actors):
                actors += [(m.start(), m.end(), "\0campaign")]
    actors = sorted(actors)
    if len(actors) < 2:
        return []
    found: dict[tuple[str, str, str], Relation] = {}
    for cue in _cues():
        for m in cue.rx.finditer(sentence_text):
            before = [a for a in actors if a[1] <= m.start() and not _crosses_clause(sentence_text[a[1]:m.start()])]
            after = [a for a in actors if a[0] >= m.end() and not _crosses_clause(sentence_text[m.end():a[0]])]
            if not before or not after or m.start() - before[-1][1] > _MAX_LEFT_GAP \
                    or after[0][0] - m.end() > _MAX_RIGHT_GAP:
                continue
            left = _expand(_list_ending(sentence_text, before), campaign_actors)
            right = _expand(_list_starting(sentence_text, after), campaign_actors)
            pairs = _pairs(cue.direction, left, right)
            since, until = _dates(sentence_text, dates, cue.predicate)
            for s, o in pairs:
                if s == o or not _kind_ok(cue, s, o, kinds):
                    continue
                found.setdefault((s, cue.predicate, o), Relation(s, cue.predicate, o, sentence, since, until))
            if cue.predicate == "fights" and cue.direction == "forward":
                allies = [k for k in left if kinds.get(k) not in ("person", None)]
                for i, a in enumerate(allies):       # "X and Y fought Z": X and Y are allies
                    for b in allies[i + 1:]:
                        if a != b:
                            found.setdefault((a, "allied_with", b), Relation(a, "allied_with", b, sentence, since, until))
    return list(found.values())


def _expand(keys: list[str], campaign_actors: list[str] | None) -> list[str]:
    out: list[str] = []
    for k in keys:
        for x in (campaign_actors or []) if k == "\0campaign" else [k]:
            if x not in out:
                out.append(x)
    return out


def _pairs(direction: str, left: list[str], right: list[str]) -> list[tuple[str, str]]:
    if direction == "forward":
        return [(s, o) for s in left for o in right[:1]] + [(left[-1], o) for o in right[1:]] if left else []
    if direction == "reverse":
        return [(o, s) for o in right for s in left]
    if direction == "reverse_list":
        return [(o, left[-1]) for o in right]
    if direction == "reverse_possessive":     # "al-Qaeda's affiliate JNIM" / "JNIM, al-Qaeda's affiliate"
        return [(right[0], left[-1])] if right else []
    if direction == "reverse_person":         # "P, the leader of X" -> X led_by P ; "P leads X"
        return [(o, left[-1]) for o in right]
    return []


def _kind_ok(cue: _Cue, s: str, o: str, kinds: dict[str, str]) -> bool:
    ks, ko = kinds.get(s), kinds.get(o)
    if cue.predicate == "led_by":
        return ko == "person" and ks != "person"
    if ks == "person" or ko == "person":
        return False
    if cue.subject_kinds and ks not in cue.subject_kinds:
        return False
    if cue.object_kinds and ko not in cue.object_kinds:
        return False
    return True


def _crosses_clause(between: str) -> bool:
    return bool(re.search(r"[;:]|\.\s|\bwhile\b|\bbut\b|\bwhereas\b", between))


def _list_ending(text: str, before: list[tuple[int, int, str]]) -> list[str]:
    keys = [before[-1][2]]
    for i in range(len(before) - 1, 0, -1):
        if _LIST_SEP.match(text[before[i - 1][1]:before[i][0]]):
            keys.insert(0, before[i - 1][2])
        else:
            break
    return keys


def _list_starting(text: str, after: list[tuple[int, int, str]]) -> list[str]:
    keys = [after[0][2]]
    for i in range(1, len(after)):
        if _LIST_SEP.match(text[after[i - 1][1]:after[i][0]]):
            keys.append(after[i][2])
        else:
            break
    return keys


def _dates(text: str, dates: list, predicate: str) -> tuple[str | None, str | None]:
    since = until = None
    for d in dates:
        iso = d.value.iso
        if not iso:
            continue
        before = text[max(0, d.start - 12):d.start].lower()
        if getattr(d, "kind", "") == "since" or re.search(r"\b(?:since|from|depuis)\s*$", before):
            since = since or iso
        elif getattr(d, "kind", "") == "until" or re.search(r"\b(?:until|till|jusqu'en)\s*$", before):
            until = until or iso
        elif predicate in _EVENT_LIKE and since is None:
            since = iso
    return since, until

"""Actors the reference data lacks but the text introduces: people named with a role ("TTP leader
Hakimullah Mehsud", "Noor Wali Mehsud, the current emir", "led by Sultani Makenga") and groups named as
such ("a new group calling itself Katiba Serma", "Jamaat-ul-Ahrar", "the Jaysh Ayman brigade").

Each becomes a :class:`kg.model.NewActor` (kind person or armed_group, the article's main country, the
sentence that introduced it) and every later occurrence of its name is a mention. A person is also
found by the last part of the name once named in full ("Fazlullah"), as reference people are.
Nothing here guesses: a capitalised phrase needs one of these contexts to count.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from kg.extract.fold import fold_key
from kg.extract.prefilter import gated
from kg.model import Mention, NewActor

_PARTICLE = r"(?:al|el|ad|ag|ould|bin|ibn|abu|ben|de|wa|ul|ur)"
_WORD = r"[A-Z][a-z\u00e0-\u00ff'\u2019]+(?:-[A-Z]?[a-z\u00e0-\u00ff'\u2019]+)*"
_NAME = (rf"(?:(?:Abu|Abou|Sheikh|Mullah|Mawlawi|Hafiz|Haji|Maulana)\s+)?{_WORD}"
         rf"(?:\s+(?:(?i:{_PARTICLE})[\-\s])?{_WORD}){{1,3}}")
_ROLE = (r"(?:leader|commander|emir|amir|founder|co-founder|chief|spokesman|spokesperson|cleric|preacher|governor|"
         r"head|deputy|successor|ideologue|warlord|wali|general|colonel|militant|rebel)")
_PERSON_CONTEXTS = [
    # "TTP leader Hakimullah Mehsud", "its emir Ahmed Diriye", "the cleric Mullah Fazlullah"
    gated(re.compile(rf"\b{_ROLE}s?,?\s+(?P<name>{_NAME})")),
    # "Noor Wali Mehsud, the current emir", "Musa Baluku, who leads"
    gated(re.compile(rf"(?P<name>{_NAME}),\s+(?:(?:a|an|the|its|their|his|her)\s+(?:[\w\-]+\s+){{0,3}}{_ROLE}|"
                     rf"who\s+(?:leads|led|heads|headed|commands|commanded|founded))\b")),
    # "led by Sultani Makenga", "succeeded by Hakimullah Mehsud", "united under Baitullah Mehsud"
    gated(re.compile(rf"\b(?:led|headed|commanded|founded|succeeded|replaced)\s+by\s+(?:the\s+)?(?:[a-z]+\s+){{0,2}}(?P<name>{_NAME})")),
    gated(re.compile(rf"\b(?:passed|went|fell)\s+to\s+(?P<name>{_NAME})|\bunited\s+under\s+(?P<name2>{_NAME})")),
    gated(re.compile(rf"\b(?:named|appointed)\s+(?P<name>{_NAME})\s+(?:as|its)\b")),
]
_GROUP_NOUN = r"(?:group|faction|militia|movement|coalition|alliance|brigade|katiba|outfit|organi[sz]ation|front|splinter group)"
_GROUP_NAME = r"[A-Z][\w'\u2019\-]+(?:\s+(?:al-|el-|wal-|wa-|of\s+|the\s+|de\s+|du\s+|des\s+)?[A-Z][\w'\u2019\-]+){0,5}"
_GROUP_CONTEXTS = [
    # "a new group calling itself Katiba Serma", "a faction known as the Bakura group"
    gated(re.compile(rf"\b(?:a|an|the)\s+(?:new\s+|little-known\s+|previously unknown\s+|local\s+|splinter\s+|breakaway\s+|"
                     rf"rival\s+|jihadist\s+|armed\s+)?{_GROUP_NOUN}\s+(?:calling itself|called|known as|named|dubbed)\s+"
                     rf"(?:the\s+)?(?P<name>{_GROUP_NAME})")),
    # "Tehreek-e-Jihad Pakistan, a little-known group that ...": a name the apposition calls a group
    gated(re.compile(rf"(?P<name>{_GROUP_NAME}),\s+(?:a|an)\s+(?:little-known\s+|new\s+|shadowy\s+|previously unknown\s+|"
                     rf"obscure\s+|small\s+)?(?:militant\s+|jihadist\s+|armed\s+|separatist\s+|Islamist\s+|rebel\s+)?"
                     rf"{_GROUP_NOUN}\b")),
    # names that say they are a group: "Jamaat-ul-Ahrar", "Hizbul Ahrar", "Katiba Macina", "Liwa al-Quds"
    gated(re.compile(r"\b(?P<name>(?:Katiba|Ansar(?:ul)?|Jama'?at|Jamaat|Jamaatu|Harakat|Hizb(?:ul|-ul)?|Liwa|Kata'?ib|"
                     r"Jabhat|Jaysh|Jaish|Tehrik|Tahrik|Tehreek|Tahreek|Lashkar|Saraya|Firqat)(?:(?:[\s\-]+(?:al-|wal-|ul-|e-|i-)?|-)"
                     r"[A-Z][\w'\u2019]+){1,4})")),
]
_STOP = frozenset(fold_key(w) for w in """
January February March April May June July August September October November December Monday Tuesday
Wednesday Thursday Friday Saturday Sunday The A An In On At And But Islamic State Army Forces Province Group
Movement Front Police Government Ministry President Minister United Nations Union Council Republic Democratic
""".split())


def _usable(name: str) -> bool:
    words = name.replace("-", " ").split()
    return len(words) >= 2 and fold_key(words[0]) not in _STOP and not all(fold_key(w) in _STOP for w in words)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_key(name)).strip("-")


def find_new_actors(text: str, mentions: list[Mention], kinds: dict[str, str], taken: list[tuple[int, int]],
                    country: str | None, sentence_starts: list[int]) -> tuple[list[Mention], list[NewActor]]:
    """New actors and their mentions. ``mentions``: the actor mentions already found (their spans, and
    their people for last-name mentions); ``taken``: other spans (places) a name must not overlap."""
    occupied = [(m.start, m.end) for m in mentions] + list(taken)

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in occupied)

    found: dict[str, NewActor] = {}
    names: dict[str, str] = {}            # name -> key

    def add(name: str, kind: str, pos: int) -> None:
        name = re.sub(r"^(?:Colonel|General|Lieutenant|Major|Captain|Brigadier|Commander|President|Minister|"
                      r"Governor|Senator|Doctor|Dr|Col|Gen|Lt|Maj|Capt)\.?\s+", "", name.strip(" ,.'\u2019"))
        if name.endswith(("'s", "\u2019s")):
            name = name[:-2]
        if not _usable(name) or name in names:
            return
        key = f"new-{'person' if kind == 'person' else 'group'}-{_slug(name)}"
        if key in kinds:
            return
        names[name] = key
        found[key] = NewActor(key=key, name=name, kind=kind, country=country,
                              sentence=max(0, bisect_right(sentence_starts, pos) - 1))

    for rx in _GROUP_CONTEXTS:
        for m in rx.finditer(text):
            if free(m.start("name"), m.end("name")):
                add(m.group("name"), "armed_group", m.start())
    for rx in _PERSON_CONTEXTS:
        for m in rx.finditer(text):
            group = "name" if m.groupdict().get("name") else "name2"
            if m.group(group) and free(m.start(group), m.end(group)):
                add(m.group(group), "person", m.start())

    new_mentions: list[Mention] = []
    for name, key in sorted(names.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", text):
            if free(m.start(), m.end()):
                new_mentions.append(Mention(m.start(), m.end(), m.group(0), "actor", key))
                occupied.append((m.start(), m.end()))
    # "Fazlullah", "al-Sahrawi": the last part of a person's name, once named in full (reference people too)
    people = {m.ref: m.text for m in mentions if kinds.get(m.ref) == "person"}
    people.update({key: name for name, key in names.items() if found[key].kind == "person"})
    for key, full in people.items():
        last = full.split()[-1]
        bare = re.sub(r"^(?:al|el|ad|ag)-", "", last, flags=re.IGNORECASE)
        first_full = text.find(full)
        for form in {last, bare}:
            if len(form) < 5 or fold_key(form) in _STOP:
                continue
            for m in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
                if m.start() > first_full >= 0 and free(m.start(), m.end()):
                    new_mentions.append(Mention(m.start(), m.end(), m.group(0), "actor", key))
                    occupied.append((m.start(), m.end()))
    return new_mentions, list(found.values())

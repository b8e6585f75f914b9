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
from kg.extract.places import COMPASS
from kg.extract.prefilter import WordStarts
from kg.model import Relation

_LIST_SEP = re.compile(r"^[\s,()\u201c\u201d\"&]*(?:(?:and|as well as|as did|or|plus|along with|et|ainsi que)[\s,()]*"
                       r"(?:by\s+|from\s+|par\s+)?)?"
                       r"(?:the\s+)?$",
                       re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:this|that|the same|the latter|the) (?:branch|group|faction|province|movement|coalition|"
                            r"organi[sz]ation|network|franchise|affiliate|outfit|alliance|insurgency|militia)\b"
                            # (not "what it calls the crusader campaign": the group's words, not the group as a party)
                            r"|(?<![\w'])(?-i:it|its)(?![\w'])(?! (?:calls|called|describes|described|terms|termed|dubs|dubbed)\b)"
                            # "It pledged allegiance to al-Qaeda in 2012": a sentence about the group told before
                            r"|^\s*(?-i:It)(?= (?:later |then |also |soon |formally |publicly )?(?:pledged|swore|joined|split|"
                            r"broke|merged|declared|became|allied|fought|fights|has (?:long )?fought|is led|was led|has been led|"
                            r"was founded|is an? |was an? |is part of|was part of))", re.IGNORECASE)
_ITS_SELF = re.compile(r"\s+(?:own\s+)?(?:fighters|men|forces|troops|militants|members|units|soldiers|combatants|"
                       r"leader|leaders|emir|head|chief|commander|founder|spokesman|governor|wali|founding|"
                       r"allegiance|pledge|loyalty)\b", re.IGNORECASE)
_ORIGIN_VERB = re.compile(r"\b(?:grew out of|grown out of|broke away|split (?:from|off)|emerged from|defected from|"
                          r"born (?:out )?of|came out of)\b", re.IGNORECASE)
_WHICH = re.compile(r"\s*\)?,\s+(?:which|who|qui)\s")
_COUNTED_MEMBERS = re.compile(r"(?:\d[\d,]*|\b(?:dozens|hundreds|scores|several|many|some|few|two|three|four|five|six|seven|"
                              r"eight|nine|ten|twenty|thirty|forty|fifty))\s+(?:[\w\-]+\s+)?$", re.IGNORECASE)
_AND_THE = re.compile(r"^\s+(?:and|as well as|with)\s+(?:the\s+|its\s+|their\s+)?(?:[\w\-]+\s+)?$", re.IGNORECASE)
_OBJECT_RELATIVE = re.compile(r"\s*\)?\s*,?\s*(?:that|which|whom|qu['e\u2019])\s+(?:the\s+)?", re.IGNORECASE)
_POSSESSED = re.compile(r"['\u2019]s\s+(?:[\w\-]+\s+){0,2}")
# the end of an apposition before a cue: "X, a branch of Y, fights", "X, the IS province in the region, split"
_APPOSITION_TAIL = re.compile(r"(?:['\u2019]s)?[^,.;:()]{0,40},\s*(?:(?:which|who|qui)\s+|"
                              r"(?:has|have|had|has long|had long|is|was|are|were|a|ont|avait|est|était|sont)\s+)?")
_APPOSITION_START = re.compile(r"\s*\)?\s*,\s*(?:a|an|the|its|la|le|les|une|un|sa|son|l['\u2019]|which|who|qui|affiliated (?:with|to)|"
                               r"branche|filiale|aile|franchise|émanation|"
                               r"linked to|allied (?:with|to)|loyal to|close to|affili[ée]e?s? (?:à|au)|li[ée]e?s? (?:à|au)|"
                               r"proches? d[e'\u2019]|fid[èe]les? (?:à|au))(?![\w])", re.IGNORECASE)
_CLOSED_APPOSITION = re.compile(r"(?:['\u2019]s)?[^,.;:()]{0,40},[^,.;:()]{0,60}")
_HIS_GROUP = re.compile(r"(?<![\w'])(?:his|her)\s+(?=(?:own\s+)?(?:command|leadership|group|faction|movement|men|fighters|"
                        r"loyalists|followers|organi[sz]ation)\b)", re.IGNORECASE)
_BOTH_GROUPS = re.compile(r"\b(?:both|the two|the rival) (?:factions|groups|movements|organi[sz]ations|jihadist groups|"
                          r"branches|wings|rivals)\b", re.IGNORECASE)
_HE = re.compile(r"(?<![\w'])(?:He|he|She|she)(?![\w'])")
_PREPOSED = re.compile(r"\b(?:in|at|from|to|into|near|of|on|with|against|by|for|toward|towards|across|through)\s+(?:the\s+)?$",
                       re.IGNORECASE)
_AS_DID = re.compile(r"\bas (?:did|does|do|has|have|had|were|was)\b", re.IGNORECASE)
# "fought each other", "the two groups remain at war.": the actors before fight one another
_RECIPROCAL = re.compile(r"^\s*(?:(?:each other|one another)\b|(?:ever since|since then|to this day|today)?\s*[.;]|$|"
                         r"(?:for|over) (?:control|territory|the control)\b)",
                         re.IGNORECASE)
_BACKING = re.compile(r"\bwith (?:the )?([A-Z][a-z]+) (?:backing|support|help|assistance|air support)\b")
_CAMPAIGN = re.compile(r"\b(?:the|this|that) (?:campaign|operations?|offensive|effort|fight|war)\b", re.IGNORECASE)
# "an al-Shabaab cleric ... pledged allegiance": one person of the group (its fighters, plural, are the group)
_MODIFIER_NOUN = re.compile(r"\s+(?:senior\s+|former\s+|local\s+|top\s+)?(?:(?:cleric|commander|leader|official|spokesman|"
                            r"defector|emir|preacher|ideologue|figure)s?|(?:member|fighter|militant|operative)(?!s))\b",
                            re.IGNORECASE)
_TARGETED_THING = re.compile(r"\s+(?:positions?|targets?|hideouts?|bases?|camps?|strongholds?|depots?|convoys?|"
                             r"vehicles?|fighters|militants|cells?)\b", re.IGNORECASE)
_UNIT_NOUN = re.compile(r"(?:['\u2019]s)?\s+(?:[\w\-]+\s+)?(?:branch|unit|wing|faction|cell|affiliate|province|battalion|"
                        r"brigade|katiba|column|franchise)\b", re.IGNORECASE)
_VP_AND = re.compile(r"(?:\band\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+|then\s+)*|\b(?:in order )?to\s+)$",
                     re.IGNORECASE)
_CALLED = re.compile(r"\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,3}(?:called|named|known as|dubbed|styled)\s+(?:the\s+)?", re.IGNORECASE)
_RIGHT_BREAK = re.compile(r"\band\s+(?:then\s+)?(?:kept|keeps|has|have|had|was|were|is|are|[a-z]{3,}ed)\b", re.IGNORECASE)
_KNOWN_AS = re.compile(r"^(?:\s+[a-z][\w\-]*){0,2}\s*\)?\s*,?\s*(?:which is |which was |now |later |also |formerly |better )?(?:known|rebranded|renamed)"
                       r"(?:\s+as)?\s+(?:the\s+)?$", re.IGNORECASE)
# "the African Union mission, AMISOM": the mission is the name after the comma
_MISSION_NAMED = re.compile(r"^\s+(?:[a-z][\w\-]*\s+){0,2}?(?:mission|force|operation)\s*,\s*(?:the\s+)?$")
_AGAINST = re.compile(r"\b(?:against|contre)\b", re.IGNORECASE)
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


# a forward cue word is not read when it is the passive of a reverse one: "supported (in the north) by X"
_LINKED_GROUP = re.compile(r"\b(?:the|this|that) (\w[\w\-]*?)[-\u2010\u2011](?:linked|aligned|affiliated) (?:[\w\-]+ )?"
                           r"(?:group|movement|faction|organi[sz]ation|militants|insurgents|jihadists)\b", re.IGNORECASE)
_NOT_PASSIVE = (r"(?!(?:,?\s+(?:in|on|at|across|throughout|since|from|mainly|mostly|largely|notably)\s+"
                r"(?:[\w\-]+\s+){0,5}?)?\s*by\b)")


@lru_cache(maxsize=1)
def _cues() -> list[_Cue]:
    raw = yaml.safe_load(resources.files("kg.data").joinpath("relations.yaml").read_text(encoding="utf-8"))
    out = []
    for pred, items in raw.items():
        for it in items:
            tail = _NOT_PASSIVE if it["direction"] != "reverse" else ""
            # "'s affiliate" follows a name; "Iran-backed" is read by _hyphen_backed, not as a verb
            head = "" if it["cue"].startswith(("'", "['")) else r"(?<![\w\-])"
            out.append(_Cue(pred, re.compile(head + r"(?:" + it["cue"] + r")(?![\w])" + tail, re.IGNORECASE),
                            it["direction"], tuple(it.get("subject_kinds", ())), tuple(it.get("object_kinds", ()))))
    return out


_MEMBERS_PAREN = re.compile(r",\s*(?:with (?:contingents|troops|units|soldiers|forces) from|made up of|composed of|"
                            r"comprising|grouping|bringing together|avec des contingents (?:du|de la|des|de))\b", re.IGNORECASE)


class _Gate:
    """Whether a sentence holds any cue word, and where the first one starts. The cue words that begin
    with a letter are tried at the word starts that can begin them (prefilter.WordStarts); the others (the
    possessive "'s branch") before the first of those."""

    def __init__(self, words: list[str], others: list[str]):
        self._starts = WordStarts([re.compile(r"\b(?:" + p + ")", re.IGNORECASE) for p in words])
        self._others = re.compile("|".join(others), re.IGNORECASE) if others else None

    def search(self, text: str):
        """The earliest match of any cue (only its start is meant)."""
        a = None
        rxs = self._starts.rxs
        for p, idxs in self._starts.word_starts(text):
            if any(rxs[i].match(text, p) for i in idxs):
                a = _Span(p, p)
                break
        b = self._others.search(text, 0, a.start() if a else len(text)) if self._others else None
        return b or a


def _gate_parts() -> list[str]:
    """What the relation gate looks for: every cue, and the words the other readers of a sentence start from."""
    return [f"(?:{c.rx.pattern})" for c in _cues()] + [
        r"between\b", r"-backed\b", r"\b" + _ROLE, r"to which", r"passed to", r"went to", r"fell to", r"succeeded by",
        r"replaced by", r"took over", r"took command", r"assumed", r"became", r"identified as", r"founded", r"created",
        r"established", r"set up", r"formed", r"launched"]


@lru_cache(maxsize=1)
def _any_cue() -> _Gate:
    from kg.extract.lexicon import _word_initial
    parts = _gate_parts()
    return _Gate([p for p in parts if _word_initial([p])], [p for p in parts if not _word_initial([p])])


@lru_cache(maxsize=1)
def _cue_starts() -> tuple[WordStarts, tuple[int, ...], re.Pattern | None]:
    """Where the relation cues can begin: the word-initial ones by their first letters (with the index of
    each in ``_cues()``), the others by one zero-width pattern that matches wherever one of them does."""
    from kg.extract.lexicon import _word_initial
    cues = _cues()
    words = [i for i, c in enumerate(cues) if _word_initial([c.rx.pattern])]
    others = [f"(?:{c.rx.pattern})" for i, c in enumerate(cues) if i not in words]
    starts = WordStarts([re.compile(r"\b(?:" + cues[i].rx.pattern + ")", re.IGNORECASE) for i in words])
    return starts, tuple(words), re.compile("(?=" + "|".join(others) + ")", re.IGNORECASE) if others else None


def _cue_matches(text: str, start: int) -> list[tuple[int, int, int]]:
    """(cue index, start, end) of every match of every cue from ``start``, cue by cue, each cue's matches
    left to right without overlap (what ``finditer`` of each cue gives), in one pass over the text."""
    cues = _cues()
    found: list[list[tuple[int, int, int]]] = [[] for _ in cues]
    ends = [0] * len(cues)
    starts, words, others = _cue_starts()
    every = tuple(range(len(cues)))
    tried = {p: tuple(words[i] for i in idxs) for p, idxs in starts.word_starts(text, start)}
    if others is not None:
        tried.update((m.start(), every) for m in others.finditer(text, start))
    for pos in sorted(tried):
        for i in tried[pos]:
            if pos >= ends[i] and (m := cues[i].rx.match(text, pos)):
                found[i].append((i, pos, m.end()))
                ends[i] = m.end()
    return [x for per_cue in found for x in per_cue]


@dataclass(frozen=True)
class _Span:
    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def linked_group(sentence_text: str, sentence: int, actors: list[tuple[int, int, str]], kinds: dict[str, str],
                 previous_group: str | None) -> list[Relation]:
    """"The al-Qaeda-aligned group had stayed silent": the group told before (``previous_group``) is part
    of the one its epithet names, when the sentence names no other group before the epithet."""
    linked = _LINKED_GROUP.search(sentence_text) if previous_group else None
    if linked is None:
        return []
    parent = next((k for s, e, k in actors if s <= linked.start(1) < e and kinds.get(k) == "armed_group"), None)
    if parent is None or parent == previous_group or any(
            s < linked.start() and kinds.get(k) == "armed_group" for s, e, k in actors):
        return []
    return [Relation(previous_group, "part_of", parent, sentence)]


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|inside|across|throughout|within|near)\s+(?:the\s+)?(?:(?:far[\s-]+)?"
                              rf"(?:{COMPASS}|central)\s+)?$", re.IGNORECASE)


def find_relations(sentence_text: str, offset: int, sentence: int, actors: list[tuple[int, int, str]],
                   kinds: dict[str, str], dates: list, previous_group: str | None = None,
                   campaign_actors: list[str] | None = None, previous_person: str | None = None,
                   demonym_states: dict[str, str] | None = None,
                   recent_groups: list[str] | None = None) -> list[Relation]:
    """Relations in one sentence. ``actors`` are (start, end, key) relative to the sentence.

    ``previous_group`` stands for "this branch", "the group" etc.; ``campaign_actors`` are the actors
    of the campaign the previous sentence told ("the campaign, backed by France" -> France backs them).
    """
    generic = [(s, e) for s, e, k in actors if k == UNIDENTIFIED]
    actors = [(s, e, k) for s, e, k in actors if k != UNIDENTIFIED]
    if not actors and not previous_group and not previous_person and not campaign_actors \
            and not (recent_groups and len(recent_groups) >= 2):
        return []       # nobody named and nobody to refer back to: no relation to read
    actors = _known_as(sentence_text, actors)
    # "an Iran-backed Iraqi militia that is part of X": the backer modifies a noun, it is no cue's subject
    backers = [a for a in actors if re.match(r"[-\u2010\u2011](?:backed|supported|sponsored)\b", sentence_text[a[1]:a[1] + 12])]
    hyphen_only = bool(backers)
    first = min(actors)[2] if actors and min(actors)[0] < 30 else None
    for m in _DEMONSTRATIVE.finditer(sentence_text):
        if any(s < m.end() and m.start() < e for s, e, _ in actors) or sentence_text[m.end():m.end() + 1] == "'":
            continue
        if m.group(0) == "its" and not _ITS_SELF.match(sentence_text[m.end():]):
            continue        # "Boko Haram and its offshoot": another group, not the group itself
        if m.group(0).lower().startswith("the ") and any(
                re.fullmatch(r"\s*\)?\s*,\s*", sentence_text[e:m.start()]) for s, e, _ in actors if e <= m.start()):
            continue        # "Ansar Dine, the movement founded by ...": an apposition, not a reference back
        governed = _PREPOSED.search(sentence_text[:m.start()])     # "merged into it": the group told before
        if m.group(0) in ("it", "its") and first and min(actors)[0] < m.start() and kinds.get(first) != "person" \
                and not governed:
            actors.append((m.start(), m.end(), first))       # "France fought X, and it backed Y"
        elif previous_group:
            actors.append((m.start(), m.start() + len(m.group(0).split()[0]), previous_group))
    if previous_person:
        actors += [(m.start(), m.end(), previous_person) for m in _HE.finditer(sentence_text)
                   if not any(s <= m.start() < e for s, e, _ in actors)]
    for m in _HIS_GROUP.finditer(sentence_text):       # "broke away from his command": the man's group
        people = [a for a in actors if kinds.get(a[2]) == "person" and a[1] <= m.start()]
        who = people[-1][2] if people else previous_person
        if who and not any(s <= m.start() < e for s, e, _ in actors):
            actors.append((m.start(), m.start() + 3, who))
    if recent_groups and len(recent_groups) >= 2:
        for m in _BOTH_GROUPS.finditer(sentence_text):   # "the two factions", "both groups"
            named = [a[2] for a in actors if a[1] <= m.start() and kinds.get(a[2]) == "armed_group"]
            pair = list(dict.fromkeys(named[-1:] + [g for g in reversed(recent_groups) if g not in named[-1:]]))[:2]
            actors += [(m.start(), m.end(), k) for k in pair]
    if campaign_actors:
        for m in _CAMPAIGN.finditer(sentence_text):
            if not any(s < m.end() and m.start() < e for s, e, _ in actors):
                actors += [(m.start(), m.end(), "\0campaign")]
    actors = sorted(actors)
    if len(actors) == 1 and "backed" in sentence_text:
        alone: dict = {}        # "the Turkish-backed Syrian National Army": one name holds both
        _hyphen_backed(sentence_text, actors, kinds, alone, sentence, demonym_states or {})
        if alone:
            return list(alone.values())
    # one search says whether any cue word is here, and where the first one is: no cue starts before it
    hit = _any_cue().search(sentence_text) if actors and (len(actors) >= 2 or previous_group) else None
    if len(actors) < 2 or not hit:
        if actors and previous_group and hit:
            alone = {}
            _succession(sentence_text, actors, kinds, alone, sentence, previous_group)
            return list(alone.values())
        return _groups_of_people(sentence_text, actors, kinds, sentence) if len(actors) >= 2 else []
    found: dict[tuple[str, str, str], Relation] = {}
    cues = _cues()
    for i, m_start, m_end in _cue_matches(sentence_text, hit.start()):
        cue, m = cues[i], _Span(m_start, m_end)
        if True:
            before = [a for a in actors if a[1] <= m.start() and not _crosses_clause(sentence_text[a[1]:m.start()])
                      and not (hyphen_only and a in backers)]
            after = [a for a in actors if a[0] >= m.end() and not _crosses_clause(sentence_text[m.end():a[0]],
                                                                                 allow_colon=cue.direction == "reverse")]
            # "Mumin broke away from al-Shabaab with a band of fighters and swore allegiance to X": the man
            # swore it (his group, below), not the group named after "from"
            speaker = next((a for a in before if kinds.get(a[2]) == "person"
                            and not _PREPOSED.search(sentence_text[:a[0]])), None)
            groups_before = [a for a in before if kinds.get(a[2]) != "person"]
            if cue.direction == "forward" and speaker is not None and groups_before and speaker[0] < groups_before[0][0] \
                    and all(_PREPOSED.search(sentence_text[:a[0]]) for a in groups_before) \
                    and re.search(r"\band\s+(?:[\w\-]+\s+){0,2}$", sentence_text[groups_before[-1][1]:m.start()]):
                before = [speaker]
            elif cue.predicate != "led_by":
                before = groups_before or before
            if cue.predicate != "led_by":
                after = [a for a in after if kinds.get(a[2]) != "person"] or after
            if cue.direction == "forward" and len(before) >= 2 \
                    and _APPOSITION_TAIL.fullmatch(sentence_text[before[-1][1]:m.start()]) \
                    and (_APPOSITION_START.match(sentence_text[before[-2][1]:])
                         # "Al-Shabaab, al-Qaeda's East African affiliate, has fought Z"
                         or re.fullmatch(r"\s*,\s*", sentence_text[before[-2][1]:before[-1][0]])
                         and sentence_text[before[-1][1]:before[-1][1] + 2] in ("'s", "\u2019s")):
                # "X, a branch of Y, fights Z" / "X, la branche de Y, qui combat Z" /
                # "X, the Islamic State's province in the region, split from Z": X
                before = before[:-1]
            if cue.direction == "reverse_list" and len(before) >= 2 \
                    and _APPOSITION_START.match(sentence_text[before[-2][1]:]) \
                    and _CLOSED_APPOSITION.fullmatch(sentence_text[before[-1][1]:m.start()]):
                # "Le GSIM, branche sahélienne d'Al-Qaïda, est né de la fusion de X et Y": the GSIM was formed
                before = before[:-1]
            if cue.direction == "forward" and len(before) >= 2 and re.search(r",\s*$", sentence_text[:m.start()]):
                # "the Multinational Joint Task Force, with contingents from Nigeria, Niger and Chad, fights
                # ISWAP": the force does, not its members
                members = _MEMBERS_PAREN.search(sentence_text, before[0][1], m.start())
                head = [a for a in before if a[1] <= members.start()] if members else []
                if head:
                    before = head
            if cue.direction == "forward" and before:
                rel_subject = [a for a in before if _WHICH.match(sentence_text[a[1]:])
                               and not _CLAUSE_BREAK.search(sentence_text[a[1] + 2:m.start()])
                               and not re.search(r",\s", sentence_text[a[1] + 8:m.start()])]
                if rel_subject and kinds.get(rel_subject[-1][2]) != "person":
                    before = [a for a in before if a[0] <= rel_subject[-1][0]]   # "X, which entered Y in a campaign with Z"
            else:
                rel_subject = []
            if rel_subject:
                pass
            elif cue.direction == "forward" and before and _VP_AND.search(sentence_text[before[-1][1]:m.start()]):
                # "X carries out strikes against Y and trains Z": X trains Z
                subject = next((a for a in before if not _PREPOSED.search(sentence_text[:a[0]])
                                and not sentence_text[a[1]:a[1] + 2] in ("'s", "\u2019s")
                                and not _crosses_clause(sentence_text[a[1]:m.start()])), None)
                if subject is not None and subject != before[-1] and kinds.get(subject[2]) != "person":
                    before = [a for a in before if a[0] <= subject[0]]
            elif cue.direction == "forward":
                ungoverned = [a for a in before if not _PREPOSED.search(sentence_text[:a[0]])]
                if ungoverned and ungoverned[-1] != before[-1] and m.start() - before[-1][1] > 15 \
                        and m.start() - ungoverned[-1][1] <= _MAX_LEFT_GAP * 2:
                    before = [a for a in before if a[0] <= ungoverned[-1][0]]
            if cue.predicate == "fights" and before and _RECIPROCAL.match(sentence_text[m.end():]):
                left = _list_ending(sentence_text, before)
                for i, a in enumerate(left):
                    for b in left[i + 1:]:
                        if a != b:
                            found.setdefault((a, "fights", b), Relation(a, "fights", b, sentence))
                continue
            if cue.direction != "possessive_apposition" and (not before or not after) or not before:
                continue
            if cue.direction == "forward" and any(m.end() <= gs and ge <= after[0][0] and not re.match(
                    r"\s+(?:of|from|loyal to|linked to)\s", sentence_text[ge:]) for gs, ge in generic):
                continue        # "sent its force against the insurgents, SAMIM": the object is not named
            if cue.predicate == "led_by" and cue.direction == "forward" and len(before) >= 2 \
                    and _UNIT_NOUN.match(sentence_text[before[-1][1]:]) \
                    and _APPOSITION_START.match(sentence_text[before[-2][1]:]):
                # "Katiba Macina, the JNIM branch led by Amadou Koufa": the branch is led by him, not JNIM
                before = before[:-1]
            if cue.direction == "forward" and _TARGETED_THING.match(sentence_text, before[-1][1]) \
                    and re.search(r"\b(?:on|against|at|hit|struck|targeted|targeting|bombed|shelled)\s+(?:the\s+)?$",
                                  sentence_text[max(0, before[-1][0] - 20):before[-1][0]]):
                continue        # "strikes on Daesh positions inside Tikrit, in coordination with X": not Daesh's ally
            if cue.direction == "forward" and cue.predicate != "led_by" and _MODIFIER_NOUN.match(sentence_text[before[-1][1]:]) \
                    and not re.fullmatch(r"(?i:its?|the\s.*|his|her)", sentence_text[before[-1][0]:before[-1][1]]):
                continue        # "an al-Shabaab cleric ... pledged allegiance": the cleric did, not the group
            if cue.direction == "forward" and kinds.get(after[0][2]) == "state" \
                    and _LOCATIVE_BEFORE.search(sentence_text, max(0, after[0][0] - 30), after[0][0]):
                continue        # "the war against sharia in northern Mali": the state named is where, not whom
            if cue.direction != "possessive_apposition" and (
                    m.start() - before[-1][1] > _MAX_LEFT_GAP
                    or after[0][0] - m.end() > (_MAX_RIGHT_GAP if cue.direction != "reverse" else 60)
                    and not _CALLED.fullmatch(sentence_text[m.end():after[0][0]])):
                continue
            if cue.predicate == "part_of" and cue.direction == "forward" and (
                    _COUNTED_MEMBERS.search(sentence_text, max(0, m.start() - 25), m.start())
                    or _AND_THE.search(sentence_text[before[-1][1]:m.start()])):
                continue        # "neutralised 309 members of the Syrian forces"; "X and the factions of Y"
            if cue.predicate == "part_of" and cue.direction == "forward" and "," in sentence_text[m.end():after[0][0]]:
                continue        # "X, the IS province in the region, split from Y": Y is not what X is a part of
            if cue.predicate == "part_of" and _ORIGIN_VERB.search(sentence_text[before[-1][1]:m.start()]):
                continue        # "grew out of the youth wing of Y": an origin, not membership
            if cue.direction == "forward" and _RIGHT_BREAK.search(sentence_text[m.end():after[0][0]]):
                continue        # "broke away from his command and kept the IS franchise"
            if cue.predicate != "fights" and after and _AGAINST.search(sentence_text, m.end(), after[0][0]):
                # "fought alongside the army against the Islamic State": not its ally; "joined the
                # offensive against al-Shabaab": not part of it
                continue
            if cue.direction == "reverse_possessive" and (after[0][0] - m.end() > 4 or before[-1][1] != m.start()):
                continue        # the affiliate must be named right after: "al-Qaeda's affiliate, JNIM"
            if cue.direction == "forward" and len(before) >= 2 and before[-1][1] <= m.start() \
                    and _OBJECT_RELATIVE.fullmatch(sentence_text[before[-2][1]:before[-1][0]]) \
                    and re.fullmatch(r"\s*", sentence_text[before[-1][1]:m.start()]):
                # "the factions of the SNA that Ankara sponsors": Ankara backs the SNA, not what follows
                s, o = before[-1][2], before[-2][2]
                if s != o and _kind_ok(cue, s, o, kinds):
                    found.setdefault((s, cue.predicate, o), Relation(s, cue.predicate, o, sentence))
                continue
            if cue.direction == "possessive_apposition":
                if len(before) < 2 or not re.fullmatch(r"\s*\)?\s*(?:,|is|was|is itself|remains|became)?\s*"
                                                       r"(?:now\s+|still\s+|once\s+|formerly\s+)?",
                                                       sentence_text[before[-2][1]:before[-1][0]]):
                    continue
                if before[-1][1] != m.start():
                    continue
                found.setdefault((before[-2][2], "part_of", before[-1][2]),
                                 Relation(before[-2][2], "part_of", before[-1][2], sentence))
                continue
            left = _expand(_list_ending(sentence_text, before), campaign_actors)
            right = _expand(_list_starting(sentence_text, after), campaign_actors)
            direction = cue.direction
            if cue.predicate == "part_of" and direction == "forward" \
                    and _POSSESSED.fullmatch(sentence_text[before[-1][1]:m.start()]):
                direction = "reverse"   # "the Islamic State's affiliate in Afghanistan, known as IS-K": IS-K's parent
            pairs = _pairs(direction, left, right)
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
    _leaders(sentence_text, actors, kinds, found, sentence)
    _contributors(sentence_text, actors, kinds, found, sentence)
    _succession(sentence_text, actors, kinds, found, sentence, previous_group)
    _between(sentence_text, actors, kinds, found, sentence)
    _hyphen_backed(sentence_text, actors, kinds, found, sentence, demonym_states or {})
    _extend_as_did(sentence_text, actors, found, sentence)
    _appositive_branches(sentence_text, actors, kinds, found, sentence)
    if demonym_states:
        for m in _BACKING.finditer(sentence_text):
            state = demonym_states.get(m.group(1).casefold())
            if state:
                for (a, p, b), r in list(found.items()):
                    if p == "fights" and kinds.get(a) != "state":
                        found.setdefault((state, "backs", a), Relation(state, "backs", a, sentence))
    return list(found.values())


_ROLE = r"(?:leader|emir|head|chief|commander|founder|co-founder|boss|chief of staff|governor|wali)s?"   # not a spokesman
# "command passed to P", "P took over", "succeeded by P", "under a commander identified as P"
_SUCCESSION = re.compile(r"\b(?:(?:command|leadership|control) (?:of the group |of the movement )?(?:passed|went|fell) to|"
                         r"(?:was |were )?succeeded by|(?:replaced|was replaced) by|"
                         r"under (?:a |the )?(?:[\w\-]+ )?(?:commander|leader|emir)(?: [\w\-]+){0,3}? (?:identified as|named|called|known as))"
                         r"\s+(?:the\s+|his\s+|a\s+)?(?:[\w\-]+\s+){0,2}?$", re.IGNORECASE)
_TOOK_OVER = re.compile(r"^\s*(?:,[^,]{1,40},\s*)?(?:took over|took command|assumed (?:the )?(?:command|leadership)|"
                        r"became (?:its |the (?:group's |movement's )?)?(?:leader|emir|commander))\b", re.IGNORECASE)
_FOUNDED_BY = re.compile(r"\b(?:founded|created|established|set up|formed|launched)\b[^.;]{0,70}?\bby\s+(?:the\s+|a\s+)?"
                         r"(?:[a-z][\w\-]*\s+){0,3}$")


_GROUP_OF = re.compile(r"\s*\)?\s*(?:\([A-Z][\w\-]{1,12}\)\s*)?of\s+(?:(?:the\s+)?(?:warlord|commander|general|"
                       r"preacher|cleric|rebel leader|former general)\s+)?(?:(?:General|Colonel|Sheikh|Mullah|Gen\.|Col\.)\s+)?")


def _groups_of_people(text: str, actors, kinds, sentence: int) -> list[Relation]:
    """"the Signed-in-Blood Battalion of Mokhtar Belmokhtar" in a sentence without a relation cue: led_by."""
    ordered = sorted(actors)
    return [Relation(k1, "led_by", k2, sentence) for (s1, e1, k1), (s2, e2, k2) in zip(ordered, ordered[1:])
            if kinds.get(k1) == "armed_group" and kinds.get(k2) == "person" and _GROUP_OF.fullmatch(text, e1, s2)]


def _leaders(text: str, actors, kinds, found: dict, sentence: int) -> None:
    """"the leader of X, P" / "X's leader, P" / "X leader P" / "P, the X leader": X led_by P."""
    ordered = sorted(actors)
    for (s1, e1, k1), (s2, e2, k2) in zip(ordered, ordered[1:]):
        between = text[e1:s2]
        group, person = (k1, k2) if kinds.get(k2) == "person" else (k2, k1)
        if kinds.get(person) != "person" or kinds.get(group) in ("person", "state", None) or group == person:
            continue
        if kinds.get(k2) == "person":        # group first
            ok = re.fullmatch(rf"\s*(?:['\u2019]s)?\s*(?:[\w\-]+\s+)?{_ROLE},?\s*(?:[A-Z][\w\-]*\s+)?", between) \
                and not re.search(r"\bformer\b", between)
            ok = ok or (re.fullmatch(r"\s*,\s*", between) and re.search(rf"\b{_ROLE} of\s+(?:the\s+)?$", text[:s1]))
            # "the Signed-in-Blood Battalion of Mokhtar Belmokhtar", "the CNDP of Laurent Nkunda": his group
            ok = ok or bool(_GROUP_OF.fullmatch(between))
        else:                                 # person first: "P, the X leader" / "P, X's emir" / "P as X's governor"
            ok = re.fullmatch(r"\s*,?\s*(?:as\s+)?(?:the\s+|its\s+)?", between) and \
                re.match(rf"(?:['\u2019]s)?\s*(?:[\w\-]+\s+)?{_ROLE}\b", text[e2:])
        if ok:
            found.setdefault((group, "led_by", person), Relation(group, "led_by", person, sentence))


_TO_WHICH = re.compile(r"\s*\)?\s*,?\s*(?:to|in|into) which\s+(?:the\s+)?$", re.IGNORECASE)
_CONTRIBUTE = re.compile(r"^\s+(?:all\s+|each\s+|also\s+)?(?:contribute|contributes|contributed|send|sends|sent|provide|"
                         r"provides|provided|deploy|deploys|deployed|have sent|has sent|supply|supplies)\b", re.IGNORECASE)


def _contributors(text: str, actors, kinds, found: dict, sentence: int) -> None:
    """"the MNJTF, to which Nigeria, Niger and Chad contribute troops": each is part of it."""
    ordered = sorted(actors)
    for i, (s, e, k) in enumerate(ordered[:-1]):
        if not _TO_WHICH.fullmatch(text[e:ordered[i + 1][0]]):
            continue
        members = _list_starting(text, ordered[i + 1:])
        last = ordered[i + len(members)] if i + len(members) < len(ordered) else None
        if last and _CONTRIBUTE.match(text[last[1]:]):
            for member in members:
                if member != k and kinds.get(member) in ("state", "state_force", "organization"):
                    found.setdefault((member, "part_of", k), Relation(member, "part_of", k, sentence))


def _succession(text: str, actors, kinds, found: dict, sentence: int, topic: str | None) -> None:
    """"founded in Maiduguri by the preacher P" (the group before), "command passed to P" / "P took
    over" (the group named before in the sentence, else the group the text is about): led_by P."""
    ordered = sorted(actors)
    for i, (s, e, k) in enumerate(ordered):
        if kinds.get(k) != "person":
            continue
        groups_before = [a for a in ordered[:i] if kinds.get(a[2]) not in ("person", "state", None)]
        left = text[max(0, s - 110):s]
        if _FOUNDED_BY.search(left) and groups_before:
            group = groups_before[-1][2]
        elif _SUCCESSION.search(text[max(0, s - 90):s]) or _TOOK_OVER.match(text[e:e + 60]):
            group = groups_before[-1][2] if groups_before else topic
        else:
            continue
        if group and group != k and kinds.get(group) not in ("person", None):
            found.setdefault((group, "led_by", k), Relation(group, "led_by", k, sentence))


def _between(text: str, actors, kinds, found: dict, sentence: int) -> None:
    """"war between X and Y", "clashes between X and Y": X fights Y."""
    for m in re.finditer(r"\b(?:war|wars|fighting|clashes|battles|rivalry|feud|hostilities) between\s+(?:the\s+)?", text,
                         re.IGNORECASE):
        after = [a for a in sorted(actors) if a[0] >= m.end()]
        if len(after) >= 2 and after[0][0] - m.end() <= 3 and re.fullmatch(r"\s*(?:\)\s*)?and\s+(?:the\s+)?",
                                                                        text[after[0][1]:after[1][0]]):
            a, b = after[0][2], after[1][2]
            if a != b and "person" not in (kinds.get(a), kinds.get(b)):
                found.setdefault((a, "fights", b), Relation(a, "fights", b, sentence))


_INCLUDING = re.compile(r"(?:[\w\-]+\s+){0,3}?(?:including|such as|like|among them)\s+(?:the\s+)?", re.IGNORECASE)


def _hyphen_backed(text: str, actors, kinds, found: dict, sentence: int, demonym_states: dict[str, str]) -> None:
    """"the US-backed SDF", "Turkish-backed Syrian National Army": X backs Y."""
    for m in re.finditer(r"\b([A-Z][\w.]*)[-\u2010\u2011]backed\s+(?:the\s+)?", text):
        after = [a for a in sorted(actors) if 0 <= a[0] - m.end() <= 2]
        if not after and (inc := _INCLUDING.match(text, m.end())):
            # "Iran-backed militias including Lebanon's Hezbollah": the group named in the list
            after = [a for a in sorted(actors) if 0 <= a[0] - inc.end() <= 2
                     and not (kinds.get(a[2]) == "state" and text[a[1]:a[1] + 2] in ("'s", "\u2019s"))][:1] or [
                a for a in sorted(actors) if 0 <= a[0] - inc.end() <= 20 and kinds.get(a[2]) != "state"][:1]
        whole = [a for a in actors if a[0] <= m.start(1) and a[1] > m.end()]   # a name that holds it
        if not after and not whole:
            # "Kataib Hezbollah, an Iran-backed Iraqi militia": the group the apposition describes
            after = [a for a in actors if re.fullmatch(r"\s*,\s*(?:an?|the)\s+", text[a[1]:m.start(1)])
                     and kinds.get(a[2]) != "state"]
        if not after and not whole:
            continue
        backer = demonym_states.get(m.group(1).casefold().replace(".", "")) or (None if whole else next(
            (k for s, e, k in actors if s <= m.start(1) < e), None))
        after = after or whole
        target = after[0][2]
        if backer and backer != target and kinds.get(target) != "person":
            found.setdefault((backer, "backs", target), Relation(backer, "backs", target, sentence))


def _extend_as_did(text: str, actors, found: dict, sentence: int) -> None:
    """"France backed the G5 force, as did the European Union": the EU backed it too. Only the main
    relation of the clause before "as did" extends (not a leader named in an apposition), to each
    actor of the list after it ("as did X, led by P, and Y")."""
    for m in _AS_DID.finditer(text):
        after = sorted(a for a in actors if a[0] >= m.end())
        if not after or after[0][0] - m.end() > 12:
            continue
        subjects = [after[0][2]]
        for a in after[1:]:
            if re.search(r",\s+and\s+(?:the\s+)?$", text[max(0, a[0] - 12):a[0]]):
                subjects.append(a[2])
        for subject in subjects:
            for (a, p, b), r in list(found.items()):
                if r.sentence == sentence and p != "led_by" and subject not in (a, b):
                    found.setdefault((subject, p, b), Relation(subject, p, b, sentence, r.since, r.until))


_LINKED = re.compile(r"[-\u2010\u2011](?:linked|affiliated|aligned|allied)\s+(?:[\w\-]+\s+){0,2}?(?:the\s+)?", re.IGNORECASE)
_COMPOUND_BRANCH = re.compile(r"\s+(?:[\w\-]+\s+)?(?:affiliate|branch|franchise|wing|offshoot)\s*,?\s*(?:the\s+)?",
                              re.IGNORECASE)
_BRANCH_WORDS = re.compile(r"^\s*(?:[\w\-]+\s+)?(?:province|branch|affiliate|wing|franchise|faction|emirate)\b", re.IGNORECASE)


def _appositive_branches(text: str, actors, kinds, found: dict, sentence: int) -> None:
    """"ISWAP, the Islamic State province in ...": ISWAP part_of Islamic State."""
    ordered = sorted(actors)
    for (s1, e1, k1), (s2, e2, k2) in zip(ordered, ordered[1:]):
        between = text[e1:s2]
        if k1 == k2 or kinds.get(k1) != "armed_group" or kinds.get(k2) != "armed_group":
            continue
        if re.fullmatch(r"\s*\)?\s*,\s*(?:the|a|an|its)\s+", between) and _BRANCH_WORDS.match(text[e2:]):
            found.setdefault((k1, "part_of", k2), Relation(k1, "part_of", k2, sentence))
        elif _LINKED.fullmatch(between) or _COMPOUND_BRANCH.fullmatch(between):
            # "the al-Qaeda-linked JNIM", "the al-Qaeda affiliate JNIM": JNIM part_of al-Qaeda
            found.setdefault((k2, "part_of", k1), Relation(k2, "part_of", k1, sentence))


def _known_as(text: str, actors: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"the African Union force, known as AMISOM until 2022 and as ATMIS since": one actor, the last name."""
    ordered = sorted(actors)
    out = list(ordered)
    for i, (s1, e1, k1) in enumerate(ordered[:-1]):
        s2, e2, k2 = ordered[i + 1]
        if k1 == k2 or not (_KNOWN_AS.match(text[e1:s2]) or _MISSION_NAMED.match(text[e1:s2])):
            continue
        last = k2
        for s3, e3, k3 in ordered[i + 2:]:     # "... and as ATMIS since"
            if re.fullmatch(r"\s*(?:until|till|since|from|in)?\s*(?:[\w ]{0,20}\d{4})?\s*(?:,\s*)?(?:and|then|later)\s+(?:as\s+)?(?:the\s+)?",
                            text[e2:s3]):
                last, e2 = k3, e3
            else:
                break
        out = [(s, e, last if (s, e, k) == (s1, e1, k1) or (s1 < s <= e2 and k != last) else k) for s, e, k in out]
    return out


def _expand(keys: list[str], campaign_actors: list[str] | None) -> list[str]:
    out: list[str] = []
    for k in keys:
        for x in (campaign_actors or []) if k == "\0campaign" else [k]:
            if x not in out:
                out.append(x)
    return out


@lru_cache(maxsize=None)
def _is_outlet(key: str) -> bool:
    """A group's media outlet (an organisation whose parent is an armed group: Amaq, Radio Andalus)."""
    from kg.reference import load_actors
    actors = load_actors()
    rec = actors.get(key)
    return rec is not None and rec.kind == "organization" and any(
        actors.get(p) is not None and actors[p].kind == "armed_group" for p in rec.parents)


def _pairs(direction: str, left: list[str], right: list[str]) -> list[tuple[str, str]]:
    if direction == "forward":
        return [(s, o) for s in left for o in right[:1]] + [(left[-1], o) for o in right[1:]] if left else []
    if direction == "reverse":
        return [(o, s) for o in right for s in left]
    if direction == "reverse_list":
        return [(o, left[-1]) for o in right]
    if direction == "reverse_possessive":     # "al-Qaeda's affiliate JNIM"
        return [(right[0], left[-1])] if right else []
    if direction == "possessive_apposition":  # "JNIM, al-Qaeda's affiliate in the Sahel" / "AQIM is al-Qaeda's branch"
        return [(left[-2], left[-1])] if len(left) >= 2 else []
    if direction == "reverse_person":         # "P, the leader of X" -> X led_by P ; "P leads X"
        return [(o, left[-1]) for o in right]
    return []


def _kind_ok(cue: _Cue, s: str, o: str, kinds: dict[str, str]) -> bool:
    """Whether the cue may relate these two kinds of actor."""
    ks, ko = kinds.get(s), kinds.get(o)
    if cue.predicate in ("fights", "backs", "allied_with") and (_is_outlet(s) or _is_outlet(o)):
        return False          # "claimed the attack on its Amaq news agency": a group's outlet is no party
    if cue.predicate == "led_by":
        return ko == "person" and ks != "person"
    if cue.predicate in ("part_of", "merged_into", "splinter_of", "pledged_allegiance_to") and ko == "state" \
            and ks != "state":
        return False          # a group is not part of a country: "al-Qaeda's affiliate in Somalia"
    if cue.predicate in ("part_of", "merged_into", "splinter_of") and ks == "state" and ko in ("armed_group", "state"):
        return False          # nor a country part of a group or of another country
    if cue.subject_kinds and ks not in cue.subject_kinds:
        return False
    if cue.object_kinds and ko not in cue.object_kinds:
        return False
    return True


_CLAUSE_BREAK = re.compile(r";|\.\s|\bwhile\b|\bbut\b|\bwhereas\b|,\s+and\s+(?:the|a|an|its|their|his)\b")


def _crosses_clause(between: str, allow_colon: bool = False) -> bool:
    return bool(_CLAUSE_BREAK.search(between)) or (not allow_colon and ":" in between)


def _list_ending(text: str, before: list[tuple[int, int, str]]) -> list[str]:
    keys = [before[-1][2]]
    for i in range(len(before) - 1, 0, -1):
        if _LIST_SEP.match(text[before[i - 1][1]:before[i][0]]) and not _PREPOSED.search(text[:before[i - 1][0]]):
            keys.insert(0, before[i - 1][2])
        else:
            break
    return keys


def _list_starting(text: str, after: list[tuple[int, int, str]]) -> list[str]:
    keys = [after[0][2]]
    for i in range(1, len(after)):
        if re.match(r"[-\u2010\u2011]backed\b", text[after[i][1]:after[i][1] + 8]):
            break       # "by X and by Iran-backed militias": the militias, not Iran
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

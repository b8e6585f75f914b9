"""Finding actors in text: reference names and aliases, in-text abbreviations, demonym forces, generic actors.

Matching runs on folded text (case, accents, dashes) with an Aho-Corasick automaton over every name
and alias of the reference data. Acronyms ("JNIM", "FAMa") must match with their case; aliases the
reference marks ambiguous ("IS", "AS") count only when the article also names the actor in full or
defines the abbreviation itself ("… al-Shabaab (AS) …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from kg.extract.fold import fold_same_length
from kg.extract.lexicon import _word_initial, lexicon
from kg.extract.prefilter import gated
from kg.model import Mention
from kg.reference import ActorRecord, load_actors

UNIDENTIFIED = "unidentified-armed-group"
def _noun_start(text: str, m: re.Match, rx: re.Pattern) -> int:
    """Where the noun of a demonym phrase ("Malian army soldiers") begins: after the words between."""
    words = list(re.finditer(r"\S+", text[m.end(1):m.end()]))
    return m.end(1) + words[-1].start() if words else m.end()


_STRIKE_TAIL = re.compile(r"(?:air ?strikes?|drone strikes?|air raids?|strikes?)$", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:the|l'|le|la|les)\s*", re.IGNORECASE)
_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,11})\s*\)")
_GLOSSARY = re.compile(r"(?:^|;\s*|(?:ABBREVIATIONS|Abbreviations|GLOSSARY|Glossary)[.:]?\s+)"
                       r"((?=[^\s;]*[A-Z][^\s;]*[A-Z])[A-Z][A-Za-z0-9\-/]{1,11}) ([A-Z][^;]{3,120}?)(?=;|\.\s*$|$)",
                       re.MULTILINE)


@dataclass(frozen=True)
class _Entry:
    key: str
    alias: str
    exact_case: bool
    ambiguous: bool


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return " " not in alias.strip() and sum(c.isupper() for c in letters) >= 2 and len(alias) <= 12


class ActorMatcher:
    """Compiled once per process from the reference actors; call :meth:`find` per article."""

    def __init__(self, actors: dict[str, ActorRecord]):
        self.actors = actors
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Entry]] = {}
        for rec in actors.values():
            names = [(rec.name, False)] + [(a, False) for a in rec.aliases] + [(a, True) for a in rec.ambiguous_aliases]
            for alias, ambiguous in names:
                for variant in {alias, alias.replace("'", "").replace("\u2019", "")}:
                    folded = fold_same_length(variant).strip()
                    if len(folded) < 2:
                        continue
                    entry = _Entry(rec.key, variant, _is_acronym(variant), ambiguous)
                    table.setdefault(folded, []).append(entry)
        for folded, entries in table.items():
            self._automaton.add_word(folded, (folded, tuple(entries)))
        self._automaton.make_automaton()
        self._demonyms = self._demonym_regexes(actors)
        force_by_country: dict[str, str] = {}
        force_by_demonym: dict[str, str] = {}
        for rec in actors.values():
            if rec.kind == "state_force" and rec.countries and (rec.default_force or rec.countries[0] not in force_by_country):
                force_by_country[rec.countries[0]] = rec.key
            if rec.kind == "state_force":
                for d in rec.demonyms:
                    if rec.default_force or fold_same_length(d) not in force_by_demonym:
                        force_by_demonym[fold_same_length(d)] = rec.key
        # "Iraq's armed forces": the force of the state's own demonym (Iraqi), not another default force of the
        # country (the Kurdistan Peshmerga are the default of "Kurdistan")
        self._state_force = {}
        for rec in actors.values():
            if rec.kind == "state" and rec.countries:
                own = next((force_by_demonym[fold_same_length(d)] for d in rec.demonyms
                            if fold_same_length(d) in force_by_demonym), None)
                if own or rec.countries[0] in force_by_country:
                    self._state_force[rec.key] = own or force_by_country[rec.countries[0]]
        self._possessive_force = re.compile(rf"['\u2019]s\s+(?:[a-z]+\s+){{0,2}}?(?:{lexicon().force_nouns})(?![\w])")

    @staticmethod
    def _demonym_regexes(actors: dict[str, ActorRecord]) -> list[tuple[re.Pattern, dict[str, str]]]:
        lex = lexicon()
        force_by_demonym: dict[str, str] = {}
        state_by_demonym: dict[str, str] = {}
        for rec in actors.values():
            for d in rec.demonyms:
                d = fold_same_length(d)
                if rec.kind == "state_force" and (rec.default_force or d not in force_by_demonym):
                    force_by_demonym[d] = rec.key
                elif rec.kind == "state":
                    state_by_demonym.setdefault(d, rec.key)
        out = []
        for nouns, table in ((lex.force_nouns, force_by_demonym), (lex.state_nouns, state_by_demonym)):
            if table:
                alt = "|".join(re.escape(d) for d in sorted(table, key=len, reverse=True))
                rx = gated(re.compile((r"\b" if _word_initial(list(table)) else "") + rf"(?<![\w-])({alt})(?:\s+(?:[a-z]+\s+){{0,2}}?)(?:{nouns})(?![\w])"))
                out.append((rx, table))
        return out

    def find(self, text: str, countries: frozenset[str] = frozenset()) -> list[Mention]:
        """All actor mentions in ``text`` (an article body), leftmost-longest, sorted by position.

        An ambiguous alias ("AS", "IS") counts when the article also names its actor or a sub-group,
        or when it is an acronym and the actor operates in one of ``countries`` (the article's theatre:
        "AS" in a Somalia brief is al-Shabaab)."""
        return self.resolve(self.scan(text), countries)

    def scan(self, text: str) -> tuple:
        """The country-independent part of :meth:`find`."""
        folded = fold_same_length(text)
        defined = self._definitions(text, folded)
        raw: list[tuple[int, int, str]] = []
        named_keys: set[str] = set()
        pending_ambiguous: list[tuple[int, int, str, bool]] = []
        for end, (alias_folded, entries) in self._automaton.iter(folded):
            start = end - len(alias_folded) + 1
            if (start > 0 and (folded[start - 1].isalnum())) or (end + 1 < len(folded) and folded[end + 1].isalnum()):
                continue
            original = text[start:end + 1]
            for e in entries:
                if e.exact_case and original.replace("\u2019", "'") != e.alias.replace("\u2019", "'"):
                    if not (original.isupper() and original.upper() == e.alias.upper()):
                        continue
                if e.ambiguous:
                    pending_ambiguous.append((start, end + 1, e.key, e.exact_case))
                else:
                    raw.append((start, end + 1, e.key))
                    named_keys.add(e.key)
                break
        if defined:
            # "the Syrian National Army (SNA)": in this text the abbreviation is that actor's, whatever else the
            # reference data gives it (the Somali National Army's "SNA")
            spans = {(a, b) for a, b, _ in defined}
            dropped = {k for a, b, k in raw if (a, b) in spans}
            raw = [r for r in raw if (r[0], r[1]) not in spans]
            pending_ambiguous = [p for p in pending_ambiguous if (p[0], p[1]) not in spans]
            named_keys = {k for k in named_keys if k not in dropped} | {k for _, _, k in raw}
        for abbr_start, abbr_end, key in defined:
            raw.append((abbr_start, abbr_end, key))
            named_keys.add(key)
        named_keys |= {a for k in list(named_keys) for a in self._ancestors(k)}
        weak: list[tuple[int, int, str]] = []
        # "Mozambique's army", "Nigeria's military": the state's own (default) force
        for start, end, key in raw:
            force = self._state_force.get(key)
            if force:
                m = self._possessive_force.match(folded, end)
                if m:
                    weak.append((start, m.end(), force))
        triggers = lexicon().trigger_any
        for rx, table in self._demonyms:
            for m in rx.finditer(folded):
                if m.end() - m.end(1) > 12 and triggers.search(folded, m.end(1), _noun_start(folded, m, rx)):
                    continue    # "Israeli strikes hit government tanks": a verb between, not "the Israeli government"
                # "a US air strike": the force is "US"; the strike words stay free for triggers and cues
                end = m.end(1) if _STRIKE_TAIL.search(folded, m.end(1), m.end()) else m.end()
                weak.append((m.start(), end, table[m.group(1)]))
        for m in lexicon().generic_actors.finditer(text):
            weak.append((m.start(), m.end(), UNIDENTIFIED))
        return text, raw, weak, pending_ambiguous, named_keys

    def needs_countries(self, scanned: tuple) -> bool:
        """Whether :meth:`resolve` could find more with the article's countries."""
        _, _, _, pending, named = scanned
        return any(acronym and key not in named for _, _, key, acronym in pending)

    def resolve(self, scanned: tuple, countries: frozenset[str] = frozenset()) -> list[Mention]:
        text, raw, weak, pending, named_keys = scanned
        raw = list(raw)
        for s, e, key, acronym in pending:
            if key in named_keys or (acronym and countries and set(self.actors[key].countries) & countries):
                raw.append((s, e, key))
        # a name in the reference data wins over a demonym phrase of the same span ("Syrian Democratic Forces")
        return [Mention(s, e, text[s:e], "actor", k) for s, e, k in _leftmost_longest(raw, weak)]

    def _ancestors(self, key: str) -> set[str]:
        """Groups ``key`` belongs to: naming ISGS makes "IS" the Islamic State."""
        seen: set[str] = set()
        stack = list(self.actors[key].parents) if key in self.actors else []
        while stack:
            k = stack.pop()
            if k in self.actors and k not in seen:
                seen.add(k)
                stack.extend(self.actors[k].parents)
        return seen

    def _definitions(self, text: str, folded: str) -> list[tuple[int, int, str]]:
        """Abbreviations the article defines: "Name (ABBR)" and glossary lines "ABBR Name;"."""
        found: list[tuple[int, int, str]] = []
        defs: dict[str, str] = {}
        for m in _DEFINITION.finditer(text):
            before = folded[max(0, m.start() - 120):m.start()].rstrip()
            key = self._key_ending_at(before)
            if key:
                defs[m.group(1)] = key
        for m in _GLOSSARY.finditer(text):
            abbr, expansion = m.group(1), m.group(2)
            key = self._key_starting(fold_same_length(expansion))
            if key and abbr not in defs:
                defs[abbr] = key
        for abbr, key in defs.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w])", text):
                found.append((m.start(), m.end(), key))
        return found

    def _key_ending_at(self, folded_before: str) -> str | None:
        best = None
        for end, (alias_folded, entries) in self._automaton.iter(folded_before):
            if end == len(folded_before) - 1:
                start = end - len(alias_folded) + 1
                if start == 0 or not folded_before[start - 1].isalnum():
                    if best is None or len(alias_folded) > best[0]:
                        best = (len(alias_folded), entries[0].key)
        return best[1] if best else None

    def _key_starting(self, folded: str) -> str | None:
        best = None
        for end, (alias_folded, entries) in self._automaton.iter(folded):
            start = end - len(alias_folded) + 1
            if start == 0 and (end + 1 == len(folded) or not folded[end + 1].isalnum()):
                if best is None or len(alias_folded) > best[0]:
                    best = (len(alias_folded), entries[0].key)
        return best[1] if best else None


def _leftmost_longest(spans: list[tuple[int, int, str]],
                      weak: list[tuple[int, int, str]] = ()) -> list[tuple[int, int, str]]:
    ranked = [(s, e, k, 0) for s, e, k in set(spans)] + [(s, e, k, 1) for s, e, k in set(weak)]
    spans = [(s, e, k) for s, e, k, _ in sorted(ranked, key=lambda x: (x[0], -(x[1] - x[0]), x[3], x[2]))]
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for s, e, k in spans:
        if s >= last_end:
            out.append((s, e, k))
            last_end = e
        elif out and e - s > out[-1][1] - out[-1][0] and s == out[-1][0]:
            out[-1] = (s, e, k)
            last_end = e
    return out


@lru_cache(maxsize=1)
def actor_matcher() -> ActorMatcher:
    return ActorMatcher(load_actors())

"""Long word-list patterns tried only where a word can begin one of their matches.

Python's regular-expression engine tries every alternative of a pattern such as "any trigger word" (a few
hundred alternatives) at every word start of a text. Most word starts begin none of them: "the", "in",
"said". :class:`Prefiltered` reads, from the pattern's parse tree, every string of up to three characters
that can begin a match, and indexes a text's word starts by their first three characters, once per text;
the pattern is then tried only at the word starts whose first characters can begin it. The matches are
those of the pattern itself, at the same places, in the same order (``tests/test_prefilter.py`` checks
that over every article of the repository).

Only patterns whose matches start at a word start qualify: a leading ``\\b`` and every possible first
character a word character. For any other pattern, or one whose prefixes cannot be read (a wildcard or a
class of letters first, a back-reference, too many alternatives), :func:`prefiltered` returns the pattern
itself.
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as _c
from re import _parser

import ahocorasick

_K = 3                      # characters of a prefix
_MAX_STATES = 50_000        # prefixes enumerated before giving up on a pattern
_MAX_CLASS = 64             # characters of a class ([a-z]) enumerated before treating it as a wildcard
_WORD_START = re.compile(r"\b\w")
_WORD_CHAR = re.compile(r"\w")
_LONG = 1500                # texts this long are indexed once and the index kept (an article's text)
_LONG_PATTERN = 3000        # patterns this long are prefiltered on shorter texts too


class _Unreadable(Exception):
    pass


def _lower(ch: str) -> str | None:
    """The character as the index keys it, or None where IGNORECASE could match a character whose
    lower case differs (the long s, the dotless i, the dotted capital I)."""
    low = ch.lower()
    if len(low) != 1 or ch.upper().lower() != low:
        return None
    return low


def _charset(items) -> list[str] | None:
    chars: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            chars.append(chr(av))
        elif op is _c.RANGE:
            if av[1] - av[0] > _MAX_CLASS:
                return None
            chars += [chr(x) for x in range(av[0], av[1] + 1)]
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars += "0123456789"       # (other digits are not ASCII: the index keys them None, always tried)
        else:                           # another category (\w, \s), a negation: anything
            return None
        if len(chars) > _MAX_CLASS:
            return None
    return chars


# a state: (prefix, open); an open prefix can still grow, a closed one is cut (a wildcard followed,
# or it reached _K characters)
State = tuple[str, bool]


def _seq(items, states: set[State]) -> set[State]:
    for item in items:
        if not any(o for _, o in states):
            break
        states = _step(item, states)
        if len(states) > _MAX_STATES:
            raise _Unreadable
    return states


def _close(states: set[State]) -> set[State]:
    return {(s, False) for s, _ in states}


def _grow(states: set[State], chars: list[str]) -> set[State]:
    out: set[State] = set()
    for s, o in states:
        if not o:
            out.add((s, False))
            continue
        for ch in chars:
            low = _lower(ch)
            if low is None:
                out.add((s, False))
            else:
                t = s + low
                out.add((t, len(t) < _K))
    return out


def _step(item, states: set[State]) -> set[State]:
    op, av = item
    closed = {x for x in states if not x[1]}
    open_ = states - closed
    if op is _c.LITERAL:
        return closed | _grow(open_, [chr(av)])
    if op is _c.IN:
        chars = _charset(av)
        return closed | (_close(open_) if chars is None else _grow(open_, chars))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return states                   # zero-width: restricts matches, never adds a first character
    if op is _c.SUBPATTERN:
        return closed | _seq(av[3], open_)
    if op is _c.BRANCH:
        out = set(closed)
        for alternative in av[1]:
            out |= _seq(alternative, open_)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, body = av
        once = _seq(body, open_)
        if hi != 1:
            once = _close(once)         # more repetitions may follow: cut there
        return closed | once | (open_ if lo == 0 else set())
    return closed | _close(open_)       # anything else (a wildcard, a back-reference): cut here


def _prefixes(pattern: re.Pattern) -> tuple[frozenset[str], frozenset[str], frozenset[str]] | None:
    """(prefixes of 1, 2 and 3 characters) that can begin a match, or None when a match can begin
    anywhere or the pattern is not read."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        states = _seq(list(tree), {("", True)})
    except (_Unreadable, re.error, TypeError, ValueError, RecursionError):
        return None
    prefixes = {s for s, _ in states}
    if "" in prefixes or not all(_WORD_CHAR.match(s[0]) for s in prefixes):
        return None
    by_len = [frozenset(s for s in prefixes if len(s) == n) for n in (1, 2, 3)]
    return by_len[0], by_len[1], by_len[2]


@lru_cache(maxsize=256)
def _index(text: str) -> dict[str | None, list[int]]:
    """Word starts of ``text`` by their first three characters in lower case (key None: the characters
    are not all ASCII, where lower case is not a plain one-to-one mapping; those are always tried)."""
    out: dict[str | None, list[int]] = {}
    low = text.lower()
    if len(low) != len(text):           # a character whose lower case is longer ("İ"): slice the text itself
        low = None
    get = out.get
    for p in [m.start() for m in _WORD_START.finditer(text)]:
        key = low[p:p + _K] if low is not None else text[p:p + _K].lower()
        if not key.isascii():
            key = None
        positions = get(key)
        if positions is None:
            out[key] = [p]
        else:
            positions.append(p)
    return out


def _begins(key: str | None, prefixes: tuple[frozenset[str], frozenset[str], frozenset[str]]) -> bool:
    """Whether a word start whose first characters are ``key`` (None: not read) can begin a match of a
    pattern with these prefixes of 1, 2 and 3 characters."""
    return key is None or key in prefixes[2] or key[:2] in prefixes[1] or key[:1] in prefixes[0]


def _word_keys(text: str, start: int = 0) -> Iterator[tuple[int, str | None]]:
    """(word start, its first three characters in lower case) of a short text from ``start``; the key is None
    where they are not all ASCII or some character's lower case is longer (those are always tried)."""
    low = text.lower()
    same = len(low) == len(text)
    for m in _WORD_START.finditer(text, start):
        p = m.start()
        key = low[p:p + _K] if same else None
        yield p, key if key is not None and key.isascii() else None


class WordStarts:
    """Which of several word-initial patterns can begin at each word start of a short text: each pattern's
    prefixes are read once, and at a word start only the patterns its first characters can begin are
    listed (a pattern whose prefixes cannot be read, at every word start). kg/extract/relations.py tries its
    sixty cues this way rather than as one alternation at every word start."""

    def __init__(self, patterns: list[re.Pattern]):
        self.rxs = patterns
        read = [(i, _prefixes(rx)) for i, rx in enumerate(patterns)]
        self._always = tuple(i for i, pre in read if pre is None)
        self._read = [(i, pre) for i, pre in read if pre is not None]
        self._by_key: dict[str | None, tuple[int, ...]] = {}

    def _at(self, key: str | None) -> tuple[int, ...]:
        got = self._by_key.get(key)
        if got is None:
            got = tuple(range(len(self.rxs))) if key is None else tuple(sorted(self._always + tuple(
                i for i, pre in self._read if _begins(key, pre))))
            self._by_key[key] = got
        return got

    def word_starts(self, text: str, start: int = 0) -> Iterator[tuple[int, tuple[int, ...]]]:
        """(position, indexes of the patterns that can begin there) for each word start from ``start``."""
        for p, key in _word_keys(text, start):
            idxs = self._at(key)
            if idxs:
                yield p, idxs


class Prefiltered:
    """A compiled pattern with ``search``/``finditer``/``match`` that give its own results, trying it only
    at the word starts that can begin a match. Other attributes are the pattern's."""

    __slots__ = ("rx", "_p1", "_p2", "_p3", "_keys", "_long", "_short", "_on_short", "_gate")

    def __init__(self, rx: re.Pattern, prefixes: tuple[frozenset[str], frozenset[str], frozenset[str]]):
        self.rx = rx
        self._p1, self._p2, self._p3 = prefixes
        self._keys: dict[str | None, bool] = {None: True}
        # the candidates of the last long text and of the last short one (an article, then its clauses)
        self._long: tuple[str | None, list[int]] = (None, [])
        self._short: tuple[str | None, list[int]] = (None, [])
        # on a short text (a clause) the engine tries a short list of words faster than Python reads the
        # text's word starts: only a long list is prefiltered there
        self._on_short = len(rx.pattern) >= _LONG_PATTERN
        # on a short text, the strings every match contains are looked for first, where they are read
        words = required(rx)
        self._gate = Gated(rx, words) if words is not None else rx

    def __getattr__(self, name: str):
        return getattr(self.rx, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self.rx!r})"

    def _wanted(self, key: str | None) -> bool:
        hit = self._keys.get(key)
        if hit is None:
            hit = self._keys[key] = _begins(key, (self._p1, self._p2, self._p3))
        return hit

    def candidates(self, text: str) -> list[int]:
        """The word starts of ``text`` where a match can begin, in order."""
        if len(text) >= _LONG:
            if self._long[0] is text:
                return self._long[1]
            found: list[int] = []
            lists = 0
            for key, positions in _index(text).items():
                if self._wanted(key):
                    found += positions
                    lists += 1
            if lists > 1:
                found.sort()
            self._long = (text, found)
            return found
        if self._short[0] is text:
            return self._short[1]
        # a sentence or a clause: its few word starts are read directly, without an index
        wanted = self._wanted
        found = [p for p, key in _word_keys(text) if wanted(key)]
        self._short = (text, found)
        return found

    def _none_in(self, text: str, pos: int, end: int) -> bool:
        """Whether a short text, searched whole, holds none of the strings every match contains."""
        return pos == 0 and end >= len(text) and isinstance(self._gate, Gated) and not self._gate.possible(text)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        end = len(text) if endpos is None else endpos
        if len(text) < _LONG and not self._on_short:
            yield from self._gate.finditer(text, pos, end)
            return
        if len(text) < _LONG and self._none_in(text, pos, end):
            return
        cands = self.candidates(text)
        last = pos
        match = self.rx.match
        for i in range(bisect_left(cands, pos), len(cands)):
            p = cands[i]
            if p < last:
                continue
            if p >= end:
                break
            m = match(text, p, end)
            if m is not None:
                yield m
                last = m.end()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        if len(text) < _LONG and not self._on_short:
            return self._gate.search(text, pos, end)
        if len(text) < _LONG and self._none_in(text, pos, end):
            return None
        cands = self.candidates(text)
        match = self.rx.match
        for i in range(bisect_left(cands, pos), len(cands)):
            p = cands[i]
            if p >= end:
                break
            m = match(text, p, end)
            if m is not None:
                return m
        return None

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return self.rx.match(text, pos, len(text) if endpos is None else endpos)


def prefiltered(rx: re.Pattern) -> re.Pattern | Prefiltered:
    """``rx`` behind a prefilter where it qualifies (a leading ``\\b``, readable prefixes), else ``rx``."""
    if not rx.pattern.startswith("\\b"):
        return rx
    prefixes = _prefixes(rx)
    return rx if prefixes is None else Prefiltered(rx, prefixes)


# -- required words --------------------------------------------------------------------------------
# A pattern such as "(?P<who>(?:the )?\w+(?: \w+){0,3}) (?:put|gave) (?:its|their) toll" can begin at any
# position, so the engine tries it at every character of a clause, although most clauses hold neither
# "put" nor "gave". From the parse tree, :func:`required` reads a set of strings one of which every match
# contains; :class:`Gated` looks for them (one Aho-Corasick pass per text for all such patterns) before
# running the pattern.

_MAX_WORDS = 64             # strings in a run of the pattern before it is cut
_MAX_SET = 4096             # strings of alternatives together (an automaton looks for them all at once)
_MIN_REQUIRED = 3           # a set whose shortest string is shorter tells too little to be worth a look
_SHORT = 64                 # texts shorter than this are left to the pattern


def _exact(items, ignore_case: bool) -> set[str] | None:
    """Every string a sequence can match, when it can match only a few fixed strings; else None."""
    out = {""}
    for op, av in items:
        if op is _c.LITERAL:
            step = {chr(av)}
        elif op is _c.IN:
            chars = _charset(av)
            if chars is None or len(chars) > 4:
                return None
            step = set(chars)
        elif op is _c.AT:
            continue
        elif op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE and not ignore_case:
                return None             # a case-blind group in a pattern that is not ("(?i:...)")
            step = _exact(av[3], ignore_case)
        elif op is _c.BRANCH:
            step = set()
            for alternative in av[1]:
                one = _exact(alternative, ignore_case)
                if one is None:
                    return None
                step |= one
        elif op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            lo, hi, body = av
            one = _exact(body, ignore_case)
            if one is None or (lo, hi) != (0, 1):
                return None
            step = one | {""}
        else:
            return None
        if step is None or len(out) * len(step) > _MAX_WORDS:
            return None
        out = {a + b for a in out for b in step}
    return out


def _required(items, ignore_case: bool) -> list[frozenset[str]]:
    """Sets of strings, each set holding one string that every match of the sequence contains."""
    found: list[frozenset[str]] = []
    run = {""}

    def cut() -> None:
        nonlocal run
        if "" not in run:
            found.append(frozenset(run))
        run = {""}

    for item in items:
        op, av = item
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue                    # zero-width: the run of characters goes on
        step = _exact([item], ignore_case)
        if step is not None and "" not in step and len(run) * len(step) <= _MAX_WORDS:
            run = {a + b for a in run for b in step}
            continue
        cut()
        if step is not None and "" not in step:
            run = step                  # too many to join the run: a run of its own
        elif op is _c.SUBPATTERN and not (av[1] & re.IGNORECASE and not ignore_case):
            found += _required(av[3], ignore_case)
        elif op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            if av[0] >= 1:
                found += _required(av[2], ignore_case)
        elif op is _c.BRANCH:
            # every alternative requires one of its own strings: together, one of them all
            per = [_required(alternative, ignore_case) for alternative in av[1]]
            if all(per):
                best = [min(p, key=_selectivity) for p in per]
                union = frozenset().union(*best)
                if len(union) <= _MAX_SET:
                    found.append(union)
    cut()
    return found


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    return -min(len(w) for w in words), len(words)


def required(rx: re.Pattern) -> frozenset[str] | None:
    """A set of strings (in lower case for a case-blind pattern) one of which every match of ``rx``
    contains, or None when none is read or the strings are too short to be worth a look."""
    ignore_case = bool(rx.flags & re.IGNORECASE)
    try:
        tree = _parser.parse(rx.pattern, rx.flags & ~re.UNICODE)
        sets = _required(list(tree), ignore_case)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    if not sets:
        return None
    best = min(sets, key=_selectivity)
    if min(len(w) for w in best) < _MIN_REQUIRED:
        return None
    if ignore_case:
        if not all(_lower(ch) is not None and ch.lower() == ch.casefold() for w in best for ch in w):
            return None             # a character whose case is not one to one ("ß"): no plain lower case
        best = frozenset(w.lower() for w in best)
    return best


_LOWERED: list = [None, None]


def _lowered(text: str) -> str:
    """``text`` for a case-blind substring test: lower case, and where some character's case is not one
    to one (the long s, the Kelvin sign), case-folded, so that no string the pattern can match is missed."""
    if _LOWERED[0] is not text:
        _LOWERED[0], _LOWERED[1] = text, text.lower() if text.isascii() else text.casefold()
    return _LOWERED[1]


class _Strings:
    """The strings of every Gated pattern in one Aho-Corasick automaton: one pass over a text tells which
    of them it holds, for all the patterns tested on that text (a clause is tested by a score of them)."""

    _KEEP = 4               # texts whose strings are kept (a clause, its lower case, the article, ...)

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._automaton = None
        self._recent: list[tuple[str, set[int]]] = []

    def register(self, words) -> frozenset[int]:
        for w in words:
            if w not in self.ids:
                self.ids[w] = len(self.ids)
                self._automaton = None          # built again, with the new strings, at the next test
        return frozenset(self.ids[w] for w in words)

    def held(self, text: str) -> set[int]:
        """The ids of the strings ``text`` holds."""
        for seen, found in self._recent:
            if seen is text:
                return found
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for w, i in self.ids.items():
                automaton.add_word(w, i)
            automaton.make_automaton()
            self._automaton = automaton
            self._recent = []
        found = {i for _, i in self._automaton.iter(text)}
        self._recent = [(text, found), *self._recent[:self._KEEP - 1]]
        return found


_STRINGS = _Strings()


class Gated:
    """A pattern whose ``search``/``finditer``/``findall`` first look for the strings every match
    contains (:func:`required`) and give no match when none is there; otherwise the pattern's own
    results. ``match``/``fullmatch`` (read at a given place) and every other attribute are the pattern's."""

    __slots__ = ("rx", "words", "_ids", "_blind")

    def __init__(self, rx, words: frozenset[str]):
        self.rx = rx
        self.words = tuple(sorted(words))
        self._ids = _STRINGS.register(self.words)
        self._blind = bool(rx.flags & re.IGNORECASE)

    def __getattr__(self, name: str):
        return getattr(self.rx, name)

    def __repr__(self) -> str:
        return f"Gated({self.rx!r})"

    def possible(self, text: str) -> bool:
        """Whether ``text`` holds one of the strings every match contains (a few words are not looked
        through: the pattern reads them faster than the automaton is run and its answer kept)."""
        if len(text) < _SHORT:
            return True
        return not self._ids.isdisjoint(_STRINGS.held(_lowered(text) if self._blind else text))

    # (a search of a window of a longer text is left to the pattern: reading the whole text for the
    # strings would cost more than the window)
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if pos or endpos < len(text) or self.possible(text):
            return self.rx.search(text, pos, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if pos or endpos < len(text) or self.possible(text):
            return self.rx.finditer(text, pos, endpos)
        return iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if pos or endpos < len(text) or self.possible(text):
            return self.rx.findall(text, pos, endpos)
        return []

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return self.rx.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return self.rx.fullmatch(text, pos, endpos)


def gated(rx: re.Pattern) -> re.Pattern | Gated | Prefiltered:
    """``rx`` tried only where it can match: at the word starts that can begin a match where those are read
    (:func:`prefiltered`), else behind a test for the strings every match contains, where such strings are
    read; else ``rx`` itself."""
    fast = prefiltered(rx)
    if fast is not rx:
        return fast
    words = required(rx)
    return rx if words is None else Gated(rx, words)

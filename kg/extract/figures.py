"""Casualty figures in a clause: what a number counts, whose losses they are, and who said so.

>>> [(c.property, c.quantity.value) for c in find_figures("At least 71 soldiers were killed and 30 are missing.")]
[('killed', 71), ('missing', 30)]
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.extract.lexicon import lexicon
from kg.extract.numbers import QuantityMatch, find_quantities
from kg.model import Claim, Quantity

_TOTAL = re.compile(r"\b(?:total(?:ling)?|in all|altogether|overall)\b[\s:]*(?:of\s+)?$", re.IGNORECASE)
_TOLD_VERBS = r"died|dead|killed|wounded|injured|were|was|are|is|have|had|perished|lost|tu[ée]s|morts|bless[ée]s|sont|ont"
# "27 soldiers and 10 civilians", "65 civilians, 14 soldiers and six volunteers", "33 soldats et 7 VDP": one
# toll; not "ten were killed in A and five in B" (a toll per place)
_JOIN = re.compile(r"^\s*(?:(?!(?:in|at|near|à|en)\s)[a-z\-]+\s+){1,6}?(?:and|et|\+|plus)\s+$"
                   # ("twelve men died, eleven soldiers and one gendarme": a total, then its parts)
                   r"|^\s*(?:(?!(?:in|at|near|à|en|" + _TOLD_VERBS + r")\s)[a-z\-]+\s+){0,5}?"
                   r"(?:(?!(?:in|at|near|à|en|" + _TOLD_VERBS + r")\b)[a-z\-]+)"
                   r"(?:,\s*\d[\d,]*\s+of\s+(?:them|whom)\s+[a-z ]{1,30}?)?,\s+(?:(?:and|et)\s+)?$", re.IGNORECASE)
_LIST_CONTINUES = re.compile(r"\s*(?:(?!(?:in|at|near|on|from|à|en|" + _TOLD_VERBS + r")\b)[\w\-'\u2019]+\s+){0,4}?"
                             r"(?!(?:in|at|near|on|from|à|en|" + _TOLD_VERBS + r")\b)[\w\-'\u2019]+"
                             r"(?:,\s*\d[\d,]*\s+of\s+(?:them|whom)\s+[\w ]{1,30}?)?"
                             r"(?:,\s*(?:and|et)\s+|,\s+|\s+(?:and|et|as well as)\s+)", re.IGNORECASE)
_CLAIMANT_BEFORE = re.compile(r"\b(?:according to|told|quoted|cited by|selon)\s+(?:the\s+)?$", re.IGNORECASE)
_ESTIMATE = re.compile(r"\b(?:put|gave|estimated?|counted|range|toll|figure|number)\b", re.IGNORECASE)
_BEFORE_WINDOW = 45
_AFTER_WINDOW = 70
_NON_COUNT_AFTER = re.compile(r"^\s*(?:%|per ?cent|percent|km|kilomet|miles?|met(?:re|er)s?|hours?|days?|weeks?|months?|"
                              r"years?|minutes?|survivors?|vehicles?|trucks?|pick-?ups?|motorcycles?|rifles?|weapons?|guns?|"
                              r"kg|tonnes?|dollars?|\$|francs?|a\.m|p\.m|GMT|Z\b|times|(?:[a-z]+\s+)?(?:figures|versions|statements|tolls|"
                              r"counts|estimates|accounts|sources|occasions|attempts|rounds|waves|columns|groups|factions|houses|homes|"
                              r"huts|buildings|shops|churches|mosques|schools|cattle|livestock|animals|goats|camels|"
                              r"villages|towns|posts|bases|camps|provinces|regions|districts|countries|explosions|blasts|attacks|bombs|"
                              r"bombings|incidents|strikes|raids|shells|rockets|missiles|drones|mortars|ambushes|assaults|"
                              r"grenades|explosive devices|devices)\b)", re.IGNORECASE)


_LOST_BEFORE = re.compile(r"\b(?:lost|loses|losing|lose)\s+(?:at least |more than |about |some |nearly |up to |over )?$",
                          re.IGNORECASE)
_PEOPLE_AFTER = re.compile(r"\s+(?:[\w\-]+\s+)?(?:soldiers|men|troops|officers|policemen|personnel|gendarmes|peacekeepers|"
                           r"servicemen|fighters|members|civilians)\b", re.IGNORECASE)
# "two men were sentenced to death": a court, not a toll
_SENTENCED = re.compile(r"^\s*(?:[\w\-]+\s+){0,4}?(?:were|was|have been|had been|are)\s+(?:later\s+)?(?:sentenced|condemned)\s+"
                        r"to death|^\s*(?:[\w\-]+\s+){0,3}?(?:on death row|death sentences?)", re.IGNORECASE)
_YEAR_OF_DATE = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                           r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|f[ée]vrier|mars|avril|mai|"
                           r"juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|in|since|of)\.?,?\s+$", re.IGNORECASE)
_AGE_APPOSITION = re.compile(r"\b[A-Z][\w'\-]+,\s*$")
_ENUMERATOR = re.compile(r"^\(?\d{1,2}\)$")
# a part of a toll told elsewhere: "46 of the dead were girls", "the dead included three Kenyans",
# "the wedding bomb alone killed seven"
_SUBSET_AFTER = re.compile(r"^\s*(?:of (?:the|those) (?:dead|killed|victims|casualties|wounded|injured|bodies)|of them\b|"
                           r"of whom\b)", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(r"\b(?:(?:dead|victims|casualties|those killed|fatalities) (?:included|include|were|are)|"
                            r"\balone (?:killed|left)|among (?:the dead|the victims|those killed) (?:were|are))\s+"
                            r"(?:at least |about |some |more than )?$", re.IGNORECASE)
# "six of them were shot dead": a part of the people told before, the part that died (not a part of a toll)
_GROUP_KILLED = re.compile(r"^\s*of them\s+(?:were|had been|have been)\s+(?:also\s+|later\s+)?(?:killed|shot dead|executed|"
                           r"beheaded|murdered|gunned down|slain)\b", re.IGNORECASE)
# "said one researcher", "two officials told": people who spoke; "the figure of 55": a figure quoted
_SPEAKER_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:officials?|sources?|researchers?|analysts?|witnesses?|residents?|diplomats?|"
                            r"spokesm[ae]n|officers?|journalists?|survivors?|doctors?|medics?)\s+(?:said|told|says|say|"
                            r"quoted|speaking|who spoke|interviewed|contacted|who)\b", re.IGNORECASE)
_QUOTED_FIGURE = re.compile(r"\b(?:the|that|this) (?:figure|number) of\s+$|\b(?:mother|father|parent|grandmother|"
                            r"grandfather|family) of\s+$", re.IGNORECASE)


# "the death toll from Friday's attack on X has risen to 37", "the number of people killed when ... rose to
# 37": the figure the toll reached, however far its subject is from the number
_TOLL_REACHED = re.compile(r"\b(?:death toll|toll|number of (?:[\w\-]+ ){0,2}?(?:killed|dead|deaths|fatalities|victims|"
                           r"(injured|wounded))|fatalities)\b[^.;:]{0,160}?\b(?:has |had |have )?(?:now |since |later |also )?"
                           r"(?:risen|rose|climbed|increased|jumped|reached|hit|stands|stood|grew|gone up|went up)"
                           r"(?: at| to)?\s+(?:at least |more than |over |nearly |about |some |almost )?$", re.IGNORECASE)


_DEATH_WORDS = (r"(?:killed|shot dead|shot and killed|gunned down|beheaded|murdered|executed|slain|lynched|"
                r"(?:hacked|stabbed|beaten|burned|burnt) to death|wounded|injured|abducted|kidnapped|missing)")


@lru_cache(maxsize=1)
def _single_rx() -> re.Pattern:
    """One person governed by a death, wound or abduction verb (the nouns of lexicon.yaml single_victims)."""
    nouns = lexicon().single_victims
    return re.compile(
        r"\b(?P<a>an?|(?<=and )(?:their|his|her|its))\s+(?:[\w\-]+\s+){0,2}?" + nouns + r"(?![\w\-])(?=(?:\s*,[^,.;]{1,90},|"
        r"\s+(?:who|whom|whose)\b(?:(?!\b(?:said|says|say|told|added)\b)[^,.;]){1,90}?,?)?"
        r"\s+(?:was|were|has been|had been|is|got)\s+(?:also\s+|reportedly\s+|later\s+|allegedly\s+|briefly\s+)?" + _DEATH_WORDS + r"\b)|"
        r"\b(?:killed|killing|kills|shot dead|beheaded|beheading|murdered|executed|executing|wounded|wounding|"
        r"injured|injuring|abducted|abducting|kidnapped|kidnapping)\s+(?P<b>an?)\s+(?:[\w\-]+\s+){0,2}?" + nouns
        + r"(?![\w\-])", re.IGNORECASE)


# the same in French: "tuant un soldat", "un gendarme a été tué"
_FR_PERSON = (r"(?:soldat|militaire|civil|policier|gendarme|douanier|enseignant|[ée]l[èe]ve|pr[êe]tre|pasteur|imam|chef|"
              r"commer[çc]ant|berger|passant|fid[èe]le|volontaire|femme|homme|enfant|habitant|villageois|agent|otage)")
_FR_VERBS = r"(?:tu[ée]e?|bless[ée]e?|enlev[ée]e?|kidnapp[ée]e?|ex[ée]cut[ée]e?|abattue?)"
_SINGLE_FR = re.compile(
    r"\b(?:tuant|blessant|enlevant|(?:a|ont|avait|avaient) (?:tu[ée]|bless[ée]|enlev[ée]|abattu|ex[ée]cut[ée]))\s+"
    r"(?P<b>une?)\s+(?:[\w\-]+\s+)?" + _FR_PERSON + r"\b|"
    r"\b(?P<a>une?)\s+(?:[\w\-]+\s+)?" + _FR_PERSON + r"\s+(?:a|avait) [ée]t[ée]\s+(?:[\w]+\s+)?" + _FR_VERBS + r"\b",
    re.IGNORECASE)


def _single_victims(clause: str) -> list[tuple[QuantityMatch, str]]:
    """"A soldier was killed", "killing a policeman": one person counted without a number, only where a
    death (or wound, abduction) verb governs the noun directly; each with the property its verb tells."""
    out = []
    for m in _SINGLE_FR.finditer(clause):
        g = "a" if m.group("a") else "b"
        verb = m.group(0).lower() if g == "b" else m.group(0).lower().rsplit(" ", 1)[-1]
        verb = re.search(r"tu|bless|enlev|kidnapp|ex[ée]cut|abatt", verb).group(0)
        prop = "wounded" if verb == "bless" else "abducted" if verb in ("enlev", "kidnapp") else "killed"
        out.append((QuantityMatch(m.start(g), m.end(g), m.group(g), Quantity(value=1)), prop))
    for m in _single_rx().finditer(clause):
        g = "a" if m.group("a") else "b"
        verb = re.search(_DEATH_WORDS + "|kill|behead|execut|wound|injur|abduct|kidnap", m.group(0) if g == "b"
                         else clause[m.end():m.end() + 140], re.IGNORECASE).group(0).lower()
        prop = ("wounded" if verb.startswith(("wound", "injur")) else "abducted" if verb.startswith(("abduct", "kidnap"))
                else "missing" if verb == "missing" else "killed")
        out.append((QuantityMatch(m.start(g), m.end(g), m.group(g), Quantity(value=1)), prop))
    return out


# "no one was killed", "the blast killed nobody", "there were no casualties": a toll of zero
_ZERO = re.compile(r"\b(?:(?:no(?:body| one|-one)|none)\s+(?:was|were|had been|has been|is)\s+(?:reported\s+)?"
                   r"(?P<p1>killed|hurt|injured|wounded|harmed)|(?:kill(?:ed|ing)|kills)\s+(?:nobody|no one|no-one)|"
                   r"(?:no (?:casualties|deaths|fatalities|victims|loss of life)|without (?:causing )?(?:any )?"
                   r"(?:casualties|loss of life|victims)|aucune victime|sans faire de victimes?|n['\u2019]a fait aucune victime))\b",
                   re.IGNORECASE)


def _zero_tolls(clause: str, offset: int, sentence: int) -> list[Claim]:
    out = []
    for m in _ZERO.finditer(clause):
        prop = "wounded" if (m.group("p1") or "").lower() in ("hurt", "injured", "wounded", "harmed") else "killed"
        out.append(Claim(property=prop, quantity=Quantity(value=0), sentence=sentence,
                         start=offset + m.start(), end=offset + m.end()))
    return out


def find_figures(clause: str, offset: int = 0, sentence: int = -1, topic: str | None = None,
                 quantities: list | None = None) -> list[Claim]:
    """Figures with a property (killed, wounded, missing, abducted, displaced, perpetrators_killed).

    ``topic`` is the property the surrounding text is counting ("the dead" of the previous sentence):
    a bare estimate ("gave a range of between 200 and 400") counts it. ``quantities``: the number
    expressions of the clause when already found (positions relative to the clause)."""
    lex = lexicon()
    claims: list[Claim] = []
    if quantities is None:
        quantities = find_quantities(clause)
    quantities = [q for q in quantities if getattr(q, "unit", None) is None]
    single_props: dict[int, str] = {}
    if re.search(r"\b(?:an?|their|his|her|its)\s", clause, re.IGNORECASE):
        single = _single_victims(clause)
        if single:
            single_props = {q.start: prop for q, prop in single}
            quantities = sorted(quantities + [q for q, _ in single], key=lambda q: q.start)
    for q in quantities:
        if _inside_breakdown(clause, q.start) or _CLAIMANT_BEFORE.search(clause[max(0, q.start - 20):q.start]):
            continue        # "according to two officers": the people who spoke, not a toll
        after = clause[q.end:q.end + _AFTER_WINDOW]
        if _YEAR_OF_DATE.search(clause[max(0, q.start - 16):q.start]) and re.fullmatch(r"(?:19|20)\d\d", clause[q.start:q.end]):
            continue        # "On 23 March 2019 men ... killed": the year of a date
        if _AGE_APPOSITION.search(clause, 0, q.start) and clause[q.end:q.end + 1] == "," \
                and re.fullmatch(r"\d{1,2}", clause[q.start:q.end]):
            continue        # "His bodyguard, Vittorio Iacovacci, 30, was also killed": his age
        if _ENUMERATOR.match(clause[max(0, q.start - 1):q.end + 1]) or _ENUMERATOR.match(clause[q.start:q.end + 1]) \
                and not clause[:q.start].strip():
            continue        # "(1) Suicide bomber ...", "2) ...": a list marker, not a count
        if _NON_COUNT_AFTER.match(after) or q.quantity.value is None and q.quantity.low is None \
                or _SENTENCED.match(after):
            continue
        if _SUBSET_AFTER.match(after) and not _GROUP_KILLED.match(after) \
                or _SUBSET_BEFORE.search(clause[max(0, q.start - 40):q.start]) \
                or _SPEAKER_AFTER.match(after) or _QUOTED_FIGURE.search(clause[max(0, q.start - 20):q.start]):
            continue
        reached = _TOLL_REACHED.search(clause, max(0, q.start - 220), q.start)
        if q.start in single_props:
            prop = single_props[q.start]
        else:
            prop = ("wounded" if reached.group(1) else "killed") if reached else _property(clause, q.start, q.end)
        if prop == "captured":
            continue
        if prop is None and _LOST_BEFORE.search(clause, max(0, q.start - 30), q.start) and _PEOPLE_AFTER.match(after):
            prop = "killed"     # "the army lost 98 soldiers"
        if prop is None and topic and (q.quantity.low is not None or _ESTIMATE.search(clause[:q.start])):
            prop = topic
        if prop is None and claims and claims[-1].property in ("killed", "wounded", "abducted", "missing") \
                and _LIST_CONTINUES.fullmatch(clause, claims[-1].end - offset, q.start):
            # "killing 65 civilians, 14 soldiers and six volunteer fighters": the same count, the same side
            claims.append(Claim(property=claims[-1].property, quantity=q.quantity, sentence=sentence,
                                start=offset + q.start, end=offset + q.end))
            continue
        if prop is None:
            continue
        if prop == "killed" and _is_attacker_count(clause, q.start, q.end):
            prop = "perpetrators_killed"
        claims.append(Claim(property=prop, quantity=q.quantity, sentence=sentence,
                            start=offset + q.start, end=offset + q.end))
    if re.search(r"\b(?:no|nobody|none|without|aucune|sans)\b", clause, re.IGNORECASE):
        zeros = [z for z in _zero_tolls(clause, offset, sentence) if not any(c.property == z.property for c in claims)]
        claims = sorted(claims + zeros, key=lambda c: c.start)
    return _less_attackers(clause, _combine(clause, claims, offset), quantities, offset)


_BREAKDOWN_OPENS = re.compile(r"\s*(?:(?:people|persons|dead|deaths|killed|morts|tu[ée]s|victimes)\s*)?"
                              r"(?::|\(|,\s*(?:including|among them|of whom|dont|parmi lesquels|soit)\b)", re.IGNORECASE)


def _less_attackers(clause: str, claims: list[Claim], quantities, offset: int) -> list[Claim]:
    """"l'attaque a fait neuf morts : quatre assaillants, quatre clients et un militaire", "killing 12 (five
    attackers and seven soldiers)": the toll told with its parts counts the attackers, whose losses are never
    the event's killed; the figure is the toll less them."""
    out = []
    for c in claims:
        q = c.quantity
        opens = _BREAKDOWN_OPENS.match(clause, c.end - offset) if c.property == "killed" and q.value and not q.vague \
            else None
        if opens:
            stop = re.search(r"[.;)]|$", clause[opens.end():])
            end = opens.end() + stop.start()
            attackers = sum(x.quantity.value or 0 for x in quantities
                            if opens.end() <= x.start < end and x.quantity.value and _is_attacker_count(clause, x.start, x.end))
            if 0 < attackers < q.value:
                c = replace(c, quantity=Quantity(value=q.value - attackers, qualifier=q.qualifier))
        out.append(c)
    return out


def _inside_breakdown(clause: str, start: int) -> bool:
    """"9 KIA (6 civ, 3 SF)", "46 neutralised incl. 3 leaders": parts of a figure already counted."""
    before = clause[:start]
    opened = before.rfind("(")
    if opened > before.rfind(")") and not _TOTAL.search(before[-25:]) and re.search(r"\d", before[max(0, opened - 25):opened]):
        return True
    if re.search(r"\d[^\u2013\u2014]{0,30}\s[\u2013\u2014]\s[^\u2013\u2014]{0,60}$", before[-100:]):
        return True     # "131 civilians – 102 men, 17 women and 12 children –": parts of the toll before
    return bool(re.search(r"\b(?:incl\.?|including|among them|of whom|of them)\s*$", before[-25:], re.IGNORECASE))


def _property(clause: str, start: int, end: int) -> str | None:
    """The figure word nearest to the number, preferring words after it in the same phrase."""
    lex = lexicon()
    best: tuple[int, str] | None = None
    after = clause[end:end + _AFTER_WINDOW]
    cut = re.search(r"[;:]|,\s+(?:while|but|and|depending|according|who|which|whom)\b|\bwhile\b|\bbut\b", after)
    after = after[:cut.start()] if cut else after
    before_start = max(0, start - _BEFORE_WINDOW)
    before = clause[before_start:start]
    cut_b = list(re.finditer(r"[;:]|\bwhile\b|\bbut\b|\d", before))
    if cut_b:
        before = before[cut_b[-1].end():]
        before_start = start - len(before)
    for prop, rx in lex.figure_words.items():
        for m in rx.finditer(after):
            d = m.start()
            if best is None or d < best[0]:
                best = (d, prop)
        for m in rx.finditer(before):
            d = (start - (before_start + m.end())) * 2 + 5   # words before the number weigh less
            if best is None or d < best[0]:
                best = (d, prop)
    return best[1] if best else None


def _is_attacker_count(clause: str, start: int, end: int) -> bool:
    lex = lexicon()
    after = clause[end:end + 40]
    words = re.match(r"\s*((?:[\w'\-\u2019\"]+\s+){0,3}[\w'\-\u2019\"]+)", after)
    head = words.group(1) if words else ""
    if lex.attacker_nouns.search(head):
        if re.search(r"\b(?:civilians?|soldiers?|people|villagers?|residents?|farmers?|volunteers?|vigilantes?|"
                     r"self-defen[cs]e|VDP|police(?:men)?|gendarmes?|peacekeepers?|rangers?)\b", head, re.IGNORECASE):
            return False
        return True
    following = re.split(r"[,;()]", clause[end:end + 60], maxsplit=1)[0]
    return bool(lex.attacker_loss_verbs.search(following))


def _combine(clause: str, claims: list[Claim], offset: int) -> list[Claim]:
    """"17 mil + 36 VDP KIA (total 53)" -> 53; "27 soldiers and 10 civilians killed" -> 37."""
    out: list[Claim] = []
    i = 0
    while i < len(claims):
        c = claims[i]
        group = [c]
        j = i + 1
        while j < len(claims) and claims[j].property == c.property and c.quantity.value is not None \
                and claims[j].quantity.value is not None \
                and _JOIN.match(clause[group[-1].end - offset:claims[j].start - offset] + " ") \
                and not claims[j].quantity.vague and not c.quantity.vague:
            group.append(claims[j])
            j += 1
        totals = [k for k in range(j, len(claims)) if claims[k].property == c.property
                  and _TOTAL.search(clause[max(0, claims[k].start - offset - 20):claims[k].start - offset])]
        if totals:
            out.append(claims[totals[0]])
            skip = set(range(i, j)) | {totals[0]}
            i = j
            while i < len(claims) and i in skip:
                i += 1
            continue
        if len(group) > 1:
            total = sum(g.quantity.value for g in group)
            q = Quantity(value=total, qualifier=group[0].quantity.qualifier)
            out.append(Claim(property=c.property, quantity=q, sentence=c.sentence, start=group[0].start,
                             end=group[-1].end))
        else:
            out.append(c)
        i = j
    return out

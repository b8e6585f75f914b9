"""Event frames: from clauses with triggers, places, dates, actors and figures to event reports.

The article is read in order, clause by clause, keeping a little discourse state: the event in focus
(the last one told), the last armed group named (for "the group", "it"), and per paragraph the last
place and date (for "the outpost", "that day"). A clause with a trigger and a named place starts an
event or adds to the one at the same place and a compatible date; a clause that refers back ("the
attack", "that assault") or only adds figures and claims adds to the event in focus.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.extract.actors import UNIDENTIFIED
from kg.extract.figures import find_figures
from kg.extract.lexicon import lexicon
from kg.extract.numbers import QUALIFIERS
from kg.extract.places import BEARINGS, COMPASS, PlaceHit
from kg.extract.prefilter import gated
from kg.model import Claim, DateValue, EventReport, Mention, Quantity, Responsibility

_PAST_VERBS = frozenset("overran struck took fell blew shot swept tore rode burst broke hit stole slew went drove "
                        "fought overrun overruns overrunning".split())
_ANAPHOR = re.compile(r"(?:\b(?:the|that|this|these|those|its|their|same|latest|last|such)\s+(?:[\w\-]+\s+){0,2}$)",
                      re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|that|this)\s+|(?<![\w])(?:l['\u2019]|(?:cet|cette)\s+))$", re.IGNORECASE)
# "The attack came less than a week after Hollande's visit to Gao on 13 January", "L'attaque intervient après ...":
# the told incident set beside another; the clause's date and place are the other's
_CAME_AFTER = re.compile(r"\s+(?:came|comes|happened|occurred|intervient|survient|est survenue)\b[^.;]{0,50}?"
                         r"\b(?:after|before|après|avant)\b", re.IGNORECASE)
# (not "a figure Reuters could not independently verify": a hedge on the source, not on the event)
_MODAL = re.compile(r"\b(?:will|would|could(?!\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm))|might|(?-i:may)(?!\s+\d)|likely|expected|possible|possibly|risk|threat|threatens?|"
                    r"plans? to|warn(?:s|ed)? of|fear(?:s|ed)? of|prevent|outlook)\b", re.IGNORECASE)
_RUNNING_SPAN = re.compile(r"\b(?:between|from|entre|de)\s+(?:(?:early|late|mid-?|d[ée]but|fin)\s+)?(?:[^\W\d]+\s+)?"
                           r"(?:19|20)\d\d\s+(?:and|to|until|through|et|à|a|au|jusqu['\u2019]en)\s+"
                           r"(?:(?:early|late|mid-?|d[ée]but|fin)\s+)?(?:[^\W\d]+\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
_GENERIC = gated(re.compile(r"\b(?:recent (?:years|months)|across the region|most other|other recent|every|each time|"
                            r"frequent|routinely|often|regularly|deadliest|since \d{4}|since the|in recent|tens of thousands|"
                            r"hundreds of thousands|over the years|in the past (?:decade|years)|in (?:two|three|four|five|six|seven|eight|nine|ten|"
                            r"\d+) years|over the (?:past|last) (?:\w+ )?(?:years|decade)|still (?:carr(?:y|ies)|conducts?|launch(?:es)?|stages?|mounts?)|continues? to|"
                            r"(?:stepped|steps|ramped|ramps) up (?:its |their )?(?:attacks|raids|operations)|"
                            r"(?:intensified|intensifies|escalated|escalates) (?:its |their )?(?:attacks|raids|operations|campaign))\b", re.IGNORECASE))
# "more than 40 had been killed in such attacks": a toll of many incidents, of none of them
_AGGREGATE_TOLL = gated(re.compile(r"\b(?:in|by) (?:such|these|those|similar|all these|all such) (?:attacks|raids|assaults|"
                                   r"incidents|bombings|ambushes|killings)\b", re.IGNORECASE))
# "89 civilians were killed in three separate incidents": a toll summed over incidents
_TOLL_OVER_INCIDENTS = gated(re.compile(r"\b(?:killed|died|dead|deaths|tu[ée]e?s|morts)\b[^.;]{0,40}?\b(?:in|during|dans|lors de|en)\s+"
                                        r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|deux|trois|"
                                        r"quatre|cinq|plusieurs)\s+(?:separate\s+|different\s+|distinct\s+)?(?:incidents|"
                                        r"attacks|raids|assaults|ambushes|bombings|attaques|incidents distincts)\b", re.IGNORECASE))
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+\s+)?$", re.IGNORECASE)
_TARGET_PREP = re.compile(r"\b(?:on|against|targeting|targeted|at|into|ambushed|attacked|attacking|killed|killing|"
                          r"struck|hit|bombed|shelled|pounded|bombarded|overran|overrunning|raided|stormed|besieged|routed|sur|contre)\s+(?:an?\s+|the\s+|a\s+)?"
                          r"(?:(?!(?:when|after|as|while|before|because|since|and|but|by|\d+(?:st|nd|rd|th)?|january|february|march|april|"
                          r"may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|"
                          r"friday|saturday|sunday|the night|the morning)\b)[\w\-]+\s+){0,3}$",
                          re.IGNORECASE)
# "recaptured Sirte from the Islamic State", "drove al-Shabaab from Kismayo": the side that lost the place
_TAKEN_FROM_ACTOR = re.compile(r"\b(?:recaptured|retook|retaken|seized|captured|wrested|liberated|took back|taken back|"
                               r"won back)\s+(?:[\w\-'\u2019]+\s+){1,6}from\s+(?:the\s+)?(?:[\w\-]+\s+)?$|"
                               r"\b(?:drove|driven|pushed|expelled|chased|ousted|dislodged)\s+(?:the\s+)?$|"
                               # "the liberation of Tikrit from the grip of the terrorist Daesh gangs"
                               r"\bfrom\s+(?:the\s+)?(?:grip|hands|clutches|control|yoke|occupation)\s+of\s+(?:the\s+)?"
                               r"(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_WAVE = re.compile(r"\b(?:wave|series|string|spate) of (?:[\w\-]+ ){0,2}?(?:attacks|assaults|raids|bombings|strikes)\b|"
                   r"\b(?:coordinated|simultaneous) (?:[\w\-]+ )?(?:attacks|assaults|raids|bombings)\b|"
                   r"\battaques (?:coordonn[ée]es|simultan[ée]es)\b", re.IGNORECASE)
_TOLD_ATTACKERS = re.compile(r"\s*(?:the (?:attackers|assailants|gunmen|militants|insurgents|rebels|jihadists|fighters|"
                             r"raiders)|they)\b", re.IGNORECASE)
_SUPPORT_BEFORE = re.compile(r"\b(?:backed|supported|aided|assisted|covered|helped) by (?:[\w\-]+\s+){0,1}$|"
                             r"\bwith (?:the )?(?:\w+ )?(?:support|backing|help|cover) of (?:[\w\-]+\s+){0,1}$|"
                             r"\b(?:appuy[ée]e?s? par|soutenue?s? par) (?:des |les )?(?:[\w\-]+\s+){0,1}$", re.IGNORECASE)
_COUNTED_INCIDENTS = re.compile(r"(?:(?<![\w,.])(?:[1-9]\d{1,2}(?:,\d{3})*|\d{4,})|\b(?:dozens|hundreds|scores|thousands|numerous|"
                                r"ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                                r"fifty|a hundred|one hundred|des dizaines|des centaines|plusieurs dizaines))"
                                r"(?:\s+of)?\s+(?:(?!(?:on|in|at|near|against)\b)[\w\-]+\s+)?$", re.IGNORECASE)
_REPELLED = re.compile(r"[^.;:]{0,40}?\b(?:repelled|repulsed|foiled|thwarted|fought off|beat back|fended off|"
                       r"pushed back|resisted|a repoussé|ont repoussé|a déjoué|ont déjoué)\s+(?:an?|the|two|three|several|"
                       r"une|des|l['\u2019])?\s*(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
# (not "a maternity ward run by MSF", "a camp guarded by UN troops": who keeps the place, not who attacked it)
_BY = re.compile(r"(?<!\brun )(?<!\bowned )(?<!\bmanaged )(?<!\boperated )(?<!\bstaffed )(?<!\bguarded )"
                 r"(?<!\bprotected )(?<!\bfunded )(?<!\bbuilt )(?<!\bused )(?<!\bhosted )(?<!\bmanned )"
                 r"\b(?:by|par)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$|\bby\s+(?:elements|members|fighters|militants|"
                 r"gunmen|men|units|a (?:unit|cell|group|column)) of\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_GROUP_PRONOUN = re.compile(r"\b(?:the group|the jihadists|the militants|the insurgents|the fighters|the movement|"
                            r"the organi[sz]ation|the coalition|its fighters|its men|his men|the attackers|"
                            r"the assailants|the gunmen|(?<![\w'])(?-i:[Ii]t)(?= (?:claimed|said|says|killed|launched|attacked))|"
                            r"(?<![\w'])(?-i:[Ii]t)(?= (?:\w+ly )?(?:abducted|kidnapped|occupied|seized|captured|overran|"
                            r"stormed|raided|ambushed|struck|bombed|beheaded|massacred|executed|burned|torched|shelled|"
                            r"besieged|spent (?:[\w\-]+ ){0,3}(?:day|night|hours)))|"
                            r"(?<![\w'])(?-i:[Tt]hey)(?= (?:then |later |also |had |have )?(?:attacked|entered|killed|stormed|seized|"
                            r"captured|raided|ambushed|struck|burned|burnt|torched|looted|set fire|beheaded|executed|massacred|"
                            r"shelled|bombed|clashed|targeted|besieged|overran|abducted|kidnapped|took|occupied|shot|"
                            r"opened fire))|the same (?:group|militants|fighters|insurgents|jihadists|gunmen|attackers)|"
                            r"the islamist group|the jihadist group|the rebels)\b", re.IGNORECASE)
# "the insurgents", "these fighters": a definite noun phrase that refers back, not new nameless attackers
_DEFINITE_BEFORE = re.compile(r"(?:\b(?:the|these|those|les|ces)|\bthe same) $", re.IGNORECASE)
_REPORT_DATE = re.compile(r"\b(?:said|says|announced|confirmed|claimed|reported|told|released|published|stated|"
                          r"admitted|acknowledged|disclosed|revealed|conceded|"
                          r"added|declared|visit|visited|statement|communiqu[ée]|remarks|revised|updated|source|"
                          r"fait état|(?:annoncé|déclaré|affirmé|indiqué|précisé|publié|revendiqué|rapporté|confirmé)(?:e|s|es)?)"
                          r"(?![\w])[^.;]{0,30}$",
                          re.IGNORECASE)
_INCIDENT_VERB = re.compile(r"\b(?:killed|died|dead|wounded|injured|attacked|abducted|kidnapped|ambushed|struck|exploded|"
                            r"stormed|raided|captured|seized|clashed|bombed|shelled|massacred|executed|tu[ée]e?s|bless[ée]e?s|"
                            r"attaqu[ée]e?s?|enlev[ée]e?s)\b", re.IGNORECASE)
# "US Africa Command said an airstrike near Jilib on Tuesday killed three": the strike's day (not so after
# "claimed", as in "claimed the attack on Tuesday")
_INCIDENT_NOUN = re.compile(r"\b(?:attacks?|air ?strikes?|drone strikes?|strikes?|bombings?|ambush(?:es)?|raids?|explosions?|"
                            r"blasts?|assaults?|clashes|fighting)\b", re.IGNORECASE)
_NOUN_AFTER_DATE = re.compile(r"\s*(?:['\u2019]s\s+)?(?:[\w\-]+\s+)?" + _INCIDENT_NOUN.pattern[2:], re.IGNORECASE)
_TAKEN_FROM = re.compile(r"\b(?:abducted|kidnapped|kidnaped|seized|snatched|carried off|took|taken|enlev[ée]e?s?)\b"
                         r"(?:(?!\b(?:highway|road|route|way|journey|travell?ing|driving|returning)\b)[^.;]){0,60}"
                         r"\bfrom\s+(?:the\s+)?(?:(?:village|town|camp|commune|locality)\s+of\s+)?$", re.IGNORECASE)
# a kill verb and a count right before a group's name: "killed 11 ISWAP fighters", "neutralised 17 Boko Haram
# fighters", "killed 15 fighters of the Islamic State", "avoir neutralisé 12 terroristes de Boko Haram"
_COUNTS = (r"\d[\d,]*|(?:[a-z]+[\s-])?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
           r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|dozens|scores|hundreds|several|"
           r"[a-z]+aine|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent)")
_COUNT_WORD = r"(?:" + _COUNTS + r")"
_FORCE_KILLED = re.compile(r"\b(?:killed|killing|neutrali[sz](?:ed|ing)|eliminated|neutralis[ée]|tu[ée]|abattu)[\s\"'\u2019\u201d\u00bb]+"
                           r"(?:about |around |some |at least |more than |nearly |over |up to |plus de |au moins |une |un )?"
                           + _COUNT_WORD + r"\s+(?:(?:suspected|alleged|presumed|présumés)\s+)?"
                           r"(?:(?:fighters?|militants?|insurgents?|members?|combattants?|terroristes?|jihadistes?|éléments?)"
                           r"\s+(?:of|from|de|du|des)\s+(?:the\s+|l['\u2019]\s*)?)?$", re.IGNORECASE)
# "Iran fired a dozen missiles", "Iran launched drones": a state as the author
_STATE_FIRED = re.compile(r"\s+(?:(?:has|had|also|then)\s+)?(?:fired|launched|dropped)\b")
_PROVISIONAL = re.compile(r"\b(?:first|initially|at first|initial|preliminary|provisional|early|earlier|"
                          r"premier|initialement|provisoire)\b", re.IGNORECASE)
_REVISION = gated(re.compile(r"\b(?:revised|revision|updated|raised the toll|rose to|climbed to|risen to|later put|"
                             r"has (?:now )?risen|now stands at|(?:cut|lowered|raised|brought) the (?:death )?toll|"
                             r"final (?:toll|assessment|count|figure)|new toll|latest toll|bilan d[ée]finitif)\b",
                             re.IGNORECASE))
_IN_COUNTRY = re.compile(r"\b(?:in|across|throughout|into|inside|within|from|out of)\s+(?:the\s+)?(?:(?:north|south|east|west|"
                         r"central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|"
                         r"south-?western|neighbouring|neighboring|rural)\s+)?$", re.IGNORECASE)
# "IS's 'wali' for Iraq", "al-Shabaab's intelligence chief": a group named as the one a person serves
_TITLE_AFTER = re.compile(r"['\u2019]s?\s+[\"'\u201c\u2018]?(?:[\w\-]+\s+){0,2}?(?:leader|commander|emir|amir|wali|governor|"
                          r"chief|spokesman|spokesperson|deputy|founder|head|financier|bomb-?maker|official|operative|"
                          r"ideologue|strategist)s?\b", re.IGNORECASE)
_KILLED_BEFORE = re.compile(r"\b(?:killed|killing|kills|eliminated|neutrali[sz]ed|assassinated|captured|arrested|"
                            r"detained)\b[^.;:]{0,120}$", re.IGNORECASE)
# "X responded by launching an operation": a development of its own, not part of the incident told
_RESPONSE = re.compile(r"\b(?:responded|responds|retaliated|in (?:response|retaliation)|en (?:r[ée]ponse|repr[ée]sailles)|"
                       r"a riposté|ont riposté)\b", re.IGNORECASE)
# "near Porga, on the Burkina Faso border", "along the border with Niger": the country names where, not who
# (before it, _BOUNDARY_BEFORE: "along the border with Niger")
_BORDER_AFTER = re.compile(r"[\s\-]+(?:border|borders|frontier|boundary)\b", re.IGNORECASE)
_BLAME_VERB = re.compile(r"blames?\b|blamed\b(?! on)|pointed\b", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"\s+(?:(?:has|had|have|also|quickly|swiftly|immediately|later)\s+)*")
_ACTIVE_BLAME = re.compile(r"(?:blamed|accused|attributed|held responsible)$", re.IGNORECASE)
# "Members of the VDP, the army's auxiliaries, killed"; "Counter-Terrorism Service troops, backed by coalition
# aircraft, raided": a force noun after the name, then the apposition
_ACTIVE_FORCE = re.compile(r"(?:(?:\s+(?:troops|soldiers|forces|units|personnel|commandos|special forces|fighters))?"
                           r"\s*,[^,;.]{3,70},)?"
                           r"(?:\s+(?:were|was|are|is)\s+(?:reported|said|believed|thought)\s+to\s+have|\s+reportedly)?"
                           r"(?:\s+(?!(?:position|positions|base|camp|post|posts|convoy|patrol|column|outpost|detachment|"
                           r"were|was|are|is|been|being|had been|get|gets|got)\b)[\w\-']+){0,4}?\s+(?:launched|conducted|carried out|killed|"
                           r"ambushed|attacked|raided|struck|bombed|shelled|entered|retook|recaptured|seized|captured|"
                           r"routed|neutrali[sz]ed|stormed|overran|fired|opened fire|pounded|bombarded|executed|"
                           r"drove|pushed|expelled|chased|ousted|dislodged|liberated|"
                           r"(?:a|ont) (?:repris|pris|attaqu[ée]s?|neutralis[ée]s?|men[ée]|frapp[ée]s?|tu[ée]s?|abattu|"
                           r"d[ée]truit|bombard[ée]s?|investi|lib[ée]r[ée]s?)|se sont empar[ée]s|s['\u2019]est empar[ée]|"
                           r"massacred|shot dead|rounded up|burned|torched|"
                           r"hit(?!\s+by\b)|targeted(?!\s+by\b))\b", re.IGNORECASE)
_DATED_POSSESSIVE = re.compile(r"(?:day|night|week|month|year|\d{4})['\u2019]s\s+(?:[\w\-]+\s+)?$", re.IGNORECASE)
# ("des obus tirés depuis des positions du M23": fired from, not since)
_SINCE_CONTEXT = re.compile(r"\b(?:since|(?<!tirés )(?<!tirées )(?<!tiré )(?<!lancés )(?<!lancées )(?<!lancé )depuis|ever since)\b[^.;,]*$|\b(?:began|started|emerged|created|founded|formed|born)\b"
                            r"[^.;,]{0,40}\bin\s*$",
                            re.IGNORECASE)
_WHEN_AFTER = re.compile(r",?\s+when\b")     # "since July 2018, when a bomber killed 149 people": that day's event
# "since the assault on Inates in December 2019", "depuis l'attaque de Boni en 2021": the since-phrase names an
# incident, and the date is that incident's
_SINCE_NAMES = re.compile(r"\s+(?:the|its|their|this|that|la|le|l['\u2019]|les|[\w\-]+['\u2019]s)\s*(?:[\w\-]+\s+){0,3}$",
                          re.IGNORECASE)
# "in the west of the country", "in a northern province": the incident's place is somewhere the text does not name
_UNNAMED_AREA = re.compile(r"\b(?:in|near|across)\s+(?:the\s+|a\s+|an\s+)?(?:(?:far[\s-]+)?(?:" + COMPASS + r"|centre|"
                           r"center|central)\s+"
                           r"(?:of the country|part|parts|region|regions|province|provinces|state|states|district|"
                           r"districts|area|areas)|(?:a|an|the)?\s*(?:remote|rural|border)\s+(?:area|region|district|village))\b|"
                           r"\b(?:dans|vers)\s+(?:le|l['\u2019]|la)\s*(?:nord|sud|est|ouest|centre)\b", re.IGNORECASE)
# "It happened on Wednesday", "the attack took place ...", "les faits se sont produits ...": the incident itself (not
# "the summit took place in Kampala on Tuesday")
_HAPPENED = re.compile(r"(?:(?<![\w'])(?:it|this|the (?:attack|assault|raid|ambush|bombing|blast|explosions?|killings?|"
                       r"massacre|incident|shooting|abduction|kidnapping)|les faits|le drame|la tuerie|le massacre|"
                       r"l['\u2019](?:attaque|attentat|embuscade|incident|explosion|enl[èe]vement))\s+(?:[\w\-]+\s+)?"
                       r"(?:took place|happened|occurred|unfolded|(?:se sont|s['\u2019]est) (?:produite?s?|d[ée]roul[ée]e?s?)|"
                       r"(?:a|ont) eu lieu|est survenue?)\b)", re.IGNORECASE)
_BOUNDARY_BEFORE = re.compile(r"\b(?:border|borders|boundary|frontier)\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_SAME_PLACE = re.compile(r"\b(?:the same|that same) (?:junction|place|town|city|village|area|site|spot|base|camp|market|"
                         r"hotel|checkpoint|road|district|location|cantonment|garrison|barracks|post|outpost|prison|"
                         r"school|church|mosque|hospital|compound|port|airport|mine|bridge|neighbou?rhood|square|"
                         r"locality|wall|position)\b|\bthere\b", re.IGNORECASE)
# the place just told, as the object of a new incident: "took it back", "recaptured the town", "declare the
# city retaken", "la ville a été reprise"
_PLACE_OBJECT = re.compile(
    r"\b(?:took|retook|recaptured|regained|seized|captured|liberated|freed|overran|stormed|attacked|raided|"
    r"struck|shelled|bombed)\s+(?:it|the (?:town|city|village|base|camp|locality))\b"
    r"|\b(?:drove|driven|pushed|chased|expelled)(?:\s[\w\-\u2019]+){1,4} out(?:\b(?! of)| of (?:it|the (?:town|city|"
    r"village|base|camp|locality|area|port|district))\b)"
    r"|\bthe (?:town|city|village|base|camp|locality) (?:was |had been |has been |is )?(?:retaken|recaptured|"
    r"liberated|freed|overrun|taken back)\b"
    r"|\bthe (?:town|city|village|base|camp|locality|garrison) (?:was|had been|has been) (?:attacked|raided|struck|"
    r"shelled|hit|targeted) again\b"
    r"|\b(?:l'ont|l'a) (?:reprise?|libérée?|attaquée?)\b|\b(?:la ville|la localité|le camp) (?:a été|fut) "
    r"(?:reprise?|libérée?|attaquée?)\b", re.IGNORECASE)
_APPOSITIVE_IN = re.compile(r",\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?:village|town|hamlet|locality|settlement|"
                            r"community|city|suburb|district|neighbourhood|neighborhood|area)\s+(?:in|of|near|outside)\s+"
                            r"(?:the\s+)?(?:[\w\-]+\s+){0,2}?", re.IGNORECASE)
_OBJECT_NOUN_AFTER = re.compile(r"\s+(?:targets|positions|sites|facilities|depots|warehouses|hideouts|strongholds|"
                                r"training camps|weapons stores|arms depots|command centres|command centers)\b", re.IGNORECASE)
_RUN_IN_HEADING = re.compile(r"\s*(\*\*|\*|__|_)[^*_\n]{3,120}?[.:!?]\1\s+(?=\S)")
_HEADING = re.compile(r"[ \t]*(?:#{1,6}[ \t][^\n]*|\*\*[^*\n]+\*\*|__[^_\n]+__|\*[^*\n]+\*|_[^_\n]+_)[ \t]*")
_WHERE_AFTER = re.compile(r",?\s+where\b")
_SUSPECTED = re.compile(r"\bsuspected\b", re.IGNORECASE)
_SOURCE_PAREN = re.compile(r"\([^()]{2,40},\s*$")      # "(UPDF / police, 18 JUN)": when a source spoke
# "; ", " - Next item": a new clause; not " – 102 men, 17 women –" after a toll (a breakdown inside it) (the dash
# looked for first: the seven looks behind are read only where one follows)
_CLAUSE_SPLIT = re.compile(r";\s+|(?=\s+[-\u2013\u2014]\s)(?<!\d\s[a-z]{3})(?<!\d\s[a-z]{4})(?<!\d\s[a-z]{5})(?<!\d\s[a-z]{6})(?<!\d\s[a-z]{7})"
                           r"(?<!\d\s[a-z]{8})(?<!\d\s[a-z]{9})\s+[-\u2013\u2014]\s+(?=[A-Z]|\d(?!\d*\s+[A-Z]))")
_MOVEMENT = {"from", "to", "towards", "toward", "into", "vers", "between"}
_TEMPORAL = {"before", "after", "since", "until"}
_LOCATIVE_IN = {"in", "at", "near", "outside", "around", "à", "dans", "près de"}
# "the Zamfara state government", "Borno police": the authority of a place, not where something happened
_AUTHORITY_AFTER = re.compile(r"^\s+(?:state\s+|regional\s+|provincial\s+|county\s+|district\s+)?(?:government|authorities|"
                              r"officials?|police|governor|commissioner|council|ministry|administration|administrators?|emergency|"
                              r"health department|department|directorate|health authorities|agency|"
                              r"mayor|chief|spokesman|spokesperson|residents? said|(?:park\s+)?rangers|wardens)\b",
                              re.IGNORECASE)
# "the Human Rights Council in Geneva", "talks in Doha": where people met or spoke, not where it happened
_VENUE = re.compile(r"\b(?:council|summit|talks|conference|court|tribunal|meeting|parliament|assembly|embassy|headquarters|"
                    r"office|session|hearing|press conference|briefing|negotiations|mediation|university|studio)s?\s+"
                    r"(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
# "a local official in Tarmuwa said": who spoke, not where it happened (when an incident is in focus)
_AUTHORITY_BEFORE = re.compile(r"\b(?:officials?|authorit(?:y|ies)|governor|police|spokes(?:man|woman|person)|administrator|"
                               r"commissioner|chairman|mayor|lawmaker|legislator|senator|representative|chief)\s+"
                               r"(?:in|of|for|from)\s+(?:the\s+)?$", re.IGNORECASE)
_EVACUATED_TO = re.compile(r"\b(?:flown|taken|evacuated|airlifted|rushed|transferred|brought|fled|fleeing|moved|relocated|"
                           r"displaced|returned|sent)\s+(?:[\w\-]+\s+){0,3}?(?:to|towards?|into|for)\s+(?:the\s+)?$",
                           re.IGNORECASE)
# "the Dayah hotel, near the parliament and Villa Somalia": a landmark locating the place told before it
_LANDMARK_GAP = re.compile(r"(?:\s+[a-z][\w\-]*){0,2}\s*,\s*(?:which is\s+|located\s+|situated\s+)?(?:near|close to|next to|not far from|opposite|"
                           r"a few (?:hundred )?(?:metres|meters|kilometres|kilometers|km) from|"
                           # "Mwiriti, roughly 50 km north of Nairoto, was attacked"
                           r"(?:about |some |roughly |around |nearly |approximately )?\d+\s*(?:km|kilometres|kilometers|"
                           rf"miles)\s+(?:{COMPASS}\s+)?(?:of|from))\b[^.;:]{{0,40}}$", re.IGNORECASE)
# "Ankara blamed ...", "Kigali denied ...", "Washington's response": a capital speaking or acting for its state,
# not where it happened
_SPEAKS_AFTER = re.compile(r"^(?:(?i:['\u2019]s\s+(?:[\w\-]+\s+)?(?:response|reaction|retaliation|decision|statement|"
                           r"policy|position|government|administration|envoy|ambassador|officials|allies|support|"
                           r"backing|strategy|demands?|warnings?|accusations?|denials?|aims?|goals?|objectives?|"
                           r"interests?|intentions?|calculations?|proxies|forces|troops|army|military))\b"
                           r"|\s+(?:(?:has|had|have|also|quickly|later|swiftly|immediately)\s+)*(?:said|says|blamed|accused|"
                           r"acknowledged|acknowledges|admitted|admits|conceded|estimated|estimates|"
                           r"denied|denies|insisted|insists|announced|warned|responded|retaliated|condemned|confirmed|"
                           r"rejected|urged|demanded|vowed|promised|threatened|protested|summoned|recalled|argued|"
                           r"maintained|maintains|signalled|signaled|(?:stays|stayed|remains|remained|kept|keeps) "
                           r"(?:silent|quiet|mum)|put the (?:death )?toll|puts the (?:death )?toll|gave a (?:death )?toll)\b)")
# "the Pemba radio station", "the Kano mortuary": who reported or counted, not where it happened
# "the Kabul-Kandahar highway", "the Mombasa-bound bus": a road's ends, not where it happened
_ROUTE = re.compile(r"^(?:\s*[\u2013\u2014\-/]\s*[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)?\s*(?:[\u2013\u2014\-]?bound|"
                    r"(?:main |national |trunk )?(?:highway|road|axis|route|corridor|railway|motorway))\b")
# "died a few hours later at the UN hospital in Goma": where a victim died, not where the incident happened
_DIED_IN_HOSPITAL = re.compile(r"\b(?:died|succumbed|passed away|d[ée]c[ée]d[ée]e?)\b[^.;]{0,50}\b(?:hospital|clinic|h[ôo]pital)"
                               r"\s+(?:in|at|of|de|d['\u2019]|à)\s*(?:the\s+)?$", re.IGNORECASE)
_CLAIMS_ISSUED = gated(re.compile(r"\b(?:issued|released|published|posted|put out|circulated)\s+(?:two|three|four|several|a|its|"
                                  r"separate|new)?\s*(?:claims?|statements?|communiqu[ée]s?)\b", re.IGNORECASE))
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022]|\d{1,2}[.)])[ \t]+")
_GROUP_ATTACK_AFTER = re.compile(r"\s+(?:(?:suicide|gun|car-bomb|rocket|mortar|drone)\s+)?(?:attacks?|assaults?|raids?|"
                                 r"ambush(?:es)?|offensive|bombings?|massacres?|incursions?|onslaught)\b", re.IGNORECASE)
_PLACED_BEFORE = re.compile(r"\b(?:placed|put|located|situated|sited)\s+(?:the|that)\s+$", re.IGNORECASE)
_ROAD_END_BEFORE = re.compile(r"\b(?:road|highway|route|axis|motorway|railway|track)\s+(?:from|between|linking|connecting)\s+"
                              r"(?:[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?\s+(?:to|and|with)\s+)?$|"
                              r"\b(?:route|axe)\s+(?:de|entre|reliant)\s+(?:[A-Z][\w'\-]*\s+(?:à|et)\s+)?$")
# "helicopters sent from Tessalit", "des hélicoptères venus de Tessalit": where help came from
_CAME_FROM = re.compile(r"\b(?:came|coming|flown in|sent|dispatched|deployed|scrambled|arriving|arrived|venus?|venues?|"
                        r"arriv[ée]e?s?|envoy[ée]e?s?|d[ée]p[êe]ch[ée]e?s?|partis?|en provenance)\s+(?:from|de|d['\u2019])\s*$|"
                        r"\b(?:carrying|transporting|ferrying|taking|travell?ing|heading|driving)\b[^.;:]{1,60}\bfrom\s+$",
                        re.IGNORECASE)
# a toll the author claims for the incident being told, in a clause that names no place of its own
_CLAIMED_TOLL = re.compile(r"\b(?:claim(?:s|ed|ing)? to have|boast(?:s|ed)? of having|said it had|says it (?:had )?|"
                           r"affirm\w* avoir|dit avoir|assur\w* avoir|revendiqu\w* avoir|pr[ée]tend\w* avoir)\b",
                           re.IGNORECASE)
# "On Wednesday 28 November, in a statement signed by its spokesman, it said 23 were killed": the day of the
# statement, not of the incident
_REPORT_AFTER = re.compile(r"\s*,?\s*(?:in (?:a|its|their|an official) (?:statement|communiqu[ée]|press release|report|"
                           r"briefing)\b[^.;]{0,80}?,\s*(?:it|he|she|they|the \w+)\s+(?:said|announced|confirmed|stated|"
                           r"reported|acknowledged)\b|(?:the |a |an |its )?(?:[\w\-']+\s+){0,4}?(?:said|announced|"
                           r"confirmed|stated|reported|acknowledged|told)\s+(?:that\s+)?(?:at least\s+|about\s+|some\s+)?"
                           r"(?:\d|[a-z]+\s+(?:people|soldiers|civilians|personnel|troops|villagers|police))\b)",
                           re.IGNORECASE)
_FIGURE_IN = re.compile(r"\b(?:figure|toll|count|number) of (?:at least |about |some |more than )?\d", re.IGNORECASE)
# "a vehicle carrying engineers from Islamabad to their camp at Dasu": where they were going
_HEADING_TO = re.compile(r"\b(?:to|towards|bound for)\s+(?:their|its|his|her|the)\s+(?:[\w\-]+\s+){0,2}?(?:at|in|near)\s+$",
                         re.IGNORECASE)
# "security sources in Abidjan told journalists": where the sources are, not where it happened
# "security sources in Abidjan", "a doctor at Mirwais hospital": where a speaker is, not where it happened
# ("the army general staff in X" that was struck is a target, not a source)
_SOURCES_IN = re.compile(r"\b(?:sources?|doctors?|nurses?|medics?|physicians?|surgeons?|(?<!general )(?<!army )staff|director|officials?|"
                         r"spokes(?:man|woman|person)|workers?|residents? reached|correspondents?)\s+(?:in|at|based in|of)\s+"
                         r"(?:the\s+)?$", re.IGNORECASE)
_NOBODY_BEFORE = re.compile(r"\b(?:no ?(?:body|one|group|organi[sz]ation)|none|not(?: yet)?|never)\b[^.;,]{0,20}$",
                            re.IGNORECASE)
_SIDES = re.compile(r"\bbetween\s+(?:the\s+)?(?:[^,.;]{1,60}?\s+and\s+(?:the\s+)?)?$|\bentre\s+(?:les?\s+|la\s+|l['\u2019])?"
                    r"(?:[^,.;]{1,60}?\s+et\s+(?:les?\s+|la\s+|l['\u2019])?)?$", re.IGNORECASE)
_OBJECT_OF = re.compile(r"\b(?:from|with|against|of|by|on|to|than|between|and)\s+(?:the\s+)?$", re.IGNORECASE)
_ATTACK_ON = re.compile(r"\b(?:attacks?|assaults?|raids?|strikes?|ambush(?:es)?)\s+on\s+(?:the\s+)?$", re.IGNORECASE)
_APPOSED = re.compile(r"\s*,\s+(?:a|an|the)\s", re.IGNORECASE)
_STORMED = re.compile(r"\b(?:stormed|attacked|raided|overran|struck|hit|targeted|besieged)\s+(?:the\s+)?$", re.IGNORECASE)
# "- **Borno:** ...", "**Kirkuk.** A roadside bomb ..."
_ITEM_LABEL = re.compile(r"(?:\*\*|__)?\s*(?:\([^)]{1,30}\)\s*)?(?:[:\u2013\u2014-]|\.(?=\*\*|__))(?:\*\*|__)?\s+\S")
_VILLAGE_OF = re.compile(r"\bthe (?:village|hamlet|town|locality|settlement|area) of\s+$|"
                         r"\b(?:la localit[ée]|le village|le hameau|la bourgade) (?:de |d['\u2019])\s*$", re.IGNORECASE)
_BETWEEN_AND = re.compile(r"\bbetween\s+(?:[\w\-'\u2019]+\s+){1,3}?and\s+$", re.IGNORECASE)
_MEDIA_AFTER = re.compile(r"^\s+(?:radio|station|newspaper|daily|weekly|television|tv|broadcaster|news agency|"
                          r"correspondent|bureau|morgue|mortuary)\b", re.IGNORECASE)
_STATE_STRIKES = {"airstrike", "raid", "shelling", "bombing", "operation"}
# "Syrian artillery fire on Turkish positions", "Russian shelling of the town": the force's fire, told as a noun
_ACTIVE_FIRE = re.compile(r"\s+(?:fire|shelling|shells|bombardment|rockets?|mortar fire)\s+(?:on|at|against|of|hit|struck|"
                          r"killed|pounded)\b", re.IGNORECASE)
# "rebels backed by Turkish artillery": a backer, not the author
_BACKED_BY = re.compile(r"\b(?:backed|supported|aided|helped|assisted|covered)\s+by\s+(?:the\s+)?$|"
                        r"\bwith the (?:support|backing|help) of\s+(?:the\s+)?$", re.IGNORECASE)
_MODIFIER_GAP = re.compile(r"[\s\-]*(?:(?!(?:and|or|on|in|of|against|by)\b)[\w\-]+\s+){0,3}")
# "both attacks", "the two raids", "all three assaults": the last N incidents told, together
_PLURAL_EVENTS = gated(re.compile(r"\b(?:both|the two|(?:all )?(?:the )?(two|three|four|five))\s+(?:[\w\-]+\s+)?"
                                  r"(?:attacks|assaults|raids|incidents|strikes|ambushes|bombings|blasts|explosions|"
                                  r"operations|massacres|killings)\b", re.IGNORECASE))
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}
# a named person killed in the incident: "X was killed in a strike", "a strike killed X", "X blew himself up"
_PERSON_DIED_AFTER = re.compile(r"^(?:,[^,]{1,60},|,|\s+(?:himself|herself))?\s+(?:was|is|had been|has been)\s+"
                                r"(?:reportedly\s+|also\s+|later\s+)?(?:killed|shot dead|assassinated|gunned down)\b|"
                                r"^\s+(?:[\w\-]+\s+){0,4}?(?:and\s+)?(?:killed himself|killed herself|blew himself up|blew herself up)|"
                                r"^\s+(?:died|was among the dead|killed himself|killed herself|blew himself up|"
                                r"detonated (?:his|an?) (?:suicide )?(?:vest|explosives?|belt))", re.IGNORECASE)
_PERSON_KILLED_BEFORE = re.compile(r"\b(?:killed|kills|killing|eliminated|neutrali[sz]ed)\s+(?:the\s+|its\s+)?"
                                   r"(?:[\w\-]+\s+){0,3}$", re.IGNORECASE)


@dataclass
class Clause:
    sentence: int
    block: int
    start: int
    end: int
    text: str


@dataclass
class Draft:
    type: str
    place: PlaceHit | None
    date: DateValue | None
    block: int
    first_sentence: int
    sentences: set[int] = field(default_factory=set)
    perpetrators: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    suspected: set[str] = field(default_factory=set)
    claims: list[Claim] = field(default_factory=list)
    responsibility: list[Responsibility] = field(default_factory=list)
    tactics: list[str] = field(default_factory=list)
    trigger: str = ""
    weak_type: bool = False
    named_dead: list[Claim] = field(default_factory=list)   # used only when no killed figure is given
    state_strike: bool = False      # a state named on its strike or raid: the groups named are its targets
    joint: set[str] = field(default_factory=set)   # perpetrators named together as one side
    listed: int = 0                 # > 0: one of several places struck together (the list's number); a toll
                                    # told without its place is their total, a claim of each
    opening: str = ""               # the clause that opened it
    bullet: int = 0                 # > 0: the offset of the bullet line (of a list) that opened it


def clauses(text: str, sentences, blocks: list[tuple[int, int]]) -> list[Clause]:
    out = []
    b = 0
    for s in sentences:
        while b + 1 < len(blocks) and blocks[b][1] < s.start:
            b += 1
        pos = 0
        for m in _CLAUSE_SPLIT.finditer(s.text):
            out.append(Clause(s.index, b, s.start + pos, s.start + m.start(), s.text[pos:m.start()]))
            pos = m.end()
        out.append(Clause(s.index, b, s.start + pos, s.end, s.text[pos:]))
    return [c for c in out if c.text.strip()]


def compatible(a: DateValue | None, b: DateValue | None, slack_days: int = 1) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return True
    return a.start - dt.timedelta(days=slack_days) <= b.end and b.start - dt.timedelta(days=slack_days) <= a.end


def _finer(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    rank = {"day": 0, "month": 1, "year": 2, None: 3}
    if a is None:
        return b
    if b is None:
        return a
    return a if rank[a.precision] <= rank[b.precision] else b


class EventBuilder:
    """Builds event drafts for one article; feed clauses in order with :meth:`add_clause`."""

    def __init__(self, text: str, published: dt.date | None, actor_kinds: dict[str, str],
                 state_of: dict[str, str] | None = None):
        self.text = text
        self.state_of = state_of or {}   # state force -> its state: strikes are coded to the state
        self.published = published
        self.kinds = actor_kinds
        self.events: list[Draft] = []
        self.focus: Draft | None = None
        self.last_group: str | None = None
        self.generic_since = False      # nameless attackers told after the last named group
        self.block_place: dict[int, PlaceHit] = {}
        self.block_date: dict[int, DateValue] = {}
        self.block_label: dict[int, DateValue] = {}    # the date labelling an item of a timeline, any precision
        self.block_date_sentence: dict[int, int] = {}
        self.place_date: dict[str, tuple[int, DateValue]] = {}     # place -> (block, the date told with it)
        self.heading_date: dict[str, DateValue] = {}   # place -> the day a heading gave with it
        self._heading_places: dict[tuple[int, int], list[PlaceHit]] = {}  # (block, sentence) -> a heading's places
        self._heading_day: dict[tuple[int, int], DateValue] = {}          # (block, sentence) -> a heading's day
        self.revision_until = (-1, -1)
        self.pending: list = []        # responsibility told before the event it is about ("IS claimed TESSIT")
        self._lists = 0                # lists of places struck together, numbered (Draft.listed)
        self.filed_at: PlaceHit | None = None   # the dateline's town, where the text goes on about it
        self.wave: tuple[str, DateValue, int] | None = None    # (region, day, block) of a lede's wave of attacks
        self.claims_day: tuple[int, DateValue] | None = None   # (block, day) a group issued the claims told next

    # -- helpers -------------------------------------------------------------------------------
    def _triggers(self, clause: Clause) -> list[tuple[int, int, str]]:
        """Trigger words of the clause; where two overlap, the type listed first in the lexicon wins."""
        return [(m.start(), m.end(), m.lastgroup) for m in lexicon().trigger_any.finditer(clause.text)]

    def _is_group(self, key: str) -> bool:
        return self.kinds.get(key) in ("armed_group",)

    def _resolve_pronoun(self, clause: Clause, rel_actors=()) -> list[tuple[int, int, str]]:
        """"The group", "they" (before an attack verb): the armed group last named, unless nameless
        attackers ("insurgents stormed Auno. They killed ...") were told since."""
        out = []
        if self.last_group:
            for m in _GROUP_PRONOUN.finditer(clause.text):
                generic_before = [s for s, e, k in rel_actors if k == UNIDENTIFIED and e <= m.start()]
                if self.generic_since or generic_before and not any(
                        self._is_group(k) and generic_before[-1] < s < m.start() for s, e, k in rel_actors):
                    continue
                named = [k for s, e, k in rel_actors if e <= m.start() and self._is_group(k)]
                out.append((m.start(), m.end(), named[-1] if named else self.last_group))   # "Taliban ... the movement"
        return out

    def _victim_fighters(self, figures: list[Claim], rel_actors, clause: Clause) -> list[Claim]:
        """"Islamic State militants killed seven SDF fighters": fighters of a side named after the
        number, killed by another side named before it, are the victims, not the attackers' own
        losses. Not the fighters of the incident's own perpetrator ("troops killed 17 ISWAP fighters"
        after ISWAP's attack), nor a group's fighters that soldiers killed (their operation's toll)."""
        out = []
        for f in figures:
            at = f.end - clause.start
            owner = next((k for s, _, k in rel_actors if 0 <= s - at <= 12 and k != UNIDENTIFIED), None)
            subjects = [k for _, e, k in rel_actors if e <= f.start - clause.start and k != owner]
            if f.property == "perpetrators_killed" and owner is not None and subjects \
                    and not (self.focus is not None and self.focus.block >= clause.block - 1
                             and owner in self.focus.perpetrators) \
                    and not (self.kinds.get(subjects[-1]) in ("state", "state_force")
                             and self.kinds.get(owner) == "armed_group"):
                f = replace(f, property="killed")
            out.append(f)
        return out

    def _person_deaths(self, clause: Clause, rel_actors) -> list[Claim]:
        """One killed per named person the clause says died in the incident (no figure given)."""
        text = clause.text
        dead = [(s, e) for s, e, k in rel_actors if self.kinds.get(k) == "person"
                and (_PERSON_DIED_AFTER.match(text[e:e + 80]) or _PERSON_KILLED_BEFORE.search(text[max(0, s - 50):s]))]
        if not dead:
            return []
        return [Claim(property="killed", quantity=Quantity(len(dead)), sentence=clause.sentence,
                      start=clause.start + dead[0][0], end=clause.start + dead[-1][1])]

    def _plural_reference(self, clause: Clause) -> list[Draft]:
        """The incidents "both attacks" / "the three raids" refer to: the last N told in this or the
        previous two paragraphs, when there are that many and the clause names no new place."""
        m = _PLURAL_EVENTS.search(clause.text)
        if not m:
            return []
        n = _COUNT_WORDS.get((m.group(1) or "two").lower(), 2)
        recent = [d for d in self.events if d.block >= clause.block - 2]
        return recent[-n:] if len(recent) >= n else []

    # -- main step -----------------------------------------------------------------------------
    def add_clause(self, clause: Clause, places: list[PlaceHit], dates: list, actors: list[Mention],
                   claimant: tuple[str | None, str | None], triggers: list | None = None,
                   quantities: list | None = None, segments: list | None = None) -> None:
        """Read one clause. ``triggers`` and ``quantities``, when given, are the clause's trigger
        matches and number expressions found once over the whole article (clause-relative spans)."""
        text = clause.text
        rel_actors = [(m.start - clause.start, m.end - clause.start, m.ref) for m in actors]
        pronouns = self._resolve_pronoun(clause, rel_actors)
        named_groups = [a for a in rel_actors if self._is_group(a[2])]
        triggers = self._triggers(clause) if triggers is None else triggers
        figures = find_figures(text, clause.start, clause.sentence,
                               topic="killed" if self.focus is not None and self.focus.block >= clause.block - 1
                               and any(c.property == "killed" for c in self.focus.claims) else None,
                               quantities=quantities)
        figures = self._victim_fighters(figures, rel_actors, clause)
        named_dead = self._person_deaths(clause, rel_actors) if triggers else []
        for f in figures:
            f.claimant, f.claimant_label = next((who for a, b, who in segments or () if a <= f.start < b), claimant)
            f.provisional = bool(_PROVISIONAL.search(text, max(0, f.start - clause.start - 70), max(0, f.start - clause.start)))
        # "abducted a dozen people from Tourou": where they were taken, so where it happened
        for p in places:
            if p.preposition == "from" and _TAKEN_FROM.search(text, max(0, p.start - 80), p.start):
                p.preposition = "at"
        # "a vehicle carrying engineers from Islamabad to their camp at Dasu": where they were going
        heading = [p for p in places if _HEADING_TO.search(text, max(0, p.start - 40), p.start)]
        # "two months before Chibok": a place named for its event, as a time, not where this happened
        local_places = [p for p in places if p.record.kind != "country"
                        # ("since Moura, where in March 2022 troops killed 500": where the clause tells it)
                        and (p.preposition not in _TEMPORAL or _WHERE_AFTER.match(text, p.end))
                        and not any(p is h for h in heading)
                        # "- Borno: fighters ambushed a convoy near Marte": the item's label is its region
                        and not (_ITEM_LABEL.match(text, p.end) and not text[:p.start].strip(" -*\u2022\t"))
                        # "a raid on Chibok's Kautikari village": Chibok only says where Kautikari lies
                        and not (text[p.end:p.end + 3] in ("'s ", "\u2019s ") and any(q.start == p.end + 3 for q in places))
                        # "near Gidan Bawa, a village in Sabon Birni LGA": the area only locates the village
                        and not any(0 < p.start - q.end <= 80 and _APPOSITIVE_IN.fullmatch(text, q.end, p.start)
                                    for q in places if q is not p)
                        and not (_VENUE.search(text[max(0, p.start - 40):p.start])     # not "stormed a university in X"
                                 and not any(p.start - 40 <= t[1] <= p.start for t in triggers))
                        and not _MEDIA_AFTER.match(text[p.end:p.end + 40])
                        and not _SPEAKS_AFTER.match(text[p.end:p.end + 40])
                        and not any(0 <= p.start - q.end <= 60 and _LANDMARK_GAP.match(text, q.end, p.start)
                                    and not _ROAD_END_BEFORE.search(text, max(0, q.start - 60), q.start)
                                    for q in places if q is not p)
                        and not _ROUTE.match(text[p.end:p.end + 40])
                        and not _DIED_IN_HOSPITAL.search(text, max(0, p.start - 80), p.start)
                        and not _CAME_FROM.search(text, max(0, p.start - 40), p.start)
                        and not _SOURCES_IN.search(text, max(0, p.start - 30), p.start)
                        and not (self.focus is not None and self.focus.block >= clause.block - 1
                                 and _AUTHORITY_AFTER.match(text[p.end:p.end + 40]))
                        and not (_AUTHORITY_BEFORE.search(text, max(0, p.start - 50), p.start)
                                 and (self.focus is not None and self.focus.block >= clause.block - 1
                                      or p.record.kind in ("admin1", "admin2", "country")))]
        # "Busurungi, a village in Walikale territory near the boundary with South Kivu": the region across the
        # boundary only says where the village lies
        # "on the road from Goma to Rutshuru, near the village of Kanyamahoro": the road's ends (where the clause
        # names no other place, "on the road between Kossi and Hombori", coders take an end)
        bounded = [p for p in local_places if _BOUNDARY_BEFORE.search(text, max(0, p.start - 40), p.start)
                   or _ROAD_END_BEFORE.search(text, max(0, p.start - 60), p.start)]
        if bounded and len(bounded) < len(local_places):
            local_places = [p for p in local_places if not any(p is b for b in bounded)]
        # "to their camp at Dasu, in Upper Kohistan": the place that locates a destination is the destination's
        for h in heading:
            local_places = [p for p in local_places if not (0 <= p.start - h.end <= 12
                                                            and re.fullmatch(r",?\s*(?:in|near)\s+", text[h.end:p.start]))]
        ev_dates_here = [d for d in dates if d.kind in ("point", "range")]
        if self.focus is not None and self.focus.place is not None and _specificity(self.focus.place) >= 2 \
                and clause.block <= self.focus.block + 2:
            # "the Zamfara state government said" first, "the school in Jangebe" later: the finer place;
            # under a city's dateline, "the resort in the village of Parakh" of the city's province
            focus_place = self.focus.place
            finer = [p for p in local_places if _specificity(p) < min(3, _specificity(focus_place))
                     and (p.preposition in _LOCATIVE_IN or p.preposition == "into" and p.record.kind == "site"
                          or p.preposition == "on" and _ATTACK_ON.search(text, max(0, p.start - 30), p.start)
                          or p.preposition is None and _STORMED.search(text, max(0, p.start - 30), p.start))
                     and ((_inside(p, focus_place.record.key)
                           # "Mafa village in Tarmuwa local government area": the text places it in the region
                           or any(0 < q.start - p.end <= 40 and _inside(q, focus_place.record.key) for q in places))
                          if _specificity(focus_place) >= 3 else
                          p.new and _VILLAGE_OF.search(text, max(0, p.start - 30), p.start)
                          and focus_place.record.admin1 is not None
                          and (_inside(p, focus_place.record.admin1)
                               or p.record.country == focus_place.record.country
                               and p.within in (None, f"country-{(p.record.country or '').lower()}"))
                          # "stormed a hotel in the Somali capital ... forced their way into the SYL hotel"
                          or p.new and p.record.kind == "site" and p.within in (None, focus_place.record.key)
                          and (not ev_dates_here or self.focus.date is None))]
                # ("the toll from two car bombs in Jos", undated, then "the explosions struck the Terminus market
                # area of Jos on Tuesday": the lede's incident, at its site and on its day)
            if finer and not any(d is not self.focus and d.place is not None and d.place.record.key == finer[0].record.key
                                 for d in self.events):
                self.focus.place = finer[0]
        ev_dates = [d for d in dates if (d.kind in ("point", "range") or d.kind == "since" and (
                        _WHEN_AFTER.match(text, d.end) or _since_names_incident(text, d.start, d.end, triggers)))
                    and (d.kind != "point" or not _is_report_date(self.text[max(clause.start, d.start + clause.start - 60):d.start + clause.start])
                         or _NOUN_AFTER_DATE.match(text, d.end) is not None)     # "its 29 August drone strike"
                    and not _SOURCE_PAREN.search(text[max(0, d.start - 40):d.start])
                    and not (d.start <= 25 and _REPORT_AFTER.match(text, d.end))
                    and (not _SINCE_CONTEXT.search(text[max(0, d.start - 100):d.start]) or _WHEN_AFTER.match(text, d.end)
                         or _since_names_incident(text, d.start, d.end, triggers))]
        # "Father X, who had been ordained in Kaya in 2014": a relative clause without a trigger of its own
        # tells about a person or a thing, not where or when the incident happened
        for rel in _RELATIVE.finditer(text):
            rel_end = _CLAUSE_END.search(text, rel.end())
            rel_end = rel_end.start() if rel_end else len(text)
            if not any(rel.start() <= t[0] < rel_end for t in triggers):
                local_places = [p for p in local_places if not rel.start() <= p.start < rel_end]
                ev_dates = [d for d in ev_dates if not rel.start() <= d.start < rel_end]
        if _AGGREGATE_TOLL.search(text) or (_TOLL_OVER_INCIDENTS.search(text)
                                            and all(t[2] == "killing" for t in triggers)):
            # a toll of many incidents, of none of them ("killed in such attacks", "at least 89 civilians
            # were killed in three separate incidents in January", told one by one below)
            return
        lex = lexicon()
        # "a soldier was killed": one person, counted without a number, tells a toll but does not by
        # itself make an incident at the paragraph's place
        counted = [f for f in figures if self.text[f.start:f.end].lower() not in ("a", "an", "their", "his", "her", "its")]
        kill_clause = bool(lex.kill_verbs.search(text)) and (
            any(f.property in ("killed", "abducted", "wounded") for f in counted)
            or bool(_KILLED_VICTIMS.search(text)) and any(p.record.kind != "country" for p in places)
            # "Rwandan troops killed 13 insurgents at Namaluco": a force's operation, told by its toll
            or any(f.property == "perpetrators_killed" for f in counted)
            # (a multinational mission's troops, SAMIM or ATMIS, too)
            and any(self.kinds.get(k) in ("state", "state_force", "organization") for s, e, k in rel_actors
                    if s < counted[0].start - clause.start))
        # a modal before the incident's verb or right after it ("fighters could attack", "attacks would
        # follow"), not one in a later part ("overran Baga, where hundreds may have been killed")
        first = min((t[1] for t in triggers if not _is_anaphoric(text, t)), default=len(text))
        modal = bool(_MODAL.search(text, 0, min(len(text), first + 25)))
        generic = bool(_GENERIC.search(text))
        if generic and all(m.group(0).lower() == "since the" for m in _GENERIC.finditer(text)) \
                and any(_since_names_incident(text, d.start, d.end, triggers) for d in ev_dates):
            generic = False     # "since the 2019 assault on Inates, which killed 71": that incident, not a period
        # "121 soldiers were killed between 2021 and December 2024": a running toll, dated by no incident
        running = [(m.start(), m.end()) for m in _RUNNING_SPAN.finditer(text)]
        if running:
            generic = True
            ev_dates = [d for d in ev_dates if not any(a <= d.start < b for a, b in running)]
        # where a paragraph's incident happened: not where the wounded were flown or people fled to
        staying = [p for p in local_places if not _EVACUATED_TO.search(text, max(0, p.start - 50), p.start)
                   # "tensions between Washington and Tehran", "displacement towards X"
                   and p.preposition not in ("between", "towards", "toward", "vers")
                   and not _BETWEEN_AND.search(text, max(0, p.start - 50), p.start)]
        if staying and (clause.block not in self.block_place
                        or self.block_place[clause.block].record.kind in ("admin1", "admin2")):
            self.block_place[clause.block] = min(staying, key=lambda p: (_specificity(p), p.start))
        if len(ev_dates) == 1 and ev_dates[0].value.precision == "day" and _CLAIMS_ISSUED.search(text):
            self.claims_day = (clause.block, ev_dates[0].value)  # "Al-Shabaab issued two claims on Monday, 30 September"
        if ev_dates and clause.block not in self.block_date:
            self.block_date[clause.block] = ev_dates[0].value
            self.block_date_sentence[clause.block] = clause.sentence
        if ev_dates and clause.block not in self.block_label and _is_label(self.text, clause, ev_dates[0]):
            self.block_label[clause.block] = ev_dates[0].value    # "- March 2021 — Insurgents seize Palma"
        if len(ev_dates) == 1 and ev_dates[0].value.precision == "day":
            for p in local_places:      # "On Sunday, June 5, insurgents walked into Nanduli": Nanduli's day
                self.place_date.setdefault(p.record.key, (clause.block, ev_dates[0].value))
            if self._is_heading(clause):
                # "**Jableh and Tartus, Monday 23 May**" heading the items below; "**1. Manbij, Aleppo province -
                # Wednesday 16 January**", whose dash parts the place from the day
                heading_places = local_places + self._heading_places.get((clause.block, clause.sentence), [])
                for p in heading_places:
                    self.heading_date.setdefault(p.record.key, ev_dates[0].value)
                self._heading_day[(clause.block, clause.sentence)] = ev_dates[0].value
        elif not ev_dates and local_places and self._is_heading(clause):
            self._heading_places.setdefault((clause.block, clause.sentence), []).extend(local_places)
            day = self._heading_day.get((clause.block, clause.sentence))
            for p in local_places if day is not None else ():
                self.heading_date.setdefault(p.record.key, day)
        if triggers and self._is_heading(clause) and self.text[clause.end:].strip():
            # "*Passenger vehicle ambushed near Bandiagara.*" over the item that tells it: the item's
            # incident, at the place the item gives, not another one at the heading's
            return
        run_in = _RUN_IN_HEADING.match(text)
        if run_in and any(t[0] >= run_in.end() for t in triggers):
            # the same heading run into the item's first line: it summarises the item's incident (its kind
            # counts; its place is the item's, told below)
            local_places = [p for p in local_places if p.start >= run_in.end()] or local_places
            kinds = [t[2] for t in triggers if t[0] < run_in.end() and t[2] not in ("attack", "killing")]
            triggers = [t for t in triggers if t[0] >= run_in.end()]
            if kinds and triggers[0][2] in ("attack", "killing"):
                triggers[0] = (triggers[0][0], triggers[0][1], kinds[0])   # "*Air strike on X.* Missiles struck"

        touched: list[tuple[Draft, int]] = []
        tolls_of: dict[int, tuple[int, int]] = {}     # id(draft) -> the clause span of its own toll ("... in A and 5 in B")
        listed = False          # a trigger told of a list of places: the clause's figures are their total
        together = self._plural_reference(clause)
        if together:
            # "Both attacks were claimed by X"; a toll given "for both attacks together" belongs to
            # neither incident alone: responsibility and actors go to each, figures to none.
            for draft in together:
                draft.sentences.add(clause.sentence)
                self._attach_actors(draft, clause, rel_actors + pronouns, triggers, named_groups)
                self._attach_responsibility(draft, clause, rel_actors + pronouns, claimant)
            self.focus = together[-1]
            return
        if kill_clause:
            for m in lex.kill_verbs.finditer(text):
                if not any(s <= m.start() < e for s, e, _ in triggers):
                    triggers = sorted(triggers + [(m.start(), m.end(), "killing")])
                    break
        # "Somali forces, backed by US airstrikes, recaptured X": the support named, not the incident's kind
        triggers = [t for t in triggers if not (t[2] in ("airstrike", "bombing")
                                                and _SUPPORT_BEFORE.search(text, max(0, t[0] - 40), t[0]))]
        # "carried out more than 300 attacks in Cabo Delgado", "dozens of raids": a count of incidents, none of them
        triggers = [t for t in triggers if not _COUNTED_INCIDENTS.search(text, max(0, t[0] - 40), t[0])
                    or not text[t[0]:t[1]].lower().endswith("s")]
        fresh = [t for t in triggers if not _is_anaphoric(text, t)]
        if len(fresh) < len(triggers) and (self.focus is None or any(
                0 <= p.start - t[1] <= 25 and (self.focus.place is None or p.record.key != self.focus.place.record.key)
                # (not "some statements placed the attack at Kibumba": another account of where it happened)
                and not _PLACED_BEFORE.search(text, max(0, t[0] - 20), t[0])
                for t in triggers for p in local_places)):
            fresh = triggers          # "the massacre at Barsalogho" opening an article is news, not a reference
        anaphoric = len(fresh) < len(triggers)
        # "Benin responded by launching Operation Mirador", "the army launched an operation in the area on
        # Monday" after Sunday's attack: the answer to the incident told, a development of its own, neither a
        # new incident at the paragraph's place nor a part of the one in focus (whose side it would become)
        development = self.focus is not None and self.focus.type != "operation" and bool(triggers) \
            and all(t[2] == "operation" for t in triggers) \
            and (bool(_RESPONSE.search(text)) or any(
                d.value.precision == "day" and self.focus.date is not None and self.focus.date.precision == "day"
                and d.value.start != self.focus.date.start for d in ev_dates[:1]))
        if development:
            fresh = []
        assigned = _assign_places(local_places, fresh)
        if anaphoric and self.focus is not None and not any(assigned.get(i) for i in range(len(fresh))) \
                and not (ev_dates and not compatible(self.focus.date, ev_dates[0].value, 1)):
            fresh = []
        if self.focus is not None and triggers and _CAME_AFTER.match(text, triggers[0][1]) \
                and _DETERMINER_BEFORE.search(text, 0, triggers[0][0]):
            # (an incident told after "after" keeps its own trigger: "came three days after gunmen stopped a bus")
            fresh = [t for t in fresh if t != triggers[0]]
            triggers = triggers[1:]
        if fresh and not modal:
            for i, (t_start, t_end, etype) in enumerate(fresh):
                block_place = self.block_place.get(clause.block)
                if block_place is not None and self.focus is not None and _specificity(block_place) > 2:
                    block_place = None
                if block_place is not None and any(block_place is q for j, q in assigned.items() if j != i):
                    block_place = None  # "strikes on X, a day after rockets on Taji": Taji is the rockets'
                place = assigned.get(i) or (block_place if self.focus is None
                                            or self.focus.block != clause.block else None) \
                    or _nearest_place([p for p in local_places if p.preposition not in _MOVEMENT], t_start, t_end)
                date = _nearest_date(ev_dates, t_start, 140 if self.block_date.get(clause.block) else 10_000)
                if date is None and ev_dates:
                    date = min(ev_dates, key=lambda d: abs(d.start - t_start))
                weak = etype == "killing"
                if weak and touched and (place is None or _specificity(place) >= 3 or assigned.get(i) is None
                                         or text[max(0, t_start - 2):t_start] == ", "):
                    touched.append((touched[-1][0], t_start))   # "raided X, killing 70": the same incident
                    continue
                if weak and self.focus is not None and not local_places and _CLAIMED_TOLL.search(text):
                    touched.append((self.focus, t_start))   # "the group's statement claims to have killed 30"
                    continue
                # "attacked positions in seven towns at once: Kayes, Diboli, ...", "the positions at A and
                # B were attacked simultaneously": one incident per place, as ACLED codes them
                members = _place_list(place, local_places, text) if place is not None and not weak else [place]
                split = _elided_tolls(place, local_places, text) if place is not None and weak else []
                if split:
                    # "ten were killed in A and five in B": an incident at each place, with its own toll
                    # ("killed 12 in A and seven others in B": the later numbers count the same thing)
                    lead = self.focus if self.focus is not None and self.focus.block >= clause.block - 1 else None
                    drafts = []
                    for member in split:
                        draft = self._place_event("attack", member, date, clause, generic, True, weak)
                        if draft and draft.date is None and lead is not None and lead.date is not None:
                            draft.date = lead.date      # "killed 28 in Masala and 12 in Mahini" after the dated lede
                        if draft:
                            draft.trigger = draft.trigger or text[t_start:t_end]
                        drafts.append(draft)
                    self._split_tolls(clause, split, figures, quantities, touched, tolls_of, drafts)
                    continue
                if len(members) > 1:
                    listed = True
                    self._lists += 1
                for member in members:
                    draft = self._place_event("attack" if weak else etype, member, date, clause, generic,
                                              kill_clause or bool(counted), weak)
                    if draft:
                        draft.trigger = draft.trigger or text[t_start:t_end]
                        if len(members) > 1 and not draft.listed:
                            draft.listed = self._lists
                            # "launched attacks in A and B" says little of each: a later "suicide bomber" at B types it
                            draft.weak_type = draft.weak_type or draft.type == "attack" \
                                and text[t_start:t_end].lower() in ("attacks", "assaults", "attaques")
                        touched.append((draft, t_start))
        elif triggers and self.focus is not None and not modal and not development:
            date = _nearest_date(ev_dates, triggers[0][0])
            place = _nearest_place(local_places, triggers[0][0], triggers[0][1])
            if place and self.focus.place is None and clause.block <= self.focus.block + 2 \
                    and not self._other_item(clause):
                self.focus.place = place        # the lede's incident, placed by the next paragraph
            if place and self.focus.place and place.record.key != self.focus.place.record.key:
                existing = self._find(place, date.value if date else None)
                if existing:
                    touched.append((existing, triggers[0][0]))
            elif not (date and self.focus.date is not None and not compatible(self.focus.date, date.value, 1)):
                # ("the first attack on the army, in November 2021, ...": another incident than the one told)
                if date and self.focus.date is None:
                    self.focus.date = date.value
                elif date and compatible(self.focus.date, date.value, 1):
                    self.focus.date = _finer(self.focus.date, date.value)   # "last week" ... "on Wednesday"
                touched.append((self.focus, triggers[0][0]))
        elif not triggers and ev_dates and self.focus is not None and self.focus.date is None \
                and clause.block <= self.focus.block + 2 and _HAPPENED.search(text):
            # "Les faits se sont produits mercredi 18 janvier", "It happened on Tuesday": the undated incident's day
            self.focus.date = _nearest_date(ev_dates, 0).value
            self.focus.sentences.add(clause.sentence)
        elif local_places and not figures and bool(lex.responsibility_any.search(text)) \
                and not any(e.place is not None and e.place.record.key == local_places[0].record.key for e in self.events):
            self.pending.append((clause, local_places[0].record.key, rel_actors + pronouns, claimant))
        elif (figures or lex.claim_cues.search(text) or bool(lex.responsibility_any.search(text))) \
                and self.focus is not None and (not modal or not figures) and not (generic and figures) \
                and all(self.focus.date is None or self.focus.date.start is None or d.value.start is None
                        or self.focus.date.start - dt.timedelta(days=1) <= d.value.start
                        <= (self.focus.date.end or self.focus.date.start) + dt.timedelta(days=180)
                        for d in ev_dates if d.start < _relative_clause_start(text)):
            split = _elided_tolls(local_places[0], local_places, text) if local_places and figures else []
            told = [self._find(p, None) for p in split]
            if split and all(told) and len({id(d) for d in told}) == len(told):
                # "148 people had been killed: more than 100 in Jableh and 48 in Tartus", both told above:
                # each place's toll to its incident, the sum to neither
                self._split_tolls(clause, split, figures, quantities, touched, tolls_of, told)
            elif not local_places or (self.focus.place and any(p.record.key == self.focus.place.record.key for p in local_places)):
                touched.append((self.focus, 0))
                # "no one was killed" said of the incident being told, not of one this clause tells about
                figures = [f for f in figures if f.quantity.value != 0]
        elif self.focus is not None and self.focus.date is None and ev_dates and self.focus.place is not None \
                and any(p.record.key == self.focus.place.record.key for p in local_places):
            self.focus.date = ev_dates[0].value     # "What happened: on Saturday 24 August, fighters rode into X"
            self.focus.sentences.add(clause.sentence)

        if _REVISION.search(text):
            # "the final toll is as follows:" and the list under it; a revision that gives its own figure
            # ("the revised figure of 89 was released on Friday") revises that figure only
            listed = text.rstrip().endswith(":")
            own = bool(figures or _FIGURE_IN.search(text)) and not listed
            self.revision_until = (clause.block + (2 if listed else 0),
                                   clause.sentence + (6 if listed else 0 if own else 3))
        if clause.block <= self.revision_until[0] and clause.sentence <= self.revision_until[1]:
            for f in figures:
                f.revised = True
        unique: list[tuple[Draft, int]] = []
        for draft, pos in touched:
            if all(draft is not d for d, _ in unique):
                unique.append((draft, pos))
        # "the massacre" told of the incident in focus: what the text calls it, when that is more specific
        named = [t[2] for t in triggers if t not in fresh and t[2] in ("massacre", "suicide_bombing")]
        if len(unique) == 1 and named and unique[0][0].type in ("attack", "raid", "battle", "clash") \
                and not unique[0][0].listed:
            unique[0][0].type = min(named, key=lambda k: _TYPE_RANK[k])
        for draft, pos in unique:
            draft.sentences.add(clause.sentence)
            if listed and len(unique) > 1 or draft.listed and draft.block == clause.block and draft.place is not None \
                    and not any(p.record.key == draft.place.record.key for p in local_places):
                # a toll for all the places together ("Nine soldiers were killed" after "the positions at
                # A and B were attacked simultaneously") is kept with each as a claim, the figure of none
                together_with = [d for d in self.events if draft.listed and d.listed == draft.listed] or [draft]
                for d in together_with:
                    self._attach_figures(d, [replace(f, combined=True) for f in figures])
            elif id(draft) in tolls_of:
                lo, hi = tolls_of[id(draft)]
                self._attach_figures(draft, [f for f in figures if lo <= f.start - clause.start < hi])
            elif len(unique) == 1:
                self._attach_figures(draft, figures)
            else:
                positions = [p for _, p in unique]
                self._attach_figures(draft, [f for f in figures if min(positions, key=lambda p: abs(clause.start + p - f.start)) == pos])
            if len(unique) == 1:
                draft.named_dead += named_dead
            mine = rel_actors + pronouns
            if len(unique) > 1 and id(draft) not in tolls_of:
                positions = [p for _, p in unique]
                mine = [a for a in mine if min(positions, key=lambda p: abs(p - a[0])) == pos]
            self._attach_actors(draft, clause, mine, triggers, named_groups)
            self._force_operation(draft, clause, mine)
            self._attach_responsibility(draft, clause, rel_actors + pronouns, claimant)
            for label, rx in (lex.tactics if lex.tactics_any.search(text) else ()):
                if rx.search(text) and label not in draft.tactics:
                    draft.tactics.append(label)
            self.focus = draft

        for s, e, key in rel_actors:
            if self._is_group(key):
                self.last_group = key
                self.generic_since = False
            elif key == UNIDENTIFIED and self.last_group and not _DEFINITE_BEFORE.search(text, max(0, s - 12), s):
                self.generic_since = True   # not "the insurgents": a definite noun refers back to the group
        groups = [a for a in rel_actors if self._is_group(a[2])]
        if len(groups) >= 2 and groups[0][0] <= 30 and _OBJECT_OF.search(text, 0, groups[-1][0]) \
                and not _OBJECT_OF.search(text, 0, groups[0][0]):
            # "ISWAP, which split from Boko Haram in 2016, now dominates the lake": "its fighters" next are ISWAP's
            self.last_group = groups[0][2]

    def _split_tolls(self, clause: Clause, split: list, figures: list, quantities, touched: list, tolls_of: dict,
                     drafts: list) -> None:
        """Give each place of "N in A and M in B" its own toll: the number before each place becomes a
        figure like the clause's first (its property and claimant), and each draft (None: skipped) takes
        the figures between the place before it (or the colon, or the clause's start) and its own."""
        text = clause.text
        first = next((f for f in figures if f.start - clause.start < split[0].start), None)
        colon = text.rfind(":", max(0, split[0].start - 40), split[0].start)
        spans = ([(colon, split[0].start)] if colon >= 0 else []) + [(a.end, b.start) for a, b in zip(split, split[1:])]
        for lo, hi in spans:
            q = next((q for q in quantities or () if lo <= q.start < hi), None)
            if first is not None and q is not None and not any(lo <= f.start - clause.start < hi for f in figures):
                figures.append(replace(first, quantity=q.quantity, start=clause.start + q.start,
                                       end=clause.start + q.end))
        for k, (member, draft) in enumerate(zip(split, drafts)):
            if draft is not None:
                touched.append((draft, member.start))
                # ("killed some 100 civilians: 70 in A and 30 in B": A's toll is after the colon)
                tolls_of[id(draft)] = (split[k - 1].end if k else max(0, colon), member.start)

    def _other_item(self, clause: Clause) -> bool:
        """Whether the clause is another bullet of a list than the one the focus was opened in ("- Attack on the
        Tazalit post kills 22 soldiers." / "- US aid worker abducted in Abalak": two incidents, not one placed)."""
        if self.focus is None or not self.focus.bullet:
            return False
        line_start = self.text.rfind("\n", 0, clause.start) + 1
        return bool(_BULLET.match(self.text, line_start)) and line_start != self.focus.bullet

    def _is_heading(self, clause: Clause) -> bool:
        """Whether the clause's line is a heading: "# ...", or wholly bold or italic."""
        line_start = self.text.rfind("\n", 0, clause.start) + 1
        line_end = self.text.find("\n", clause.end)
        return bool(_HEADING.fullmatch(self.text, line_start, len(self.text) if line_end < 0 else line_end))

    def _place_event(self, etype: str, place: PlaceHit | None, date, clause: Clause, generic: bool,
                     has_figures: bool, weak: bool = False) -> Draft | None:
        dval = date.value if date else None
        block_date = self.block_date.get(clause.block)
        if dval is not None and block_date is not None and block_date.precision == "day" and date is not None \
                and re.search(r"\bago\b", date.text) and dval.precision != "day" and not compatible(block_date, dval, 0):
            dval = block_date        # "… who fled two years ago" inside a dated sitrep item
        if place is None and self.focus is not None and self.focus.block != clause.block \
                and self.block_place.get(clause.block) is not None \
                and (_specificity(self.block_place[clause.block]) <= 2 or not compatible(self.focus.date, dval, 1)):
            place = self.block_place[clause.block]
            if dval is None:
                dval = block_date
        if place is None and dval is not None and self.focus is not None and self.focus.place is not None \
                and self.focus.date is not None and _specificity(self.focus.place) <= 2 \
                and ((dval.iso or "")[:7] != (self.focus.date.iso or "")[:7]
                     or dval.precision == "day" and not compatible(self.focus.date, dval, 1)) \
                and _PLACE_OBJECT.search(clause.text):
            # "Fighters overran the town in August 2014. Soldiers took it back in March 2015", "... drove
            # them out in November": another incident at the place just told, dated by its own clause (a
            # month after "late October" is another incident, however close the two periods' edges)
            existing = [e for e in self.events if e is not self.focus and e.place is not None
                        and e.place.record.key == self.focus.place.record.key and e.date is not None
                        and e.date.iso == dval.iso]
            if existing:
                return existing[-1]
            return self._new_draft(etype, self.focus.place, dval, clause, weak)
        if place is None:
            # ("X and Y have killed tens of thousands in a 15-year insurgency", said in a later paragraph, is
            # not the incident being told)
            if self.focus and not (generic and self.focus.block < clause.block) \
                    and compatible(self.focus.date, dval, 1) and (dval is None or self.focus.date is None
                                                                       or self.focus.block == clause.block
                                                                       or weak and has_figures):
                if dval and self.focus.date is None:
                    self.focus.date = dval
                return self.focus
            ctx = self._context_place(clause.block)
            same_place = False
            if ctx is None and self.focus is not None and self.focus.place is not None and _SAME_PLACE.search(clause.text):
                ctx = self.focus.place      # "where a truck bomb killed 500 ... at the same junction"
                same_place = True           # (told as an incident of its own, with or without its toll)
            if ctx is None and self.focus is None and clause.block <= 1 and has_figures and not generic \
                    and not weak:
                # a lede that tells the toll before the place ("Suspected jihadists killed at least 40
                # civilians in attacks on two villages in central Mali"): the next sentences name it
                return self._new_draft(etype, None, dval, clause, weak)
            if ctx is None or dval is None or not (has_figures or same_place):
                return None
            place = ctx
        elif self.focus is not None and self.focus.place is None and clause.block <= self.focus.block + 2 \
                and compatible(self.focus.date, dval, 1) and not self._other_item(clause):
            self.focus.place = place        # "The attacks happened Sunday in the villages of X": the lede's
            if dval is not None and self.focus.date is None:
                self.focus.date = dval
            return self.focus
        if generic and (dval is None or dval.precision == "year" and not has_figures):
            # "since 2015 the violence has left 2,000 dead": a running toll, not an incident; "defeated in
            # 2017, its remnants still stage sporadic attacks in Kirkuk": a pattern, not an incident
            return None
        existing = self._find(place, dval)
        if existing:
            if dval is not None:
                existing.date = _finer(existing.date, dval) if compatible(existing.date, dval, 1) else existing.date
            elif existing.date is None and existing.block != clause.block:
                # an incident a summary named undated ("bombings in Kabul and Qamishli"), told in a dated item
                # (unless the item's incident is a draft already, at a finer place: "Deh Mazang square" of Kabul)
                item_date = block_date if block_date is not None and block_date.precision == "day" \
                    else self.block_label.get(clause.block)
                if item_date is not None and not any(e is not existing and e.date is not None
                                                     and compatible(e.date, item_date, 1) for e in self.events):
                    existing.date = item_date
            if existing.weak_type and not weak:
                existing.type, existing.weak_type = etype, False
            return existing
        if dval is None and block_date is not None and block_date.precision == "day":
            dval = block_date     # a dated item of a situation report or brief
        if dval is None and clause.block in self.block_label:
            dval = self.block_label[clause.block]    # an item of a timeline, labelled by its month or year
        told = self.place_date.get(place.record.key)
        if dval is None and told is not None and clause.block - told[0] <= 1:
            dval = told[1]        # the day the paragraph before gave when it named the place
        if dval is None and _specificity(place) <= 2:
            dval = self.heading_date.get(place.record.key)      # the day a heading gave the town
        if dval is None and place.new and self.focus is not None and self.focus.place is not None \
                and place.within == self.focus.place.record.key:
            self.focus.place = place     # "the Ex-Control Afgoye junction" of the Mogadishu bombing told above
            return self.focus
        if dval is None and self.focus is not None and self.focus.date is not None and self.focus.place is not None \
                and self.focus.place.record.kind in ("admin1", "admin2") and clause.block <= self.focus.block + 1 \
                and (_inside(place, self.focus.place.record.key) or place.new) \
                and _TOLD_ATTACKERS.match(clause.text):
            # "... in attacks on three villages in Lubero territory on Sunday. The attackers stormed A, B and C":
            # the lede's days, at each of its villages
            dval = self.focus.date
        wave = self.wave
        if dval is None and wave is not None and clause.block <= wave[2] + 2 and _inside(place, wave[0]):
            # "Separatists carried out a wave of coordinated attacks across Balochistan on Monday. ... Militants
            # also blew up a railway bridge at Kolpur, in Bolan district": one of the wave's, on its day
            dval = wave[1]
        return self._new_draft(etype, place, dval, clause, weak)

    def _new_draft(self, etype: str, place: PlaceHit | None, dval, clause: Clause, weak: bool) -> Draft:
        line_start = self.text.rfind("\n", 0, clause.start) + 1
        draft = Draft(type=etype, place=place, date=dval, block=clause.block, first_sentence=clause.sentence,
                      opening=clause.text, bullet=line_start if line_start and _BULLET.match(self.text, line_start) else 0,
                      weak_type=weak)
        if not self.events and clause.block <= 1 and dval is not None and dval.precision == "day" \
                and place is not None and place.record.kind == "admin1" and _WAVE.search(clause.text):
            self.wave = (place.record.key, dval, clause.block)    # the lede: many attacks across a region, one day
        self.events.append(draft)
        return draft

    def _context_place(self, block: int) -> PlaceHit | None:
        in_block = [e for e in self.events if e.block == block and e.place is not None]
        with_figures = [e for e in in_block if any(c.property == "killed" for c in e.claims)]
        if with_figures:
            return with_figures[-1].place
        if in_block:
            return in_block[-1].place
        return self.block_place.get(block)

    def _find(self, place: PlaceHit, dval: DateValue | None) -> Draft | None:
        same = [e for e in self.events if e.place is not None and e.place.record.key == place.record.key]
        compatible_ones = [e for e in same if compatible(e.date, dval, 1)]
        if dval is not None:
            exact = [e for e in compatible_ones if e.date is not None]
            if exact:
                return exact[-1]
        return compatible_ones[-1] if compatible_ones else None

    def _attach_figures(self, draft: Draft, figures: list[Claim]) -> None:
        for f in figures:
            if not any(c.start == f.start for c in draft.claims):
                draft.claims.append(f)

    def _attach_actors(self, draft: Draft, clause: Clause, actors, triggers, named_groups) -> None:
        text = clause.text
        for s, e, key in actors:
            after_trig = [t for t in triggers if t[0] >= e]
            trig_pos = after_trig[0][0] if after_trig else -1
            before_trig = [t for t in triggers if t[1] <= s]
            if key == UNIDENTIFIED and named_groups:
                continue
            kind = self.kinds.get(key, "armed_group" if key == UNIDENTIFIED else None)
            if kind == "state" and _is_capital_name(text[s:e]):
                continue        # "the Kabul truck bomb", "bombings in Baghdad": the city, not its government
            before = text[max(0, s - 40):s]
            if _CLAIMANT_AFTER.match(text[e:e + 60]):
                continue        # "JNIM issued its own claim for the fighting": a claimant, told by responsibility
            if kind in ("state", "state_force", "organization") and trig_pos < 0 and before_trig \
                    and _SAID_AFTER.match(text, e) and re.search(r",\s*(?:the\s+)?$", text[max(0, s - 8):s]):
                continue        # "..., AFRICOM said on Friday": who told it, not a side of it
            if kind == "state" and _IN_COUNTRY.search(before):
                continue        # "lost territory in central Somalia": the country as a place, not an actor
            if kind == "state" and (_BORDER_AFTER.match(text, e) or _BOUNDARY_BEFORE.search(before)):
                continue        # "killed near Porga, on the Burkina Faso border": where, not a side
            if kind == "armed_group" and lexicon().responsibility["denied"].search(text, e):
                continue        # "the Taliban said the movement had nothing to do with the attack": a denial
            if _POSSESSOR.match(text[e:e + 40]):
                if kind in ("state", "state_force", "armed_group") and key not in draft.targets and _TARGET_PREP.search(before):
                    draft.targets.append(key)
                continue        # "entered Kidal, the CSP's stronghold": the owner of a place, not an author
            if kind in ("state", "state_force") and _BACKED_BY.search(before):
                continue        # "rebels backed by Turkish artillery recaptured the town": a backer
            if kind == "armed_group" and _TITLE_AFTER.match(text, e) and _KILLED_BEFORE.search(text, 0, s):
                # "commandos killed Ahmed Omar, al-Shabaab's intelligence chief, in a raid": the group of the
                # one killed, not the author
                if key not in draft.targets:
                    draft.targets.append(key)
                continue
            if trig_pos >= 0 and _REPELLED.fullmatch(text, e, trig_pos):
                # "the SDF said its fighters repelled an IS attack": the side attacked, not the attackers
                if kind in ("state", "state_force", "armed_group") and key not in draft.targets:
                    draft.targets.append(key)
                continue
            if kind == "armed_group" and _SIDES.search(before) \
                    and any(t[2] in ("clash", "battle") and t[1] <= s for t in triggers):
                # "clashes between ISSP and the MSA": both armed groups fought
                if key not in draft.perpetrators:
                    draft.perpetrators.append(key)
                draft.joint.add(key)
                continue
            if kind in ("armed_group", "state_force") and _OBJECT_NOUN_AFTER.match(text, e):
                role = "target"     # "strikes against Iranian and Hezbollah targets", "IS hideouts"
            elif _BY.search(before) and (before_trig and s - before_trig[-1][1] <= 45
                                         or any(t[0] < e and s < t[1] for t in triggers)):
                role = "perp"       # "killed by a US drone": the author, inside the trigger's words
            elif kind in ("state", "state_force") and (strike := _strike_after(triggers, s, e, text)) \
                    and _MODIFIER_GAP.fullmatch(text[e:max(e, strike[0])]):
                role = "perp"         # "a US drone strike", "French air raids", "killed in a US drone strike"
            elif kind == "armed_group" and _GROUP_ATTACK_AFTER.match(text, e):
                role = "perp"       # "killed in the Taliban assault on the compound": the group's assault
            elif _TARGET_PREP.search(before) or _TAKEN_FROM_ACTOR.search(before):
                role = "target"
            elif s < trig_pos and _PASSIVE.search(text[e:trig_pos]) and kind in ("state_force", "state"):
                role = "target"
            elif (kind in ("armed_group", "unidentified") or key == UNIDENTIFIED) and trig_pos >= 0:
                role = "perp"
            elif kind in ("armed_group", "unidentified") or key == UNIDENTIFIED:
                continue
            elif kind in ("state_force",) and trig_pos >= 0 and (_ACTIVE_FORCE.match(text[e:e + 60])
                                                                 or _ACTIVE_FIRE.match(text[e:e + 40])):
                role = "perp"
            elif kind == "state" and trig_pos >= 0 and not before.strip().endswith(("of", "in", "from")) \
                    and _STATE_FIRED.match(text, e):
                role = "perp"         # "Iran fired a dozen ballistic missiles at the base"
            elif kind == "state_force":
                role = "target"
            else:
                continue
            if role == "perp" and kind in ("state", "state_force") \
                    and (strike := _strike_after(triggers, s, e, text)) and _MODIFIER_GAP.fullmatch(text[e:max(e, strike[0])]):
                draft.state_strike = True
                if kind == "state_force" and key in self.state_of and not _at_home(key, draft):
                    key = self.state_of[key]  # "a US drone strike": the United States, as for "a US air strike"
            if role == "perp" and any(p != key and p in draft.perpetrators and _JOINT.fullmatch(text[pe:s])
                                      for ps, pe, p in actors if pe <= s):
                draft.joint.add(key)          # "Malian troops and Wagner fighters entered X": one side
                draft.joint.update(p for ps, pe, p in actors if pe <= s and _JOINT.fullmatch(text[pe:s]))
            if role == "perp" and key not in draft.perpetrators:
                if _SUSPECTED.search(before[-25:]):
                    draft.suspected.add(key)
                draft.perpetrators.append(key)
                # "Rwandan troops and the Mozambican army retook X": forces named together are one side
                for ps, pe, p in actors:
                    if pe <= s and p in draft.targets and self.kinds.get(p) in ("state", "state_force") \
                            and kind in ("state", "state_force") and _JOINT.fullmatch(text[pe:s]) \
                            and not _TARGET_PREP.search(text[max(0, ps - 40):ps]):
                        draft.targets.remove(p)
                        draft.perpetrators.insert(len(draft.perpetrators) - 1, p)
                        draft.joint.update((p, key))
            elif role == "target" and key not in draft.targets and key != UNIDENTIFIED:
                draft.targets.append(key)

    def _force_operation(self, draft: Draft, clause: Clause, actors) -> None:
        """"Troops of Operation Hadin Kai said they killed 11 ISWAP fighters", "l'armée affirme avoir neutralisé
        12 terroristes de Boko Haram": a force that killed a group's fighters is the author of its operation,
        the group its target (not the attackers whose losses soldiers counted: see _victim_fighters)."""
        text = clause.text
        for s, e, key in actors:
            if self.kinds.get(key) != "armed_group":
                continue
            m = _FORCE_KILLED.search(text, max(0, s - 70), s)
            if m is None:
                continue
            subjects = [(s2, k2) for s2, e2, k2 in actors if e2 <= m.start()
                        and self.kinds.get(k2) in ("state", "state_force", "organization")
                        and not _TARGET_PREP.search(text[max(0, s2 - 40):s2])]
            if not subjects or self.focus is not None and self.focus is not draft and key in self.focus.perpetrators:
                continue
            force = subjects[-1][1]
            if key in draft.perpetrators:
                draft.perpetrators.remove(key)
            if key not in draft.targets:
                draft.targets.append(key)
            if force in draft.targets:
                draft.targets.remove(force)
            if force not in draft.perpetrators:
                draft.perpetrators.insert(0, force)
            draft.state_strike = True

    def _attach_responsibility(self, draft: Draft, clause: Clause, actors, claimant) -> None:
        lex = lexicon()
        text = clause.text
        for status in ("denied", "claimed", "attributed", "suspected"):
            m = lex.responsibility[status].search(text)
            if m and status == "claimed" and _NOBODY_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                m = None        # "nobody has claimed the attack, but it bore the hallmarks of X": not a claim
            if not m:
                continue
            groups = [(s, e, k) for s, e, k in actors if self._is_group(k)]
            if not groups and status in ("attributed", "suspected"):
                # "Ankara blamed Syrian government forces", "accused the army": a state's forces (or the
                # state) named after an active blame word; never the speaker before it
                groups = [(s, e, k) for s, e, k in actors if s >= m.end() and k != claimant[0]
                          and self.kinds.get(k) in ("state_force", "state") and _ACTIVE_BLAME.match(m.group(0))]
            if not groups:
                continue
            after = [g for g in groups if g[0] >= m.end()]
            before = [g for g in groups if g[1] <= m.start()]
            rel = _RELATIVE.search(text[:m.start()])
            if rel and any(g[1] <= rel.start() for g in before):
                before = [g for g in before if g[1] <= rel.start()]   # "X, which fights Y, was blamed": X
            elif len(before) >= 2 and _APPOSED.match(text, before[-2][1]) and "," in text[before[-1][1]:m.start()]:
                before = before[:-1]    # "X, a little-known group that officials link to Y, claimed it": X
            if status == "claimed" and re.search(r"\b(?:by|under)\b", m.group(0)) and after:
                actor = after[0][2]
            elif before:
                actor = before[-1][2]
            elif after:
                actor = after[0][2]
            else:
                continue
            if status == "attributed" and _HEDGE.search(text):
                status = "suspected"        # "said it was probably carried out by X"
            by, by_label = claimant
            if status == "attributed" and by is None and _BLAME_VERB.match(m.group(0)):
                # "The PMF blamed the Islamic State": the blame's author is the subject before the verb
                subject = [(s, e, k) for s, e, k in actors if e <= m.start() and k != actor
                           and _SUBJECT_GAP.fullmatch(text, e, m.start())]
                if subject:
                    by, by_label = subject[-1][2], text[subject[-1][0]:subject[-1][1]]
            if not any(r.actor == actor and r.status == status for r in draft.responsibility):
                draft.responsibility.append(Responsibility(actor=actor, status=status, by=by,
                                                           by_label=by_label, sentence=clause.sentence))
            if status == "claimed" and actor not in draft.perpetrators and not \
                    [p for p in draft.perpetrators if p != UNIDENTIFIED]:
                draft.perpetrators.append(actor)
            if status in ("suspected", "attributed"):
                draft.suspected.add(actor)
                if not [p for p in draft.perpetrators if p != UNIDENTIFIED]:
                    draft.perpetrators.append(actor)
            break

    # -- output --------------------------------------------------------------------------------
    def reports(self, hierarchy_refine) -> list[EventReport]:
        for clause, place_key, actors, claimant in self.pending:
            for d in self.events:
                if d.place is not None and d.place.record.key == place_key:
                    self._attach_responsibility(d, clause, actors, claimant)
                    d.sentences.add(clause.sentence)
        # an incident the text gives no time for cannot be coded, dated or fused: only the article's own
        # lead incident is kept without one ("continued attacks on farmers in X" is not an incident).
        # ``self.events`` keeps exactly the drafts reported, in order: callers zip the two lists.
        if self.claims_day is not None:
            block, day = self.claims_day
            for d in self.events:
                if d.date is None and block < d.block <= block + 3:
                    d.date = day        # the incidents its claims of that day tell, which they give no date of their own
        lede = [d for d in self.events if d.place is None and d.block <= 1 and d.date is not None]
        if self.filed_at is not None and lede and not any(_UNNAMED_AREA.search(d.opening) for d in lede) \
                and not any(e.place is not None and compatible(e.date, lede[0].date, 1) for e in self.events):
            # "GAO - Two days after the suicide attack on the MOC camp ...": one incident, in the dateline's town
            lede[0].place = self.filed_at
            for d in lede[1:]:
                if compatible(d.date, lede[0].date, 1):
                    _absorb(lede[0], d)
                    self.events.remove(d)
        self.events = [d for d in self.events if d.place is not None]   # a lede's incident never placed
        self.events = [d for d in _merge_nested(self.events) if d.date is not None or d.block == 0 and (
            d.claims or [p for p in d.perpetrators if p != UNIDENTIFIED])]
        out = []
        for d in self.events:
            perps = [p for p in d.perpetrators]
            named = [p for p in perps if p != UNIDENTIFIED]
            if named:
                perps = named
            perps = hierarchy_refine(perps, d)
            groups = [p for p in perps if self.kinds.get(p) == "armed_group"]
            states = [p for p in perps if self.kinds.get(p) in ("state", "state_force")]
            if d.state_strike and states:
                # "a US raid on an IS hideout": the groups named are the targets
                d.targets += [p for p in groups if p not in d.targets]
                perps = states
            elif groups and states and d.type not in ("battle", "clash", "operation") and not (set(states) & d.joint):
                # an armed group's attack: the soldiers who fought back are its targets, not co-authors
                d.targets += [p for p in states if p not in d.targets]
                perps = [p for p in perps if p not in states]
            resp = list(d.responsibility)
            for p in perps:
                if p in d.suspected and not any(r.actor == p for r in resp):
                    resp.append(Responsibility(actor=p, status="suspected", sentence=d.first_sentence))
            targets = [t for t in d.targets if t not in perps]
            claims = _apply_revisions(d.claims)
            if d.type == "airstrike" or named and all(self.kinds.get(p) in ("state", "state_force") for p in named):
                # a strike or operation by a state: the fighters it killed are the event's dead
                claims = [replace(c, property="killed") if c.property == "perpetrators_killed" else c for c in claims]
            if d.named_dead and not any(c.property == "killed" for c in claims):
                claims = claims + [max(d.named_dead, key=lambda c: c.quantity.value or 0)]
            out.append(EventReport(type=d.type, date=d.date, place=d.place.record.key if d.place else None,
                                   sentences=sorted(d.sentences), perpetrators=perps, targets=targets,
                                   claims=claims, responsibility=resp, tactics=d.tactics,
                                   role="main", label="", trigger=d.trigger,
                                   geo_precision=1))
        return out


def _encloses(outer: PlaceHit, inner: PlaceHit) -> bool:
    """Whether ``inner`` is told as lying in ``outer`` ("a church in Kasindi", "Koromey, near Mandera")."""
    key = outer.record.key
    if inner.record.key == key:
        return False
    return key == inner.record.admin1 or (key == inner.within and (inner.within_told or not inner.new))


def _same_site(a: PlaceHit, b: PlaceHit) -> bool:
    """"the Pentecostal church" and "the CEPAC Pentecostal church" of one article: one site."""
    if not (a.new and b.new and a.record.kind == "site" and b.record.kind == "site") or a.record.key == b.record.key:
        return False
    x, y = a.record.name.casefold(), b.record.name.casefold()
    return len(x) <= len(y) and y.endswith(" " + x) or len(y) < len(x) and x.endswith(" " + y)


def _same_day(a: Draft, b: Draft) -> bool:
    """Dates that tell the same incident: within a day, or the same month or year as precisely."""
    if a.date is None or b.date is None:
        return False
    if a.date.precision == b.date.precision and a.date.precision in ("month", "year"):
        return a.date.iso == b.date.iso
    return "day" in (a.date.precision, b.date.precision) and compatible(a.date, b.date, 1)


def _merge_nested(drafts: list[Draft]) -> list[Draft]:
    """One incident told at a site and at its town ("the Asasey hotel", "Kismayo") is one event, at
    the finer place: the town's report merges into the site's when the text locates the site in the
    town and the dates agree to the day. A site the text does not locate merges with the one other
    event of that day in the article."""
    out = list(drafts)
    changed = True
    while changed:
        changed = False
        for fine in out:
            if fine.place is None:
                continue
            coarse = [d for d in out if d is not fine and d.place is not None and (_same_day(d, fine)
                      or _same_site(d.place, fine.place) and compatible(d.date, fine.date, 7))
                      and (_encloses(d.place, fine.place) or _same_site(d.place, fine.place) or (
                          fine.place.new and fine.place.within is None and fine.place.record.kind == "site"
                          and d.place.record.kind in ("locality", "admin2")))]
            if fine.place.new and fine.place.within is None and len(coarse) > 1:
                coarse = [d for d in coarse if _encloses(d.place, fine.place)]
            if len(coarse) != 1:
                continue
            _absorb(fine, coarse[0])
            out.remove(coarse[0])
            changed = True
            break
    return out


def _absorb(into: Draft, other: Draft) -> None:
    into.sentences |= other.sentences
    into.first_sentence = min(into.first_sentence, other.first_sentence)
    into.block = min(into.block, other.block)
    into.date = _finer(into.date, other.date)
    if _TYPE_RANK.get(other.type, 9) < _TYPE_RANK.get(into.type, 9) and not other.weak_type or into.weak_type:
        into.type, into.weak_type = other.type, other.weak_type
    for name in ("perpetrators", "targets", "tactics"):
        mine = getattr(into, name)
        mine += [x for x in getattr(other, name) if x not in mine]
    into.suspected |= other.suspected
    into.joint |= other.joint
    into.state_strike = into.state_strike or other.state_strike
    into.claims += [c for c in other.claims if not any(c.start == x.start for x in into.claims)]
    into.responsibility += [r for r in other.responsibility
                            if not any(r.actor == x.actor and r.status == x.status for x in into.responsibility)]
    into.named_dead += other.named_dead
    into.trigger = into.trigger or other.trigger


_TYPE_RANK = {"suicide_bombing": 0, "massacre": 1, "ambush": 2, "bombing": 3, "airstrike": 3, "abduction": 4,
              "prison_break": 4, "raid": 5, "battle": 5, "execution": 5, "clash": 6, "attack": 7, "operation": 8,
              "other": 9}


def _apply_revisions(claims: list[Claim]) -> list[Claim]:
    return claims


# "men killed Fulani villagers in X": a killing told without a figure
_KILLED_VICTIMS = re.compile(r"\b(?:killed|killing|massacred|slaughtered|executed|shot dead)\s+(?:[\w\-]+\s+){0,2}?"
                             r"(?:civilians|villagers|residents|worshippers|farmers|herders|passengers|students|schoolboys|"
                             r"schoolgirls|children|women|men|people|soldiers|troops|policemen|displaced)\b", re.IGNORECASE)
_SAID_AFTER = re.compile(r"\s+(?:also\s+|later\s+)?(?:said|says|told|confirmed|announced|stated|reported|claimed)\b",
                         re.IGNORECASE)
_CLAIMANT_AFTER = re.compile(r"^\s*(?:also\s+|later\s+|then\s+)?(?:issued|released|published|made|put out)\s+(?:its|their|a|an)\s+"
                             r"(?:own\s+)?(?:claim|statement|communiqu)", re.IGNORECASE)
_POSSESSOR = re.compile(r"^['\u2019]s\s+(?:[\w\-]+\s+)?(?:stronghold|base|bases|bastion|fief|territory|headquarters|hideout|"
                        r"enclave|camp|camps|capital|heartland|positions?|outposts?|garrison|compound)\b", re.IGNORECASE)
_JOINT = re.compile(r"\s*(?:,|and|&|,\s*and)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:probably|likely|possibly|apparently|presumably|allegedly|suspected|may have|might have)\b",
                    re.IGNORECASE)
_RELATIVE = gated(re.compile(r",\s+(?:which|who|whose|whom)\b"))
_CLAUSE_END = re.compile(r"[,;:()]|\s[\u2013\u2014]\s")


def _relative_clause_start(text: str) -> int:
    """Where a relative clause ("..., which broke away in 2016") begins: its dates tell background."""
    m = _RELATIVE.search(text)
    return m.start() if m else len(text)


def _at_home(force: str, draft: Draft) -> bool:
    """Whether a state force acts in its own country ("a Nigerian army drone" over Kaduna: the army,
    as coders name a force at home; abroad, its strikes are the state's)."""
    from kg.reference import load_actors

    rec = load_actors().get(force)
    return bool(draft.place is not None and rec is not None and rec.countries
                and draft.place.record.country == rec.countries[0])


def _strike_after(triggers, s: int, e: int, text: str = ""):
    """The strike or raid trigger right after a mention, or starting inside it ("US drone" + "drone strike",
    "US air strike" read as the state), or around it ("killed in a US drone strike"); with ``text``, also
    "strikes" alone right after a state's name ("Israeli strikes hit government tanks")."""
    for t in sorted(triggers):
        if (t[2] in _STATE_STRIKES or text and t[0] >= e and not text[e:t[0]].strip()
                and text[t[0]:t[1]].lower() in ("strike", "strikes")) \
                and (t[0] >= e or s < t[0] < e or t[0] <= s and e <= t[1]):
            return t
    return None


_SINCE_WORD = re.compile(r"ever since|since|depuis", re.IGNORECASE)
_LABEL_END = re.compile(r"(?:\*\*)?\s*(?:[:\u2013\u2014]|-\s|$)")


def _is_label(text: str, clause, date) -> bool:
    """Whether ``date`` (clause-relative) opens its line, after a bullet, and a colon or a dash follows it
    (or the clause ends with it, split at the dash): a timeline item's label ("- 2019: ...", "March 2021 —")."""
    i = clause.start
    while i and text[i - 1] in " \t":
        i -= 1
    if i and text[i - 1] != "\n":
        return False
    return not clause.text[:date.start].strip(" \t-*\u2022") and bool(_LABEL_END.match(clause.text, date.end))


def _since_names_incident(text: str, d_start: int, d_end: int, triggers: list) -> bool:
    """Whether the "since" before a date governs an incident named with a determiner, between them or
    right after the date ("since the Koure killings of August 2020", "since the 2019 assault on Inates"),
    so that the date is the incident's, not the start of a period ("since 2017", "since fighting resumed
    in May")."""
    lo = max(0, d_start - 100)
    m = _SINCE_CONTEXT.search(text, lo, d_start)
    word = _SINCE_WORD.match(m.group(0)) if m is not None else None
    if word is None:
        return False
    head = m.start() + word.end()
    return any((head < t[0] < d_start or 0 <= t[0] - d_end <= 2) and _SINCE_NAMES.match(text[head:t[0]])
               for t in triggers)


def _is_report_date(before: str) -> bool:
    """"officials said on Monday": when someone spoke. "claimed responsibility for Saturday's bombing": not."""
    m = _REPORT_DATE.search(before)
    # "the army said 42 soldiers were killed on Sunday": the day of the killing, not of the saying
    return bool(m) and not re.search(r"\b(?:for|of|about|over|into|after|before|since|until)\b", before[m.start():]) \
        and not _INCIDENT_VERB.search(before, m.start() + 4) \
        and not (_INCIDENT_NOUN.search(before, m.start() + 4) and not re.match(r"(?i)claim|revendiq", m.group(0)))


@lru_cache(maxsize=512)
def _is_capital_name(name: str) -> bool:
    """Whether a state's alias is the name of its capital city ("Kabul" for Afghanistan's government)."""
    from kg.gazetteer import load_gazetteer

    return name[:1].isupper() and any(r.kind == "locality" and r.population >= 250_000
                                      for r in load_gazetteer().lookup(name))


def _inside(p: PlaceHit, region: str) -> bool:
    """Whether ``p`` lies in the region with key ``region`` (its admin1, or the place it was found within)."""
    if region in (p.record.admin1, p.within):
        return True
    if p.within:
        from kg.gazetteer import load_gazetteer
        try:
            return load_gazetteer().get(p.within).admin1 == region
        except KeyError:
            return False
    return False


def _specificity(p: PlaceHit) -> int:
    """Smaller is more specific: a site, a village, a town, a city, a district, a region."""
    kind = p.record.kind
    if kind == "site":
        return 0
    if kind == "locality" and p.unit:
        return 3        # "the Ouallam department": the area around the town
    if kind == "locality":
        return 1 if p.new or p.record.population < 100_000 else 2
    return 3 if kind == "admin2" else 4


def _is_anaphoric(text: str, trigger) -> bool:
    """"the attack", "that assault": a trigger noun after a determiner refers back to a told event."""
    word = text[trigger[0]:trigger[1]].lower()
    if word.endswith("ed") or lexicon().kill_verbs.fullmatch(word) or word.split()[0] in _PAST_VERBS:
        return False        # a verb: "the insurgents overran the town" tells, it does not refer back
    before = text[:trigger[0]]
    return bool(_ANAPHOR.search(before) or _DATED_POSSESSIVE.search(before))


def _assign_places(places: list[PlaceHit], triggers) -> dict[int, PlaceHit]:
    """Each place goes to its nearest trigger; each trigger keeps the nearest of its places."""
    if not triggers:
        return {}
    mine: dict[int, list[PlaceHit]] = {}
    ends = {q.end for q in places}
    located = any(q.preposition not in BEARINGS and q.preposition not in _MOVEMENT for q in places)
    for p in places:
        if p.preposition in _MOVEMENT or located and p.preposition in BEARINGS:
            continue        # "from X", "to X"; "the Taji base north of Baghdad": Baghdad locates Taji
        if p.record.kind in ("admin1", "admin2") and any(p.start - e in (2, 3) for e in ends):
            continue        # "Dikwa, Borno State": the region only locates the town before it
        i = min(range(len(triggers)), key=lambda k: _distance(p, triggers[k][0], triggers[k][1]))
        mine.setdefault(i, []).append(p)
    return {i: _nearest_place(ps, triggers[i][0], triggers[i][1]) for i, ps in mine.items()}


def _distance(p: PlaceHit, t_start: int, t_end: int) -> float:
    return p.start - t_end if p.start >= t_end else (t_start - p.end) * 1.1


def _place_list(place: PlaceHit, places: list[PlaceHit], text: str) -> list[PlaceHit]:
    """The places listed with ``place`` as places struck together, or ``[place]``: a count that announces
    its list ("in seven towns at once: A, B, ..." with exactly seven places after it), or places joined
    by commas and "and" ("at A and B", "A, B et C"), not "between A and B"."""
    locs = sorted((p for p in places if p.record.kind not in ("country", "admin1")), key=lambda p: p.start)
    if not any(p is place for p in locs):
        return [place]
    for m in _COUNTED_PLACES.finditer(text):
        count = _SMALL_NUMBERS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
        after = [p for p in locs if p.start >= m.end()]
        if count >= 2 and len(after) != count:
            # "three positions had fallen: two VDP posts, at Sebassi in Bam province and at Bougaye near
            # Ouahigouya, and an army post at Boko": the places that locate the others are not in the count
            after = [p for p in after if p.preposition not in _LOCATING]
        if count >= 2 and len(after) == count and any(p is place for p in after):
            return after
    i = next(k for k, p in enumerate(locs) if p is place)
    run = _listed_run(locs, i, text)
    # "the positions at A and B, in the department of X, were attacked simultaneously": X was chosen, A and B
    # are the places
    if run is None and i > 0 and _ENCLOSING_GAP.fullmatch(text, locs[i - 1].end, place.start):
        run = _listed_run(locs, i - 1, text)
    return run or [place]


def _elided_tolls(place: PlaceHit, places: list[PlaceHit], text: str) -> list[PlaceHit]:
    """The places of "ten residents were killed in A and five in B" (a toll before each place, the verb
    not repeated), from ``place`` on; ``[]`` when the clause is not so built."""
    locs = sorted((p for p in places if p.record.kind != "country"), key=lambda p: p.start)
    i = next((k for k, p in enumerate(locs) if p is place), None)
    if i is None or not _TOLL_BEFORE.search(text, max(0, place.start - 60), place.start):
        return []
    run = [place]
    while i + 1 < len(locs) and _ELIDED_GAP.fullmatch(text, locs[i].end, locs[i + 1].start):
        i += 1
        run.append(locs[i])
    return run if len(run) > 1 and len({p.record.key for p in run}) == len(run) else []


def _listed_run(locs: list[PlaceHit], i: int, text: str) -> list[PlaceHit] | None:
    lo = hi = i
    while lo > 0 and _PLACE_LIST_GAP.fullmatch(text, locs[lo - 1].end, locs[lo].start):
        lo -= 1
    while hi + 1 < len(locs) and _PLACE_LIST_GAP.fullmatch(text, locs[hi].end, locs[hi + 1].start):
        hi += 1
    run = locs[lo:hi + 1]
    if len(run) < 2 or _BETWEEN_BEFORE.search(text, max(0, run[0].start - 12), run[0].start) \
            or len({p.record.key for p in run}) < len(run) \
            or not any(_AND_GAP.search(text, a.end, b.start) for a, b in zip(run, run[1:])) \
            or _AREAS_AFTER.match(text, run[-1].end) \
            or not _SEVERAL.search(text):
        # "near BANIKANE, Gourma-Rharous sector" (where it lies); "in Jere, Mafa and Konduga LGAs" (areas);
        # "fighters raided Liheban and Khidirjija, two villages": one raid unless the text says several
        return None
    return run


_SMALL_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_SMALL_NUMBERS.update({w: i for i, w in enumerate("zéro un deux trois quatre cinq six sept huit neuf dix onze douze".split())
                       if w not in _SMALL_NUMBERS})
_COUNTED_PLACES = re.compile(
    r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|deux|trois|quatre|cinq|six|sept|huit|"
    r"neuf|dix)\s+(?:[\w\-]+\s+)?(?:towns|villages|localities|cities|places|sites|locations|communities|settlements|"
    r"positions|bases|camps|posts|districts|communes|localités|villes|postes)\b[^.:;]{0,40}:", re.IGNORECASE)
# ("more than 100 in Jableh and 48 in Tartus": a qualifier of kg/extract/numbers.py may come first)
_TOLL_WORD = (r"(?:(?:" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
              r"(?:a dozen|(?:several|many) (?:more|others)|" + _COUNTS + r")")
_TOLL_BEFORE = re.compile(r"(?:" + _TOLL_WORD + r"\s+(?:[\w\-]+\s+){0,4}?(?:were |was |had been |have been )?"
                          r"(?:killed|dead|died|wounded|injured|abducted|kidnapped)"
                          # "killed some 100 civilians in a single morning: 70 in Tchoma Bangou and 30 in ..."
                          r"|(?:killed|dead|died|massacred|tu[ée]s)\b[^.;]{0,80}:\s*" + _TOLL_WORD + r"(?:\s+[\w\-]+)?"
                          r"|(?:killed|killing|kill|wounded|abducted|kidnapped)\s+" + _TOLL_WORD + r"(?:\s+[\w\-]+){0,3}?)"
                          r"\s+(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_ELIDED_GAP = re.compile(r",?\s+and\s+(?:another\s+|a further\s+)?" + _TOLL_WORD
                         + r"\s+(?:(?:more|others?|people|civilians|soldiers|residents|villagers)\s+)?(?:in|at)\s+(?:the\s+)?",
                         re.IGNORECASE)
_PLACE_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+|or\s+|ou\s+)?|\s+(?:and|et|or|ou)\s+)\s*")
_LOCATING = frozenset({"in", "near", "of", "outside", "around", "close to", "north of", "south of", "east of", "west of",
                       "dans", "près de", "from", "to", "towards", "toward"})
_ENCLOSING_GAP = re.compile(r",?\s*(?:in|near|dans)\s+(?:the\s+|la\s+|le\s+)?(?:[\w\-]+\s+(?:of|de|du)\s+)?")
_AND_GAP = re.compile(r"\b(?:and|et|or|ou)\s+$")
_AREAS_AFTER = re.compile(r"\s+(?:LGAs|local government areas|cercles|counties|territories|provinces|regions|districts|"
                          r"departments|states|sectors|communes)\b", re.IGNORECASE)
# what says that a list of places was struck in several incidents, not one
_SEVERAL = re.compile(r"\b(?:simultaneous(?:ly)?|at once|at the same time|coordinated|separate|respectively|"
                      r"simultan[ée]\w*|(?:air\s?)?strikes|attacks|raids|ambushes|bombings|assaults|attaques|frappes|"
                      r"embuscades)\b", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|entre|from)\s+(?:the\s+)?$", re.IGNORECASE)


def _nearest_place(places: list[PlaceHit], t_start: int, t_end: int) -> PlaceHit | None:
    if not places:
        return None
    starts = {p.end: p for p in places}

    def cost(p: PlaceHit):
        d = _distance(p, t_start, t_end)
        if any(p.start - e in (2, 3) for e in starts):     # "X, <this>": the tail of a place chain
            d += 60
        if p.preposition in _MOVEMENT:
            d += 200
        if p.record.kind in ("admin1", "admin2") or p.unit:
            d += 40
        if p.preposition in BEARINGS:
            d += 80         # "north of Baqubah": a reference point, not the place
        return d
    return min(places, key=cost)


def _nearest_date(dates: list, t_start: int, max_distance: int = 10_000):
    if not dates:
        return None
    best = min(dates, key=lambda d: abs(d.start - t_start))
    return best if abs(best.start - t_start) <= max_distance else None

"""Synthetic inputs for kg's benchmarks: a corpus of short articles, and graphs written straight in kg's layout.

    python benchmarks/synthetic.py articles OUT_DIR -n 300            # ~3 KB Markdown articles
    python benchmarks/synthetic.py graph OUT_DIR --events 100000      # OUT_DIR/graph.nq + OUT_DIR/_reference.nq
    python benchmarks/synthetic.py graph OUT_DIR --events 1000000 --layout compact   # ~50 quads per event

Both are deterministic for a given seed and built from kg's own reference data: armed groups and the
state forces of their countries (kg/data/actors.yaml), places from the gazetteer (kg.gazetteer),
with dates, figures, claimants and relations.

**Articles** read like the wire and monitoring reports kg is written for: a dateline, an attack
dated by weekday or by date, figures from officials and from the group, a claim of responsibility,
a background event, a relation between groups, and context paragraphs up to the wanted size. About
a third of the events are told by two or three articles from different outlets, so fusion has work
to do.

**Graphs** follow ontology/README.md ("Graph layout") and what ``kg extract`` writes: the reference
graph (``kg.shards.reference_quads``), the ``graph/reference`` quads of the places used
(``kg.to_rdf.place_quads``) and one named graph per article with its article, cited sentences,
event reports, figure and responsibility claims and relation statements. The canonical events
(``graph/resolved``) are left to ``kg load``, which fuses the reports: each synthetic event has 1-3
reports (mean 1.5) in different articles, at one place and day, and two events at one place are
at least three days apart, so the fused graph has exactly ``events`` canonical events. Per event
this gives about the quads the real extractor writes (some 50 per report).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUTLETS = ["Sahel & Savannah Wire", "Lake Chad Monitor", "Horn Security Review", "West Africa Daily",
           "Crisis Desk Bulletin", "Frontline Reports", "Conflict Observer", "Regional Radio News"]
AUTHORS = ["Staff correspondent", "News desk", "Security correspondent", "Regional bureau", "Field reporter"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

EVENT_KINDS = {
    # kind: (headline verb, lead sentence template, kg event type)
    "attack": ("attack army post in", "{who} killed {killed} soldiers and wounded {wounded} others {when} in an attack "
               "on an army post in {place}, in the {region} region of {country}, security sources said.", "attack"),
    "ambush": ("ambush convoy near", "{who} killed {killed} soldiers {when} when they ambushed a military convoy "
               "near {place}, in {country}'s {region} region, officials said.", "ambush"),
    "massacre": ("kill villagers in", "{who} killed {killed} civilians {when} in a massacre in the village of "
                 "{place}, in the {region} region of {country}, residents and local officials said.", "massacre"),
    "abduction": ("abduct dozens in", "{who} abducted {killed} people {when} in a raid on {place}, in the {region} "
                  "region of {country}, local officials said.", "abduction"),
    "bombing": ("bomb market in", "A roadside bomb planted by {who} killed {killed} people {when} at a market in "
                "{place}, in the {region} region of {country}, police said.", "bombing"),
}

FILLER = [
    "Residents said the area had seen a steady rise in violence since the start of the year, with farmers "
    "abandoning their fields and traders avoiding the main road after dark.",
    "Humanitarian agencies say more than {displaced} people have fled their homes in the region over the past "
    "twelve months, many of them to camps on the outskirts of the regional capital.",
    "The government has repeatedly promised to restore security in the area and has deployed additional troops, "
    "but local leaders say patrols remain rare outside the main towns.",
    "A local health worker said the clinic had run short of medicine and blood supplies, and that several of "
    "the wounded had to be taken by road to a hospital more than a hundred kilometres away.",
    "Aid workers said access to the affected villages remained difficult because of damaged roads and the "
    "risk of further attacks, and that food prices in local markets had doubled.",
    "Schools in the district have been closed for months, and teachers say many families have sent their "
    "children to relatives in safer towns.",
    "Analysts say armed groups have exploited disputes over land and grazing rights to recruit young men in "
    "the border areas, where the state has little presence.",
    "A regional governor visited the scene and called on residents to cooperate with the security forces, "
    "promising compensation for the families of the victims.",
    "Mobile phone networks in parts of the region were cut for several days, making it difficult to verify "
    "reports from the area independently.",
    "Community leaders appealed for talks with the armed groups, saying military operations alone had failed "
    "to bring lasting calm to the district.",
    "Witnesses described hearing gunfire for more than an hour before the attackers left, taking livestock, "
    "fuel and food supplies with them.",
    "Several shops and a health post were set on fire, and the local market remained closed the next morning "
    "as families buried their dead.",
    "Religious leaders in the town condemned the violence and urged young people not to respond to calls to "
    "join the armed groups operating in the area.",
    "Security analysts note that attacks in the area often follow the seasonal movement of herders, when "
    "armed groups move more easily along the dry riverbeds.",
    "Opposition politicians criticised the government's handling of the crisis and called for an independent "
    "inquiry into the repeated failures to protect civilians.",
    "The United Nations said it was concerned by the deterioration of the security situation and called on "
    "all parties to respect international humanitarian law.",
]


@dataclass
class Place:
    key: str
    name: str
    region: str
    country: str        # ISO2
    country_name: str


@dataclass
class Group:
    key: str
    name: str
    countries: tuple[str, ...]
    parent: str | None


def _reference():
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors

    return load_actors(), load_gazetteer()


def _places(gaz, countries: set[str], *, reviewed_only: bool) -> dict[str, list[Place]]:
    """Localities (with an admin1) per country: kg's reviewed supplement, or every gazetteer locality."""
    out: dict[str, list[Place]] = {}
    for rec in gaz._records.values():  # noqa: SLF001 - a benchmark may read the gazetteer's table
        if rec.kind not in ("locality", "admin2") or not rec.country or rec.country not in countries or not rec.admin1:
            continue
        if reviewed_only and not rec.supplement:
            continue
        try:
            region = gaz.get(rec.admin1).name
            country = gaz.country_name(rec.country)
        except KeyError:
            continue
        out.setdefault(rec.country, []).append(Place(rec.key, rec.name, region, rec.country, country))
    for v in out.values():
        v.sort(key=lambda p: p.key)
    return out


def _groups(actors) -> list[Group]:
    out = []
    for rec in sorted(actors.values(), key=lambda r: r.key):
        if rec.kind == "armed_group" and rec.countries:
            out.append(Group(rec.key, rec.name, rec.countries, rec.parents[0] if rec.parents else None))
    return out


def _forces(actors) -> dict[str, tuple[str, str]]:
    """Country -> (key, name) of its default state force."""
    out: dict[str, tuple[str, str]] = {}
    for rec in sorted(actors.values(), key=lambda r: r.key):
        if rec.kind == "state_force" and rec.countries and (rec.default_force or rec.countries[0] not in out):
            if rec.default_force or len(rec.countries) == 1:
                out[rec.countries[0]] = (rec.key, rec.name)
    return out


# -- articles --------------------------------------------------------------------------------------

def _when(rng: random.Random, day: dt.date, published: dt.date) -> str:
    if 0 < (published - day).days <= 6 and rng.random() < 0.6:
        return f"on {WEEKDAYS[day.weekday()]}"
    return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"


def generate_articles(n: int, out_dir: str | Path, *, seed: int = 0, size: int = 3100) -> list[Path]:
    """Write ``n`` Markdown articles of about ``size`` bytes into ``out_dir``; returns their paths."""
    actors, gaz = _reference()
    forces = _forces(actors)
    groups = [g for g in _groups(actors) if any(c in forces for c in g.countries)]
    places = _places(gaz, {c for g in groups for c in g.countries}, reviewed_only=True)
    groups = [g for g in groups if any(places.get(c) for c in g.countries)]
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    start = dt.date(2015, 1, 1)
    event_no = 0
    while len(paths) < n:
        event_no += 1
        g = rng.choice(groups)
        country = rng.choice([c for c in g.countries if places.get(c) and c in forces])
        place = rng.choice(places[country])
        kind = rng.choice(list(EVENT_KINDS))
        day = start + dt.timedelta(days=rng.randrange(3650))
        killed = rng.choice([3, 4, 5, 7, 9, 12, 14, 17, 21, 26, 32, 40, 55])
        copies = rng.choices([1, 2, 3], weights=[65, 25, 10])[0]
        outlets = rng.sample(OUTLETS, copies)
        for c in range(min(copies, n - len(paths))):
            published = day + dt.timedelta(days=1 + c + rng.randrange(3))
            text = _article(rng, g, place, forces[country][1], kind, day, published, killed, actors, places, size,
                            outlets[c])
            path = out / f"synthetic-{event_no:06d}-{c}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def _article(rng, g: Group, place: Place, force: str, kind: str, day: dt.date, published: dt.date, killed: int,
             actors, places, size: int, outlet: str) -> str:
    verb, lead, _ = EVENT_KINDS[kind]
    wounded = killed // 2 + rng.randrange(5)
    who = rng.choice([f"Fighters of {g.name}", f"Militants from {g.name}", f"Suspected {g.name} fighters"])
    title = f"{g.name} fighters {verb} {place.name}, {place.country_name}"
    head = (f"---\ntitle: \"{title}\"\npublished: {published.isoformat()}\nsource: {outlet}\n"
            f"author: {rng.choice(AUTHORS)}\n---\n")
    dateline = f"{place.name.upper()}, {place.country_name}, {MONTHS[published.month - 1][:3]} {published.day} – "
    paras = [dateline + lead.format(who=who, killed=killed, wounded=wounded, when=_when(rng, day, published),
                                    place=place.name, region=place.region, country=place.country_name)]
    claim = killed + rng.choice([0, 5, 10, 20])
    fillers = rng.sample(FILLER, len(FILLER))
    paras.append(f"The attackers arrived on motorcycles and pickup trucks and fought the {force} for several hours "
                 f"before withdrawing towards the border, a local official said. "
                 f"{fillers.pop().format(displaced=rng.randrange(20, 300) * 1000)}")
    paras.append(f"Local officials put the toll at {killed} dead, while {g.name} said in a statement that its "
                 f"fighters had killed {claim} people. {g.name} claimed responsibility for the attack through its "
                 "propaganda channels the following day.")
    bg_place = rng.choice(places[place.country])
    bg_month = day - dt.timedelta(days=30 * rng.randrange(2, 12))
    paras.append(f"In {MONTHS[bg_month.month - 1]} {bg_month.year}, fighters of the same group killed "
                 f"{rng.choice([6, 8, 11, 15, 19])} civilians in a raid on {bg_place.name}, according to residents.")
    if g.parent and g.parent in actors:
        paras.append(f"{g.name} is part of {actors[g.parent].name}, and has carried out most of the attacks "
                     f"claimed in {place.country_name} since it pledged allegiance to {actors[g.parent].name}.")
    text = head + "\n\n".join(paras)
    for f in fillers:
        if len(text.encode("utf-8")) >= size - 100:
            break
        text += "\n\n" + f.format(displaced=rng.randrange(20, 300) * 1000)
    return text + "\n"


# -- graphs ----------------------------------------------------------------------------------------

def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def generate_graph(n_events: int, out_dir: str | Path, *, seed: int = 0, layout: str = "full") -> dict:
    """Write ``out_dir/graph.nq`` (article graphs and the reference places they use) and
    ``out_dir/_reference.nq`` for ``n_events`` canonical events; returns counts.

    ``layout="full"`` (about 93 input quads per event): 1-3 reports per event (mean 1.5), two cited
    sentences per report, background reports of earlier events in 40 % of the articles.
    ``layout="compact"`` (about 50): mostly one report per event (mean 1.2), one sentence per report,
    no background reports; the rest (claims, responsibility, relations, places) as in ``full``. It
    exists so that a million events fit on a small disk: the store takes about 450 bytes per quad."""
    if layout not in ("full", "compact"):
        raise ValueError(f"unknown layout {layout!r}")
    compact = layout == "compact"
    import pyoxigraph as ox

    from kg import ids
    from kg.shards import write_reference_shard
    from kg.to_rdf import place_quads
    from kg.vocab import REFERENCE_GRAPH

    actors, gaz = _reference()
    forces = _forces(actors)
    groups = [g for g in _groups(actors) if any(c in forces for c in g.countries)]
    places = _places(gaz, {c for g in groups for c in g.countries}, reviewed_only=False)
    groups = [g for g in groups if any(places.get(c) for c in g.countries)]
    all_places = sorted((p for v in places.values() for p in v), key=lambda p: p.key)
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_reference_shard(out)

    K = "https://w3id.org/kg-armed-groups/ontology#"
    RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    XSD = "http://www.w3.org/2001/XMLSchema#"
    PROV = "http://www.w3.org/ns/prov#"
    DCT = "http://purl.org/dc/terms/"
    SEM_EVENT = "<http://semanticweb.cs.vu.nl/2009/11/sem/Event>"
    LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
    k = lambda t: f"<{K}{t}>"  # noqa: E731
    types = {"attack": "Attack", "ambush": "Ambush", "massacre": "Massacre", "abduction": "Abduction",
             "bombing": "Bombing"}

    # every place gets events 3 days apart at least: slots of 3 days over ten years, drawn without repeats
    slots = 1200
    needed_places = max(50, n_events // 20, -(-n_events // (slots // 2)))  # ~20 events per place
    chosen = all_places if needed_places >= len(all_places) else rng.sample(all_places, needed_places)
    if len(chosen) * slots < n_events:
        raise ValueError(f"{n_events} events do not fit on {len(chosen)} places")
    free: dict[str, list[int]] = {}
    base = dt.date(2012, 1, 2)
    used_places: set[str] = set()
    n_quads = 0
    n_articles = 0
    n_reports = 0

    def reports_of_event() -> int:
        return rng.choices([1, 2, 3], weights=[85, 10, 5] if compact else [60, 30, 10])[0]

    path = out / "graph.nq"
    with path.open("w", encoding="utf-8") as fh:
        w = fh.write
        pending_bg: list[tuple] = []  # (place, day, kind, group) of earlier events, for background reports
        for e in range(n_events):
            place = chosen[e % len(chosen)]
            slot_list = free.setdefault(place.key, rng.sample(range(slots), slots))
            day = base + dt.timedelta(days=3 * slot_list.pop())
            used_places.add(place.key)
            cands = [g for g in groups if place.country in g.countries] or groups
            g = cands[rng.randrange(len(cands))]
            force = forces.get(place.country)
            kind = rng.choice(list(types))
            killed = rng.choice([3, 4, 5, 7, 9, 12, 14, 17, 21, 26, 32, 40, 55])
            for c in range(reports_of_event()):
                n_articles += 1
                art_id = hashlib.sha256(f"{seed}-{e}-{c}".encode()).hexdigest()[:16]
                checksum = hashlib.sha256(f"{seed}-{e}-{c}-sum".encode()).hexdigest()
                G = f"<{ids.article_graph(art_id)}>"
                A = f"<{ids.article(art_id)}>"
                published = day + dt.timedelta(days=1 + c)
                lines = [
                    f"{A} {RDF_TYPE} {k('Article')} {G} .",
                    f"{A} {RDF_TYPE} <{PROV}Entity> {G} .",
                    f"{A} {k('file')} {_lit(f'synthetic-{e:07d}-{c}.md')} {G} .",
                    f"{A} {k('checksum')} {_lit(checksum)} {G} .",
                    f"{A} <{DCT}title> {_lit(f'{g.name} fighters kill {killed} in {place.name}')} {G} .",
                    f"{A} <{DCT}issued> \"{published.isoformat()}\"^^<{XSD}date> {G} .",
                    f"{A} {k('outlet')} {_lit(OUTLETS[(e + c) % len(OUTLETS)])} {G} .",
                    f"{A} {k('mentions')} <{ids.actor(g.key)}> {G} .",
                ]
                if force:
                    lines.append(f"{A} {k('mentions')} <{ids.actor(force[0])}> {G} .")
                reports = [(place, day, kind, g, killed, "main")]
                if pending_bg and not compact and rng.random() < 0.4:
                    bp, bday, bkind, bg = pending_bg[rng.randrange(len(pending_bg))]
                    reports.append((bp, bday, bkind, bg, None, "background"))
                if c == 0:
                    pending_bg.append((place, day, kind, g))
                    if len(pending_bg) > 5000:
                        pending_bg.pop(rng.randrange(len(pending_bg)))
                offset = 0
                s_index = 0
                for ri, (rp, rday, rkind, rg, rkilled, role) in enumerate(reports):
                    n_reports += 1
                    R = f"<{ids.report(art_id, ri)}>"
                    sents, sent_spans = [], []
                    for _ in range(1 if compact else 2):
                        s_index += 1
                        start = offset
                        stext = (f"{rg.name} fighters struck {rp.name} in {rp.region} on {rday.isoformat()}, "
                                 f"sentence {s_index} of the report.")
                        offset += len(stext) + 1
                        S = f"<{ids.sentence(art_id, s_index)}>"
                        sents.append(S)
                        sent_spans.append((s_index, start, start + len(stext)))
                        lines += [f"{S} {RDF_TYPE} {k('Sentence')} {G} .",
                                  f"{S} {k('inArticle')} {A} {G} .",
                                  f"{S} {k('index')} \"{s_index}\"^^<{XSD}integer> {G} .",
                                  f"{S} {k('start')} \"{start}\"^^<{XSD}integer> {G} .",
                                  f"{S} {k('end')} \"{start + len(stext)}\"^^<{XSD}integer> {G} .",
                                  f"{S} {k('text')} {_lit(stext)} {G} ."]
                    P = f"<{ids.place(rp.key)}>"
                    lines += [f"{R} {RDF_TYPE} {k('EventReport')} {G} .",
                              f"{R} {RDF_TYPE} {SEM_EVENT} {G} .",
                              f"{R} {LABEL} {_lit(f'{rg.name} {rkind} at {rp.name}')} {G} .",
                              f"{R} {k('eventType')} {k(types[rkind])} {G} .",
                              f"{R} {k('date')} \"{rday.isoformat()}\"^^<{XSD}date> {G} .",
                              f"{R} {k('datePrecision')} {k('Day')} {G} .",
                              f"{R} {k('dateStart')} \"{rday.isoformat()}\"^^<{XSD}date> {G} .",
                              f"{R} {k('dateEnd')} \"{rday.isoformat()}\"^^<{XSD}date> {G} .",
                              f"{R} {k('place')} {P} {G} .",
                              f"{R} {k('geoPrecision')} \"1\"^^<{XSD}integer> {G} .",
                              f"{R} {k('perpetrator')} <{ids.actor(rg.key)}> {G} .",
                              f"{R} {k('role')} {_lit(role)} {G} .",
                              f"{R} <{PROV}wasDerivedFrom> {A} {G} ."]
                    lines += [f"{R} {k('sentence')} {S} {G} ." for S in sents]
                    spans = [[i, a, b] for i, a, b in sent_spans]
                    if force and rp.country == place.country:
                        lines.append(f"{R} {k('target')} <{ids.actor(force[0])}> {G} .")
                    digest_claims = []
                    if rkilled is not None:
                        value = rkilled + (c if rng.random() < 0.3 else 0)  # some sources disagree
                        digest_claims.append({"id": ids.figure_claim(art_id, ri, 0), "property": "killed",
                                              "value": value, "low": None, "high": None, "qualifier": None,
                                              "who": None, "whoLabel": "local officials", "sentence": sent_spans[0][0]})
                        lines.append(f"{R} {k('killed')} \"{value}\"^^<{XSD}nonNegativeInteger> {G} .")
                        C = f"<{ids.figure_claim(art_id, ri, 0)}>"
                        lines += [f"{R} {k('hasClaim')} {C} {G} .",
                                  f"{C} {RDF_TYPE} {k('FigureClaim')} {G} .",
                                  f"{C} {RDF_TYPE} {k('Claim')} {G} .",
                                  f"{C} {k('figure')} {k('killed')} {G} .",
                                  f"{C} {k('value')} \"{value}\"^^<{XSD}nonNegativeInteger> {G} .",
                                  f"{C} {k('claimantLabel')} {_lit('local officials')} {G} .",
                                  f"{C} {k('sentence')} {sents[0]} {G} .",
                                  f"{C} <{PROV}wasDerivedFrom> {A} {G} ."]
                        if rng.random() < 0.4:
                            RC = f"<{ids.responsibility_claim(art_id, ri, 0)}>"
                            lines += [f"{R} {k('hasClaim')} {RC} {G} .",
                                      f"{R} {k('responsibility')} {k('Claimed')} {G} .",
                                      f"{R} {k('claimedBy')} <{ids.actor(rg.key)}> {G} .",
                                      f"{RC} {RDF_TYPE} {k('ResponsibilityClaim')} {G} .",
                                      f"{RC} {RDF_TYPE} {k('Claim')} {G} .",
                                      f"{RC} {k('responsibleActor')} <{ids.actor(rg.key)}> {G} .",
                                      f"{RC} {k('status')} {k('Claimed')} {G} .",
                                      f"{RC} {k('claimant')} <{ids.actor(rg.key)}> {G} .",
                                      f"{RC} <{PROV}wasAttributedTo> <{ids.actor(rg.key)}> {G} .",
                                      f"{RC} {k('sentence')} {sents[-1]} {G} ."]
                    # the report's kg:digest, as kg/to_rdf.py writes it
                    digest = json.dumps({"article": art_id, "file": f"synthetic-{e:07d}-{c}.md", "url": None,
                                         "title": f"{g.name} fighters kill {killed} in {place.name}",
                                         "issued": published.isoformat(), "outlet": OUTLETS[(e + c) % len(OUTLETS)],
                                         "sentences": spans, "claims": digest_claims},
                                        ensure_ascii=False, separators=(",", ":"))
                    lines.append(f"{R} {k('digest')} {_lit(digest)}^^<{RDF_NS}JSON> {G} .")
                if g.parent and rng.random() < 0.15:
                    T = f"<{ids.statement(art_id, 0)}>"
                    lines += [f"{T} {RDF_TYPE} {k('RelationStatement')} {G} .",
                              f"{T} {k('relSubject')} <{ids.actor(g.key)}> {G} .",
                              f"{T} {k('relPredicate')} {k('partOf')} {G} .",
                              f"{T} {k('relObject')} <{ids.actor(g.parent)}> {G} .",
                              f"{T} {k('sentence')} {sents[0]} {G} .",
                              f"{T} <{PROV}wasDerivedFrom> {A} {G} .",
                              f"<{ids.actor(g.key)}> {k('partOf')} <{ids.actor(g.parent)}> {G} ."]
                n_quads += len(lines)
                w("\n".join(lines))
                w("\n")
        ref = ox.NamedNode(REFERENCE_GRAPH)
        ref_quads = []
        for key in sorted(used_places):
            rec = gaz.get(key)
            ref_quads.extend(place_quads(rec, ref))
            if rec.admin1:
                try:
                    ref_quads.extend(place_quads(gaz.get(rec.admin1), ref))
                except KeyError:
                    pass
        data = ox.serialize(ref_quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
        n_quads += data.count("\n")
        w(data)
    return {"events": n_events, "layout": layout, "articles": n_articles, "reports": n_reports,
            "places": len(used_places), "lines": n_quads, "bytes": path.stat().st_size, "path": str(path)}


def _main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    a = sub.add_parser("articles", help="a corpus of Markdown articles")
    a.add_argument("out")
    a.add_argument("-n", type=int, default=300)
    a.add_argument("--size", type=int, default=3100, help="bytes per article (about)")
    a.add_argument("--seed", type=int, default=0)
    g = sub.add_parser("graph", help="N-Quads in kg's layout, for `kg load`")
    g.add_argument("out")
    g.add_argument("--events", type=int, default=10000)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--layout", choices=("full", "compact"), default="full")
    args = ap.parse_args(argv)
    if args.what == "articles":
        paths = generate_articles(args.n, args.out, seed=args.seed, size=args.size)
        total = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} articles, {total / len(paths):.0f} bytes on average, in {args.out}")
    else:
        print(generate_graph(args.events, args.out, seed=args.seed, layout=args.layout))


if __name__ == "__main__":
    _main()

"""Synthetic events/actors/relations in kg's export JSON shapes, for benchmarks and scale tests.

``synthetic_dataset(n_actors)`` makes a graph that looks like kg's output at scale: a few large
groups with many relations (preferential attachment), states with their forces, persons leading
groups, events spread over Sahel countries and a decade. Deterministic for a given seed.
"""
from __future__ import annotations

import random

BASE = "https://w3id.org/kg-armed-groups/id/"

COUNTRIES = [  # name, admin1 examples, lat, lon (rough centre of the conflict areas)
    ("Mali", ["Mopti", "Gao", "Ménaka", "Tombouctou", "Ségou"], 15.0, -2.0),
    ("Niger", ["Tillabéri", "Tahoua", "Diffa"], 14.5, 2.5),
    ("Burkina Faso", ["Sahel", "Est", "Nord", "Centre-Nord"], 13.0, -0.5),
    ("Nigeria", ["Borno", "Yobe", "Adamawa", "Zamfara"], 11.5, 12.0),
    ("Chad", ["Lac", "Tibesti"], 13.5, 15.5),
    ("Cameroon", ["Far North"], 11.0, 14.3),
    ("Mauritania", ["Hodh Ech Chargui"], 17.0, -8.0),
    ("Benin", ["Alibori", "Atakora"], 11.0, 2.3),
    ("Togo", ["Savanes"], 10.6, 0.4),
]
EVENT_TYPES = [  # kg type, ACLED type, ACLED sub-event type, weight
    ("attack", "Battles", "Armed clash", 30),
    ("clash", "Battles", "Armed clash", 15),
    ("ambush", "Battles", "Armed clash", 12),
    ("massacre", "Violence against civilians", "Attack", 8),
    ("abduction", "Violence against civilians", "Abduction/forced disappearance", 6),
    ("bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", 10),
    ("suicide_bombing", "Explosions/Remote violence", "Suicide bomb", 3),
    ("airstrike", "Explosions/Remote violence", "Air/drone strike", 6),
    ("raid", "Battles", "Armed clash", 5),
    ("operation", "Strategic developments", "Other", 5),
]
PREDICATES = ["part_of", "allied_with", "fights", "backs", "splinter_of", "merged_into",
              "led_by", "pledged_allegiance_to"]
SYLLABLES = ["al", "an", "ba", "dar", "fa", "ha", "is", "ja", "ka", "la", "ma", "na", "qa", "ra",
             "sa", "ta", "wa", "ya", "za", "mu", "ni", "ou", "ke", "do", "gu"]
WORDS = ["Front", "Movement", "Brigade", "Battalion", "Katiba", "Group", "Army", "Council",
         "Alliance", "Militia", "Coalition", "Union"]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{rng.choice(WORDS)} of {core}" if rng.random() < 0.7 else f"{core} {rng.choice(WORDS)}"
        if name not in used:
            used.add(name)
            return name


def synthetic_dataset(n_actors: int, *, n_events: int | None = None, relations_per_actor: float = 1.5,
                      seed: int = 0) -> dict:
    """Return ``{"events": [...], "actors": [...], "relations": [...]}`` with ``n_actors`` actors."""
    rng = random.Random(seed)
    n_events = n_actors if n_events is None else n_events
    used: set[str] = set()
    actors: list[dict] = []

    def add(name: str, kind: str, parents=()):
        actors.append({"id": f"{BASE}actor/syn-{len(actors)}", "name": name, "aliases": [],
                       "kind": kind, "parents": list(parents), "wikidata": None, "events": 0, "killed": 0})

    for country, *_ in COUNTRIES:
        if len(actors) + 2 > n_actors:
            break
        used.add(country)
        add(country, "state")
        force = f"{country} Armed Forces"
        used.add(force)
        add(force, "state_force", [country])
    while len(actors) < n_actors:
        r = rng.random()
        if r < 0.72:
            add(_name(rng, used), "armed_group")
        elif r < 0.85:
            add(_name(rng, used).replace("of ", "").split()[-1] + " " + rng.choice(["Ag", "Ould", "Ibn"]) + " "
                + _name(rng, used).split()[-1], "person")
        elif r < 0.93:
            add(_name(rng, used), "organization")
        else:
            add(f"Unidentified armed group #{len(actors)}", "unidentified")
    names = [a["name"] for a in actors]
    kinds = {a["name"]: a["kind"] for a in actors}
    groups = [a["name"] for a in actors if a["kind"] in ("armed_group", "unidentified", "state_force", "organization")]
    persons = [a["name"] for a in actors if a["kind"] == "person"]

    # relations: preferential attachment so a few hubs get many edges
    relations: list[dict] = []
    degree_pool: list[str] = groups[:5] * 3 if groups else names[:1]
    n_rel = int(n_actors * relations_per_actor)
    seen: set[tuple[str, str, str]] = set()
    attempts = 0
    while len(relations) < n_rel and attempts < n_rel * 5:
        attempts += 1
        s = rng.choice(names)
        if kinds[s] == "person":
            continue
        if persons and rng.random() < 0.12:
            p, o = "led_by", rng.choice(persons)
        else:
            p = rng.choice(PREDICATES[:6] + ["pledged_allegiance_to"])
            o = rng.choice(degree_pool) if rng.random() < 0.6 else rng.choice(names)
        if o == s or (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        degree_pool.extend([s, o])
        y0 = rng.randint(2008, 2022)
        since = f"{y0}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else None
        until = f"{rng.randint(y0 + 1, 2024)}" if since and rng.random() < 0.2 else None
        reference = rng.random() < 0.3
        sources = [] if reference else [{
            "file": f"article-{rng.randint(1, 5000)}.md", "url": None, "title": "Synthetic article",
            "published": f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "sentence": f"{s} {p.replace('_', ' ')} {o}."}]
        relations.append({"s": s, "p": p, "o": o, "since": since, "until": until,
                          "sources": sources, "reference": reference})

    # events
    weights = [t[3] for t in EVENT_TYPES]
    by_name = {a["name"]: a for a in actors}
    perps_pool = [n for n in names if kinds[n] in ("armed_group", "unidentified", "state_force")] or names
    events: list[dict] = []
    for i in range(n_events):
        etype, acled_t, acled_s, _ = rng.choices(EVENT_TYPES, weights)[0]
        country, admin1s, lat0, lon0 = rng.choice(COUNTRIES)
        year = rng.randint(2012, 2024)
        month = rng.randint(1, 12)
        prec = rng.choices(["day", "month", "year"], [85, 12, 3])[0]
        date = {"day": f"{year}-{month:02d}-{rng.randint(1, 28):02d}", "month": f"{year}-{month:02d}",
                "year": f"{year}"}[prec]
        perp = rng.choice(degree_pool if rng.random() < 0.5 else perps_pool)
        if kinds.get(perp) == "person":
            perp = rng.choice(perps_pool)
        target = "civilians" if acled_t == "Violence against civilians" else rng.choice(perps_pool)
        killed = int(rng.paretovariate(1.3)) - 1 if rng.random() < 0.85 else None
        has_geo = rng.random() < 0.95
        events.append({
            "id": f"{BASE}event/syn-{i}", "label": f"{etype.replace('_', ' ').capitalize()} in {rng.choice(admin1s)}",
            "type": etype, "acled_event_type": acled_t, "acled_sub_event_type": acled_s,
            "date": date, "date_precision": prec, "place": f"Place {i}", "place_id": None,
            "lat": round(lat0 + rng.gauss(0, 1.2), 3) if has_geo else None,
            "lon": round(lon0 + rng.gauss(0, 1.8), 3) if has_geo else None,
            "geo_precision": rng.choice([1, 1, 2, 3]) if has_geo else None,
            "country": country, "admin1": rng.choice(admin1s),
            "perpetrators": [perp], "responsibility": rng.choice(["claimed", "attributed", "suspected", None]),
            "targets": [target] if target != perp else [], "killed": killed, "wounded": None,
            "missing": None, "abducted": None,
            "claims": [{"property": "killed", "value": killed, "low": None, "high": None, "qualifier": None,
                        "by": None, "source": f"article-{i}.md"}] if killed is not None else [],
            "claimed_by": [], "tactics": [], "role": "main", "disputed": False,
            "sources": [{"file": f"article-{i}.md", "url": None, "title": "Synthetic article",
                         "published": None, "outlet": "Synthetic", "sentence": "Synthetic sentence.",
                         "start": 0, "end": 19}]})
        for name in {perp, target}:
            if name in by_name:
                by_name[name]["events"] += 1
        if perp in by_name and killed:
            by_name[perp]["killed"] += killed
    return {"events": events, "actors": actors, "relations": relations}

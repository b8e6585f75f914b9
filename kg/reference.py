"""The packaged reference data: known actors (``data/actors.yaml``) and the place supplement (``data/places.csv``).

Both files are validated when loaded; any problem raises :class:`ReferenceDataError` (a ``ValueError``
and a :class:`kg.errors.KGError`) naming the file and the entry. Loading is cached per process.
The gazetteer that merges the supplement with GeoNames lives in :mod:`kg.gazetteer`.
"""
from __future__ import annotations

import csv
import marshal
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg import cache
from kg.errors import KGError
from kg.vocab import ACTOR_KINDS, RELATION_PROPERTIES

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTORS_FILE = DATA_DIR / "actors.yaml"
PLACES_FILE = DATA_DIR / "places.csv"

REFERENCE_KINDS = frozenset(k for k in ACTOR_KINDS if k != "unidentified")
PLACE_KINDS = ("country", "admin1", "admin2", "locality", "site")
SUPPLEMENT_PLACE_KINDS = frozenset(PLACE_KINDS[1:])
PLACE_COLUMNS = ("id", "name", "aliases", "kind", "country", "admin1", "lat", "lon", "geonames_id", "source")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_QID = re.compile(r"^Q[1-9]\d*$")
_ACTOR_FIELDS = frozenset({"id", "name", "kind", "aliases", "ambiguous_aliases", "local_aliases", "countries", "parents",
                           "relations", "demonyms", "default_force", "unarmed", "wikidata", "acled", "sources"})
_RELATION_FIELDS = frozenset({"p", "o", "since", "until"})


class ReferenceDataError(KGError, ValueError):
    """A packaged reference file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True)
class RefRelation:
    """A dated relation from the reference data: ``<actor> p o`` (``o`` is an actor key)."""

    p: str                      # key of kg.vocab.RELATION_PROPERTIES
    o: str
    since: str | None = None    # ISO year, year-month or date
    until: str | None = None


@dataclass(frozen=True)
class ActorRecord:
    """One known actor."""

    key: str
    name: str
    kind: str                   # armed_group | state | state_force | person | organization
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2
    parents: tuple[str, ...]
    relations: tuple[RefRelation, ...]
    demonyms: tuple[str, ...]
    default_force: bool
    wikidata: str | None
    acled: str | None
    sources: tuple[str, ...]
    # another actor's names that stand for this one in an article whose places are all in this actor's
    # countries and none in the other's ("al-Shabaab" in a Cabo Delgado sitrep is the Mozambican group)
    local_aliases: tuple[str, ...] = ()
    # an organization that bears no arms (a monitor, a relief or rights group, a media office): it reports,
    # helps or speaks, and is never a side of a fight
    unarmed: bool = False

    @property
    def labels(self) -> tuple[str, ...]:  # the name, then every unambiguous alias, without repeats
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True)
class PlaceRecord:
    """One place of the gazetteer: a country, an administrative unit, a locality or a site."""

    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str                   # country | admin1 | admin2 | locality | site
    country: str | None         # ISO2 (the place's own code for a country)
    admin1: str | None          # key of the enclosing admin1 place, where known
    lat: float | None
    lon: float | None
    population: int
    geonames_id: str | None
    source: str

    @property
    def supplement(self) -> bool:  # from kg's own place supplement (not GeoNames alone)
        return not self.key.startswith(("gn-", "country-"))


def _fail(path: Path, entry: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(f"entry {entry}: {problem}", path=path.name)


def _str_list(path: Path, entry: str, raw: dict[str, Any], field: str) -> tuple[str, ...]:
    value = raw.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, entry, f"'{field}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _optional_str(path: Path, entry: str, raw: dict[str, Any], field: str) -> str | None:
    value = raw.get(field)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(path, entry, f"'{field}' must be a non-empty string")
    return value.strip() if value is not None else None


def _relation(path: Path, entry: str, raw: Any) -> RefRelation:
    if not isinstance(raw, dict) or set(raw) - _RELATION_FIELDS or not {"p", "o"} <= set(raw):
        raise _fail(path, entry, f"bad relation {raw!r} (fields: p, o, since, until)")
    if raw["p"] not in RELATION_PROPERTIES:
        raise _fail(path, entry, f"unknown relation predicate {raw['p']!r}")
    dates = []
    for field in ("since", "until"):
        value = raw.get(field)
        if value is not None and not (isinstance(value, str) and _DATE.match(value)):
            raise _fail(path, entry, f"relation {field} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD (quote it)")
        dates.append(value)
    if dates[0] and dates[1] and dates[0] > dates[1]:
        raise _fail(path, entry, f"relation {raw['p']} {raw['o']}: since is after until")
    return RefRelation(p=raw["p"], o=str(raw["o"]), since=dates[0], until=dates[1])


def _actor(path: Path, index: int, raw: Any, fold: Any) -> ActorRecord:
    entry = f"#{index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, entry, "must be a mapping")
    key = raw.get("id")
    if not isinstance(key, str) or not _SLUG.match(key):
        raise _fail(path, entry, f"id {key!r} must be a lowercase slug (a-z, 0-9, -)")
    entry = f"{entry} ({key})"
    unknown = set(raw) - _ACTOR_FIELDS
    if unknown:
        raise _fail(path, entry, f"unknown field(s) {sorted(unknown)}")
    name = _optional_str(path, entry, raw, "name")
    if name is None:
        raise _fail(path, entry, "missing name")
    kind = raw.get("kind")
    if kind not in REFERENCE_KINDS:
        raise _fail(path, entry, f"kind {kind!r} is not one of {sorted(REFERENCE_KINDS)}")
    aliases = _str_list(path, entry, raw, "aliases")
    ambiguous = _str_list(path, entry, raw, "ambiguous_aliases")
    seen: dict[str, str] = {}
    for alias in (*aliases, *ambiguous):
        folded = fold(alias)
        if not folded:
            raise _fail(path, entry, f"alias {alias!r} folds to nothing")
        if folded in seen:
            raise _fail(path, entry, f"alias {alias!r} repeats {seen[folded]!r}")
        seen[folded] = alias
    countries = _str_list(path, entry, raw, "countries")
    bad = [c for c in countries if not _ISO2.match(c)]
    if bad:
        raise _fail(path, entry, f"countries {bad} are not ISO 3166-1 alpha-2 codes")
    if not isinstance(relations := raw.get("relations") or [], list):
        raise _fail(path, entry, "'relations' must be a list")
    demonyms = _str_list(path, entry, raw, "demonyms")
    if demonyms and kind not in ("state", "state_force"):
        raise _fail(path, entry, "only states and state forces have demonyms")
    default_force = raw.get("default_force", False)
    if not isinstance(default_force, bool) or (default_force and kind != "state_force"):
        raise _fail(path, entry, "default_force must be true/false, and true only on a state_force")
    unarmed = raw.get("unarmed", False)
    if not isinstance(unarmed, bool) or (unarmed and kind != "organization"):
        raise _fail(path, entry, "unarmed must be true/false, and true only on an organization")
    wikidata = _optional_str(path, entry, raw, "wikidata")
    if wikidata is not None and not _QID.match(wikidata):
        raise _fail(path, entry, f"wikidata {wikidata!r} is not a QID")
    sources = _str_list(path, entry, raw, "sources")
    if not sources:
        raise _fail(path, entry, "needs at least one source")
    return ActorRecord(key=key, name=name, kind=kind, aliases=aliases, ambiguous_aliases=ambiguous,
                       countries=countries, parents=_str_list(path, entry, raw, "parents"),
                       relations=tuple(_relation(path, entry, r) for r in relations), demonyms=demonyms,
                       default_force=default_force, wikidata=wikidata, acled=_optional_str(path, entry, raw, "acled"),
                       sources=sources, local_aliases=_str_list(path, entry, raw, "local_aliases"), unarmed=unarmed)


@lru_cache(maxsize=4)
def load_actors(path: str | Path | None = None) -> dict[str, ActorRecord]:
    """Read and validate the actors file (the packaged one by default), keyed by actor key.

    Checks: unique ids, known kinds and predicates, every referenced id exists, no alias repeated
    within one actor (after folding), dates well formed, at least one source per actor. The packaged
    file's validated actors are cached (kg/cache.py).
    """
    file = Path(path) if path is not None else ACTORS_FILE
    name = _actors_cache_name() if file == ACTORS_FILE else None
    cached = cache.read(name) if name else None
    if cached is not None:
        try:
            return _actors_from_dump(marshal.loads(cached))
        except (ValueError, EOFError, TypeError):
            pass     # corrupt: read the file again, and replace it
    actors = _read_actors(file)
    if name:
        cache.save_marshal(name, _actors_dump(actors))
    return actors


def _actors_cache_name() -> str | None:
    """The cache file of the packaged actors, validated (kg/cache.py): keyed by the file and the code that
    reads and checks it (reading the YAML and validating 400 actors takes ~0.1 s in every process)."""
    from kg import gazetteer, vocab

    try:
        return cache.key("actors", [ACTORS_FILE, Path(__file__), Path(vocab.__file__), Path(gazetteer.__file__)]) + ".marshal"
    except OSError:
        return None


_ACTOR_FIELDS_ORDER = tuple(f.name for f in fields(ActorRecord))


def _actors_dump(actors: dict[str, ActorRecord]) -> tuple:
    return tuple(tuple(tuple((r.p, r.o, r.since, r.until) for r in a.relations) if f == "relations" else getattr(a, f)
                       for f in _ACTOR_FIELDS_ORDER) for a in actors.values())


def _actors_from_dump(rows: tuple) -> dict[str, ActorRecord]:
    out: dict[str, ActorRecord] = {}
    for row in rows:
        values = dict(zip(_ACTOR_FIELDS_ORDER, row, strict=True))
        values["relations"] = tuple(RefRelation(*r) for r in values["relations"])
        out[values["key"]] = ActorRecord(**values)
    return out


def _read_actors(file: Path) -> dict[str, ActorRecord]:
    from kg.gazetteer import fold  # kg.gazetteer imports this module

    try:
        # libyaml's safe loader when present (same data, ~10x faster: every process loads this file)
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"cannot read actors: {exc}".splitlines()[0], path=file.name) from exc
    if not isinstance(raw, list):
        raise ReferenceDataError("must be a YAML list of actors", path=file.name)
    actors: dict[str, ActorRecord] = {}
    for index, item in enumerate(raw):
        actor = _actor(file, index, item, fold)
        if actor.key in actors:
            raise _fail(file, f"#{index + 1} ({actor.key})", "duplicate id")
        actors[actor.key] = actor
    owners = {fold(label): a.key for a in actors.values() for label in (*a.labels, *a.ambiguous_aliases)}
    for actor in actors.values():
        for ref in (*actor.parents, *(r.o for r in actor.relations)):
            if ref not in actors:
                raise _fail(file, actor.key, f"refers to unknown actor {ref!r}")
        for label in actor.local_aliases:
            if owners.get(fold(label), actor.key) == actor.key:
                raise _fail(file, actor.key, f"local alias {label!r} is not another actor's name")
    return actors


def demonym_forces(actors: dict[str, ActorRecord] | None = None) -> dict[str, str]:
    """Map each folded demonym ("malian") to the key of the state force it designates.

    Where several forces share a demonym, the one marked ``default_force`` wins.
    """
    from kg.gazetteer import fold

    result: dict[str, str] = {}
    chosen: dict[str, bool] = {}
    for actor in (actors or load_actors()).values():
        if actor.kind != "state_force":
            continue
        for demonym in actor.demonyms:
            folded = fold(demonym)
            if folded not in result or (actor.default_force and not chosen[folded]):
                result[folded], chosen[folded] = actor.key, actor.default_force
    return result


def actor_names(actors: dict[str, ActorRecord] | None = None) -> Iterable[tuple[str, str, bool]]:
    """Yield ``(folded label, actor key, ambiguous)`` for every name, alias and ambiguous alias."""
    from kg.gazetteer import fold

    for actor in (actors or load_actors()).values():
        for label in actor.labels:
            yield fold(label), actor.key, False
        for label in actor.ambiguous_aliases:
            yield fold(label), actor.key, True


def _coordinate(path: Path, entry: str, value: str, limit: float) -> float | None:
    try:
        number = float(value) if value.strip() else None
    except ValueError:
        number = limit * 2
    if number is not None and not -limit <= number <= limit:
        raise _fail(path, entry, f"coordinate {value!r} is not a number in range")
    return number


@lru_cache(maxsize=4)
def load_places(path: str | Path | None = None) -> tuple[PlaceRecord, ...]:
    """Read and validate the place supplement (``data/places.csv`` by default), in file order."""
    from kg.gazetteer import fold

    file = Path(path) if path is not None else PLACES_FILE
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != PLACE_COLUMNS:
                raise ReferenceDataError(f"columns must be {','.join(PLACE_COLUMNS)}", path=file.name, line=1)
            rows = list(reader)
    except OSError as exc:
        raise ReferenceDataError(f"cannot read places: {exc}", path=file.name) from exc
    places: dict[str, PlaceRecord] = {}
    for line, row in enumerate(rows, start=2):
        entry = f"line {line} ({row['id']})"
        key, kind, country = row["id"].strip(), row["kind"].strip(), row["country"].strip()
        if not _ISO2.match(country):
            raise _fail(file, entry, f"country {country!r} is not an ISO2 code")
        if not key.startswith(country.lower() + "-") or not _SLUG.match(key):
            raise _fail(file, entry, "id must be '{iso2 lowercase}-{slug}'")
        if key in places:
            raise _fail(file, entry, "duplicate id")
        if kind not in SUPPLEMENT_PLACE_KINDS:
            raise _fail(file, entry, f"kind {kind!r} is not one of {sorted(SUPPLEMENT_PLACE_KINDS)}")
        name = row["name"].strip()
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        folded = [fold(n) for n in (name, *aliases)]
        if not name or len(set(folded)) != len(folded):
            raise _fail(file, entry, "empty name or an alias repeating the name or another alias")
        lat = _coordinate(file, entry, row["lat"], 90)
        lon = _coordinate(file, entry, row["lon"], 180)
        if (lat is None) != (lon is None):
            raise _fail(file, entry, "give both lat and lon or neither")
        gid = row["geonames_id"].strip() or None
        if gid is not None and not gid.isdigit():
            raise _fail(file, entry, f"geonames_id {gid!r} is not a number")
        if not row["source"].strip():
            raise _fail(file, entry, "missing source")
        places[key] = PlaceRecord(key=key, name=name, aliases=aliases, kind=kind, country=country,
                                  admin1=row["admin1"].strip() or None, lat=lat, lon=lon, population=0,
                                  geonames_id=gid, source=row["source"].strip())
    for place in places.values():
        parent = places.get(place.admin1) if place.admin1 else None
        if place.admin1 and (parent is None or parent.kind != "admin1" or parent.country != place.country):
            raise _fail(file, place.key, f"admin1 {place.admin1!r} is not an admin1 row of {place.country}")
    return tuple(places.values())

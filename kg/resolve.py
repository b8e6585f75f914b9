"""Resolution: coded figures, and fusion of event reports from several articles into canonical events.

**The coded figure rule** (:func:`choose_figure`), applied per property (killed, wounded, ...):

1. A figure stated by an armed group that is the perpetrator (its claim of how many it killed) is
   kept as a claim but never becomes the coded figure. A state's forces or a mission that carried
   out an operation give its official toll ("the army said it killed 40 militants"): their figure is
   coded, as ACLED codes it (the caller, ``kg.to_rdf.coded_figures``, passes armed groups only).
2. If a statement revises a toll ("revised the toll to", "has risen to", "the final toll"), only the
   revised figures count, wherever the story tells them (a wire's lede gives the latest figure and
   its body the earlier ones). A figure told as a first count ("police first spoke of four dead",
   "an initial toll") gives way to any other.
3. Among the remaining claims, precise figures win over vague ones ("dozens" = 12, "scores" = 20,
   ACLED's convention, see kg/data/vague_quantities.yaml). Figures that add up to another figure of
   the same source are its parts ("7 beheaded, then 8 shot: 15 killed" gives 15, not 7). Of the
   rest, the figure the report leads with is coded: the first in the text (a range counting as its
   low end). News reports put the current, authoritative toll first and tell sub-counts ("three
   burned bodies", "seven more bodies elsewhere"), earlier counts and other incidents' tolls further
   down; coding the smallest figure instead picked those up (measured on kg's annotated folders:
   137 of 184 matched events right with the lead figure, 127 with the smallest; the development set
   scores the same either way).
4. Only vague figures -> the first of them. Only the perpetrator's own figures -> none (null).

Across reports (several articles about one event), fusion keeps the most conservative of their coded
figures.

**Fusion** (:func:`cluster`): reports are grouped per place (same gazetteer place). At one place,
day-precision reports whose dates are at most one day apart and whose types are compatible form one
event (reports that disagree by a day about the same attack still fuse); two reports of the same
article never fuse (the extractor already separated them). A coarser report (month, year) joins the
day-level event inside its period that fits it best (same type family, equal or compatible killed
figure); when none fits it stays an event of its own. The result depends only on the set of reports,
never on the order in which articles arrived, so incremental ingest gives the same graph as a
rebuild.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Claim

_FAMILY = {"attack": "violent", "ambush": "violent", "raid": "violent", "battle": "violent", "clash": "violent",
           "massacre": "violent", "execution": "violent", "bombing": "explosion", "suicide_bombing": "explosion",
           "airstrike": "air", "abduction": "abduction", "prison_break": "other", "operation": "violent",
           "other": "other"}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def choose_figure(claims: list[Claim], perpetrators: set[str]) -> int | None:
    """The coded figure of one property from its claims (see the module docstring)."""
    independent = [c for c in claims if not (c.claimant and c.claimant in perpetrators) and not c.combined]
    if not independent:
        return None
    revised = [c for c in independent if c.revised and not c.quantity.vague]
    if revised:
        independent = revised
    final = [c for c in independent if not c.provisional]
    if final:
        independent = final
    precise = [c for c in independent if not c.quantity.vague]
    pool = _without_parts(precise or independent)
    told = sorted((c.start, value) for c in pool if (value := _conservative(c)) is not None)
    return told[0][1] if told else None


def _without_parts(claims: list[Claim]) -> list[Claim]:
    """Drop the claims that are parts of another claim of the same source (their sum is its value)."""
    from itertools import combinations

    exact = [c for c in claims if c.quantity.value is not None and c.quantity.low is None]
    parts: set[int] = set()
    for total in exact:
        same = [c for c in exact if c is not total and _source_key(c) == _source_key(total)
                and c.quantity.value < total.quantity.value and abs(c.sentence - total.sentence) <= 2]
        for n in (2, 3):
            for combo in combinations(same, n):
                if sum(c.quantity.value for c in combo) == total.quantity.value:
                    parts.update(id(c) for c in combo)
    return [c for c in claims if id(c) not in parts]


def _source_key(c: Claim) -> str:
    """One key per voice: a known actor, or the words naming the source without articles and
    possessives ("Niger's interior ministry" and "the interior ministry" are one voice)."""
    if c.claimant:
        return c.claimant
    label = (c.claimant_label or "").casefold()
    label = re.sub(r"^(?:the|a|an)\s+|^[\w\-]+['\u2019]s\s+", "", label.strip())
    words = re.findall(r"[\w\-]+", label)
    return " ".join(words[-2:])


def _conservative(c: Claim) -> int | None:
    q = c.quantity
    if q.low is not None:
        return q.low
    return q.value


@dataclass
class ReportSummary:
    """What fusion needs to know of one report."""

    iri: str
    article: str
    place: str | None
    type: str
    precision: str | None
    start: dt.date | None
    end: dt.date | None
    date_iso: str | None
    killed: int | None = None
    perpetrators: frozenset[str] = frozenset()
    role: str = "main"


@dataclass
class Cluster:
    reports: list[ReportSummary] = field(default_factory=list)

    @property
    def anchor(self) -> ReportSummary:
        return min(self.reports, key=lambda r: (_PRECISION_RANK.get(r.precision or "", 3), r.start or dt.date.max, r.iri))

    def articles(self) -> set[str]:
        return {r.article for r in self.reports}


_ONE_DAY = dt.timedelta(days=1)


def _fits(c: Cluster, r: ReportSummary, slack: int) -> bool:
    if r.article in c.articles():
        return False
    a = c.anchor
    if r.start is None or a.start is None:
        return False
    if _FAMILY.get(r.type) != _FAMILY.get(a.type) and "other" not in (_FAMILY.get(r.type), _FAMILY.get(a.type)):
        return False
    return a.start - dt.timedelta(days=slack) <= r.end and r.start - dt.timedelta(days=slack) <= a.end


def cluster(reports: Iterable[ReportSummary]) -> list[Cluster]:
    """Group reports into canonical events (deterministic for a given set of reports)."""
    by_place: dict[str | None, list[ReportSummary]] = {}
    for r in reports:
        by_place.setdefault(r.place, []).append(r)
    out: list[Cluster] = []
    for place, group in sorted(by_place.items(), key=lambda kv: kv[0] or ""):
        if place is None:
            out.extend(Cluster([r]) for r in sorted(group, key=lambda r: r.iri))
            continue
        day = sorted((r for r in group if r.precision == "day"), key=lambda r: (r.start, r.iri))
        coarse = sorted((r for r in group if r.precision != "day"),
                        key=lambda r: (_PRECISION_RANK.get(r.precision or "", 3), r.start or dt.date.max, r.iri))
        clusters: list[Cluster] = []
        lo = 0
        for r in day:
            # the day reports come in order of their day, so the clusters are made in order of their
            # anchor's day, and a report fits only those whose anchor is a day before it at most: the
            # clusters before that are passed once for all, not tried again by every later report
            while lo < len(clusters) and clusters[lo].anchor.start < r.start - _ONE_DAY:
                lo += 1
            home = next((clusters[i] for i in range(lo, len(clusters)) if _fits(clusters[i], r, 1)), None)
            if home:
                home.reports.append(r)
            else:
                clusters.append(Cluster([r]))
        for r in coarse:
            candidates = [c for c in clusters if _fits(c, r, 0)]
            if r.start is None:
                candidates = []
            if candidates:
                best = min(candidates, key=lambda c: (_killed_distance(c, r), c.anchor.start or dt.date.max, c.anchor.iri))
                if len(candidates) == 1 or _killed_distance(best, r) == 0 or r.killed is None:
                    if len(candidates) > 1 and r.killed is None:
                        clusters.append(Cluster([r]))   # ambiguous: several events fit, nothing to tell them apart
                    else:
                        best.reports.append(r)
                    continue
            clusters.append(Cluster([r]))
        out.extend(clusters)
    return out


def _killed_distance(c: Cluster, r: ReportSummary) -> int:
    values = [x.killed for x in c.reports if x.killed is not None]
    if r.killed is None or not values:
        return 1
    return 0 if r.killed in values else 2

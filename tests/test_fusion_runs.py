"""The writer re-clusters only the runs of a place's reports that new reports can change
(kg.pipeline._unaffected_clusters): the result must be what clustering every report of the place gives."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from kg.pipeline import _unaffected_clusters
from kg.resolve import ReportSummary, cluster

TYPES = ["attack", "ambush", "massacre", "abduction", "bombing", "battle", "other", "protest"]


def _report(rng: random.Random, i: int, days: int) -> ReportSummary:
    precision = rng.choice(["day"] * 6 + ["month", "year", None])
    start = end = None
    if precision is not None:
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(days))
        end = start if precision == "day" else start + dt.timedelta(days={"month": 29, "year": 364}[precision])
    return ReportSummary(iri=f"r{i:04d}", article=f"a{rng.randrange(40)}", place="p", type=rng.choice(TYPES),
                         precision=precision, start=start, end=end, date_iso=None,
                         killed=rng.choice([None, 3, 5, 7]))


def _keys(clusters) -> set[tuple[str, ...]]:
    return {tuple(sorted(r.iri for r in c.reports)) for c in clusters}


@pytest.mark.parametrize("seed", range(40))
def test_runs_clustered_again_give_the_clusters_of_all_reports(seed):
    rng = random.Random(seed)
    days = rng.choice([10, 60, 400])
    reports: dict[str, ReportSummary] = {}
    known: dict = {}
    n = 0
    for _ in range(12):
        new = [_report(rng, n + j, days) for j in range(rng.randrange(1, 5))]
        n += len(new)
        reports.update((r.iri, r) for r in new)
        kept, again = _unaffected_clusters(known, reports, {r.iri for r in new})
        full = _keys(cluster(reports.values()))
        assert set(kept) | _keys(cluster(again)) == full
        assert set(kept) <= set(known) and not {i for k in kept for i in k} & {r.iri for r in again}
        known = {k: [] for k in full}


def test_clusters_far_from_the_new_reports_are_kept():
    rng = random.Random(7)
    reports = {}
    for i in range(30):
        r = _report(rng, i, 3000)
        reports[r.iri] = ReportSummary(**{**r.__dict__, "precision": "day", "end": r.start}) if r.start else r
    known = {k: [] for k in _keys(cluster(reports.values()))}
    new = ReportSummary(iri="r9999", article="a99", place="p", type="attack", precision="day",
                        start=dt.date(2031, 1, 1), end=dt.date(2031, 1, 1), date_iso=None)
    reports[new.iri] = new
    kept, again = _unaffected_clusters(known, reports, {new.iri})
    assert set(kept) | _keys(cluster(again)) == _keys(cluster(reports.values()))
    assert len(kept) >= 20 and new in again and len(again) < 10


def test_no_shortcut_without_known_clusters_or_new_reports():
    rng = random.Random(0)
    reports = {r.iri: r for r in (_report(rng, i, 30) for i in range(5))}
    assert _unaffected_clusters({}, reports, {"r0000"}) == ([], list(reports.values()))
    known = {k: [] for k in _keys(cluster(reports.values()))}
    assert _unaffected_clusters(known, reports, set()) == ([], list(reports.values()))

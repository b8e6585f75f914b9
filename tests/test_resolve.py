"""Fusion of reports into canonical events, and the coded-figure rule."""
from __future__ import annotations

import datetime as dt
import itertools

from kg.model import Claim, Quantity
from kg.resolve import ReportSummary, choose_figure, cluster

D = dt.date


def rep(iri, article, place, date, precision="day", type="attack", killed=None):
    if precision == "day":
        start = end = D.fromisoformat(date)
    elif precision == "month":
        y, m = map(int, date.split("-"))
        start = D(y, m, 1)
        end = (D(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    else:
        start, end = D(int(date), 1, 1), D(int(date), 12, 31)
    return ReportSummary(iri=iri, article=article, place=place, type=type, precision=precision, start=start, end=end,
                         date_iso=date, killed=killed)


def groups(reports):
    return sorted(sorted(r.iri for r in c.reports) for c in cluster(reports))


def test_same_place_same_day_from_two_articles_fuse():
    assert groups([rep("a1", "A", "p/inates", "2019-12-11"), rep("b1", "B", "p/inates", "2019-12-11")]) == [["a1", "b1"]]


def test_reports_a_day_apart_fuse():
    assert groups([rep("a1", "A", "p/x", "2019-12-10"), rep("b1", "B", "p/x", "2019-12-11")]) == [["a1", "b1"]]


def test_same_place_different_days_stay_apart():
    assert groups([rep("a1", "A", "p/x", "2019-12-01"), rep("b1", "B", "p/x", "2019-12-11")]) == [["a1"], ["b1"]]


def test_different_places_same_day_stay_apart():
    assert groups([rep("a1", "A", "p/x", "2019-12-11"), rep("b1", "B", "p/y", "2019-12-11")]) == [["a1"], ["b1"]]


def test_two_reports_of_one_article_never_fuse():
    assert groups([rep("a1", "A", "p/x", "2019-12-11"), rep("a2", "A", "p/x", "2019-12-11")]) == [["a1"], ["a2"]]


def test_month_mention_fuses_with_the_day_report_inside_it():
    assert groups([rep("a1", "A", "p/x", "2019-07-01", killed=18), rep("b1", "B", "p/x", "2019-07", "month", killed=18)]) \
        == [["a1", "b1"]]


def test_month_mention_picks_the_event_whose_figures_fit():
    reports = [rep("a1", "A", "p/x", "2019-07-03", killed=5), rep("c1", "C", "p/x", "2019-07-20", killed=18),
               rep("b1", "B", "p/x", "2019-07", "month", killed=18)]
    assert groups(reports) == [["a1"], ["b1", "c1"]]


def test_month_mention_with_nothing_to_choose_between_two_events_stays_alone():
    reports = [rep("a1", "A", "p/x", "2019-07-03"), rep("c1", "C", "p/x", "2019-07-20"),
               rep("b1", "B", "p/x", "2019-07", "month")]
    assert groups(reports) == [["a1"], ["b1"], ["c1"]]


def test_month_mention_outside_the_period_stays_apart():
    assert groups([rep("a1", "A", "p/x", "2019-12-11"), rep("b1", "B", "p/x", "2019-07", "month")]) == [["a1"], ["b1"]]


def test_incompatible_types_stay_apart():
    assert groups([rep("a1", "A", "p/x", "2019-12-11", type="airstrike"),
                   rep("b1", "B", "p/x", "2019-12-11", type="abduction")]) == [["a1"], ["b1"]]


def test_order_does_not_matter():
    reports = [rep("a1", "A", "p/x", "2019-12-10"), rep("b1", "B", "p/x", "2019-12-11"),
               rep("c1", "C", "p/x", "2019-12", "month"), rep("d1", "D", "p/x", "2019", "year"),
               rep("e1", "E", "p/y", "2019-12-11")]
    expected = groups(reports)
    for perm in itertools.permutations(reports):
        assert groups(list(perm)) == expected


def claim(value, by=None, low=None, vague=False, sentence=0, start=0):
    return Claim("killed", Quantity(value=value, low=low, vague=vague), claimant=by, sentence=sentence,
                 start=start, end=start + 2)


def test_coded_figure_is_the_independent_figure_the_report_leads_with():
    claims = [claim(100, "islamic-state", start=10), claim(71, "niger", start=40), claim(80, None, start=90)]
    assert choose_figure(claims, {"islamic-state"}) == 71       # the group's own count never codes
    # a lead toll is not replaced by a smaller count told further down ("three burned bodies")
    lead = [claim(43, None, start=5), claim(3, None, start=300), claim(10, "army", start=400)]
    assert choose_figure(lead, set()) == 43
    assert choose_figure(list(reversed(lead)), set()) == 43     # text order, not list order


def test_parts_of_a_lead_figure_do_not_replace_it():
    parts = [claim(7, "police", start=5, sentence=1), claim(8, "police", start=40, sentence=1),
             claim(15, "police", start=80, sentence=1)]
    assert choose_figure(parts, set()) == 15


def test_perpetrator_claims_alone_give_no_coded_figure():
    assert choose_figure([claim(12, "islamic-state", vague=True)], {"islamic-state"}) is None


def test_precise_beats_vague_and_range_counts_its_low_end():
    assert choose_figure([claim(20, vague=True), claim(200, low=200), claim(43)], set()) == 43
    assert choose_figure([claim(None, low=200), claim(300)], set()) == 200
    assert choose_figure([claim(12, vague=True)], set()) == 12


def test_day_reports_cluster_as_if_every_cluster_were_tried():
    """cluster() tries a day report only on the clusters whose anchor is at most a day before it; on
    hundreds of random reports at one place it gives what trying every cluster in order gives."""
    import random

    from kg.resolve import Cluster, _fits

    def every_cluster(reports):
        clusters: list[Cluster] = []
        for r in sorted(reports, key=lambda r: (r.start, r.iri)):
            home = next((c for c in clusters if _fits(c, r, 1)), None)
            if home:
                home.reports.append(r)
            else:
                clusters.append(Cluster([r]))
        return sorted(sorted(r.iri for r in c.reports) for c in clusters)

    rng = random.Random(7)
    for trial in range(20):
        reports = [rep(f"r{trial}-{i:03d}", f"a{rng.randrange(12)}", "P",
                       (D(2020, 1, 1) + dt.timedelta(days=rng.randrange(40))).isoformat(),
                       type=rng.choice(["attack", "raid", "airstrike", "clash"]))
                   for i in range(rng.randrange(50, 300))]
        assert groups(reports) == every_cluster(reports)
        assert any(len(g) > 2 for g in groups(reports))      # fusions happen, not only singletons

"""kg.extract.dates: table-driven cases (wire copy, sitrep shorthand, French) and properties."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dates import DateMatch, find_dates, parse_iso_like
from kg.model import DateValue

PUB = dt.date(2019, 12, 13)  # a Friday
D = dt.date


def only(text: str, published: dt.date | None = PUB) -> DateMatch:
    found = find_dates(text, published)
    assert len(found) == 1, f"{text!r}: {[(d.text, d.value.iso) for d in found]}"
    return found[0]


# (text, span, iso, precision, kind, start, end); start/end None = not checked
CASES = [
    # --- wire copy: weekdays and relative days (published Friday 13 December 2019)
    ("Gunmen attacked the camp on Wednesday, officials said.", "Wednesday", "2019-12-11", "day", "point", None, None),
    ("Wednesday's assault killed 71 soldiers.", "Wednesday's", "2019-12-11", "day", "point", None, None),
    ("The attack began late on Tuesday near the border.", "late on Tuesday", "2019-12-10", "day", "point", None, None),
    ("Clashes broke out on Sunday night in the north.", "Sunday night", "2019-12-08", "day", "point", None, None),
    ("The ministry confirmed the toll on Friday.", "Friday", "2019-12-13", "day", "point", None, None),
    ("Jihadists struck a convoy last Friday.", "last Friday", "2019-12-06", "day", "point", None, None),
    ("Militants overran the outpost Thursday, the army said.", "Thursday", "2019-12-12", "day", "point", None, None),
    ("Two soldiers died of their wounds yesterday.", "yesterday", "2019-12-12", "day", "point", None, None),
    ("Today the army said it had retaken the town.", "Today", "2019-12-13", "day", "point", None, None),
    ("This morning, residents reported gunfire.", "This morning", "2019-12-13", "day", "point", None, None),
    ("Insurgents shelled the base last night.", "last night", "2019-12-12", "day", "point", D(2019, 12, 12), D(2019, 12, 13)),
    ("An overnight raid left four dead.", "overnight", "2019-12-12", "day", "point", D(2019, 12, 12), D(2019, 12, 13)),
    ("Police had been warned the day before.", "the day before", "2019-12-12", "day", "point", None, None),
    ("The convoy was ambushed on Monday afternoon.", "Monday afternoon", "2019-12-09", "day", "point", None, None),
    ("The rebels said next Monday they would talk.", "next Monday", "2019-12-16", "day", "point", None, None),
    # --- relative periods
    ("Three villages were attacked last week.", "last week", "2019-12", "month", "point", D(2019, 12, 2), D(2019, 12, 8)),
    ("Fighting has intensified this week.", "this week", "2019-12", "month", "point", D(2019, 12, 9), D(2019, 12, 15)),
    ("The group was formed last month.", "last month", "2019-11", "month", "point", D(2019, 11, 1), D(2019, 11, 30)),
    ("A similar attack occurred late last month.", "late last month", "2019-11", "month", "point", D(2019, 11, 21), D(2019, 11, 30)),
    ("A report published earlier this month warned of famine.", "earlier this month", "2019-12", "month", "point",
     D(2019, 12, 1), D(2019, 12, 13)),
    ("Attacks have doubled this month.", "this month", "2019-12", "month", "point", D(2019, 12, 1), D(2019, 12, 31)),
    ("The group pledged allegiance last year.", "last year", "2018", "year", "point", D(2018, 1, 1), D(2018, 12, 31)),
    ("Earlier this year the army withdrew.", "Earlier this year", "2019", "year", "point", D(2019, 1, 1), D(2019, 12, 13)),
    ("The base was first attacked earlier last year.", "earlier last year", "2018", "year", "point", None, None),
    ("This year has been the deadliest yet.", "This year", "2019", "year", "point", None, None),
    ("In July, about 18 soldiers were killed there.", "July", "2019-07", "month", "point", D(2019, 7, 1), D(2019, 7, 31)),
    ("The camp was attacked in late July.", "late July", "2019-07", "month", "point", D(2019, 7, 21), D(2019, 7, 31)),
    ("Attacks spiked in December.", "December", "2019-12", "month", "point", None, None),
    ("The village was attacked two weeks ago.", "two weeks ago", "2019-11", "month", "point", D(2019, 11, 26), D(2019, 12, 2)),
    ("The hostages were freed three days ago.", "three days ago", "2019-12-10", "day", "point", None, None),
    ("A week earlier, a mine killed two.", "A week earlier", "2019-12", "month", "point", D(2019, 12, 3), D(2019, 12, 9)),
    ("Markets reopened at the weekend.", "the weekend", "2019-12-07", "day", "point", D(2019, 12, 7), D(2019, 12, 8)),
    ("Gunmen struck the village since January, residents say.", "since January", "2019-01", "month", "since", None, None),
    # --- explicit dates
    ("The attack took place on 21 March 2021.", "21 March 2021", "2021-03-21", "day", "point", None, None),
    ("Troops redeployed on 21 March.", "21 March", "2019-03-21", "day", "point", None, None),
    ("Troops redeployed on March 21.", "March 21", "2019-03-21", "day", "point", None, None),
    ("The accord was signed March 21, 2021, in Algiers.", "March 21, 2021", "2021-03-21", "day", "point", None, None),
    ("It began on the 21st of March.", "21st of March", "2019-03-21", "day", "point", None, None),
    ("It happened on the twenty-fourth of August.", "the twenty-fourth of August", "2019-08-24", "day", "point", None, None),
    ("Saturday the twenty-fourth of August was quiet.", "Saturday the twenty-fourth of August", "2019-08-24", "day", "point",
     None, None),
    ("Report dated 21/03/2021.", "21/03/2021", "2021-03-21", "day", "point", None, None),
    ("Report dated 03/21/2021.", "03/21/2021", "2021-03-21", "day", "point", None, None),
    ("Updated 2021-03-21 by the mission.", "2021-03-21", "2021-03-21", "day", "point", None, None),
    ("Killed on 14 November 2023 near Menaka.", "14 November 2023", "2023-11-14", "day", "point", None, None),
    ("NIAMEY, Dec. 13, 2019 (Wire) - ", "Dec. 13, 2019", "2019-12-13", "day", "point", None, None),
    ("NIAMEY, Dec 13 (Wire) - ", "Dec 13", "2019-12-13", "day", "point", None, None),
    ("Thursday, December 12, was the worst day.", "Thursday, December 12", "2019-12-12", "day", "point", None, None),
    ("The summit planned for 16 December was postponed.", "16 December", "2018-12-16", "day", "point", None, None),
    ("The year ends on 31 Dec 2019.", "31 Dec 2019", "2019-12-31", "day", "point", None, None),
    ("Founded 1 January 2020.", "1 January 2020", "2020-01-01", "day", "point", None, None),
    ("In May, gunmen killed 12.", "May", "2019-05", "month", "point", None, None),
    ("The mission ended in March 2017.", "March 2017", "2017-03", "month", "point", D(2017, 3, 1), D(2017, 3, 31)),
    ("The group was founded in 2017.", "2017", "2017", "year", "point", D(2017, 1, 1), D(2017, 12, 31)),
    ("ISWAP has been active since 2017.", "since 2017", "2017", "year", "since", None, None),
    ("The mandate runs until 2022.", "until 2022", "2022", "year", "until", None, None),
    ("From 2019 the group expanded south.", "From 2019", "2019", "year", "since", None, None),
    ("By the end of 2019 the army had withdrawn.", "By the end of 2019", "2019", "year", "until", D(2019, 9, 1), D(2019, 12, 31)),
    ("Rebellions recurred in the mid-1990s.", "mid-1990s", "1994", "year", "point", D(1994, 1, 1), D(1996, 12, 31)),
    ("Rebellions recurred in the 1990s.", "1990s", "1990", "year", "point", D(1990, 1, 1), D(1999, 12, 31)),
    ("Attacks rose in mid-2019.", "mid-2019", "2019", "year", "point", D(2019, 5, 1), D(2019, 8, 31)),
    ("The summit was moved to early 2020.", "early 2020", "2020", "year", "point", D(2020, 1, 1), D(2020, 4, 30)),
    ("2017's offensive failed.", "2017's", "2017", "year", "point", None, None),
    ("Under the 2015 peace accord, the groups disarmed.", "2015", "2015", "year", "point", None, None),
    ("Gunmen attacked on the night of 3 to 4 February.", "the night of 3 to 4 February", "2019-02-03", "day", "point",
     D(2019, 2, 3), D(2019, 2, 4)),
    ("Fighting raged between 25 and 27 July 2024.", "between 25 and 27 July 2024", "2024-07-25", "day", "range",
     D(2024, 7, 25), D(2024, 7, 27)),
    ("The offensive ran from 30 June to 2 July 2024.", "from 30 June to 2 July 2024", "2024-06-30", "day", "range",
     D(2024, 6, 30), D(2024, 7, 2)),
    ("Attacks rose fivefold from 2019 to 2022.", "from 2019 to 2022", "2019", "year", "range", D(2019, 1, 1), D(2022, 12, 31)),
    ("Attacks rose between 2016 and 2019.", "between 2016 and 2019", "2016", "year", "range", D(2016, 1, 1), D(2019, 12, 31)),
    ("It ruled the area between March 2019 and June 2020.", "between March 2019 and June 2020", "2019-03", "month", "range",
     D(2019, 3, 1), D(2020, 6, 30)),
    ("Talks were held July 25-27 in Doha.", "July 25-27", "2019-07-25", "day", "range", D(2019, 7, 25), D(2019, 7, 27)),
    # --- military sitrep shorthand
    ("04 SEP: IED strike on MSR, 2x KIA.", "04 SEP", "2019-09-04", "day", "point", None, None),
    ("04 SEP 2023 - patrol ambushed.", "04 SEP 2023", "2023-09-04", "day", "point", None, None),
    ("12 SEP contact reported at grid 123456.", "12 SEP", "2019-09-12", "day", "point", None, None),
    ("15 JUN (Thu) 0920: indirect fire on FOB.", "15 JUN (Thu)", "2019-06-15", "day", "point", None, None),
    ("DTG 041200Z SEP 23 SITREP", "041200Z SEP 23", "2023-09-04", "day", "point", None, None),
    ("Fri, 13 Dec 2019 08:00:00 +0000", "Fri, 13 Dec 2019", "2019-12-13", "day", "point", None, None),
    # --- French
    ("L'attaque a eu lieu le 3 février 2021 à Tillabéri.", "3 février 2021", "2021-02-03", "day", "point", None, None),
    ("L'attaque a eu lieu le 3 fevrier 2021.", "3 fevrier 2021", "2021-02-03", "day", "point", None, None),
    ("Le camp a été attaqué mercredi.", "mercredi", "2019-12-11", "day", "point", None, None),
    ("Des hommes armés ont tué 12 civils hier.", "hier", "2019-12-12", "day", "point", None, None),
    ("Le groupe a revendiqué l'attaque le mois dernier.", "le mois dernier", "2019-11", "month", "point", None, None),
    ("Les combats ont repris en juillet.", "juillet", "2019-07", "month", "point", None, None),
    ("Le groupe est actif depuis 2017.", "depuis 2017", "2017", "year", "since", None, None),
    ("Attaque dans la nuit du 3 au 4 février.", "la nuit du 3 au 4 février", "2019-02-03", "day", "point",
     D(2019, 2, 3), D(2019, 2, 4)),
    ("Le 15 août 2020, une embuscade a fait 10 morts.", "15 août 2020", "2020-08-15", "day", "point", None, None),
    ("Le 15 aout 2020, une embuscade.", "15 aout 2020", "2020-08-15", "day", "point", None, None),
    ("Le poste a été attaqué le 1er décembre.", "1er décembre", "2019-12-01", "day", "point", None, None),
    ("Les attaques de la semaine dernière.", "la semaine dernière", "2019-12", "month", "point", D(2019, 12, 2), D(2019, 12, 8)),
    ("Le bilan de l'an dernier était plus lourd.", "l'an dernier", "2018", "year", "point", None, None),
    ("Il y a trois jours, le convoi a sauté sur une mine.", "Il y a trois jours", "2019-12-10", "day", "point", None, None),
    ("Les assaillants sont revenus lundi dernier.", "lundi dernier", "2019-12-09", "day", "point", None, None),
    ("Les tirs ont repris mercredi soir.", "mercredi soir", "2019-12-11", "day", "point", None, None),
    ("Les combats ont eu lieu fin juillet.", "fin juillet", "2019-07", "month", "point", D(2019, 7, 21), D(2019, 7, 31)),
    ("Le sommet est reporté à début 2020.", "début 2020", "2020", "year", "point", D(2020, 1, 1), D(2020, 4, 30)),
    ("Les pourparlers du 3 au 5 mars 2022 ont échoué.", "du 3 au 5 mars 2022", "2022-03-03", "day", "range",
     D(2022, 3, 3), D(2022, 3, 5)),
    ("Le mandat court jusqu'en 2022.", "jusqu'en 2022", "2022", "year", "until", None, None),
    ("Cette année, les attaques ont doublé.", "Cette année", "2019", "year", "point", None, None),
    ("La force a été déployée fin du mois dernier.", "fin du mois dernier", "2019-11", "month", "point",
     D(2019, 11, 21), D(2019, 11, 30)),
    ("Trois attaques depuis le début de l'année.", "depuis le début de l'année", "2019", "year", "since",
     D(2019, 1, 1), D(2019, 4, 30)),
    ("Since the start of the year, 1,200 people have died.", "Since the start of the year", "2019", "year", "since",
     D(2019, 1, 1), D(2019, 4, 30)),
    ("Withdrawal is due by the end of the month.", "by the end of the month", "2019-12", "month", "until",
     D(2019, 12, 21), D(2019, 12, 31)),
    ("SITREP 14 MAR 2024. 1. SITUATION: contact.", "14 MAR 2024", "2024-03-14", "day", "point", None, None),
    ("Previous attack on the FOB occurred on 02 FEB.", "02 FEB.", "2019-02-02", "day", "point", None, None),
]


@pytest.mark.parametrize("text,span,iso,precision,kind,start,end", CASES, ids=[c[0][:40] for c in CASES])
def test_find_dates_table(text, span, iso, precision, kind, start, end):
    d = only(text)
    assert d.text == span
    assert text[d.start:d.end] == span
    assert d.value.text == span
    assert d.value.iso == iso
    assert d.value.precision == precision
    assert d.kind == kind
    assert d.value.resolved
    if start is not None:
        assert (d.value.start, d.value.end) == (start, end)
    assert d.value.start <= d.value.end


def test_case_count():
    assert len(CASES) >= 60


RELATIVE = ["on Wednesday", "yesterday", "21 March", "in July", "last week", "two weeks ago", "hier", "le mois dernier",
            "last night", "earlier this year"]


@pytest.mark.parametrize("text", RELATIVE)
def test_relative_flag_and_unresolved_without_publication(text):
    assert only(text).relative
    d = only(text, None)
    assert d.value.iso is None and d.value.resolved is False
    assert d.value.start is None and d.value.end is None
    assert d.value.text == d.text and d.relative


@pytest.mark.parametrize("text,iso", [("on 21 March 2021", "2021-03-21"), ("since 2017", "2017"), ("March 2017", "2017-03"),
                                      ("2021-03-21", "2021-03-21"), ("le 3 février 2021", "2021-02-03")])
def test_absolute_dates_resolve_without_publication(text, iso):
    d = only(text, None)
    assert d.value.iso == iso and d.value.resolved and not d.relative


NOT_DATES = [
    "71 soldiers were killed.",
    "The 12 RIC deployed north.",
    "More than 2,000 troops arrived.",
    "The border is 1,000 kilometres long.",
    "The attack began at 2 p.m. local time.",
    "Contact at 0920, two wounded.",
    "Firing lasted approx. 1030-1100.",
    "Op SHUJAA continues in the east.",
    "Troops may 5 times a week patrol.",
    "They march 20 km a day.",
    "2000 troops were deployed.",
    "The unit fired 2019 rounds.",
    "Reinforcements arrived by 2000 hrs.",
    "AK-47 rifles and 12.7mm guns were seized.",
    "Resolution 2719 was adopted unanimously.",
    "The March 23 Movement (M23) seized Bunagana.",
    "Le Mouvement du 23 mars a repris les combats.",
    "The year was bad for civilians.",
    "Sept morts et neuf blessés.",
    "A bomb went off at the entrance of the Monday Market in Maiduguri.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_several_dates_in_order():
    text = ("Gunmen attacked Inates on Tuesday, killing 71, and struck again on 6 December. The group has been "
            "active since 2015 and split from al-Mourabitoun in May 2015.")
    found = find_dates(text, PUB)
    assert [d.text for d in found] == ["Tuesday", "6 December", "since 2015", "May 2015"]
    assert [d.value.iso for d in found] == ["2019-12-10", "2019-12-06", "2015", "2015-05"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_publication_datetime_accepted():
    assert only("on Wednesday", dt.datetime(2019, 12, 13, 23, 59)).value.iso == "2019-12-11"


def test_year_inference_across_new_year():
    assert only("on 28 December", D(2020, 1, 3)).value.iso == "2019-12-28"
    assert only("in December", D(2020, 1, 3)).value.iso == "2019-12"
    assert only("last month", D(2020, 1, 3)).value.iso == "2019-12"
    assert only("29 February", D(2021, 3, 1)).value.iso == "2020-02-29"


def test_impossible_dates_rejected():
    # no 31 February: what is left is the month it names
    assert [(d.text, d.value.precision) for d in find_dates("on 31 February 2021", PUB)] == [("February 2021", "month")]
    assert find_dates("2021-02-30", PUB) == []
    assert find_dates("on 31/02/2021", PUB) == []


def test_week_crossing_months_takes_majority_month():
    d = only("last week", D(2019, 10, 3))  # week of Mon 23 Sep .. Sun 29 Sep
    assert d.value.iso == "2019-09" and d.value.start == D(2019, 9, 23) and d.value.end == D(2019, 9, 29)
    d = only("this week", D(2019, 10, 3))  # Mon 30 Sep .. Sun 6 Oct: 6 days in October
    assert d.value.iso == "2019-10"


# --------------------------------------------------------------------------------------------
# parse_iso_like
# --------------------------------------------------------------------------------------------

ISO_LIKE = [
    ("2019-12-13", "2019-12-13", "day"),
    ("2019-12-13T08:00:00Z", "2019-12-13", "day"),
    ("2019-12-13T08:00:00+01:00", "2019-12-13", "day"),
    ("2019-12-13 08:00", "2019-12-13", "day"),
    ("20191213", "2019-12-13", "day"),
    ("13 December 2019", "2019-12-13", "day"),
    ("Dec 13, 2019", "2019-12-13", "day"),
    ("13/12/2019", "2019-12-13", "day"),
    ("Fri, 13 Dec 2019 08:00:00 +0000", "2019-12-13", "day"),
    ("13 décembre 2019", "2019-12-13", "day"),
    ("2019-12", "2019-12", "month"),
    ("December 2019", "2019-12", "month"),
    ("2019", "2019", "year"),
]


@pytest.mark.parametrize("value,iso,precision", ISO_LIKE)
def test_parse_iso_like(value, iso, precision):
    v = parse_iso_like(value)
    assert isinstance(v, DateValue)
    assert (v.iso, v.precision, v.resolved) == (iso, precision, True)
    assert v.start <= v.end


@pytest.mark.parametrize("value", ["", "   ", "not a date", "yesterday", "on Wednesday", "2019-13-45"])
def test_parse_iso_like_rejects(value):
    assert parse_iso_like(value) is None


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))


@given(dates, st.sampled_from(["dmy", "mdy", "iso", "num"]), st.one_of(st.none(), dates))
def test_formatted_dates_parse_back(d, style, pub):
    text = {
        "dmy": f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        "mdy": f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        "iso": d.isoformat(),
        "num": f"{d.day:02d}/{d.month:02d}/{d.year}",
    }[style]
    m = only(f"The attack of {text} was claimed.", pub)
    assert m.text == text
    assert (m.value.iso, m.value.precision, m.value.start, m.value.end) == (d.isoformat(), "day", d, d)
    assert not m.relative
    v = parse_iso_like(text)
    assert v is not None and v.iso == d.isoformat()


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2035, 12, 31)), st.sampled_from(range(7)),
       st.sampled_from(["on {}", "{}", "{}'s attack", "late on {}", "{} night", "last {}"]))
def test_weekday_resolution(pub, wd, form):
    m = only(form.format(WEEKDAYS[wd]) + " was bloody.", pub)
    back = (pub - m.value.start).days
    if form.startswith("last"):
        assert 1 <= back <= 7
    else:
        assert 0 <= back <= 6
    assert m.value.start.weekday() == wd
    assert m.value.precision == "day" and m.relative


@settings(max_examples=300)
@given(st.text(), st.one_of(st.none(), st.dates(min_value=D(1901, 1, 1), max_value=D(2098, 12, 31))))
def test_never_raises_and_spans_are_valid(text, pub):
    found = find_dates(text, pub)
    last = 0
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert d.start >= last
        last = d.end
        assert text[d.start:d.end] == d.text == d.value.text
        assert d.kind in ("point", "since", "until", "range")
        if d.value.resolved:
            assert d.value.start <= d.value.end


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["on", "since", "21", "March", "2019", "last", "week", "the", "night", "of", "3", "to",
                                 "4", "February", "between", "and", "mid-", "1990s", "hier", "mercredi", "il", "y", "a",
                                 "jours", "trois", "Tuesday", "late", "-", ",", "/", "12", "2021", "ago", "two", "weeks"]),
                max_size=12), st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2050, 12, 31))))
def test_date_word_soup_never_raises(words, pub):
    text = " ".join(words)
    for d in find_dates(text, pub):
        assert text[d.start:d.end] == d.text


ARTICLE = (
    "NIAMEY, Dec 13 (Wire) - Suspected jihadists killed at least 71 soldiers in an attack on a military camp in "
    "western Niger on Tuesday, the government said on Thursday. Several hundred fighters stormed the base late on "
    "Tuesday afternoon, using mortar fire. Twelve soldiers were wounded. The group has stepped up attacks since 2015. "
    "In July, about 18 soldiers were killed there, and 12 died in an ambush in October 2017. France has some 4,500 "
    "troops deployed across the Sahel. Attacks rose fivefold between 2016 and 2019, the UN said last week. "
) * 4


def test_speed_guard():
    """Loose guard against pathological regressions (the real figure is well under a millisecond)."""
    find_dates(ARTICLE, PUB)
    t0 = time.perf_counter()
    for _ in range(20):
        find_dates(ARTICLE, PUB)
    assert (time.perf_counter() - t0) / 20 < 0.05

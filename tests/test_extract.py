"""Extraction on short texts written for these tests (not taken from any evaluation article)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract
from kg.gazetteer import load_gazetteer
from kg.read import read_bytes


def findings(text: str, published: str = "2022-03-10"):
    [article] = read_bytes(text.encode(), "t.txt", published=dt.date.fromisoformat(published))
    return extract(article)


def place_name(f, key):
    new = {p.key: p for p in f.new_places}
    return new[key].name if key in new else load_gazetteer().get(key).name


def test_weekday_date_place_and_official_figure():
    f = findings("Gunmen killed at least 12 soldiers on Tuesday in an attack on an army post near Djibo, "
                 "the army said. Residents said 20 people died.")
    [ev] = f.events
    assert ev.date.iso == "2022-03-08" and place_name(f, ev.place) == "Djibo"
    killed = sorted((c.quantity.value, c.claimant_label) for c in ev.claims if c.property == "killed")
    assert (12, "the army") in killed and (20, "Residents") in killed


def test_attackers_losses_are_kept_apart():
    f = findings("Jihadists attacked a gendarmerie post in Kantchari on Monday, killing five gendarmes. "
                 "The army said 17 assailants were also killed in the fighting.")
    [ev] = f.events
    props = {(c.property, c.quantity.value) for c in ev.claims}
    assert ("killed", 5) in props and ("perpetrators_killed", 17) in props


def test_group_claim_is_never_the_coded_figure():
    from kg.to_rdf import coded_figures
    f = findings("Al-Shabaab fighters stormed a hotel in Kismayo on Saturday. Police said nine people were killed. "
                 "Al-Shabaab said its fighters had killed 30 people.")
    [ev] = f.events
    assert "al-shabaab" in ev.perpetrators
    assert coded_figures(ev.claims, ev.perpetrators)["killed"] == 9


def test_responsibility_claimed_and_suspected():
    f = findings("A car bomb exploded at a market in Beledweyne on Sunday, killing 14 people. "
                 "Al-Shabaab claimed responsibility for the bombing.")
    [ev] = f.events
    assert any(r.actor == "al-shabaab" and r.status == "claimed" for r in ev.responsibility)
    g = findings("Suspected ADF rebels killed 11 villagers in Mukondi on Wednesday, local officials said.")
    [ev2] = g.events
    assert "adf" in ev2.perpetrators


def test_two_incidents_in_one_paragraph_stay_apart():
    f = findings("On Monday, militants ambushed a convoy near Gao, killing four soldiers. "
                 "On Wednesday, a roadside bomb killed two civilians near Kidal.")
    places = sorted(place_name(f, e.place) for e in f.events)
    assert places == ["Gao", "Kidal"]


def test_unknown_village_is_located_in_its_district():
    f = findings("Gunmen killed seven farmers in the village of Kwatami, in Bama local government area of "
                 "Borno State, on Friday.")
    [ev] = f.events
    assert place_name(f, ev.place) == "Kwatami"
    [new] = f.new_places
    assert new.country == "NG" and new.within is not None


def test_dateline_place_is_not_the_event_place():
    f = findings("NIAMEY, Niger, March 9 (Wire) - Suspected jihadists killed 19 civilians in Tillia "
                 "on Tuesday, officials said.")
    [ev] = f.events
    assert place_name(f, ev.place) != "Niamey" and ev.date.iso == "2022-03-08"


def test_relations_stated_in_text():
    f = findings("The Islamic State Sahel Province, a branch of the Islamic State, fights JNIM. "
                 "The US-backed Syrian Democratic Forces fought the Islamic State in Baghouz.")
    rels = {(r.s, r.p, r.o) for r in f.relations}
    assert ("isgs", "part_of", "islamic-state") in rels
    assert ("isgs", "fights", "jnim") in rels or ("jnim", "fights", "isgs") in rels
    assert any(p == "backs" and o == "sdf" for s, p, o in rels), rels


def test_no_event_without_a_named_place_or_for_forecasts():
    assert findings("Attacks on farmers are likely to continue next week.").events == []
    assert findings("Violence has killed thousands of people across the region since 2015.").events == []


def test_no_publication_date_leaves_relative_dates_unresolved():
    [article] = read_bytes(b"Gunmen killed five herders near Djibo on Tuesday.", "t.txt")
    f = extract(article)
    [ev] = f.events
    assert ev.date is None or ev.date.iso is None


@pytest.mark.parametrize("text,expected", [
    ("the July attack on Inates killed 18 soldiers", "2021-07"),
    ("The army said on 23 February that 30 soldiers had died in an ambush near Djibo six days earlier.", "2022-02-17"),
])
def test_contextual_dates(text, expected):
    f = findings(text, "2022-03-10")
    assert [e.date.iso for e in f.events] == [expected]

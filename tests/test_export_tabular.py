"""kg.export.tabular: kg's CSV tables and the ACLED-style event table."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.export.tabular import (ACLED_COLUMNS, actors_csv, events_acled_csv, events_csv,
                               relations_csv, to_string)

FIXTURE = Path(__file__).parent / "data" / "export_fixture.json"

# ACLED's published column list (codebook 2023+), spelled out here on purpose
ACLED_NAMES = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
               "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
               "iso region country admin1 admin2 admin3 location latitude longitude geo_precision source "
               "source_scale notes fatalities tags timestamp").split()


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def acled(data) -> dict[str, dict]:
    text = to_string(events_acled_csv, data["events"], actors=data["actors"])
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ACLED_NAMES == ACLED_COLUMNS
    rows = list(reader)
    assert len(rows) == len(data["events"])
    by_location = {r["location"] or r["notes"]: r for r in rows}
    return by_location


def test_acled_file_round_trip(data, tmp_path):
    path = tmp_path / "events_acled.csv"
    assert events_acled_csv(data["events"], path, actors=data["actors"]) == 8
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ACLED_NAMES
        rows = list(reader)
    ids = [r["event_id_cnty"] for r in rows]
    assert len(set(ids)) == 8
    assert {i[:3] for i in ids} == {"NER", "MLI", "BFA"}
    # deterministic: same input, same bytes
    again = tmp_path / "again.csv"
    events_acled_csv(data["events"], again, actors=data["actors"])
    assert again.read_bytes() == path.read_bytes()


def test_acled_day_month_year_precision(acled):
    inates = acled["Inates"]
    assert (inates["event_date"], inates["year"], inates["time_precision"]) == ("2019-12-11", "2019", "1")
    moura = acled["Moura"]
    assert (moura["event_date"], moura["time_precision"]) == ("2022-03-01", "3")
    tessit = next(r for k, r in acled.items() if "Tessit" in k or r["admin1"] == "Gao")
    assert (tessit["event_date"], tessit["year"], tessit["time_precision"]) == ("2022-01-01", "2022", "3")


def test_acled_actors_and_codes(acled):
    inates = acled["Inates"]
    assert inates["actor1"] == "Islamic State West Africa Province" and inates["inter1"] == "2"
    assert inates["actor2"] == "Nigerien Armed Forces" and inates["inter2"] == "1"
    assert inates["interaction"] == "12"
    assert inates["disorder_type"] == "Political violence"
    assert (inates["event_type"], inates["sub_event_type"]) == ("Battles", "Armed clash")
    assert (inates["iso"], inates["region"], inates["country"], inates["admin1"]) == ("562", "Western Africa", "Niger", "Tillabéri")
    assert (inates["latitude"], inates["longitude"], inates["geo_precision"]) == ("15.0500", "1.9300", "1")
    assert inates["fatalities"] == "71"
    assert inates["source"] == "FDD's Long War Journal"
    assert "at least 100" in inates["notes"] and "Islamic State" in inates["notes"]
    assert inates["timestamp"] == "1576195200"  # 2019-12-13, the source's publication date
    solhan = acled["Solhan"]
    assert solhan["actor2"] == "Civilians (Burkina Faso)" and solhan["inter2"] == "7"
    assert solhan["interaction"] == "27" and solhan["civilian_targeting"] == "Civilian targeting"
    moura = acled["Moura"]
    assert moura["actor1"] == "Malian Armed Forces" and moura["assoc_actor_1"] == "Wagner Group"
    clash = acled["Ménaka"]
    assert clash["actor2"] == "Islamic State in the Greater Sahara" and clash["interaction"] == "22"


def test_acled_unknown_fatalities_are_zero_and_no_coordinates_empty(acled):
    tessit = next(r for r in acled.values() if r["admin1"] == "Gao")
    assert tessit["fatalities"] == "0"
    assert tessit["latitude"] == tessit["longitude"] == tessit["geo_precision"] == ""
    assert tessit["actor1"] == "<img src=x onerror=alert(1)>" and tessit["inter1"] == "3"


def test_kg_tables(data, tmp_path):
    ev = list(csv.DictReader(io.StringIO(to_string(events_csv, data["events"]))))
    assert len(ev) == 8
    inates = next(r for r in ev if r["place"] == "Inates")
    assert inates["tactics"] == "mortars; suicide car bombs; motorcycles"
    assert inates["claims"].split("; ")[1] == "killed=at least 100 (Islamic State) [inates-2019-12.md]"
    assert inates["disputed"] == "true" and inates["wounded"] == ""
    ac = list(csv.DictReader(io.StringIO(to_string(actors_csv, data["actors"]))))
    assert len(ac) == 15
    jnim = next(r for r in ac if r["name"].startswith("Jama"))
    assert jnim["aliases"] == "JNIM; GSIM; Group for the Support of Islam and Muslims"
    rel = list(csv.DictReader(io.StringIO(to_string(relations_csv, data["relations"]))))
    assert len(rel) == 15
    backs = next(r for r in rel if r["p"] == "backs")
    assert backs["sources"] == "moura-2022-04.md" and backs["reference"] == "false"
    assert relations_csv(data["relations"], tmp_path / "r.csv") == 15

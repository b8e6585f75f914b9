"""The packaged reference data (actors and places) and their loaders."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from kg.gazetteer import fold, fold_map, load_gazetteer
from kg.reference import (ActorRecord, ReferenceDataError, actor_names, demonym_forces, load_actors,
                          load_places)

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max), padded by about half a degree: a sanity
# check that a coordinate was not swapped or typed into the wrong country, not a border test.
BBOX = {
    "ML": (10.0, 25.5, -12.5, 4.5), "BF": (9.2, 15.3, -5.7, 2.6), "NE": (11.5, 23.7, 0.0, 16.2),
    "NG": (4.0, 14.1, 2.5, 14.9), "TD": (7.3, 23.7, 13.3, 24.2), "CM": (1.5, 13.3, 8.3, 16.4),
    "BJ": (6.0, 12.6, 0.6, 4.0), "TG": (5.9, 11.3, -0.3, 2.0), "GH": (4.5, 11.4, -3.5, 1.4),
    "CI": (4.1, 11.0, -8.8, -2.3), "SO": (-2.0, 12.2, 40.8, 51.6), "KE": (-4.9, 5.2, 33.7, 42.1),
    "MZ": (-27.0, -10.2, 30.0, 41.0), "CD": (-13.7, 5.6, 12.0, 31.5), "UG": (-1.7, 4.4, 29.4, 35.2),
    "IQ": (28.9, 37.6, 38.6, 48.8), "SY": (32.1, 37.5, 35.5, 42.6), "AF": (29.2, 38.7, 60.3, 75.1),
    "PK": (23.5, 37.3, 60.7, 77.9), "YE": (12.0, 19.2, 41.9, 54.8), "SD": (8.5, 22.5, 21.6, 38.8),
    "LY": (19.3, 33.4, 9.2, 25.4), "ET": (3.2, 15.2, 32.8, 48.2), "EG": (21.8, 31.9, 24.5, 37.1),
}


@pytest.fixture(scope="module")
def actors() -> dict[str, ActorRecord]:
    return load_actors()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_actor_counts_kinds_and_sources(actors):
    assert len(actors) >= 250
    kinds = Counter(a.kind for a in actors.values())
    assert set(kinds) == {"armed_group", "state", "state_force", "person", "organization"}
    assert kinds["person"] >= 40
    assert all(a.sources for a in actors.values())


def test_islamic_state_hierarchy(actors):
    isgs, iswap = actors["isgs"], actors["iswap"]
    assert "islamic-state" in iswap.parents
    part_of = {(r.o, r.since, r.until) for r in isgs.relations if r.p == "part_of"}
    assert ("iswap", "2019-03", "2022-03") in part_of
    assert ("islamic-state", "2022-03", None) in part_of
    assert {"iscap", "is-somalia", "iskp", "is-mozambique"} <= {k for k, a in actors.items() if "islamic-state" in a.parents}


def test_jnim_components_merged(actors):
    merged = {k for k, a in actors.items() if any(r.p == "merged_into" and r.o == "jnim" for r in a.relations)}
    assert {"ansar-dine", "al-mourabitoun", "katiba-macina", "aqim-sahara-emirate"} <= merged
    assert all(r.since == "2017-03-02" for k in merged for r in actors[k].relations if r.p == "merged_into")


def test_leaders_are_persons(actors):
    leaders = [(k, r.o) for k, a in actors.items() for r in a.relations if r.p == "led_by"]
    assert len({o for _, o in leaders}) >= 40
    assert all(actors[o].kind == "person" for _, o in leaders)


def test_state_forces_have_demonyms_and_one_default(actors):
    forces = [a for a in actors.values() if a.kind == "state_force"]
    assert all(a.demonyms for a in forces), [a.key for a in forces if not a.demonyms]
    defaults = Counter(d for a in forces if a.default_force for d in {fold(x) for x in a.demonyms})
    assert all(n == 1 for n in defaults.values()), defaults
    table = demonym_forces(actors)
    assert table["malian"] == "malian-armed-forces"
    assert table["nigerian"] == "nigerian-armed-forces"
    assert table["burkinabe"] == "burkina-faso-armed-forces"
    assert table["american"] == "us-military"


def test_aliases_unique_across_actors_except_ambiguous(actors):
    owners: dict[str, set[str]] = defaultdict(set)
    for label, key, ambiguous in actor_names(actors):
        if not ambiguous:
            owners[label].add(key)
    clashes = {label: keys for label, keys in owners.items() if len(keys) > 1}
    assert not clashes
    ambiguous = {label for label, _, amb in actor_names(actors) if amb}
    assert {"is", "rsf"} <= ambiguous
    assert "is" not in owners and "rsf" not in owners
    assert owners["sna"] == {"somali-national-army"}


def test_known_names_resolve(actors):
    index = {label: key for label, key, amb in actor_names(actors) if not amb}
    for name, key in [("ISWAP", "iswap"), ("EIGS", "isgs"), ("Islamic State in the Greater Sahara", "isgs"),
                      ("GSIM", "jnim"), ("Daech", "islamic-state"), ("Al-Qaïda", "al-qaeda"), ("FAMa", "malian-armed-forces"),
                      ("Hay'at Tahrir al-Sham", "hts"), ("Tehreek-e-Taliban Pakistan", "ttp"), ("ISIS-K", "iskp"),
                      ("Alliance Fleuve Congo", "afc"), ("machababos", "is-mozambique"),
                      ("Volontaires pour la défense de la patrie", "vdp"), ("Hashd al-Shaabi", "pmf")]:
        assert index[fold(name)] == key, name


def test_bad_actor_file_names_the_entry(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("- {id: a, name: A, kind: armed_group, sources: [x], parents: [missing]}\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="actors.yaml.*unknown actor 'missing'"):
        load_actors(bad)
    bad.write_text("- {id: a, name: A, kind: warlord, sources: [x]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'warlord'"):
        load_actors(bad)


def test_places_counts_and_coordinates():
    places = load_places()
    kinds = Counter(p.kind for p in places)
    local = [p for p in places if p.kind in ("locality", "site")]
    assert len(local) >= 350 and kinds["admin1"] >= 300 and kinds["admin2"] >= 150
    for place in places:
        if place.lat is None or place.country not in BBOX:
            continue
        south, north, west, east = BBOX[place.country]
        assert south <= place.lat <= north and west <= place.lon <= east, place
    assert sum(1 for p in local if p.lat is not None) >= 350


def test_every_focus_country_has_its_admin1_rows():
    count = Counter(p.country for p in load_places() if p.kind == "admin1")
    expected = {"ML": 10, "BF": 13, "NE": 8, "NG": 37, "TD": 23, "CM": 10, "BJ": 12, "TG": 5, "GH": 16, "CI": 14,
                "SO": 18, "KE": 47, "MZ": 11, "CD": 26, "UG": 4, "IQ": 18, "SY": 14, "AF": 34}
    assert all(count[cc] >= n for cc, n in expected.items()), count


def test_fold():
    assert fold("Tillabéri") == fold("TILLABERI") == "tillaberi"
    assert fold("In-Delimane") == "in delimane"
    assert fold("Jama'at  Nusrat") == fold("Jama’at Nusrat") == "jamaat nusrat"
    assert fold("l'État islamique") == "l etat islamique"
    assert fold("Côte d’Ivoire") == "cote d ivoire"
    text = "Attaque à Ménaka — l’EIGS"
    folded, where = fold_map(text)
    start = folded.index("menaka")
    assert text[where[start]:where[start + 5] + 1] == "Ménaka"


def test_gazetteer_lookup(gazetteer):
    assert gazetteer.lookup("Tillaberi")[0].name == "Tillabéri"
    assert gazetteer.lookup("indelimane")[0].key == "ml-indelimane"
    assert gazetteer.lookup("Nord-Kivu")[0].key == gazetteer.lookup("north kivu")[0].key == "cd-nord-kivu"
    assert gazetteer.lookup("Borno State")[0].key == "ng-borno"
    assert gazetteer.lookup("Maiduguri", country="NG")[0].kind == "locality"
    mocimboa = gazetteer.lookup("Mocimboa da Praia", kinds=("locality",))[0]
    assert mocimboa.geonames_id and mocimboa.admin1 == "mz-cabo-delgado"
    assert gazetteer.get(f"gn-{mocimboa.geonames_id}") == mocimboa


def test_gazetteer_countries(gazetteer):
    assert gazetteer.country("cd").name == gazetteer.country_name("CD") == "Democratic Republic of the Congo"
    assert gazetteer.country_name("CI") == "Côte d'Ivoire"
    for name, iso in [("DRC", "CD"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("Tchad", "TD"), ("Niger", "NE"),
                      ("Democratic Republic of the Congo", "CD"), ("Burkina", "BF")]:
        assert gazetteer.country_by_name(name).country == iso, name
    assert gazetteer.country_by_name("Timbuktu") is None


def test_gazetteer_names_skip_stopwords(gazetteer):
    names = {name for name, _ in gazetteer.names()}
    assert "tillaberi" in names and "mogadishu" in names
    assert "est" not in names and "centre" not in names
    assert gazetteer.lookup("Est", country="BF")

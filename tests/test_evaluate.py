"""The scorer behind ``kg eval``: matching, slot accuracy, relations, reports, gold loading."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.errors import InputError
from kg.evaluate import (
    SLOTS,
    dates_compatible,
    format_report,
    load_gold,
    precision_of,
    score_article,
    score_corpus,
    to_json,
)

DATA = Path(__file__).parent / "data" / "eval"
SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def as_found(gold: dict[str, Any]) -> tuple[list[dict], list[dict], list[dict]]:
    """Gold facts written in kg's output shape: what a perfect extractor would give."""
    aliases = {a["name"]: a.get("aliases", []) for a in gold["actors"]}
    events = [{"type": e["type"], "date": e["date"], "date_precision": precision_of(e["date"]),
               "place": e["place"], "place_aliases": e.get("place_aliases", []), "country": e["country"],
               "perpetrators": e["perpetrators"], "targets": e.get("targets", []), "killed": e["killed"],
               "claims": [], "role": e.get("role", "main")} for e in gold["events"]]
    relations = [{"s": r["s"], "p": r["p"], "o": r["o"], "s_aliases": aliases.get(r["s"], []),
                  "o_aliases": aliases.get(r["o"], [])} for r in gold["relations"]]
    actors = [{"name": a["name"], "aliases": a.get("aliases", []), "kind": a.get("kind")} for a in gold["actors"]]
    return events, relations, actors


def gold_event(place: str, date: str | None, **extra: Any) -> dict[str, Any]:
    event = {"label": f"{place} {date}", "type": "attack", "date": date, "place": place, "place_aliases": [],
             "country": "Mali", "perpetrators": [], "targets": [], "killed": None}
    return event | extra


def found_event(place: str, date: str | None, **extra: Any) -> dict[str, Any]:
    event = {"type": "attack", "date": date, "date_precision": precision_of(date), "place": place,
             "country": "Mali", "perpetrators": [], "targets": [], "killed": None, "claims": [], "role": "main"}
    return event | extra


def gold_doc(events: list[dict], actors: list[dict] | None = None, relations: list[dict] | None = None) -> dict:
    return {"article": "case.md", "events": events, "actors": actors or [], "relations": relations or []}


def assert_all_perfect(score: Any) -> None:
    assert (score.events.precision, score.events.recall, score.events.f1) == (1.0, 1.0, 1.0)
    assert (score.relations.precision, score.relations.recall, score.relations.f1) == (1.0, 1.0, 1.0)
    assert all(s.accuracy == 1.0 for s in score.slots.values()), score.slots


# --- perfect output ---------------------------------------------------------------------------------

def test_perfect_match_scores_one() -> None:
    [gold] = load_gold(DATA)
    assert gold.name == "kelbeni-2021-04" and gold.article_path.name == "kelbeni-2021-04.md"
    result = score_article(gold.gold, *as_found(gold.gold))
    assert (result.events.gold, result.events.found, result.events.matched) == (2, 2, 2)
    assert_all_perfect(result)
    assert not (result.misses or result.extras or result.slot_errors or result.relation_misses
                or result.relation_extras)
    corpus = score_corpus([result])
    assert_all_perfect(corpus)
    assert to_json(corpus)["total"]["events"]["f1"] == 1.0


def test_nothing_to_find_and_nothing_found() -> None:
    result = score_article(gold_doc([]), [], [])
    assert (result.events.precision, result.events.recall, result.events.f1) == (1.0, 1.0, 1.0)
    assert all(s.accuracy is None for s in result.slots.values())
    empty = score_article(gold_doc([gold_event("Segou", "2020")]), [], [])
    assert (empty.events.precision, empty.events.recall, empty.events.f1) == (0.0, 0.0, 0.0)


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("gold", "found", "tolerance", "expected"), [
    ("2020-03-14", "2020-03-14", 0, True),
    ("2020-03", "2020-03-14", 0, True),        # day inside the gold's month
    ("2020-03-14", "2020-03", 0, True),        # gold day inside the found month
    ("2021", "2021-06", 0, True),              # month inside the gold's year
    ("2021-06", "2021", 0, True),
    ("2021", "2021-12-31", 0, True),
    ("2020-02", "2020-02-29", 0, True),        # leap day
    ("2020-03-14", "2020-03-15", 1, True),     # tolerance, both directions
    ("2020-03-14", "2020-03-13", 1, True),
    ("2020-12-31", "2021-01-01", 1, True),     # across a year boundary
    ("2020-03-14", "2020-03-16", 1, False),
    ("2020-03-14", "2020-03-15", 0, False),    # no tolerance given
    ("2020-03", "2020-04-01", 0, False),
    ("2020-03", "2020-04-01", 5, False),       # tolerance is for day-precision gold dates only
    ("2020-03", "2020-04", 0, False),
    ("2020-03", "2021", 0, False),
    ("2019", "2020-01-01", 0, False),
    ("2020-03-14", None, 1, False),            # undated found event: no match with a dated gold event
    (None, "2020-03-14", 0, True),             # undated gold event: any date will do
    (None, None, 0, True),
    ("2020-03-14", "not a date", 0, False),
])
def test_date_compatibility(gold: str | None, found: str | None, tolerance: int, expected: bool) -> None:
    assert dates_compatible(gold, found, tolerance) is expected


def test_date_compatibility_drives_matching() -> None:
    gold = gold_doc([gold_event("Segou", "2020-03-14", date_tolerance_days=1)])
    assert score_article(gold, [found_event("Segou", "2020-03-15")], []).events.matched == 1
    assert score_article(gold, [found_event("Segou", "2020-03-16")], []).events.matched == 0
    assert score_article(gold, [found_event("Segou", "2020-03")], []).events.matched == 1
    assert score_article(gold, [found_event("Segou", None)], []).events.matched == 0


# --- places -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("gold_place", "gold_aliases", "found_place", "found_aliases", "expected"), [
    ("Ségou", [], "segou", [], True),                       # accents and case
    ("SÉGOU", [], "Ségou", [], True),
    ("Doumara-Sud", [], "doumara sud", [], True),           # hyphen vs space
    ("N’Goura", [], "n'goura", [], True),                   # curly vs straight apostrophe
    ("Kelbéni  Centre", [], "kelbeni centre", [], True),    # runs of spaces
    ("Kelbéni", ["Kelbeni post"], "KELBENI POST", [], True),  # a gold alias
    ("Kelbéni", [], "Kelbeni district", ["Kelbeni"], True),   # one of kg's gazetteer aliases
    ("Kelbéni", ["Kelbeni post"], "Kelbeni district", ["Kelbeni town"], False),
    ("Ségou", [], "Segoubougou", [], False),
])
def test_place_folding(gold_place: str, gold_aliases: list[str], found_place: str, found_aliases: list[str],
                       expected: bool) -> None:
    gold = gold_doc([gold_event(gold_place, "2020-05", place_aliases=gold_aliases)])
    found = [found_event(found_place, "2020-05", place_aliases=found_aliases)]
    assert score_article(gold, found, []).events.matched == int(expected)


# --- one-to-one pairing -----------------------------------------------------------------------------

def test_one_found_event_pairs_with_one_gold_event() -> None:
    gold = gold_doc([gold_event("Kaya", "2020-03"), gold_event("Kaya", "2020-05")])
    result = score_article(gold, [found_event("Kaya", "2020-05-10")], [])
    assert (result.events.gold, result.events.found, result.events.matched) == (2, 1, 1)
    assert result.events.precision == 1.0 and result.events.recall == 0.5
    assert [m["date"] for m in result.misses] == ["2020-03"]


def test_pairing_maximises_the_number_of_matches() -> None:
    # The found day event is closest to gold A, but the other found event can only be A:
    # a greedy closest-date pairing would match one event, the maximum matching matches two.
    gold = gold_doc([gold_event("Kaya", "2020-05-03", place_aliases=["Kaya Centre"]), gold_event("Kaya", "2020-05")])
    found = [found_event("Kaya", "2020-05-03"), found_event("Kaya-Centre", "2020-05-03")]
    result = score_article(gold, found, [])
    assert result.events.matched == 2 and not result.misses and not result.extras


def test_two_found_events_cannot_share_a_gold_event() -> None:
    gold = gold_doc([gold_event("Kaya", "2020-05")])
    result = score_article(gold, [found_event("Kaya", "2020-05-01"), found_event("Kaya", "2020-05")], [])
    assert result.events.matched == 1
    assert [x["date"] for x in result.extras] == ["2020-05-01"]  # the closer date wins
    assert result.slots["date_exact"].accuracy == 1.0


def test_ties_broken_by_date_then_killed_then_perpetrators() -> None:
    gold = gold_doc([gold_event("Kaya", "2020-05", killed=10), gold_event("Kaya", "2020-05", killed=30)])
    found = [found_event("Kaya", "2020-05", killed=30), found_event("Kaya", "2020-05", killed=10)]
    result = score_article(gold, found, [])
    assert result.slots["killed"].correct == 2
    # closest date comes before equal killed figures
    gold = gold_doc([gold_event("Kaya", "2020-05-10", date_tolerance_days=1, killed=1),
                     gold_event("Kaya", "2020-05-11", date_tolerance_days=1, killed=2)])
    found = [found_event("Kaya", "2020-05-11", killed=1), found_event("Kaya", "2020-05-10", killed=2)]
    result = score_article(gold, found, [])
    assert result.events.matched == 2 and result.slots["killed"].correct == 0
    # equal killed, then perpetrators
    actors = [{"name": "Group A", "aliases": []}, {"name": "Group B", "aliases": []}]
    gold = gold_doc([gold_event("Kaya", "2020", perpetrators=["Group A"]),
                     gold_event("Kaya", "2020", perpetrators=["Group B"])], actors)
    result = score_article(gold, [found_event("Kaya", "2020", perpetrators=["group b"]),
                                  found_event("Kaya", "2020", perpetrators=["Group A"])], [])
    assert result.slots["perpetrator"].correct == 2


# --- slots ------------------------------------------------------------------------------------------

ACTORS = [{"name": "Northern Liberation Front", "aliases": ["NLF", "Front de Libération du Nord"]},
          {"name": "Republican Army", "aliases": ["the army"]}]


@pytest.mark.parametrize(("found_perps", "found_actors", "correct"), [
    (["Northern Liberation Front"], [], True),
    (["NLF"], [], True),                                             # a gold alias
    (["front de liberation du nord"], [], True),                     # folded gold alias
    (["The Front"], [{"name": "The Front", "aliases": ["NLF"]}], True),  # kg's own aliases of its actor
    (["NLF", "Northern Liberation Front"], [], True),                 # the same actor twice
    (["Republican Army"], [], False),
    (["NLF", "Republican Army"], [], False),
    ([], [], False),
])
def test_perpetrator_alias_normalisation(found_perps: list[str], found_actors: list[dict], correct: bool) -> None:
    gold = gold_doc([gold_event("Kaya", "2020", perpetrators=["Northern Liberation Front"])], ACTORS)
    result = score_article(gold, [found_event("Kaya", "2020", perpetrators=found_perps)], [], found_actors)
    assert result.slots["perpetrator"].correct == int(correct)


def test_empty_gold_perpetrators_need_empty_found_perpetrators() -> None:
    gold = gold_doc([gold_event("Kaya", "2020")], ACTORS)
    assert score_article(gold, [found_event("Kaya", "2020")], []).slots["perpetrator"].correct == 1
    result = score_article(gold, [found_event("Kaya", "2020", perpetrators=["NLF"])], [])
    assert result.slots["perpetrator"].correct == 0


def test_slot_errors_are_listed() -> None:
    gold = gold_doc([gold_event("Kaya", "2020-05-10", date_tolerance_days=1, killed=12, country="Burkina Faso",
                                perpetrators=["Northern Liberation Front"], label="the Kaya attack")], ACTORS)
    found = [found_event("kaya", "2020-05", killed=15, country="Mali", perpetrators=["Republican Army"],
                         type="ambush")]
    result = score_article(gold, found, [])
    assert result.events.matched == 1
    errors = {e["slot"]: (e["gold"], e["found"]) for e in result.slot_errors}
    assert errors == {"perpetrator": (["Northern Liberation Front"], ["Republican Army"]), "killed": (12, 15),
                      "country": ("Burkina Faso", "Mali"), "date_precision": ("day", "month"),
                      "date_exact": ("2020-05-10", "2020-05"), "type": ("attack", "ambush")}
    assert all(e["label"] == "the Kaya attack" and e["place"] == "Kaya" for e in result.slot_errors)
    assert all(s.correct == 0 and s.total == 1 for s in result.slots.values())


@pytest.mark.parametrize(("gold", "found", "correct"), [
    ({"killed": None}, {"killed": None}, True),
    ({"killed": 0}, {"killed": None}, False),
    ({"killed": 1}, {"killed": True}, False),
])
def test_killed_slot(gold: dict, found: dict, correct: bool) -> None:
    result = score_article(gold_doc([gold_event("Kaya", "2020", **gold)]), [found_event("Kaya", "2020", **found)], [])
    assert result.slots["killed"].correct == int(correct)


@pytest.mark.parametrize(("gold_date", "found_date", "found_precision", "precision_ok", "exact_ok"), [
    ("2020-05-10", "2020-05-10", None, True, True),
    ("2020-05-10", "2020-05-11", None, True, True),     # within the tolerance counts as exact
    ("2020-05-10", "2020-05", None, False, False),
    ("2020-05", "2020-05", "month", True, True),
    ("2020-05", "2020-05-10", None, False, False),
    ("2020", "2020", "day", False, True),               # the found date_precision field is what is judged
])
def test_date_slots(gold_date: str, found_date: str, found_precision: str | None, precision_ok: bool,
                    exact_ok: bool) -> None:
    gold = gold_doc([gold_event("Kaya", gold_date, date_tolerance_days=1)])
    found = found_event("Kaya", found_date)
    found["date_precision"] = found_precision or precision_of(found_date)
    result = score_article(gold, [found], [])
    assert result.events.matched == 1
    assert result.slots["date_precision"].correct == int(precision_ok)
    assert result.slots["date_exact"].correct == int(exact_ok)


def test_country_folding_and_iso_codes() -> None:
    gold = gold_doc([gold_event("Kaya", "2020", country="Burkina Faso")])
    for country, correct in [("burkina-faso", 1), ("BF", 1), ("Mali", 0), (None, 0)]:
        result = score_article(gold, [found_event("Kaya", "2020", country=country)], [])
        assert result.slots["country"].correct == correct, country


# --- relations --------------------------------------------------------------------------------------

REL_ACTORS = ACTORS + [{"name": "Eastern Jihad Council", "aliases": ["EJC"]}, {"name": "River Brigades", "aliases": []}]


def relations_score(gold_rel: list[dict], found_rel: list[dict], found_actors: list[dict] | None = None) -> Any:
    return score_article(gold_doc([], REL_ACTORS, gold_rel), [], found_rel, found_actors).relations


def test_symmetric_relations_match_either_direction() -> None:
    gold = [{"s": "Northern Liberation Front", "p": "fights", "o": "Republican Army"},
            {"s": "River Brigades", "p": "allied_with", "o": "Northern Liberation Front"}]
    found = [{"s": "Republican Army", "p": "fights", "o": "Northern Liberation Front"},
             {"s": "Northern Liberation Front", "p": "allied_with", "o": "River Brigades"}]
    assert relations_score(gold, found).f1 == 1.0


def test_directed_relations_do_not_match_reversed() -> None:
    gold = [{"s": "Northern Liberation Front", "p": "part_of", "o": "Eastern Jihad Council"}]
    result = score_article(gold_doc([], REL_ACTORS, gold), [], [{"s": "EJC", "p": "part_of", "o": "NLF"}])
    assert result.relations.matched == 0
    assert result.relation_misses == [{"s": "Northern Liberation Front", "p": "part_of", "o": "Eastern Jihad Council"}]
    assert result.relation_extras == [{"s": "EJC", "p": "part_of", "o": "NLF"}]


def test_relation_alias_normalisation() -> None:
    gold = [{"s": "Northern Liberation Front", "p": "part_of", "o": "Eastern Jihad Council", "since": "2019"}]
    assert relations_score(gold, [{"s": "NLF", "p": "part_of", "o": "eastern jihad council"}]).f1 == 1.0
    assert relations_score(gold, [{"s": "The Front", "p": "part_of", "o": "EJC", "s_aliases": ["NLF"]}]).f1 == 1.0
    assert relations_score(gold, [{"s": "The Front", "p": "part_of", "o": "EJC"}],
                           [{"name": "The Front", "aliases": ["Northern Liberation Front"]}]).f1 == 1.0
    assert relations_score(gold, [{"s": "The Front", "p": "part_of", "o": "EJC"}]).f1 == 0.0
    assert relations_score(gold, [{"s": "NLF", "p": "fights", "o": "EJC"}]).f1 == 0.0


def test_duplicate_relations_count_once() -> None:
    gold = [{"s": "Northern Liberation Front", "p": "fights", "o": "Republican Army"}]
    found = [{"s": "Northern Liberation Front", "p": "fights", "o": "Republican Army"},
             {"s": "Republican Army", "p": "fights", "o": "Northern Liberation Front"}]
    score = relations_score(gold, found)
    assert (score.gold, score.found, score.matched) == (1, 1, 1)
    found.append({"s": "NLF", "p": "fights", "o": "Republican Army"})  # another spelling: a second claim
    score = relations_score(gold, found)
    assert (score.gold, score.found, score.matched) == (1, 2, 1)


# --- reports ----------------------------------------------------------------------------------------

def test_misses_extras_and_reports() -> None:
    [gold] = load_gold(DATA)
    events, relations, actors = as_found(gold.gold)
    events[0]["killed"] = 99
    del events[1]                                              # miss the abduction
    events.append(found_event("Tillia", "2021-04-02", killed=3))  # an extra
    relations = relations[:2] + [{"s": "NLF", "p": "backs", "o": "River Brigades"}]
    corpus = score_corpus([score_article(gold.gold, events, relations, actors)])
    data = to_json(corpus)
    json.dumps(data)  # serialisable
    [article] = data["articles"]
    assert set(article) == {"article", "events", "slots", "relations", "misses", "extras", "slot_errors",
                            "relation_misses", "relation_extras"}
    assert article["article"] == "kelbeni-2021-04.md"
    assert article["events"] == {"gold": 2, "found": 2, "matched": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert set(article["slots"]) == set(SLOTS) and article["slots"]["killed"] == {"correct": 0, "total": 1,
                                                                                  "accuracy": 0.0}
    assert article["misses"] == [{"label": "Abduction of five traders near Doumara-Sud", "place": "Doumara-Sud",
                                  "date": "2021-03", "type": "abduction"}]
    assert article["extras"] == [{"index": 1, "place": "Tillia", "date": "2021-04-02", "type": "attack", "killed": 3}]
    assert article["slot_errors"][0] == {"label": "NLF attack on the army post at Kelbeni", "place": "Kelbéni",
                                              "slot": "killed", "gold": 12, "found": 99}
    assert article["relation_misses"] == [{"s": "Northern Liberation Front", "p": "allied_with", "o": "River Brigades"}]
    assert article["relation_extras"] == [{"s": "NLF", "p": "backs", "o": "River Brigades"}]
    assert data["total"]["events"]["matched"] == 1 and data["total"]["relations"]["f1"] == pytest.approx(2 / 3)
    report = format_report(corpus)
    for text in ("kelbeni-2021-04.md", "TOTAL", "perpetrator", "date_exact", "Abduction of five traders",
                 "Tillia", "gold=12 found=99", "missed relation: Northern Liberation Front allied_with",
                 "extra relation: NLF backs River Brigades"):
        assert text in report, text
    short = format_report(corpus, verbose=False)
    assert "TOTAL" in short and "Tillia" not in short


def test_corpus_totals_are_micro_averages() -> None:
    one = score_article(gold_doc([gold_event("Kaya", "2020")]), [found_event("Kaya", "2020")], [])
    gold = gold_doc([gold_event("Kaya", "2020"), gold_event("Segou", "2021"), gold_event("Gao", "2021")])
    three = score_article(gold, [found_event("Gao", "2021", killed=4)], [])
    corpus = score_corpus([one, three])
    assert (corpus.events.gold, corpus.events.found, corpus.events.matched) == (4, 2, 2)
    assert corpus.events.recall == 0.5 and corpus.events.precision == 1.0
    assert (corpus.slots["killed"].correct, corpus.slots["killed"].total) == (1, 2)


# --- loading ----------------------------------------------------------------------------------------

def test_load_gold_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gold(tmp_path)  # no gold file
    shutil.copy(DATA / "kelbeni-2021-04.md", tmp_path)
    good = json.loads((DATA / "kelbeni-2021-04.gold.json").read_text(encoding="utf-8"))
    target = tmp_path / "kelbeni-2021-04.gold.json"
    cases = {
        "{ not json": "malformed JSON",
        json.dumps({k: v for k, v in good.items() if k != "events"}): "'events'",
        json.dumps(good | {"events": [{k: v for k, v in good["events"][0].items() if k != "place"}]}): "'place'",
        json.dumps(good | {"events": [good["events"][0] | {"date": "2021-13-01"}]}): "bad date",
        json.dumps(good | {"events": [good["events"][0] | {"killed": "twelve"}]}): "'killed'",
        json.dumps(good | {"relations": [{"s": "A", "p": "fights"}]}): "relations[0]",
        json.dumps(good | {"events": ["an attack"]}): "events[0]",
        json.dumps(good | {"events": [good["events"][0] | {"date_tolerance_days": -1}]}): "date_tolerance_days",
        json.dumps(good | {"article": "elsewhere.md"}): "elsewhere.md",
    }
    for text, problem in cases.items():
        target.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            load_gold(tmp_path)
        assert "kelbeni-2021-04.gold.json" in str(err.value) and problem in str(err.value), str(err.value)
    target.write_text(json.dumps(good), encoding="utf-8")
    assert [g.name for g in load_gold(tmp_path)] == ["kelbeni-2021-04"]


# --- the shared development set ---------------------------------------------------------------------

@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="shared eval set not present (only in the development workspace)")
def test_shared_dev_gold_scores_perfectly_against_itself() -> None:
    golds = load_gold(SHARED_DEV)
    assert golds
    results = []
    for gold in golds:
        events, relations, actors = as_found(gold.gold)
        result = score_article(gold.gold, events[::-1], relations[::-1], actors)  # order must not matter
        assert_all_perfect(result)
        assert not (result.misses or result.extras or result.slot_errors), gold.name
        results.append(result)
    corpus = score_corpus(results)
    assert_all_perfect(corpus)
    assert corpus.events.matched == sum(len(g.gold["events"]) for g in golds)
    assert format_report(corpus)

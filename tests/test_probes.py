"""The probe battery: 250 short texts written for kg (one incident each, or one relation statement), scored
with the same scorer as ``kg eval``. A floor per measure guards general extraction against regressions;
the figures it printed when each floor was set are in tests/probes/README.md."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.evaluate import fold, score_article
from kg.evaluation import findings_json
from kg.extract import extract
from kg.read import read_bytes
from kg.reference import load_actors

BATTERY = Path(__file__).parent / "probes" / "battery.jsonl"


def _gold_actors(names: set[str]) -> list[dict]:
    """Annotators list each actor with the aliases its texts use; the reference data's aliases stand in."""
    by_form = {}
    for rec in load_actors().values():
        for n in (rec.name, *rec.aliases, *rec.ambiguous_aliases):
            by_form.setdefault(fold(n), rec)
    out = []
    for name in sorted(names):
        rec = by_form.get(fold(name))
        out.append({"name": name, "aliases": [rec.name, *rec.aliases] if rec else [], "kind": rec.kind if rec else "armed_group"})
    return out


@pytest.fixture(scope="module")
def scores():
    totals = {"gold": 0, "found": 0, "matched": 0, "rel_gold": 0, "rel_found": 0, "rel_matched": 0}
    slots: dict[str, list[int]] = {}
    for line in BATTERY.read_text(encoding="utf-8").splitlines():
        probe = json.loads(line)
        [article] = read_bytes(probe["text"].encode(), f"{probe['id']}.txt",
                               published=dt.date.fromisoformat(probe["published"]))
        events, relations, actors = findings_json(extract(article))
        x = probe["expect"]
        if "relations" in x:
            names = {n for s, _, o in x["relations"] for n in (s, o)}
            gold = {"events": [], "relations": [{"s": s, "p": p, "o": o} for s, p, o in x["relations"]]}
        else:
            names = set(x.get("perpetrators", [])) | set(x.get("targets", []))
            gold = {"events": [{**x, "label": probe["id"], "date_tolerance_days": 1}], "relations": []}
        gold["actors"] = _gold_actors(names)
        # an incident probe is scored on its events, a relation probe on its relations
        s = score_article(gold, events if "relations" not in x else [], relations if "relations" in x else [], actors)
        totals["gold"] += s.events.gold
        totals["found"] += s.events.found
        totals["matched"] += s.events.matched
        totals["rel_gold"] += s.relations.gold
        totals["rel_found"] += s.relations.found
        totals["rel_matched"] += s.relations.matched
        for k, slot in s.slots.items():
            acc = slots.setdefault(k, [0, 0])
            acc[0] += slot.correct
            acc[1] += slot.total
    return totals, slots


def _f1(gold: int, found: int, matched: int) -> float:
    p, r = matched / found if found else 0.0, matched / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def test_the_battery_holds_220_incidents_and_30_relation_statements():
    lines = [json.loads(x) for x in BATTERY.read_text(encoding="utf-8").splitlines()]
    assert sum("relations" not in x["expect"] for x in lines) == 220
    assert sum("relations" in x["expect"] for x in lines) == 30


def test_events_are_found(scores):
    totals, _ = scores
    assert _f1(totals["gold"], totals["found"], totals["matched"]) >= 0.93


@pytest.mark.parametrize("slot, floor", [("perpetrator", 0.85), ("killed", 0.82), ("date_exact", 0.97),
                                         ("type", 0.75)])
def test_slots_of_matched_events(scores, slot, floor):
    _, slots = scores
    correct, total = slots[slot]
    assert correct / total >= floor, f"{slot}: {correct}/{total}"


def test_relations_are_found(scores):
    totals, _ = scores
    assert _f1(totals["rel_gold"], totals["rel_found"], totals["rel_matched"]) >= 0.78

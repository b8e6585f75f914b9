"""``kg eval``: ingest a gold folder's articles into a temporary store and score each article's reports."""
from __future__ import annotations

from pathlib import Path

from kg.evaluate import CorpusScore, format_report, load_gold, score_article, score_corpus
from kg.model import Findings


def findings_json(findings: Findings) -> tuple[list[dict], list[dict], list[dict]]:
    """(events, relations, actors) of one article's findings, in the JSON shapes the scorer reads."""
    from kg.gazetteer import load_gazetteer
    from kg.reference import load_actors
    from kg.to_rdf import coded_figures

    actors = load_actors()
    gaz = load_gazetteer()
    new_places = {p.key: p for p in findings.new_places}

    new_actors = {a.key: a for a in findings.new_actors}

    def name(key: str) -> str:
        if key in actors:
            return actors[key].name
        return new_actors[key].name if key in new_actors else key

    def aliases(key: str) -> list[str]:
        rec = actors.get(key)
        return list(rec.aliases) if rec else []

    events = []
    for ev in findings.events:
        place = country = None
        place_aliases: list[str] = []
        if ev.place in new_places:
            p = new_places[ev.place]
            place, place_aliases = p.name, list(p.aliases)
            country = gaz.country_name(p.country) if p.country else None
            # a place the gazetteer lacks is located by its enclosing place ("the college in Buni
            # Yadi"); annotators and ACLED name the event by either
            enclosing = new_places.get(p.within) or (gaz.get(p.within) if p.within else None)
            if enclosing is not None and getattr(enclosing, "kind", "") != "country":
                place_aliases.append(enclosing.name)
        elif ev.place:
            rec = gaz.get(ev.place)
            place, place_aliases = rec.name, list(rec.aliases)
            country = gaz.country_name(rec.country) if rec.country else None
        figures = coded_figures(ev.claims, ev.perpetrators + [r.actor for r in ev.responsibility if r.status == "claimed"])
        events.append({
            "label": ev.label, "type": ev.type, "date": ev.date.iso if ev.date else None,
            "date_precision": ev.date.precision if ev.date else None, "place": place, "place_aliases": place_aliases,
            "country": country, "perpetrators": [name(p) for p in ev.perpetrators if p != "unidentified-armed-group"],
            "targets": [name(t) for t in ev.targets], "killed": figures.get("killed"),
            "wounded": figures.get("wounded"), "missing": figures.get("missing"), "role": ev.role,
            "claims": [{"property": c.property, "value": c.quantity.value, "by": c.claimant_label} for c in ev.claims],
        })
    relations = [{"s": name(r.s), "p": r.p, "o": name(r.o), "s_aliases": aliases(r.s), "o_aliases": aliases(r.o)}
                 for r in findings.relations]
    found_actors = [{"name": name(k), "aliases": aliases(k), "kind": actors[k].kind}
                    for k in sorted({m.ref for m in findings.mentions if m.kind == "actor" and m.ref in actors})]
    return events, relations, found_actors


def run_eval(gold_dir: Path, *, verbose: bool = True) -> tuple[CorpusScore, str]:
    from kg.extract import extract
    from kg.pipeline import ensure_reference, write_findings
    from kg.read import read_path
    from kg.store import open_store

    results = []
    with open_store("memory") as store:
        ensure_reference(store)
        for gold in load_gold(gold_dir):
            article = read_path(gold.article_path)[0]
            findings = extract(article)
            write_findings(store, findings)
            events, relations, actors = findings_json(findings)
            score = score_article(gold.gold, events, relations, actors)
            results.append(score)
    corpus = score_corpus(results)
    return corpus, format_report(corpus, verbose=verbose)

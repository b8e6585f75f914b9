"""Counts of what the store holds."""
from __future__ import annotations

from kg.store import Store
from kg.vocab import KG


def stats(store: Store) -> dict[str, int]:
    def count(cls) -> int:
        rows = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <%s> }" % cls)
        return int(rows[0]["n"].value) if rows else 0

    return {"articles": count(KG.Article), "event reports": count(KG.EventReport), "canonical events": count(KG.Event),
            "actors": count(KG.Actor), "places": count(KG.Place), "claims": count(KG.Claim),
            "relation statements": count(KG.RelationStatement), "named graphs": len(store.graphs()),
            "quads": store.count()}

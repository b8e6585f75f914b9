"""Terminal output: rich tables for people, CSV text for scripts."""
from __future__ import annotations

import csv
import io

from rich.console import Console
from rich.table import Table


def _console() -> Console:
    return Console(soft_wrap=False)


def _killed(ev: dict) -> str:
    k = ev.get("killed")
    text = "" if k is None else str(k)
    others = sorted({c["value"] for c in ev.get("claims", []) if c.get("property") == "killed"
                     and c.get("value") is not None and c["value"] != k})
    if others:
        text += " (" + ", ".join(f"{v}" for v in others) + " claimed)"
    return text


def print_events(evs: list[dict]) -> None:
    t = Table(title=f"{len(evs)} events", show_lines=False)
    for col in ("date", "type", "place", "country", "perpetrators", "killed", "sources"):
        t.add_column(col)
    for ev in evs:
        t.add_row(ev["date"] or "?", ev["type"], ev["place"] or "", ev["country"] or "",
                  ", ".join(ev["perpetrators"]) or "-", _killed(ev), str(len(ev["sources"]) and
                                                                        len({s["file"] for s in ev["sources"]})))
    _console().print(t)


def print_actor(history: dict) -> None:
    a = history["actor"]
    c = _console()
    head = f"[bold]{a.get('name')}[/bold] ({a.get('kind', '?')})"
    if a.get("aliases"):
        head += "  aka " + ", ".join(a["aliases"][:8])
    c.print(head)
    if a.get("parents"):
        c.print("part of: " + ", ".join(a["parents"]))
    t = Table(title=f"{len(history['events'])} events")
    for col in ("date", "type", "place", "country", "role", "killed (disputed)", "sources"):
        t.add_column(col)
    for ev in history["events"]:
        role = ev["actor_role"] + (f" via {', '.join(ev['via_subgroup'])}" if ev.get("via_subgroup") else "")
        t.add_row(ev["date"] or "?", ev["type"], ev["place"] or "", ev["country"] or "", role, _killed(ev),
                  str(len({s["file"] for s in ev["sources"]})))
    c.print(t)
    r = Table(title=f"{len(history['relations'])} relations")
    for col in ("subject", "relation", "object", "since", "until", "sources"):
        r.add_column(col)
    for rel in history["relations"]:
        r.add_row(rel["s"], rel["p"], rel["o"], rel.get("since") or "", rel.get("until") or "",
                  "reference data" if rel.get("reference") else ", ".join(sorted({s["file"] for s in rel["sources"]})))
    c.print(r)


def print_explain(ev: dict) -> None:
    c = _console()
    c.print(f"[bold]{ev['label']}[/bold]  {ev['id']}")
    c.print(f"{ev['type']} on {ev['date']} ({ev['date_precision']}) at {ev['place']}, {ev['country']}")
    c.print(f"fused from {len({s.get('report') for s in ev['sources']})} reports in "
            f"{len({s['file'] for s in ev['sources']})} articles: same place, dates within one day (or inside "
            f"a coarser report's period), compatible event types")
    for s in ev["sources"]:
        c.print(f"  - {s['file']} ({s.get('published') or 'undated'}): {s.get('sentence') or ''}")
    for cl in ev["claims"]:
        c.print(f"  claim: {cl['property']} {cl.get('qualifier') or ''} {cl['value']} by {cl.get('by') or 'unattributed'} ({cl['source']})")


def events_csv_text(evs: list[dict]) -> str:
    buf = io.StringIO()
    cols = ["id", "date", "date_precision", "type", "acled_event_type", "place", "country", "lat", "lon",
            "perpetrators", "targets", "responsibility", "killed", "wounded", "missing", "abducted", "claimed_by",
            "tactics", "disputed", "sources"]
    w = csv.writer(buf)
    w.writerow(cols)
    for ev in evs:
        row = []
        for c in cols:
            v = ev.get(c)
            if c == "sources":
                v = "; ".join(sorted({s["file"] for s in ev["sources"]}))
            elif isinstance(v, list):
                v = "; ".join(v)
            row.append("" if v is None else v)
        w.writerow(row)
    return buf.getvalue()


def print_stats(s: dict) -> None:
    t = Table(title="kg store")
    t.add_column("what")
    t.add_column("count", justify="right")
    for k, v in s.items():
        t.add_row(k, str(v))
    _console().print(t)


def print_network_stats(st: dict) -> None:
    c = _console()
    c.print(f"{st['actors']} actors ({st['linked_actors']} linked), {st['relations']} relations, "
            f"{st['attacks']} perpetrator-target links from events")
    for key, title, cols in (("degree", "degree centrality", ("degree", "neighbours")),
                             ("betweenness", "betweenness centrality", ("betweenness",)),
                             ("by_events", "most active perpetrators (events)", ("events",)),
                             ("by_killed", "most active perpetrators (coded killed)", ("killed",))):
        t = Table(title=title)
        t.add_column("actor")
        t.add_column("kind")
        for col in cols:
            t.add_column(col, justify="right")
        for row in st[key]:
            t.add_row(row["name"], row["kind"], *(f"{row[col]:.3f}" if isinstance(row[col], float) else str(row[col])
                                                  for col in cols))
        c.print(t)
    t = Table(title=f"communities ({st['community_method']})")
    t.add_column("size", justify="right")
    t.add_column("members (most linked first)")
    for com in st["communities"]:
        more = f" … and {com['size'] - 12} more" if com["size"] > 12 else ""
        t.add_row(str(com["size"]), ", ".join(com["members"][:12]) + more)
    c.print(t)


def _link_text(link: dict) -> str:
    if link["kind"] == "event":
        killed = f", {link['killed']} killed" if link.get("killed") is not None else ""
        what = link.get("label") or link["event"]
        return f"{link['subject']} attacked {link['object']}: {what} ({link.get('date') or '?'}{killed})"
    dates = "".join(f" {k} {link[k]}" for k in ("since", "until") if link.get(k))
    return f"{link['subject']} {link['predicate'].replace('_', ' ')} {link['object']}{dates}"


def _sources_text(link: dict) -> str:
    if link.get("reference"):
        return "reference data"
    return ", ".join(s.get("file") or s.get("reference") or "?" for s in link.get("sources", []))


def print_path(hops: list[dict]) -> None:
    if not hops:
        _console().print("the two names are the same actor")
        return
    chain = " → ".join([hops[0]["from"]] + [h["to"] for h in hops])
    t = Table(title=f"{len(hops)} hop{'s' if len(hops) > 1 else ''}: {chain}")
    for col in ("from", "to", "link", "sources"):
        t.add_column(col)
    for h in hops:
        for i, link in enumerate(h["links"]):
            t.add_row(h["from"] if i == 0 else "", h["to"] if i == 0 else "", _link_text(link), _sources_text(link))
    _console().print(t)

"""One offline page per actor: who it is, when it was active, whom it is linked to, where and what.

``write_actor_page(actor, events, relations, path)`` writes ``actor-<slug>.html`` content:

* a header with the name, aliases, kind, parents, Wikidata link and headline figures;
* a monthly timeline (events and people killed per month, two bar panels) as inline SVG;
* the ego network as inline SVG: relations (coloured by predicate, dashed when from reference
  data) and event links (who it attacked / was attacked by), neighbours linked to their pages;
* a small map of its events (``kg.export.mapview``);
* its relations with dates and sources, and every event with its figures, every claim (value,
  qualifier, claimant, source file) and every source sentence.

All text is HTML-escaped; links go only to other kg pages, to http(s) source URLs and to Wikidata.
"""
from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

from ._html import (FALLBACK_COLOR, KIND_COLORS, KIND_LABELS, PREDICATE_COLORS, actor_page_name,
                    as_list, esc, fmt_int, humanize, join, page)
from .mapview import MAP_CSS, MAP_JS, map_legend, render_map_svg
from .geo import event_coordinates

__all__ = ["write_actor_page", "write_actor_pages", "actor_page_name", "timeline_svg", "ego_svg"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ROLE_FIELDS = (("perpetrators", "perpetrator"), ("targets", "target"), ("claimed_by", "claimed"))


def _safe_url(url: Any) -> str | None:
    """Only http(s) URLs become links (no javascript:, data:, file:)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _names(actor: dict) -> set[str]:
    return {n.casefold() for n in [actor.get("name") or ""] + as_list(actor.get("aliases")) if n}


def _roles(ev: dict, names: set[str]) -> list[str]:
    return [role for field, role in ROLE_FIELDS
            if any(str(n).casefold() in names for n in as_list(ev.get(field)))]


def _month_key(ev: dict) -> tuple[int, int] | None:
    d = str(ev.get("date") or "")
    if len(d) >= 7 and d[:4].isdigit() and d[5:7].isdigit() and (ev.get("date_precision") or "day") != "year":
        return int(d[:4]), int(d[5:7])
    return None


def _killed(ev: dict) -> int:
    k = ev.get("killed")
    return int(k) if isinstance(k, (int, float)) and not isinstance(k, bool) and k > 0 else 0


# ---------------------------------------------------------------------------------------------
# timeline

def timeline_svg(events: list[dict], *, width: int = 640) -> str:
    """Two bar panels (events per month, people killed per month) sharing a time axis."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    deaths: dict[tuple[int, int], int] = defaultdict(int)
    undated = 0
    for ev in events:
        key = _month_key(ev)
        if key is None:
            undated += 1
            continue
        counts[key] += 1
        deaths[key] += _killed(ev)
    if not counts:
        return '<p class="muted">No event is dated to the month or day.</p>'
    first, last = min(counts), max(counts)
    idx0 = first[0] * 12 + first[1] - 1
    idx1 = last[0] * 12 + last[1] - 1
    if idx1 - idx0 < 11:  # show at least a year
        pad = (11 - (idx1 - idx0)) // 2
        idx0 -= pad
        idx1 = idx0 + 11
    months = [(i // 12, i % 12 + 1) for i in range(idx0, idx1 + 1)]
    n = len(months)
    left, right, top, panel_h, gap, axis_h = 46, 12, 8, 92, 26, 22
    plot_w = width - left - right
    bw = plot_w / n
    height = top + panel_h * 2 + gap + axis_h + 4
    parts: list[str] = []
    panels = [("events", counts, "#3b6ea5", top), ("killed", deaths, "#c0392b", top + panel_h + gap)]
    for label, series, colour, y0 in panels:
        vmax = max(series.values()) if series else 0
        vmax = max(vmax, 1)
        parts.append(f'<text class="pl" x="{left + 4}" y="{y0 + 8}">{esc(label)} per month</text>')
        parts.append(f'<line class="ax" x1="{left}" y1="{y0 + panel_h}" x2="{left + plot_w}" y2="{y0 + panel_h}"/>')
        parts.append(f'<text class="yt" x="{left - 5}" y="{y0 + 16}">{fmt_int(vmax)}</text>'
                     f'<text class="yt" x="{left - 5}" y="{y0 + panel_h}">0</text>')
        for i, m in enumerate(months):
            v = series.get(m, 0)
            if not v:
                continue
            h = max(1.5, (panel_h - 14) * v / vmax)
            x = left + i * bw
            tip = (f"{MONTHS[m[1] - 1]} {m[0]}: {counts.get(m, 0)} event{'s' if counts.get(m, 0) != 1 else ''}, "
                   f"{deaths.get(m, 0):,} killed")
            parts.append(f'<rect x="{x + bw * 0.1:.2f}" y="{y0 + panel_h - h:.2f}" width="{max(bw * 0.8, 1):.2f}" '
                         f'height="{h:.2f}" fill="{colour}"><title>{esc(tip)}</title></rect>')
    # x axis: years (or months when the span is short)
    axis_y = top + 2 * panel_h + gap
    step = 1 if n <= 24 else (12 if n <= 12 * 16 else 60)
    for i, (y, m) in enumerate(months):
        show = (m - 1) % 3 == 0 if step == 1 else (m == 1 and (y % (step // 12) == 0))
        if not show:
            continue
        x = left + i * bw
        text = f"{MONTHS[m - 1][:3]} {y}" if step == 1 else str(y)
        parts.append(f'<line class="tk" x1="{x:.2f}" y1="{top}" x2="{x:.2f}" y2="{axis_y + 4}"/>'
                     f'<text class="xt" x="{x + 2:.2f}" y="{axis_y + 16}">{esc(text)}</text>')
    note = (f'<p class="small muted">{undated} event{"s" if undated != 1 else ""} dated only to the year '
            "or undated are not in the chart.</p>") if undated else ""
    return (f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="events and people killed per month">{"".join(parts)}</svg>{note}')


# ---------------------------------------------------------------------------------------------
# ego network

def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, the last one cut with an ellipsis."""
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    lines = [ln if len(ln) <= width + 4 else ln[:width + 2] + "…" for ln in lines] or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:width] + "…"
    return lines

def ego_svg(name: str, relations: list[dict], events: list[dict], *, kinds: dict[str, str],
            linked: set[str], names: set[str] | None = None, width: int = 660, height: int = 430,
            max_neighbours: int = 24) -> str:
    """Radial SVG of the actor's relations and event links, neighbours linked to their pages."""
    names = names or {name.casefold()}
    links: dict[str, list[dict]] = defaultdict(list)   # neighbour -> list of link descriptions
    for r in relations:
        s, o = r.get("s") or "", r.get("o") or ""
        if s.casefold() in names and o.casefold() not in names:
            links[o].append({"p": r.get("p"), "out": True, "r": r})
        elif o.casefold() in names and s.casefold() not in names:
            links[s].append({"p": r.get("p"), "out": False, "r": r})
    attacked: dict[str, int] = defaultdict(int)
    attacked_by: dict[str, int] = defaultdict(int)
    for ev in events:
        roles = _roles(ev, names)
        if "perpetrator" in roles:
            for t in as_list(ev.get("targets")):
                if t.casefold() not in names:
                    attacked[t] += 1
        if "target" in roles:
            for p in as_list(ev.get("perpetrators")):
                if p.casefold() not in names:
                    attacked_by[p] += 1
    for t, c in attacked.items():
        links[t].append({"p": "attacked", "out": True, "count": c})
    for p, c in attacked_by.items():
        links[p].append({"p": "attacked by", "out": False, "count": c})
    if not links:
        return '<p class="muted">No relation or event links to other actors.</p>'
    ranked = sorted(links, key=lambda n: (-sum(1 for lk in links[n] if "r" in lk),
                                          -sum(lk.get("count", 0) for lk in links[n]), n.casefold()))
    shown = ranked[:max_neighbours]
    hidden = len(ranked) - len(shown)
    # order around the circle by first predicate so that similar links sit together
    shown.sort(key=lambda n: (links[n][0]["p"] or "", n.casefold()))
    cx, cy = width / 2, height / 2
    rx, ry = min(width / 2 - 150, 300), height / 2 - 48
    parts = ['<defs>'] + [
        f'<marker id="ah-{i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{c}"/></marker>'
        for i, c in enumerate(list(PREDICATE_COLORS.values()) + ["#777777"])] + ['</defs>']
    marker_index = {p: i for i, p in enumerate(PREDICATE_COLORS)}
    node_r = 9
    labels: list[str] = []
    for k, other in enumerate(shown):
        a = -math.pi / 2 + 2 * math.pi * k / len(shown)
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        first = links[other][0]
        colour = PREDICATE_COLORS.get(first["p"], "#777777")
        mi = marker_index.get(first["p"], len(PREDICATE_COLORS))
        dashed = all(lk.get("r", {}).get("reference") for lk in links[other] if "r" in lk) and any("r" in lk for lk in links[other])
        event_only = all("count" in lk for lk in links[other])
        # shorten the line so that arrows stop at the node
        dx, dy = x - cx, y - cy
        dist = math.hypot(dx, dy) or 1
        ux, uy = dx / dist, dy / dist
        x0, y0, x1, y1 = cx + ux * (node_r + 13), cy + uy * (node_r + 13), x - ux * (node_r + 2), y - uy * (node_r + 2)
        if first["out"]:
            marker = f'marker-end="url(#ah-{mi})"'
        else:
            marker = f'marker-start="url(#ah-{mi})"'
        tip_lines = []
        for lk in links[other]:
            if "r" in lk:
                r = lk["r"]
                arrow = f"{name} — {humanize(lk['p'])} → {other}" if lk["out"] else f"{other} — {humanize(lk['p'])} → {name}"
                dates = join([f"since {r['since']}" if r.get("since") else None,
                              f"until {r['until']}" if r.get("until") else None], " ")
                src = "reference data" if r.get("reference") else join([s.get("file") for s in r.get("sources") or []], ", ")
                tip_lines.append(join([arrow, dates, f"source: {src}" if src else None], " · "))
            else:
                tip_lines.append(f"{name} attacked {other} in {lk['count']} event{'s' if lk['count'] != 1 else ''}"
                                 if lk["out"] else
                                 f"{other} attacked {name} in {lk['count']} event{'s' if lk['count'] != 1 else ''}")
        style = ' stroke-dasharray="6 4"' if dashed else (' stroke-dasharray="2 3"' if event_only else "")
        parts.append(f'<g class="eg"><title>{esc(chr(10).join(tip_lines))}</title>'
                     f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
                     f'stroke-width="2"{style} {marker}/>')
        label = "; ".join(dict.fromkeys(
            humanize(lk["p"]) + (f" ×{lk['count']}" if lk.get("count", 1) > 1 else "") for lk in links[other]))
        mx, my = x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0)
        parts.append(f'<text class="el" x="{mx:.1f}" y="{my:.1f}">{esc(label)}</text></g>')
        kcol = KIND_COLORS.get(kinds.get(other, "unknown"), FALLBACK_COLOR)
        anchor = "start" if math.cos(a) > 0.2 else ("end" if math.cos(a) < -0.2 else "middle")
        lx = x + (node_r + 5) * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (node_r + 14 if math.sin(a) > 0 else -node_r - 6))
        lines = _wrap(other, 22)
        if anchor == "middle" and math.sin(a) < 0:
            ly -= 14 * (len(lines) - 1)
        elif anchor != "middle":
            ly -= 7 * (len(lines) - 1)
        tspans = "".join(f'<tspan x="{lx:.1f}" dy="{0 if i == 0 else 14}">{esc(t)}</tspan>'
                         for i, t in enumerate(lines))
        node = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" fill="{kcol}" stroke="#333"/>'
                f'<text class="nl" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{tspans}</text>')
        title = f"<title>{esc(other)} ({esc(KIND_LABELS.get(kinds.get(other, 'unknown'), 'actor'))})</title>"
        if other in linked:
            labels.append(f'<a href="{esc(actor_page_name(other))}">{title}{node}</a>')
        else:
            labels.append(f"<g>{title}{node}</g>")
    kc = KIND_COLORS.get(kinds.get(name, "unknown"), FALLBACK_COLOR)
    centre_lines = _wrap(name, 30)
    parts += labels
    parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{node_r + 9}" fill="{kc}" stroke="#000" stroke-width="2"/>'
                 f'<text class="cn" x="{cx:.1f}" y="{cy + node_r + 26:.1f}" text-anchor="middle">'
                 + "".join(f'<tspan x="{cx:.1f}" dy="{0 if i == 0 else 16}">{esc(t)}</tspan>' for i, t in enumerate(centre_lines))
                 + "</text>")
    more = (f'<p class="small muted">{hidden} more linked actor{"s" if hidden != 1 else ""} not drawn; '
            "see the tables below.</p>") if hidden else ""
    return (f'<svg class="ego" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="{esc(f"Actors linked to {name}")}">{"".join(parts)}</svg>{more}')


# ---------------------------------------------------------------------------------------------
# tables

def _source_item(s: dict) -> str:
    head = esc(s.get("file") or "source")
    url = _safe_url(s.get("url"))
    if url:
        head = f'<a href="{esc(url)}" rel="noopener noreferrer">{head}</a>'
    meta = join([s.get("outlet"), s.get("published")], ", ")
    title = s.get("title")
    out = head + (f" <span class=\"muted\">({esc(meta)})</span>" if meta else "")
    if title:
        out += f"<br><i>{esc(title)}</i>"
    if s.get("sentence"):
        out += f'<blockquote>“{esc(s["sentence"])}”</blockquote>'
    return f"<li>{out}</li>"


def _claim_item(c: dict) -> str:
    if c.get("value") is not None:
        value = fmt_int(c.get("value"))
    elif c.get("low") is not None or c.get("high") is not None:
        value = f"{fmt_int(c.get('low'))}–{fmt_int(c.get('high'))}"
    else:
        value = "?"
    text = f"<b>{esc(humanize(c.get('property')))}</b>: {esc(join([c.get('qualifier'), value], ' '))}"
    text += f" — {esc(c['by'])}" if c.get("by") else ' — <span class="muted">no claimant named</span>'
    if c.get("source"):
        text += f' <span class="muted">[{esc(c["source"])}]</span>'
    return f"<li>{text}</li>"


def _actor_links(names_: Iterable[str], linked: set[str]) -> str:
    out = []
    for n in names_:
        if n in linked:
            out.append(f'<a href="{esc(actor_page_name(n))}">{esc(n)}</a>')
        else:
            out.append(esc(n))
    return ", ".join(out)


def _events_table(events: list[dict], names: set[str], linked: set[str]) -> str:
    if not events:
        return '<p class="muted">No events.</p>'
    rows = []
    for ev in events:
        roles = _roles(ev, names)
        shown = []
        if "perpetrator" in roles:
            shown.append("perpetrator" + (f" ({ev['responsibility']})" if ev.get("responsibility") else ""))
        if "target" in roles:
            shown.append("target")
        if "claimed" in roles and "perpetrator" not in roles:
            shown.append("claimed responsibility")
        role = ", ".join(shown)
        date = esc(ev.get("date") or "undated")
        if ev.get("date_precision") and ev["date_precision"] != "day":
            date += f'<br><span class="muted small">{esc(ev["date_precision"])}</span>'
        what = [f"<b>{esc(ev.get('label') or 'Event')}</b>",
                esc(join([humanize(ev.get("type")), join([ev.get("acled_event_type"), ev.get("acled_sub_event_type")], " / ")], " · "))]
        if ev.get("perpetrators"):
            what.append("by " + _actor_links(as_list(ev["perpetrators"]), linked))
        if ev.get("targets"):
            what.append("against " + _actor_links(as_list(ev["targets"]), linked))
        if ev.get("claimed_by"):
            what.append("claimed by " + _actor_links(as_list(ev["claimed_by"]), linked))
        if ev.get("tactics"):
            what.append("tactics: " + esc(join(as_list(ev["tactics"]), ", ")))
        if ev.get("disputed"):
            what.append('<span class="tag">figures disputed</span>')
        where = esc(join([ev.get("place"), ev.get("admin1"), ev.get("country")], ", ")) or '<span class="muted">unknown</span>'
        if event_coordinates(ev) is None:
            where += '<br><span class="muted small">no coordinates</span>'
        figs = "".join(f"<div>{esc(k)}: <b>{fmt_int(ev.get(k))}</b></div>"
                       for k in ("killed", "wounded", "missing", "abducted") if ev.get(k) is not None) \
            or '<span class="muted">none coded</span>'
        claims = ev.get("claims") or []
        claims_html = ("<ul>" + "".join(_claim_item(c) for c in claims) + "</ul>") if claims else '<span class="muted">none</span>'
        sources = ev.get("sources") or []
        sources_html = ("<ul>" + "".join(_source_item(s) for s in sources) + "</ul>") if sources else '<span class="muted">none</span>'
        rows.append(f"<tr><td class=\"nowrap\">{date}</td><td>{'<br>'.join(what)}</td><td>{where}</td>"
                    f"<td>{esc(role)}</td><td>{figs}</td><td>{claims_html}</td><td>{sources_html}</td></tr>")
    return ('<table class="events"><thead><tr><th>Date</th><th>Event</th><th>Place</th><th>Role</th>'
            "<th>Figures (coded)</th><th>Claims</th><th>Sources</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _relations_table(name: str, relations: list[dict], names: set[str], linked: set[str]) -> str:
    if not relations:
        return '<p class="muted">No relations.</p>'
    rows = []
    for r in relations:
        s, o = r.get("s") or "", r.get("o") or ""
        colour = PREDICATE_COLORS.get(r.get("p") or "", FALLBACK_COLOR)
        rel = f'<span class="line" style="border-color:{esc(colour)}"></span>{esc(humanize(r.get("p")))}'
        if s.casefold() in names:
            statement = f"{esc(name)} {rel} {_actor_links([o], linked)}"
        else:
            statement = f"{_actor_links([s], linked)} {rel} {esc(name)}"
        if r.get("reference"):
            src = '<span class="muted">kg reference data</span>'
        elif r.get("sources"):
            src = "<ul>" + "".join(_source_item(x) for x in r["sources"]) + "</ul>"
        else:
            src = '<span class="muted">none</span>'
        rows.append(f"<tr><td>{statement}</td><td>{esc(r.get('since') or '')}</td>"
                    f"<td>{esc(r.get('until') or '')}</td><td>{src}</td></tr>")
    return ('<table class="relations"><thead><tr><th>Relation</th><th>Since</th><th>Until</th>'
            "<th>Sources</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


ACTOR_CSS = """
body{padding:14px 22px;max-width:1500px;margin:0 auto}
nav{font-size:.9em;margin-bottom:.4em}
.kind{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.8em;vertical-align:.2em;margin-left:.4em}
.facts{display:flex;flex-wrap:wrap;gap:6px 26px;margin:.4em 0 .8em}
.facts div b{display:block;font-size:1.3em}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
@media (max-width:1100px){.grid{grid-template-columns:1fr}}
.card{background:#fff;border:1px solid #e1e1e1;border-radius:5px;padding:8px 12px}
.card h2{margin-top:.2em}
svg.timeline text,svg.ego text{font-family:system-ui,sans-serif}
svg.timeline .pl{font-size:12px;fill:#333;font-weight:600}
svg.timeline .yt{font-size:10px;fill:#666;text-anchor:end}
svg.timeline .xt{font-size:10px;fill:#555}
svg.timeline .ax{stroke:#999}
svg.timeline .tk{stroke:#e6e6e6}
svg.ego .nl{font-size:12px;fill:#222}
svg.ego .cn{font-size:14px;font-weight:700;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:4px}
svg.ego .el{font-size:10px;fill:#444;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg.ego a text{fill:#0b5cad;text-decoration:underline}
svg.ego g.eg:hover line{stroke-width:4}
table.events,table.relations{width:100%;background:#fff;font-size:.88em}
table.events ul,table.relations ul{margin:0;padding-left:1.1em}
table.events li,table.relations li{margin:.15em 0}
blockquote{margin:.2em 0 .3em .2em;padding-left:.5em;border-left:3px solid #ddd;color:#444}
.nowrap{white-space:nowrap}
.tag{display:inline-block;background:#fde8e8;color:#a33;border-radius:3px;padding:0 5px;font-size:.85em}
.map-row{display:flex;gap:12px}
.map-row .kg-map{flex:1}
.map-row .map-side{width:190px;min-width:190px;font-size:.9em}
"""


def write_actor_page(actor: dict, events: list, relations: list, path: str | Path, *,
                     network_html_name: str | None = None, actors: list[dict] | None = None,
                     linked_actors: Iterable[str] | None = None) -> Path:
    """Write the actor's page.

    ``events``/``relations`` may be all of them: only those naming the actor (by name or
    alias) are used. ``actors`` (all actors) gives neighbours' kinds; ``linked_actors`` names
    the actors whose pages may be linked — by default those whose ``actor-<slug>.html`` already
    exists next to ``path``. ``network_html_name`` adds a link to the network page, centred on
    this actor.
    """
    path = Path(path)
    name = actor.get("name") or "Unnamed actor"
    names = _names(actor)
    evs = [ev for ev in events if _roles(ev, names)]
    evs.sort(key=lambda ev: (str(ev.get("date") or "9999"), str(ev.get("label") or "")))
    rels = [r for r in relations
            if (r.get("s") or "").casefold() in names or (r.get("o") or "").casefold() in names]
    kinds = {a.get("name"): a.get("kind") or "unknown" for a in actors or []}
    kinds.setdefault(name, actor.get("kind") or "unknown")
    if linked_actors is None:
        candidates = {n for r in rels for n in (r.get("s"), r.get("o")) if n}
        candidates |= {n for ev in evs for f, _r in ROLE_FIELDS for n in as_list(ev.get(f))}
        candidates |= set(as_list(actor.get("parents")))
        linked = {n for n in candidates if (path.parent / actor_page_name(n)).exists()}
    else:
        linked = set(linked_actors)
    linked.discard(name)

    kind = actor.get("kind") or "unknown"
    kcol = KIND_COLORS.get(kind, FALLBACK_COLOR)
    perp = [ev for ev in evs if "perpetrator" in _roles(ev, names)]
    killed_by = sum(_killed(ev) for ev in perp)
    dates = sorted(str(ev["date"]) for ev in evs if ev.get("date"))
    countries = sorted({ev.get("country") for ev in evs if ev.get("country")})

    head = []
    nav = []
    if network_html_name:
        nav.append(f'<a href="{esc(network_html_name)}#actor={esc(quote(name, safe=""))}">← Network, centred on this actor</a>')
    if nav:
        head.append(f"<nav>{' · '.join(nav)}</nav>")
    head.append(f'<h1>{esc(name)}<span class="kind" style="background:{esc(kcol)}">'
                f"{esc(KIND_LABELS.get(kind, humanize(kind)))}</span></h1>")
    meta = []
    if actor.get("aliases"):
        meta.append(f"<div>Also known as: {esc(join(as_list(actor['aliases']), ', '))}</div>")
    if actor.get("parents"):
        meta.append(f"<div>Part of: {_actor_links(as_list(actor['parents']), linked)}</div>")
    wd = actor.get("wikidata")
    if isinstance(wd, str) and wd[:1] == "Q" and wd[1:].isdigit():
        meta.append(f'<div>Wikidata: <a href="https://www.wikidata.org/wiki/{esc(wd)}" rel="noopener noreferrer">{esc(wd)}</a></div>')
    if actor.get("id"):
        meta.append(f'<div class="small muted">IRI: {esc(actor["id"])}</div>')
    head.append("".join(meta))
    facts = [("events", fmt_int(actor.get("events") if actor.get("events") is not None else len(evs))),
             ("killed in its attacks", fmt_int(actor.get("killed") if actor.get("killed") is not None else killed_by)),
             ("events on this page", fmt_int(len(evs))),
             ("relations", fmt_int(len(rels))),
             ("active", esc(f"{dates[0]} – {dates[-1]}") if dates else "–"),
             ("countries", esc(", ".join(countries)) if countries else "–")]
    head.append('<div class="facts">' + "".join(f"<div><b>{v}</b>{esc(k)}</div>" for k, v in facts) + "</div>")

    body = ["\n".join(head),
            '<div class="grid">',
            f'<section class="card"><h2>Timeline</h2>{timeline_svg(evs)}</section>',
            f'<section class="card"><h2>Links to other actors</h2>'
            f'{ego_svg(name, rels, evs, kinds=kinds, linked=linked, names=names)}'
            '<p class="small muted">Solid: relation reported in an article · long dashes: kg reference data · '
            "dots: attacks in events. Arrows point from subject to object; hover a line for dates and sources.</p></section>",
            "</div>",
            '<section class="card" style="margin-top:18px"><h2>Where</h2>'
            + ('<div class="map-row">' + render_map_svg(evs, uid="actormap", height=400, clip=True)
               + f'<div class="map-side">{map_legend(evs)}</div></div>'
               if any(event_coordinates(ev) for ev in evs) else '<p class="muted">No event with coordinates.</p>')
            + "</section>",
            f"<h2>Relations ({len(rels)})</h2>", _relations_table(name, rels, names, linked),
            f"<h2>Events ({len(evs)})</h2>", _events_table(evs, names, linked)]
    path.write_text(page(f"{name} — kg actor page", "\n".join(body), css=MAP_CSS + ACTOR_CSS,
                         scripts=[MAP_JS]), encoding="utf-8")
    return path


def write_actor_pages(events: list[dict], actors: list[dict], relations: list[dict],
                      out_dir: str | Path, *, network_html_name: str | None = None) -> list[Path]:
    """Write ``actor-<slug>.html`` for every actor into ``out_dir``, all linked to each other."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    all_names = {a.get("name") for a in actors if a.get("name")}
    written = []
    for a in actors:
        if not a.get("name"):
            continue
        written.append(write_actor_page(a, events, relations, out / actor_page_name(a["name"]),
                                        network_html_name=network_html_name, actors=actors,
                                        linked_actors=all_names))
    return written

"""Offline event maps: inline SVG over Natural Earth country outlines, with pan and zoom.

No tile server, no CDN, no map library: countries come from ``kg/data/world/ne_110m_admin0.geojson``
(Natural Earth 1:110m, public domain) and are drawn as SVG paths in a Web-Mercator projection;
events are circles whose area is proportional to the coded fatalities (radius = 3 px +
1.5 px * sqrt(killed), so circles compare across pages), coloured by event type. Events with no
fatality figure get a small hollow circle. A small inline script adds wheel/drag/button zoom and
pan, a text-only tooltip, and toggles for event types in the legend.

``render_map_svg`` returns an HTML fragment (reused by the actor pages), ``write_map_html`` a
whole page.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._html import (EVENT_TYPE_COLORS, FALLBACK_COLOR, data_block, esc, fmt_int, humanize, join,
                    page)
from .geo import event_coordinates

__all__ = ["write_map_html", "render_map_svg", "project", "MAP_CSS", "MAP_JS", "event_tooltip",
           "map_legend"]

WORLD_W = 3600.0          # projected width of the world in SVG units (0.1 degree of longitude)
LAT_MAX = 85.0
WORLD_FILE = Path(__file__).resolve().parent.parent / "data" / "world" / "ne_110m_admin0.geojson"
COUNTRY_ALIASES = {       # common names -> Natural Earth 1:110m names
    "central african republic": "central african rep.",
    "democratic republic of the congo": "dem. rep. congo",
    "dr congo": "dem. rep. congo", "drc": "dem. rep. congo",
    "republic of the congo": "congo", "congo-brazzaville": "congo",
    "south sudan": "s. sudan", "western sahara": "w. sahara",
    "ivory coast": "côte d'ivoire", "cote d'ivoire": "côte d'ivoire",
    "equatorial guinea": "eq. guinea", "eswatini": "eswatini", "swaziland": "eswatini",
    "bosnia and herzegovina": "bosnia and herz.", "dominican republic": "dominican rep.",
    "united states": "united states of america", "usa": "united states of america",
    "solomon islands": "solomon is.", "the gambia": "gambia", "czech republic": "czechia",
}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Web-Mercator in SVG units: x in [0, 3600], y grows southwards (equator at y = 1800)."""
    x = (lon + 180.0) * WORLD_W / 360.0
    phi = math.radians(max(-LAT_MAX, min(LAT_MAX, lat)))
    y = WORLD_W / (2 * math.pi) * (math.pi - math.log(math.tan(math.pi / 4 + phi / 2)))
    return x, y


def _num(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


@lru_cache(maxsize=1)
def _world() -> tuple[dict, ...]:
    """Countries as (name, iso_a3, path data, projected bbox), Antarctica left out."""
    src = WORLD_FILE
    fc = json.loads(src.read_text(encoding="utf-8"))
    out = []
    for f in fc["features"]:
        props = f.get("properties") or {}
        if props.get("continent") == "Antarctica":
            continue
        parts: list[str] = []
        xs: list[float] = []
        ys: list[float] = []
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                pts = [project(lon, lat) for lon, lat in ring]
                pts = [(round(x, 1), round(y, 1)) for x, y in pts]
                xs += [p[0] for p in pts]
                ys += [p[1] for p in pts]
                seg = [f"M{_num(pts[0][0])},{_num(pts[0][1])}l"]
                for (x0, y0), (x1, y1) in zip(pts, pts[1:-1], strict=False):
                    seg.append(f"{_num(x1 - x0)},{_num(y1 - y0)} ")
                parts.append("".join(seg).rstrip() + "z")
        out.append({"name": props.get("name") or "", "iso": props.get("iso_a3") or "",
                    "d": "".join(parts), "bbox": (min(xs), min(ys), max(xs), max(ys)),
                    "label_at": _label_point(f["geometry"]["coordinates"])})
    return tuple(out)


def _label_point(polygons: list) -> tuple[float, float, float]:
    """Centroid of the largest outer ring (projected) and that ring's area, for a label."""
    best = (0.0, 0.0, -1.0)
    for poly in polygons:
        ring = [project(lon, lat) for lon, lat in poly[0]]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if a and abs(a) / 2 > best[2]:
            best = (cx / (3 * a), cy / (3 * a), abs(a) / 2)
    return best


def _country_key(name: str | None) -> str:
    key = (name or "").strip().casefold()
    return COUNTRY_ALIASES.get(key, key)


def _radius(killed: Any) -> float:
    if not isinstance(killed, (int, float)) or isinstance(killed, bool) or killed <= 0:
        return 3.0
    return min(40.0, 3.0 + 1.5 * math.sqrt(killed))


def event_tooltip(ev: dict) -> str:
    """Plain-text description of an event for tooltips (never HTML)."""
    date = ev.get("date") or "date unknown"
    if ev.get("date_precision") and ev.get("date_precision") != "day":
        date += f" ({ev['date_precision']})"
    lines = [str(ev.get("label") or "Event"),
             f"{date} · {humanize(ev.get('type')) or 'event'}"
             + (f" · ACLED: {join([ev.get('acled_event_type'), ev.get('acled_sub_event_type')], ' / ')}"
                if ev.get("acled_event_type") else ""),
             join([ev.get("place"), ev.get("admin1"), ev.get("country")], ", ")]
    if ev.get("perpetrators"):
        lines.append("by " + join(ev["perpetrators"], ", ")
                     + (f" ({ev['responsibility']})" if ev.get("responsibility") else ""))
    if ev.get("targets"):
        lines.append("against " + join(ev["targets"], ", "))
    figs = [f"{k} {fmt_int(ev.get(k))}" for k in ("killed", "wounded", "missing", "abducted")
            if ev.get(k) is not None]
    lines.append(", ".join(figs) if figs else "no casualty figure")
    claims = ev.get("claims") or []
    if claims:
        lines.append(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}"
                     + (" — figures disputed" if ev.get("disputed") else ""))
    files = [s.get("file") for s in ev.get("sources") or [] if s.get("file")]
    if files:
        lines.append("sources: " + ", ".join(files))
    return "\n".join(x for x in lines if x)


def _fit(points: list[tuple[float, float]], aspect: float, min_span: float = 240.0,
         margin: float = 0.25) -> tuple[float, float, float, float]:
    if not points:  # the inhabited world
        x0, y0 = project(-170, 72)
        x1, y1 = project(190, -56)
    else:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        w = max(x1 - x0, min_span) * (1 + 2 * margin)
        h = max(y1 - y0, min_span) * (1 + 2 * margin)
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        grow = h * aspect - w
        x0, w = x0 - grow / 2, w + grow
    else:
        grow = w / aspect - h
        y0, h = y0 - grow / 2, h + grow
    return x0, y0, w, h


def render_map_svg(events: list[dict], *, uid: str = "map", width: int = 960, height: int = 540,
                   clip: bool = False) -> str:
    """An HTML fragment: the SVG map of ``events`` with its tooltip data and controls.

    Needs ``MAP_CSS`` and ``MAP_JS`` in the page (``write_map_html`` and the actor pages add
    them). ``clip=True`` keeps only the countries near the events (smaller pages).
    """
    placed = []
    for ev in events:
        xy = event_coordinates(ev)
        if xy is not None:
            placed.append((ev, project(*xy)))
    vx, vy, vw, vh = _fit([p for _e, p in placed], width / height)
    upp = vw / width  # SVG units per CSS pixel at the initial view
    countries_with_events = {_country_key(ev.get("country")) for ev in events if ev.get("country")}

    land: list[str] = []
    labels: list[str] = []
    if clip:
        bx0, by0, bx1, by1 = vx - vw / 2, vy - vh / 2, vx + 1.5 * vw, vy + 1.5 * vh
    for c in _world():
        if clip:
            cx0, cy0, cx1, cy1 = c["bbox"]
            if cx1 < bx0 or cx0 > bx1 or cy1 < by0 or cy0 > by1:
                continue
        cls = "c hit" if c["name"].casefold() in countries_with_events or c["iso"].casefold() in countries_with_events else "c"
        land.append(f'<path class="{cls}" data-name="{esc(c["name"])}" d="{c["d"]}"/>')
        lx, ly, area = c["label_at"]
        # label countries big enough to hold their name at the initial zoom
        if area / (upp * upp) > 2500 and vx < lx < vx + vw and vy < ly < vy + vh:
            labels.append(f'<text class="cl" x="{_num(lx)}" y="{_num(ly)}" '
                          f'font-size="{12 * upp:.2f}">{esc(c["name"])}</text>')

    # big circles first so that small ones stay on top and hoverable
    order = sorted(range(len(placed)), key=lambda i: -_radius(placed[i][0].get("killed")))
    circles: list[str] = []
    tips: list[str] = []
    for i in order:
        ev, (x, y) = placed[i]
        r = _radius(ev.get("killed"))
        etype = ev.get("type") or "other"
        colour = EVENT_TYPE_COLORS.get(etype, FALLBACK_COLOR)
        unknown = not isinstance(ev.get("killed"), (int, float)) or isinstance(ev.get("killed"), bool)
        cls = "ev unk" if unknown else "ev"
        circles.append(f'<circle class="{cls}" cx="{_num(x)}" cy="{_num(y)}" r="{r * upp:.2f}" '
                       f'data-r="{r:.1f}" data-i="{len(tips)}" data-t="{esc(etype)}" '
                       f'style="--c:{esc(colour)}"/>')
        tips.append(event_tooltip(ev))
    sea = (f'<rect class="sea" x="{_num(-WORLD_W)}" y="{_num(-WORLD_W)}" '
           f'width="{_num(3 * WORLD_W)}" height="{_num(3 * WORLD_W)}"/>')
    svg = (f'<svg class="kg-map-svg" viewBox="{vx:.1f} {vy:.1f} {vw:.1f} {vh:.1f}" '
           f'preserveAspectRatio="xMidYMid meet" role="img" '
           f'aria-label="{esc(f"Map of {len(placed)} events")}">'
           f'{sea}<g class="land">{"".join(land)}</g><g class="labels">{"".join(labels)}</g><g class="events">{"".join(circles)}</g></svg>')
    controls = ('<div class="map-ctl"><button type="button" data-z="in" title="Zoom in">+</button>'
                '<button type="button" data-z="out" title="Zoom out">−</button>'
                '<button type="button" data-z="reset" title="Reset view">⟲</button></div>')
    return (f'<div class="kg-map" id="{esc(uid)}" style="height:{int(height)}px">{svg}{controls}'
            f'<div class="tip" role="tooltip"></div>'
            f'<div class="map-credit">Outlines: Natural Earth</div></div>'
            + data_block(f"{uid}-tips", tips))


def map_legend(events: list[dict], *, toggles: bool = True) -> str:
    """Legend: event types (with show/hide checkboxes) and circle sizes."""
    types: dict[str, int] = {}
    for ev in events:
        if event_coordinates(ev) is not None:
            t = ev.get("type") or "other"
            types[t] = types.get(t, 0) + 1
    rows = []
    for t in sorted(types, key=lambda t: (-types[t], t)):
        colour = EVENT_TYPE_COLORS.get(t, FALLBACK_COLOR)
        box = f'<input type="checkbox" checked data-type="{esc(t)}">' if toggles else ""
        rows.append(f'<label>{box}<span class="swatch" style="background:{esc(colour)}"></span>'
                    f'{esc(humanize(t))} <span class="muted">({types[t]})</span></label>')
    # nested, bottom-aligned circles with labels on the right (proportional-symbol legend)
    values = [500, 100, 10]
    rmax = _radius(values[0])
    cx, base = rmax + 2, 2 * rmax + 4
    parts = []
    for v in values:
        r = _radius(v)
        parts.append(f'<circle cx="{cx:.1f}" cy="{base - r:.1f}" r="{r:.1f}"/>'
                     f'<line x1="{cx:.1f}" y1="{base - 2 * r:.1f}" x2="{2 * rmax + 10:.1f}" y2="{base - 2 * r:.1f}"/>'
                     f'<text x="{2 * rmax + 13:.1f}" y="{base - 2 * r + 4:.1f}">{v}</text>')
    r0 = _radius(None)
    parts.append(f'<circle class="unk" cx="{cx:.1f}" cy="{base + 14:.1f}" r="{r0:.1f}"/>'
                 f'<text x="{2 * rmax + 13:.1f}" y="{base + 18:.1f}">no figure</text>')
    w, h = 2 * rmax + 75, base + 26
    size_svg = (f'<svg class="size-legend" width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" '
                f'aria-label="circle area: people killed">{"".join(parts)}</svg>')
    return ('<div class="map-legend"><h3>Event types</h3>' + "".join(rows)
            + '<h3>Killed <span class="muted small">(circle area)</span></h3>' + size_svg + "</div>")


MAP_CSS = """
.kg-map{position:relative;width:100%;border:1px solid #ccd;border-radius:4px;overflow:hidden;background:#dfe9f3;touch-action:none;user-select:none}
.kg-map-svg{width:100%;height:100%;display:block;cursor:grab}
.kg-map-svg.drag{cursor:grabbing}
.kg-map .sea{fill:#dfe9f3}
.kg-map path.c{fill:#f3f1ea;stroke:#9a9a9a;stroke-width:.7px;vector-effect:non-scaling-stroke}
.kg-map path.c.hit{fill:#ebe3cf}
.kg-map path.c:hover{fill:#e2dccb}
.kg-map circle.ev{fill:var(--c);fill-opacity:.62;stroke:#222;stroke-width:.8px;vector-effect:non-scaling-stroke;cursor:pointer}
.kg-map circle.ev:hover{fill-opacity:.9;stroke-width:2px}
.kg-map circle.ev.unk{fill-opacity:.15;stroke:var(--c);stroke-width:1.6px;stroke-dasharray:2 2}
.kg-map circle.ev.off{display:none}
.kg-map text.cl{fill:#6b6b6b;text-anchor:middle;dominant-baseline:middle;pointer-events:none;font-family:system-ui,sans-serif;paint-order:stroke;stroke:#f3f1ea;stroke-width:3px;stroke-linejoin:round;vector-effect:non-scaling-stroke}
.map-ctl{position:absolute;top:8px;right:8px;display:flex;flex-direction:column;gap:2px}
.map-ctl button{width:28px;height:28px;font:16px/1 system-ui,sans-serif;border:1px solid #999;background:#fff;border-radius:3px;cursor:pointer;padding:0}
.map-credit{position:absolute;right:6px;bottom:3px;font-size:10px;color:#556;background:rgba(255,255,255,.75);padding:0 4px;border-radius:2px}
.kg-map .tip{position:fixed}
.map-legend label{display:flex;align-items:center;gap:.35em;margin:.15em 0;cursor:pointer}
.map-legend label input{margin:0}
.size-legend circle{fill:#888;fill-opacity:.5;stroke:#222;stroke-width:.8}
.size-legend circle.unk{fill-opacity:.1;stroke-dasharray:2 2}
.size-legend text{font-size:11px;fill:#333}
.size-legend line{stroke:#777;stroke-width:.7;stroke-dasharray:2 2}
.size-legend circle{fill-opacity:.35}
"""

MAP_JS = r"""
(function () {
  "use strict";
  function init(root) {
    var svg = root.querySelector("svg"), tip = root.querySelector(".tip");
    var tipsEl = document.getElementById(root.id + "-tips");
    var tips = tipsEl ? JSON.parse(tipsEl.textContent) : [];
    var vb0 = svg.getAttribute("viewBox").split(" ").map(Number), vb = vb0.slice();
    var circles = Array.prototype.slice.call(svg.querySelectorAll("circle.ev"));
    var labels = Array.prototype.slice.call(svg.querySelectorAll("text.cl"));
    function unitsPerPx() {
      var r = svg.getBoundingClientRect();
      return Math.max(vb[2] / (r.width || 1), vb[3] / (r.height || 1));
    }
    function apply() {
      svg.setAttribute("viewBox", vb.join(" "));
      var u = unitsPerPx();
      circles.forEach(function (c) { c.setAttribute("r", (parseFloat(c.dataset.r) * u).toFixed(3)); });
      labels.forEach(function (t) { t.setAttribute("font-size", (12 * u).toFixed(3)); });
    }
    function toSvg(clientX, clientY) {
      var r = svg.getBoundingClientRect(), u = unitsPerPx();
      var ox = vb[0] + vb[2] / 2 - (r.left + r.width / 2) * u, oy = vb[1] + vb[3] / 2 - (r.top + r.height / 2) * u;
      return [ox + clientX * u, oy + clientY * u];
    }
    function zoom(f, cx, cy) {
      var nw = vb[2] / f, nh = vb[3] / f;
      if (nw > 3 * 3600 || nw < 2) return;
      if (cx === undefined) { cx = vb[0] + vb[2] / 2; cy = vb[1] + vb[3] / 2; }
      vb = [cx - (cx - vb[0]) / f, cy - (cy - vb[1]) / f, nw, nh];
      apply();
    }
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = toSvg(e.clientX, e.clientY);
      zoom(e.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
    }, {passive: false});
    svg.addEventListener("dblclick", function (e) { var p = toSvg(e.clientX, e.clientY); zoom(2, p[0], p[1]); });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) { drag = [e.clientX, e.clientY, vb[0], vb[1]]; svg.classList.add("drag"); svg.setPointerCapture(e.pointerId); });
    svg.addEventListener("pointermove", function (e) {
      if (drag) {
        var u = unitsPerPx();
        vb[0] = drag[2] - (e.clientX - drag[0]) * u; vb[1] = drag[3] - (e.clientY - drag[1]) * u;
        svg.setAttribute("viewBox", vb.join(" "));
        return;
      }
      var t = e.target, text = null;
      if (t.classList && t.classList.contains("ev")) text = tips[parseInt(t.dataset.i, 10)];
      else if (t.dataset && t.dataset.name) text = t.dataset.name;
      if (text) {
        tip.textContent = text; tip.style.display = "block";
        var x = e.clientX + 14, y = e.clientY + 14, w = tip.offsetWidth, h = tip.offsetHeight;
        if (x + w > window.innerWidth - 4) x = e.clientX - w - 10;
        if (y + h > window.innerHeight - 4) y = e.clientY - h - 10;
        tip.style.left = x + "px"; tip.style.top = y + "px";
      } else { tip.style.display = "none"; }
    });
    function end() { drag = null; svg.classList.remove("drag"); }
    svg.addEventListener("pointerup", end); svg.addEventListener("pointercancel", end);
    svg.addEventListener("pointerleave", function () { tip.style.display = "none"; });
    root.querySelectorAll(".map-ctl button").forEach(function (b) {
      b.addEventListener("click", function () {
        var z = b.dataset.z;
        if (z === "in") zoom(1.5); else if (z === "out") zoom(1 / 1.5); else { vb = vb0.slice(); apply(); }
      });
    });
    window.addEventListener("resize", apply);
    apply();
    root.kgMap = {circles: circles, zoom: zoom, reset: function () { vb = vb0.slice(); apply(); }};
  }
  document.querySelectorAll(".kg-map").forEach(init);
  document.querySelectorAll(".map-legend input[data-type]").forEach(function (cb) {
    cb.addEventListener("change", function () {
      var t = cb.dataset.type, on = cb.checked;
      document.querySelectorAll("circle.ev").forEach(function (c) { if (c.dataset.t === t) c.classList.toggle("off", !on); });
    });
  });
  window.kgMapsReady = true;
})();
"""

PAGE_CSS = """
body{padding:14px 18px}
.map-layout{display:flex;gap:16px;align-items:flex-start}
.map-layout .kg-map{flex:1}
.map-side{width:230px;min-width:230px}
.unplaced li{margin:.15em 0}
"""


def write_map_html(events: list[dict], path: str | Path, *, title: str, height: int = 640) -> Path:
    """Write an offline map page of ``events`` (see the module docstring)."""
    path = Path(path)
    placed = [ev for ev in events if event_coordinates(ev) is not None]
    unplaced = [ev for ev in events if event_coordinates(ev) is None]
    killed = sum(ev["killed"] for ev in placed if isinstance(ev.get("killed"), (int, float))
                 and not isinstance(ev.get("killed"), bool))
    dates = sorted(ev["date"] for ev in events if ev.get("date"))
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="muted">{len(placed):,} events on the map'
            + (f", {len(unplaced):,} without coordinates (listed below)" if unplaced else "")
            + f" · {killed:,} people killed in mapped events"
            + (f" · {esc(dates[0])} to {esc(dates[-1])}" if dates else "")
            + ". Scroll or use the buttons to zoom, drag to pan, hover a circle for details.</p>",
            '<div class="map-layout">',
            render_map_svg(events, uid="kgmap", height=height),
            f'<div class="map-side">{map_legend(events)}</div></div>']
    if unplaced:
        body.append("<h2>Events without coordinates</h2><ul class=\"unplaced small\">" + "".join(
            f"<li>{esc(ev.get('date') or 'undated')} — {esc(ev.get('label') or ev.get('id'))}"
            f"{(' (' + esc(join([ev.get('admin1'), ev.get('country')], ', ')) + ')') if ev.get('country') or ev.get('admin1') else ''}</li>"
            for ev in unplaced) + "</ul>")
    body.append('<p class="small muted">Country outlines: Natural Earth 1:110m (public domain). '
                "Projection: Web Mercator.</p>")
    path.write_text(page(title, "\n".join(body), css=MAP_CSS + PAGE_CSS, scripts=[MAP_JS]),
                    encoding="utf-8")
    return path

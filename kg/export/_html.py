"""Shared pieces of the offline HTML pages: escaping, safe JSON in <script>, palettes, page shell.

Every page kg writes is one self-contained file: scripts and styles are inline, data sits in a
``<script type="application/json">`` block, and a Content-Security-Policy meta tag forbids the
browser to fetch anything (``default-src 'none'``), so a page opened from disk makes no request.
"""
from __future__ import annotations

import calendar
import hashlib
import html
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

VIS_VERSION = "9.1.2"

# Content-Security-Policy for every page: inline code only, images only from data: URIs, no
# connections, no fonts, no frames. Links (<a href>) still navigate: CSP does not govern them.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'")

# Colour-blind-friendly qualitative palettes (Okabe-Ito and Tableau-like colours).
KIND_COLORS: dict[str, str] = {
    "armed_group": "#d55e00",
    "state": "#0072b2",
    "state_force": "#56b4e9",
    "person": "#cc79a7",
    "organization": "#009e73",
    "unidentified": "#999999",
    "unknown": "#c8c8c8",
}
KIND_LABELS: dict[str, str] = {
    "armed_group": "armed group",
    "state": "state",
    "state_force": "state force",
    "person": "person",
    "organization": "organization",
    "unidentified": "unidentified actor",
    "unknown": "not in the actor list",
}
KIND_SHAPES: dict[str, str] = {
    "armed_group": "dot",
    "state": "diamond",
    "state_force": "square",
    "person": "triangle",
    "organization": "hexagon",
    "unidentified": "dot",
    "unknown": "dot",
}
PREDICATE_COLORS: dict[str, str] = {
    "part_of": "#0072b2",
    "allied_with": "#009e73",
    "fights": "#d62728",
    "backs": "#e69f00",
    "splinter_of": "#8c564b",
    "merged_into": "#7f7f7f",
    "led_by": "#cc79a7",
    "pledged_allegiance_to": "#9467bd",
    # edges between actors and events (include_events=True)
    "perpetrator": "#444444",
    "target": "#aaaaaa",
    "claimed": "#bcbd22",
}
EVENT_TYPE_COLORS: dict[str, str] = {
    "attack": "#d62728",
    "ambush": "#ff7f0e",
    "bombing": "#8c564b",
    "suicide_bombing": "#5a2d0c",
    "raid": "#e377c2",
    "battle": "#9467bd",
    "clash": "#1f77b4",
    "massacre": "#000000",
    "abduction": "#17becf",
    "airstrike": "#2ca02c",
    "operation": "#0072b2",
    "prison_break": "#bcbd22",
    "execution": "#7f7f7f",
    "other": "#c7c7c7",
}
FALLBACK_COLOR = "#bbbbbb"


def esc(value: Any) -> str:
    """HTML-escape any value for text or a quoted attribute (None -> empty string)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close the element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def data_block(element_id: str, obj: Any) -> str:
    """An inert JSON data block, read in the page with JSON.parse(el.textContent)."""
    return f'<script type="application/json" id="{esc(element_id)}">{json_for_script(obj)}</script>'


def humanize(term: str | None) -> str:
    return (term or "").replace("_", " ")


def slugify(name: str, max_len: int = 80) -> str:
    """ASCII slug of a name: 'Jama'at Nusrat al-Islam' -> 'jamaat-nusrat-al-islam'.

    Names whose slug is empty (e.g. only non-Latin script) get a short hash instead.
    """
    norm = unicodedata.normalize("NFKD", name or "")
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’`]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    if not slug:
        slug = "x" + hashlib.sha1((name or "").encode("utf-8")).hexdigest()[:10]
    return slug


def actor_page_name(name: str) -> str:
    """File name of an actor's page: ``actor-<slug>.html``."""
    return f"actor-{slugify(name)}.html"


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """First and last day covered by an ISO date of day, month or year precision.

    '2022-03' -> ('2022-03-01', '2022-03-31'); '2022' -> ('2022-01-01', '2022-12-31').
    Anything unparseable -> (None, None).
    """
    if not value:
        return None, None
    value = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value[:10])
    if not m:
        return None, None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        d = f"{year}-{month}-{day}"
        return d, d
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def join(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(str(v) for v in values if v is not None and str(v) != "")


def fmt_int(value: Any) -> str:
    if value is None or value == "":
        return "–"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS as shipped inside the pyvis package (for inlining)."""
    base = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    # An inline <script> ends at the first '</script'; the library has none, but make sure.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


BASE_CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#222;background:#fafafa}
a{color:#0b5cad}
h1{font-size:1.35em;margin:0 0 .3em}
h2{font-size:1.1em;margin:1.2em 0 .4em}
h3{font-size:.95em;margin:.8em 0 .3em}
.muted{color:#666}
.small{font-size:.85em}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:50%;vertical-align:-.1em;margin-right:.35em;border:1px solid rgba(0,0,0,.25)}
.line{display:inline-block;width:1.6em;height:0;border-top:3px solid;vertical-align:.25em;margin-right:.35em}
.line.dashed{border-top-style:dashed}
table{border-collapse:collapse}
th,td{text-align:left;vertical-align:top;padding:.3em .5em;border-bottom:1px solid #e3e3e3}
th{background:#f0f0f0;font-weight:600}
.tip{position:fixed;pointer-events:none;background:#fffef5;border:1px solid #888;border-radius:3px;padding:.35em .5em;box-shadow:2px 2px 8px rgba(0,0,0,.2);font-size:12.5px;white-space:pre-line;max-width:420px;z-index:10;display:none}
"""


def page(title: str, body: str, *, css: str = "", head: str = "", scripts: Iterable[str] = ()) -> str:
    """A complete offline HTML document. ``body``/``head`` must already be escaped HTML;
    ``scripts`` are inline JavaScript sources appended at the end of the body."""
    script_html = "".join(f"<script>{s}</script>\n" for s in scripts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(CSP)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"kg\">\n"
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n{head}</head>\n"
        f"<body>\n{body}\n{script_html}</body>\n</html>\n"
    )

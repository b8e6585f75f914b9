"""HTML pages: main text, title and date through trafilatura (no network access)."""
from __future__ import annotations

from kg.errors import InputError


def html_to_fields(html: str, where: str) -> dict:
    import trafilatura

    try:
        # The publication date comes from the page's metadata and markup only: no "extensive search"
        # (which takes the first date written in the text, i.e. usually the event's date, and would
        # then anchor "yesterday" to it). A page without one keeps its relative dates unresolved.
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                          favor_precision=True, url=None, date_extraction_params=_date_params())
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(f"cannot parse HTML: {exc}", path=where) from None
    if doc is None:
        raise InputError("no article text found in the HTML page", path=where)
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if not text.strip():
        raise InputError("no article text found in the HTML page", path=where)
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    return {"text": "\n\n".join(paragraphs), "title": get("title"), "published": get("date"),
            "source": get("sitename"), "author": get("author"), "url": get("url")}


def _date_params() -> dict:
    try:
        from trafilatura.settings import set_date_params
        return set_date_params(False)
    except ImportError:  # pragma: no cover - older trafilatura
        return {"original_date": True, "extensive_search": False}

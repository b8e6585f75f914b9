"""HTML pages: main text, title and date through trafilatura (no network access)."""
from __future__ import annotations

from kg.errors import InputError


def html_to_fields(html: str, where: str) -> dict:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                          favor_precision=True, url=None)
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

"""The only place that mints IRIs.

IRIs are stable (the same input always gives the same IRI), readable (slugs of names, not random
ids) and valid (no spaces, control characters or IRI delimiters, whatever the text). Letters of any
script survive, so an actor named in Arabic keeps a readable IRI.

>>> slug("Islamic State's West Africa Province")
'islamic-states-west-africa-province'
>>> slug("Inatès")
'inates'
>>> actor("iswap")
'https://w3id.org/kg-armed-groups/id/actor/iswap'
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from kg.vocab import BASE

_ID = BASE + "id/"
_GRAPH = BASE + "graph/"
_NOT_SLUG = re.compile(r"[^\w]+", re.UNICODE)


@functools.lru_cache(maxsize=8192)   # an article's id is slugged for each of its hundreds of IRIs
def slug(text: str, *, max_len: int = 80) -> str:
    """Lowercase, accent-free (for Latin letters), hyphen-separated; other scripts kept as letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = kept.replace("'", "").replace("\u2019", "")
    s = _NOT_SLUG.sub("-", kept.casefold()).strip("-_")
    s = s.replace("_", "-")
    if len(s) > max_len:
        s = s[:max_len].rstrip("-")
    if not s:
        s = "x" + digest(text, 10)
    return s


def digest(text: str, n: int = 16) -> str:
    """First ``n`` hex characters of the sha256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def actor(key: str) -> str:
    return f"{_ID}actor/{slug(key)}"


def place(key: str) -> str:
    return f"{_ID}place/{slug(key)}"


def article(article_id: str) -> str:
    return f"{_ID}article/{slug(article_id)}"


def sentence(article_id: str, index: int) -> str:
    return f"{article(article_id)}/s{int(index)}"


def report(article_id: str, n: int) -> str:
    return f"{_ID}report/{slug(article_id)}-{int(n)}"


def figure_claim(article_id: str, n: int, m: int) -> str:
    return f"{_ID}claim/{slug(article_id)}-{int(n)}-{int(m)}"


def responsibility_claim(article_id: str, n: int, m: int) -> str:
    return f"{_ID}claim/{slug(article_id)}-{int(n)}-r{int(m)}"


def statement(article_id: str, n: int) -> str:
    return f"{_ID}statement/{slug(article_id)}-{int(n)}"


def event(date_iso: str | None, place_key: str | None, type_key: str, members: list[str]) -> str:
    """A canonical event: readable date-place-type prefix and a digest of its first report."""
    parts = [date_iso or "undated", place_key or "somewhere", type_key]
    return f"{_ID}event/{slug('-'.join(parts))}-{digest(min(members), 8)}"


def article_graph(article_id: str) -> str:
    return f"{_GRAPH}article/{slug(article_id)}"


def article_id_from_graph(graph_iri: str) -> str | None:
    prefix = f"{_GRAPH}article/"
    return graph_iri[len(prefix):] if graph_iri.startswith(prefix) else None

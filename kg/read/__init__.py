"""Readers: files, folders, JSON Lines records and stdin become :class:`kg.model.Article` objects.

>>> [a.title for a in read_bytes(b"---\\ntitle: Hello\\npublished: 2020-01-02\\n---\\nBody.", "x.md")]
['Hello']
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Article
from kg.read.frontmatter import split_front_matter
from kg.read.text import decode

FORMATS = ("auto", "md", "txt", "html", "jsonl")
SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt", ".html": "html",
            ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_BYTES = 20 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


def iter_paths(paths: list[str]) -> Iterator[Path | str]:
    """Expand folders (recursively, known suffixes only, sorted) and keep '-' for stdin."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.endswith(".gold.json"):
                    yield child
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or folder", path=str(p))


def read_path(path: Path | str, *, format: str = "auto", published: dt.date | None = None,
              source: str | None = None) -> list[Article]:
    """Read one file (or '-' for stdin) into articles; JSON Lines gives one article per line."""
    if path == "-":
        # never more than the limit in memory, even from an endless pipe
        data, name = sys.stdin.buffer.read(MAX_BYTES + 1), "stdin"
    else:
        path = Path(path)
        name = path.name
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise InputError(f"file too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB per file)",
                                 path=str(path))
            # read at most one byte past the limit: devices and pipes (/dev/zero) report size 0
            with path.open("rb") as f:
                data = f.read(MAX_BYTES + 1)
        except IsADirectoryError:
            raise InputError("is a folder, not a file", path=str(path)) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    return read_bytes(data, name, format=format, published=published, source=source, path=str(path))


def read_bytes(data: bytes, name: str, *, format: str = "auto", published: dt.date | None = None,
               source: str | None = None, path: str | None = None) -> list[Article]:
    where = path or name
    if len(data) > MAX_BYTES:
        raise InputError(f"input too large (more than {MAX_BYTES // 2**20} MiB; the limit is "
                         f"{MAX_BYTES // 2**20} MiB per file)", path=where)
    text = decode(data, where)
    fmt = detect_format(name, text) if format == "auto" else format
    if fmt not in FORMATS[1:]:
        raise InputError(f"unknown format {format!r} (use one of {', '.join(FORMATS)})", path=where)
    if fmt == "jsonl":
        return _read_jsonl(text, name, where, published=published, source=source)
    if fmt == "html":
        from kg.read.html import html_to_fields
        fields = html_to_fields(text, where)
    elif fmt == "md":
        meta, body = split_front_matter(text, where)
        fields = {**meta, "text": body}
    else:
        fields = {"text": text}
    return [make_article(fields, name, fmt, where, published=published, source=source)]


def detect_format(name: str, text: str) -> str:
    """By extension first, then by content."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    head = text.lstrip()[:500].lower()
    if head.startswith("---"):
        return "md"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head:
        return "html"
    if head.startswith("{") and all(l.strip().startswith("{") for l in text.strip().splitlines()[:3]):
        return "jsonl"
    return "txt"


def _read_jsonl(text: str, name: str, where: str, *, published, source) -> list[Article]:
    """Every good record; bad ones raise :class:`PartialInput` at the end, carrying the good ones."""
    problems = []
    articles = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(InputError(f"invalid JSON ({exc.msg})", path=where, line=lineno))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(InputError("a JSON Lines record must be an object with a \"text\" string", path=where,
                                       line=lineno))
            continue
        rid = record.get("id")
        label = f"{name}#{rid}" if rid not in (None, "") else f"{name}#{lineno}"
        try:
            articles.append(make_article(record, label, "jsonl", f"{where}:{lineno}", published=published,
                                         source=source))
        except InputError as exc:
            problems.append(InputError(exc.problem, path=where, line=lineno))
    if problems:
        raise PartialInput(problems, articles)
    if not articles:
        raise InputError("no JSON Lines records in the file", path=where)
    return articles


class PartialInput(InputError):
    """Some records of a multi-article file were bad: ``problems`` lists them (one error per bad
    line) and ``articles`` holds the good records, which the caller should still ingest."""

    def __init__(self, problems: list[InputError], articles: list[Article] | None = None):
        self.problems = problems
        self.articles = list(articles or [])
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more bad records)" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.path = problems[0].path


def make_article(fields: dict, name: str, fmt: str, where: str, *, published: dt.date | None = None,
                 source: str | None = None) -> Article:
    from kg.extract.dates import parse_iso_like

    text = fields.get("text") or ""
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text to read (empty article)", path=where)
    for key in ("text", "title", "source", "author", "url", "published", "date"):
        value = fields.get(key)
        bad = _SURROGATE.search(value) if isinstance(value, str) else None
        if bad:
            raise InputError(f"invalid Unicode in {key!r}: a lone surrogate (U+{ord(bad.group()):04X} at "
                             f"character {bad.start()}) cannot be stored", path=where)
    pub = published
    raw_pub = fields.get("published") or fields.get("date")
    if pub is None and raw_pub not in (None, ""):
        value = parse_iso_like(str(raw_pub))
        if value is None or value.start is None:
            raise InputError(f"cannot read the publication date {str(raw_pub)!r} (use YYYY-MM-DD)", path=where)
        pub = value.start
    meta = {k: _string(fields.get(k)) for k in ("title", "source", "author", "url")}
    if source:
        meta["source"] = source
    canonical = json.dumps({"text": text, "published": pub.isoformat() if pub else None, **meta},
                           sort_keys=True, ensure_ascii=False)
    checksum = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return Article(id=checksum[:16], file=name, text=text, published=pub, format=fmt, checksum=checksum,
                   path=where, **meta)


def _string(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    s = " ".join(str(value).split())
    return s or None

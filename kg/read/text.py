"""Bytes to text: BOMs, UTF-16, invalid UTF-8 and binary files."""
from __future__ import annotations

from kg.errors import InputError


def decode(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; refuse binary and invalid UTF-8."""
    if not data.strip():
        raise InputError("empty file", path=where)
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {codec.upper()} at byte {exc.start + len(bom)}", path=where) from None
            return _clean(text, where)
    if b"\x00" in data[:8192]:
        head = data[:8192]
        even, odd = head[0::2], head[1::2]
        if len(head) >= 4 and (even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd)):
            raise InputError("looks like UTF-16 without a byte-order mark; convert the file to UTF-8", path=where)
        raise InputError("binary file (NUL bytes), not text", path=where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"invalid UTF-8 at byte {exc.start}; convert the file to UTF-8",
                         path=where, line=line) from None
    return _clean(text, where)


def _clean(text: str, where: str) -> str:
    if not text.strip():  # e.g. nothing but a byte-order mark
        raise InputError("empty file", path=where)
    bad = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f")
    if bad > 20:
        raise InputError("binary file (control characters), not text", path=where)
    return text.replace("\r\n", "\n").replace("\r", "\n")

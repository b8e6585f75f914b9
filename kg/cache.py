"""kg's cache of built reference structures, in the user's cache directory.

What every process would otherwise build again from the packaged data (the merged gazetteer, the
validated actors, graph/reference as N-Quads) is kept as one file each in ``$KG_CACHE_DIR``, else
``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg`` (never in the installed package). A file's name holds a
digest of everything it is made from: the bytes of the data files and of the code that reads them,
kg's version and the Python version (marshal's format may change between versions). A changed data
file therefore gives another name, and the older file of that kind is deleted when the new one is
written. The cache is an optimisation only: an unreadable or corrupt file is rebuilt, and an
unwritable directory just means building each time.

>>> key("example", [b"data"]).startswith("example-")
True
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "key", "read", "write", "load_marshal", "save_marshal", "no_gc"]


def cache_dir() -> Path:
    """The directory of kg's cache files (it may not exist yet)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def key(kind: str, parts: Iterable[bytes | str | Path]) -> str:
    """``{kind}-{digest}``: the digest of ``parts`` (bytes, text, or a file's bytes), kg's version and
    the Python version. Raises OSError when a file cannot be read."""
    from kg import __version__

    digest = hashlib.sha1(f"{kind}\0{__version__}\0{sys.version_info[:2]}\0{marshal.version}".encode())
    for part in parts:
        if isinstance(part, Path):
            part = part.read_bytes()
        elif isinstance(part, str):
            part = part.encode("utf-8")
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return f"{kind}-{digest.hexdigest()[:16]}"


def read(name: str) -> bytes | None:
    """The bytes of cache file ``name``, or None (missing or unreadable)."""
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> bool:
    """Write cache file ``name`` atomically and delete the older files of its kind (same name up to the
    last ``-``). Returns False, and leaves no trace, when the directory is not writable."""
    folder = cache_dir()
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as tmp:
            tmp_name = tmp.name
            tmp.write(data)
        os.replace(tmp_name, folder / name)
        tmp_name = None
        stem = name.rsplit("-", 1)[0]
        for old in folder.glob(f"{stem}-*"):
            if old.name != name and old.name.rsplit("-", 1)[0] == stem:
                old.unlink(missing_ok=True)
        return True
    except OSError:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
        return False


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building or loading hundreds of thousands of small objects
    triggers it over and over (it took two thirds of the time to load the gazetteer)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_marshal(name: str, build: Callable[[], Any]) -> Any:
    """The value cached as ``name`` (marshal), else ``build()``, which is then cached. Only values
    marshal can write (None, numbers, strings, bytes, tuples, lists, dicts, sets)."""
    data = read(name)
    if data is not None:
        try:
            with no_gc():
                return marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            pass     # a corrupt or foreign file: built again, and replaced
    value = build()
    save_marshal(name, value)
    return value


def save_marshal(name: str, value: Any) -> bool:
    try:
        data = marshal.dumps(value)
    except ValueError:
        return False
    return write(name, data)

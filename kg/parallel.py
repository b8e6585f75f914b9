"""Parallel ingest: extraction in worker processes, one writer.

:func:`ingest_parallel` does what :func:`kg.pipeline.ingest` does, with the expensive, pure part
(read -> extract -> ``findings_quads``) spread over ``jobs`` worker processes. The calling process
stays the only writer: it takes each article's prepared write in submission order (files in the
order ``iter_paths`` lists them, articles in file order) and hands it to a
:class:`kg.pipeline.ArticleWriter`, the writer of a serial ingest (checksum check, atomic writes,
incremental re-resolution). The graph is therefore the same as after a serial ingest of the same
paths. The writer writes what it has queued whenever the next result is not ready yet, so writes
overlap extraction and several articles share a transaction when the workers are ahead.

Workers are forked by a ``forkserver`` (``spawn`` where there is none, e.g. Windows): a clean process
started for the purpose, so no RocksDB handle or thread of the writer is copied into a child. The
forkserver loads the reference data once (kg/_forkserver_warm.py) and the workers it forks start warm,
instead of each loading it again (seconds of CPU that a short ingest would otherwise spend before its
first write); the writer meanwhile makes sure the store holds graph/reference. Quads travel back as N-Quads bytes, which
is several times cheaper than pickling pyoxigraph terms, with what fusion needs of the article's
reports (:class:`kg.pipeline.PreparedWrite`): the writer never parses them back.

Resuming: each transaction holds whole articles and re-ingesting an unchanged article is a no-op, so
running the same command again after an interruption (Ctrl-C, a killed process, a crash) finishes
the work. Workers are told which (file, checksum) pairs the store already holds and do not even
extract those articles again.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import InputError, KGError
from kg.model import Article
from kg.store import Store

if TYPE_CHECKING:  # kg.pipeline is imported when needed (keeps this module light to import)
    from kg.pipeline import PreparedWrite

__all__ = ["ingest_parallel", "warm_reference", "prepare_path", "PreparedArticle"]

_KNOWN: dict[str, frozenset[str]] = {}  # in a worker: file name -> checksums the store already holds


# -- what travels between processes ----------------------------------------------------------------

@dataclass
class PreparedArticle:
    """One article read in a worker: its prepared write (None when the store already has it, or on
    error), or the error that extraction raised."""

    article: Article
    write: PreparedWrite | None = None   # kg.pipeline.prepare_write of its findings_quads
    error: tuple | None = None           # a KGError, as _error_state() gives it


@dataclass
class PreparedPath:
    """Everything one input path gave: its articles in order, and the problems met reading it."""

    articles: list[PreparedArticle] = field(default_factory=list)
    errors: list[tuple] = field(default_factory=list)


def _error_state(exc: KGError) -> tuple:
    # KGError's __init__ takes keyword arguments that default pickling would lose: send the parts.
    return (type(exc), exc.problem, exc.path, exc.line, str(exc))


def _error_from_state(state: tuple) -> KGError:
    cls, problem, path, line, text = state
    try:
        exc = cls(problem, path=path, line=line)
        if str(exc) == text:
            return exc
    except Exception:  # noqa: BLE001 - a subclass with another constructor: keep the message
        pass
    return InputError(text) if issubclass(cls, InputError) else KGError(text)


# -- worker side -----------------------------------------------------------------------------------

def warm_reference() -> None:
    """Load everything extraction caches per process (actors, gazetteer, matchers, lexicon) by
    extracting a tiny article once. The actors and the gazetteer come from kg's cache (kg/cache.py);
    the garbage collector is paused meanwhile (it otherwise runs over and over on the hundreds of
    thousands of objects made, ~0.15 s of the ~0.4 s)."""
    from kg.cache import no_gc

    with no_gc():
        from kg.extract import extract
        from kg.gazetteer import load_gazetteer
        from kg.reference import load_actors

        load_actors()
        load_gazetteer()
        text = ("Gunmen of the Islamic State killed 12 soldiers on Monday in an attack near Menaka, Mali, "
                "officials said. The group claimed the attack.")
        extract(Article(id="0" * 16, file="warm.txt", text=text, published=dt.date(2020, 1, 8), checksum="0" * 64))


def _init_worker(known: dict[str, frozenset[str]] | None) -> None:
    global _KNOWN
    _KNOWN = known or {}
    warm_reference()


def prepare_path(path: str, data: bytes | None, format: str, published: dt.date | None,
                 source: str | None) -> PreparedPath:
    """Read one input (a path, or the bytes of stdin with ``path == "-"``) and prepare each article.

    Pure with respect to the store: it only reads the file and the packaged reference data."""
    from kg.extract import extract
    from kg.pipeline import findings_quads, prepare_write
    from kg.read import PartialInput, read_bytes, read_path

    out = PreparedPath()
    try:
        if data is not None:
            articles = read_bytes(data, "stdin", format=format, published=published, source=source, path="-")
        else:
            articles = read_path(path, format=format, published=published, source=source)
    except PartialInput as exc:
        out.errors.extend(_error_state(p) for p in exc.problems)
        return out
    except InputError as exc:
        out.errors.append(_error_state(exc))
        return out
    for article in articles:
        item = PreparedArticle(article)
        if article.checksum in _KNOWN.get(article.file, ()):
            out.articles.append(item)  # the writer confirms it is unchanged (or extracts it itself)
            continue
        try:
            item.write = prepare_write(article.id, *findings_quads(extract(article)))
        except KGError as exc:
            item.error = _error_state(exc)
        out.articles.append(item)
    return out


# -- writer side -----------------------------------------------------------------------------------

def _targets(paths: list[str], errors: list[KGError]) -> list:
    """The inputs, as :func:`kg.pipeline.ingest` lists them (a missing path is an error, the rest go on)."""
    from kg.read import iter_paths

    try:
        return list(iter_paths(paths))
    except InputError as exc:
        errors.append(exc)
        return list(iter_paths([p for p in paths if p == "-" or os.path.exists(p)]))


def _use_bar(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Bar:
    """A rich progress bar on stderr over the input files (a no-op when disabled)."""

    def __init__(self, total: int, enabled: bool, label: str = "ingesting") -> None:
        self._progress = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)
        self._progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("files · {task.fields[articles]} articles · {task.fields[rate]}"),
                                  TimeElapsedColumn(), TimeRemainingColumn(),
                                  console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("ingest", total=total, articles=0, rate="")
        self._articles = 0

    def __enter__(self) -> _Bar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, articles: int) -> None:
        if self._progress is None:
            return
        self._articles += articles
        task = self._progress.tasks[0]
        elapsed = task.elapsed or 0.0
        rate = f"{self._articles / elapsed:.0f} articles/s" if elapsed > 0.5 else ""
        self._progress.update(self._task, advance=1, articles=self._articles, rate=rate)


def _context():
    """The multiprocessing context of the workers: a forkserver that preloads the reference data.

    The forkserver is started here, without waiting for it: it loads the reference data while this
    process reads the store and writes graph/reference (the first worker is forked once it is ready)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["kg._forkserver_warm"])
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return ctx


def ingest_parallel(store: Store, paths: list[str], *, jobs: int, format: str = "auto",
                    published: dt.date | None = None, source: str | None = None,
                    on_article: Callable[[str, str], None] | None = None,
                    progress: bool | None = None):
    """Ingest like :func:`kg.pipeline.ingest`, extracting in ``jobs`` worker processes.

    Returns the same :class:`kg.pipeline.IngestResult` (statuses and errors in input order).
    ``progress``: show a progress bar on stderr (default: when stderr is a terminal)."""
    from kg.pipeline import ArticleWriter, IngestResult, ensure_reference

    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    result = IngestResult()
    store._check_writable()
    context = _context()             # starts the forkserver, which warms up meanwhile
    targets = _targets(paths, result.errors)
    tasks: list[tuple[str, bytes | None]] = []
    for t in targets:
        if t == "-":
            tasks.append(("-", sys.stdin.buffer.read()))  # workers cannot read this process's stdin
        else:
            tasks.append((str(t), None))
    writer = ArticleWriter(store, result, on_article)
    known = writer.known_checksums()

    def take(prepared: PreparedPath) -> int:
        for e in prepared.errors:
            writer.error(_error_from_state(e))
        for item in prepared.articles:
            if item.error is not None:
                writer.error(_error_from_state(item.error))
            else:
                writer.add(item.article, item.write)
        return len(prepared.articles)

    ensure_reference(store)          # while the forkserver loads the reference data
    window = max(2, 4 * jobs)  # tasks in flight: keeps workers busy, bounds memory
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(known,))
    pending: deque[Future] = deque()
    todo: Iterator[tuple[str, bytes | None]] = iter(tasks)

    def fill() -> None:
        while len(pending) < window:
            task = next(todo, None)
            if task is None:
                return
            pending.append(pool.submit(prepare_path, task[0], task[1], format, published, source))

    try:
        with _Bar(len(tasks), _use_bar(progress)) as bar:
            fill()
            while pending:
                if not pending[0].done() and writer.queued_writes() >= 8:
                    writer.flush()       # write what is queued while the workers extract (a transaction
                    #                      costs ~0.5 ms besides its quads: not one per article)
                prepared = pending.popleft().result()
                fill()
                bar.advance(take(prepared))
            writer.flush()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return result

"""Shards: extraction that writes N-Quads files anywhere, and a bulk load that re-resolves.

``kg extract PATH... --out SHARDS/`` writes one N-Quads file per article, ``SHARDS/{article-id}.nq``:
the article's named graph (what an ingest would write for it) plus the ``graph/reference`` quads of
the places its reports use. ``SHARDS/_reference.nq`` holds, once, the packaged reference data that
every store needs (actors, countries, event types: what :func:`kg.pipeline.ensure_reference` writes).
A shard is named by the article's id, which is a digest of its content, and is written atomically
(temporary file, then rename), so an interrupted extraction can simply be run again: shards that
exist are kept.

:func:`extract_to_shards` is a pure function of one input file (and of the packaged reference
data): it can run in a process pool, on Dask (see docs/dask.md) or on any other engine.

``kg load SHARDS/`` (:func:`load_shards`) bulk-loads every ``*.nq`` file of the folder (fast,
not transactional) and then rebuilds the canonical events (``graph/resolved``) at every place the
loaded reports use, with kg.pipeline's resolution (report summaries, :func:`kg.resolve.cluster`,
the canonical-event quads), so the graph is the one ``kg ingest`` of the same articles gives. The
properties of the loaded reports that resolution needs are kept while the shards stream past (about
1.5 KB per report), so only reports that were in the store before are read back: reading every
report back from a store larger than memory took most of the load (33 min of 43 at 1M events).
Articles already in the store under the same file name but with other content are removed first
(as a re-ingest would replace them). Loading is idempotent: after an interruption, run it again.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KGError, StoreError
from kg.store import Store

__all__ = ["REFERENCE_SHARD", "extract_to_shards", "write_reference_shard", "remove_superseded", "extract_shards",
           "load_shards", "ExtractResult", "LoadResult"]

REFERENCE_SHARD = "_reference.nq"
SHARD_SUFFIX = ".nq"


# -- extraction ------------------------------------------------------------------------------------

def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=SHARD_SUFFIX + ".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def extract_to_shards(path: str | os.PathLike, out_dir: str | os.PathLike, *, format: str = "auto",
                      published: dt.date | None = None, source: str | None = None, overwrite: bool = False,
                      data: bytes | None = None) -> list[dict]:
    """Read one input file, extract each of its articles and write ``out_dir/{article-id}.nq``.

    Returns one record per article (or per problem): ``{"file", "id", "shard", "status", "error"}``
    with status ``"written"``, ``"exists"`` (the shard was already there; kept unless ``overwrite``)
    or ``"error"`` (``error`` is the message). Plain data, so any engine can collect it. ``data``:
    the bytes of stdin when ``path`` is ``"-"``."""
    import pyoxigraph as ox

    from kg.extract import extract
    from kg.pipeline import findings_quads
    from kg.read import PartialInput, read_bytes, read_path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records: list[dict] = []

    def problem(exc: KGError, file: str | None = None, art_id: str | None = None) -> dict:
        return {"file": file, "id": art_id, "shard": None, "status": "error", "error": str(exc)}

    try:
        if data is not None:
            articles = read_bytes(data, "stdin", format=format, published=published, source=source, path="-")
        else:
            articles = read_path(path, format=format, published=published, source=source)
    except PartialInput as exc:
        return [problem(p) for p in exc.problems]
    except InputError as exc:
        return [problem(exc)]
    for article in articles:
        target = out / f"{article.id}{SHARD_SUFFIX}"
        record = {"file": article.file, "id": article.id, "shard": target.name, "status": "exists", "error": None}
        if overwrite or not target.exists():
            try:
                quads, ref_quads = findings_quads(extract(article))
            except KGError as exc:
                records.append(problem(exc, article.file, article.id))
                continue
            _write_atomic(target, ox.serialize(quads + ref_quads, format=ox.RdfFormat.N_QUADS))
            record["status"] = "written"
        records.append(record)
    return records


def reference_quads() -> list:
    """The quads :func:`kg.pipeline.ensure_reference` writes into an empty store."""
    from kg.pipeline import ensure_reference
    from kg.store import MemoryStore

    with MemoryStore() as mem:
        ensure_reference(mem)
        return list(mem.quads())


def write_reference_shard(out_dir: str | os.PathLike) -> Path:
    """Write ``out_dir/_reference.nq`` (the reference data every store needs, once)."""
    import pyoxigraph as ox

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / REFERENCE_SHARD
    _write_atomic(target, ox.serialize(reference_quads(), format=ox.RdfFormat.N_QUADS))
    return target


def remove_superseded(records: Iterable[dict], out_dir: str | os.PathLike) -> list[str]:
    """Given the records of :func:`extract_to_shards` in input order, delete the shard of every article
    whose file name a later input reuses (ingest would have replaced it); returns the shards removed."""
    last: dict[str, str] = {}
    for r in records:
        if r.get("status") in ("written", "exists"):
            last[r["file"]] = r["shard"]
    keep = set(last.values())
    removed = []
    for r in records:
        if r.get("status") in ("written", "exists") and r["shard"] not in keep and r["shard"] not in removed:
            (Path(out_dir) / r["shard"]).unlink(missing_ok=True)
            removed.append(r["shard"])
    return removed


@dataclass
class ExtractResult:
    written: list[str] = field(default_factory=list)      # article files whose shard was written
    existing: list[str] = field(default_factory=list)     # article files whose shard was already there
    superseded: list[str] = field(default_factory=list)   # shards removed: a later input had the same file name
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def extract_shards(paths: list[str], out_dir: str | os.PathLike, *, jobs: int = 1, format: str = "auto",
                   published: dt.date | None = None, source: str | None = None, overwrite: bool = False,
                   on_article: Callable[[str, str], None] | None = None,
                   progress: bool | None = None) -> ExtractResult:
    """``kg extract``: shards for every article of ``paths`` (files, folders, '-'), in ``jobs`` processes.

    As with ingest, when two inputs carry the same file name the later one wins: the earlier shard is
    removed."""
    from kg.parallel import _Bar, _targets, _use_bar

    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    result = ExtractResult()
    errors: list[KGError] = []
    targets = _targets(paths, errors)
    result.errors.extend(str(e) for e in errors)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_reference_shard(out)
    tasks = [("-", sys.stdin.buffer.read()) if t == "-" else (str(t), None) for t in targets]
    everything: list[dict] = []

    def collect(records: list[dict]) -> int:
        everything.extend(records)
        for r in records:
            if r["status"] == "error":
                result.errors.append(r["error"])
                continue
            (result.written if r["status"] == "written" else result.existing).append(r["file"])
            if on_article:
                on_article(r["file"], r["status"])
        return len(records)

    kwargs = {"format": format, "published": published, "source": source, "overwrite": overwrite}
    with _Bar(len(tasks), _use_bar(progress), "extracting") as bar:
        if jobs == 1:
            for path, data in tasks:
                bar.advance(collect(extract_to_shards(path, out, data=data, **kwargs)))
        else:
            import multiprocessing
            from collections import deque
            from concurrent.futures import ProcessPoolExecutor

            from kg.parallel import _init_worker

            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(None,))
            pending: deque = deque()
            todo = iter(tasks)
            try:
                while True:
                    while len(pending) < 4 * jobs:
                        task = next(todo, None)
                        if task is None:
                            break
                        pending.append(pool.submit(extract_to_shards, task[0], out, data=task[1], **kwargs))
                    if not pending:
                        break
                    bar.advance(collect(pending.popleft().result()))
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
    result.superseded = remove_superseded(everything, out)
    return result


# -- loading ---------------------------------------------------------------------------------------

_PLACE_P = b"<https://w3id.org/kg-armed-groups/ontology#place>"
_FILE_P = b"<https://w3id.org/kg-armed-groups/ontology#file>"
_REPORT_C = b"<https://w3id.org/kg-armed-groups/ontology#EventReport>"
_TYPE_P = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_BLOCK = 32 << 20


def _lines_with(data: bytes, needle: bytes) -> Iterable[bytes]:
    """The lines of ``data`` that contain ``needle`` (a fast substring search, no regex)."""
    i = data.find(needle)
    while i != -1:
        start = data.rfind(b"\n", 0, i) + 1
        end = data.find(b"\n", i)
        if end == -1:
            end = len(data)
        yield data[start:end]
        i = data.find(needle, end)


def _detail_keys() -> set[str]:
    from kg.vocab import FIGURE_PROPERTIES, KG, RDFS

    return {str(p) for p in [RDFS.label, KG.perpetrator, KG.target, KG.tactic, KG.claimedBy, KG.responsibility,
                             KG.geoPrecision, *FIGURE_PROPERTIES.values()]}


def _report_keys() -> tuple[list[str], dict[bytes, int]]:
    """The properties of a report that resolution reads (those :func:`report_properties` reads, and
    kg:hasClaim), and their N-Quads spelling -> position."""
    from kg.vocab import FIGURE_PROPERTIES, KG, RDFS

    keys = [str(p) for p in [_RDF_TYPE, _PROV_FROM, KG.eventType, KG.role, KG.place, KG.date, KG.datePrecision,
                             KG.dateStart, KG.dateEnd, RDFS.label, KG.perpetrator, KG.target, KG.tactic,
                             KG.claimedBy, KG.responsibility, KG.geoPrecision, *FIGURE_PROPERTIES.values(),
                             KG.hasClaim]]
    keys = list(dict.fromkeys(keys))
    return keys, {f"<{k}>".encode(): i for i, k in enumerate(keys)}


def _lines_starting(data: bytes, prefix: bytes) -> Iterable[bytes]:
    """The lines of ``data`` (whole lines) that start with ``prefix``."""
    if data.startswith(prefix):
        end = data.find(b"\n")
        yield data[:end if end != -1 else len(data)]
    needle = b"\n" + prefix
    i = data.find(needle)
    while i != -1:
        end = data.find(b"\n", i + 1)
        if end == -1:
            end = len(data)
        yield data[i + 1:end]
        i = data.find(needle, end)


class _Val:
    """A term's lexical value (all that resolution reads of most report properties), kept small."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value


class _ShardStream(io.RawIOBase):
    """The shards, one after the other, as one N-Quads stream read in blocks of whole lines; notes on
    the way which reports, report places and article files they hold, and (``collect``) the report
    and claim properties that resolution reads, so that the reports loaded need not be read back."""

    def __init__(self, paths: list[Path], on_shard: Callable[[int], None] | None = None, *,
                 collect: bool = False) -> None:
        self._paths = iter(paths)
        self._fh = None
        self._rest = b""
        self._buf = b""
        self._pos = 0
        self.current: Path | None = None
        self.reports: set[str] = set()
        self.places: dict[str, str] = {}              # subject -> kg:place (reports among them)
        self.files: dict[str, str] = {}               # article IRI -> kg:file
        self.bytes = 0
        self._on_shard = on_shard
        self._done = 0
        self.collect = collect
        self.values: dict[str, list] = {}             # report -> [(key position, value)]
        self.claim_of: dict[str, str] = {}            # claim -> report
        self.claims: dict[str, dict[str, str]] = {}   # claim -> {"figure": …, "value": …}
        if collect:
            from kg import ids
            from kg.vocab import KG

            self._keys, self._key_of = _report_keys()
            self._has_claim = self._key_of[f"<{KG.hasClaim}>".encode()]
            self._type_key = self._key_of[f"<{_RDF_TYPE}>".encode()]
            self._report_prefix = ("<" + ids.report("x", 0).rsplit("/", 1)[0] + "/").encode()
            self._claim_prefix = ("<" + ids.figure_claim("x", 0, 0).rsplit("/", 1)[0] + "/").encode()
            self._claim_keys = {f"<{KG.figure}>".encode(): "figure", f"<{KG.value}>".encode(): "value"}

    def readable(self) -> bool:
        return True

    def _collect(self, data: bytes) -> None:
        """Keep the values of the report and claim lines of ``data`` that resolution reads."""
        import sys

        import pyoxigraph as ox

        wanted = []
        for prefix, keys in ((self._report_prefix, self._key_of), (self._claim_prefix, self._claim_keys)):
            for line in _lines_starting(data, prefix):
                parts = line.split(b" ", 2)
                if len(parts) == 3 and parts[1] in keys:
                    wanted.append(line)
        if not wanted:
            return
        intern = sys.intern
        has_claim, key_of, claim_keys = self._has_claim, self._key_of, self._claim_keys
        try:
            for q in ox.parse(b"\n".join(wanted), format=ox.RdfFormat.N_QUADS):
                if not isinstance(q.graph_name, ox.NamedNode):
                    continue                  # report_properties reads named graphs only
                s, o = q.subject.value, q.object
                p = f"<{q.predicate.value}>".encode()
                k = key_of.get(p)
                if k is None:                 # a claim's figure or value
                    self.claims.setdefault(s, {})[claim_keys[p]] = o.value
                elif k == has_claim:
                    self.claim_of[o.value] = s
                else:
                    self.values.setdefault(s, []).append((k, intern(o.value)))
        except SyntaxError:
            pass  # the bulk loader reports it, with the shard's name

    def props_of(self, reports: list[str]) -> tuple[dict[str, dict[str, list]], dict[str, dict]]:
        """(props, details) of ``reports`` as :func:`report_properties` reads them from the store, from
        what the stream held (which it then forgets)."""
        import pyoxigraph as ox

        from kg import pipeline
        from kg.vocab import KG

        if not hasattr(self, "_claims_by_report"):
            self._claims_by_report: dict[str, list[str]] = {}
            for c, r in self.claim_of.items():
                self._claims_by_report.setdefault(r, []).append(c)
        details_set = _detail_keys()
        killed = str(KG.killed)
        props: dict[str, dict[str, list]] = {}
        details: dict[str, dict] = {}
        type_key = self._type_key
        for r in reports:
            for k, value in self.values.pop(r, ()):
                p = self._keys[k]
                v = ox.NamedNode(value) if k == type_key else _Val(value)
                props.setdefault(r, {}).setdefault(p, []).append(v)
                if p in details_set:
                    pipeline._add_detail(details.setdefault(r, {}), p, v)
            for c in self._claims_by_report.pop(r, ()):
                d = self.claims.pop(c, {})
                if d.get("figure") == killed and "value" in d:
                    details.setdefault(r, {}).setdefault("killed_claims", set()).add(int(d["value"]))
        return props, details

    def _scan(self, data: bytes) -> None:
        import pyoxigraph as ox

        if self.collect:
            self._collect(data)

        for line in _lines_with(data, _REPORT_C):
            parts = line.split(None, 3)
            if len(parts) >= 3 and parts[1] == _TYPE_P and parts[2] == _REPORT_C:
                self.reports.add(parts[0][1:-1].decode("utf-8"))
        for line in _lines_with(data, _PLACE_P):
            parts = line.split(None, 3)
            if len(parts) >= 3 and parts[1] == _PLACE_P and parts[2].startswith(b"<"):
                self.places[parts[0][1:-1].decode("utf-8")] = parts[2][1:-1].decode("utf-8")
        for line in _lines_with(data, _FILE_P):
            try:
                for q in ox.parse(line, format=ox.RdfFormat.N_QUADS):
                    if q.predicate.value == _FILE_P[1:-1].decode():
                        self.files[q.subject.value] = q.object.value
            except SyntaxError:
                pass  # the bulk loader reports it, with the shard's name

    def _next(self) -> bool:
        while True:
            if self._fh is None:
                path = next(self._paths, None)
                if path is None:
                    return False
                self.current = path
                self._fh = path.open("rb")
                self._rest = b""
            block = self._fh.read(_BLOCK)
            if not block:
                self._fh.close()
                self._fh = None
                data, self._rest = self._rest, b""
                if data and not data.endswith(b"\n"):
                    data += b"\n"
                self._done += 1
                if self._on_shard:
                    self._on_shard(self._done)
            else:
                cut = block.rfind(b"\n") + 1
                if cut == 0:
                    self._rest += block
                    continue
                data, self._rest = self._rest + block[:cut], block[cut:]
            if data:
                self._scan(data)
                self.bytes += len(data)
                self._buf, self._pos = data, 0
                return True

    def readinto(self, b) -> int:
        while self._pos >= len(self._buf):
            if not self._next():
                return 0
        n = min(len(b), len(self._buf) - self._pos)
        b[:n] = self._buf[self._pos:self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()


@dataclass
class LoadResult:
    shards: int = 0
    articles: int = 0            # articles in the shards
    new: int = 0                 # of which were not in the store before
    replaced: list[str] = field(default_factory=list)   # ids of older versions removed (same file name)
    quads_before: int = 0
    quads_after: int = 0
    bytes: int = 0
    places: int = 0              # places re-resolved
    events: int = 0              # canonical events written
    seconds_load: float = 0.0
    seconds_resolve: float = 0.0
    warnings: list[str] = field(default_factory=list)


def _load_reference(store: Store, path: Path) -> None:
    import pyoxigraph as ox

    from kg.pipeline import ensure_reference
    from kg.vocab import KG, REFERENCE_GRAPH

    if not path.is_file():
        ensure_reference(store)
        return
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, OSError) as e:
        raise InputError(f"cannot read the reference shard: {' '.join(str(e).split())}", path=str(path)) from None
    g = ox.NamedNode(REFERENCE_GRAPH)
    wanted = [q.object.value for q in quads if q.subject == g and q.predicate.value == str(KG.checksum)]
    have = store.select("SELECT ?v WHERE { GRAPH <%s> { <%s> <%s> ?v } }" % (REFERENCE_GRAPH, REFERENCE_GRAPH, KG.checksum))
    if wanted and have and have[0]["v"].value == wanted[0]:
        return
    store.apply(drop_graphs=[g], insert=quads)


def _articles(store: Store) -> dict[str, str]:
    """Article IRI -> kg:file, for every article in the store."""
    from kg.vocab import KG

    return {r["a"].value: r["f"].value
            for r in store.select("SELECT ?a ?f WHERE { ?a a <%s> ; <%s> ?f }" % (KG.Article, KG.file))}


def _bulk(store: Store, stream: _ShardStream) -> None:
    import pyoxigraph as ox

    raw = getattr(store, "raw", None)
    try:
        if raw is not None:
            if store.read_only:
                raise StoreError(f"{store.location}: the store is open read-only")
            raw.bulk_load(io.BufferedReader(stream, buffer_size=1 << 20), format=ox.RdfFormat.N_QUADS)
            return
        chunk: list[bytes] = []
        size = 0
        while True:  # remote store: send ~32 MB at a time
            data = stream.read(1 << 20)
            if data:
                chunk.append(data)
                size += len(data)
            if (not data and chunk) or size >= 32 << 20:
                store.bulk_load(b"".join(chunk), "nquads")
                chunk, size = [], 0
            if not data:
                return
    except SyntaxError as e:
        where = stream.current or "shards"
        raise InputError(f"invalid N-Quads in this shard or one just before it: {' '.join(str(e).split())} "
                         "(shards read before it may be in the store; fix the shard and load again)",
                         path=str(where)) from None
    except OSError as e:
        raise StoreError(f"{store.location}: bulk load failed: {' '.join(str(e).split())}") from None


def _resolve_batch(store: Store, *, places: list[str] = (), reports: list[str] = (),
                   sink: _Inserts | None = None, known: _ShardStream | None = None) -> int:
    """Rebuild the canonical events at ``places`` (all their reports, from every graph), or those of
    the place-less ``reports``; returns the number of events written. Without ``sink``, one atomic
    write; with it, the old events are deleted here and the new quads go to ``sink`` (bulk-loaded later).
    ``known``: the stream the reports were loaded from, whose properties it kept.

    The same resolution as kg.pipeline.reresolve (``stored_summaries``, ``cluster()``,
    ``_canonical_quads()``), in batches of places."""
    import pyoxigraph as ox

    from kg import pipeline
    from kg.resolve import cluster
    from kg.vocab import KG, RESOLVED_GRAPH

    if places:
        values = " ".join(f"<{p}>" for p in places)
        ev_rows = store.select("SELECT DISTINCT ?e WHERE { VALUES ?p { %s } GRAPH <%s> { ?e <%s> ?p } }"
                               % (values, RESOLVED_GRAPH, KG.place))
        members = sorted({r["r"].value for r in store.select(
            "SELECT DISTINCT ?r WHERE { VALUES ?p { %s } GRAPH ?g { ?r <%s> ?p } FILTER(?g != <%s>) }"
            % (values, KG.place, RESOLVED_GRAPH))})
    else:
        ev_rows = store.select("SELECT DISTINCT ?e WHERE { VALUES ?r { %s } GRAPH <%s> { ?e <%s> ?r } }"
                               % (" ".join(f"<{r}>" for r in reports), RESOLVED_GRAPH, KG.report))
        members = sorted(set(reports))
    delete: list = []
    events = sorted({r["e"].value for r in ev_rows})
    if events:
        g = ox.NamedNode(RESOLVED_GRAPH)
        for row in store.select("SELECT ?e ?p ?o WHERE { VALUES ?e { %s } GRAPH <%s> { ?e ?p ?o } }"
                                % (" ".join(f"<{e}>" for e in events), RESOLVED_GRAPH)):
            delete.append(ox.Quad(row["e"], row["p"], row["o"], g))
    if known is not None:
        # the reports just loaded come from what the stream held; older ones are read from the store
        loaded = [r for r in members if r in known.reports]
        props, details = known.props_of(loaded)
        stored = [r for r in members if r not in known.reports]
        if stored:
            more_props, more_details = report_properties(store, stored)
            props.update(more_props)
            details.update(more_details)
        summaries, details = pipeline.summaries_from_props(members, props, details)
    else:
        summaries, details = pipeline.stored_summaries(store, members)
    clusters = cluster(summaries)
    quads = pipeline._canonical_quads(store, clusters, details)
    if sink is None:
        store.apply(delete=delete, insert=quads)
    else:
        if delete:
            store.apply(delete=delete)
        sink.add(quads)
    return len(clusters)


class _Inserts:
    """Canonical-event quads gathered as N-Quads and bulk-loaded by the 256 MB (a transaction per batch
    of places cost several times more than a bulk load of the same quads). Each bulk load runs in a
    thread while the next batches are resolved (pyoxigraph releases the GIL while it loads)."""

    def __init__(self, store: Store, limit: int = 256 << 20) -> None:
        self.store, self.limit = store, limit
        self.parts: list[bytes] = []
        self.size = 0
        self._pool = None
        self._pending = None

    def add(self, quads: list) -> None:
        import pyoxigraph as ox

        if quads:
            data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            self.parts.append(data)
            self.size += len(data)
            if self.size >= self.limit:
                self._submit()

    def _submit(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        if not self.parts:
            return
        data, self.parts, self.size = b"".join(self.parts), [], 0
        self._wait()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-load")
        self._pending = self._pool.submit(self.store.bulk_load, data, "nquads")

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def flush(self) -> None:
        """Load what is left and wait for every load to finish (errors surface here)."""
        self._submit()
        self.close()

    def close(self) -> None:
        """Wait for the load under way (if any) and stop the thread."""
        try:
            self._wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"


def report_properties(store: Store, reports: list[str]) -> tuple[dict[str, dict[str, list]], dict[str, dict]]:
    """(report -> property -> values, for what a summary needs; report -> details as
    kg.pipeline._report_details gives them, built by the same ``_add_detail``).

    Asked per chunk of reports with ``VALUES (?r ?r_i)``: each report is one index read within its
    article graph, and the rows carry the report's position and the property's position in the lists
    below (integers) instead of the IRIs, so the store only looks up the strings of the values. Reading
    every quad of every report by subject decoded four terms per quad and cost most of ``kg load``."""
    from kg import pipeline
    from kg.vocab import FIGURE_PROPERTIES, KG, RDFS

    props: dict[str, dict[str, list]] = {}
    details: dict[str, dict] = {}
    if not reports:
        return props, details
    detail_keys = [str(p) for p in [RDFS.label, KG.perpetrator, KG.target, KG.tactic, KG.claimedBy, KG.responsibility,
                                    KG.geoPrecision, *FIGURE_PROPERTIES.values()]]
    summary_keys = [str(p) for p in [_RDF_TYPE, _PROV_FROM, KG.eventType, KG.role, KG.place, KG.date,
                                     KG.datePrecision, KG.dateStart, KG.dateEnd]]
    wanted = list(dict.fromkeys(summary_keys + detail_keys))
    details_set = set(detail_keys)
    case = "-1"
    for i, prop in reversed(list(enumerate(wanted))):
        case = f"IF(?p = <{prop}>, {i}, {case})"
    reports = list(dict.fromkeys(reports))   # in the order given: the store's index order reads faster
    for i in range(0, len(reports), 1000):
        chunk = reports[i:i + 1000]
        values = " ".join(f"(<{r}> {j})" for j, r in enumerate(chunk))
        for row in store.select("SELECT ?r_i ?k ?o WHERE { VALUES (?r ?r_i) { %s } GRAPH ?g { ?r ?p ?o "
                                "FILTER(?p IN (%s)) } BIND(%s AS ?k) }"
                                % (values, ", ".join(f"<{p}>" for p in wanted), case)):
            r, p, o = chunk[int(row["r_i"].value)], wanted[int(row["k"].value)], row["o"]
            props.setdefault(r, {}).setdefault(p, []).append(o)
            if p in details_set:
                pipeline._add_detail(details.setdefault(r, {}), p, o)
        for row in store.select("SELECT ?r_i ?v WHERE { VALUES (?r ?r_i) { %s } GRAPH ?g { ?r <%s> ?c . "
                                "?c <%s> <%s> ; <%s> ?v } }" % (values, KG.hasClaim, KG.figure, KG.killed, KG.value)):
            r = chunk[int(row["r_i"].value)]
            details.setdefault(r, {}).setdefault("killed_claims", set()).add(int(row["v"].value))
    return props, details


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def load_shards(store: Store, shard_dir: str | os.PathLike, *, batch: int = 200,
                on_step: Callable[[str, int, int], None] | None = None) -> LoadResult:
    """``kg load``: bulk-load every ``*.nq`` file of ``shard_dir``, then re-resolve (see the module doc).

    ``on_step(stage, done, total)`` reports progress (stages "load" over shards, "resolve" over batches)."""
    import time

    from kg.pipeline import remove_article

    folder = Path(shard_dir)
    if not folder.is_dir():
        raise InputError("no such folder", path=str(folder))
    shards = sorted(p for p in folder.glob(f"*{SHARD_SUFFIX}") if p.is_file() and p.name != REFERENCE_SHARD)
    result = LoadResult(shards=len(shards))
    t0 = time.perf_counter()
    _load_reference(store, folder / REFERENCE_SHARD)
    before = _articles(store)
    result.quads_before = store.count()
    stream = _ShardStream(shards, (lambda done: on_step("load", done, len(shards))) if on_step else None,
                          collect=True)
    _bulk(store, stream)
    result.bytes = stream.bytes
    result.seconds_load = time.perf_counter() - t0

    t1 = time.perf_counter()
    loaded = stream.files                                   # article IRI -> file, for the loaded articles
    result.articles = len(loaded)
    result.new = sum(1 for a in loaded if a not in before)
    # an older version of a loaded file (same name, other content) is replaced, as ingest would
    by_file: dict[str, list[str]] = {}
    for a, f in before.items():
        by_file.setdefault(f, []).append(a)
    stale = sorted({a for a_new, f in loaded.items() for a in by_file.get(f, []) if a not in loaded})
    dup_files: dict[str, list[str]] = {}
    for a, f in loaded.items():
        dup_files.setdefault(f, []).append(a)
    for f, arts in sorted(dup_files.items()):
        if len(arts) > 1:
            result.warnings.append(f"{f}: {len(arts)} shards hold this file name "
                                   f"({', '.join(sorted(a.rsplit('/', 1)[-1] for a in arts))}); all were loaded "
                                   "(remove the stale one with `kg remove ID`)")
    for a in stale:
        art_id = a.rsplit("/", 1)[-1]
        remove_article(store, art_id)
        result.replaced.append(art_id)

    report_places = {r: p for r, p in stream.places.items() if r in stream.reports}
    places = sorted(set(report_places.values()))
    placeless = sorted(stream.reports - set(report_places))
    result.places = len(places)
    batches = list(_chunks(places, batch))
    loose = list(_chunks(placeless, batch))
    total = len(batches) + len(loose)
    done = 0
    sink = _Inserts(store)
    try:
        for chunk in batches:
            result.events += _resolve_batch(store, places=chunk, sink=sink, known=stream)
            done += 1
            if on_step:
                on_step("resolve", done, total)
        for chunk in loose:
            result.events += _resolve_batch(store, reports=chunk, sink=sink, known=stream)
            done += 1
            if on_step:
                on_step("resolve", done, total)
        sink.flush()
    finally:
        sink.close()
    # the tallies of graph/summary, from the whole of graph/resolved (right even after an interrupted load)
    from kg import summary
    summary.rebuild(store)
    result.seconds_resolve = time.perf_counter() - t1
    result.quads_after = store.count()
    return result

"""kg's scale benchmarks in one run; prints figures (and writes them as JSON). Not a test.

    python benchmarks/run.py                         # sizes 10k,100k
    python benchmarks/run.py --sizes 10k,100k --big  # 10k, 100k and 1M (1M in the compact layout)
    python benchmarks/run.py --work /big/disk/kgbench --json out.json
    python benchmarks/run.py --big --skip-queries --skip-ingest   # bulk loads only

What it measures (see benchmarks/RESULTS.md for the targets and the latest figures):

* ``kg --help``: wall time of the command, median of 5.
* ingest: a corpus of ``--articles`` generated articles of ~3 KB (benchmarks/synthetic.py) ingested
  into an empty on-disk store with ``--jobs 1`` and ``--jobs 2``; articles/s over the whole command
  and in steady state (first to last article written), peak RSS of the process tree (writer and
  workers, sampled from /proc) and of the largest process, and the time per article spent extracting
  (``--jobs 1``) and writing (checksum check, re-resolution, the write: the writer process); then 30 of
  the articles into the store of the smallest graph size, to show how the writer's cost grows.
* per graph size (events): a synthetic graph in kg's layout (benchmarks/synthetic.py; from
  ``--compact-from``, 1M by default, the compact layout: ~50 instead of ~93 input quads per event, as the
  store takes ~350-450 bytes per quad and 1M events in the full layout do not fit on a small disk); the time of
  raw ``pyoxigraph.Store.bulk_load`` of its files and of ``kg load`` (bulk load + re-resolution of
  the canonical events) of the same files, in quads/s and as a ratio; peak RSS; store size on disk;
  ``kg actor`` wall time in a subprocess (start-up included, median of 5); ``kg actor``'s view and
  every library query (kg/queries; ``events`` both for all events and for one month) in process,
  median of 5 (one run when the first takes over 10 s); the same operations on a plain rdflib
  in-memory Dataset holding the same quads (benchmarks/rdflib_baseline.py), each capped at
  ``--timeout`` seconds (reported as ">60 s"), for sizes up to ``--rdflib-max``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

PY = sys.executable
ACTOR = "ISWAP"


# -- measuring subprocesses ------------------------------------------------------------------------

def _session_rss(sid: int, cpu: dict[int, float] | None = None) -> tuple[int, int]:
    """(sum, largest) of VmRSS (bytes) over the processes of session ``sid``; with ``cpu``, also record each
    process's CPU time so far (user + system, seconds) in it, by pid."""
    total = largest = 0
    tick = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            if int(fields[3]) != sid:  # field 6 of stat is the session id
                continue
            if cpu is not None:    # fields 14 and 15: utime, stime
                cpu[int(d)] = max(cpu.get(int(d), 0.0), (int(fields[11]) + int(fields[12])) / tick)
            with open(f"/proc/{d}/status", "rb") as fh:
                for line in fh:
                    if line.startswith(b"VmRSS:"):
                        rss = int(line.split()[1]) * 1024
                        total += rss
                        largest = max(largest, rss)
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total, largest


def measured(cmd: list[str], *, timeout: float | None = None, env: dict | None = None,
             stdout=subprocess.PIPE) -> dict:
    """Run ``cmd`` in its own session; wall time, peak RSS of its process tree and of its largest process, CPU
    time of the tree (user + system of every process, as last sampled: a process's last 50 ms may be missed)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                            start_new_session=True)
    peak = [0, 0]
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, largest = _session_rss(proc.pid, cpu)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    return {"wall": wall, "rc": proc.returncode, "stdout": out or "", "stderr": err or "", "timed_out": timed_out,
            "peak_rss_tree": peak[0], "max_rss_process": peak[1], "cpu": sum(cpu.values())}


def streamed(cmd: list[str], ops: list, timeout: float, load_timeout: float) -> tuple[dict | None, list[dict]]:
    """Run a worker that prints a header line then one JSON line per op; kill and restart it when one op
    passes ``timeout``. Returns (header of the first start, results in op order)."""
    results: list[dict] = []
    header = None
    todo = list(ops)
    while todo:
        ops_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"kgbench-ops-{os.getpid()}.json"
        ops_file.write_text(json.dumps(todo))
        proc = subprocess.Popen(cmd + [str(ops_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=ROOT, start_new_session=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.monotonic() + load_timeout
        seen = 0
        got_header = False
        killed_op = None
        while True:
            if len(lines) > seen:
                line = lines[seen]
                seen += 1
                data = json.loads(line)
                if not got_header:
                    got_header = True
                    header = header or data
                else:
                    results.append(data)
                    todo.pop(0)
                deadline = time.monotonic() + timeout
                continue
            if proc.poll() is not None and not reader.is_alive():
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, 9)
                if not got_header:
                    header = header or {"load": None, "error": f"load took more than {load_timeout:.0f} s"}
                    results.extend({"op": op, "timeout": load_timeout, "error": "not loaded"} for op in todo)
                    todo = []
                else:
                    killed_op = todo.pop(0)
                    results.append({"op": killed_op, "timeout": timeout})
                break
            time.sleep(0.05)
        proc.wait()
        reader.join(timeout=5)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        ops_file.unlink(missing_ok=True)
        if killed_op is None and todo:  # the worker died
            results.extend({"op": op, "error": (err.strip().splitlines() or ["worker died"])[-1]} for op in todo)
            todo = []
    return header, results


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def fmt_b(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit in ("B", "KiB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def size_arg(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1000, "m": 1000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


# -- workers (run in subprocesses) ----------------------------------------------------------------

def _w_ingest(store_dir: str, articles: str, jobs: str) -> None:
    import kg.extract
    import kg.pipeline
    from kg.parallel import ingest_parallel
    from kg.pipeline import ingest
    from kg.store import open_store

    # where the writer's time goes: the ArticleWriter (checksum check, re-resolution, the writes) and, with
    # one job, the extraction inside it; with two jobs extraction runs in the workers
    spent = {"ingest_article": 0.0, "extract": 0.0}

    def timed(name, f):
        def g(*a, **k):
            t = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
        return g

    for name in ("add", "flush"):   # the writer: ArticleWriter.add (extracts with one job) and .flush
        setattr(kg.pipeline.ArticleWriter, name, timed("ingest_article", getattr(kg.pipeline.ArticleWriter, name)))
    kg.extract.extract = timed("extract", kg.extract.extract)
    t0 = time.perf_counter()
    stamps: list[float] = []
    with open_store(store_dir) as store:
        cb = lambda f, s: stamps.append(time.perf_counter())  # noqa: E731
        if int(jobs) > 1:
            r = ingest_parallel(store, [articles], jobs=int(jobs), on_article=cb, progress=False)
        else:
            r = ingest(store, [articles], on_article=cb)
    end = time.perf_counter()
    print(json.dumps({"seconds": end - t0, "first": stamps[0] - t0 if stamps else None,
                      "last": stamps[-1] - t0 if stamps else None, "articles": len(stamps),
                      "added": len(r.added), "errors": len(r.errors),
                      "extract_seconds": spent["extract"],
                      "writer_seconds": spent["ingest_article"] - spent["extract"]}))


def _w_raw_load(graph_dir: str, store_dir: str) -> None:
    import pyoxigraph as ox

    t = time.perf_counter()
    s = ox.Store(store_dir)
    for f in sorted(Path(graph_dir).glob("*.nq")):
        s.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    s.flush()
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "quads": len(s)}))


def _w_kg_ops(store_dir: str, ops_file: str) -> None:
    from benchmarks.rdflib_baseline import time_op
    from kg.store import open_store

    t = time.perf_counter()
    store = open_store(store_dir, read_only=True)
    print(json.dumps({"open": time.perf_counter() - t, "quads": store.count()}), flush=True)
    for op in json.loads(Path(ops_file).read_text()):
        try:
            out = time_op(store, op)
        except Exception as e:  # noqa: BLE001
            out = {"op": op, "error": f"{type(e).__name__}: {e}"[:300]}
        print(json.dumps(out), flush=True)


def _w_summary(store_dir: str) -> None:
    """Rebuild graph/summary of a store loaded by a kg older than the tallies (what its next write would do)."""
    from kg import summary
    from kg.store import open_store
    with open_store(store_dir) as s:
        if summary.complete(s):
            print(json.dumps({"seconds": None}))
            return
        t = time.perf_counter()
        n = summary.rebuild(s)
        print(json.dumps({"seconds": time.perf_counter() - t, "tallies": n}))


def _w_pick(store_dir: str) -> None:
    """A place with events (for events-near) and the actor's event count, from a built store."""
    from kg.store import open_store
    from kg.vocab import KG, RESOLVED_GRAPH

    with open_store(store_dir, read_only=True) as s:
        rows = s.select("SELECT ?p (COUNT(?e) AS ?n) WHERE { GRAPH <%s> { ?e <%s> ?p } } GROUP BY ?p "
                        "ORDER BY DESC(?n) ?p LIMIT 1" % (RESOLVED_GRAPH, KG.place))
        print(json.dumps({"place": rows[0]["p"].value if rows else None}))


WORKERS = {"_ingest": _w_ingest, "_raw_load": _w_raw_load, "_kg_ops": _w_kg_ops, "_pick": _w_pick, "_summary": _w_summary}


# -- the run --------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    import pyoxigraph
    import rdflib
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": fmt_b(mem), "os": platform.platform(),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__, "loadavg_start": os.getloadavg()}


def kg_cmd(*args: str) -> list[str]:
    return [PY, "-m", "kg", *args]


def bench_help(report: dict) -> None:
    times = []
    for _ in range(5):
        r = measured(kg_cmd("--help"))
        times.append(r["wall"])
    report["help"] = {"median": statistics.median(times), "all": times}
    print(f"kg --help: {fmt_s(report['help']['median'])} (median of 5)", flush=True)


def bench_ingest(report: dict, work: Path, n_articles: int, big_store: Path | None, into_articles: int = 30,
                 jobs_list: tuple[str, ...] = ("1", "2")) -> None:
    from benchmarks.synthetic import generate_articles

    articles = work / f"articles-{n_articles}"
    if not articles.is_dir() or len(list(articles.glob("*.md"))) != n_articles:
        shutil.rmtree(articles, ignore_errors=True)
        generate_articles(n_articles, articles)
    sizes = [p.stat().st_size for p in articles.glob("*.md")]
    report["ingest"] = {"articles": n_articles, "mean_bytes": sum(sizes) / len(sizes), "runs": {},
                        "loadavg_start": os.getloadavg()}
    few = work / f"articles-{n_articles}-first-{into_articles}"
    if not few.is_dir():
        few.mkdir()
        for p in sorted(articles.glob("*.md"))[:into_articles]:
            shutil.copy(p, few / p.name)
    runs = [(f"jobs {j}", j, None, articles) for j in jobs_list]
    if big_store is not None:  # the writer's cost as the store grows: fewer articles, it is slow
        runs += [(f"jobs {j}, {into_articles} articles into {big_store.name}", j, big_store, few) for j in jobs_list]
    for label, jobs, base, source in runs:
        store = work / "ingest-store"
        shutil.rmtree(store, ignore_errors=True)
        if base is not None:
            shutil.copytree(base, store)
        load = os.getloadavg()
        r = measured([PY, str(HERE / "run.py"), "_ingest", str(store), str(source), jobs])
        if r["rc"] != 0:
            print(r["stderr"][-2000:])
            raise SystemExit(f"ingest {label} failed")
        out = json.loads(r["stdout"].strip().splitlines()[-1])
        steady = (out["articles"] - 1) / (out["last"] - out["first"]) if out["articles"] > 1 else None
        n_art = max(out["articles"], 1)
        item = {"wall": r["wall"], "articles_per_s": out["articles"] / r["wall"], "steady_articles_per_s": steady,
                "first_article_after": out["first"], "peak_rss_tree": r["peak_rss_tree"],
                "max_rss_process": r["max_rss_process"], "added": out["added"], "errors": out["errors"],
                "cpu": r["cpu"], "loadavg_before": load,
                "extract_ms_per_article": 1000 * out["extract_seconds"] / n_art if jobs == "1" else None,
                "writer_ms_per_article": 1000 * out["writer_seconds"] / n_art}
        report["ingest"]["runs"][label] = item
        split = (f"extraction {item['extract_ms_per_article']:.1f} ms + writer {item['writer_ms_per_article']:.1f} ms "
                 "per article" if jobs == "1" else f"writer {item['writer_ms_per_article']:.1f} ms per article")
        print(f"ingest, {label}: {out['articles']} articles, {item['articles_per_s']:.1f} articles/s overall, "
              f"{steady or 0:.1f} steady (first write after {out['first']:.1f} s), "
              f"peak RSS {fmt_b(r['peak_rss_tree'])} (tree), {fmt_b(r['max_rss_process'])} (largest process); "
              f"{split}; wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s (tree); load average before "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
        shutil.rmtree(store, ignore_errors=True)


def library_ops(place: str | None) -> list:
    from kg.queries import list_queries

    ops: list = [["actor", ACTOR]]
    for q in list_queries():
        params = {}
        for p in q.params:
            if p.type == "actor":
                params[p.name] = ACTOR
            elif p.type == "place" and place:
                params[p.name] = place
        if any(p.type == "place" for p in q.params) and not place:
            continue
        ops.append(["query", q.name, params])
        if q.name == "events":  # all events, and the events of one month (what a reader asks for)
            ops.append(["query", q.name, {"from": MONTH[0], "to": MONTH[1]}])
    return ops


MONTH = ("2016-06-01", "2016-06-30")


def op_name(op: list) -> str:
    if op[0] == "actor":
        return "kg actor (view)"
    if op[1] == "events" and op[2]:
        return "events (one month)"
    return op[1]


def bench_size(report: dict, work: Path, n: int, args) -> Path:
    from benchmarks.synthetic import generate_graph

    label = f"{n // 1000}k" if n < 1000_000 else f"{n // 1000_000}M"
    layout = "compact" if args.compact_from and n >= args.compact_from else "full"
    item: dict = {"events": n, "layout": layout, "loadavg_start": os.getloadavg()}
    report.setdefault("sizes", {})[label] = item
    gdir = work / (f"graph-{label}" if layout == "full" else f"graph-{label}-{layout}")
    stamp = gdir / "generated.json"
    if not stamp.is_file():
        shutil.rmtree(gdir, ignore_errors=True)
        t = time.perf_counter()
        info = generate_graph(n, gdir, layout=layout)
        info["seconds"] = time.perf_counter() - t
        stamp.write_text(json.dumps(info))
    item["graph"] = json.loads(stamp.read_text())
    nq_bytes = sum(f.stat().st_size for f in gdir.glob("*.nq"))
    print(f"\n== {label} events ({layout} layout): {item['graph']['articles']} articles, "
          f"{item['graph']['reports']} reports, {item['graph']['lines']:,} quads, {fmt_b(nq_bytes)} of N-Quads "
          f"(generated in {item['graph']['seconds']:.0f} s)", flush=True)

    existing = dict(args.existing or []).get(label)
    if existing:  # measure the queries on a store built before (kg load of this graph): no loads
        store = Path(existing)
        item["existing_store"] = {"path": str(store), "store_bytes": du(store)}
        print(f"existing store {store} ({fmt_b(du(store))}): raw bulk load and kg load not run", flush=True)
        r = measured([PY, str(HERE / "run.py"), "_summary", str(store)])
        item["summary_rebuild"] = json.loads(r["stdout"].strip().splitlines()[-1])
        if item["summary_rebuild"].get("seconds") is not None:   # a store loaded before kg kept tallies
            print(f"graph/summary rebuilt (the store had no tallies): {item['summary_rebuild']['tallies']} tallies "
                  f"in {fmt_s(item['summary_rebuild']['seconds'])}", flush=True)
        return _bench_queries(item, work, label, n, store, args)

    # raw pyoxigraph bulk_load
    raw = work / f"raw-{label}"
    shutil.rmtree(raw, ignore_errors=True)
    r = measured([PY, str(HERE / "run.py"), "_raw_load", str(gdir), str(raw)])
    if r["rc"] != 0:
        print(r["stderr"][-2000:])
        raise SystemExit("raw load failed")
    out = json.loads(r["stdout"].strip().splitlines()[-1])
    item["raw_load"] = {"seconds": out["seconds"], "quads": out["quads"], "quads_per_s": out["quads"] / out["seconds"],
                        "peak_rss_tree": r["peak_rss_tree"], "store_bytes": du(raw)}
    shutil.rmtree(raw, ignore_errors=True)
    print(f"raw bulk_load: {fmt_s(out['seconds'])}, {out['quads'] / out['seconds']:,.0f} quads/s, "
          f"peak RSS {fmt_b(r['peak_rss_tree'])}", flush=True)

    # kg load
    store = work / f"store-{label}"
    shutil.rmtree(store, ignore_errors=True)
    r = measured(kg_cmd("--store", str(store), "load", str(gdir)))
    if r["rc"] != 0:
        print(r["stderr"][-2000:])
        raise SystemExit("kg load failed")
    import re
    m = re.search(r"load ([\d.]+) s, resolve ([\d.]+) s", r["stderr"])
    quads_loaded = out["quads"]
    item["kg_load"] = {"wall": r["wall"], "load_phase": float(m.group(1)) if m else None,
                       "resolve_phase": float(m.group(2)) if m else None,
                       "quads_per_s": quads_loaded / r["wall"], "ratio_to_raw": out["seconds"] / r["wall"],
                       "peak_rss_tree": r["peak_rss_tree"], "store_bytes": du(store), "summary": r["stderr"].strip()}
    print(f"kg load: {fmt_s(r['wall'])} (bulk {m.group(1) if m else '?'} s + resolve {m.group(2) if m else '?'} s), "
          f"{quads_loaded / r['wall']:,.0f} input quads/s = {100 * out['seconds'] / r['wall']:.0f} % of raw; "
          f"peak RSS {fmt_b(r['peak_rss_tree'])}; store {fmt_b(du(store))}", flush=True)

    if args.skip_queries:
        item["loadavg_end"] = os.getloadavg()
        if not args.keep and n != args.keep_size:
            shutil.rmtree(store, ignore_errors=True)
        return store

    return _bench_queries(item, work, label, n, store, args)


def _bench_queries(item: dict, work: Path, label: str, n: int, store: Path, args) -> Path:
    # kg actor, wall in a subprocess
    walls = []
    for _ in range(5):
        r = measured(kg_cmd("--store", str(store), "actor", ACTOR, "--json"), stdout=subprocess.DEVNULL,
                     timeout=args.timeout * 10)
        walls.append(None if r["timed_out"] else r["wall"])
        if r["timed_out"] or r["rc"] != 0 or r["wall"] > args.timeout:
            break  # one run is enough to say it is slow
    item["actor_wall"] = {"median": statistics.median([w for w in walls if w is not None]) if any(walls) else None,
                          "runs": walls, "rc": r["rc"], "peak_rss_tree": r["peak_rss_tree"]}
    print(f"kg actor {ACTOR} --json (subprocess, wall): {fmt_s(item['actor_wall']['median'])}", flush=True)

    # the target names "a group with hundreds of events": the armed group whose count is nearest 500
    r = measured([PY, str(HERE / "run.py"), "_mid_actor", str(store)])
    mid = json.loads(r["stdout"].strip().splitlines()[-1])
    walls = []
    for _ in range(5):
        r = measured(kg_cmd("--store", str(store), "actor", mid["name"], "--json"), stdout=subprocess.DEVNULL,
                     timeout=args.timeout * 10)
        walls.append(None if r["timed_out"] else r["wall"])
        if r["timed_out"] or r["rc"] != 0:
            break
    item["mid_actor"] = {**mid, "wall_median": statistics.median([w for w in walls if w is not None]) if any(walls)
                         else None, "runs": walls}
    print(f"kg actor {mid['name']} --json ({mid['events']} events; subprocess, wall): "
          f"{fmt_s(item['mid_actor']['wall_median'])}; view in process {fmt_s(mid['view_seconds'])}", flush=True)

    # in-process operations, kg (Oxigraph) and rdflib
    r = measured([PY, str(HERE / "run.py"), "_pick", str(store)])
    place = json.loads(r["stdout"].strip().splitlines()[-1])["place"]
    ops = library_ops(place)
    header, kg_results = streamed([PY, str(HERE / "run.py"), "_kg_ops", str(store)], ops, args.timeout * 10,
                                  args.timeout * 10)
    item["kg_ops"] = kg_results
    rd_results: list[dict] = []
    rd_header = None
    if n <= args.rdflib_max:
        dump = work / f"dump-{label}.nq"
        from kg.store import open_store
        with open_store(store, read_only=True) as s, dump.open("wb") as fh:
            s.dump(fh, "nquads")
        rd_header, rd_results = streamed([PY, str(HERE / "rdflib_baseline.py"), str(dump)], ops, args.timeout,
                                         args.load_timeout)
        dump.unlink(missing_ok=True)
    item["rdflib_load"] = rd_header
    item["rdflib_ops"] = rd_results
    print(f"{'operation':<28}{'rows':>8}{'kg (Oxigraph)':>16}{'rdflib':>14}{'speed-up':>12}")
    for i, op in enumerate(ops):
        k = kg_results[i] if i < len(kg_results) else {}
        b = rd_results[i] if i < len(rd_results) else None
        name = op_name(op)
        ks = k.get("seconds")
        if b is None:
            bs, ratio = "–", ""
        elif "seconds" in b:
            bs, ratio = fmt_s(b["seconds"]), (f"{b['seconds'] / ks:,.0f}×" if ks else "")
        elif "timeout" in b:
            bs, ratio = f">{b['timeout']:.0f} s", (f">{b['timeout'] / ks:,.0f}×" if ks else "")
        else:
            bs, ratio = "error", ""
        kt = fmt_s(ks) if ks is not None else ("timeout" if "timeout" in k else "error")
        print(f"{name:<28}{k.get('rows', ''):>8}{kt:>16}{bs:>14}{ratio:>12}", flush=True)
    if rd_header:
        print(f"(rdflib load of the same quads: {fmt_s(rd_header.get('load'))})")
    item["loadavg_end"] = os.getloadavg()
    print(f"(load average at the start and end of this size: {item['loadavg_start']} -> {item['loadavg_end']})",
          flush=True)
    if not args.keep and n != args.keep_size and "existing_store" not in item:
        shutil.rmtree(store, ignore_errors=True)
    return store


def _w_mid_actor(store_dir: str) -> None:
    """Print the armed group with the perpetrated-event count nearest 500, and its view time in process."""
    from kg import views
    from kg.store import open_store

    with open_store(store_dir, read_only=True) as store:
        rows = store.select("SELECT ?a (COUNT(?e) AS ?n) WHERE { GRAPH <https://w3id.org/kg-armed-groups/graph/resolved> "
                            "{ ?e <https://w3id.org/kg-armed-groups/ontology#perpetrator> ?a } } GROUP BY ?a")
        a, n = min(((r["a"].value, int(r["n"].value)) for r in rows), key=lambda x: abs(x[1] - 500))
        name = views.labels(store).get(a, a)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            views.actor_history(store, name)
            times.append(time.perf_counter() - t)
    print(json.dumps({"name": name, "iri": a, "events": n, "view_seconds": statistics.median(times)}))


WORKERS["_mid_actor"] = _w_mid_actor


def main(argv: list[str] | None = None) -> None:
    if len(sys.argv) > 1 and sys.argv[1] in WORKERS:
        WORKERS[sys.argv[1]](*sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description="kg scale benchmarks (prints figures)")
    ap.add_argument("--sizes", default="10k,100k", help="graph sizes in events, comma-separated (10k, 100k, 1M)")
    ap.add_argument("--big", action="store_true", help="add 1M events")
    ap.add_argument("--articles", type=int, default=300, help="articles for the ingest benchmark")
    ap.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp") + "/kgbench", help="scratch folder")
    ap.add_argument("--timeout", type=float, default=60.0, help="cap per rdflib operation, seconds")
    ap.add_argument("--load-timeout", type=float, default=1800.0, help="cap on loading rdflib, seconds")
    ap.add_argument("--rdflib-max", type=size_arg, default=size_arg("10k"), help="largest size run on rdflib too")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--ingest-jobs", default="1,2", help="the --jobs values of the ingest runs, comma-separated")
    ap.add_argument("--skip-queries", action="store_true", help="per size, only the raw bulk load and kg load")
    ap.add_argument("--into-articles", type=int, default=30, help="articles ingested into the smallest graph's store")
    ap.add_argument("--ingest-into", default=None, help="with --sizes '': an existing store for the 'into' runs")
    ap.add_argument("--compact-from", type=size_arg, default=size_arg("1M"),
                    help="sizes from this one on use the compact graph layout (~50 instead of ~93 input quads per "
                         "event; 0: never), so that 1M events fit on a small disk")
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    ap.add_argument("--existing", action="append", type=lambda v: tuple(v.split("=", 1)), metavar="SIZE=STORE",
                    help="measure the queries of this size on a store already loaded (kg load of the same graph) "
                         "instead of loading one; it is left in place (repeatable; e.g. 1M=/big/disk/store-1M)")
    ap.add_argument("--json", default=None, help="write every figure here")
    args = ap.parse_args(argv)
    sizes = [size_arg(s) for s in args.sizes.split(",") if s.strip()]
    if args.big and 1000_000 not in sizes:
        sizes.append(1000_000)
    sizes.sort()
    args.keep_size = sizes[0] if sizes else None
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"machine": machine(), "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])}
    print(json.dumps(report["machine"]), flush=True)
    bench_help(report)
    first_store = None
    for n in sizes:
        store = bench_size(report, work, n, args)
        if n == sizes[0]:
            first_store = store
    if args.ingest_into:
        first_store = Path(args.ingest_into)
    if not args.skip_ingest:
        bench_ingest(report, work, args.articles, first_store if first_store and first_store.exists() else None,
                     args.into_articles, tuple(j.strip() for j in args.ingest_jobs.split(",") if j.strip()))
    if args.ingest_into:
        first_store = None  # not ours to delete
    if first_store is not None and not args.keep and str(first_store) not in dict(args.existing or []).values():
        shutil.rmtree(first_store, ignore_errors=True)
    report["machine"]["loadavg_end"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()

"""Single-process extraction throughput, and what dominates it. Prints figures; not a test.

    python benchmarks/extract_speed.py [--n 1000] [--top 25] [--corpus DIR]

Reads the articles of the development set (``../shared/eval/dev`` next to the repository, else
``tests/corpus``), repeats them up to ``--n`` articles and times ``kg.extract.extract`` on each in
this one process, after a warm-up that loads the reference data (timed separately: it is the
start-up cost a worker pays once). Then profiles the same loop with cProfile and prints the
functions with the most own time, and the time per kg module.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    dev = ROOT.parent / "shared" / "eval" / "dev"
    return dev if dev.is_dir() else ROOT / "tests" / "corpus"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="kg extraction throughput (one process)")
    ap.add_argument("--n", type=int, default=1000, help="articles to extract (the corpus repeated)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args(argv)

    t = time.perf_counter()
    from kg.extract import extract
    from kg.read import iter_paths, read_path
    t_import = time.perf_counter() - t

    folder = corpus_dir(args.corpus)
    articles = [a for p in iter_paths([str(folder)]) for a in read_path(p)]
    articles = [a for a in articles if a.file.lower() != "readme.md"]
    if not articles:
        raise SystemExit(f"{folder}: no articles")
    batch = [articles[i % len(articles)] for i in range(args.n)]
    total_bytes = sum(len(a.text.encode("utf-8")) for a in batch)

    from kg.parallel import warm_reference
    t = time.perf_counter()
    warm_reference()
    t_warm = time.perf_counter() - t

    per: list[float] = []
    t0 = time.perf_counter()
    for a in batch:
        t = time.perf_counter()
        extract(a)
        per.append(time.perf_counter() - t)
    wall = time.perf_counter() - t0

    print(f"corpus: {folder} ({len(articles)} articles, {sum(len(a.text) for a in articles) / len(articles):,.0f} "
          f"characters on average), repeated to {len(batch)}")
    print(f"start-up: import {t_import:.2f} s, reference data and matchers {t_warm:.2f} s (once per process)")
    print(f"extraction: {len(batch) / wall:.1f} articles/s, {total_bytes / 1024 / wall:.0f} KB/s "
          f"(median {statistics.median(per) * 1000:.1f} ms, p95 {sorted(per)[int(0.95 * len(per))] * 1000:.1f} ms "
          f"per article)")
    by_file: dict[str, list[float]] = defaultdict(list)
    for a, s in zip(batch, per):
        by_file[a.file].append(s)
    print("per article (median ms, characters):")
    for name, times in sorted(by_file.items(), key=lambda kv: -statistics.median(kv[1])):
        size = next(len(a.text) for a in articles if a.file == name)
        print(f"  {statistics.median(times) * 1000:7.1f}  {size:6d}  {name}")

    prof = cProfile.Profile()
    prof.enable()
    for a in batch[: min(len(batch), 300)]:
        extract(a)
    prof.disable()
    stats = pstats.Stats(prof)
    print(f"\ncProfile of {min(len(batch), 300)} extractions, by own time:")
    stats.sort_stats("tottime").print_stats(args.top)
    modules: dict[str, float] = defaultdict(float)
    for (filename, _line, _fn), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        path = filename.replace("\\", "/")
        if "/kg/" in path:
            key = "kg/" + path.rsplit("/kg/", 1)[1]
        elif filename.startswith("~") or filename.startswith("<"):
            key = "builtins (re, str, ...)"
        else:
            key = "other libraries"
        modules[key] += tt
    whole = sum(modules.values())
    print("own time by module:")
    for key, tt in sorted(modules.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {100 * tt / whole:5.1f} %  {key}")


if __name__ == "__main__":
    main()

"""Benchmark: how long the network page takes to build, write and draw, by graph size.

    python benchmarks/render_network.py                  # 500, 2,000 and 10,000 actors
    python benchmarks/render_network.py --sizes 500 1000 --keep /tmp/pages

For each size it makes a synthetic graph (kg.export.synthetic), builds it (build_graph), writes
the page (write_html: above 1,000 nodes this includes the precomputed layout), then opens the
page from file:// in headless Chromium over the DevTools pipe (tests/browser/cdp.py) and reads
the page's own timings: ``first draw`` is vis-network's first 'afterDrawing' event, ``ready`` is
the end of the physics stabilisation (small graphs) or the first draw (precomputed layouts), both
in milliseconds since navigation start. Without Chromium only the Python side is measured.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from kg.export.network import LARGE_GRAPH, build_graph, write_html  # noqa: E402
from kg.export.synthetic import synthetic_dataset  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    ap.add_argument("--keep", type=Path, help="write the pages here (default: a temporary folder)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for a page to be ready")
    ap.add_argument("--screenshots", action="store_true", help="save a PNG of each page next to it")
    args = ap.parse_args(argv)

    try:
        from cdp import Browser, find_chromium
        chromium = find_chromium()
    except ImportError:
        chromium = None
    out = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser(chromium) if chromium else None
    if browser is None:
        print("no Chromium found: measuring the Python side only", file=sys.stderr)
    else:
        print(f"browser: {browser.version.get('product')}", file=sys.stderr)

    rows = []
    try:
        for n in args.sizes:
            data = synthetic_dataset(n, seed=1)
            t = time.perf_counter()
            G = build_graph(data["events"], data["actors"], data["relations"])
            t_build = time.perf_counter() - t
            path = out / f"network-{n}.html"
            t = time.perf_counter()
            write_html(G, path, title=f"Synthetic network, {n:,} actors")
            t_write = time.perf_counter() - t
            row = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                   "mode": "precomputed" if G.number_of_nodes() > LARGE_GRAPH else "physics",
                   "build_s": t_build, "write_s": t_write, "size_mb": path.stat().st_size / 1e6}
            if browser is not None:
                page = browser.open("about:blank")
                t = time.perf_counter()
                page.navigate(path.as_uri(), timeout=args.timeout)
                row["load_ms"] = (time.perf_counter() - t) * 1000
                page.wait_for("window.kgNetwork && kgNetwork.ready", timeout=args.timeout, interval=0.1)
                row["wall_ms"] = (time.perf_counter() - t) * 1000
                row["first_draw_ms"] = page.evaluate("kgNetwork.firstDraw")
                row["ready_ms"] = page.evaluate("kgNetwork.stabilized")
                row["errors"] = len(page.errors)
                if args.screenshots:
                    page.screenshot(path.with_suffix(".png"))
                page.close()
            rows.append(row)
            print(f"done {n}", file=sys.stderr)
    finally:
        if browser is not None:
            browser.close()

    head = (f"{'nodes':>7} {'edges':>7} {'mode':>11} {'build s':>8} {'write s':>8} {'page MB':>8}"
            + (f" {'load ms':>8} {'1st draw ms':>11} {'ready ms':>9} {'wall ms':>8} {'errors':>6}" if browser else ""))
    print(head)
    print("-" * len(head))
    for r in rows:
        line = (f"{r['nodes']:>7,} {r['edges']:>7,} {r['mode']:>11} {r['build_s']:>8.2f} {r['write_s']:>8.2f} "
                f"{r['size_mb']:>8.2f}")
        if "load_ms" in r:
            line += (f" {r['load_ms']:>8.0f} {r['first_draw_ms'] or 0:>11.0f} {r['ready_ms'] or 0:>9.0f} "
                     f"{r['wall_ms']:>8.0f} {r['errors']:>6}")
        print(line)
    print(f"pages in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Parallel ingest (issue "Query it at scale"): extraction in worker processes, one writer.

The runs that compare graphs start kg in subprocesses with a fixed PYTHONHASHSEED: workers are
separate processes, and extraction must give the same findings in each of them (some articles
currently depend on set iteration order, i.e. on the hash seed; a fixed seed keeps these tests
about ingest, not about that).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.pop("KG_STORE", None)
    return env


def _kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=_env(),
                          cwd=ROOT, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def _summary(stderr: str) -> dict[str, int]:
    m = re.search(r"(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) failed", stderr)
    assert m, stderr
    return dict(zip(("added", "replaced", "unchanged", "failed"), map(int, m.groups())))


def _quads(location: Path) -> set:
    with open_store(location, read_only=True) as s:
        return set(s.quads())


def _stats(location: Path) -> dict:
    from kg.stats import stats
    with open_store(location, read_only=True) as s:
        return stats(s)


def _corpus(dest: Path, copies: int = 1) -> Path:
    """tests/corpus, plus ``copies - 1`` edited copies of each Markdown article (other content, other name)."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(CORPUS.iterdir()):
        if f.suffix in (".md", ".html") and f.name != "README.md":
            shutil.copy(f, dest / f.name)
    for i in range(1, copies):
        for f in sorted(CORPUS.glob("*.md")):
            if f.name == "README.md":
                continue
            text = f.read_text(encoding="utf-8")
            (dest / f"copy{i}-{f.name}").write_text(text + f"\nThis is copy {i} of the report.\n", encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The same corpus ingested serially and with --jobs 2 (plus a bad input and a missing path)."""
    base = tmp_path_factory.mktemp("parallel")
    corpus = _corpus(base / "articles")
    (corpus / "broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    serial = _kg("--store", str(base / "serial"), "ingest", str(corpus), str(base / "missing.md"), check=False)
    parallel = _kg("--store", str(base / "parallel"), "ingest", "--jobs", "2", str(corpus),
                   str(base / "missing.md"), check=False)
    return base, corpus, serial, parallel


def test_jobs_2_gives_the_serial_graph(runs):
    base, _, serial, parallel = runs
    assert _summary(parallel.stderr) == _summary(serial.stderr)
    assert _summary(parallel.stderr)["added"] >= 18
    a, b = _quads(base / "serial"), _quads(base / "parallel")
    assert a and a == b


def test_errors_are_reported_in_input_order_and_the_rest_lands(runs):
    _, _, serial, parallel = runs
    assert serial.returncode == parallel.returncode == 1
    problems = lambda p: [l for l in p.stderr.splitlines() if l.startswith("kg: ") and " added, " not in l]  # noqa: E731
    assert problems(parallel) == problems(serial)
    text = "\n".join(problems(parallel))
    assert "missing.md" in text and "broken.md" in text and "empty.txt" in text
    assert _summary(parallel.stderr)["failed"] == 3


def test_rerun_is_a_no_op_and_a_changed_file_is_replaced(runs, tmp_path):
    base, corpus, _, _ = runs
    store = tmp_path / "store"
    shutil.copytree(base / "parallel", store)
    before = _quads(store)
    again = _kg("--store", str(store), "ingest", "--jobs", "2", str(corpus), check=False)
    counts = _summary(again.stderr)
    assert counts["added"] == counts["replaced"] == 0 and counts["unchanged"] >= 18
    assert _quads(store) == before
    edited = tmp_path / "edited"
    edited.mkdir()
    src = corpus / "wire-dapchi-2018-02.md"
    (edited / src.name).write_text(src.read_text(encoding="utf-8").replace("110 girls", "111 girls"),
                                   encoding="utf-8")
    out = _kg("--store", str(store), "ingest", "--jobs", "2", str(edited))
    assert _summary(out.stderr) == {"added": 0, "replaced": 1, "unchanged": 0, "failed": 0}


def test_in_process_api_matches_serial_api(tmp_path, monkeypatch):
    """ingest_parallel() called directly: same statuses, same order, same on_article calls."""
    from kg.parallel import ingest_parallel
    from kg.pipeline import ingest

    files = [CORPUS / "wire-dapchi-2018-02.md", CORPUS / "toll-moura-2023-05.md", CORPUS / "claim-palma-2021-03.md"]
    monkeypatch.setenv("PYTHONHASHSEED", "0")  # the workers'; these three articles do not depend on it anyway
    seen_s, seen_p = [], []
    with open_store("memory") as s, open_store("memory") as p:
        rs = ingest(s, [str(f) for f in files], on_article=lambda f, st: seen_s.append((f, st)))
        rp = ingest_parallel(p, [str(f) for f in files], jobs=2, progress=True,
                             on_article=lambda f, st: seen_p.append((f, st)))
        assert rp.added == rs.added == [f.name for f in files]
        assert seen_p == seen_s
        assert set(p.quads()) == set(s.quads())
        rp2 = ingest_parallel(p, [str(f) for f in files], jobs=1, progress=False)
        assert rp2.unchanged == [f.name for f in files] and not rp2.added


_KILLABLE = """
import sys
from kg.parallel import ingest_parallel
from kg.store import open_store

if __name__ == "__main__":
    store = open_store(sys.argv[1])
    ingest_parallel(store, [sys.argv[2]], jobs=2, progress=False,
                    on_article=lambda f, s: print(s, f, flush=True))
    store.close()
    print("done", flush=True)
"""


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_completes(tmp_path):
    """Kill an ingest (writer and workers) mid-way with SIGKILL; running it again finishes the job and
    gives the graph and the stats of an uninterrupted run."""
    corpus = _corpus(tmp_path / "articles", copies=3)
    total = len(list(corpus.iterdir()))
    clean = _kg("--store", str(tmp_path / "clean"), "ingest", "--jobs", "2", str(corpus))
    assert _summary(clean.stderr)["added"] == total

    script = tmp_path / "killable.py"
    script.write_text(_KILLABLE, encoding="utf-8")
    store = tmp_path / "resumed"
    proc = subprocess.Popen([sys.executable, str(script), str(store), str(corpus)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=_env(), cwd=ROOT, start_new_session=True)
    written = 0
    try:
        deadline = time.monotonic() + 300
        while written < 5 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("added "):
                written += 1
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the writer and its worker processes (its own session)
        proc.wait(timeout=60)
        proc.stdout.close()
    assert written == 5, "the run ended before it could be interrupted"

    again = _kg("--store", str(store), "ingest", "--jobs", "2", str(corpus))
    counts = _summary(again.stderr)
    assert counts["unchanged"] >= 5 and counts["added"] > 0, counts  # interrupted mid-way, then resumed
    assert counts["unchanged"] + counts["added"] == total and counts["replaced"] == counts["failed"] == 0
    assert _stats(store) == _stats(tmp_path / "clean")
    assert _quads(store) == _quads(tmp_path / "clean")

"""`kg extract` (N-Quads shards) and `kg load` (bulk load + re-resolution) give the graph of `kg ingest`."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.pipeline import ingest
from kg.shards import REFERENCE_SHARD, extract_shards, extract_to_shards, load_shards, reference_quads
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def _quads(store) -> set:
    quads = set(store.quads())
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)), \
        "blank nodes: compare with an isomorphism test instead"
    return quads  # without blank nodes, equal quad sets are isomorphic datasets


def _articles(dest: Path, names: list[str]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, dest / name)
    return dest


ALL = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".md", ".html") and p.name != "README.md")


@pytest.fixture(scope="module")
def ingested():
    """`kg ingest` of the whole test corpus (in this process: extraction here is the same as below)."""
    store = open_store("memory")
    result = ingest(store, [str(CORPUS / n) for n in ALL])
    assert result.ok and len(result.added) == len(ALL)
    yield store
    store.close()


def test_extract_then_load_equals_ingest(ingested, tmp_path):
    out = tmp_path / "shards"
    result = extract_shards([str(CORPUS / n) for n in ALL], out)
    assert result.ok and len(result.written) == len(ALL)
    assert (out / REFERENCE_SHARD).is_file()
    assert len(list(out.glob("*.nq"))) == len(ALL) + 1
    with open_store(tmp_path / "store") as store:
        loaded = load_shards(store, out)
        assert loaded.articles == loaded.new == len(ALL) and not loaded.replaced
        assert _quads(store) == _quads(ingested)
        # loading again changes nothing (idempotent, so an interrupted load can simply be re-run)
        again = load_shards(store, out)
        assert again.new == 0 and again.quads_after == loaded.quads_after
        assert _quads(store) == _quads(ingested)


def test_load_into_a_store_that_already_holds_articles(ingested, tmp_path):
    """Half ingested, the other half extracted and loaded: events fuse across the two halves as in ingest."""
    first, second = ALL[::2], ALL[1::2]
    out = tmp_path / "shards"
    extract_shards([str(CORPUS / n) for n in second], out)
    with open_store("memory") as store:
        ingest(store, [str(CORPUS / n) for n in first])
        load_shards(store, out)
        assert _quads(store) == _quads(ingested)


def test_load_replaces_an_older_version_of_the_same_file(tmp_path):
    name = "wire-dapchi-2018-02.md"
    v1 = _articles(tmp_path / "v1", [name, "toll-moura-2023-05.md"])
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / name).write_text((v1 / name).read_text(encoding="utf-8").replace("110 girls", "111 girls"),
                           encoding="utf-8")
    with open_store("memory") as expected, open_store("memory") as store:
        ingest(expected, [str(v1)])
        assert ingest(expected, [str(v2)]).replaced == [name]
        ingest(store, [str(v1)])
        extract_shards([str(v2)], tmp_path / "shards")
        result = load_shards(store, tmp_path / "shards")
        assert len(result.replaced) == 1 and result.new == 1
        assert _quads(store) == _quads(expected)


def test_extract_is_resumable_and_later_inputs_win(tmp_path):
    out = tmp_path / "shards"
    src = CORPUS / "toll-moura-2023-05.md"
    records = extract_to_shards(src, out)
    assert [r["status"] for r in records] == ["written"]
    shard = out / records[0]["shard"]
    stamp = shard.stat().st_mtime_ns
    assert [r["status"] for r in extract_to_shards(src, out)] == ["exists"]
    assert shard.stat().st_mtime_ns == stamp
    assert [r["status"] for r in extract_to_shards(src, out, overwrite=True)] == ["written"]
    # two inputs with the same file name: the later one's shard is kept, as ingest would keep it
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x.md").write_text("---\ntitle: A\npublished: 2020-01-02\n---\nGunmen killed 3 people in Niamey on Monday.\n")
    (b / "x.md").write_text("---\ntitle: B\npublished: 2020-01-02\n---\nGunmen killed 4 people in Niamey on Monday.\n")
    result = extract_shards([str(a / "x.md"), str(b / "x.md")], tmp_path / "dup")
    assert len(result.written) == 2 and len(result.superseded) == 1
    assert len([p for p in (tmp_path / "dup").glob("*.nq") if p.name != REFERENCE_SHARD]) == 1


def test_extract_reports_bad_inputs_and_keeps_going(tmp_path):
    (tmp_path / "bad.txt").write_text("  \n")
    out = tmp_path / "shards"
    result = extract_shards([str(tmp_path / "bad.txt"), str(tmp_path / "nope.md"),
                             str(CORPUS / "toll-moura-2023-05.md")], out)
    assert len(result.written) == 1 and len(result.errors) == 2
    assert any("nope.md" in e for e in result.errors) and any("bad.txt" in e for e in result.errors)


def test_reference_shard_is_what_ensure_reference_writes(tmp_path):
    from kg.pipeline import ensure_reference

    out = tmp_path / "shards"
    extract_shards([str(CORPUS / "toll-moura-2023-05.md")], out)
    in_file = set(ox.parse(path=str(out / REFERENCE_SHARD), format=ox.RdfFormat.N_QUADS))
    with open_store("memory") as store:
        ensure_reference(store)
        assert in_file == set(store.quads()) == set(reference_quads())


def test_a_broken_shard_is_named(tmp_path):
    out = tmp_path / "shards"
    extract_shards([str(CORPUS / "toll-moura-2023-05.md")], out)
    (out / "zzzz.nq").write_text("<http://a> <http://b> oops .\n")
    with open_store("memory") as store, pytest.raises(InputError, match="zzzz.nq"):
        load_shards(store, out)
    with open_store("memory") as store, pytest.raises(InputError, match="no such folder"):
        load_shards(store, tmp_path / "missing")


def test_cli_extract_jobs_2_and_load_equal_cli_ingest(tmp_path):
    """The commands, end to end, in fresh processes (workers included) with one hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("KG_STORE", None)
    corpus = _articles(tmp_path / "articles", ALL)

    def kg(*args):
        proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc.stderr

    kg("--store", str(tmp_path / "ingested"), "ingest", str(corpus))
    out = kg("extract", str(corpus), "--out", str(tmp_path / "shards"), "--jobs", "2")
    assert re.search(rf"{len(ALL)} written", out), out
    out = kg("--store", str(tmp_path / "loaded"), "load", str(tmp_path / "shards"))
    assert f"{len(ALL)} articles from {len(ALL)} shards" in out
    with open_store(tmp_path / "ingested", read_only=True) as a, open_store(tmp_path / "loaded", read_only=True) as b:
        assert _quads(a) == _quads(b)

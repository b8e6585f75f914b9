"""The recipe of docs/dask.md: dask.bag on a distributed LocalCluster writes shards, `kg load` loads them.

The result must be the graph of `kg ingest` of the same articles. Skipped when dask[bag,distributed]
is not installed (`pip install "kg[dask]"`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from kg.parallel import warm_reference  # noqa: E402
from kg.read import iter_paths  # noqa: E402
from kg.shards import REFERENCE_SHARD, extract_to_shards, remove_superseded, write_reference_shard  # noqa: E402
from kg.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"


def _kg(env: dict, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


@pytest.mark.slow
def test_dask_bag_shards_then_kg_load_equal_kg_ingest(tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    articles.mkdir()
    for f in CORPUS.iterdir():
        if f.suffix in (".md", ".html") and f.name != "README.md":
            shutil.copy(f, articles / f.name)
    shards = tmp_path / "shards"
    # one hash seed for the driver's subprocesses and the Dask workers (see docs/dask.md, Notes)
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    monkeypatch.delenv("KG_STORE", raising=False)

    paths = [str(p) for p in iter_paths([str(articles)])]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        client.run(warm_reference)
        records = (db.from_sequence(paths, npartitions=4)
                   .map(extract_to_shards, str(shards))
                   .flatten()
                   .compute())
    write_reference_shard(shards)
    assert remove_superseded(records, shards) == []
    assert [r["file"] for r in records] == [Path(p).name for p in paths]
    assert all(r["status"] == "written" for r in records), records
    assert (shards / REFERENCE_SHARD).is_file()

    env = dict(os.environ)
    _kg(env, "--store", str(tmp_path / "loaded"), "load", str(shards))
    _kg(env, "--store", str(tmp_path / "ingested"), "ingest", str(articles))
    with open_store(tmp_path / "loaded", read_only=True) as a, open_store(tmp_path / "ingested", read_only=True) as b:
        qa, qb = set(a.quads()), set(b.quads())
    assert qa and qa == qb

"""Concurrency on one on-disk store: a second writer gets one clear line and exit 1; readers
(`kg actor`, `kg events`, `kg sparql`, `kg stats`) work while an ingest runs (they open read-only)."""
from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from relhelp import SEED, article_files, assert_one_line_error, kg_env, run_kg, run_main


def _articles_folder(tmp_path, count):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from test_rel_crash import make_articles
    folder = tmp_path / "articles"
    make_articles(folder, count)
    return folder


@pytest.fixture
def running_ingest(tmp_path, seeded_path):
    """A `kg ingest` of many articles running in a child process on ``seeded_path``; killed afterwards."""
    folder = _articles_folder(tmp_path, 120)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(seeded_path), "ingest", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=kg_env())
    # wait until the writer holds the store (its first article landed)
    deadline = time.monotonic() + 60
    before = len(article_files(seeded_path))
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            if len(article_files(seeded_path)) > before:
                break
        except Exception:  # noqa: BLE001 - racing the writer; poll again
            pass
        time.sleep(0.1)
    else:
        pytest.fail("the ingest wrote nothing within 60 s")
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stderr.close()


def test_second_writer_and_readers_during_an_ingest(running_ingest, seeded_path, tmp_path):
    store = str(seeded_path)
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: other\npublished: 2021-01-01\n---\nGunmen attacked Kawuri in Borno State.\n",
                     encoding="utf-8")
    commands = {
        "second writer": ["--store", store, "ingest", str(other)],
        "actor": ["--store", store, "actor", "Boko Haram"],
        "actor json": ["--store", store, "actor", "ISWAP", "--json"],
        "events": ["--store", store, "events", "--actor", "al-Shabaab", "--format", "json"],
        "sparql": ["--store", store, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg-armed-groups/ontology#Event> }",
                   "--format", "csv"],
        "library query": ["--store", store, "sparql", "actor-history", "--param", "actor=Boko Haram", "--format", "json"],
        "stats": ["--store", store, "stats"],
    }
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        futures = {name: pool.submit(run_kg, args, timeout=120) for name, args in commands.items()}
        runs = {name: f.result() for name, f in futures.items()}
    assert running_ingest.poll() is None, "the ingest ended before the readers did: the test proved nothing"

    writer = runs.pop("second writer")
    assert writer.code == 1, writer.err
    line = assert_one_line_error(writer, store, "in use")
    assert "LOCK" in line and len(writer.err_lines) == 1, writer.err

    for name, run in runs.items():
        assert run.code == 0, f"{name}: {run.err}"
        assert "Traceback" not in run.err, f"{name}: {run.err}"
    assert "Boko Haram" in runs["actor"].out
    assert '"events"' in runs["actor json"].out or '"name"' in runs["actor json"].out
    assert runs["events"].out.lstrip().startswith("[")
    n = int(runs["sparql"].out.split()[-1])
    assert n > 0


def test_second_writer_in_the_same_process(store_path):
    from kg.errors import StoreError
    from kg.store import open_store

    with open_store(store_path) as first:
        with pytest.raises(StoreError) as e:
            open_store(store_path)
        assert "in use" in str(e.value) and "\n" not in str(e.value)
        # the CLI in the same process: one line, exit 1, nothing written
        run = run_main(["--store", str(store_path), "ingest", str(SEED)])
        assert run.code == 1
        assert_one_line_error(run, str(store_path), "in use")
        with open_store(store_path, read_only=True) as reader:
            assert reader.count() == first.count()
    assert article_files(store_path) == set()


def test_read_only_commands_never_create_or_lock_a_store(tmp_path):
    missing = tmp_path / "no-store-here"
    run = run_main(["--store", str(missing), "actor", "Boko Haram"])
    assert run.code == 1
    assert_one_line_error(run, str(missing), "no store here")
    assert not missing.exists()

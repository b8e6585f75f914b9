"""Crash safety: SIGKILL during a large ingest leaves a store that opens, validates, and holds every
article completely or not at all; re-running the ingest completes it (same result as one clean run)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relhelp import dump_nquads, kg_env, run_kg

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")]

GROUPS = ["Boko Haram", "Islamic State West Africa Province", "al-Shabaab", "Jama'at Nusrat al-Islam wal-Muslimin",
          "Islamic State in the Greater Sahara", "ADF", "CODECO", "M23"]
PLACES = [("Kawuri", "Borno State", "Nigeria"), ("Dapchi", "Yobe State", "Nigeria"), ("Mandera", "Mandera County", "Kenya"),
          ("Inates", "Tillaberi region", "Niger"), ("Djibo", "Sahel region", "Burkina Faso"),
          ("Beni", "North Kivu", "DR Congo"), ("Bunia", "Ituri", "DR Congo"), ("Menaka", "Menaka region", "Mali")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_articles(folder: Path, count: int = 200) -> None:
    """``count`` distinct articles varied from one template (groups, places, days, tolls, sources)."""
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2019, 1, 1)
    for i in range(count):
        g = GROUPS[i % len(GROUPS)]
        g2 = GROUPS[(i * 3 + 1) % len(GROUPS)]
        town, region, country = PLACES[(i // 3) % len(PLACES)]
        pub = start + dt.timedelta(days=3 * i)
        killed, wounded = 3 + (i * 7) % 90, (i * 5) % 40
        text = (f"---\ntitle: Attack number {i} near {town}\npublished: {pub.isoformat()}\nsource: Wire {i % 5}\n"
                f"author: Desk {i % 3}\n---\n"
                f"Suspected {g} fighters attacked the village of Village{i} in {region}, {country}, "
                f"on {WEEKDAYS[i % 7]}, killing at least {killed} people and wounding {wounded} others, officials said.\n\n"
                f"The army said {i % 11 + 2} attackers were killed when troops responded. {g} claimed "
                f"responsibility for the raid in a statement on {WEEKDAYS[(i + 2) % 7]}.\n\n"
                f"Earlier in the month, {g2} militants ambushed a patrol outside {town}, killing {i % 13 + 1} soldiers. "
                f"Local sources put the toll at {i % 13 + 4}.\n\n"
                f"Residents said the area had seen {i % 4 + 2} attacks since {pub.year - 1}.\n")
        (folder / f"article-{i:03d}.md").write_text(text, encoding="utf-8")


def _stats(store: Path) -> dict:
    from kg.stats import stats
    from kg.store import open_store
    with open_store(store, read_only=True) as s:
        return stats(s)


def _graphs(store: Path) -> dict[str, set[str]]:
    """N-Quads lines grouped by graph IRI."""
    out: dict[str, set[str]] = {}
    for line in dump_nquads(store):
        graph = line.rsplit(" ", 2)[-2] if line.endswith(" .") else ""
        out.setdefault(graph, set()).add(line)
    return out


INCOMPLETE_QUERIES = {
    "report without a sentence": """SELECT ?r WHERE { GRAPH ?g { ?r a kg:EventReport FILTER NOT EXISTS { ?r kg:sentence ?s } } }""",
    "report without its article": """SELECT ?r WHERE { GRAPH ?g { ?r a kg:EventReport ; prov:wasDerivedFrom ?a
                                      FILTER NOT EXISTS { ?a a kg:Article } } }""",
    "cited sentence missing": """SELECT ?x ?s WHERE { GRAPH ?g { ?x kg:sentence ?s FILTER NOT EXISTS { ?s a kg:Sentence ; kg:text ?t } } }""",
    "claim without a sentence": """SELECT ?c WHERE { GRAPH ?g { ?r kg:hasClaim ?c FILTER NOT EXISTS { ?c kg:sentence ?s } } }""",
    "claim missing": """SELECT ?c WHERE { GRAPH ?g { ?r kg:hasClaim ?c FILTER NOT EXISTS { ?c a kg:Claim } } }""",
    "article graph without its article": """SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o }
                                            FILTER(STRSTARTS(STR(?g), "https://w3id.org/kg-armed-groups/graph/article/"))
                                            FILTER NOT EXISTS { GRAPH ?g { ?a a kg:Article ; kg:checksum ?c } } }""",
}
PREFIXES = ("PREFIX kg: <https://w3id.org/kg-armed-groups/ontology#>\n"
            "PREFIX prov: <http://www.w3.org/ns/prov#>\n")


def check_complete(store: Path, reference: dict[str, set[str]]) -> int:
    """Every article graph in ``store`` is identical to the same graph of a clean run; returns how many."""
    from kg.store import open_store

    with open_store(store, read_only=True) as s:
        for what, q in INCOMPLETE_QUERIES.items():
            rows = s.select(PREFIXES + q)
            assert not rows, f"{what}: {rows[:3]}"
    graphs = _graphs(store)
    articles = {g: quads for g, quads in graphs.items() if "/graph/article/" in g}
    for g, quads in articles.items():
        assert g in reference, f"graph {g} is not in the clean run"
        if quads != reference[g]:
            extra = sorted(quads - reference[g])[:5]
            missing = sorted(reference[g] - quads)[:5]
            raise AssertionError(f"article graph {g} differs from a clean run ({len(quads)} vs {len(reference[g])} "
                                 "quads):\n  only here: " + "\n    ".join(extra) + "\n  only in the clean run: "
                                 + "\n    ".join(missing))
    return len(articles)


def _articles_in(store: Path) -> int:
    from kg.store import open_store
    try:
        with open_store(store, read_only=True) as s:
            return len(s.select("SELECT ?a WHERE { ?a a <https://w3id.org/kg-armed-groups/ontology#Article> }"))
    except Exception:  # noqa: BLE001 - a reader racing the writer may fail; just poll again
        return -1


def test_sigkill_during_ingest(tmp_path, template_store):
    folder = tmp_path / "articles"
    make_articles(folder, 200)
    clean = tmp_path / "clean"
    shutil.copytree(template_store, clean)
    t0 = time.monotonic()
    run = run_kg(["--store", str(clean), "ingest", str(folder)], timeout=600)
    clean_seconds = time.monotonic() - t0
    assert run.code == 0, run.err
    reference = _graphs(clean)
    clean_stats = _stats(clean)
    assert clean_stats["articles"] == 200
    v = run_kg(["--store", str(clean), "validate"], timeout=300)
    assert v.code == 0, "the clean store does not validate:\n" + v.out[-3000:]

    crashed = tmp_path / "crashed"
    shutil.copytree(template_store, crashed)
    landed = []
    for target in (25, 90):  # two kills at different points; the second resumes from the first
        proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(crashed), "ingest", str(folder)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=kg_env())
        deadline = time.monotonic() + clean_seconds * 3 + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if _articles_in(crashed) >= target:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL

        n = check_complete(crashed, reference)
        assert 0 < n < 200
        landed.append(n)
        v = run_kg(["--store", str(crashed), "validate"], timeout=300)
        assert v.code == 0, v.out[-2000:] + v.err
    assert landed[0] < landed[1]
    print(f"\nclean ingest of 200 articles: {clean_seconds:.1f} s; killed with {landed} articles complete")

    rerun = run_kg(["--store", str(crashed), "ingest", str(folder)], timeout=600)
    assert rerun.code == 0, rerun.err
    assert f"{200 - landed[-1]} added" in rerun.err and f"{landed[-1]} unchanged" in rerun.err
    assert _stats(crashed) == clean_stats
    assert check_complete(crashed, reference) == 200
    assert _graphs(crashed) == reference, "the resumed store differs from a clean run"


_WRITER = """
import sys, pyoxigraph as ox
from kg.store import open_store
path, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
g = ox.NamedNode("urn:big")
quads = [ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x" * 50 + str(i)), g) for i in range(n)]
with open_store(path) as s:
    print("applying", flush=True)
    if mode == "insert":
        s.apply(insert=quads)
    else:
        s.apply(drop_graphs=[ox.NamedNode("urn:old")], delete=[], insert=quads)
    print("done", flush=True)
"""


@pytest.mark.parametrize("mode,n,waits", [("insert", 200_000, (0.3, 0.9, 1.5, 2.5)),
                                          ("update", 40_000, (0.3, 0.9, 1.5, 2.5))])
def test_one_apply_killed_mid_write_is_all_or_nothing(tmp_path, mode, n, waits):
    """Store.apply (pyoxigraph extend, or one SPARQL update with DROP + INSERT DATA) killed at several
    points of a large write: afterwards the write is entirely there or entirely absent."""
    import pyoxigraph as ox

    from kg.store import open_store
    outcomes = []
    for i, wait in enumerate(waits):
        path = tmp_path / f"s{i}"
        with open_store(path) as s:
            s.apply(insert=[ox.Quad(ox.NamedNode("urn:o"), ox.NamedNode("urn:p"), ox.Literal("old"),
                                    ox.NamedNode("urn:old"))])
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), mode, str(n)], stdout=subprocess.PIPE,
                                text=True, env=kg_env())
        assert proc.stdout.readline().strip() == "applying"
        time.sleep(wait)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        finished = "done" in proc.stdout.read()
        proc.stdout.close()
        with open_store(path) as s:
            big, old = s.count(ox.NamedNode("urn:big")), s.count(ox.NamedNode("urn:old"))
        assert (big, old) in ((0, 1), (n, 0 if mode == "update" else 1)), (wait, big, old)
        assert not finished or big == n
        outcomes.append("all" if big == n else "none")
    print(f"\n{mode}: kills at {waits} s -> {outcomes}")

"""Helpers of the reliability battery (imported by its modules as ``relhelp``)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "inates-2019-12.md"
CORPUS = ROOT / "tests" / "corpus"


def dump_nquads(path: Path) -> set[str]:
    """Every quad of the store as a set of N-Quads lines (kg writes no blank nodes, so stores compare)."""
    from kg.store import open_store

    buf = io.BytesIO()
    with open_store(path, read_only=True) as store:
        store.dump(buf, "nquads")
    return set(buf.getvalue().decode("utf-8").splitlines())


def article_files(path: Path) -> set[str]:
    from kg.store import open_store
    from kg.vocab import KG

    with open_store(path, read_only=True) as store:
        rows = store.select("SELECT ?f WHERE { ?a a <%s> ; <%s> ?f }" % (KG.Article, KG.file))
    return {r["f"].value for r in rows}


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_main(args: list[str], stdin: bytes = b"") -> Run:
    """Call ``kg.cli.main()`` in this process (what the ``kg`` script runs) and catch its exit."""
    from kg import cli

    out, err = io.BytesIO(), io.BytesIO()
    new_out = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    new_err = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    new_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.argv, sys.stdout, sys.stderr, sys.stdin
    sys.argv, sys.stdout, sys.stderr, sys.stdin = ["kg", *args], new_out, new_err, new_in
    code = None
    try:
        cli.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv, sys.stdout, sys.stderr, sys.stdin = saved
        cli._state.clear()
    assert code is not None, "kg.cli.main() returned without sys.exit()"
    return Run(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


def kg_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    env.update(PYTHONUNBUFFERED="1", COLUMNS="200", NO_COLOR="1", **extra)
    return env


def run_kg(args: list[str], *, cwd: Path | None = None, timeout: float = 120, stdin: bytes | None = None,
           env: dict[str, str] | None = None) -> Run:
    """Run ``python -m kg ARGS`` in a child process (the real entry point, real exit code)."""
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout, env=env or kg_env())
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_one_line_error(run: Run, *needles: str) -> str:
    """Exactly one ``kg:`` error line containing every needle, and no traceback."""
    assert "Traceback" not in run.err, run.err
    hits = [line for line in run.err_lines if all(n in line for n in needles)]
    assert len(hits) == 1, f"expected one error line with {needles!r}, got:\n{run.err}"
    return hits[0]

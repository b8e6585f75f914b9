"""Shared pytest fixtures."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# =============================================================================================
# SPARQL servers: a real `oxigraph serve` for the remote backend (tests marked `server`)
# =============================================================================================


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` CLI (from the `oxigraph` PyPI package): next to this Python, else on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file():
        return str(here)
    return shutil.which("oxigraph")


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with code {proc.returncode}: {err.strip()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {timeout} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `oxigraph serve` on a free port of 127.0.0.1; yield its query URL; stop it at the end."""
    exe = oxigraph_binary()
    if exe is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph); remote-store tests skipped")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


def _clear_remote(query_url: str) -> None:
    update_url = query_url[: -len("query")] + "update"
    req = urllib.request.Request(
        update_url, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=10):
        pass


# =============================================================================================
# Store backends: one fixture over every backend (`oxigraph` on disk, `memory`, `remote`)
# =============================================================================================

BACKENDS = ["oxigraph", "memory", pytest.param("remote", marks=pytest.mark.server)]


@pytest.fixture(params=BACKENDS)
def backend_store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty :class:`kg.store.Store` of each kind in turn."""
    from kg.store import open_store

    kind = request.param
    if kind == "oxigraph":
        store = open_store(tmp_path / "store")
    elif kind == "memory":
        store = open_store("memory")
    else:
        url = request.getfixturevalue("oxigraph_server")
        _clear_remote(url)
        store = open_store(url)
    try:
        yield store
    finally:
        store.close()

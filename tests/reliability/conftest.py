"""Fixtures of the reliability battery ("Trust it"): stores, running the CLI, blocking the network.

The battery has no ``__init__.py``; its modules are named ``test_rel_*`` so their basenames do not
clash with the unit tests one folder up.
"""
from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from relhelp import CORPUS, SEED


# ---------------------------------------------------------------------------------------------
# stores
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding only the reference graph (closed), to be copied per test."""
    from kg.pipeline import ensure_reference
    from kg.store import open_store

    path = tmp_path_factory.mktemp("template") / "store"
    with open_store(path) as store:
        ensure_reference(store)
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, template_store: Path) -> Path:
    """The reference plus the seed article and the test corpus (closed; copy it, or open it read-only)."""
    from kg.pipeline import ingest
    from kg.store import open_store

    path = tmp_path_factory.mktemp("seeded") / "store"
    shutil.copytree(template_store, path)
    with open_store(path) as store:
        result = ingest(store, [str(SEED), str(CORPUS)])
    assert result.ok, [str(e) for e in result.errors]
    return path


@pytest.fixture
def store_path(tmp_path: Path, template_store: Path) -> Path:
    """A fresh on-disk store (reference only) for one test."""
    path = tmp_path / "store"
    shutil.copytree(template_store, path)
    return path


@pytest.fixture
def seeded_path(tmp_path: Path, seeded_template: Path) -> Path:
    """A fresh copy of the seeded store for one test."""
    path = tmp_path / "seeded"
    shutil.copytree(seeded_template, path)
    return path


# ---------------------------------------------------------------------------------------------
# no network
# ---------------------------------------------------------------------------------------------

class NetworkBlocked(OSError):
    """A test tried to reach the network."""


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host)
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every non-loopback connect / create_connection / getaddrinfo raise; yields the attempts."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def _check(address: object, what: str) -> None:
        host = address[0] if isinstance(address, tuple) and address else address
        if isinstance(host, (str, bytes)) and isinstance(address, (str, bytes)):
            return  # AF_UNIX path
        if not _is_loopback(host):
            attempts.append(f"{what} {address!r}")
            raise NetworkBlocked(f"network access blocked in tests: {what} {address!r}")

    def connect(self, address):  # noqa: ANN001
        if self.family != getattr(socket, "AF_UNIX", object()):
            _check(address, "connect")
        return real_connect(self, address)

    def connect_ex(self, address):  # noqa: ANN001
        if self.family != getattr(socket, "AF_UNIX", object()):
            _check(address, "connect_ex")
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):  # noqa: ANN001
        _check((host,), "getaddrinfo")
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):  # noqa: ANN001
        _check(address, "create_connection")
        return real_create_connection(address, *args, **kwargs)

    real_create_connection = socket.create_connection
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    yield attempts

"""The ILS simulator on loopback TCP, a SIP2 client for it (closed after the test) and an empty
cache: the fixtures the session tests (tests/kiosk) and the offline tests (tests/offline)
share. A folder's conftest.py imports them; a module that needs another cache (seeded, say)
defines its own ``cache``, which wins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cache.cache import Cache, open_cache
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings

USER, PASSWORD = "kiosk", "pw"


@pytest.fixture
def simulator() -> Iterator[IlsSimulator]:
    sim = IlsSimulator(port=0, login=(USER, PASSWORD))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def client(simulator: IlsSimulator) -> Iterator[Sip2Client]:
    host, port = simulator.address
    c = Sip2Client(Sip2Settings(host=host, port=port, user=USER, password=PASSWORD,
                                institution="DEMO", timeout=2.0))
    yield c
    c.close()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", b"k" * 32) as c:
        yield c

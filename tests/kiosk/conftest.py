"""The ILS simulator, a client logged in to it and a cache: shared by the session tests that
run against a real SIP2 conversation (the port-only tests use tests/kiosk/memory_circulation.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cache.cache import Cache, open_cache
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings


@pytest.fixture
def simulator() -> Iterator[IlsSimulator]:
    sim = IlsSimulator(port=0, login=("kiosk", "pw"))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def client(simulator: IlsSimulator) -> Iterator[Sip2Client]:
    host, port = simulator.address
    c = Sip2Client(Sip2Settings(host=host, port=port, user="kiosk", password="pw",
                                institution="DEMO", timeout=2.0))
    yield c
    c.close()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", b"k" * 32) as c:
        yield c

"""Fixtures of the replay tests: the ILS simulator on loopback TCP at a fixed time, a real
SQLite journal, and SIP2 clients closed after the test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from sync.cache.cache import Cache, open_cache
from sync.ils_sim.collection import TOKYO
from sync.ils_sim.server import IlsSimulator
from sync.journal import OfflineJournal
from sync.sip2.client import Sip2Client

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
KEY = b"replay-test-key-0123456789"


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW) as simulator:
        yield simulator


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", KEY) as c:
        yield c


@pytest.fixture
def journal(cache: Cache) -> OfflineJournal:
    return OfflineJournal(cache, kiosk_id="TEST-KIOSK")


@pytest.fixture
def clients(closing: list[Sip2Client]) -> list[Sip2Client]:
    return closing

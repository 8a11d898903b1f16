"""Fixtures for the RFID tests: the FEIG emulator on a pty, and a check that no emulator or
driver thread outlives its test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.rfid.feig import FeigReader
from tests.rigs.feig_emulator import FeigEmulator


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[FeigEmulator]:
    device = FeigEmulator(tmp_path / "usb-FEIG_ELECTRONIC_GmbH_OBID_RFID-Reader_1234-if00-port0",
                          per_answer=4)
    device.plug()
    yield device
    device.unplug()


@pytest.fixture
def feig(emulator: FeigEmulator) -> Iterator[FeigReader]:
    reader = FeigReader(f"feig://{emulator.link}?timeout=0.5")
    yield reader
    reader.close()


@pytest.fixture(autouse=True)
def _no_leaked_emulators() -> Iterator[None]:
    yield
    leaked = [t for t in threading.enumerate() if t.name == "feig-emulator" and t.is_alive()]
    assert not leaked, f"emulator threads still running: {leaked}"

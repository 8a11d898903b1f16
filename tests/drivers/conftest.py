"""Fixtures for driver tests; the rigs themselves live in tests/rigs/ (scanners.py,
evdev_input.py)."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rigs.scanners import PtyScanner, Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def pty_scanner(tmp_path: Path) -> Iterator[PtyScanner]:
    device = PtyScanner(tmp_path / "usb-Scanner-if00")
    device.plug()
    yield device
    device.unplug()


@pytest.fixture(autouse=True)
def _no_leaked_scanner_threads() -> Iterator[None]:
    """A test that leaves a reader thread running fails, so leaks show up where they start."""
    yield
    leaked = [t for t in threading.enumerate() if t.name.startswith("scanner ") and t.is_alive()]
    assert not leaked, f"scanner threads still running: {leaked}"

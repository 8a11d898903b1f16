"""Test rigs for scanners: real pseudo-terminals standing in for USB-CDC devices, and a
recorder for callbacks that may arrive on a driver thread.

A plain module (not conftest), imported as ``tests.rigs.scanners`` by the driver, contract and
UI tests alike.
"""

import os
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drivers.ports import DeviceState, Scan, Scanner
from tests.rigs import serial_pty

WAIT = 5.0  # generous upper bound; tests pass as soon as the event arrives


class PtyScanner:
    """A scanner "plugged in" as a pty, reachable at a stable symlink like /dev/serial/by-id/…"""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master: int | None = None
        self.slave: int | None = None

    def plug(self) -> None:
        assert self.master is None, "already plugged"
        self.master, self.slave = serial_pty.plug(self.link)

    def unplug(self) -> None:
        serial_pty.unplug(self.master, self.slave)
        self.master = self.slave = None

    def send(self, data: bytes) -> None:
        assert self.master is not None, "not plugged"
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view) :]


class Recorder:
    """Collects what a scanner reports, from whichever thread it reports on."""

    def __init__(self) -> None:
        self.scans: queue.Queue[Scan] = queue.Queue()
        self.statuses: queue.Queue[tuple[DeviceState, str]] = queue.Queue()

    def on_scan(self, scan: Scan) -> None:
        self.scans.put(scan)

    def on_status(self, state: DeviceState, detail: str) -> None:
        self.statuses.put((state, detail))

    @contextmanager
    def listening(self, scanner: Scanner) -> Iterator[None]:
        """``scanner`` started with this recorder's callbacks, stopped at the block's end."""
        scanner.start(self.on_scan, self.on_status)
        try:
            yield
        finally:
            scanner.stop()

    def next_scan(self, timeout: float = WAIT) -> Scan:
        try:
            return self.scans.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no scan within {timeout} s") from None

    def assert_no_scan(self, within: float = 0.3) -> None:
        try:
            extra = self.scans.get(timeout=within)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected scan {extra}")

    def wait_for(self, state: DeviceState, timeout: float = WAIT) -> str:
        """Skip other states until ``state`` is reported; return its detail."""
        seen: list[tuple[DeviceState, str]] = []
        while True:
            try:
                got, detail = self.statuses.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {state} within {timeout} s; saw {seen}") from None
            if got is state:
                return detail
            seen.append((got, detail))

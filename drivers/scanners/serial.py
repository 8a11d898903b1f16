"""Scanners in USB-CDC (virtual serial) mode, preferred over keyboard wedge (DESIGN §5).

A reader thread owns the port and only moves bytes into a LineFramer. Scanners get
unplugged, and a by-id path comes back when they are plugged in again, so a port that
cannot be opened or that fails is reported and then retried on the same path until stop().
"""

import contextlib
import logging
import threading

import serial

from drivers.device_thread import ReaderThreadScanner
from drivers.ports import DeviceState, Scan, ScanCallback, StatusCallback
from drivers.reporting import StatusReporter, call_safely
from drivers.scanners.framing import SUFFIXES, LineFramer
from drivers.url import parse_url_of

log = logging.getLogger(__name__)

RETRY_INTERVAL = 0.5  # seconds between attempts to reopen a missing port
READ_TIMEOUT = 0.2  # bounds how long stop() waits for the reader to notice


class SerialScanner(ReaderThreadScanner):
    """``serial://PATH?baud=9600&suffix=auto|cr|lf|crlf``."""

    def __init__(self, url: str) -> None:
        super().__init__()
        parsed = parse_url_of(url, "serial", {"baud", "suffix"},
                              path="a device path, e.g. serial:///dev/ttyACM0")
        try:
            self.baud = int(parsed.params.get("baud", "9600"))
        except ValueError:
            self.baud = 0
        if self.baud <= 0:
            raise ValueError(f"baud must be a positive integer in {url!r}")
        suffix_name = parsed.params.get("suffix", "auto")
        if suffix_name not in SUFFIXES:
            raise ValueError(
                f"suffix must be one of {', '.join(SUFFIXES)} in {url!r}, not {suffix_name!r}"
            )
        self.url = url
        self.path = parsed.path
        self._suffix = SUFFIXES[suffix_name]

    def _run(
        self, stopping: threading.Event, on_scan: ScanCallback, on_status: StatusCallback
    ) -> None:
        report = StatusReporter(on_status, stopping)

        while not stopping.is_set():
            try:
                port = serial.Serial(self.path, self.baud, timeout=READ_TIMEOUT)
            except ValueError as exc:  # settings the device refuses: retrying will not help
                report(DeviceState.FAILED, f"scanner at {self.path} rejected its settings: {exc}")
                return
            except OSError as exc:  # SerialException is an OSError
                report(DeviceState.DISCONNECTED, f"scanner not reachable at {self.path}: {exc}")
                stopping.wait(RETRY_INTERVAL)
                continue
            report(DeviceState.CONNECTED, f"scanner connected at {self.path}")
            try:
                self._pump(port, stopping, on_scan)
            except OSError as exc:
                report(DeviceState.DISCONNECTED, f"scanner lost at {self.path}: {exc}")
            finally:
                with contextlib.suppress(OSError):  # closing a vanished device may fail too
                    port.close()
            stopping.wait(RETRY_INTERVAL)

    def _pump(self, port: serial.Serial, stopping: threading.Event, on_scan: ScanCallback) -> None:
        framer = LineFramer(self._suffix)
        while not stopping.is_set():
            data = port.read(port.in_waiting or 1)
            for text in framer.feed(data):
                if stopping.is_set():
                    return
                call_safely(on_scan, Scan(text, self.url))


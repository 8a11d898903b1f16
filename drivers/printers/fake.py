"""A printer for tests and the demo, in the spirit of python-escpos's Dummy: it records what
would be printed, and a test sets its paper, cover and cable."""

from __future__ import annotations

import threading

from drivers.ports import DeviceState
from drivers.printers.port import PrinterStatus, decode_status
from drivers.url import check_params, parse_device_url


class FakePrinter:
    """``fake-printer://``: records what would be printed; a test sets paper and cover."""

    def __init__(self, url: str = "fake-printer://") -> None:
        check_params(parse_device_url(url), url, {"name"})
        self.url = url
        self.printed: list[bytes] = []
        self.paper_out = False
        self.cover_open = False
        self.unplugged = False
        self._lock = threading.Lock()

    def status(self) -> PrinterStatus:
        if self.unplugged:
            return PrinterStatus(DeviceState.DISCONNECTED, "fake printer unplugged")
        return decode_status(0x04 if self.cover_open else 0, 0x60 if self.paper_out else 0,
                             "fake")

    def send(self, data: bytes) -> None:
        if self.unplugged:
            raise OSError("fake printer unplugged")
        with self._lock:
            self.printed.append(data)

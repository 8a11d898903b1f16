"""A scanner for tests and the demo, in the spirit of python-escpos's Dummy printer.

Everything happens synchronously on the caller's thread, so a test can inject a
code and assert on the result on the next line.
"""

from drivers.ports import DeviceState, Scan, ScanCallback, StatusCallback
from drivers.scanners.pushed import PushedScanner
from drivers.url import current_url, parse_url_of


class FakeScanner(PushedScanner):
    """``fake-scanner://`` or ``fake-scanner://?name=demo`` (``fake://`` is still read, with a
    warning); records every injected code in ``injected``."""

    def __init__(self, url: str = "fake-scanner://") -> None:
        super().__init__()
        url = current_url(url)
        parsed = parse_url_of(url, "fake-scanner", {"name"})
        self.url = url
        self.name = parsed.params.get("name", "fake scanner")
        self.injected: list[str] = []
        self.plugged = True
        self._on_status: StatusCallback | None = None

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        self._started_with(on_scan)
        self._on_status = on_status
        self._report()

    def stop(self) -> None:
        self._on_scan = self._on_status = None

    def inject(self, text: str) -> None:
        """Act as if the device read ``text`` (terminator already stripped)."""
        if self._on_scan is None:
            raise RuntimeError(f"{self.name}: inject({text!r}) before start() or after stop()")
        if not self.plugged:
            raise RuntimeError(f"{self.name}: inject({text!r}) while unplugged; replug() first")
        self.injected.append(text)
        self._on_scan(Scan(text, self.url))

    def unplug(self) -> None:
        self.plugged = False
        self._report()

    def replug(self) -> None:
        self.plugged = True
        self._report()

    def _report(self) -> None:
        if self._on_status is None:
            return
        if self.plugged:
            self._on_status(DeviceState.CONNECTED, f"{self.name} connected")
        else:
            self._on_status(DeviceState.DISCONNECTED, f"{self.name} unplugged")

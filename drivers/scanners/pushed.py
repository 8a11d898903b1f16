"""What the scanners without a thread of their own share: scans are pushed into them (the
fake's ``inject``, the window's key events for ``keyboard://``) and they call ``on_scan`` on
the caller's thread, from start() until stop()."""

from __future__ import annotations

from drivers.ports import ScanCallback


class PushedScanner:
    """Subclasses set ``url`` and call :meth:`_started_with` in their start()."""

    url: str

    def __init__(self) -> None:
        self._on_scan: ScanCallback | None = None

    @property
    def started(self) -> bool:
        return self._on_scan is not None

    def _started_with(self, on_scan: ScanCallback) -> None:
        if self.started:
            raise RuntimeError(f"scanner {self.url} already started")
        self._on_scan = on_scan

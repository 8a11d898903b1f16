"""The start/stop life of a scanner whose one reader thread does all its I/O (serial, evdev).

Each start() runs a new thread with a fresh ``stopping`` event, so a slow thread of an earlier
run can never be revived by a restart; stop() asks it to end and waits a bounded time (the
reader's own read timeout decides how soon it notices).
"""

from __future__ import annotations

import logging
import threading

from drivers.ports import ScanCallback, StatusCallback

log = logging.getLogger(__name__)

JOIN_TIMEOUT = 2.0


class ReaderThreadScanner:
    """Subclasses set ``url`` and ``path`` and implement :meth:`_run`."""

    url: str
    path: str
    thread_label = "scanner"

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        if self._thread is not None:
            raise RuntimeError(f"scanner {self.url} already started")
        self._stopping = stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(stopping, on_scan, on_status),
                                        name=f"{self.thread_label} {self.path}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        self._stopping.set()
        if thread is None or thread is threading.current_thread():
            return
        thread.join(JOIN_TIMEOUT)
        if thread.is_alive():
            log.warning("%s thread for %s did not end within %.1f s", self.thread_label,
                        self.url, JOIN_TIMEOUT)

    def _run(self, stopping: threading.Event, on_scan: ScanCallback,
             on_status: StatusCallback) -> None:
        raise NotImplementedError

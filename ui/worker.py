"""The one way the UI runs blocking work: SIP2 calls, SQLite writes, decoding.

Jobs run one at a time, in order, on a single background thread, so the patron session sees
its calls in the order the scans came. Results and failures come back on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class Worker(QObject):
    _finished = Signal(object, object)   # callback, value
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-worker")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, job: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None]) -> None:
        if self._closed:
            log.warning("job submitted after shutdown: ignored")
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def run() -> None:
            try:
                value = job()
            except Exception as exc:
                log.exception("background job failed")
                self._finished.emit(on_error, exc)
            else:
                self._finished.emit(on_done, value)

        self._pool.submit(run)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if self._closed:
            return
        try:
            callback(value)
        except Exception:  # a bug in a screen must not take the kiosk down
            log.exception("UI callback failed")

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

"""The one way the UI runs blocking work: SIP2 calls, SQLite writes, decoding.

Jobs run one at a time, in order, on a single background thread, so the patron session sees
its calls in the order the scans came. Results and failures come back on the GUI thread.
A call that may hang with no timeout of its own (listing PC/SC readers through a stuck pcscd,
testing a device) goes ``aside``: a thread of its own, so that it holds up neither that queue
nor the screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class Worker(QObject):
    _finished = Signal(object, object)   # callback, value
    _finished_aside = Signal(object, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-worker")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)
        self._finished_aside.connect(self._deliver_aside)

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

    def aside(self, job: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None], *, name: str = "aside") -> None:
        """Run ``job`` outside the queue, on a daemon thread (never joined: a hung call must
        not hold up shutdown either). It does not count as busy: the caller shows its own."""
        if self._closed:
            log.warning("job submitted after shutdown: ignored")
            return

        def run() -> None:
            try:
                value = job()
            except Exception as exc:
                log.warning("background job %s failed: %r", name, exc)
                callback, value = on_error, exc
            else:
                callback = on_done
            try:
                self._finished_aside.emit(callback, value)
            except RuntimeError:         # it came back after the window was gone
                log.info("background job %s finished after shutdown", name)

        threading.Thread(target=run, name=f"kiosk-{name}", daemon=True).start()

    @Slot(object, object)
    def _deliver_aside(self, callback: Callable[[Any], None], value: Any) -> None:
        if self._closed:
            return
        try:
            callback(value)
        except Exception:
            log.exception("UI callback failed")

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

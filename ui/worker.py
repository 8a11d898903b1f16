"""The one way the UI runs blocking work: SIP2 calls, SQLite reads and writes, PC/SC, scrypt,
printing, sound, decoding (ADR 0002).

Every job runs off the GUI thread and its result or failure comes back on the GUI thread, to
the callback given with it. Three ways to run one:

- ``submit``: the patron queue. One thread, one job at a time, in order, so the patron session
  sees its calls in the order the scans came. The window's "Checking…" follows it (``busy``).
- ``submit(..., queue=NAME)``: another queue of its own thread, for work that must stay in
  order among itself but never wait behind a patron's scan (the voice guide's sounds).
- ``aside``: a call that may hang with no timeout of its own (listing PC/SC readers through a
  stuck pcscd, testing a device, a printer that stops answering) runs on a daemon thread of its
  own, holding up neither a queue, nor the screen, nor shutdown.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

PATRON_QUEUE = "worker"


def cause_of(exc: BaseException) -> str:
    """A failed job's exception in words for staff: its message, else its type's name."""
    return str(exc) or type(exc).__name__


def ignore(_value: object) -> None:
    """For a job whose result nobody waits for (its failure is logged all the same)."""


class Worker(QObject):
    _finished = Signal(object, object, bool)   # callback, value, counted as busy
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queues: dict[str, ThreadPoolExecutor] = {}
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, job: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None], *,
               queue: str = PATRON_QUEUE) -> None:
        if self._closed:
            log.warning("job submitted after shutdown: ignored")
            return
        counted = queue == PATRON_QUEUE
        if counted:
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)
        pool = self._queues.get(queue)
        if pool is None:
            pool = self._queues[queue] = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"kiosk-{queue}")
        pool.submit(self._call, job, on_done, on_error, counted, queue)

    def aside(self, job: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None], *, name: str = "aside") -> None:
        """Run ``job`` outside the queues, on a daemon thread (never joined: a hung call must
        not hold up shutdown either). It does not count as busy: the caller shows its own."""
        if self._closed:
            log.warning("job submitted after shutdown: ignored")
            return
        threading.Thread(target=self._call, args=(job, on_done, on_error, False, name),
                         name=f"kiosk-{name}", daemon=True).start()

    def _call(self, job: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None], counted: bool, name: str) -> None:
        """On the job's thread: run it, then send the outcome to the GUI thread."""
        callback: Callable[[Any], None]
        try:
            value = job()
        except Exception as exc:
            if counted:
                log.exception("background job failed")
            else:
                log.warning("background job %s failed: %r", name, exc)
            callback, value = on_error, exc
        else:
            callback = on_done
        try:
            self._finished.emit(callback, value, counted)
        except RuntimeError:         # it came back after the window was gone
            log.info("background job %s finished after shutdown", name)

    @Slot(object, object, bool)
    def _deliver(self, callback: Callable[[Any], None], value: Any, counted: bool) -> None:
        if counted:
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
        """No more callbacks; queued jobs not yet started are dropped, running ones finish
        (each queue's thread is joined). Calls ``aside`` are left to end on their own."""
        self._closed = True
        for pool in self._queues.values():
            pool.shutdown(wait=True, cancel_futures=True)

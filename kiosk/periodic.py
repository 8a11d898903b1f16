"""One background loop for the kiosk's housekeeping (staff alerts, deleting old journal rows).

:class:`Periodic` calls its work every ``interval`` seconds on a daemon thread until stopped.
A round that raises is logged and the work is tried again at the next one: housekeeping
never gets in the way of lending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field


@dataclass(eq=False)
class Periodic:
    """Calls ``work`` every ``interval`` seconds on the thread ``name``: the first time at
    once when ``at_start``, else after one interval. ``failed`` is the line logged (with the
    traceback, on ``log``) when a round raises."""

    work: Callable[[], object]
    _: KW_ONLY
    name: str
    log: logging.Logger
    failed: str
    at_start: bool
    _stop: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    def start(self, interval: float) -> None:
        self._thread = threading.Thread(target=self._run, args=(interval,), name=self.name,
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ends the loop; waits up to five seconds for a round under way."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self, interval: float) -> None:
        if not self.at_start and self._stop.wait(interval):
            return
        while True:
            try:
                self.work()
            except Exception:
                self.log.exception(self.failed)
            if self._stop.wait(interval):
                return

"""Watchdog pings from the Qt event loop: if the GUI thread hangs, the pings stop and
systemd (``WatchdogSec=``) kills and restarts the kiosk.

The timer runs on the GUI thread on purpose: a ping proves the event loop still turns, which
is what a patron needs (a live thread elsewhere would hide a frozen screen). It pings at a
third of the watchdog interval. ``KIOSK_DEBUG_HANG_AFTER=SECONDS`` (demo only) freezes the
GUI thread after that long, for the watchdog's own test.
"""

from __future__ import annotations

import logging
import os
import time

from PySide6.QtCore import QObject, QTimer

from kiosk.sdnotify import Notifier

log = logging.getLogger(__name__)


class Watchdog(QObject):
    def __init__(self, notifier: Notifier | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier or Notifier()
        self.pings = 0
        self._timer = QTimer(self)
        if self.notifier.watchdog_seconds:
            self._timer.setInterval(max(int(self.notifier.watchdog_seconds * 1000 / 3), 100))
            self._timer.timeout.connect(self._ping)

    def start(self, status: str = "lending") -> None:
        """Tell systemd the kiosk is up, then keep pinging while the event loop turns."""
        self.notifier.ready(status)
        if self.notifier.watchdog_seconds:
            self._ping()
            self._timer.start()

    def _ping(self) -> None:
        if self.notifier.ping():
            self.pings += 1

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.stopping()


def arm_debug_hang(demo: bool) -> None:
    """In the demo only: freeze the GUI thread after $KIOSK_DEBUG_HANG_AFTER seconds."""
    after = os.environ.get("KIOSK_DEBUG_HANG_AFTER", "")
    if not demo or not after:
        return
    log.warning("debug: the GUI thread will hang in %s s (KIOSK_DEBUG_HANG_AFTER)", after)

    def hang() -> None:
        log.warning("debug: hanging the GUI thread now")
        while True:
            time.sleep(1)

    QTimer.singleShot(int(float(after) * 1000), hang)

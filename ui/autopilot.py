"""``kiosk demo --autopilot``: a scripted patron borrows three items through the whole stack.

One JSON line per event on stdout, flushed at once; exit 0 only if every step happened.
Staff run it as a smoke test after installing a kiosk.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from drivers.scanner_fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.events import EndReason, Event, ItemCheckedOut, PatronIdentified, SessionEnded
from ui.window import KioskWindow

TIME_LIMIT_MS = 60_000


class Autopilot(QObject):
    def __init__(self, window: KioskWindow, kiosk: Kiosk, *, out: TextIO | None = None,
                 items: int = 3) -> None:
        super().__init__(window)
        from sync.ils_sim.collection import DEMO
        self.window = window
        self.out = out or sys.stdout
        self.card = DEMO.codabar(DEMO.good_card)
        self.items = list(DEMO.lendable_items[:items])
        self.exit_code = 1
        self.checkouts = 0
        self._patron = ""
        self._scanner = next((s for s in kiosk.scanners if isinstance(s, FakeScanner)), None)
        window.event_applied.connect(self._on_event)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(lambda: self._fail("timed out waiting for the kiosk"))

    def say(self, **fields: object) -> None:
        print(json.dumps(fields, ensure_ascii=False), file=self.out, flush=True)

    def start(self) -> None:
        if self._scanner is None:
            self._fail("no fake:// scanner configured to drive")
            return
        self._deadline.start(TIME_LIMIT_MS)
        self.say(event="start", items=len(self.items))
        self._scanner.inject(self.card)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, PatronIdentified):
            self._patron = event.card_masked
            self.say(event="patron", patron=event.card_masked)
            self._next()
        elif isinstance(event, ItemCheckedOut):
            self.checkouts += 1
            loan = event.loan
            self.say(event="checkout", patron=event.card_masked, item=loan.item,
                      title=loan.title, due=loan.due.isoformat() if loan.due else loan.due_text,
                      mode=str(loan.mode))
            self._next()
        elif isinstance(event, SessionEnded):
            ok = self.checkouts == len(self.items) and event.reason == EndReason.FINISHED
            self.say(event="summary", patron=self._patron, checkouts=self.checkouts,
                      expected=len(self.items), ok=ok)
            self._quit(0 if ok else 1)
        else:
            self._fail(f"unexpected {type(event).__name__}: {event}")

    def _next(self) -> None:
        assert self._scanner is not None
        if self.items[self.checkouts:]:
            self._scanner.inject(self.items[self.checkouts])
        else:
            self.window.finish(EndReason.FINISHED)

    def _fail(self, why: str) -> None:
        self.say(event="error", error=why)
        self._quit(1)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self._deadline.stop()
        QTimer.singleShot(0, QApplication.quit)

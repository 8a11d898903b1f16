"""``kiosk demo --autopilot``: scripted patrons borrow items through the whole stack.

One JSON line per event on stdout, flushed at once, printed when the patron's screen shows
the result (so a printed checkout is one the patron saw succeed); exit 0 only if every step
happened as expected. Staff run it as a smoke test after installing a kiosk.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import TextIO

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.events import (
    EndReason,
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    PadChanged,
    PatronIdentified,
    SecureTags,
    SecurityNotChanged,
    SessionEnded,
)
from ui.window import KioskWindow

STEP_LIMIT_MS = 60_000       # no answer to one step within this: the run fails


@dataclass(frozen=True)
class Visit:
    card: str                  # as scanned (Codabar-wrapped, as a real card reads)
    items: tuple[str, ...]


def demo_visits(patrons: int = 1, items_per_patron: int = 3) -> list[Visit]:
    """Patrons of the demo library who may borrow, each with items nobody else has."""
    from sync.ils_sim.collection import DEMO, MediaType, demo_collection
    collection = demo_collection()
    if patrons == 1 and items_per_patron <= len(DEMO.lendable_items):
        return [Visit(DEMO.codabar(DEMO.good_card), tuple(DEMO.lendable_items[:items_per_patron]))]
    cards = [p.card for p in collection.patrons.values()
             if not p.blocks and not collection.loans_of(p.card) and not p.wide_area]
    held = {i.barcode for i in collection.items.values() if i.hold_for}
    items = [i.barcode for i in collection.items.values()
             if not (i.not_for_loan or i.ill or i.barcode in held
                     or i.barcode in collection.loans or i.media is MediaType.AV)]
    if patrons > len(cards) or patrons * items_per_patron > len(items):
        raise ValueError(f"the demo library has {len(cards)} patrons and {len(items)} "
                         f"lendable items: {patrons}×{items_per_patron} is too many")
    return [Visit(DEMO.codabar(cards[n]),
                  tuple(items[n * items_per_patron:(n + 1) * items_per_patron]))
            for n in range(patrons)]


class Autopilot(QObject):
    def __init__(self, window: KioskWindow, kiosk: Kiosk, visits: list[Visit], *,
                 out: TextIO | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.out = out or sys.stdout
        self.visits = visits
        self.exit_code = 1
        self.checkouts = 0
        self._visit = 0
        self._item = 0
        self._patron = ""
        self._scanner = next((s for s in kiosk.scanners if isinstance(s, FakeScanner)), None)
        window.event_applied.connect(self._on_event)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(STEP_LIMIT_MS)
        self._deadline.timeout.connect(lambda: self._fail("timed out waiting for the kiosk"))

    @property
    def expected(self) -> int:
        return sum(len(v.items) for v in self.visits)

    def say(self, **fields: object) -> None:
        print(json.dumps(fields, ensure_ascii=False), file=self.out, flush=True)

    def start(self) -> None:
        if self._scanner is None:
            self._fail("no fake-scanner:// scanner configured to drive")
            return
        self.say(event="start", patrons=len(self.visits), items=self.expected,
                 mode=str(self.window.mode))
        self._scan(self.visits[0].card)

    def _scan(self, code: str) -> None:
        assert self._scanner is not None
        self._deadline.start()
        self._scanner.inject(code)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, PadChanged | SecureTags | SecurityNotChanged):
            return           # the demo's RFID pad, empty here: the visits scan barcodes
        if isinstance(event, PatronIdentified):
            self._patron = event.card_masked
            self.say(event="patron", patron=event.card_masked)
            self._item = 0
            self._next()
        elif isinstance(event, ItemCheckedOut | ItemAlreadyOnLoan):
            # a loan the patron already had (a re-scan after a crash) is theirs all the same
            self.checkouts += 1
            loan = event.loan
            self.say(event="checkout", patron=event.card_masked, item=loan.item,
                     title=loan.title, due=loan.due.isoformat() if loan.due else loan.due_text,
                     mode=str(loan.mode), already=isinstance(event, ItemAlreadyOnLoan))
            self._item += 1
            self._next()
        elif isinstance(event, SessionEnded):
            self.say(event="session_end", patron=event.card_masked, loans=len(event.loans))
            self._visit += 1
            if self._visit < len(self.visits):
                self._scan(self.visits[self._visit].card)
                return
            ok = self.checkouts == self.expected
            self.say(event="summary", patron=self._patron, patrons=len(self.visits),
                     checkouts=self.checkouts, expected=self.expected, ok=ok)
            self._quit(0 if ok else 1)
        else:
            self._fail(f"unexpected {type(event).__name__}: {event}")

    def _next(self) -> None:
        items = self.visits[self._visit].items
        if self._item < len(items):
            self._scan(items[self._item])
        else:
            self._deadline.start()
            self.window.finish(EndReason.FINISHED)

    def _fail(self, why: str) -> None:
        self.say(event="error", error=why, checkouts=self.checkouts)
        self._quit(1)

    def _quit(self, code: int) -> None:
        self.exit_code = code
        self._deadline.stop()
        QTimer.singleShot(0, QApplication.quit)

"""Screenshots of every screen of the demo, for the docs and for looking at what we built.

    python -m ui.screenshots docs/screenshots        (under Xvfb, or offscreen)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from drivers.scanner_fake import FakeScanner
from kiosk.bootstrap import bootstrap
from kiosk.config import load_config
from kiosk.events import EndReason
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window
from ui.window import KioskWindow


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until_event(window: KioskWindow, action: object) -> None:
    loop = QEventLoop()
    window.event_applied.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    action()  # type: ignore[operator]
    loop.exec()
    window.event_applied.disconnect(loop.quit)
    settle()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    kiosk = bootstrap(load_config(None))
    window = build_window(kiosk, demo=True)
    window.resize(1280, 800)
    window.show()
    scanner = next(s for s in kiosk.scanners if isinstance(s, FakeScanner))

    def shot(name: str) -> None:
        settle()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    try:
        shot("idle")
        until_event(window, lambda: scanner.inject(DEMO.unknown_card))
        shot("idle-unknown-card")
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.good_card)))
        shot("patron-welcome")
        for item in [*DEMO.lendable_items[:3], DEMO.not_for_loan_item]:
            until_event(window, lambda i=item: scanner.inject(i))
        shot("patron")
        until_event(window, lambda: scanner.inject("9784834000825"))
        shot("patron-isbn-notice")
        window.set_language("en")
        shot("patron-english")
        window.set_language("ja")
        window._warn_idle()  # what an idle patron sees before the session ends
        shot("patron-idle-warning")
        until_event(window, lambda: window.finish(EndReason.FINISHED))
        shot("goodbye")
    finally:
        window.shutdown()
        kiosk.close()
    # the same patron while the ILS is down: the offline banner, loans from the journal
    kiosk = bootstrap(load_config(None), ils_down=True)
    window = build_window(kiosk, demo=True)
    window.resize(1280, 800)
    window.show()
    scanner = next(s for s in kiosk.scanners if isinstance(s, FakeScanner))
    try:
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.good_card)))
        for item in [*DEMO.lendable_items[:2], DEMO.on_hold_item]:
            until_event(window, lambda i=item: scanner.inject(i))
        shot("offline-patron")
    finally:
        window.shutdown()
        kiosk.close()
    QApplication.processEvents()
    _ = app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

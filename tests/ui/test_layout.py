"""Every patron screen fits the screen: in six languages, normal and larger text, landscape
and portrait. Every visible widget lies inside the screen (a list's rows inside their list), no
label is cut off (elided text is not cut off), every button is finger-sized."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from layout_check import problems
from PySide6.QtWidgets import QApplication

from drivers.scanners.fake import FakeScanner
from kiosk.config import load_config
from kiosk.demo import bootstrap
from kiosk.events import CardProblem
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window
from ui.i18n import CARD_PROBLEMS
from ui.screenshots import SIZES, settle, until_event
from ui.window import KioskWindow

pytestmark = pytest.mark.ui

LANGUAGES = ("ja", "en", "zh", "ko", "pt", "vi")
# A long visit: loans, a hold picked up, and refusals with the library system's own words.
ITEMS = (*DEMO.lendable_items, DEMO.hold_pickup_item, DEMO.av_item, DEMO.ill_item,
         DEMO.not_for_loan_item, DEMO.on_hold_item, DEMO.on_loan_item, DEMO.unknown_item)


def nothing() -> None:
    pass


def states(window: KioskWindow, scanner: FakeScanner
           ) -> Iterator[tuple[str, Callable[[], None]]]:
    """Drives the window through every patron screen; yields each one's name once shown, and
    what shows it again after a touch (the larger-text button counts as one)."""
    scan: Callable[[str], None] = lambda code: until_event(window,  # noqa: E731
                                                           lambda: scanner.inject(code))
    window.show_idle()
    yield "idle", nothing
    window.idle.offer_mynumber(True)
    yield "idle-mynumber", nothing
    window.idle.offer_mynumber(False)
    scan(DEMO.blocked_card)
    yield "idle-notice", nothing
    window._clear_notices()
    window.card_screen.show_problem(CARD_PROBLEMS[CardProblem.PIN_LOCKED])
    window.stack.setCurrentWidget(window.card_screen)
    yield "mynumber-problem", nothing
    window.pin_pad.ask(1, True, purpose="mynumber")
    window.stack.setCurrentWidget(window.pin_pad)
    yield "mynumber-pin", nothing
    window.show_idle()
    scan(DEMO.codabar(DEMO.good_card))
    yield "patron-welcome", nothing
    for item in ITEMS:
        scan(item)
    yield "patron-long-list", nothing
    scan("9784834000825")
    window.mode_changed.emit("offline", "test")
    yield "patron-notice-offline", nothing
    window.mode_changed.emit("online", "test")
    window._warn_idle()
    yield "idle-warning", window._warn_idle
    window._touch()
    until_event(window, window.patron.loans_button.click)
    yield "loans", nothing
    window.loans.back.click()
    window.patron.finish_button.click()
    yield "receipt", nothing
    until_event(window, window.receipt.print_button.click)
    yield "goodbye", nothing


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_every_screen_fits_in_every_language_and_text_size(orientation: str) -> None:
    app = application()
    width, height = SIZES[orientation]
    # a branch that offers receipts (the receipt screen; step 3 at idle says so too)
    config = replace(load_config(None), receipts_policy="ask", printer_url="fake-printer://")
    kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=layout")])
    window = build_window(kiosk, demo=False)
    window.resize(width, height)
    window.show()
    found: list[str] = []
    try:
        for state, again in states(window, kiosk.scanners[0]):  # type: ignore[arg-type]
            for large in (False, True):
                window.large_text.setChecked(large)
                for lang in LANGUAGES:
                    window.set_language(lang)
                    again()
                    for _ in range(3):
                        QApplication.processEvents()
                    found += [f"{state} {lang}{' large' if large else ''}: {p}"
                              for p in problems(window, width, height)]
            window.large_text.setChecked(False)
            window.set_language("ja")
            settle(50)
    finally:
        window.shutdown()
        kiosk.close()
        _ = app
    assert not found, "\n".join(dict.fromkeys(found))

"""The rest of the patron journey in the real window: PIN pad, holds, limits, my loans and
renewals, the receipt choice, and the idle timeout on every one of those screens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from drivers.scanner_fake import FakeScanner
from kiosk.bootstrap import bootstrap
from kiosk.config import KioskConfig, load_config
from kiosk.events import (
    CurrentLoan,
    ItemCheckedOut,
    ItemRenewed,
    LoansListed,
    PatronIdentified,
    PatronRefused,
    PinRequested,
    SessionEnded,
)
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window

pytestmark = pytest.mark.ui
WAIT = 10_000


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def open_window(qtbot, config: KioskConfig):  # type: ignore[no-untyped-def]
    kiosk = bootstrap(config, scanners=[FakeScanner("fake://?name=test")])
    application()
    window = build_window(kiosk, demo=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return kiosk, window


@pytest.fixture
def pin_window(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    config = load_config(None)
    config = replace(config, session=replace(config.session, require_pin=True))
    kiosk, window = open_window(qtbot, config)
    yield window
    window.shutdown()
    kiosk.close()


def act(qtbot, window, action):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.event_applied, timeout=WAIT) as blocker:
        action()
    return blocker.args[0]


def press_pin(qtbot, window, digits: str) -> None:  # type: ignore[no-untyped-def]
    for d in digits:
        qtbot.mouseClick(window.pin_pad.keys[d], Qt.MouseButton.LeftButton)


def test_pin_pad_then_borrow(qtbot, pin_window) -> None:  # type: ignore[no-untyped-def]
    w = pin_window
    event = act(qtbot, w, lambda: _inject(w, DEMO.codabar(DEMO.good_card)))
    assert isinstance(event, PinRequested)
    assert w.current_screen is w.pin_pad
    assert "暗証番号を入力してください" in texts(w.pin_pad)
    press_pin(qtbot, w, "12")
    assert w.pin_pad.dots.text() == "● ● ○ ○"          # digits never shown
    assert not w.pin_pad.ok.isEnabled()
    press_pin(qtbot, w, DEMO.good_pin[2:])
    event = act(qtbot, w, lambda: qtbot.mouseClick(w.pin_pad.ok, Qt.MouseButton.LeftButton))
    assert isinstance(event, PatronIdentified)
    assert w.current_screen is w.patron


def test_wrong_pins_count_down_then_the_counter(qtbot, pin_window) -> None:  # type: ignore[no-untyped-def]
    w = pin_window
    act(qtbot, w, lambda: _inject(w, DEMO.codabar(DEMO.good_card)))
    for left in (2, 1):
        press_pin(qtbot, w, "0000")
        event = act(qtbot, w, lambda: qtbot.mouseClick(w.pin_pad.ok, Qt.MouseButton.LeftButton))
        assert isinstance(event, PinRequested)
        assert f"あと{left}回" in texts(w.pin_pad)
    press_pin(qtbot, w, "0000")
    event = act(qtbot, w, lambda: qtbot.mouseClick(w.pin_pad.ok, Qt.MouseButton.LeftButton))
    assert isinstance(event, PatronRefused)
    assert w.current_screen is w.idle
    assert "暗証番号が違います" in texts(w.idle) or "PIN is not correct" in texts(w.idle)


def test_walking_away_from_the_pin_pad_returns_to_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    config = load_config(None)
    config = replace(config, session=replace(config.session, require_pin=True, idle_seconds=2,
                                             warning_seconds=1))
    kiosk, w = open_window(qtbot, config)
    try:
        act(qtbot, w, lambda: _inject(w, DEMO.codabar(DEMO.good_card)))
        assert w.current_screen is w.pin_pad
        qtbot.waitUntil(w.warning.isVisible, timeout=WAIT)
        qtbot.waitUntil(lambda: w.current_screen is w.idle, timeout=WAIT)
        # the session's cancel runs on the worker thread, after the screen has changed
        qtbot.waitUntil(lambda: not w.session.awaiting_pin, timeout=WAIT)
    finally:
        w.shutdown()
        kiosk.close()


def _inject(window, code: str) -> None:  # type: ignore[no-untyped-def]
    window.bridge.scanned.emit(code)


def test_holds_limits_and_pickup_are_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.good_card)))
    status = window.patron.status_line.text()
    assert "予約の資料が1点" in status
    assert "あと" in status
    event = act(qtbot, window, lambda: _inject(window, DEMO.hold_pickup_item))
    assert isinstance(event, ItemCheckedOut)
    assert event.hold_pickup
    assert "ご予約の資料です" in texts(window.patron)


def test_my_loans_and_renew(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    event = act(qtbot, window, lambda: qtbot.mouseClick(window.patron.loans_button,
                                                        Qt.MouseButton.LeftButton))
    assert isinstance(event, LoansListed)
    assert window.current_screen is window.loans
    row = next(r for r in window.loans.rows if r.loan.item == DEMO.on_loan_item)
    assert row.renew.isVisible()
    before = row.due.text()
    event = act(qtbot, window, lambda: qtbot.mouseClick(row.renew, Qt.MouseButton.LeftButton))
    assert isinstance(event, ItemRenewed)
    assert "延長しました" in row.due.text()
    assert row.due.text() != before
    assert not row.renew.isVisible()                 # once only
    qtbot.mouseClick(window.loans.back, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.patron


def test_a_renewal_that_keeps_the_date_says_so(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Libraries that count a renewal from the day it is made give the same date on the day
    of the loan; "renewed" next to an unchanged date reads as a failure."""
    due = date(2025, 4, 15)
    window.loans.show_loans((CurrentLoan("1001", "港町の小さな探偵事務所", due),
                             CurrentLoan("1002", "くいしんぼうのあおむし", due)))
    window.loans.renewed("1001", CurrentLoan("1001", "港町の小さな探偵事務所", due))
    window.loans.renewed("1002", CurrentLoan("1002", "くいしんぼうのあおむし",
                                             due + timedelta(days=14)))
    same, moved = window.loans.rows
    assert "のままです" in same.due.text()
    assert "延長しました" in moved.due.text()
    assert "のまま" not in moved.due.text()
    window.set_language("en")
    assert "still due back" in same.due.text()


def test_receipt_is_offered_then_printed_after_the_session(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    printed: list[tuple[tuple[str, ...], str]] = []
    window.receipt_policy = "ask"
    window.print_receipt = lambda card, loans, lang: printed.append(
        (tuple(loan.item for loan in loans), lang))
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[2]))
    qtbot.mouseClick(window.patron.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.receipt
    assert printed == []
    event = act(qtbot, window, lambda: qtbot.mouseClick(window.receipt.print_button,
                                                        Qt.MouseButton.LeftButton))
    assert isinstance(event, SessionEnded)
    assert printed == [((DEMO.lendable_items[2],), "ja")]
    assert "レシートをお取りください" in texts(window.goodbye)


def test_no_receipt_means_nothing_printed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    printed: list[object] = []
    window.receipt_policy = "ask"
    window.print_receipt = lambda card, loans, lang: printed.append(loans)
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[3]))
    qtbot.mouseClick(window.patron.finish_button, Qt.MouseButton.LeftButton)
    act(qtbot, window, lambda: qtbot.mouseClick(window.receipt.skip_button,
                                                Qt.MouseButton.LeftButton))
    assert printed == []
    assert window.current_screen is window.goodbye


def test_idle_timeout_fires_on_the_loans_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    config = load_config(None)
    config = replace(config, session=replace(config.session, idle_seconds=2, warning_seconds=1,
                                             goodbye_seconds=1))
    kiosk, w = open_window(qtbot, config)
    try:
        act(qtbot, w, lambda: _inject(w, DEMO.codabar(DEMO.other_good_card)))
        act(qtbot, w, lambda: qtbot.mouseClick(w.patron.loans_button, Qt.MouseButton.LeftButton))
        assert w.current_screen is w.loans
        qtbot.waitUntil(w.warning.isVisible, timeout=WAIT)
        assert "秒で終了します" in w.warning.text.text()
        qtbot.waitUntil(lambda: w.current_screen is w.goodbye, timeout=WAIT)
        assert not w.session.signed_in
    finally:
        w.shutdown()
        kiosk.close()


def test_larger_text_and_high_contrast_apply_and_reset_at_idle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    assert "font-size: 52px" in app.styleSheet()
    qtbot.mouseClick(window.large_text, Qt.MouseButton.LeftButton)
    assert "font-size: 68px" in app.styleSheet()            # 52 px × 1.3
    qtbot.mouseClick(window.contrast, Qt.MouseButton.LeftButton)
    assert "background: black" in app.styleSheet()
    window.show_idle()                                      # the next patron starts afresh
    assert not window.large_text.isChecked()
    assert "font-size: 52px" in app.styleSheet()
    assert "background: black" not in app.styleSheet()


def test_a_notice_left_on_the_patron_screen_does_not_follow_to_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Regression: show_idle re-said the last notice on the language reset, which from the
    # goodbye screen went back to show_idle, and so on until the stack overflowed.
    config = load_config(None)
    config = replace(config, session=replace(config.session, goodbye_seconds=1))
    kiosk, window = open_window(qtbot, config)
    try:
        window.set_language("en")
        act(qtbot, window, lambda: window.handle_scan(DEMO.codabar(DEMO.other_good_card)))
        act(qtbot, window, lambda: window.handle_scan("9784834000825"))    # an ISBN: notice
        assert window.patron.notice.isVisibleTo(window.patron)
        act(qtbot, window, window.patron.finish_button.click)
        assert window.current_screen is window.goodbye
        qtbot.waitUntil(lambda: window.current_screen is window.idle, timeout=WAIT)
        assert not window.idle.notice.isVisibleTo(window.idle)
        assert not window.patron.notice.isVisibleTo(window.patron)
    finally:
        window.shutdown()
        kiosk.close()


def test_a_receipt_of_all_loans_prints_them_all_on_the_fake_printer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from drivers.printer import FakePrinter
    from kiosk.receipt import ReceiptService
    config = load_config(None)
    config = replace(config, receipts_policy="always", receipt_contents="all_loans")
    kiosk, window = open_window(qtbot, config)
    printer = FakePrinter()
    service = ReceiptService(printer, "Demo")
    window.print_receipt = service.print_now
    try:
        act(qtbot, window, lambda: window.handle_scan(DEMO.codabar(DEMO.other_good_card)))
        act(qtbot, window, lambda: window.handle_scan(DEMO.lendable_items[4]))
        event = act(qtbot, window, window.patron.finish_button.click)
        assert isinstance(event, SessionEnded)
        printed = b"".join(printer.printed)
        assert {loan.item for loan in event.all_loans or ()} == {DEMO.on_loan_item,
                                                                 DEMO.lendable_items[4]}
        titles = [loan.title for loan in event.all_loans or ()]
        assert len(titles) == 2
        for title in titles:
            assert title.encode("cp932", errors="replace") in printed
    finally:
        window.shutdown()
        kiosk.close()

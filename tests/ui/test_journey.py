"""The rest of the patron journey in the real window: PIN pad, holds, limits, my loans and
renewals, the receipt choice, and the idle timeout on every one of those screens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from drivers.scanners.fake import FakeScanner
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
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
from tests.ui.timings import QUICK
from tests.ui.windows import show_window
from ui.window import REAL_TIME, Timings

pytestmark = pytest.mark.ui
WAIT = 10_000


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def open_window(qtbot, config: KioskConfig, timings: Timings = REAL_TIME):  # type: ignore[no-untyped-def]
    kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=test")])
    return kiosk, show_window(qtbot, kiosk, timings=timings)


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
    kiosk, w = open_window(qtbot, config, QUICK)
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


@pytest.fixture
def receipt_window(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A branch that offers receipts, on the fake printer (printing runs off the GUI
    thread, aside: ``printed`` waits for it)."""
    config = replace(load_config(None), receipts_policy="ask", printer_url="fake-printer://")
    kiosk, window = open_window(qtbot, config)
    yield window
    window.shutdown()
    kiosk.close()


def printed(qtbot, window) -> list[str]:  # type: ignore[no-untyped-def]
    """The receipts printed so far, as text, once no print is under way."""
    qtbot.waitUntil(lambda: not any(t.name == "kiosk-receipt" for t in threading.enumerate()),
                    timeout=WAIT)
    return [data.decode("cp932", errors="replace") for data in window.receipts.printer.printed]


def test_receipt_is_offered_then_printed_after_the_session(qtbot, receipt_window) -> None:  # type: ignore[no-untyped-def]
    window = receipt_window
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    lent = act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[2]))
    qtbot.mouseClick(window.patron.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.receipt
    assert printed(qtbot, window) == []
    event = act(qtbot, window, lambda: qtbot.mouseClick(window.receipt.print_button,
                                                        Qt.MouseButton.LeftButton))
    assert isinstance(event, SessionEnded)
    [receipt] = printed(qtbot, window)
    assert "貸出票" in receipt                                      # in the patron's language
    assert lent.loan.title in receipt
    assert "レシートをお取りください" in texts(window.goodbye)


def test_no_receipt_means_nothing_printed(qtbot, receipt_window) -> None:  # type: ignore[no-untyped-def]
    window = receipt_window
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[3]))
    qtbot.mouseClick(window.patron.finish_button, Qt.MouseButton.LeftButton)
    act(qtbot, window, lambda: qtbot.mouseClick(window.receipt.skip_button,
                                                Qt.MouseButton.LeftButton))
    assert printed(qtbot, window) == []
    assert window.current_screen is window.goodbye


def test_idle_timeout_fires_on_the_loans_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    config = load_config(None)
    config = replace(config, session=replace(config.session, idle_seconds=2, warning_seconds=1,
                                             goodbye_seconds=1))
    kiosk, w = open_window(qtbot, config, QUICK)
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
    kiosk, window = open_window(qtbot, config, QUICK)
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
    from drivers.printers.fake import FakePrinter
    config = load_config(None)
    config = replace(config, receipts_policy="always", receipt_contents="all_loans",
                     printer_url="fake-printer://")
    kiosk, window = open_window(qtbot, config)
    assert kiosk.receipts is not None
    printer = kiosk.receipts.printer
    assert isinstance(printer, FakePrinter)
    try:
        act(qtbot, window, lambda: window.handle_scan(DEMO.codabar(DEMO.other_good_card)))
        act(qtbot, window, lambda: window.handle_scan(DEMO.lendable_items[4]))
        event = act(qtbot, window, window.patron.finish_button.click)
        assert isinstance(event, SessionEnded)
        printed(qtbot, window)                                  # the print is done
        data = b"".join(printer.printed)
        assert {loan.item for loan in event.all_loans or ()} == {DEMO.on_loan_item,
                                                                 DEMO.lendable_items[4]}
        titles = [loan.title for loan in event.all_loans or ()]
        assert len(titles) == 2
        for title in titles:
            assert title.encode("cp932", errors="replace") in data
    finally:
        window.shutdown()
        kiosk.close()


# -- lending that means what it says (issue 18, items 1-6) -----------------------------------
def _row_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [texts(widget) for widget in window.patron._rows]


def test_a_scan_of_an_item_already_on_loan_says_so_and_sends_nothing(  # type: ignore[no-untyped-def]
        qtbot, window, kiosk) -> None:
    from kiosk.events import ItemAlreadyOnLoan
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    event = act(qtbot, window, lambda: _inject(window, DEMO.on_loan_item))
    assert isinstance(event, ItemAlreadyOnLoan)
    [row] = _row_texts(window)
    assert "すでにお借りになっています" in row
    assert "返却期限" in row
    assert "延長しました" not in row
    assert [e for e in kiosk.simulator.ledger() if e.item == DEMO.on_loan_item
            and e.kind == "checkout"] == []


def test_the_renew_button_says_the_new_date_and_todays_loans_have_none(  # type: ignore[no-untyped-def]
        qtbot, window) -> None:
    from ui.i18n import format_due
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[0]))
    event = act(qtbot, window, lambda: qtbot.mouseClick(window.patron.loans_button,
                                                        Qt.MouseButton.LeftButton))
    assert isinstance(event, LoansListed)
    today = next(r for r in window.loans.rows if r.loan.item == DEMO.lendable_items[0])
    assert not today.renew.isVisibleTo(window.loans)          # no renewal that changes nothing
    assert "返却期限は延びません" in today.note.text()
    older = next(r for r in window.loans.rows if r.loan.item == DEMO.on_loan_item)
    assert older.loan.renew_due is not None
    assert older.renew.isVisibleTo(window.loans)
    assert format_due(older.loan.renew_due, "", "ja") in older.renew.text()   # before the press
    renewed = act(qtbot, window, lambda: qtbot.mouseClick(older.renew,
                                                          Qt.MouseButton.LeftButton))
    assert isinstance(renewed, ItemRenewed)
    assert renewed.loan.due == older.loan.renew_due or renewed.loan.due is not None


def test_a_refused_renewal_is_said_in_renewal_words(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import RenewRefused
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    act(qtbot, window, lambda: qtbot.mouseClick(window.patron.loans_button,
                                                Qt.MouseButton.LeftButton))
    row = next(r for r in window.loans.rows if r.loan.item == DEMO.on_loan_item)
    act(qtbot, window, lambda: qtbot.mouseClick(row.renew, Qt.MouseButton.LeftButton))
    refused = act(qtbot, window, lambda: window._run(
        lambda: window.session.renew(DEMO.on_loan_item)))      # the one renewal is used
    assert isinstance(refused, RenewRefused)
    note = row.note.text()
    assert note.startswith("延長できませんでした。")              # headlined as a renewal
    assert "延長できる回数の上限" in note                         # and why, in the kiosk's words
    assert "自動貸出機では借りられません" not in note             # never the checkout's words
    assert "図書館からのお知らせ：" in note                        # the ILS's own text, labelled
    window.set_language("en")
    assert row.note.text().startswith("This item was not renewed.")


def test_a_second_card_asks_finished_and_switches_nobody(qtbot, receipt_window) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import OtherCardScanned
    window = receipt_window
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.good_card)))
    lent = act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[1]))
    event = act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    assert isinstance(event, OtherCardScanned)
    assert window.current_screen is window.question
    assert "****5877" in window.question.title.text()
    assert "終わりましたか" in window.question.title.text()
    qtbot.mouseClick(window.question.continue_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.patron                  # still the first patron
    assert window.session.signed_in
    assert len(window.session.loans) == 1
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    assert window.current_screen is window.question
    qtbot.mouseClick(window.question.finish_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.receipt                 # the receipt offer
    ended = act(qtbot, window, lambda: qtbot.mouseClick(window.receipt.print_button,
                                                        Qt.MouseButton.LeftButton))
    assert isinstance(ended, SessionEnded)
    assert window.current_screen is window.goodbye
    [receipt] = printed(qtbot, window)                             # the first patron's
    assert lent.loan.title in receipt
    assert ended.card_masked in receipt


def test_offline_a_second_card_is_asked_about_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import OtherCardScanned
    kiosk = bootstrap(load_config(None), scanners=[FakeScanner("fake-scanner://?name=test")],
                      ils_down=True)
    window = show_window(qtbot, kiosk)
    try:
        who = act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.good_card)))
        assert isinstance(who, PatronIdentified)
        assert who.name == ""                                       # offline: no name
        # items left are shown offline too (issue 18, item 6)
        assert "あと" in window.patron.status_line.text()
        act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[2]))
        event = act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
        assert isinstance(event, OtherCardScanned)
        assert window.current_screen is window.question
        assert "****5877" in window.question.title.text()
    finally:
        window.shutdown()
        kiosk.close()


def test_the_counts_on_screen_come_from_one_model(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import re
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.good_card)))
    status = window.patron.status_line.text()
    assert "予約の資料が1点" in status
    left = int(re.search(r"あと(\d+)点", status).group(1))  # type: ignore[union-attr]
    act(qtbot, window, lambda: _inject(window, DEMO.hold_pickup_item))
    status = window.patron.status_line.text()
    assert "予約" not in status                                    # the hold is picked up
    assert f"あと{left - 1}点" in status
    act(qtbot, window, window.patron.finish_button.click)

    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.other_good_card)))
    left = int(re.search(r"あと(\d+)点",  # type: ignore[union-attr]
                         window.patron.status_line.text()).group(1))
    act(qtbot, window, lambda: qtbot.mouseClick(window.patron.loans_button,
                                                Qt.MouseButton.LeftButton))
    row = next(r for r in window.loans.rows if r.loan.item == DEMO.on_loan_item)
    act(qtbot, window, lambda: qtbot.mouseClick(row.renew, Qt.MouseButton.LeftButton))
    assert f"あと{left}点" in window.patron.status_line.text()     # a renewal is not an item
    qtbot.mouseClick(window.loans.back, Qt.MouseButton.LeftButton)
    act(qtbot, window, lambda: _inject(window, DEMO.lendable_items[3]))
    assert f"あと{left - 1}点" in window.patron.status_line.text()
    act(qtbot, window, window.patron.finish_button.click)
    summary = window.goodbye.summary.text()
    assert re.search(r"1点 ?借りました", summary)                              # the new loan only
    assert re.search(r"1点 ?延長しました", summary)                            # the renewal apart


@pytest.mark.parametrize("code", ["ja", "en", "zh", "ko", "pt", "vi"])
def test_the_ils_reason_is_said_in_every_language(qtbot, window, code: str) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import ItemProblem, ItemRefused
    from ui.i18n import ITEM_PROBLEMS, LIBRARY_SAYS
    act(qtbot, window, lambda: _inject(window, DEMO.codabar(DEMO.good_card)))
    window.set_language(code)
    for item, reason in ((DEMO.not_for_loan_item, ItemProblem.NOT_FOR_LOAN),
                         (DEMO.on_hold_item, ItemProblem.ON_HOLD)):
        event = act(qtbot, window, lambda item=item: _inject(window, item))
        assert isinstance(event, ItemRefused)
        assert event.reason is reason                               # not the generic refusal
        widget = window.patron._rows[-1]
        said = window.languages.text(code, "Messages", ITEM_PROBLEMS[reason])
        assert widget.detail.text() == said
        if code != "en":
            assert said != ITEM_PROBLEMS[reason]                    # really translated
        label = window.languages.text(code, "Messages", LIBRARY_SAYS).replace("%1", "")
        assert not widget.extra.isVisibleTo(widget) or widget.extra.text().startswith(label)

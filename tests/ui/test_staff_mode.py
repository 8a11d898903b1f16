"""Staff mode in the real window: entry by staff card and by the hidden gesture, wrong PINs
and the lockout, the status page, out of service, leaving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from drivers.scanner_fake import FakeScanner
from kiosk.bootstrap import bootstrap
from kiosk.config import load_config
from kiosk.events import PatronIdentified
from sync.ils_sim.collection import DEMO, TOKYO
from ui.app import application, build_window

pytestmark = pytest.mark.ui
WAIT = 10_000
STAFF_CARD = "A99001234B"          # the demo's staff card pattern: 99 + six digits


@pytest.fixture
def win(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    kiosk = bootstrap(load_config(None), scanners=[FakeScanner("fake://?name=staff")])
    application()
    window = build_window(kiosk, demo=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.shutdown()
    kiosk.close()


def pin(qtbot, window, digits: str) -> None:  # type: ignore[no-untyped-def]
    for d in digits:
        qtbot.mouseClick(window.staff.pin.keys[d], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.pin.ok, Qt.MouseButton.LeftButton)


def test_staff_card_then_pin_opens_staff_mode(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    assert win.current_screen is win.staff.pin
    pin(qtbot, win, "2468")
    assert win.current_screen is win.staff.home
    assert "スタッフモード" in win.staff.home.title.text()
    assert "図書館システム: online" in win.staff.home.status_label.text()
    win.handle_scan(DEMO.lendable_items[0])                 # the scan test, not a loan
    assert "item" in win.staff.home.scan_label.text()
    assert not win.session.signed_in
    qtbot.mouseClick(win.staff.home.leave_button, Qt.MouseButton.LeftButton)
    assert win.current_screen is win.idle


def test_hidden_gesture_opens_the_pin_pad(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(win.branch_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_screen is win.staff.pin, timeout=WAIT)
    qtbot.mouseRelease(win.branch_label, Qt.MouseButton.LeftButton)


def test_a_short_press_does_nothing(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(win.branch_label, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(win.branch_label, Qt.MouseButton.LeftButton, delay=50)
    qtbot.wait(200)
    assert win.current_screen is win.idle


def test_wrong_pins_count_down_then_lock(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    for left in (4, 3, 2, 1):
        pin(qtbot, win, "1111")
        assert f"あと{left}回" in win.staff.pin.notice.text()
    pin(qtbot, win, "1111")
    assert "ロック中" in win.staff.pin.notice.text()
    pin(qtbot, win, "2468")                               # locked: even the right PIN
    assert win.current_screen is win.staff.pin
    assert "ロック中" in win.staff.pin.notice.text()


def test_out_of_service_turns_patrons_away_until_staff_bring_it_back(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    qtbot.mouseClick(win.staff.home.service_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.staff.home.leave_button, Qt.MouseButton.LeftButton)
    assert win.current_screen is win.staff.closed
    assert "Out of service" in win.staff.closed.title.text()
    win.handle_scan(DEMO.codabar(DEMO.good_card))          # a patron's card: turned away
    qtbot.wait(300)
    assert not win.session.signed_in
    assert win.current_screen is win.staff.closed
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    qtbot.mouseClick(win.staff.home.service_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.staff.home.leave_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.event_applied, timeout=WAIT) as blocker:
        win.handle_scan(DEMO.codabar(DEMO.good_card))
    assert isinstance(blocker.args[0], PatronIdentified)


def test_the_status_page_lists_refused_offline_loans(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    journal = win.staff.kiosk.journal
    now = datetime.now(TOKYO)
    journal.record_loan(card=DEMO.good_card, item_id="115599999", title="題名",
                        loan_class="book", transaction_at=now, due_at=now + timedelta(days=14))
    row = journal.rows()[0]
    journal.mark_failed(row.id, "item not catalogued")
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    text = win.staff.home.status_label.text()
    assert "拒否されたオフライン貸出: 1" in text
    assert "115599999: item not catalogued" in text
    assert DEMO.good_card not in text


def test_restart_exits_with_the_restart_code(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    codes: list[int] = []
    win.staff.quit_app = codes.append
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    qtbot.mouseClick(win.staff.home.restart_button, Qt.MouseButton.LeftButton)
    assert codes == [75]


def test_no_staff_mode_over_a_patrons_session(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.event_applied, timeout=WAIT):
        win.handle_scan(DEMO.codabar(DEMO.good_card))
    win.staff.ask_pin()
    assert win.current_screen is win.patron

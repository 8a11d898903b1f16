"""Staff mode in the real window: entry by staff card and by the hidden gesture, wrong PINs
and the lockout, the status page, out of service, leaving."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from drivers.scanners.fake import FakeScanner
from kiosk.config import load_config
from kiosk.demo import bootstrap
from kiosk.events import PatronIdentified
from sync.ils_sim.collection import DEMO, TOKYO
from tests.ui.timings import QUICK
from tests.ui.windows import show_window

pytestmark = pytest.mark.ui
WAIT = 10_000
STAFF_CARD = "A99001234B"          # the demo's staff card pattern: 99 + six digits


@pytest.fixture
def win(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    kiosk = bootstrap(load_config(None), scanners=[FakeScanner("fake-scanner://?name=staff")])
    window = show_window(qtbot, kiosk, timings=QUICK)
    yield window
    window.shutdown()
    kiosk.close()


def pin(qtbot, window, digits: str) -> None:  # type: ignore[no-untyped-def]
    """Type the PIN and press OK; the check runs on the worker: wait for its answer."""
    for d in digits:
        qtbot.mouseClick(window.staff.pin.keys[d], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.pin.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not getattr(window.staff.pin, "checking", False), timeout=WAIT)


def status_read(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    """The status page once the worker has read it."""
    home = window.staff.home
    busy = getattr(home, "busy", None)
    qtbot.waitUntil(lambda: bool(home.status) and not (busy and busy.text()), timeout=WAIT)
    return str(home.status_label.text())


def test_staff_card_then_pin_opens_staff_mode(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    assert win.current_screen is win.staff.pin
    pin(qtbot, win, "2468")
    assert win.current_screen is win.staff.home
    assert "スタッフモード" in win.staff.home.title.text()
    assert "図書館システム: オンライン" in status_read(qtbot, win)
    win.handle_scan(DEMO.lendable_items[0])                 # the scan test, not a loan
    assert "資料（本など）" in win.staff.home.scan_label.text()
    assert not win.session.signed_in
    qtbot.mouseClick(win.staff.home.leave_button, Qt.MouseButton.LeftButton)
    assert win.current_screen is win.idle


def test_hidden_gesture_opens_the_pin_pad(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(win.branch_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_screen is win.staff.pin, timeout=WAIT)
    qtbot.mouseRelease(win.branch_label, Qt.MouseButton.LeftButton)


def test_a_short_press_does_nothing(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """The gesture is QUICK's 200 ms press: a press let go before that opens nothing, even
    well after the gesture's length; one held for it does, and not before."""
    gesture = QUICK.staff_gesture_ms
    # the screen stays put for three times the gesture: time for one left running to open
    with qtbot.assertNotEmitted(win.stack.currentChanged, wait=3 * gesture):
        qtbot.mousePress(win.branch_label, Qt.MouseButton.LeftButton)
        qtbot.mouseRelease(win.branch_label, Qt.MouseButton.LeftButton, delay=gesture // 4)
    assert win.current_screen is win.idle
    pressed = time.monotonic()
    qtbot.mousePress(win.branch_label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_screen is win.staff.pin, timeout=WAIT)
    assert time.monotonic() - pressed >= gesture / 1000 * 0.9   # held long enough, no less
    qtbot.mouseRelease(win.branch_label, Qt.MouseButton.LeftButton)


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
    assert "休止中" in win.staff.closed.title.text()
    qtbot.waitUntil(lambda: not win.worker.busy, timeout=WAIT)   # staff's reads are done
    win.handle_scan(DEMO.codabar(DEMO.good_card))          # a patron's card: turned away
    assert not win.worker.busy                             # not even sent to the session
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
    text = status_read(qtbot, win)
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


# -- issue 18, item 11: the PIN pad, every staff word translated ---------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_pin_pad_has_backspace_and_clear(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    pad = win.staff.pin
    for key in "1239":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["back"], Qt.MouseButton.LeftButton)
    assert pad.dots.text() == "●●●"
    qtbot.mouseClick(pad.keys["clear"], Qt.MouseButton.LeftButton)
    assert pad.dots.text() == "—"
    assert pad.back_key.text() == "1字消す"
    assert pad.clear_key.text() == "消す"
    for key in "24689":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["back"], Qt.MouseButton.LeftButton)   # a slip, mended
    pin(qtbot, win, "")
    assert win.current_screen is win.staff.home


def test_the_pad_is_off_while_locked_and_the_time_left_counts_down(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    win.staff.lock.clock = clock
    win.handle_scan(STAFF_CARD)
    pad = win.staff.pin
    for _ in range(5):
        pin(qtbot, win, "1111")
    assert "5:00" in pad.notice.text()
    assert not any(key.isEnabled() for key in pad.keys.values())
    assert not pad.ok.isEnabled()
    qtbot.mouseClick(pad.keys["2"], Qt.MouseButton.LeftButton)    # disabled: nothing typed
    pad.press("2")                                                  # nor any other way
    assert pad.dots.text() == "—"
    clock.now += 61
    qtbot.waitUntil(lambda: "3:59" in pad.notice.text(), timeout=WAIT)   # it ticks by itself
    clock.now += 240
    qtbot.waitUntil(pad.keys["2"].isEnabled, timeout=WAIT)
    assert "もう一度入力できます" in pad.notice.text()
    pin(qtbot, win, "2468")
    assert win.current_screen is win.staff.home


def test_the_out_of_service_screen_speaks_every_language(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    qtbot.mouseClick(win.staff.home.service_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.staff.home.leave_button, Qt.MouseButton.LeftButton)
    win.set_language("zh")                 # a patron's choice left on screen, say
    closed = win.staff.closed
    assert closed.title.text() == "暂停服务"
    assert closed.hint.text() == "请到柜台办理借阅。"
    everything = "\n".join((closed.title.text(), closed.hint.text(), closed.others.text()))
    for words in ("ただいま休止中です", "貸出はカウンターでどうぞ。",
                  "Out of service", "Please borrow at the counter.",
                  "운영 중지 중입니다", "대출은 카운터에서 해 주세요.",
                  "Fora de serviço", "Por favor, faça o empréstimo no balcão.",
                  "Tạm ngừng phục vụ", "Vui lòng mượn tại quầy."):
        assert words in everything


def test_the_status_page_says_states_in_words(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    text = status_read(qtbot, win)
    assert "オンライン" in text
    assert "fake-scanner://?name=staff: 接続しています" in text
    for english in ("online", "connected", "staff connected"):
        assert english not in text


def test_a_missing_card_reader_service_is_said_in_words(qtbot, win, tmp_path,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    def no_pcscd() -> list[str]:
        raise RuntimeError("Failed to establish context")
    monkeypatch.setattr("drivers.discovery._pcsc_readers", no_pcscd)
    win.staff.discovery_root = tmp_path
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "2468")
    devices = win.staff.home.devices_label
    qtbot.waitUntil(lambda: "pcscd" in devices.text(), timeout=WAIT)
    assert "カードリーダー: PC/SC サービス（pcscd）が使えません" in devices.text()
    assert "Failed to establish context" in devices.text()          # the cause, after
    assert "(none listed)" not in devices.text()
    assert "card reader" not in devices.text()


def test_staff_words_change_language_with_the_screen(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.handle_scan(STAFF_CARD)
    pin(qtbot, win, "1111")
    assert "あと4回" in win.staff.pin.notice.text()
    win.set_language("en")
    assert win.staff.pin.notice.text() == "Wrong PIN. 4 tries left."
    win.set_language("ja")
    pin(qtbot, win, "2468")
    status_read(qtbot, win)
    win.handle_scan(DEMO.lendable_items[0])
    win.set_language("pt")
    assert "on-line (respondendo)" in win.staff.home.status_label.text()
    assert "um item (livro ou outro material)" in win.staff.home.scan_label.text()

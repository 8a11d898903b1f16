"""The patron's path through the real window: card, items, refusals, finish, idle timeout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from drivers.scanners.fake import FakeScanner
from kiosk.config import KioskConfig
from kiosk.demo import bootstrap
from kiosk.events import ItemCheckedOut, PatronIdentified, SessionEnded
from sync.ils_sim.collection import DEMO
from tests.ui.timings import QUICK
from ui.app import application, build_window
from ui.style import apply_style

pytestmark = pytest.mark.ui

WAIT = 10_000


def short_idle(config: KioskConfig) -> KioskConfig:
    return replace(config, session=replace(config.session, idle_seconds=2, warning_seconds=1,
                                           goodbye_seconds=1))


def scan_and_wait(qtbot, window, scanner: FakeScanner, code: str):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.event_applied, timeout=WAIT) as blocker:
        scanner.inject(code)
    return blocker.args[0]


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_idle_screen_greets_in_japanese_and_english(window) -> None:  # type: ignore[no-untyped-def]
    assert window.current_screen is window.idle
    shown = texts(window.idle)
    assert "利用者カードをかざしてください" in shown
    assert "Please scan your library card" in shown


def test_a_patron_borrows_three_books_and_finishes(qtbot, window, scanner) -> None:  # type: ignore[no-untyped-def]
    event = scan_and_wait(qtbot, window, scanner, DEMO.codabar(DEMO.good_card))
    assert isinstance(event, PatronIdentified)
    assert window.current_screen is window.patron
    for item in DEMO.lendable_items[:3]:
        event = scan_and_wait(qtbot, window, scanner, item)
        assert isinstance(event, ItemCheckedOut), event
        assert event.loan.due is not None
    rows = window.patron.rows
    assert [r.item for r in rows] == list(DEMO.lendable_items[:3])
    shown = texts(window.patron)
    assert "返却期限" in shown
    assert rows[0].title in shown
    with qtbot.waitSignal(window.event_applied, timeout=WAIT) as blocker:
        qtbot.mouseClick(window.patron.finish_button, Qt.MouseButton.LeftButton)
    ended = blocker.args[0]
    assert isinstance(ended, SessionEnded)
    assert len(ended.loans) == 3
    assert window.current_screen is window.goodbye
    assert "3点" in texts(window.goodbye)
    qtbot.mouseClick(window.goodbye.done, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.idle


def test_refused_item_shows_the_reason_and_the_session_goes_on(qtbot, window, scanner) -> None:  # type: ignore[no-untyped-def]
    scan_and_wait(qtbot, window, scanner, DEMO.good_card)
    scan_and_wait(qtbot, window, scanner, DEMO.not_for_loan_item)
    row = window.patron.rows[-1]
    assert row.loan is None
    assert "カウンター" in texts(window.patron)
    event = scan_and_wait(qtbot, window, scanner, DEMO.lendable_items[0])
    assert isinstance(event, ItemCheckedOut)


@pytest.mark.parametrize(("code", "words"), [
    ("~!#%?", "読み取れませんでした"),                    # garbage
    ("123456789", "先に利用者カード"),                     # an item where a card is expected
    ("UNKNOWN", "登録されていません"),                     # a card the ILS does not know
    ("BLOCKED", "カウンター"),                             # a blocked patron
])
def test_bad_scans_at_idle_say_why_and_the_kiosk_keeps_working(  # type: ignore[no-untyped-def]
        qtbot, window, scanner, code, words) -> None:
    code = {"UNKNOWN": DEMO.unknown_card, "BLOCKED": DEMO.blocked_card}.get(code, code)
    if code == "123456789":
        code = DEMO.lendable_items[0]
    scan_and_wait(qtbot, window, scanner, code)
    assert window.current_screen is window.idle
    assert words in window.idle.notice.text()
    event = scan_and_wait(qtbot, window, scanner, DEMO.good_card)
    assert isinstance(event, PatronIdentified)


def test_messages_follow_the_patrons_language(qtbot, window, scanner) -> None:  # type: ignore[no-untyped-def]
    scan_and_wait(qtbot, window, scanner, DEMO.good_card)
    english = next(b for b in window.language_buttons.buttons() if b.property("code") == "en")
    qtbot.mouseClick(english, Qt.MouseButton.LeftButton)
    assert window.patron.finish_button.text() == "Finish"
    scan_and_wait(qtbot, window, scanner, DEMO.lendable_items[0])
    assert "Due back" in texts(window.patron)
    scan_and_wait(qtbot, window, scanner, "\x1b[A")
    assert "could not be read" in window.patron.notice.text()
    japanese = next(b for b in window.language_buttons.buttons() if b.property("code") == "ja")
    qtbot.mouseClick(japanese, Qt.MouseButton.LeftButton)
    assert window.patron.finish_button.text() == "終了"
    assert "返却期限" in texts(window.patron)


@pytest.fixture
def idle_window(qtbot, config) -> Iterator[object]:  # type: ignore[no-untyped-def]
    application()
    k = bootstrap(short_idle(config), scanners=[FakeScanner()])
    w = build_window(k, demo=False, timings=QUICK)
    qtbot.addWidget(w)
    w.show()
    yield w, k.scanners[0]
    w.shutdown()
    k.close()


def test_an_idle_session_warns_then_ends(qtbot, idle_window) -> None:  # type: ignore[no-untyped-def]
    window, scanner = idle_window
    scan_and_wait(qtbot, window, scanner, DEMO.good_card)
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)
    assert "秒で終了します" in window.warning.text.text()
    with qtbot.waitSignal(window.event_applied, timeout=WAIT) as blocker:
        pass
    assert isinstance(blocker.args[0], SessionEnded)
    assert blocker.args[0].reason == "idle"
    qtbot.waitUntil(lambda: window.current_screen is window.idle, timeout=WAIT)


def test_japanese_font_is_installed_and_used() -> None:
    app = application()
    family = apply_style(app)
    assert family, "no Japanese-capable font found (install fonts-noto-cjk)"
    assert QFontDatabase.WritingSystem.Japanese in QFontDatabase.writingSystems(family)


def test_switching_language_at_idle_greets_in_every_other_language_once(window) -> None:  # type: ignore[no-untyped-def]
    window.set_language("pt")
    lines = [label.text() for label in window.idle.subtitles]
    assert "利用者カードをかざしてください" in lines       # Japanese is still greeted
    assert window.idle.title.text() not in lines          # the current one only as the title
    assert len(set(lines)) == len(lines)

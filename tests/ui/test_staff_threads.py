"""Staff mode never blocks the GUI thread (issue 18, item 16; ADR 0002): a PC/SC listing through
a hung pcscd, a journal read stuck on the database, the PIN's scrypt: while each hangs, the
event loop goes on (a timer ticks, a button press is handled), the screen says it is waiting,
and the answer is shown when the call returns. No time is measured: each hung call waits on
an Event that the test sets."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from drivers.scanners.fake import FakeScanner
from kiosk.config import load_config
from kiosk.demo import bootstrap
from tests.ui.windows import show_window

pytestmark = pytest.mark.ui
WAIT = 10_000
LEFT = Qt.MouseButton.LeftButton
STAFF_CARD = "A99001234B"
HANG = 15.0            # a safety net only: every test releases its call itself


@pytest.fixture
def win(qtbot, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    kiosk = bootstrap(load_config(None), scanners=[FakeScanner("fake-scanner://?name=staff")])
    window = show_window(qtbot, kiosk)
    window.staff.discovery_root = tmp_path / "root"          # an empty machine
    yield window
    window.shutdown()
    kiosk.close()


class Hung:
    """A call that hangs until released; notes whether it ran on the GUI thread."""

    def __init__(self, value: Any = None) -> None:
        self.value = value
        self.inside = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        self.on_gui_thread: list[bool] = []

    def __call__(self, *_args: Any, **_kwargs: Any) -> Any:
        self.calls += 1
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.inside.set()
        self.release.wait(HANG)
        self.inside.clear()
        return self.value() if callable(self.value) else self.value


@pytest.fixture
def ticks(qtbot) -> Iterator[list[bool]]:  # type: ignore[no-untyped-def]
    """Each tick of a GUI-thread timer notes whether a hung call was inside at that moment."""
    seen: list[bool] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: seen.append(any(h.inside.is_set() for h in HUNG)))
    timer.start()
    yield seen
    timer.stop()
    HUNG.clear()


HUNG: list[Hung] = []


def hang(value: Any = None) -> Hung:
    hung = Hung(value)
    HUNG.append(hung)
    return hung


def pin(qtbot, window, digits: str) -> None:  # type: ignore[no-untyped-def]
    for d in digits:
        qtbot.mouseClick(window.staff.pin.keys[d], LEFT)
    qtbot.mouseClick(window.staff.pin.ok, LEFT)


def still_responsive(qtbot, win, ticks: list[bool], hung: Hung) -> None:  # type: ignore[no-untyped-def]
    """While ``hung`` hangs: a timer tick is handled, and so is a press on a button."""
    try:
        qtbot.waitUntil(lambda: True in ticks, timeout=WAIT)
    finally:
        if not hung.inside.is_set():
            hung.release.set()
    assert hung.inside.is_set()
    assert hung.on_gui_thread == [False]


@pytest.mark.parametrize("what", ["pcsc listing", "journal read"])
def test_a_hung_status_call_leaves_the_screen_alive(qtbot, win, ticks, monkeypatch,  # type: ignore[no-untyped-def]
                                                    what: str) -> None:
    if what == "pcsc listing":
        hung = hang(list)
        monkeypatch.setattr("drivers.discovery._pcsc_readers", hung)
    else:
        hung = hang(0)
        monkeypatch.setattr(win.staff.kiosk.journal, "count", hung)
    try:
        win.staff.enter()                              # staff mode reads its status page
        still_responsive(qtbot, win, ticks, hung)
        home = win.staff.home
        waiting = ("機器を探しています…" if what == "pcsc listing"
                   else "端末の状態を読み込んでいます…")
        assert waiting in home.busy.text()             # the screen says it is waiting
        qtbot.mouseClick(home.service_button, LEFT)    # and staff can still press buttons
        assert win.staff.out_of_service
        assert home.service_button.text() == "運用を再開"
        win.staff.back_home()                          # a second refresh while it hangs …
        assert hung.calls == 1 or what == "journal read"   # … lists the devices only once
    finally:
        hung.release.set()
    qtbot.waitUntil(lambda: not win.staff.home.busy.text(), timeout=WAIT)
    assert "図書館システム: オンライン" in win.staff.home.status_label.text()
    assert "カードリーダー" in win.staff.home.devices_label.text() or what == "pcsc listing"


def test_a_hung_pin_check_leaves_the_pad_alive(qtbot, win, ticks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk import staff
    real: Callable[[str, str], bool] = staff.verify_pin
    hung = hang()
    monkeypatch.setattr("kiosk.staff.verify_pin", lambda p, h: hung() or real(p, h))
    win.handle_scan(STAFF_CARD)
    try:
        pin(qtbot, win, "2468")
        still_responsive(qtbot, win, ticks, hung)
        pad = win.staff.pin
        assert pad.notice.text() == "暗証番号を確認しています…"
        assert not pad.ok.isEnabled()                  # no second PIN while one is checked
        qtbot.mouseClick(pad.cancel, LEFT)             # staff walk away: that is handled
        assert win.current_screen is win.idle
    finally:
        hung.release.set()
    qtbot.waitUntil(lambda: not win.staff.pin.checking, timeout=WAIT)
    assert win.current_screen is win.idle              # the late "right PIN" opens nothing
    assert not win.staff.active


def test_a_failed_status_read_is_said_in_words(qtbot, win, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_states: object) -> int:
        raise OSError("database is locked")
    monkeypatch.setattr(win.staff.kiosk.journal, "count", broken)
    win.staff.enter()
    busy = win.staff.home.busy
    qtbot.waitUntil(lambda: "database is locked" in busy.text(), timeout=WAIT)
    assert busy.text().startswith("端末の状態を読み込めませんでした: ")

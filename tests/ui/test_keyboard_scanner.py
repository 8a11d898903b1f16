"""A keyboard-wedge scanner through Qt: bursts become scans, a person's typing is kept.

Scanners are replayed from the recordings in tests/drivers/recordings as the key events a
desktop hands the window (separate Shift/AltGr/Caps Lock presses and releases, each key's
modifier flags and its text on the host's layout), at the recorded times through an injected
clock: no test waits on or asserts about real time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from drivers.scanners.evdev_stream import parse_evemu
from drivers.scanners.keyboard_wedge import KeyboardWedge
from drivers.scanners.keymaps import ALTGR_LAYOUTS, char_for
from kiosk.config import load_config
from kiosk.demo import bootstrap
from kiosk.events import PatronIdentified, ScanProblem, ScanRejected
from sync.ils_sim.collection import DEMO
from tests.rigs.evdev_input import HostKey, host_keys, recording
from tests.ui.windows import show_window
from ui.app import application
from ui.keyboard_scanner import KeyboardScannerFilter

pytestmark = pytest.mark.ui
WAIT = 10_000
CODABAR, CODE39, CODE128 = "A21045877B", "LIB-39.$/+% X7", "Kiosk128aBcD-xyz/Q"


class Clock:
    """The filter's time: set to each recorded event's time before it is sent."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


_MODIFIER_KEYS = {42: Qt.Key.Key_Shift, 54: Qt.Key.Key_Shift, 29: Qt.Key.Key_Control,
                  97: Qt.Key.Key_Control, 56: Qt.Key.Key_Alt, 125: Qt.Key.Key_Meta,
                  126: Qt.Key.Key_Meta, 58: Qt.Key.Key_CapsLock, 69: Qt.Key.Key_NumLock}


def qt_event(k: HostKey, host: str) -> QKeyEvent:
    """The QKeyEvent Qt makes of one host key event (X11/Wayland: key() is the keysym of the
    level typed, the flags are the modifiers held)."""
    if k.code == 100:
        key = Qt.Key.Key_AltGr if host in ALTGR_LAYOUTS else Qt.Key.Key_Alt
    elif k.code in _MODIFIER_KEYS:
        key = _MODIFIER_KEYS[k.code]
    elif k.text == "\r":
        key = Qt.Key.Key_Enter if k.code == 96 else Qt.Key.Key_Return
    elif k.text == "\t":
        key = Qt.Key.Key_Tab
    else:
        shown = k.text if k.text.isprintable() else char_for(host, k.code, False)
        upper = shown.upper() if len(shown.upper()) == 1 else shown     # ß is Key_ssharp
        key = Qt.Key(ord(upper)) if len(upper) == 1 else Qt.Key.Key_unknown
    flags = Qt.KeyboardModifier.NoModifier
    for held, flag in ((k.shift, Qt.KeyboardModifier.ShiftModifier),
                       (k.ctrl, Qt.KeyboardModifier.ControlModifier),
                       (k.alt, Qt.KeyboardModifier.AltModifier),
                       (k.meta, Qt.KeyboardModifier.MetaModifier),
                       (k.altgr, Qt.KeyboardModifier.GroupSwitchModifier)):
        if held:
            flags |= flag
    kind = QEvent.Type.KeyPress if k.pressed else QEvent.Type.KeyRelease
    return QKeyEvent(kind, key, flags, k.text)


def replay(keys: Iterable[HostKey], host: str, clock: Clock, window: QWidget) -> None:
    """Send each event where the platform would: the focused widget, else the window."""
    for k in keys:
        clock.now = k.time
        QApplication.sendEvent(QApplication.focusWidget() or window, qt_event(k, host))


def scanner_keys(name: str, host: str, lines: int | None = None,
                 caps_lock: bool = False) -> list[HostKey]:
    """A recording as host key events, cut after its first ``lines`` Enter presses."""
    keys = list(host_keys(parse_evemu(recording(name)), host, caps_lock))
    if lines is not None:
        ends = [i for i, k in enumerate(keys) if k.text == "\r" and k.pressed]
        keys = keys[:ends[lines - 1] + 2]          # the Enter press and its release
    return keys


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def wedge_window(qtbot, clock: Clock) -> Iterator[object]:  # type: ignore[no-untyped-def]
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis&max_gap_ms=60")
    kiosk = bootstrap(load_config(None), scanners=[wedge])
    window = show_window(qtbot, kiosk)
    for key_filter in window.keyboard_filters:
        key_filter.clock = clock
    yield window
    window.shutdown()
    wedge.stop()
    kiosk.close()


def test_a_burst_of_keys_is_a_scan(qtbot, wedge_window) -> None:  # type: ignore[no-untyped-def]
    card = DEMO.codabar(DEMO.good_card)          # e.g. A21045877B
    with qtbot.waitSignal(wedge_window.event_applied, timeout=WAIT) as blocker:
        qtbot.keyClicks(wedge_window, card)      # no delay: as fast as a scanner
        qtbot.keyClick(wedge_window, Qt.Key.Key_Return)
    assert isinstance(blocker.args[0], PatronIdentified)


def test_a_persons_slow_typing_reaches_the_focused_field(  # type: ignore[no-untyped-def]
        qtbot, wedge_window) -> None:
    for key_filter in wedge_window.keyboard_filters:
        key_filter.clock = time.monotonic          # real time: real 120 ms gaps
    field = QLineEdit(wedge_window)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)
    qtbot.keyClicks(field, "1234", delay=120)     # a person: 120 ms between keys
    qtbot.waitUntil(lambda: field.text() == "1234", timeout=WAIT)
    assert wedge_window.current_screen is wedge_window.idle


@pytest.mark.parametrize(("name", "caps_lock"), [
    ("us-shift-flag.evemu", False),      # Shift in the key's report: Qt still sees a Shift key
    ("us-rshift-keys.evemu", False),     # right Shift pressed and released around the key
    ("us-rshift-keys.evemu", True),      # the host's Caps Lock on: Shift+a arrives as "a"
    ("us-capslock.evemu", False),        # the scanner presses Caps Lock for capitals
])
def test_a_card_typed_with_shift_signs_the_patron_in(  # type: ignore[no-untyped-def]
        qtbot, wedge_window, clock: Clock, name: str, caps_lock: bool) -> None:
    keys = scanner_keys(name, "jis", lines=1, caps_lock=caps_lock)   # A21045877B
    with qtbot.waitSignal(wedge_window.event_applied, timeout=WAIT) as blocker:
        replay(keys, "jis", clock, wedge_window)
    assert isinstance(blocker.args[0], PatronIdentified)


def test_qtest_shift_clicks_at_scanner_speed_are_a_scan(  # type: ignore[no-untyped-def]
        qtbot, wedge_window, clock: Clock) -> None:
    """QTest's own Shift: a Shift press, the key with the Shift flag, both released."""
    with qtbot.waitSignal(wedge_window.event_applied, timeout=WAIT) as blocker:
        for ch, gap_ms in zip(DEMO.codabar(DEMO.good_card) + "\r", [5, 12, 20, 9, 14] * 3,
                              strict=False):
            clock.now += gap_ms / 1000
            if ch == "\r":
                qtbot.keyClick(wedge_window, Qt.Key.Key_Return)
            elif ch.isupper():
                qtbot.keyClick(wedge_window, Qt.Key(ord(ch)), Qt.KeyboardModifier.ShiftModifier)
            else:
                qtbot.keyClick(wedge_window, ch)
    assert isinstance(blocker.args[0], PatronIdentified)


def test_an_unreadable_scan_is_said_to_the_patron(  # type: ignore[no-untyped-def]
        qtbot, wedge_window, clock: Clock) -> None:
    keys = scanner_keys("us-unreadable.evemu", "jis", lines=1)    # a GS typed as Ctrl+]
    with qtbot.waitSignal(wedge_window.event_applied, timeout=WAIT) as blocker:
        replay(keys, "jis", clock, wedge_window)
    event = blocker.args[0]
    assert isinstance(event, ScanRejected)
    assert event.reason is ScanProblem.GARBAGE
    assert "could not be read" in wedge_window.idle.notice.text()


def test_a_persons_typing_with_shift_reaches_the_field_as_typed(  # type: ignore[no-untyped-def]
        qtbot, wedge_window, clock: Clock) -> None:
    field = QLineEdit(wedge_window)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)
    replay(scanner_keys("person-typing.evemu", "jis"), "jis", clock, wedge_window)
    clock.now += 1.0                           # the timer hands back what is still held
    qtbot.waitUntil(lambda: field.text() == "Ab12", timeout=WAIT)
    assert wedge_window.current_screen is wedge_window.idle


@pytest.fixture
def key_filter(qtbot, clock: Clock) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A filter with its own wedge and a focused field, for exact texts on any layout."""
    application()
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)
    made: list[KeyboardScannerFilter] = []

    def start(layout: str, host: str) -> list[str]:
        wedge = KeyboardWedge(f"keyboard://?layout={layout}&host={host}")
        scans: list[str] = []
        wedge.start(lambda scan: scans.append(scan.text), lambda *_: None)
        made.append(KeyboardScannerFilter(wedge))
        made[-1].clock = clock
        return scans

    yield start, field
    for each in made:
        each.close()
        each.wedge.stop()


@pytest.mark.parametrize(("name", "layout", "host", "caps_lock", "lines"), [
    ("us-shift-flag.evemu", "us", "us", False, [CODABAR, CODE39, CODE128]),
    ("us-rshift-keys.evemu", "us", "us", True, [CODABAR, CODE39, CODE128]),
    ("us-capslock.evemu", "us", "jis", True, [CODABAR, CODE39, CODE128]),
    ("jis-shift-flag.evemu", "jis", "jis", False,
     [CODABAR, "A12+34:56/78.9$0-1B", CODE39, "Kiosk128aBcD@:xyz/Q"]),
    ("de-altgr-flag.evemu", "de", "de", False, [CODABAR, CODE39, "Mail@Lib{42}[x]~|\\Yz"]),
])
def test_recorded_scanners_arrive_exactly_and_nothing_reaches_the_field(  # type: ignore[no-untyped-def]
        key_filter, clock: Clock, *, name: str, layout: str, host: str, caps_lock: bool,
        lines: list[str]) -> None:
    start, field = key_filter
    scans = start(layout, host)
    replay(scanner_keys(name, host, caps_lock=caps_lock), host, clock, field)
    assert scans == lines
    assert field.text() == ""

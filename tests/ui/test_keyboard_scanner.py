"""A keyboard-wedge scanner through Qt: bursts become scans, a person's typing is kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from drivers.keyboard_wedge import KeyboardWedge
from kiosk.bootstrap import bootstrap
from kiosk.config import load_config
from kiosk.events import PatronIdentified
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window

pytestmark = pytest.mark.ui
WAIT = 10_000


@pytest.fixture
def wedge_window(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis&max_gap_ms=60")
    kiosk = bootstrap(load_config(None), scanners=[wedge])
    application()
    window = build_window(kiosk, demo=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
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
    field = QLineEdit(wedge_window)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=WAIT)
    qtbot.keyClicks(field, "1234", delay=120)     # a person: 120 ms between keys
    qtbot.waitUntil(lambda: field.text() == "1234", timeout=WAIT)
    assert wedge_window.current_screen is wedge_window.idle

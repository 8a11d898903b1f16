"""The kiosk window as the UI tests open it: built on a kiosk the test made, offscreen at a
landscape kiosk screen's size (1280×800) and shown. The test closes it (``shutdown()``) before
the kiosk."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Kiosk
from ui.app import application, build_window
from ui.window import REAL_TIME, KioskWindow, Timings


def show_window(qtbot: QtBot, kiosk: Kiosk, *, demo: bool = False,
                timings: Timings = REAL_TIME) -> KioskWindow:
    application()
    window = build_window(kiosk, demo=demo, timings=timings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    reader = window.pad_reader
    if reader is not None and reader.running:
        # the pad's first inventory (books on the pad then are taken as left before a restart
        # and not lent until put down again), or the reader said missing
        qtbot.waitUntil(lambda: reader.rounds > 0 or reader.state != "connected",
                        timeout=10_000)
    return window

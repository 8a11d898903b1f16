"""The Qt side of the keyboard-burst fallback (``keyboard://`` scanners).

An application-wide event filter hands every key press to :class:`KeyboardWedge`, which says
whether the key may still be part of a scan (swallowed) or not. Keys that turn out to be a
person typing come back through ``on_release`` and are typed again into the widget that has
the focus, so nothing a person types is lost. A timer lets the wedge release keys held too
long. Prefer ``evdev://`` (keys never reach Qt at all) or ``serial://`` where possible.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from drivers.keyboard_wedge import Key, KeyboardWedge

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
TICK_MS = 50


class KeyboardScannerFilter(QObject):
    def __init__(self, wedge: KeyboardWedge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wedge = wedge
        self._replaying = False
        wedge.on_release = self._retype
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.wedge.tick(time.monotonic()))
        self._timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._replaying or event.type() != QEvent.Type.KeyPress
                or not isinstance(event, QKeyEvent) or not watched.isWidgetType()):
            return False
        if event.isAutoRepeat():
            return False
        enter = event.key() in _ENTER_KEYS
        text = "" if enter else event.text()
        if text and not text.isprintable():
            text = ""
        return self.wedge.key(time.monotonic(), text, enter=enter) is Key.SWALLOW

    def _retype(self, text: str) -> None:
        """A person's keys, typed again into the focused widget (if any)."""
        target = QApplication.focusWidget()
        if target is None:
            return
        self._replaying = True
        try:
            for ch in text:
                key = Qt.Key.Key_Return if ch == "\n" else Qt.Key.Key_unknown
                typed = "\r" if ch == "\n" else ch
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(
                        kind, key, Qt.KeyboardModifier.NoModifier, typed))
        finally:
            self._replaying = False

    def close(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

"""The Qt side of the keyboard-burst fallback (``keyboard://`` scanners).

An application-wide event filter hands every key press to :class:`KeyboardWedge`, which says
whether the key may still be part of a scan (swallowed) or not. Keys that turn out to be a
person typing come back through ``on_release`` and are typed again into the widget that has
the focus, so nothing a person types is lost. A timer lets the wedge release keys held too
long. Prefer ``evdev://`` (keys never reach Qt at all) or ``serial://`` where possible.

Modifier and lock keys (pressed and released) go to the wedge as such: a scanner presses
Shift for every capital, so they must keep a burst together, not end it. Each key event's
own modifier flags say whether Shift was held (the case the scanner meant, whatever the
host's Caps Lock) and whether it was a Ctrl/Alt/Meta shortcut. ``clock`` is the time source
for both key events and the timer, replaceable so tests can replay recorded timestamps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from drivers.scanners.keyboard_wedge import Key, KeyboardWedge, Modifier

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift: Modifier.SHIFT,
    Qt.Key.Key_AltGr: Modifier.ALTGR,
    Qt.Key.Key_Mode_switch: Modifier.ALTGR,
    Qt.Key.Key_Control: Modifier.CONTROL,
    Qt.Key.Key_Alt: Modifier.ALT,
    Qt.Key.Key_Meta: Modifier.META,
    Qt.Key.Key_Super_L: Modifier.META,
    Qt.Key.Key_Super_R: Modifier.META,
    Qt.Key.Key_Hyper_L: Modifier.META,
    Qt.Key.Key_Hyper_R: Modifier.META,
    Qt.Key.Key_CapsLock: Modifier.CAPS_LOCK,
    Qt.Key.Key_NumLock: Modifier.NUM_LOCK,
}
_CHORD = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
          | Qt.KeyboardModifier.MetaModifier)
TICK_MS = 50


class KeyboardScannerFilter(QObject):
    def __init__(self, wedge: KeyboardWedge, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.wedge = wedge
        self.clock = clock
        self._replaying = False
        wedge.on_release = self._retype
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.wedge.tick(self.clock()))
        self._timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
                or not isinstance(event, QKeyEvent) or not watched.isWidgetType()):
            return False
        if event.isAutoRepeat():
            return False
        which = _MODIFIER_KEYS.get(Qt.Key(event.key()))
        if which is not None:
            pressed = kind == QEvent.Type.KeyPress
            return self.wedge.modifier(self.clock(), which, pressed) is Key.SWALLOW
        if kind != QEvent.Type.KeyPress:
            return False
        enter = event.key() in _ENTER_KEYS
        text = "" if enter else event.text()
        flags = event.modifiers()
        shifted = bool(flags & Qt.KeyboardModifier.ShiftModifier)
        chord = bool(flags & _CHORD)
        return self.wedge.key(self.clock(), text, enter=enter, shifted=shifted,
                              chord=chord) is Key.SWALLOW

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

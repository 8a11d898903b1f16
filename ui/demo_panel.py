"""The demo's stand-in for a barcode scanner: buttons and a text box that "scan" into the fake
scanner driver, so everything after the driver runs exactly as with real hardware.

Shown only in ``kiosk demo``; F1–F9 press the buttons from the keyboard. Two rows of buttons,
so that it fits a portrait screen (1080 px) as well as a landscape one. With the demo's fake
RFID pad, a third row puts tagged stacks on the pad and takes them off (F10–F12 and Shift+F…):
the pad is read by the same polling loop as a real reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drivers.rfid.fake import FakeRfidReader
from drivers.scanners.fake import FakeScanner


class DemoTag(Protocol):
    """A tag the panel can put on the fake pad (kiosk.demo.DemoTag)."""

    def put_on(self, pad: FakeRfidReader) -> None: ...


class DemoPanel(QFrame):
    def __init__(self, scanner: FakeScanner, scans: Sequence[tuple[str, str]],
                 parent: QWidget | None = None, *, pad: FakeRfidReader | None = None,
                 stacks: Sequence[tuple[str, tuple[DemoTag, ...]]] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("DemoPanel")
        self._scanner = scanner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(6)
        rows = (QHBoxLayout(), QHBoxLayout())
        for row in rows:
            layout.addLayout(row)
        rows[0].addWidget(QLabel("Demo scanner:"))
        self.buttons: list[QPushButton] = []
        first_row = (len(scans) + 1) // 2
        for index, (label, code) in enumerate(scans):
            key = f"F{index + 1}" if index < 9 else ""
            button = QPushButton(f"{key} {label}".strip())
            button.setToolTip(code)
            button.clicked.connect(lambda _=False, c=code: self.scan(c))
            rows[0 if index < first_row else 1].addWidget(button)
            self.buttons.append(button)
            if key:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
                shortcut.activated.connect(button.click)
        quit_shortcut = QShortcut(QKeySequence("Ctrl+Q"), self)
        quit_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_shortcut.activated.connect(QApplication.quit)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("barcode + Enter · Ctrl+Q quits")
        self.entry.setMinimumWidth(120)
        self.entry.returnPressed.connect(self._typed)
        rows[0].addStretch(1)
        rows[1].addWidget(self.entry, 1)
        self.pad = pad
        self.pad_buttons: dict[str, QPushButton] = {}
        if pad is not None:
            self._pad_row(layout, pad, stacks)

    def _pad_row(self, layout: QVBoxLayout, pad: FakeRfidReader,
                 stacks: Sequence[tuple[str, tuple[DemoTag, ...]]]) -> None:
        """"Put 3 books on the pad", "Take one off", the CD set and the others."""
        row = QHBoxLayout()
        layout.addLayout(row)
        row.addWidget(QLabel("Demo pad:"))
        actions: list[tuple[str, str, Callable[[], None]]] = []
        for label, tags in stacks:
            text = f"Put {label} on the pad" if label == "3 books" else f"Put {label}"
            actions.append((label, text, self._putter(tags)))
        actions += [("take", "Take one off", self.take_one), ("clear", "Clear", pad.clear)]
        keys = ["F10", "F11", "F12", "Shift+F10", "Shift+F11", "Shift+F12"]
        for (name, text, action), key in zip(actions, keys + [""] * len(actions),
                                             strict=False):
            shown = key.replace("Shift+", "⇧")
            button = QPushButton(f"{shown} {text}".strip())
            button.clicked.connect(lambda _=False, a=action: a())
            row.addWidget(button)
            self.pad_buttons[name] = button
            if key:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
                shortcut.activated.connect(button.click)
        row.addStretch(1)

    def _putter(self, tags: Sequence[DemoTag]) -> Callable[[], None]:
        return lambda: self.put(tags)

    def put(self, tags: Sequence[DemoTag]) -> None:
        if self.pad is not None:
            for tag in tags:
                tag.put_on(self.pad)

    def take_one(self) -> None:
        if self.pad is not None:
            self.pad.take()

    def scan(self, code: str) -> None:
        if self._scanner.started and self._scanner.plugged:
            self._scanner.inject(code)

    def _typed(self) -> None:
        code = self.entry.text()
        self.entry.clear()
        self.scan(code)

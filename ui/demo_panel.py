"""The demo's stand-in for a barcode scanner: buttons and a text box that "scan" into the fake
scanner driver, so everything after the driver runs exactly as with real hardware.

Shown only in ``kiosk demo``; F1–F9 press the buttons from the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from drivers.scanner_fake import FakeScanner


class DemoPanel(QFrame):
    def __init__(self, scanner: FakeScanner, scans: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DemoPanel")
        self._scanner = scanner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(QLabel("Demo scanner:"))
        self.buttons: list[QPushButton] = []
        for index, (label, code) in enumerate(scans):
            key = f"F{index + 1}" if index < 9 else ""
            button = QPushButton(f"{key} {label}".strip())
            button.setToolTip(code)
            button.clicked.connect(lambda _=False, c=code: self.scan(c))
            layout.addWidget(button)
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
        layout.addWidget(self.entry, 1)

    def scan(self, code: str) -> None:
        if self._scanner.started and self._scanner.plugged:
            self._scanner.inject(code)

    def _typed(self) -> None:
        code = self.entry.text()
        self.entry.clear()
        self.scan(code)

"""The demo's stand-in for a barcode scanner: buttons and a text box that "scan" into the fake
scanner driver, so everything after the driver runs exactly as with real hardware.

Shown only in ``kiosk demo``; F1–F9 press the buttons from the keyboard. Two rows of buttons,
so that it fits a portrait screen (1080 px) as well as a landscape one.
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
    QVBoxLayout,
    QWidget,
)

from drivers.scanners.fake import FakeScanner


class DemoPanel(QFrame):
    def __init__(self, scanner: FakeScanner, scans: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
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

    def scan(self, code: str) -> None:
        if self._scanner.started and self._scanner.plugged:
            self._scanner.inject(code)

    def _typed(self) -> None:
        code = self.entry.text()
        self.entry.clear()
        self.scan(code)

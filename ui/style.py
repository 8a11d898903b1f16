"""Look and feel: large type, high contrast, a Japanese-capable font."""

from __future__ import annotations

import logging
import re

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

PREFERRED_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic",
                   "TakaoGothic", "VL Gothic")

STYLESHEET = """
QWidget { background: #fbfaf6; color: #1d1d1b; }
QFrame#TopBar { background: #1f4e79; }
QFrame#TopBar QLabel { background: transparent; color: white; font-size: 22px; }
QPushButton { font-size: 22px; padding: 12px 28px; border-radius: 10px;
              background: #e8e6df; border: 2px solid #b9b5a8; }
QPushButton:pressed { background: #d5d2c8; }
QPushButton#Primary { background: #1f7a3a; color: white; border: none; font-size: 30px;
                      padding: 18px 48px; }
QPushButton#Language { background: transparent; color: white; border: 2px solid white;
                       padding: 6px 18px; font-size: 20px; min-height: 36px; }
QPushButton#Language:checked { background: white; color: #1f4e79; }
QLabel#OfflineBanner { background: #fff1d6; color: #5a3d00; font-size: 22px; padding: 8px;
                       border-bottom: 3px solid #d98e04; }
QLabel#Title { font-size: 52px; font-weight: bold; }
QLabel#IdleTitle { font-size: 52px; font-weight: bold; }
QLabel#Subtitle { font-size: 30px; color: #4a4a45; }
QLabel#Hint { font-size: 24px; color: #4a4a45; }
QLabel#Notice { font-size: 28px; padding: 18px; border-radius: 10px; background: #fff1d6;
                border: 3px solid #d98e04; }
QLabel#Busy { font-size: 24px; color: #1f4e79; }
QFrame#Row { background: white; border: 2px solid #d9d6cc; border-radius: 10px; }
QFrame#Row[state="ok"] { border-color: #1f7a3a; }
QFrame#Row[state="refused"] { border-color: #c0392b; background: #fff5f3; }
QLabel#RowTitle { font-size: 28px; background: transparent; }
QLabel#RowDetail { font-size: 24px; background: transparent; }
QLabel#RowExtra { font-size: 20px; color: #5a5a55; background: transparent; }
QLabel#RowTitle[state="ok"] { color: #1f7a3a; font-weight: bold; }
QLabel#RowTitle[state="refused"] { color: #b03a2e; font-weight: bold; }
QLabel#RowDetail[state="ok"] { color: #1f7a3a; font-weight: bold; }
QLabel#RowDetail[state="refused"] { color: #b03a2e; font-weight: bold; }
QFrame#Row[state="wait"] { border-color: #b07d00; border-style: dashed; background: #fffbea; }
QLabel#RowTitle[state="wait"], QLabel#RowDetail[state="wait"] { color: #7a5600;
                                                               font-weight: bold; }
QLabel#RowExtra[state="staff"] { color: #b03a2e; font-size: 24px; font-weight: bold; }
QLabel#RowExtra[state="wait"] { color: #7a5600; font-size: 24px; }
QFrame#Row[state="staff"] { border: 3px solid #d98e04; background: #fff1d6; }
QFrame#Warning { background: #fff1d6; border: 4px solid #d98e04; border-radius: 14px; }
QWidget#IdleOverlay { background: rgba(0, 0, 0, 110); }
QLabel#WarningText { font-size: 34px; background: transparent; }
QLabel#StepText { font-size: 24px; }
QLabel#GuideText { font-size: 24px; color: #4a4a45; }
QScrollBar:vertical { width: 56px; background: #ecebe6; border: none; margin: 0; }
QScrollBar::handle:vertical { background: #8d897d; border-radius: 12px; min-height: 96px;
                              margin: 6px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; border: none; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
QPushButton#Big { font-size: 26px; padding: 16px 34px; }
QPushButton#PinKey { font-size: 40px; min-width: 130px; min-height: 96px; padding: 0; }
QPushButton#PinKey[small="true"] { font-size: 26px; }
QLabel#PinDots { font-size: 64px; letter-spacing: 12px; }
QLabel#StatusLine { font-size: 24px; color: #1f4e79; background: #eef4fa; padding: 10px 16px;
                    border-left: 6px solid #1f4e79; }
QPushButton#Access { background: transparent; color: white; border: 2px solid white;
                     padding: 6px 14px; font-size: 20px; min-height: 36px; }
QPushButton#Access:checked { background: white; color: #1f4e79; }
QFrame#DemoPanel { background: #2b2b2b; }
QFrame#DemoPanel QLabel { background: transparent; color: #f0f0f0; font-size: 16px; }
QFrame#DemoPanel QPushButton { font-size: 14px; padding: 4px 6px; }
QFrame#DemoPanel QLineEdit { font-size: 16px; padding: 4px; background: white; }
"""


# High contrast: white on black, yellow for what can be pressed, thick borders. Nothing is
# said by colour alone in either theme (○/×, words), so it only needs to be legible.
HIGH_CONTRAST = """
QWidget { background: black; color: white; }
QFrame#TopBar { background: black; border-bottom: 3px solid white; }
QPushButton { background: black; color: #ffff00; border: 3px solid #ffff00; }
QPushButton:pressed { background: #333300; }
QPushButton#Primary { background: #ffff00; color: black; border: 3px solid #ffff00; }
QLabel#Subtitle, QLabel#Hint, QLabel#RowExtra { color: white; }
QLabel#Notice, QFrame#Warning, QLabel#OfflineBanner { background: black; color: white;
                                                      border: 4px solid #ffff00; }
QLabel#StatusLine { background: black; color: white; border-left: 6px solid #ffff00; }
QLabel#Busy { color: #ffff00; }
QLabel#GuideText { color: white; }
QWidget#IdleOverlay { background: rgba(0, 0, 0, 170); }
QScrollBar:vertical { background: black; border-left: 2px solid white; }
QScrollBar::handle:vertical { background: #ffff00; }
QFrame#Row, QFrame#Row[state="ok"], QFrame#Row[state="refused"] { background: black;
                                                                   border: 3px solid white; }
QLabel#RowTitle[state="ok"], QLabel#RowDetail[state="ok"] { color: #7dff7d; }
QLabel#RowTitle[state="refused"], QLabel#RowDetail[state="refused"] { color: #ff9d9d; }
QFrame#Row[state="wait"] { background: black; border: 3px dashed #ffff00; }
QLabel#RowTitle[state="wait"], QLabel#RowDetail[state="wait"] { color: #ffff00; }
QLabel#RowExtra[state="staff"] { color: #ff9d9d; }
QLabel#RowExtra[state="wait"] { color: #ffff00; }
QFrame#Row[state="staff"] { background: black; border: 3px solid #ffff00; }
"""

LARGE_TEXT = 1.3      # the "larger text" button's factor


# must fit six languages on a portrait screen; the demo's stand-in scanner is not the patron's
# the idle screen's greeting is large already, and must stay on one line in portrait
_FIXED = ("TopBar", "#Language", "#Access", "DemoPanel", "#IdleTitle")


def stylesheet(*, scale: float = 1.0, high_contrast: bool = False) -> str:
    """The kiosk's stylesheet, every font size but the top bar's multiplied by ``scale``."""
    sheet = STYLESHEET + (HIGH_CONTRAST if high_contrast else "")

    def rule(match: re.Match[str]) -> str:
        selector, body = match.group(1), match.group(2)
        if not any(name in selector for name in _FIXED):
            body = re.sub(r"font-size: (\d+)px",
                          lambda m: f"font-size: {round(int(m.group(1)) * scale)}px", body)
        return f"{selector}{{{body}}}"

    return re.sub(r"([^{}]+)\{([^{}]*)\}", rule, sheet)


def apply_style(app: QApplication, *, scale: float = 1.0, high_contrast: bool = False) -> str:
    """Set the stylesheet and a font with Japanese glyphs; returns the family chosen."""
    families = set(QFontDatabase.families())
    family = next((f for f in PREFERRED_FONTS if f in families), "")
    if not family:
        log.error("no Japanese font installed (install fonts-noto-cjk): text may show as boxes")
    font = QFont(family) if family else QFont()
    font.setPixelSize(round(22 * scale))
    app.setFont(font)
    app.setStyleSheet(stylesheet(scale=scale, high_contrast=high_contrast))
    return family

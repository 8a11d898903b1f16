"""What "fits the screen" means, checked on a live window: the window no larger than the
screen, every visible widget inside it (inside its list, for a scrolled list's rows), no label
cut off, every button big enough for a finger."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

FINGER = 48          # px at 1080p: about 9 mm on a 21.5-inch screen


def _describe(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{name} {text[:40]!r}" if text else name


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    """The viewport of the scroll area the widget is scrolled in, if any."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) and parent is area.viewport():
            return parent
        child, parent = parent, parent.parentWidget()
    _ = child
    return None


def label_clipped(label: QLabel) -> str:
    """Why the label's text does not fit its geometry, or "" (elided labels are fine)."""
    if not label.text() or label.property("elides"):
        return ""
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"needs {needed} px height, has {label.height()}"
        if label.minimumSizeHint().width() > label.width() + 1:
            return f"a word needs {label.minimumSizeHint().width()} px, has {label.width()}"
        return ""
    hint = label.sizeHint()
    if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
        return f"needs {hint.width()}×{hint.height()}, has {label.width()}×{label.height()}"
    return ""


def problems(window: QWidget, width: int, height: int, *, touch: bool = True,
             skip: tuple[str, ...] = ("DemoPanel",)) -> list[str]:
    found = []
    if window.width() > width or window.height() > height:
        found.append(f"window is {window.width()}×{window.height()} on a {width}×{height} "
                     "screen")
    screen = QRect(0, 0, width, height)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        if any(a.objectName() in skip for a in _ancestors(widget)):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        viewport = _scroll_viewport(widget)
        if viewport is None:
            if not screen.contains(rect):
                found.append(f"{_describe(widget)} at {rect.getRect()} is off the screen")
        else:
            seen = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
            if rect.left() < seen.left() or rect.right() > seen.right():
                found.append(f"{_describe(widget)} is wider than its list")
        if isinstance(widget, QLabel):
            why = label_clipped(widget)
            if why:
                found.append(f"{_describe(widget)} is clipped: {why}")
        if touch and isinstance(widget, QAbstractButton) and (
                widget.height() < FINGER or widget.width() < FINGER):
            found.append(f"{_describe(widget)} is {widget.width()}×{widget.height()}, "
                         f"under {FINGER} px")
    return found


def _ancestors(widget: QWidget) -> list[QWidget]:
    out = []
    parent = widget
    while parent is not None:
        out.append(parent)
        parent = parent.parentWidget()
    return out

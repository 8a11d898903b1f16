"""Pictures for patrons who read none of the six languages: the three steps of borrowing, and
where on the machine the scanner, the camera and the card reader are.

Drawn with QPainter on a small logical canvas, scaled to whatever the layout gives and never
stretched; ink and paper come from the palette, so the high-contrast theme redraws them white
on black. A branch may replace the generic machine with a photo of its own
(``[display] guide_image``): it is shown instead, scaled to fit.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImageReader,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

BEAM = QColor(214, 58, 47)
BLUE = QColor("#1f4e79")
GREEN = QColor("#1f7a3a")
DARK = QColor("#2f3540")
CARD = QColor("#d6e9f8")
STEPS = ("card", "items", "finish")


def _fit(painter: QPainter, widget: QWidget, width: float, height: float) -> float:
    """Scale the painter so a ``width`` × ``height`` canvas fills the widget, centred, its
    aspect kept; returns the scale."""
    scale = min(widget.width() / width, widget.height() / height)
    painter.translate((widget.width() - width * scale) / 2,
                      (widget.height() - height * scale) / 2)
    painter.scale(scale, scale)
    return scale


def _ink(widget: QWidget) -> tuple[QColor, QColor, bool]:
    ink = widget.palette().windowText().color()
    paper = widget.palette().window().color()
    return ink, paper, paper.lightness() < 128


def _barcode(painter: QPainter, rect: QRectF, ink: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    widths = (2, 1, 3, 1, 1, 2, 3, 1, 2, 1, 1, 3, 2, 1, 2, 1, 3, 1)
    unit = rect.width() / (sum(widths) * 2)
    x = rect.left()
    for n, w in enumerate(widths):
        if n % 2 == 0:
            painter.drawRect(QRectF(x, rect.top(), w * unit * 1.6, rect.height()))
        x += w * unit * 2
        if x >= rect.right():
            break


def _scanner(painter: QPainter, head: QRectF, ink: QColor, *, beam_to: float,
             spread: float) -> None:
    """A scanner head (``head``'s top left and width), its red light reaching down to
    ``beam_to``, ``spread`` either side of its middle."""
    x, y, w = head.x(), head.y(), head.width()
    painter.setPen(Qt.PenStyle.NoPen)
    glow = QColor(BEAM)
    glow.setAlpha(80)
    painter.setBrush(glow)
    mid = x + w / 2
    painter.drawPolygon(QPolygonF([QPointF(mid - w * 0.3, y + 20), QPointF(mid + w * 0.3, y + 20),
                                   QPointF(mid + spread, beam_to),
                                   QPointF(mid - spread, beam_to)]))
    painter.setPen(QPen(BEAM, 3))
    painter.drawLine(QPointF(mid - spread + 4, beam_to - 2), QPointF(mid + spread - 4,
                                                                     beam_to - 2))
    painter.setPen(QPen(ink, 2.5))
    painter.setBrush(DARK)
    painter.drawRoundedRect(QRectF(x, y, w, 22), 6, 6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BEAM)
    painter.drawRoundedRect(QRectF(mid - w * 0.3, y + 16, w * 0.6, 5), 2, 2)


class _Picture(QWidget):
    """Drawn once per size, theme and content, then copied: a repaint of the idle screen (a
    language chosen, "Checking…" shown) costs a pixmap copy, not the drawing again."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: QPixmap | None = None
        self._cache_key: tuple[object, ...] = ()

    def _state(self) -> tuple[object, ...]:
        return ()

    def _paint(self, painter: QPainter) -> None:
        raise NotImplementedError

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        key = (self.size().toTuple(), ratio, self.palette().cacheKey(), self.font().key(),
               *self._state())
        if self._cache is None or key != self._cache_key:
            cache = QPixmap(self.size() * ratio)
            cache.setDevicePixelRatio(ratio)
            cache.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._paint(painter)
            painter.end()
            self._cache, self._cache_key = cache, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache)
        painter.end()


class Pictogram(_Picture):
    """One step of borrowing: ``card`` (a library card or a phone under the scanner),
    ``items`` (a book's barcode under the scanner), ``finish`` (Finish, and a receipt)."""

    CANVAS = (200.0, 150.0)

    def __init__(self, kind: str, number: int) -> None:
        super().__init__()
        if kind not in STEPS:
            raise ValueError(f"no pictogram {kind!r}")
        self.kind, self.number = kind, number
        self.receipt = True               # step 3 shows a receipt where the branch prints one
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMaximumHeight(300)         # more would be empty space around the drawing

    def sizeHint(self) -> QSize:
        return QSize(240, 180)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 90)

    def _state(self) -> tuple[object, ...]:
        return (self.kind, self.number, self.receipt)

    def _paint(self, painter: QPainter) -> None:
        _fit(painter, self, *self.CANVAS)
        ink, paper, dark = _ink(self)
        getattr(self, f"_draw_{self.kind}")(painter, ink, paper, dark)
        # the step's number, in a circle
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffff00") if dark else BLUE)
        painter.drawEllipse(QRectF(2, 2, 34, 34))
        font = QFont(self.font())
        font.setPixelSize(24)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("black") if dark else QColor("white"))
        painter.drawText(QRectF(2, 2, 34, 34), Qt.AlignmentFlag.AlignCenter, str(self.number))

    def _draw_card(self, painter: QPainter, ink: QColor, paper: QColor, dark: bool) -> None:
        _scanner(painter, QRectF(72, 6, 64, 22), ink, beam_to=96, spread=64)
        painter.setPen(QPen(ink, 3))
        painter.setBrush(QColor("#223") if dark else CARD)
        painter.drawRoundedRect(QRectF(30, 88, 88, 56), 8, 8)          # the library card
        _barcode(painter, QRectF(40, 110, 68, 26), ink)
        painter.setPen(QPen(ink, 3))
        painter.setBrush(DARK)
        painter.drawRoundedRect(QRectF(134, 74, 46, 72), 8, 8)         # or a phone
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(139, 82, 36, 54))
        _barcode(painter, QRectF(142, 96, 30, 26), QColor("black"))

    def _draw_items(self, painter: QPainter, ink: QColor, paper: QColor, dark: bool) -> None:
        _scanner(painter, QRectF(68, 6, 64, 22), ink, beam_to=92, spread=56)
        painter.setPen(QPen(ink, 3))
        painter.setBrush(QColor("#3f7fbf"))
        painter.drawRoundedRect(QRectF(30, 118, 140, 26), 4, 4)        # two books
        painter.setBrush(QColor("#e0b84c"))
        painter.drawRoundedRect(QRectF(42, 86, 116, 32), 4, 4)
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(78, 92, 44, 20))                        # the library's label
        _barcode(painter, QRectF(82, 95, 36, 14), QColor("black"))

    def _draw_finish(self, painter: QPainter, ink: QColor, paper: QColor, dark: bool) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffff00") if dark else GREEN)
        painter.drawRoundedRect(QRectF(44, 24, 104 if not self.receipt else 92, 56), 12, 12)
        painter.setPen(QPen(QColor("black") if dark else QColor("white"), 8,
                            Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        left = 70 if self.receipt else 76
        painter.drawPolyline(QPolygonF([QPointF(left, 52), QPointF(left + 14, 66),
                                        QPointF(left + 42, 36)]))       # Finish: done
        if not self.receipt:
            return
        painter.setPen(QPen(ink, 3))
        painter.setBrush(DARK)
        painter.drawRoundedRect(QRectF(112, 84, 76, 16), 4, 4)          # the printer's slot
        painter.setBrush(QColor("white"))
        top, bottom = 96.0, 146.0
        paper_edge = [QPointF(124, top), QPointF(176, top), QPointF(176, bottom)]
        x = 176.0
        while x > 124:                                                  # torn edge
            paper_edge.append(QPointF(x - 4, bottom - 5))
            paper_edge.append(QPointF(x - 8, bottom))
            x -= 8
        paper_edge.append(QPointF(124, bottom))
        painter.drawPolygon(QPolygonF(paper_edge))                      # the receipt
        painter.setPen(QPen(QColor("#8a877c"), 3))
        for y in (108, 118, 128):
            painter.drawLine(QPointF(132, y), QPointF(168, y))


class StepArrow(QWidget):
    """The arrow between two steps."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(40, 60)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink, _paper, _dark = _ink(self)
        mid = self.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawPolygon(QPolygonF([QPointF(8, mid - 18), QPointF(34, mid),
                                       QPointF(8, mid + 18)]))
        painter.end()


class MachineGuide(_Picture):
    """Where to hold the card: the branch's own photo if it has one, else a generic machine
    with the scanner (always), the camera and the card reader (where this kiosk has them)
    marked and named."""

    CANVAS = (420.0, 300.0)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("MachineGuide")
        self.camera = False
        self.card_reader = False
        self.photo: QPixmap | None = None
        # grows with the room its layout's stretch gives it, never at the steps' expense
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retranslate()

    def set_image(self, path: str) -> bool:
        """The branch's picture of this machine (PNG, JPEG, SVG…); False, and the generic
        drawing kept, when it cannot be read."""
        if not path:
            self.photo = None
            self.update()
            return True
        reader = QImageReader(path)
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            log.error("display.guide_image %s: %s; showing the generic picture", path,
                      reader.errorString())
            self.photo = None
            self.update()
            return False
        self.photo = QPixmap.fromImage(image)
        self.update()
        return True

    def set_devices(self, *, camera: bool | None = None, card_reader: bool | None = None
                    ) -> None:
        if camera is not None:
            self.camera = camera
        if card_reader is not None:
            self.card_reader = card_reader
        self.update()

    def retranslate(self) -> None:
        self.names = {"scanner": self.tr("Barcode scanner"),
                      "camera": self.tr("Camera (for phones)"),
                      "reader": self.tr("My Number card reader")}
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(210, 150)

    def _state(self) -> tuple[object, ...]:
        photo = self.photo.cacheKey() if self.photo is not None else None
        return (self.camera, self.card_reader, tuple(self.names.values()), photo)

    def _paint(self, painter: QPainter) -> None:
        if self.photo is not None and not self.photo.isNull():
            picture = self.photo.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
            painter.drawPixmap((self.width() - picture.width()) // 2,
                               (self.height() - picture.height()) // 2, picture)
            return
        scale = _fit(painter, self, *self.CANVAS)
        ink, _paper, dark = _ink(self)
        painter.setPen(QPen(ink, 3))
        painter.setBrush(QColor("#111") if dark else QColor("#dcd9cf"))
        painter.drawRoundedRect(QRectF(140, 4, 150, 292), 14, 14)         # the machine
        painter.setBrush(BLUE)
        painter.drawRect(QRectF(154, 40, 122, 92))                       # its screen
        painter.setPen(QPen(QColor("#cfe0f0"), 4))
        for y, w in ((62, 80), (80, 96), (98, 60)):
            painter.drawLine(QPointF(170, y), QPointF(170 + w, y))
        labels: list[tuple[str, QPointF, bool]] = []
        if self.camera:
            painter.setPen(QPen(ink, 2))
            painter.setBrush(DARK)
            painter.drawEllipse(QPointF(215, 22), 9, 9)                   # camera
            painter.setBrush(QColor("#9fc3e6"))
            painter.drawEllipse(QPointF(215, 22), 3.5, 3.5)
            labels.append(("camera", QPointF(226, 22), False))
        _scanner(painter, QRectF(160, 148, 70, 22), ink, beam_to=232, spread=46)  # scanner
        painter.setPen(QPen(ink, 2.5))
        painter.setBrush(QColor("#223") if dark else CARD)
        painter.drawRoundedRect(QRectF(168, 214, 56, 36), 5, 5)           # a card held under
        _barcode(painter, QRectF(175, 226, 42, 18), ink)
        labels.append(("scanner", QPointF(158, 159), True))
        if self.card_reader:
            painter.setPen(QPen(ink, 2.5))
            painter.setBrush(QColor("#4a4f57"))
            painter.drawRoundedRect(QRectF(236, 258, 48, 24), 5, 5)       # card reader
            painter.setPen(QPen(QColor("white"), 2))
            for r in (5, 9, 13):
                painter.drawArc(QRectF(260 - r, 272 - r, 2 * r, 2 * r), 30 * 16, 120 * 16)
            labels.append(("reader", QPointF(286, 270), False))
        self._draw_labels(painter, labels, ink, scale)

    def _draw_labels(self, painter: QPainter, labels: list[tuple[str, QPointF, bool]],
                     ink: QColor, scale: float) -> None:
        """Each name beside the machine with an arrow to its part: left of the machine for
        ``left``, right otherwise; the type shrinks until the name fits its side."""
        accent = QColor("#ffff00") if _ink(self)[2] else BEAM
        boxes = []
        for key, tip, left in labels:
            top = max(0.0, min(tip.y() - 40, self.CANVAS[1] - 80))    # inside the picture
            box = QRectF(4 if left else 304, top, 112, 80)
            tail = QPointF(box.right() + 2, tip.y()) if left else QPointF(box.left() - 2,
                                                                           tip.y())
            painter.setPen(QPen(accent, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(tail, tip)
            head = -1 if left else 1
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() + 12 * head, tip.y() - 8),
                                           QPointF(tip.x() + 12 * head, tip.y() + 8)]))
            boxes.append((self.names[key], painter.transform().mapRect(box), left))
        painter.resetTransform()
        font = QFont(self.font())
        font.setBold(True)
        # the translator's own lines first (a Japanese word is never cut in two), smaller type
        # before a line is wrapped; wrapped only if nothing else fits
        start = max(12.0, 20 * scale)
        flags, size = 0, start
        while size >= start * 0.75 and not self._fits(font, size, flags, boxes):
            size -= 1
        if size < start * 0.75:
            flags, size = int(Qt.TextFlag.TextWordWrap), start
            while size > 11 and not self._fits(font, size, flags, boxes):
                size -= 1
        font.setPixelSize(round(size))
        painter.setFont(font)
        painter.setPen(ink)
        for text, rect, left in boxes:
            align = (Qt.AlignmentFlag.AlignRight if left else Qt.AlignmentFlag.AlignLeft) \
                | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(rect, int(align) | flags, text)

    @staticmethod
    def _fits(font: QFont, size: float, flags: int,
              boxes: list[tuple[str, QRectF, bool]]) -> bool:
        font.setPixelSize(round(size))
        metrics = QFontMetricsF(font)
        for text, rect, _ in boxes:
            needed = metrics.boundingRect(rect, flags, text)
            if needed.width() > rect.width() or needed.height() > rect.height():
                return False
        return True

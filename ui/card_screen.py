"""The My Number card screen: "place your card on the reader", then reading, then the patron's
screen or the reason in plain words. It says what is read (the certificate, never the
My Number), because that is what a patron worries about when asked for this card."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.screens import NoticeLabel, Screen, _label, label_column


class CardPicture(QWidget):
    """A card coming down onto a reader: the gesture, drawn, for those who read no text."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(360, 230)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        painter.setPen(QPen(ink, 4))
        painter.setBrush(QColor("#4a4f57"))                       # the reader
        painter.drawRoundedRect(QRectF(70, 160, 220, 56), 12, 12)
        painter.setPen(QPen(QColor("#ffffff"), 3))
        for r in (10, 18, 26):                                    # contactless waves
            painter.drawArc(QRectF(180 - r, 188 - r, 2 * r, 2 * r), 30 * 16, 120 * 16)
        painter.setPen(QPen(ink, 4))
        painter.setBrush(QColor("#d6e9f8"))                       # the card
        painter.drawRoundedRect(QRectF(95, 14, 170, 104), 10, 10)
        painter.setBrush(QColor("#e0b84c"))
        painter.drawRoundedRect(QRectF(115, 48, 34, 26), 4, 4)     # its chip
        painter.setBrush(ink)
        painter.drawPolygon(QPolygonF([QPointF(168, 124), QPointF(192, 124),
                                       QPointF(180, 150)]))       # down onto the reader
        painter.end()


class CardScreen(Screen):
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.reading = False
        self._problem = ""
        layout, (self.title,) = label_column(self, "Title")
        self.picture = CardPicture()
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hint = _label("Hint")
        layout.addWidget(self.hint)
        self.state = _label("Busy")
        layout.addWidget(self.state)
        self.notice = NoticeLabel()
        layout.addWidget(self.notice)
        self.privacy = _label("Subtitle")
        layout.addWidget(self.privacy)
        layout.addStretch(2)
        row = QHBoxLayout()
        self.back = QPushButton()
        self.back.clicked.connect(self.cancelled)
        row.addWidget(self.back)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def waiting(self) -> None:
        self.reading, self._problem = False, ""
        self.retranslate()

    def show_reading(self) -> None:
        self.reading, self._problem = True, ""
        self.retranslate()

    def show_problem(self, text: str) -> None:
        """The reason, already in the patron's language (ui.i18n.CARD_PROBLEMS)."""
        self.reading, self._problem = False, text
        self.retranslate()

    def retranslate(self) -> None:
        from ui.i18n import message
        self.title.setText(self.tr("Please place your My Number card on the reader"))
        self.hint.setText(self.tr("Leave it there until your name appears. You can also scan "
                                  "your library card instead."))
        self.state.setText(self.tr("Reading your card… please leave it on the reader.")
                           if self.reading else "")
        if self._problem:
            self.notice.show_text(message(self._problem))
        else:
            self.notice.clear_text()
        self.privacy.setText(self.tr("Only the card's electronic certificate is checked. Your "
                                     "My Number is never read."))
        self.back.setText(self.tr("Back"))

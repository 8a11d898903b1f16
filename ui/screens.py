"""The patron's screens. They only show state; ``window.KioskWindow`` decides what happens."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.events import Loan, PadItem, PadItemState
from ui.i18n import (
    PAD_STATES,
    PAD_UNKNOWN_ITEM,
    PARTS_ON_PAD,
    Languages,
    format_due,
    library_says,
    message,
)
from ui.pictograms import STEPS, MachineGuide, Pictogram, StepArrow


def _label(name: str, text: str = "", *, wrap: bool = True,
           align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(align)
    return label


def label_column(screen: QWidget, *names: str, staff: bool = False, listing: bool = False
                 ) -> tuple[QVBoxLayout, list[QLabel]]:
    """A screen's column: its margins, then one label of each object name (its style:
    "Title", "Hint" ...) under the other. A patron's screen: centred, room above; a patron's
    list (``listing``: the items of the visit, the loans): left-aligned from the top, the rows
    below; a staff screen (``staff``): left-aligned and closer to the edge, so more fits."""
    layout = QVBoxLayout(screen)
    if staff:
        layout.setContentsMargins(40, 20, 40, 20)
    elif listing:
        layout.setContentsMargins(50, 30, 50, 30)
    else:
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
    align = Qt.AlignmentFlag.AlignLeft if staff or listing else Qt.AlignmentFlag.AlignCenter
    labels = [_label(name, align=align) for name in names]
    for label in labels:
        layout.addWidget(label)
    return layout, labels


def styled_button(style: str, on_click: Callable[[], object] | SignalInstance
                  ) -> QPushButton:
    """A button of the style sheet's ``style`` ("Big", "Primary" ...) that calls
    ``on_click`` (or emits that signal) when pressed."""
    button = QPushButton()
    button.setObjectName(style)
    button.clicked.connect(on_click)
    return button


def pin_keys(press: Callable[[str], object]) -> tuple[QGridLayout, dict[str, QPushButton]]:
    """A PIN pad's keys in a grid: 1–9 in three rows, then clear, 0 and back (words, not
    digits: in smaller type); each calls ``press`` with its key. Never takes the focus."""
    grid = QGridLayout()
    keys: dict[str, QPushButton] = {}
    for n, key in enumerate([*"123456789", "clear", "0", "back"]):
        button = QPushButton(key)
        button.setObjectName("PinKey")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False, k=key: press(k))
        grid.addWidget(button, n // 3, n % 3)
        keys[key] = button
    for key in ("clear", "back"):
        keys[key].setProperty("small", "true")
    return grid, keys


def pin_key(digits: str, key: str, most: int) -> str:
    """The digits entered so far after a key of a PIN pad: "clear", "back", or a digit
    (ignored once there are ``most``)."""
    if key == "clear":
        return ""
    if key == "back":
        return digits[:-1]
    return digits + key if len(digits) < most else digits


def back_and_go(layout: QVBoxLayout, back: Callable[[], object],
                go: Callable[[], object]) -> tuple[QPushButton, QPushButton]:
    """The bottom row of a step screen: back (or cancel) on the left, the primary action on
    the right. The caller names them (retranslate)."""
    row = QHBoxLayout()
    back_button = QPushButton()
    back_button.clicked.connect(back)
    go_button = QPushButton()
    go_button.setObjectName("Primary")
    go_button.clicked.connect(go)
    row.addWidget(back_button)
    row.addStretch(1)
    row.addWidget(go_button)
    layout.addLayout(row)
    return back_button, go_button


def kinetic(area: QScrollArea) -> QScrollArea:
    """A list a finger can scroll: drag it (touch, or the mouse), a flick carries on; only up
    and down, never sideways; the scrollbar is wide enough to hold (``ui.style``). What it
    holds is as wide as the area, with no frame around it."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    never = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    properties.setScrollMetric(metric.HorizontalOvershootPolicy, never)
    properties.setScrollMetric(metric.VerticalOvershootPolicy, never)
    properties.setScrollMetric(metric.DragStartDistance, 0.003)     # metres: 3 mm
    scroller.setScrollerProperties(properties)
    return area


def row_list(area: QScrollArea) -> QVBoxLayout:
    """The column of rows a scrolling list holds, 10 px apart and packed at the top by a
    stretch below them: a row goes in at ``count() - 1``, above the stretch."""
    holder = QWidget()
    rows = QVBoxLayout(holder)
    rows.setSpacing(10)
    rows.addStretch(1)
    area.setWidget(holder)
    return rows


class FittedScrollArea(QScrollArea):
    """As tall as what it holds, as far as the layout can give, so that a short list is never
    scrolled when the screen has room (QScrollArea keeps the size its contents had first)."""

    def sizeHint(self) -> QSize:
        holder = self.widget()
        if holder is None:
            return super().sizeHint()
        hint = holder.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height() + 2 * self.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()       # its rows changed (or took on their style): re-fit
        return super().eventFilter(watched, event)


class ElidedLabel(QLabel):
    """One line that may be too long for its place (a branch's name): shown whole when it
    fits, else cut with "…", never clipped mid-letter and never widening the window."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setProperty("elides", True)
        self.setMinimumWidth(1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter.setPen(self.palette().windowText().color())
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()


_SENTENCE_END = re.compile(r"(?<=[。．！？!?])|(?<=\.)\s+")
_COUNTER = ("カウンター", "counter", "柜台", "服务台", "카운터", "데스크", "balcão", "quầy")


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def _tokens(text: str) -> set[str]:
    text = text.lower()
    if " " in text.strip():
        return set(re.findall(r"\w+", text))
    squeezed = re.sub(r"\W", "", text)
    return {squeezed[i:i + 2] for i in range(len(squeezed) - 1)}


def _same_words(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.45


def ils_addition(ils_message: str, said: Iterable[str]) -> str:
    """What the library system's own message adds to what the kiosk already said: its
    sentences less those the kiosk said in other words, and less a second "ask at the
    counter" (a patron told twice reads it as two problems)."""
    ils_message = ils_message.strip()
    said = [text for text in said if text.strip()]
    if not ils_message:
        return ""
    ours = [sentence for text in said for sentence in _sentences(text)]
    counter = any(word in text.lower() for text in said for word in _COUNTER)
    kept = []
    for sentence in _sentences(ils_message):
        if counter and any(word in sentence.lower() for word in _COUNTER):
            continue
        if any(_same_words(sentence, other) for other in ours):
            continue
        kept.append(sentence)
    return "".join(part if part[-1] in "。．！？" else part + " " for part in kept).strip()


class NoticeLabel(QLabel):
    """A message to the patron that stays until replaced or cleared."""

    shown = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()
        self.shown.emit(True)

    def clear_text(self) -> None:
        self.clear()
        self.hide()
        self.shown.emit(False)


class Screen(QWidget):
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class IdleScreen(Screen):
    """Waiting for a card. Greets in every configured language, because the patron is unknown,
    and teaches: the three steps of borrowing in pictures, and where on this machine to hold
    the card (the branch's photo, or a drawn machine). A notice, when there is one, takes the
    pictures' place until it is cleared."""

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self._portrait: bool | None = None
        self.pad = False                     # items may be put on an RFID pad here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 20)
        layout.setSpacing(10)
        layout.addStretch(1)
        self.title = _label("IdleTitle")       # as large as a title, larger text or not
        layout.addWidget(self.title)
        self.subtitles = [_label("Subtitle") for _ in languages.codes[1:]]
        self._others = QGridLayout()
        self._others.setHorizontalSpacing(36)
        self._others.setVerticalSpacing(2)
        layout.addLayout(self._others)
        layout.addSpacing(12)

        self.body = QWidget()
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self._body.setContentsMargins(0, 0, 0, 0)
        self._body.setSpacing(28)
        # pictures in one row, their words lined up in the row beneath, arrows between
        steps = QGridLayout()
        steps.setHorizontalSpacing(8)
        steps.setVerticalSpacing(8)
        self.pictograms: list[Pictogram] = []
        self.step_texts: list[QLabel] = []
        for number, kind in enumerate(STEPS, start=1):
            column = 2 * (number - 1)
            if number > 1:
                steps.addWidget(StepArrow(), 0, column - 1)
            picture = Pictogram(kind, number)
            steps.addWidget(picture, 0, column)
            text = _label("StepText", align=Qt.AlignmentFlag.AlignHCenter
                          | Qt.AlignmentFlag.AlignTop)
            steps.addWidget(text, 1, column)
            steps.setColumnStretch(column, 1)
            self.pictograms.append(picture)
            self.step_texts.append(text)
        steps.setRowStretch(0, 1)
        self._body.addLayout(steps, 3)
        where = QVBoxLayout()
        self.guide = MachineGuide()
        where.addWidget(self.guide, 1)
        self.hint = _label("GuideText")
        where.addWidget(self.hint)
        self._body.addLayout(where, 2)
        layout.addWidget(self.body, 6)

        self.mynumber = QPushButton()            # shown when the branch takes My Number cards
        self.mynumber.setObjectName("Big")
        self.mynumber.hide()
        layout.addWidget(self.mynumber, 0, Qt.AlignmentFlag.AlignHCenter)
        self.notice = NoticeLabel()
        self.notice.shown.connect(lambda shown: self.body.setVisible(not shown))
        layout.addWidget(self.notice)
        self.busy = _label("Busy")
        layout.addWidget(self.busy)
        layout.addStretch(1)
        self.arrange(portrait=False)
        self.retranslate()

    def offer_mynumber(self, offered: bool) -> None:
        """My Number cards taken here: the button, and the card reader in the picture."""
        self.mynumber.setVisible(offered)
        self.guide.set_devices(card_reader=offered)

    def set_pad(self, working: bool) -> None:
        """Step 2 mentions the pad while this kiosk has one that works."""
        self.pad = working
        self.retranslate()

    def set_receipts(self, printed: bool) -> None:
        """Step 3 mentions the receipt only where this kiosk prints one."""
        self.pictograms[2].receipt = printed
        self.pictograms[2].update()
        self.retranslate()

    def arrange(self, *, portrait: bool) -> None:
        """Side by side on a landscape screen, the other languages in three columns; stacked,
        one language a line, on a portrait one. The window calls it as the screen turns."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        # a portrait screen's height goes to the picture of the machine, not to the steps
        self._body.setStretch(0, 0 if portrait else 3)
        self._body.setStretch(1, 1 if portrait else 2)
        columns = 1 if portrait else 3
        for label in self.subtitles:
            self._others.removeWidget(label)
        for n, label in enumerate(self.subtitles):
            self._others.addWidget(label, n // columns, n % columns)
        for column in range(3):
            self._others.setColumnStretch(column, 1 if column < columns else 0)

    def retranslate(self) -> None:
        source = "Please scan your library card"
        self.title.setText(self.tr("Please scan your library card"))
        # every language but the one the title is in (a patron may switch at idle)
        current = self._languages.current or self._languages.codes[0]
        others = [c for c in self._languages.codes if c != current][:len(self.subtitles)]
        for code, label in zip(others, self.subtitles, strict=False):
            label.setText(self._languages.text(code, "IdleScreen", source))
        self.hint.setText(self.tr("Hold the barcode of your card (or your phone's screen) "
                             "under the scanner."))
        self.step_texts[0].setText(self.tr("Scan your library card, or its barcode on your "
                                           "phone"))
        self.step_texts[1].setText(self.tr("Put your items on the pad, or scan each barcode")
                                   if self.pad else
                                   self.tr("Scan each item's barcode, one at a time"))
        self.step_texts[2].setText(self.tr("Press Finish and take your receipt")
                                   if self.pictograms[2].receipt
                                   else self.tr("Press Finish when you are done"))
        self.mynumber.setText(self.tr("Use a My Number card"))
        self.guide.retranslate()


@dataclass(frozen=True)
class Row:
    item: str
    title: str
    loan: Loan | None
    problem: str = ""              # a source string of ui.i18n's tables
    ils_message: str = ""
    hold_pickup: bool = False      # the patron's reserved item, picked up now
    already: bool = False          # they have it already: nothing was lent or sent
    pad: PadItem | None = None     # an item on the RFID pad not lent (yet), and why
    show_staff: bool = False       # lent, but its tag still tells the gate it is here


# Pad items shown as rows of their own (lent, refused and "yours already" ones arrive as the
# same events as a scanned barcode, and are shown as those are).
PAD_ROWS = (PadItemState.WAITING_FOR_CARD, PadItemState.PARTS_MISSING, PadItemState.LENDING,
            PadItemState.NOT_OURS, PadItemState.UNREADABLE, PadItemState.DUPLICATE)
_WAITING = (PadItemState.WAITING_FOR_CARD, PadItemState.PARTS_MISSING, PadItemState.LENDING)


def pad_key(item: PadItem) -> str:
    return item.item or f"uid:{item.uids[0] if item.uids else ''}"


def parts_picture(seen: int, parts: int) -> str:
    """■ a part on the pad, □ one still missing: a set a child can count."""
    seen = max(0, min(seen, parts))
    return "■" * seen + "□" * (parts - seen)


class RowWidget(QFrame):
    """One scanned item: a lent item with its due date, or a refused one with the reason
    underneath at full width (reasons are long; they must never be cut off)."""

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.row = row
        self.setObjectName("Row")
        state = "ok" if row.loan else "refused"
        if row.pad is not None and row.pad.state in _WAITING:
            state = "wait"
        # lent, but the gate will sound: the row asks to be looked at
        self.setProperty("state", "staff" if row.show_staff else state)
        layout = QGridLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setHorizontalSpacing(16)
        # ○ and × are what Japanese forms use for yes/no; the colour says it again.
        # △: not yet (a set missing a part, a book waiting for the card), as on Japanese forms
        self.mark = _label("RowTitle", {"ok": "○", "wait": "△"}.get(state, "×"), wrap=False)
        self.mark.setProperty("state", state)
        self.mark.setFixedWidth(40)
        self.title = _label("RowTitle", align=Qt.AlignmentFlag.AlignLeft
                            | Qt.AlignmentFlag.AlignVCenter)
        self.detail = _label("RowDetail", align=Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter)
        self.detail.setProperty("state", state)
        self.extra = _label("RowExtra", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.mark, 0, 0)
        layout.addWidget(self.title, 0, 1)
        layout.setColumnStretch(1, 1)
        # a loan's due date beside the title, on one line; under it when the title would be
        # squeezed into a narrow column (portrait, larger text, a long date)
        self._dated = row.loan is not None and not row.already
        self._beside: bool | None = None
        if self._dated:
            self.detail.setWordWrap(False)
        self._place_detail(beside=self._dated)

    def _place_detail(self, *, beside: bool) -> None:
        if beside == self._beside:
            return
        self._beside = beside
        layout = self.layout()
        assert isinstance(layout, QGridLayout)
        layout.removeWidget(self.detail)
        layout.removeWidget(self.extra)
        if beside:
            self.detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(self.detail, 0, 2)
            layout.addWidget(self.extra, 1, 1, 1, 2)
        else:
            self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(self.detail, 1, 1, 1, 2)
            layout.addWidget(self.extra, 2, 1, 1, 2)

    def _arrange(self) -> None:
        if not self._dated:
            return
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        room = self.width() - margins.left() - margins.right() - self.mark.width() - 2 * 16
        title = self.title.fontMetrics().horizontalAdvance(self.title.text())
        date = self.detail.fontMetrics().horizontalAdvance(self.detail.text()) + 8
        # beside when the title fits on its line, or keeps more than half of the row
        self._place_detail(beside=title + date <= room or room - date >= room * 0.55)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self, self._arrange)   # larger text: measured again

    def show_in(self, code: str) -> None:
        row = self.row
        self.title.setText(row.title or (self.tr("Item %1").replace("%1", row.item)
                                         if row.item else message(PAD_UNKNOWN_ITEM)))
        if row.pad is not None:
            self._show_pad(row.pad)
            return
        if row.loan is not None:
            due = format_due(row.loan.due, row.loan.due_text, code)
            text = self.tr("Due back %1").replace("%1", due)
            if row.already:
                text = (self.tr("You already have this: due back %1").replace("%1", due)
                        if due else self.tr("You already have this item."))
            elif row.loan.renewal:
                text = self.tr("Renewed, due back %1").replace("%1", due)
            self.detail.setText(text)
            extra = [self.tr("Your reserved item: picked up.")] if row.hold_pickup else []
            if row.show_staff:
                extra.append(message(PAD_STATES[PadItemState.SECURITY_FAILED]))
            self.extra.setText("\n".join(extra))
            self.extra.setProperty("state", "staff" if row.show_staff else "")
            self.extra.setVisible(bool(extra))
            self._arrange()                   # another language, another length
            return
        text = message(row.problem)
        self.detail.setText(text)
        # The ILS's own words say why (禁帯出, 予約…); only what they add to ours.
        self.extra.setText(library_says(ils_addition(row.ils_message, [text])))
        self.extra.setVisible(bool(self.extra.text()))


    def _show_pad(self, item: PadItem) -> None:
        """An item on the pad: why it is not lent (yet), in words and, for a set, a picture
        of its parts (■ on the pad, □ missing)."""
        self.detail.setText(message(PAD_STATES[item.state]).replace("%1", str(item.parts)))
        extra = ""
        if item.state is PadItemState.PARTS_MISSING:
            extra = parts_picture(item.parts_seen, item.parts) + "  " + message(
                PARTS_ON_PAD).replace("%1", str(item.parts_seen)).replace(
                "%2", str(item.parts))
        self.extra.setText(extra)
        self.extra.setProperty("state", "wait" if extra else "")
        self.extra.setVisible(bool(extra))


class IdleWarning(QWidget):
    """"Are you still there?" with a countdown and a Continue button, over whatever screen
    the patron left (the idle timeout fires whatever is open). It lies over the window, never
    in its layout, so it cannot make the window taller than the screen; a touch anywhere
    counts as being there."""

    continue_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("IdleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame(self)            # placed by _place: centred, as tall as its words
        self.card.setObjectName("Warning")
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(24)
        self.text = _label("WarningText")
        inner.addWidget(self.text)
        self.continue_button = styled_button("Primary", self.continue_clicked)
        inner.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._seconds_left = 0
        parent.installEventFilter(self)
        self.card.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._place()
        elif watched is self.card and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._place)   # larger text: a taller card
        return False

    def _place(self) -> None:
        parent, layout = self.parentWidget(), self.card.layout()
        if parent is None or layout is None:
            return
        area = parent.rect()
        self.setGeometry(area)
        width = max(min(1100, area.width() - 80), 200)
        layout.activate()
        height = min(layout.totalHeightForWidth(width), area.height() - 40)
        self.card.setGeometry((area.width() - width) // 2, (area.height() - height) // 2,
                              width, height)

    def show_countdown(self, seconds_left: int) -> None:
        self._seconds_left = seconds_left
        self.retranslate()
        self._place()
        self.raise_()
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.text.setText(self.tr("Are you still there? This session ends in %1 seconds.")
                          .replace("%1", str(self._seconds_left)))
        self.continue_button.setText(self.tr("Continue"))
        if self.parentWidget() is not None:
            self._place()


class StatusLine(QLabel):
    """What the patron should know before scanning: holds waiting, how many more items."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("StatusLine")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.remaining: int | None = None
        self.holds_ready = 0
        self.borrowed = 0
        self.hide()

    def update_counts(self, remaining: int | None, holds_ready: int) -> None:
        self.remaining, self.holds_ready, self.borrowed = remaining, holds_ready, 0
        self.retranslate()

    def count_loan(self) -> None:
        self.borrowed += 1
        self.retranslate()

    def retranslate(self) -> None:
        parts = []
        if self.holds_ready:
            parts.append(self.tr("%n reserved item(s) are waiting for you on the hold shelf.",
                                 "", self.holds_ready))
        if self.remaining is not None:
            left = max(self.remaining - self.borrowed, 0)
            parts.append(self.tr("You can borrow %n more item(s).", "", left) if left
                         else self.tr("You have reached your borrowing limit."))
        self.setText("\n".join(parts))
        self.setVisible(bool(parts))


class PatronScreen(Screen):
    finish_clicked = Signal()
    loans_clicked = Signal()

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self._name = ""
        self._charged = 0
        self._rows: list[RowWidget] = []
        self._pad_rows: dict[str, RowWidget] = {}
        self._pad_items: tuple[PadItem, ...] = ()
        self.pad = ""                     # "up", "down", or "" (no pad at this kiosk)
        layout, (self.welcome, self.instruction) = label_column(self, "Title", "Hint",
                                                                listing=True)
        self.status_line = StatusLine()
        layout.addWidget(self.status_line)
        self.notice = NoticeLabel()
        layout.addWidget(self.notice)

        self.list_area = kinetic(QScrollArea())
        # the newest row stays in view however the list grows or the screen above it changes,
        # until the patron scrolls back to look at an earlier one
        self._follow = True
        bar = self.list_area.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)
        self.list_layout = row_list(self.list_area)
        self.empty = _label("Hint")
        self.list_layout.insertWidget(0, self.empty)
        layout.addWidget(self.list_area, 1)

        bottom = QHBoxLayout()
        self.busy = _label("Busy", align=Qt.AlignmentFlag.AlignLeft)
        bottom.addWidget(self.busy, 1)
        self.loans_button = styled_button("Big", self.loans_clicked)
        bottom.addWidget(self.loans_button)
        bottom.addSpacing(20)
        self.finish_button = styled_button("Primary", self.finish_clicked)
        bottom.addWidget(self.finish_button)
        layout.addLayout(bottom)
        self.retranslate()

    # -- state --------------------------------------------------------------------------
    def start(self, name: str, charged_count: int, remaining: int | None = None,
              holds_ready: int = 0) -> None:
        self._name, self._charged = name, charged_count
        for widget in self._rows:
            widget.deleteLater()
        self._rows.clear()
        self._pad_rows.clear()
        self._pad_items = ()
        self.notice.clear_text()
        self.status_line.update_counts(remaining, holds_ready)
        self.retranslate()

    def add_row(self, row: Row) -> None:
        widget = RowWidget(row)
        widget.show_in(self._languages.current)
        self._rows.append(widget)
        self.list_layout.insertWidget(self.list_layout.count() - 1, widget)
        widget.show()
        self.empty.hide()
        self.scroll_to_latest()

    def show_pad(self, items: tuple[PadItem, ...]) -> None:
        """The pad as the core sees it: a row for each item not lent (yet) and why, kept in
        place as its state changes; a lent item whose security is still on says "show it
        to the staff" on its loan's row."""
        self._pad_items = items
        # a pad that does not work cannot finish a set or a stack: only what is said for good
        wanted = {pad_key(item): item for item in items
                  if item.state in PAD_ROWS and item.on_pad
                  and not (self.pad == "down" and item.state in _WAITING)}
        for key in [k for k in self._pad_rows if k not in wanted]:
            self._drop(self._pad_rows.pop(key))
        added = False
        for key, item in wanted.items():
            row = Row(item.item or "", item.title, None, pad=item)
            old = self._pad_rows.get(key)
            if old is not None and old.row == row:
                continue
            self._pad_rows[key] = self._place(RowWidget(row), instead_of=old)
            added = added or old is None
        staff = {item.item for item in items if item.state is PadItemState.SECURITY_FAILED}
        for widget in list(self._rows):
            row = widget.row
            if row.loan is not None and row.item in staff and not row.show_staff:
                self._place(RowWidget(replace(row, show_staff=True)), instead_of=widget)
        self.empty.setVisible(not self._rows)
        if added:
            self.scroll_to_latest()

    def _place(self, widget: RowWidget, *, instead_of: RowWidget | None = None) -> RowWidget:
        widget.show_in(self._languages.current)
        if instead_of is None:
            self._rows.append(widget)
            self.list_layout.insertWidget(self.list_layout.count() - 1, widget)
        else:
            self._rows[self._rows.index(instead_of)] = widget
            self.list_layout.insertWidget(self.list_layout.indexOf(instead_of), widget)
            self._drop(instead_of, listed=False)
        widget.show()
        self.empty.hide()
        return widget

    def _drop(self, widget: RowWidget, *, listed: bool = True) -> None:
        if listed and widget in self._rows:
            self._rows.remove(widget)
        self.list_layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def set_pad(self, state: str) -> None:
        """"up", "down" (the patron is told to scan barcodes) or "" (no pad here)."""
        changed = state != self.pad
        self.pad = state
        if changed and self._pad_items:
            self.show_pad(self._pad_items)
        self.retranslate()

    def scroll_to_latest(self) -> None:
        """Now and whenever the list's size settles, so the latest scan is always in view."""
        self._follow = True
        bar = self.list_area.verticalScrollBar()
        bar.setValue(bar.maximum())
        QTimer.singleShot(0, self, self._settled)

    def _settled(self) -> None:
        if self._follow:
            bar = self.list_area.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self.list_area.verticalScrollBar().setValue(high)

    def _scrolled(self, value: int) -> None:
        self._follow = value >= self.list_area.verticalScrollBar().maximum()

    @property
    def rows(self) -> list[Row]:
        return [w.row for w in self._rows]

    def retranslate(self) -> None:
        if self._name:
            self.welcome.setText(self.tr("Welcome, %1").replace("%1", self._name))
        else:
            self.welcome.setText(self.tr("Welcome"))
        if self.pad == "up":
            self.instruction.setText(self.tr("Put your items on the pad, or scan them one at "
                                             "a time. When you are done, press Finish."))
        else:                  # no pad, or one not working (the notice said so): barcodes
            self.instruction.setText(self.tr("Scan your items one at a time. When you are "
                                             "done, press Finish."))
        self.empty.setText(self.tr("No items yet."))
        self.empty.setVisible(not self._rows)
        self.finish_button.setText(self.tr("Finish"))
        self.loans_button.setText(self.tr("My loans"))
        self.status_line.retranslate()
        for widget in self._rows:
            widget.show_in(self._languages.current)


class GoodbyeScreen(Screen):
    done_clicked = Signal()

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self._loans: tuple[Loan, ...] = ()
        self._receipt = False
        layout, (self.title, self.summary, self.receipt_note) = label_column(
            self, "Title", "Subtitle", "Hint")
        layout.addSpacing(20)
        # One row a loan: the title (wrapped when long) and its due date, never broken.
        self.loans_area = kinetic(FittedScrollArea())
        self.loans_area.setMaximumWidth(1400)
        holder = QWidget()
        rows = QVBoxLayout(holder)
        centred = QHBoxLayout()
        centred.addStretch(1)
        self.loans_grid = QGridLayout()
        self.loans_grid.setHorizontalSpacing(32)
        self.loans_grid.setVerticalSpacing(6)
        self.loans_grid.setColumnStretch(0, 1)
        centred.addLayout(self.loans_grid)
        centred.addStretch(1)
        rows.addLayout(centred)
        rows.addStretch(1)                   # rows packed at the top, never spread apart
        self.loans_area.setWidget(holder)
        self.loans_area.setSizePolicy(QSizePolicy.Policy.Expanding,
                                      QSizePolicy.Policy.Preferred)
        self._loan_labels: list[QLabel] = []
        layout.addWidget(self.loans_area)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done = styled_button("Primary", self.done_clicked)
        row.addWidget(self.done)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslate()

    def show_loans(self, loans: tuple[Loan, ...], *, receipt: bool = False) -> None:
        self._loans = loans
        self._receipt = receipt
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you!"))
        # new loans and renewals counted apart: a renewal is not another item borrowed
        borrowed = sum(1 for loan in self._loans if not loan.renewal)
        renewed = len(self._loans) - borrowed
        said = [self.tr("You borrowed %n item(s).", "", borrowed)] if borrowed else []
        if renewed:
            said.append(self.tr("You renewed %n item(s).", "", renewed))
        self.summary.setText(" ".join(said) or self.tr("Nothing was borrowed."))
        self._list_loans()
        self.receipt_note.setText(self.tr("Please take your receipt.") if self._receipt
                                  else "")
        self.receipt_note.setVisible(self._receipt)
        self.done.setText(self.tr("Done"))

    def _list_loans(self) -> None:
        for label in self._loan_labels:
            self.loans_grid.removeWidget(label)
            label.deleteLater()
        self._loan_labels = []
        code = self._languages.current
        for n, loan in enumerate(self._loans):
            title = _label("Hint", "・" + (loan.title or self.tr("Item %1").replace(
                "%1", loan.item)), align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            words = self.tr("Renewed, due back %1") if loan.renewal else self.tr("Due back %1")
            due = _label("Hint", words.replace("%1", format_due(loan.due, loan.due_text, code)),
                         wrap=False, align=Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignTop)
            self.loans_grid.addWidget(title, n, 0)
            self.loans_grid.addWidget(due, n, 1)
            self._loan_labels += [title, due]
        self.loans_area.setVisible(bool(self._loans))
        self.loans_area.updateGeometry()

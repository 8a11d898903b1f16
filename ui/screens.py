"""The patron's screens. They only show state; ``window.KioskWindow`` decides what happens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.events import Loan
from ui.i18n import Languages, format_due, library_says, message


def _label(name: str, text: str = "", *, wrap: bool = True,
           align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setAlignment(align)
    return label


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


class NoticeLabel(QLabel):
    """A message to the patron that stays until replaced or cleared."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()

    def clear_text(self) -> None:
        self.clear()
        self.hide()


class Screen(QWidget):
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class IdleScreen(Screen):
    """Waiting for a card; greets in every configured language, because the patron is unknown."""

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(2)
        self.title = _label("Title")
        layout.addWidget(self.title)
        self.subtitles = [_label("Subtitle") for _ in languages.codes[1:]]
        for label in self.subtitles:
            layout.addWidget(label)
        layout.addSpacing(30)
        self.hint = _label("Hint")
        layout.addWidget(self.hint)
        layout.addSpacing(30)
        self.mynumber = QPushButton()            # shown when the branch takes My Number cards
        self.mynumber.setObjectName("Big")
        self.mynumber.hide()
        layout.addWidget(self.mynumber, 0, Qt.AlignmentFlag.AlignHCenter)
        self.notice = NoticeLabel()
        layout.addWidget(self.notice)
        self.busy = _label("Busy")
        layout.addWidget(self.busy)
        layout.addStretch(3)
        self.retranslate()

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
        self.mynumber.setText(self.tr("Use a My Number card"))


@dataclass(frozen=True)
class Row:
    item: str
    title: str
    loan: Loan | None
    problem: str = ""              # a source string of ui.i18n's tables
    ils_message: str = ""
    hold_pickup: bool = False      # the patron's reserved item, picked up now
    already: bool = False          # they have it already: nothing was lent or sent


class RowWidget(QFrame):
    """One scanned item: a lent item with its due date, or a refused one with the reason
    underneath at full width (reasons are long; they must never be cut off)."""

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.row = row
        self.setObjectName("Row")
        state = "ok" if row.loan else "refused"
        self.setProperty("state", state)
        layout = QGridLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setHorizontalSpacing(16)
        # ○ and × are what Japanese forms use for yes/no; the colour says it again.
        self.mark = _label("RowTitle", "○" if row.loan else "×", wrap=False)
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
        if row.loan is not None and not row.already:    # the due date beside the title
            self.detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.detail.setWordWrap(False)
            layout.addWidget(self.detail, 0, 2)
            layout.addWidget(self.extra, 1, 1, 1, 2)
            layout.setColumnStretch(1, 1)
        else:
            layout.addWidget(self.detail, 1, 1, 1, 2)
            layout.addWidget(self.extra, 2, 1, 1, 2)
            layout.setColumnStretch(1, 1)

    def show_in(self, code: str) -> None:
        row = self.row
        self.title.setText(row.title or self.tr("Item %1").replace("%1", row.item))
        if row.loan is not None:
            due = format_due(row.loan.due, row.loan.due_text, code)
            text = self.tr("Due back %1").replace("%1", due)
            if row.already:
                text = (self.tr("You already have this: due back %1").replace("%1", due)
                        if due else self.tr("You already have this item."))
            elif row.loan.renewal:
                text = self.tr("Renewed, due back %1").replace("%1", due)
            self.detail.setText(text)
            self.extra.setText(self.tr("Your reserved item: picked up.") if row.hold_pickup
                               else "")
            self.extra.setVisible(row.hold_pickup)
            return
        text = message(row.problem)
        self.detail.setText(text)
        # The ILS's own words say why (禁帯出, 予約…); skip them when they add nothing.
        self.extra.setText(library_says(row.ils_message)
                           if row.ils_message.strip() != text else "")
        self.extra.setVisible(bool(self.extra.text()))


class WarningBar(QFrame):
    """"Are you still there?" with a countdown and a Continue button, over whatever screen
    the patron left: the idle timeout fires whatever is open."""

    continue_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Warning")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(30, 14, 30, 14)
        self.text = _label("Subtitle")
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("Primary")
        self.continue_button.clicked.connect(self.continue_clicked)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.continue_button)
        self._seconds_left = 0
        self.hide()

    def show_countdown(self, seconds_left: int) -> None:
        self._seconds_left = seconds_left
        self.retranslate()
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.text.setText(self.tr("Are you still there? This session ends in %1 seconds.")
                          .replace("%1", str(self._seconds_left)))
        self.continue_button.setText(self.tr("Continue"))


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(50, 30, 50, 30)
        self.welcome = _label("Title", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.welcome)
        self.instruction = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.instruction)
        self.status_line = StatusLine()
        layout.addWidget(self.status_line)
        self.notice = NoticeLabel()
        layout.addWidget(self.notice)

        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.list_layout = QVBoxLayout(holder)
        self.list_layout.setSpacing(10)
        self.empty = _label("Hint")
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        self.list_area.setWidget(holder)
        layout.addWidget(self.list_area, 1)

        bottom = QHBoxLayout()
        self.busy = _label("Busy", align=Qt.AlignmentFlag.AlignLeft)
        bottom.addWidget(self.busy, 1)
        self.loans_button = QPushButton()
        self.loans_button.setObjectName("Big")
        self.loans_button.clicked.connect(self.loans_clicked)
        bottom.addWidget(self.loans_button)
        bottom.addSpacing(20)
        self.finish_button = QPushButton()
        self.finish_button.setObjectName("Primary")
        self.finish_button.clicked.connect(self.finish_clicked)
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

    def scroll_to_latest(self) -> None:
        """Once the layout has settled, so the latest scan is always in view."""
        bar = self.list_area.verticalScrollBar()
        QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))

    @property
    def rows(self) -> list[Row]:
        return [w.row for w in self._rows]

    def retranslate(self) -> None:
        if self._name:
            self.welcome.setText(self.tr("Welcome, %1").replace("%1", self._name))
        else:
            self.welcome.setText(self.tr("Welcome"))
        self.instruction.setText(self.tr("Scan your items one at a time. When you are done, "
                                    "press Finish."))
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
        self.title = _label("Title")
        layout.addWidget(self.title)
        self.summary = _label("Subtitle")
        layout.addWidget(self.summary)
        self.receipt_note = _label("Hint")
        layout.addWidget(self.receipt_note)
        layout.addSpacing(20)
        self.loans = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.loans)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done = QPushButton()
        self.done.setObjectName("Primary")
        self.done.clicked.connect(self.done_clicked)
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
        code = self._languages.current
        self.loans.setText("\n".join(
            f"・{loan.title}　" + (self.tr("Renewed, due back %1") if loan.renewal
                                  else self.tr("Due back %1")).replace(
                "%1", format_due(loan.due, loan.due_text, code))
            for loan in self._loans))
        self.receipt_note.setText(self.tr("Please take your receipt.") if self._receipt
                                  else "")
        self.receipt_note.setVisible(self._receipt)
        self.done.setText(self.tr("Done"))

"""The patron's other screens: the PIN pad, "my loans" with renewals, and the receipt choice.

Like ``ui.screens`` they only show state and emit what the patron pressed; the window decides.
Buttons are large (at least 90 px) and every state is said in words as well as colour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from kiosk.events import CurrentLoan, RenewBlock
from ui.i18n import Languages, format_due, library_says, message
from ui.screens import (
    NoticeLabel,
    Screen,
    _label,
    back_and_go,
    kinetic,
    label_column,
    pin_key,
    pin_keys,
    row_list,
    styled_button,
)

PIN_LENGTH = 4
TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class PinScreen(Screen):
    """A 4-digit PIN on a pad of big keys; the digits show as dots, never as numbers. The words
    beside the pad on a landscape screen, above it on a portrait one, so that larger text still
    fits."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self._digits = ""
        self._tries_left = 0
        self._wrong = False
        self.purpose = "library"          # or "mynumber": the My Number card's own PIN
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 30, 60, 30)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(30)
        layout.addLayout(self._body, 1)
        self._words = words = QVBoxLayout()
        words.addStretch(1)
        self.title = _label("Title")
        words.addWidget(self.title)
        self.hint = _label("Hint")
        words.addWidget(self.hint)
        self.dots = _label("PinDots", wrap=False)
        words.addWidget(self.dots)
        self.notice = NoticeLabel()
        words.addWidget(self.notice)
        words.addStretch(1)
        self._body.addLayout(words, 1)
        pad, self.keys = pin_keys(self.press)
        pad.setSpacing(14)
        self.clear_key, self.back_key = self.keys["clear"], self.keys["back"]
        self._pad = holder = QVBoxLayout()
        holder.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(pad)
        centred.addStretch(1)
        holder.addLayout(centred)
        holder.addStretch(1)
        self._body.addLayout(holder, 1)      # the pad centred in its half, not at the foot
        self.cancel, self.ok = back_and_go(layout, self.cancelled.emit, self._submit)
        self.retranslate()

    def arrange(self, *, portrait: bool) -> None:
        """Called by the window as the screen turns (hidden screens count towards its size)."""
        self._body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                else QBoxLayout.Direction.LeftToRight)
        # stacked, the words sit just above the pad, the two together in the middle; side by
        # side, each is centred in its half
        self._words.setStretch(self._words.count() - 1, 0 if portrait else 1)
        self._pad.setStretch(0, 0 if portrait else 1)

    def ask(self, tries_left: int | None, wrong: bool, purpose: str = "library") -> None:
        self._digits, self._tries_left, self._wrong = "", tries_left or 0, wrong
        self.purpose = purpose
        self.retranslate()

    def press(self, key: str) -> None:
        self._digits = pin_key(self._digits, key, PIN_LENGTH)
        self._show_dots()

    def _submit(self) -> None:
        if len(self._digits) == PIN_LENGTH:
            digits, self._digits = self._digits, ""
            self._show_dots()
            self.entered.emit(digits)

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" if i < len(self._digits) else "○"
                                   for i in range(PIN_LENGTH)))
        self.ok.setEnabled(len(self._digits) == PIN_LENGTH)

    def retranslate(self) -> None:
        if self.purpose == "mynumber":
            self.title.setText(self.tr("Please enter your My Number card's PIN"))
            self.hint.setText(self.tr("The 4-digit PIN for signing in that you chose at the "
                                      "city office. Leave the card on the reader and cover "
                                      "the pad with your hand."))
        else:
            self.title.setText(self.tr("Please enter your PIN"))
            self.hint.setText(self.tr("Your 4-digit PIN (password) for the library. Cover the "
                                      "pad with your hand."))
        if self._wrong:
            lines = [self.tr("The PIN is not correct. %n tries left.", "", self._tries_left)]
            if self.purpose == "mynumber" and self._tries_left == 1:
                lines.append(self.tr("One more wrong PIN locks the card; only the city office "
                                     "can unlock it. If you are not sure, press Cancel."))
            self.notice.show_text("\n".join(lines))
        else:
            self.notice.clear_text()
        self.clear_key.setText(self.tr("Clear"))
        self.back_key.setText(self.tr("Back"))
        self.cancel.setText(self.tr("Cancel"))
        self.ok.setText(self.tr("OK"))
        self._show_dots()


class LoanRow(QFrame):
    renew_clicked = Signal(str)

    def __init__(self, loan: CurrentLoan) -> None:
        super().__init__()
        self.setObjectName("Row")
        self.loan = loan
        self.renewed = False
        self.unchanged = False             # renewed, but the due date did not move
        self.problem = ""                  # a source string of ui.i18n's tables: the headline
        self.reason = ""                   # and why (another), when known
        self.ils_message = ""
        layout = QGridLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        self.title = _label("RowTitle", align=TOP_LEFT)
        self.due = _label("RowDetail", align=TOP_LEFT)
        self.note = _label("RowExtra", align=TOP_LEFT)
        self.renew = QPushButton()
        self.renew.clicked.connect(lambda: self.renew_clicked.emit(self.loan.item))
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.due, 1, 0)
        layout.addWidget(self.note, 2, 0)
        layout.addWidget(self.renew, 0, 1, 2, 1)
        layout.setColumnStretch(0, 1)

    def show_in(self, code: str) -> None:
        loan = self.loan
        self.title.setText(loan.title or self.tr("Item %1").replace("%1", loan.item))
        due = format_due(loan.due, "", code)
        if self.renewed and self.unchanged:
            # A library that counts a renewal from the day it is made gives the same date on
            # the day of the loan: say so, or the patron takes it for a failure.
            text = self.tr("Renewed; still due back %1 (a renewal counts from today)")
        elif self.renewed:
            text = self.tr("Renewed, due back %1")
        else:
            text = self.tr("Due back %1")
        self.due.setText(text.replace("%1", due))
        self.setProperty("state", "ok" if self.renewed else
                         ("refused" if self.problem else ""))
        self.style().unpolish(self)
        self.style().polish(self)
        notes = []
        if self.problem:
            notes.append(message(self.problem))
            if self.reason:
                notes.append(message(self.reason))
            if self.ils_message.strip() and self.ils_message.strip() not in notes:
                notes.append(library_says(self.ils_message))
        elif loan.renew_block is RenewBlock.NO_LATER_DATE and not self.renewed:
            notes.append(self.tr("Borrowed recently: a renewal today would not give a later "
                                 "due date."))
        elif loan.renew_block is RenewBlock.HOLD_QUEUE and not self.renewed:
            notes.append(self.tr("Someone is waiting for this item, so it cannot be renewed."))
        elif loan.renew_block is RenewBlock.OVERDUE and not self.renewed:
            notes.append(self.tr("This item is overdue. Please return it or ask at the "
                                 "counter."))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        offer = loan.renew_block is None and not self.renewed and not self.problem
        # the new date on the button, before it is pressed
        self.renew.setText(self.tr("Renew: due %1").replace(
            "%1", format_due(loan.renew_due, "", code)) if loan.renew_due is not None
            else self.tr("Renew"))
        self.renew.setVisible(offer)


class LoansScreen(Screen):
    """Everything the patron has on loan, with a renew button where the rules allow."""

    back_clicked = Signal()
    renew_clicked = Signal(str)

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self._rows: list[LoanRow] = []
        self._unavailable: bool | None = None     # None: showing a list; else offline?
        layout, (self.title, self.hint) = label_column(self, "Title", "Hint", listing=True)
        area = kinetic(QScrollArea())          # a finger drags the list
        self.list_layout = row_list(area)
        layout.addWidget(area, 1)
        row = QHBoxLayout()
        self.back = styled_button("Primary", self.back_clicked)
        row.addStretch(1)
        row.addWidget(self.back)
        layout.addLayout(row)
        self.retranslate()

    def show_loans(self, loans: tuple[CurrentLoan, ...]) -> None:
        self._clear()
        self._unavailable = None
        for loan in loans:
            widget = LoanRow(loan)
            widget.renew_clicked.connect(self.renew_clicked)
            self._rows.append(widget)
            self.list_layout.insertWidget(self.list_layout.count() - 1, widget)
        self.retranslate()

    def show_unavailable(self, offline: bool) -> None:
        self._clear()
        self._unavailable = offline
        self.retranslate()

    def renewed(self, item: str, loan_due: CurrentLoan) -> None:
        for widget in self._rows:
            if widget.loan.item == item:
                widget.unchanged = loan_due.due is not None and loan_due.due == widget.loan.due
                widget.loan, widget.renewed, widget.problem = loan_due, True, ""
                widget.show_in(self._languages.current)

    def refused(self, item: str, problem: str, ils_message: str, reason: str = "") -> None:
        """A refused renewal: ``problem`` the headline (renewal words), ``reason`` why."""
        for widget in self._rows:
            if widget.loan.item == item:
                widget.problem, widget.reason = problem, reason
                widget.ils_message = ils_message
                widget.show_in(self._languages.current)

    @property
    def rows(self) -> list[LoanRow]:
        return list(self._rows)

    def _clear(self) -> None:
        for widget in self._rows:
            widget.deleteLater()
        self._rows.clear()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your loans"))
        if self._unavailable is None:
            self.hint.setText(self.tr("You have %n item(s) on loan.", "", len(self._rows))
                              if self._rows else self.tr("You have nothing on loan."))
        elif self._unavailable:
            self.hint.setText(self.tr("Your loans cannot be shown while the library system is "
                                      "offline. Borrowing still works."))
        else:
            self.hint.setText(self.tr("This machine does not show loans. Please ask at the "
                                      "counter or use My Page."))
        self.back.setText(self.tr("Back to borrowing"))
        for widget in self._rows:
            widget.show_in(self._languages.current)


class ReceiptScreen(Screen):
    """Print a receipt or not: the branch's policy "ask" shows this after Finish."""

    chosen = Signal(bool)                 # True: print

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        layout, (self.title, self.hint) = label_column(self, "Title", "Hint")
        layout.addSpacing(30)
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = styled_button("Primary", lambda: self.chosen.emit(True))
        self.skip_button = styled_button("Big", lambda: self.chosen.emit(False))
        row.addWidget(self.print_button)
        row.addSpacing(40)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Would you like a receipt?"))
        self.hint.setText(self.tr("It lists what you borrowed and when it is due back."))
        self.print_button.setText(self.tr("Print a receipt"))
        self.skip_button.setText(self.tr("No receipt"))


class FinishQuestion(Screen):
    """Another card while a patron is signed in: "Finished, ****5877?". Finish ends this
    patron's visit (the goodbye, and the receipt offer where there is one); Continue goes back
    to their list. The kiosk never switches patrons in silence: the masked card number says
    whose visit it is, offline too, where there is no name."""

    finish_clicked = Signal()
    continue_clicked = Signal()

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        self.card_masked = ""
        self.other_masked = ""
        layout, (self.title, self.hint) = label_column(self, "Title", "Hint")
        layout.addStretch(1)
        self.continue_button, self.finish_button = back_and_go(
            layout, self.continue_clicked.emit, self.finish_clicked.emit)
        self.continue_button.setObjectName("Big")
        self.retranslate()

    def ask(self, card_masked: str, other_masked: str) -> None:
        self.card_masked, self.other_masked = card_masked, other_masked
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Finished, %1?").replace("%1", self.card_masked))
        self.hint.setText(self.tr("Another library card (%1) was scanned. If you are done, "
                                  "press Finish; the next person can then scan their card. "
                                  "To borrow more, press Continue.")
                          .replace("%1", self.other_masked))
        self.finish_button.setText(self.tr("Finish"))
        self.continue_button.setText(self.tr("Continue"))

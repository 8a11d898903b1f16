"""The kiosk window: routes scans to the patron session (off the GUI thread) and shows what
happened. The only place where hardware events, the core and the screens meet.

It receives the whole kiosk (kiosk.bootstrap.Kiosk) through its constructor and builds only
its own views from it: the screens, staff mode's screens, the voice guide."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.cards.pcsc import CardMonitor
from drivers.ports import DeviceState, Scan, Scanner
from drivers.printers.port import PrinterStatus
from drivers.scanners.keyboard_wedge import KeyboardWedge
from kiosk.bootstrap import Kiosk
from kiosk.events import (
    CardPinRequested,
    CardProblem,
    CardRefused,
    CurrentLoan,
    EndReason,
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    ItemRenewed,
    Loan,
    LoansListed,
    LoansUnavailable,
    OtherCardScanned,
    PadChanged,
    PadItem,
    PadItemState,
    PatronIdentified,
    PatronRefused,
    PinRequested,
    RenewRefused,
    ScanRejected,
    SecureTags,
    SessionCounts,
    SessionEnded,
)
from kiosk.pad import TagSeen
from kiosk.rfid import SecurityState
from ui.card_screen import CardScreen
from ui.i18n import (
    CARD_PROBLEMS,
    ITEM_PROBLEMS,
    NATIVE_NAMES,
    PAD_DOWN,
    PAD_WAITING,
    PATRON_PROBLEMS,
    SCAN_PROBLEMS,
    SOMETHING_WENT_WRONG,
    Languages,
    library_says,
    message,
    renewal_refused,
)
from ui.journey_screens import FinishQuestion, LoansScreen, PinScreen, ReceiptScreen
from ui.keyboard_scanner import KeyboardScannerFilter
from ui.rfid_pad import PadReader, PadRound
from ui.screens import (
    ElidedLabel,
    GoodbyeScreen,
    IdleScreen,
    IdleWarning,
    PatronScreen,
    Row,
    ils_addition,
)
from ui.staff import GESTURE_MS, StaffMode
from ui.style import LARGE_TEXT, apply_style
from ui.voice.guide import VoiceGuide
from ui.voice.player import AplayPlayer, Player
from ui.worker import Worker, ignore

log = logging.getLogger(__name__)

NOTICE_SECONDS = 12
DRAIN_SLICE = 0.010         # seconds of showing events before the event loop gets a turn


@dataclass(frozen=True)
class Timings:
    """The window's clocks. The config's idle, warning and goodbye seconds (and a notice's
    twelve) are counted in seconds of ``second_ms``; staff mode opens after a press of
    ``staff_gesture_ms`` on the branch name. Tests shorten them instead of waiting."""

    second_ms: int = 1000
    staff_gesture_ms: int = GESTURE_MS


REAL_TIME = Timings()


class ScannerBridge(QObject):
    """Driver callbacks arrive on the driver's thread; this turns them into queued signals."""

    scanned = Signal(str)
    scanned_with = Signal(str, list)  # a code and the others read with it (a camera)
    status = Signal(str, str, str)   # url, state, cause
    card = Signal(bool)              # a My Number card placed (True) or taken away

    def attach(self, scanner: Scanner) -> None:
        url = scanner.url

        def on_scan(scan: Scan) -> None:
            if scan.alternatives:
                self.scanned_with.emit(scan.text, list(scan.alternatives))
            else:
                self.scanned.emit(scan.text)

        def on_status(state: DeviceState, cause: str) -> None:
            self.status.emit(url, str(state), cause)

        scanner.start(on_scan, on_status)


class ScreenStack(QStackedWidget):
    """The screens, sized by the one shown rather than the largest of them all: a hidden screen
    (staff setup in larger text, say) never makes the window taller than the display."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


class KioskWindow(QMainWindow):
    event_applied = Signal(object)      # every domain event, after the screen shows it
    device_status = Signal(str, str, str)
    mode_changed = Signal(str, str)     # "online"/"offline", cause for staff (any thread)

    def __init__(self, kiosk: Kiosk, *, timings: Timings = REAL_TIME,
                 player: Player | None = None, panels: Sequence[QWidget] = (),
                 quit_app: Callable[[int], None] | None = None) -> None:
        """``player``: the voice guide's (default aplay, when the branch has voice or
        sounds); ``panels``: shown under the screens (the demo's scanner panel);
        ``quit_app``: staff mode's restart (default: leave the event loop)."""
        super().__init__()
        config = kiosk.config
        self.kiosk = kiosk
        self.session = kiosk.session
        self.languages = languages = Languages(config.languages)
        self.timing = config.session
        self.timings = timings
        self.receipts = kiosk.receipts
        self.worker = Worker(self)
        self.bridge = ScannerBridge(self)
        self.bridge.scanned.connect(self.handle_scan)
        self.bridge.scanned_with.connect(self.handle_scan)
        self.bridge.status.connect(self._device_status)
        self.device_states: dict[str, tuple[str, str]] = {}
        self.pad = kiosk.pad                  # the RFID book pad in the session, if any
        self.pad_reader: PadReader | None = None
        self.keyboard_filters: list[KeyboardScannerFilter] = []
        self._in_flight = 0
        self._backlog: deque[tuple[bool, Event]] = deque()    # events still to show
        self._draining = False
        self._notice_shown: tuple[str, str] | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._top_bar(config.branch_name))
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("OfflineBanner")
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_banner.hide()
        outer.addWidget(self.offline_banner)
        self.stack = ScreenStack()
        self.idle = IdleScreen(languages)
        self.idle.guide.set_image(config.guide_image)
        self.patron = PatronScreen(languages)
        self.goodbye = GoodbyeScreen(languages)
        self.pin_pad = PinScreen(languages)
        self.loans = LoansScreen(languages)
        self.receipt = ReceiptScreen(languages)
        self.card_screen = CardScreen()
        self.question = FinishQuestion(languages)       # another card: "Finished, ****5877?"
        for screen in (self.idle, self.patron, self.goodbye, self.pin_pad, self.loans,
                       self.receipt, self.card_screen, self.question):
            self.stack.addWidget(screen)
        outer.addWidget(self.stack, 1)
        # over the window, not in its layout: it never makes the window taller than the screen
        self.warning = IdleWarning(central)
        self.idle.set_receipts(self.receipt_policy != "never")
        self.bottom = QVBoxLayout()
        for panel in panels:
            self.bottom.addWidget(panel)
        outer.addLayout(self.bottom)
        self.setCentralWidget(central)

        self.patron.finish_clicked.connect(self._finish_clicked)
        self.patron.loans_clicked.connect(self._show_my_loans)
        self.warning.continue_clicked.connect(self._still_here)
        self.pin_pad.entered.connect(self._pin_entered)
        self.pin_pad.cancelled.connect(self._cancel_pin)
        self.desk = kiosk.mynumber
        self.card_monitor = kiosk.card_monitor
        self.card_reader_problem = ""                    # the monitor's last word, for patrons
        self.idle.mynumber.clicked.connect(self._open_card_screen)
        self.card_screen.cancelled.connect(self._cancel_pin)
        self.bridge.card.connect(self._card_changed)
        self.loans.back_clicked.connect(self._back_to_patron)
        self.loans.renew_clicked.connect(
            lambda item: self._run(lambda: self.session.renew(item)))
        self.receipt.chosen.connect(self._receipt_chosen)
        self._wants_receipt = False
        self.question.finish_clicked.connect(self._finish_clicked)
        self.question.continue_clicked.connect(self._back_to_patron)
        self.counts = SessionCounts()     # the visit as the core counts it (kiosk.session)
        self.goodbye.done_clicked.connect(self.show_idle)
        self.mode_changed.connect(self._show_mode)
        self.mode = "online"

        second, timing = timings.second_ms, self.timing
        self._idle_timer = self._timer(
            (timing.idle_seconds - timing.warning_seconds) * second, self._warn_idle)
        self._countdown = QTimer(self)
        self._countdown.setInterval(second)
        self._countdown.timeout.connect(self._tick)
        self._seconds_left = 0
        self._goodbye_timer = self._timer(timing.goodbye_seconds * second, self.show_idle)
        self._notice_timer = self._timer(NOTICE_SECONDS * second, self._clear_notices)

        self.staff = StaffMode(self, kiosk, gesture_ms=timings.staff_gesture_ms,
                               quit_app=quit_app)
        self.voice: VoiceGuide | None = None             # cues and spoken prompts
        self._player: Player | None = None
        if config.voice or config.sounds:
            self._player = player or AplayPlayer(self._play_in_background)
            self.voice = VoiceGuide(self._player, voice=config.voice, sounds=config.sounds)
            self.event_applied.connect(self._speak)
        self.event_applied.connect(kiosk.shown)
        self.bridge.status.connect(kiosk.device_changed)
        kiosk.circulation.on_mode_change(self.mode_changed.emit)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.show_idle()
        for scanner in kiosk.scanners:
            self.attach_scanner(scanner)
        if self.desk is not None and self.card_monitor is not None:
            self._offer_mynumber(self.card_monitor)
        elif kiosk.mynumber_problem:
            self.bridge.status.emit("pcsc://", str(DeviceState.FAILED), kiosk.mynumber_problem)
        if self.receipts is not None:
            self.receipts.on_status(self._printer_status)
        self._start_pad(kiosk)
        if kiosk.circulation.mode != "online":
            self.mode_changed.emit(str(kiosk.circulation.mode), "started offline")

    @property
    def receipt_policy(self) -> str:
        """"ask": offer a receipt after Finish; "always"; "never" (no printer configured)."""
        return self.kiosk.config.receipts_policy

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _top_bar(self, branch_name: str) -> QFrame:
        """The branch, the accessibility buttons and the languages: one row on a landscape
        screen; two on a portrait one, so that six languages fit (``_arrange``)."""
        bar = QFrame()
        bar.setObjectName("TopBar")
        self._top_rows = rows = QBoxLayout(QBoxLayout.Direction.TopToBottom, bar)
        rows.setContentsMargins(24, 6, 24, 6)
        rows.setSpacing(6)
        layout = QHBoxLayout()
        languages = QHBoxLayout()
        rows.addLayout(layout, 1)
        rows.addLayout(languages)
        # a long name is elided, never widens the window
        self.branch_label = branch = ElidedLabel(branch_name)
        layout.addWidget(branch, 1)
        languages.addStretch(1)
        self.large_text = QPushButton()
        self.contrast = QPushButton()
        for button in (self.large_text, self.contrast):
            button.setObjectName("Access")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.toggled.connect(self._restyle)
            layout.addWidget(button)
        self._retranslate_access()
        self.language_buttons = QButtonGroup(self)
        for code in self.languages.codes:
            button = QPushButton(NATIVE_NAMES.get(code, code))
            button.setObjectName("Language")
            button.setCheckable(True)
            button.setProperty("code", code)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.set_language(c))
            self.language_buttons.addButton(button)
            languages.addWidget(button)
        return bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(portrait=event.size().height() > event.size().width())
        super().resizeEvent(event)

    def _arrange(self, *, portrait: bool) -> None:
        """Every screen laid out for the way the screen stands, hidden ones too, so that each
        is ready when shown."""
        self._top_rows.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                    else QBoxLayout.Direction.LeftToRight)
        for index in range(self.stack.count()):
            arrange = getattr(self.stack.widget(index), "arrange", None)
            if arrange is not None:
                arrange(portrait=portrait)

    # -- public -----------------------------------------------------------------------------
    def attach_scanner(self, scanner: Scanner) -> None:
        try:
            if isinstance(scanner, KeyboardWedge):     # keys come through Qt: filter them
                self.keyboard_filters.append(KeyboardScannerFilter(scanner, self))
            self.bridge.attach(scanner)
            if scanner.url.startswith("camera:"):   # the idle picture shows where it is
                self.idle.guide.set_devices(camera=True)
        except Exception as exc:
            log.error("scanner %s did not start: %s", scanner.url, exc)
            self._device_status(scanner.url, str(DeviceState.FAILED), str(exc))

    def _start_pad(self, kiosk: Kiosk) -> None:
        """The RFID book pad, when the branch has one: polled off the GUI thread
        (ui.rfid_pad); its state is a device's (staff, metrics), and the patron is told to
        use the barcode while it does not work."""
        url = kiosk.config.rfid.reader
        if kiosk.rfid_reader is None or self.pad is None:
            if kiosk.rfid_problem:                     # a URL the kiosk cannot use
                self.patron.set_pad("down")
                self.bridge.status.emit(url, str(DeviceState.FAILED), kiosk.rfid_problem)
            return
        pad = self.pad
        reader = self.pad_reader = PadReader(
            kiosk.rfid_reader, kiosk.rfid, self.worker, metrics=kiosk.metrics,
            poll_ms=kiosk.config.rfid_poll_ms, placed_after=pad.placed_after,
            on_removed=pad.taken_off, parent=self)
        reader.changed.connect(self._pad_round)
        reader.status.connect(self.bridge.status.emit)
        self.staff.attach_pad(reader)
        self.idle.set_pad(True)
        self.patron.set_pad("up")
        if kiosk.rfid_problem:
            reader.went_away(kiosk.rfid_problem)
        reader.start()

    @Slot(object)
    def _pad_round(self, result: PadRound) -> None:
        """What the pad's last inventory changed, to the patron session's pad (on the patron
        queue, as every session call). In staff mode and out of service nothing is lent:
        books put down then are never offered to the next patron."""
        pad = self.pad
        if pad is None or not result.changed or self.staff.active or self.staff.out_of_service:
            return
        placed = [TagSeen(report.uid, report.reading) for report in result.placed]
        removed = list(result.removed)
        if placed:
            self._touch()
        self._run(lambda: pad.seen(placed, removed))

    def _secure(self, command: SecureTags) -> None:
        """A loan's tags: security off and read back on the pad's queue, then the answer
        to the session's pad on the patron queue."""
        pad, reader = self.pad, self.pad_reader
        if pad is None or reader is None:
            return
        item = command.item

        def done(ok: bool, detail: str, state: SecurityState | None) -> None:
            self._run(lambda: pad.secured(item, ok, detail, state))

        reader.secure(command.uids, on_loan=command.on_loan, done=done)

    def _offer_mynumber(self, monitor: CardMonitor) -> None:
        """Offer My Number cards: the idle screen's button, and a card placed at idle."""
        self.idle.offer_mynumber(True)
        url = monitor.url
        try:
            monitor.start(self.bridge.card.emit,
                          lambda state, cause: self.bridge.status.emit(url, str(state), cause))
        except Exception as exc:
            log.error("card reader %s did not start: %s", url, exc)
            self._device_status(url, str(DeviceState.FAILED), str(exc))

    def set_language(self, code: str) -> None:
        self.languages.install(code)
        if self._notice_shown is not None and self.patron.notice.isVisibleTo(self.patron):
            self._notice(*self._notice_shown)  # say it again in the language just chosen
        for button in self.language_buttons.buttons():
            button.setChecked(button.property("code") == code)
        self._touch()

    def handle_scan(self, raw: str, alternatives: list[str] | None = None) -> None:
        """Every scan from every reader comes here, on the GUI thread."""
        if self.staff.intercept(raw):
            return
        self._touch()
        others = tuple(alternatives or ())
        self._run(lambda: self.session.scan(raw, others))

    def finish(self, reason: EndReason) -> None:
        self._idle_timer.stop()
        self._countdown.stop()
        if self.pad_reader is not None:
            # security writes still waiting for a reader that went away: failed now, so each
            # is recorded with its loan and said before the session ends, not after
            self.pad_reader.give_up_waiting("the patron finished before the reader came back")
        self._run(lambda: self.session.finish(reason))

    def show_idle(self) -> None:
        self._goodbye_timer.stop()
        self.warning.hide()
        for button in (self.large_text, self.contrast):   # the next patron starts afresh
            button.setChecked(False)
        if self.staff.out_of_service:
            self.stack.setCurrentWidget(self.staff.closed)
            return
        # The last patron's notice is theirs: never shown again (nor re-said on the language
        # reset below, which would come back here from the goodbye screen).
        self._clear_notices()
        self.set_language(self.languages.default)
        self.stack.setCurrentWidget(self.idle)

    @property
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    # -- running the core off the GUI thread ------------------------------------------------
    def _run(self, job: Callable[[], list[Event]]) -> None:
        self._in_flight += 1
        self._show_busy()
        self.worker.submit(job, self._apply, self._failed)

    def _show_busy(self) -> None:
        text = self.tr("Checking…") if self._in_flight else ""
        self.idle.busy.setText(text)
        self.patron.busy.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight -= 1
        self._show_busy()
        log.error("patron session step failed: %r", exc)
        self._notice(SOMETHING_WENT_WRONG)

    def _apply(self, events: list[Event]) -> None:
        self._in_flight -= 1
        self._show_busy()
        # each PadChanged is the whole pad: of a stack lent in one go, only the last is drawn
        last_pad = max((n for n, e in enumerate(events) if isinstance(e, PadChanged)),
                       default=-1)
        self._backlog.extend((not isinstance(event, PadChanged) or n == last_pad, event)
                             for n, event in enumerate(events))
        if not self._draining:
            self._drain()

    def _drain(self) -> None:
        """Show the events in order, a slice of them per turn of the event loop: a stack of
        ten books lent at once never holds the screen for long (the issue's 50 ms)."""
        self._draining = False
        began = time.monotonic()
        while self._backlog:
            show, event = self._backlog.popleft()
            if show:
                self._show(event)
            self.event_applied.emit(event)
            if self._backlog and time.monotonic() - began > DRAIN_SLICE:
                self._draining = True
                QTimer.singleShot(0, self, self._drain)
                return

    def _count(self, counts: SessionCounts | None) -> None:
        """The core's counts of the visit, shown as they are: nothing is counted here."""
        if counts is not None:
            self.counts = counts
            self.patron.status_line.update_counts(counts.items_left, counts.holds_waiting)

    def _show(self, event: Event) -> None:
        if isinstance(event, PatronIdentified):
            self._goodbye_timer.stop()
            self.patron.start(event.name, event.charged_count, event.remaining,
                              event.holds_ready)
            self.counts = SessionCounts(items_left=event.remaining,
                                        holds_waiting=event.holds_ready)
            self._count(event.counts)
            self.stack.setCurrentWidget(self.patron)
            self._touch()
            pad = self.pad
            if pad is not None:                  # books already on the pad: lend them now
                self._run(pad.signed_in)
        elif isinstance(event, PadChanged):
            self.patron.show_pad(event.items)
            self._count(event.counts)
            self._name_waiting_books(event.items)
        elif isinstance(event, SecureTags):
            self._secure(event)
        elif isinstance(event, OtherCardScanned):
            self.question.ask(event.card_masked, event.other_masked)
            self.stack.setCurrentWidget(self.question)
            self._touch()
        elif isinstance(event, ItemAlreadyOnLoan):
            self._item_answered()
            self.patron.add_row(Row(event.loan.item, event.loan.title, event.loan,
                                    already=True))
            if self.stack.currentWidget() is not self.patron:
                self.stack.setCurrentWidget(self.patron)
        elif isinstance(event, PinRequested):
            self._goodbye_timer.stop()
            self.pin_pad.ask(event.tries_left, event.wrong)
            self.stack.setCurrentWidget(self.pin_pad)
            self._touch()
        elif isinstance(event, CardPinRequested):
            self.pin_pad.ask(event.tries_left, event.wrong, purpose="mynumber")
            self.stack.setCurrentWidget(self.pin_pad)
            self._touch()
        elif isinstance(event, CardRefused):
            self.card_screen.show_problem(CARD_PROBLEMS[event.reason])
            self.stack.setCurrentWidget(self.card_screen)
            self._touch()
        elif isinstance(event, LoansListed):
            self.loans.show_loans(event.loans)
            self.stack.setCurrentWidget(self.loans)
        elif isinstance(event, LoansUnavailable):
            self.loans.show_unavailable(event.offline)
            self.stack.setCurrentWidget(self.loans)
        elif isinstance(event, ItemRenewed):
            loan = event.loan
            self.loans.renewed(loan.item, CurrentLoan(loan.item, loan.title, loan.due))
            self._count(event.counts)
        elif isinstance(event, RenewRefused):
            # headlined in renewal words ("not renewed"), then why, then the library's words
            headline, *why = renewal_refused(event.reason)
            self.loans.refused(event.item, headline, event.ils_message,
                               why[0] if why else "")
        elif isinstance(event, PatronRefused):
            self.stack.setCurrentWidget(self.idle)
            self._notice(PATRON_PROBLEMS[event.reason], event.ils_message)
        elif isinstance(event, ScanRejected):
            self._notice(PAD_WAITING if event.from_pad else SCAN_PROBLEMS[event.reason])
        elif isinstance(event, ItemCheckedOut):
            self._item_answered()
            self.patron.add_row(Row(event.loan.item, event.loan.title, event.loan,
                                    hold_pickup=event.hold_pickup))
            self._count(event.counts)
            if self.stack.currentWidget() is not self.patron:   # scanned on another screen
                self.stack.setCurrentWidget(self.patron)
        elif isinstance(event, ItemRefused):
            self._item_answered()
            self.patron.add_row(Row(event.item, event.title, None,
                                    ITEM_PROBLEMS.get(event.reason,
                                                      ITEM_PROBLEMS[ItemProblem.REFUSED]),
                                    event.ils_message))
        elif isinstance(event, SessionEnded):
            self._idle_timer.stop()
            self._countdown.stop()
            self.warning.hide()
            wants_receipt, self._wants_receipt = self._wants_receipt, False
            pad = self.pad
            if pad is not None:                  # the next patron's pad starts empty
                self._run(pad.clear)
            if event.reason == EndReason.NEW_PATRON:
                return  # the next patron's screen follows at once
            # new loans, then renewals (each says it was renewed): all on the receipt
            visit = event.loans + event.renewals
            if visit and (self.receipt_policy == "always"
                          or (self.receipt_policy == "ask" and wants_receipt)):
                self._print_receipt(event.card_masked, event.all_loans or visit)
            self.goodbye.show_loans(visit, receipt=wants_receipt
                                    or self.receipt_policy == "always")
            self.stack.setCurrentWidget(self.goodbye)
            self._goodbye_timer.start()

    def _notice(self, source: str, extra: str = "", listing: str = "") -> None:
        """Show one of ui.i18n's messages: in the patron's language during a session; at the
        idle screen, where the patron's language is not known yet, in every language.
        ``listing``: a last line in no language (the books waiting on the pad)."""
        self._notice_shown = (source, extra)
        screen = self.stack.currentWidget()
        if screen is self.patron:
            lines = [message(source)]
            target = self.patron.notice
        else:
            if screen is self.goodbye:
                self.show_idle()
            lines = [self.languages.text(code, "Messages", source)
                     for code in self.languages.codes]
            target = self.idle.notice
        extra = ils_addition(extra, lines)     # the library's words, less what we said
        if extra:
            lines.append(library_says(extra))
        if listing:
            lines.append(listing)
        target.show_text("\n".join(dict.fromkeys(lines)))
        if target is self.patron.notice:
            self.patron.scroll_to_latest()
        self._notice_timer.start()

    def _name_waiting_books(self, items: tuple[PadItem, ...]) -> None:
        """At the idle screen, while it asks for the card because of books on the pad: name
        the books waiting (none left: the request goes). Never on another screen: a pad
        emptied at a session's end must not turn the goodbye screen into the idle one."""
        shown = self._notice_shown
        if (shown is None or shown[0] != PAD_WAITING or self.session_open
                or self.stack.currentWidget() is not self.idle):
            return
        listing = _waiting_books(items)
        if listing:
            self._notice(PAD_WAITING, listing=listing)
        else:
            self._clear_notices()

    def _item_answered(self) -> None:
        """An item's answer takes the last notice away, except the pad's "not working" one
        while it is not working: the patron must not miss why their stack is not read."""
        shown = self._notice_shown
        if self.patron.pad == "down" and shown is not None and shown[0] == PAD_DOWN:
            return
        self.patron.notice.clear_text()

    def _clear_notices(self) -> None:
        self._notice_shown = None
        self.idle.notice.clear_text()
        self.patron.notice.clear_text()

    # -- idle timeout -------------------------------------------------------------------------
    def _touch(self) -> None:
        screen = self.stack.currentWidget()
        if screen in self._session_screens and (self.session_open
                                                or screen is self.card_screen):
            self._countdown.stop()
            self.warning.hide()
            self._idle_timer.start()

    @property
    def _session_screens(self) -> tuple[QWidget, ...]:
        return (self.patron, self.pin_pad, self.loans, self.receipt, self.card_screen,
                self.question)

    @property
    def session_open(self) -> bool:
        return self.session.signed_in or self.session.awaiting_pin or (
            self.desk is not None and self.desk.awaiting_pin)

    def _warn_idle(self) -> None:
        if self.stack.currentWidget() not in self._session_screens:
            return
        self._seconds_left = self.timing.warning_seconds
        self.warning.show_countdown(self._seconds_left)
        self._countdown.start()
        if self.voice is not None:
            self.voice.still_there(self.languages.current)

    def _tick(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left <= 0:
            self._countdown.stop()
            self.warning.hide()
            if self.session.signed_in:
                self.finish(EndReason.IDLE)
            else:                                   # walked away from the PIN pad
                self._cancel_pin()
        else:
            self.warning.show_countdown(self._seconds_left)

    # -- PIN, loans, receipt ------------------------------------------------------------------
    def _pin_entered(self, pin: str) -> None:
        desk = self.desk
        if self.pin_pad.purpose == "mynumber" and desk is not None:
            self._run(lambda: desk.pin(pin))
        else:
            self._run(lambda: self.session.pin(pin))

    def _cancel_pin(self) -> None:
        """Cancel on the PIN pad or the card screen, or nobody there any more: back to idle."""
        self._idle_timer.stop()
        self._countdown.stop()
        self.warning.hide()
        self._run(self.session.cancel_pin)
        if self.desk is not None:
            self._run(self.desk.cancel)
        self.show_idle()

    # -- My Number cards ----------------------------------------------------------------------
    def _open_card_screen(self) -> None:
        self.card_screen.waiting()
        if self.card_reader_problem:              # say so now, not after a wait for nothing
            self.card_screen.show_problem(CARD_PROBLEMS[CardProblem.READER_MISSING])
        self.stack.setCurrentWidget(self.card_screen)
        self._touch()
        if self.card_monitor is not None and self.card_monitor.present:
            self._read_card()                    # it was on the reader already

    @Slot(bool)
    def _card_changed(self, present: bool) -> None:
        desk = self.desk
        if desk is None or self.staff.active or self.staff.out_of_service:
            return
        screen = self.stack.currentWidget()
        if present:
            if not self.session_open and screen in (self.idle, self.card_screen,
                                                    self.goodbye):
                self._read_card()
        elif desk.awaiting_pin and screen is self.pin_pad:
            self._run(desk.cancel)               # taken away while the PIN was being typed
            self.card_screen.show_problem(CARD_PROBLEMS[CardProblem.CARD_REMOVED])
            self.stack.setCurrentWidget(self.card_screen)
            self._touch()

    def _read_card(self) -> None:
        desk = self.desk
        assert desk is not None
        self._goodbye_timer.stop()
        self.card_screen.show_reading()
        self.stack.setCurrentWidget(self.card_screen)
        self._touch()
        self._run(desk.card_placed)

    def _show_my_loans(self) -> None:
        self._touch()
        self._run(self.session.my_loans)

    def _back_to_patron(self) -> None:
        self.stack.setCurrentWidget(self.patron)
        self._touch()

    def _finish_clicked(self) -> None:
        if self.receipt_policy == "ask" and (self.counts.loans or self.counts.renewals) \
                and self.receipts is not None and self.receipts.ready:
            self.stack.setCurrentWidget(self.receipt)
            self._touch()
            return
        self.finish(EndReason.FINISHED)

    def _receipt_chosen(self, wanted: bool) -> None:
        self._wants_receipt = wanted
        self.finish(EndReason.FINISHED)

    def _still_here(self) -> None:
        self._touch()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                            QEvent.Type.KeyPress):
            self._touch()
        return False

    # -- online / offline --------------------------------------------------------------------
    @Slot(str, str)
    def _show_mode(self, mode: str, cause: str) -> None:
        """Offline is the library's problem, never the patron's: say so calmly, and go on."""
        self.mode = mode
        log.warning("kiosk is %s: %s", mode, cause)
        self._retranslate_banner()
        self.offline_banner.setVisible(mode == "offline")

    def _restyle(self) -> None:
        """Larger text and high contrast, for whoever is at the kiosk now (reset at idle)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app, scale=LARGE_TEXT if self.large_text.isChecked() else 1.0,
                        high_contrast=self.contrast.isChecked())
        self._touch()

    def _retranslate_access(self) -> None:
        # Both languages at once: whoever needs larger text may not read the current one.
        self.large_text.setText(self.tr("Larger text") if self.languages.current == "ja"
                                else "文字を大きく / " + self.tr("Larger text"))
        self.contrast.setText(self.tr("High contrast") if self.languages.current == "ja"
                              else "白黒反転 / " + self.tr("High contrast"))

    def _retranslate_banner(self) -> None:
        self.offline_banner.setText(self.tr(
            "Working offline: your loans are recorded here and sent to the library system "
            "later."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_banner()
            self._retranslate_access()
        super().changeEvent(event)

    # -- devices ------------------------------------------------------------------------------
    @Slot(str, str, str)
    def _device_status(self, url: str, state: str, cause: str) -> None:
        self.device_states[url] = (state, cause)
        if self.card_monitor is not None and url == self.card_monitor.url:
            self.card_reader_problem = "" if state == str(DeviceState.CONNECTED) else cause
            if self.card_reader_problem and self.stack.currentWidget() is self.card_screen \
                    and not self.card_screen.reading:
                self.card_screen.show_problem(CARD_PROBLEMS[CardProblem.READER_MISSING])
        if self.pad_reader is not None and url == self.pad_reader.url:
            self._pad_state(state == str(DeviceState.CONNECTED))
        log.info("device %s: %s (%s)", url, state, cause)
        self.device_status.emit(url, state, cause)

    def _pad_state(self, working: bool) -> None:
        """The pad stopped (or started again) working: the patron hears "use the barcode"
        at once when it stops mid-session, and the screens say it while it lasts."""
        was = self.patron.pad
        self.patron.set_pad("up" if working else "down")
        self.idle.set_pad(working)
        if not working and was != "down" and self.stack.currentWidget() is self.patron:
            self._notice(PAD_DOWN)

    # -- receipts and sound, off the GUI thread ---------------------------------------------------
    def _print_receipt(self, card_masked: str, loans: tuple[Loan, ...]) -> None:
        """Aside: a printer that stops answering holds up neither the screen nor the next
        patron (ADR 0002); what it says goes to staff through ``_printer_status``."""
        receipts = self.receipts
        if receipts is None:
            return
        language = self.languages.current
        self.worker.aside(lambda: receipts.print_now(card_masked, loans, language),
                          ignore, ignore, name="receipt")

    def _printer_status(self, status: PrinterStatus) -> None:
        """On the printing thread: the signal takes it to the GUI thread."""
        self.bridge.status.emit(self.kiosk.config.printer_url,
                                str(status.state) if status.ready else "failed", status.cause)

    def _play_in_background(self, job: Callable[[], None]) -> None:
        """Sounds in order on a queue of their own: never behind a patron's scan."""
        self.worker.submit(job, ignore, ignore, queue="voice")

    def _speak(self, event: Event) -> None:
        if self.voice is not None:
            self.voice.on_event(event, self.languages.current,
                                receipt=self.receipt_policy == "always"
                                and self.receipts is not None)

    def shutdown(self) -> None:
        if self.pad_reader is not None:
            self.pad_reader.stop()
        if self.card_monitor is not None:
            self.card_monitor.stop()
        if self._player is not None:
            self._player.stop()
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        for timer in self.findChildren(QTimer):
            timer.stop()
        self.worker.shutdown()


def _waiting_books(items: tuple[PadItem, ...], shown: int = 3) -> str:
    """The books waiting on the pad for a card, in one line in no language: their titles
    where the kiosk knows them, else their numbers; the first ``shown``, then "+N"."""
    names = [item.title or item.item for item in items
             if item.state is PadItemState.WAITING_FOR_CARD and item.item]
    if not names:
        return ""
    line = "　".join(f"・{name}" for name in names[:shown])
    return line + (f"　+{len(names) - shown}" if len(names) > shown else "")

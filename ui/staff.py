"""Staff mode: entered with a staff card or a hidden gesture (a 3-second press on the branch
name) plus the staff PIN; shows the kiosk's status and devices, takes the kiosk out of
service, restarts it. Rules (PIN hash, lockout) live in ``kiosk.staff``.

Nothing here blocks the GUI thread (ADR 0002): the PIN's scrypt and the lock file, the
journal's counts and saving the config go through the window's worker; listing devices (a
stuck pcscd can hang it for good) goes ``aside``, one listing at a time. Each screen says
that it is waiting, and a failure in words. What is shown is kept as data or ``Words`` and
put into words again when the language changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QVBoxLayout,
)

from drivers.discovery import Found, everything
from kiosk.barcodes import Rejection, RejectReason, Scan, classify
from kiosk.staff import StaffLock, StaffSettings, Verdict, status_lines
from ui.i18n import Languages
from ui.screens import (
    Screen,
    _label,
    back_and_go,
    label_column,
    pin_key,
    pin_keys,
    styled_button,
)
from ui.staff_setup import (
    DeviceTests,
    StaffLinkScreen,
    StaffSetupScreen,
    Words,
    device_line,
    found_line,
    nothing,
    save_choices,
)
from ui.worker import cause_of

log = logging.getLogger(__name__)

GESTURE_MS = 3000
RESTART_EXIT_CODE = 75          # systemd's Restart=always starts the kiosk again
STAFF_PIN_MIN, STAFF_PIN_MAX = 4, 12


def _clock(seconds: float) -> str:
    """Time left as m:ss, rounded up: "0:00" only when it is over."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class StaffPinScreen(Screen):
    entered = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._digits = ""
        self._message: Words = nothing
        self.locked_seconds = 0.0         # > 0: wrong PINs locked the pad; time left
        self.checking = False             # the PIN is being checked (off the GUI thread)
        # A locked pad must look off too (the words say why); ui.style has no disabled look.
        self.setStyleSheet("QPushButton:disabled { color: #8a8a8a; border-style: dashed; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 30, 60, 30)
        self.title = _label("Title")
        self.dots = _label("PinDots", wrap=False)
        self.notice = _label("Subtitle")
        for widget in (self.title, self.dots, self.notice):
            layout.addWidget(widget)
        grid, self.keys = pin_keys(self.press)
        self.clear_key, self.back_key = self.keys["clear"], self.keys["back"]
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addLayout(grid)
        holder.addStretch(1)
        layout.addLayout(holder)
        self.cancel, self.ok = back_and_go(layout, self.cancelled.emit, self._submit)
        self.retranslate()

    @property
    def locked(self) -> bool:
        return self.locked_seconds > 0

    def reset(self, message: Words = nothing) -> None:
        self._digits, self._message, self.checking = "", message, False
        self.retranslate()

    def show_checking(self) -> None:
        self.checking = True
        self._message = lambda: self.tr("Checking the PIN…")
        self.retranslate()

    def show_locked(self, seconds: float) -> None:
        """The pad is off while locked; the time left counts down (StaffMode ticks it)."""
        self._digits, self.checking, self.locked_seconds = "", False, seconds
        self._message = lambda: self.tr(
            "Staff mode is locked after wrong PINs. Time left: %1"
        ).replace("%1", _clock(self.locked_seconds))
        self.retranslate()

    def show_wrong(self, tries_left: int) -> None:
        self.reset(lambda: self.tr("Wrong PIN. %1 tries left.").replace("%1", str(tries_left)))

    def show_failed(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self.reset(lambda: self.tr("The PIN could not be checked: %1").replace("%1", cause))

    def unlock(self) -> None:
        self.locked_seconds = 0.0
        self.reset(lambda: self.tr("You can enter the PIN again."))

    def press(self, key: str) -> None:
        if self.locked or self.checking:
            return
        self._digits = pin_key(self._digits, key, STAFF_PIN_MAX)
        self._show_digits()

    def _submit(self) -> None:
        if self.locked or self.checking or len(self._digits) < STAFF_PIN_MIN:
            return
        digits, self._digits = self._digits, ""
        self._show_digits()
        self.entered.emit(digits)

    def _show_digits(self) -> None:
        self.dots.setText("●" * len(self._digits) or "—")
        usable = not (self.locked or self.checking)
        for button in self.keys.values():
            button.setEnabled(usable)
        self.ok.setEnabled(usable and len(self._digits) >= STAFF_PIN_MIN)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff PIN"))
        self.notice.setText(self._message())
        self.clear_key.setText(self.tr("Clear"))
        self.back_key.setText(self.tr("Back"))
        self.cancel.setText(self.tr("Cancel"))
        self.ok.setText(self.tr("OK"))
        self._show_digits()


def scan_words(raw: str, result: Scan | Rejection) -> str:
    """The scan test's verdict in words: what the kiosk would take this barcode for."""
    translate = QCoreApplication.translate
    if isinstance(result, Scan):
        kinds = {
            "card": translate("StaffHomeScreen", "a library card"),
            "item": translate("StaffHomeScreen", "an item (book or other material)"),
            "isbn": translate("StaffHomeScreen", "an ISBN (not the library's item barcode)"),
        }
        verdict = kinds.get(result.kind, result.kind)
    else:
        reasons = {
            RejectReason.EMPTY: translate("StaffHomeScreen", "not usable: nothing was read"),
            RejectReason.GARBAGE: translate(
                "StaffHomeScreen", "not usable: characters no library label carries"),
            RejectReason.TOO_LONG: translate("StaffHomeScreen", "not usable: too long"),
            RejectReason.BAD_CHECK_DIGIT: translate(
                "StaffHomeScreen", "not usable: the check digit is wrong"),
            RejectReason.RETIRED_CARD: translate(
                "StaffHomeScreen", "a library card of a retired series"),
            RejectReason.UNRECOGNISED: translate(
                "StaffHomeScreen", "not a card, item or ISBN this library uses"),
        }
        verdict = reasons.get(result.reason, str(result.reason))
    return translate("StaffHomeScreen", "%1 is read as %2.").replace("%1", raw).replace(
        "%2", verdict)


class StaffHomeScreen(Screen):
    leave = Signal()
    toggle_service = Signal()
    restart = Signal()
    setup = Signal()
    link = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.out_of_service = False
        self.status: dict[str, Any] = {}
        self.devices_found: list[Found] = []
        self.last_scan: Words = nothing
        self._status_note: Words = nothing      # reading, or why it could not be read
        self._devices_note: Words = nothing
        layout, (self.title, self.busy, self.status_label, self.devices_label,
                 self.scan_label) = label_column(self, "Title", "Busy", "Hint", "Hint",
                                                 "Subtitle", staff=True)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.service_button = styled_button("Big", self.toggle_service)
        self.restart_button = styled_button("Big", self.restart)
        self.leave_button = styled_button("Primary", self.leave)
        self.setup_button = styled_button("Big", self.setup)
        self.link_button = styled_button("Big", self.link)
        self.link_button.hide()                   # shown when My Number cards are on
        tools = QHBoxLayout()                      # two rows: they fit a portrait screen
        for button in (self.setup_button, self.link_button):
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)
        for button in (self.service_button, self.restart_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.leave_button)
        layout.addLayout(row)
        self.retranslate()

    # what was asked for, until it comes back from the worker
    def show_status_reading(self) -> None:
        self._status_note = lambda: self.tr("Reading the kiosk's status…")
        self.retranslate()

    def show_status(self, status: dict[str, Any]) -> None:
        self.status, self._status_note = status, nothing
        self.retranslate()

    def show_status_failed(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self._status_note = lambda: self.tr("The kiosk's status could not be read: %1"
                                            ).replace("%1", cause)
        self.retranslate()

    def show_devices_looking(self) -> None:
        self._devices_note = lambda: self.tr("Looking for devices…")
        self.retranslate()

    def show_devices(self, found: list[Found]) -> None:
        self.devices_found, self._devices_note = found, nothing
        self.retranslate()

    def show_devices_failed(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self._devices_note = lambda: self.tr("The devices could not be listed: %1"
                                             ).replace("%1", cause)
        self.retranslate()

    def show_scan(self, raw: str, result: Scan | Rejection) -> None:
        self.last_scan = lambda: scan_words(raw, result)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff mode"))
        notes = [note() for note in (self._status_note, self._devices_note)]
        self.busy.setText("\n".join(n for n in notes if n))
        self.busy.setVisible(bool(self.busy.text()))
        s = self.status
        if s:
            mode = (self.tr("online (answering)") if s.get("mode") == "online"
                    else self.tr("offline (loans are kept here and sent later)"))
            lines = [self.tr("Library system: %1").replace("%1", mode),
                     self.tr("Offline loans waiting: %1").replace(
                         "%1", str(s.get("journal_pending", 0))),
                     self.tr("Offline loans refused: %1").replace(
                         "%1", str(len(s.get("journal_failed", []))))]
            lines += [f"  {row['item']}: {row['reason']}" for row in s.get("journal_failed", [])]
            causes = s.get("device_causes", {})
            lines += [device_line(url, state, causes.get(url, ""))
                      for url, state in s.get("devices", {}).items()]
            self.status_label.setText("\n".join(lines))
        found = "\n".join(found_line(f) for f in self.devices_found) or "—"
        self.devices_label.setText(self.tr("Devices found:") + "\n" + found)
        self.scan_label.setText(self.tr("Scan test: scan any barcode.") + "\n"
                                + self.last_scan())
        self.service_button.setText(self.tr("Back in service") if self.out_of_service
                                    else self.tr("Out of service"))
        self.restart_button.setText(self.tr("Restart the kiosk"))
        self.setup_button.setText(self.tr("Hardware setup"))
        self.link_button.setText(self.tr("Link a My Number card"))
        self.leave_button.setText(self.tr("Leave staff mode"))


class OutOfServiceScreen(Screen):
    """Whoever walks up may read any of the branch's languages: the current one large, the
    others beneath, as the idle screen greets."""

    def __init__(self, languages: Languages) -> None:
        super().__init__()
        self._languages = languages
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = _label("Title")
        self.hint = _label("Subtitle")
        self.others = _label("Hint")
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(30)
        layout.addWidget(self.others)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        title, hint = "Out of service", "Please borrow at the counter."
        self.title.setText(self.tr("Out of service"))
        self.hint.setText(self.tr("Please borrow at the counter."))
        current = self._languages.current or self._languages.codes[0]
        text = self._languages.text
        self.others.setText("\n".join(
            f"{text(code, 'OutOfServiceScreen', title)} — "
            f"{text(code, 'OutOfServiceScreen', hint)}"
            for code in self._languages.codes if code != current))


class StaffMode(QObject):
    """Adds staff mode to a kiosk window."""

    def __init__(self, window: Any, kiosk: Any, *, gesture_ms: int = GESTURE_MS,
                 quit_app: Callable[[int], None] | None = None,
                 discovery_root: Path = Path("/")) -> None:
        super().__init__(window)
        self.window, self.kiosk = window, kiosk
        self.settings: StaffSettings = kiosk.staff
        self.lock: StaffLock = kiosk.staff_lock
        self.quit_app = quit_app or QApplication.exit
        self.discovery_root = discovery_root
        self.active = False
        self.out_of_service = False
        self.found: list[Found] = []             # the last device listing
        self.pad_reader: Any = None              # the RFID pad's poller (ui.rfid_pad)
        self._listing = False                    # one listing at a time: it may hang
        self._status_run = 0                     # a newer refresh makes an older one stale
        self.pin = StaffPinScreen()
        self.home = StaffHomeScreen()
        self.closed = OutOfServiceScreen(window.languages)
        self.setup = StaffSetupScreen()
        self.linking = StaffLinkScreen()
        for screen in (self.pin, self.home, self.closed, self.setup, self.linking):
            window.stack.addWidget(screen)
        self.tests = DeviceTests(self.setup, kiosk, window.worker)
        self.home.setup.connect(self.open_setup)
        self.home.link.connect(self.open_linking)
        self.home.link_button.setVisible(getattr(kiosk, "mynumber", None) is not None)
        for role, button in self.setup.tests.items():
            button.clicked.connect(lambda _=False, r=role: self._test(r))
        self.setup.back.connect(self.back_home)
        self.setup.save.connect(self._save)
        self.linking.back.connect(self.back_home)
        self.linking.link.connect(self._link)
        self.pin.entered.connect(self._pin_entered)
        self.pin.cancelled.connect(self.leave)
        self.home.leave.connect(self.leave)
        self.home.toggle_service.connect(self._toggle_service)
        self.home.restart.connect(lambda: self.quit_app(RESTART_EXIT_CODE))
        self._press = QTimer(self)
        self._press.setSingleShot(True)
        self._press.setInterval(gesture_ms)
        self._press.timeout.connect(self.ask_pin)
        window.branch_label.installEventFilter(self)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(self.settings.idle_seconds * 1000)
        self._idle.timeout.connect(self.leave)
        self._lock_ticks = QTimer(self)
        self._lock_ticks.setInterval(1000)
        self._lock_ticks.timeout.connect(self._show_lock)

    @property
    def worker(self) -> Any:
        return self.window.worker

    # -- entry ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self._press.start()
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._press.stop()
        return False

    def intercept(self, raw: str) -> bool:
        """Called for every scan first: True when staff mode took it."""
        if self.active:
            result = classify(raw, self.kiosk.config.barcodes)
            screen = self.window.stack.currentWidget()
            if screen is self.linking:
                self.linking.scanned(raw)
            elif screen is self.setup:
                self.setup.show_result("scanner", lambda: scan_words(raw, result))
            self.home.show_scan(raw, result)
            self._idle.start()
            return True
        if self.settings.is_staff_card(raw) and not self.window.session.signed_in:
            self.ask_pin()
            return True
        if self.out_of_service:
            self.window.stack.setCurrentWidget(self.closed)
            return True
        return False

    def ask_pin(self) -> None:
        if self.window.session.signed_in:
            return                                     # never over a patron's session
        self.pin.reset()
        self._show_lock()
        self.window.stack.setCurrentWidget(self.pin)
        self._idle.start()

    def _show_lock(self) -> None:
        """While wrong PINs lock staff mode the pad is off and the time left counts down."""
        left = self.lock.locked_for()
        if left > 0:
            self.pin.show_locked(left)
            if not self._lock_ticks.isActive():
                self._lock_ticks.start()
        else:
            self._lock_ticks.stop()
            if self.pin.locked:
                self.pin.unlock()

    def _pin_entered(self, digits: str) -> None:
        if self.lock.locked_for() > 0:
            self._show_lock()
            return
        self.pin.show_checking()
        self._idle.start()
        lock, settings = self.lock, self.settings
        self.worker.submit(lambda: lock.attempt(digits, settings.stored_hash()),
                           self._pin_checked, self._pin_failed)

    def _pin_checked(self, verdict: Verdict) -> None:
        if self.window.stack.currentWidget() is not self.pin or self.window.session.signed_in:
            self.pin.reset()                   # staff walked away meanwhile
            return
        if verdict.ok:
            self.pin.reset()
            self.enter()
        elif verdict.locked_seconds:
            self.pin.reset()
            self._show_lock()
        else:
            self.pin.show_wrong(verdict.tries_left)

    def _pin_failed(self, exc: BaseException) -> None:
        self.pin.show_failed(exc)

    # -- in staff mode -------------------------------------------------------------------------
    def enter(self) -> None:
        self.active = True
        log.info("staff mode entered")
        self.refresh()
        self.window.stack.setCurrentWidget(self.home)
        self._idle.start()

    def refresh(self) -> None:
        """The status page again: the journal's counts on the worker, the devices aside."""
        self.home.out_of_service = self.out_of_service
        self._status_run += 1
        run, kiosk, states = self._status_run, self.kiosk, dict(self.window.device_states)

        def read() -> dict[str, Any]:
            return status_lines(kiosk, states)

        def done(status: dict[str, Any]) -> None:
            if run == self._status_run:
                self.home.show_status(status)

        def failed(exc: BaseException) -> None:
            if run == self._status_run:
                self.home.show_status_failed(exc)

        self.home.show_status_reading()
        self.worker.submit(read, done, failed)
        self._find_devices()

    def _find_devices(self) -> None:
        self.home.show_devices_looking()
        self.setup.show_looking()
        if self._listing:
            return                           # the one running answers for both
        self._listing = True
        root = self.discovery_root
        self.worker.aside(lambda: everything(root), self._devices_found, self._devices_failed,
                          name="staff-devices")

    def _devices_found(self, found: list[Found]) -> None:
        self._listing = False
        self.found = found
        self.home.show_devices(found)
        self.setup.offer(found)
        self.setup.show_searching(nothing)

    def _devices_failed(self, exc: BaseException) -> None:
        self._listing = False
        self.home.show_devices_failed(exc)
        self.setup.show_devices_failed(exc)

    def _toggle_service(self) -> None:
        self.out_of_service = not self.out_of_service
        log.warning("kiosk %s by staff", "out of service" if self.out_of_service
                    else "back in service")
        self.home.out_of_service = self.out_of_service
        self.home.retranslate()
        self._idle.start()

    def open_setup(self) -> None:
        config = self.kiosk.config
        scanners = list(config.scanners)
        current = {"scanner": next((u for u in scanners if not u.startswith("camera:")), ""),
                   "camera": next((u for u in scanners if u.startswith("camera:")), ""),
                   "printer": config.printer_url,
                   "card reader": str((config.mynumber or {}).get("reader", ""))}
        self.setup.fill(self.found, current)
        self._show_pad()
        self._find_devices()
        self.window.stack.setCurrentWidget(self.setup)
        self._idle.start()

    def attach_pad(self, reader: Any) -> None:
        """The window's RFID pad poller (ui.rfid_pad.PadReader): its tags and state fill
        the setup screen's live list while it is shown."""
        self.pad_reader = reader
        reader.changed.connect(self._pad_round)
        reader.status.connect(self._pad_status)

    def _pad_round(self, result: Any) -> None:
        if self.window.stack.currentWidget() is self.setup:
            self.setup.show_pad_tags(result.on_pad, self.kiosk.rfid.owner)

    def _pad_status(self, url: str, state: str, cause: str) -> None:
        self.setup.show_pad(url, state, cause)

    def _show_pad(self) -> None:
        reader = self.pad_reader
        if reader is not None:
            self.setup.show_pad(reader.url, reader.state, reader.cause)
            self.setup.show_pad_tags(reader.on_pad, self.kiosk.rfid.owner)
            return
        url = self.kiosk.config.rfid.reader
        state, cause = self.window.device_states.get(url, ("", ""))
        self.setup.show_pad(url, state, cause)

    def open_linking(self) -> None:
        self.linking.reset()
        self.window.stack.setCurrentWidget(self.linking)
        self._idle.start()

    def back_home(self) -> None:
        self.tests.stop()
        self.refresh()
        self.window.stack.setCurrentWidget(self.home)
        self._idle.start()

    def _test(self, role: str) -> None:
        self._idle.start()
        self.tests.run(role)

    def _save(self) -> None:
        self._idle.start()
        self.tests.stop()
        choices = {role: self.setup.chosen(role) for role in self.setup.choices}
        source = self.kiosk.config.source
        self.setup.show_saving()
        self.worker.submit(lambda: save_choices(choices, source), self.setup.show_saved,
                           self.setup.show_save_failed)

    def _link(self, card: str) -> None:
        desk = self.kiosk.mynumber
        self._idle.start()
        if desk is None or not card:
            return
        self.linking.show_reading()
        self.worker.submit(lambda: desk.link(card), self.linking.show_events,
                           self.linking.show_error)

    def leave(self) -> None:
        self.tests.stop()
        self.active = False
        self._idle.stop()
        self._lock_ticks.stop()
        if self.out_of_service:
            self.window.stack.setCurrentWidget(self.closed)
        else:
            self.window.show_idle()

"""Staff mode: entered with a staff card or a hidden gesture (a 3-second press on the branch
name) plus the staff PIN; shows the kiosk's status and devices, takes the kiosk out of
service, restarts it. Rules (PIN hash, lockout) live in ``kiosk.staff``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from drivers.discovery import everything
from kiosk.barcodes import classify
from kiosk.staff import StaffLock, StaffSettings, status_lines
from ui.screens import Screen, _label, back_and_go
from ui.staff_setup import DeviceTests, StaffLinkScreen, StaffSetupScreen, save_choices

log = logging.getLogger(__name__)

GESTURE_MS = 3000
RESTART_EXIT_CODE = 75          # systemd's Restart=always starts the kiosk again


class StaffPinScreen(Screen):
    entered = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._digits = ""
        self.message = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 30, 60, 30)
        self.title = _label("Title")
        self.dots = _label("PinDots", wrap=False)
        self.notice = _label("Subtitle")
        for widget in (self.title, self.dots, self.notice):
            layout.addWidget(widget)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for n, key in enumerate("1234567890"):
            button = QPushButton(key)
            button.setObjectName("PinKey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, n // 3 if key != "0" else 3, n % 3 if key != "0" else 1)
            self.keys[key] = button
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addLayout(grid)
        holder.addStretch(1)
        layout.addLayout(holder)
        self.cancel, self.ok = back_and_go(layout, self.cancelled.emit, self._submit)
        self.retranslate()

    def reset(self, message: str = "") -> None:
        self._digits, self.message = "", message
        self.retranslate()

    def press(self, key: str) -> None:
        if len(self._digits) < 12:
            self._digits += key
        self.dots.setText("●" * len(self._digits) or "—")

    def _submit(self) -> None:
        digits, self._digits = self._digits, ""
        self.dots.setText("—")
        self.entered.emit(digits)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff PIN"))
        self.notice.setText(self.message)
        self.cancel.setText(self.tr("Cancel"))
        self.ok.setText(self.tr("OK"))
        self.dots.setText("●" * len(self._digits) or "—")


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
        self.devices_found: list[str] = []
        self.last_scan = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        self.title = _label("Title", align=Qt.AlignmentFlag.AlignLeft)
        self.status_label = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        self.devices_label = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        self.scan_label = _label("Subtitle", align=Qt.AlignmentFlag.AlignLeft)
        for widget in (self.title, self.status_label, self.devices_label, self.scan_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.service_button = QPushButton()
        self.service_button.setObjectName("Big")
        self.service_button.clicked.connect(self.toggle_service)
        self.restart_button = QPushButton()
        self.restart_button.setObjectName("Big")
        self.restart_button.clicked.connect(self.restart)
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("Primary")
        self.leave_button.clicked.connect(self.leave)
        self.setup_button = QPushButton()
        self.setup_button.setObjectName("Big")
        self.setup_button.clicked.connect(self.setup)
        self.link_button = QPushButton()
        self.link_button.setObjectName("Big")
        self.link_button.clicked.connect(self.link)
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

    def show_status(self, status: dict[str, Any], devices_found: list[str]) -> None:
        self.status, self.devices_found = status, devices_found
        self.retranslate()

    def show_scan(self, raw: str, verdict: str) -> None:
        self.last_scan = f"{raw!r} → {verdict}"
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff mode"))
        s = self.status
        if s:
            lines = [self.tr("Library system: %1").replace("%1", s.get("mode", "?")),
                     self.tr("Offline loans waiting: %1").replace(
                         "%1", str(s.get("journal_pending", 0))),
                     self.tr("Offline loans refused: %1").replace(
                         "%1", str(len(s.get("journal_failed", []))))]
            lines += [f"  {row['item']}: {row['reason']}" for row in s.get("journal_failed", [])]
            lines += [f"{url}: {state} — {s['device_causes'].get(url, '')}"
                      for url, state in s.get("devices", {}).items()]
            self.status_label.setText("\n".join(lines))
        found = "\n".join(self.devices_found) or "—"
        self.devices_label.setText(self.tr("Devices found:") + "\n" + found)
        self.scan_label.setText(self.tr("Scan test: scan any barcode.") + "\n" + self.last_scan)
        self.service_button.setText(self.tr("Back in service") if self.out_of_service
                                    else self.tr("Out of service"))
        self.restart_button.setText(self.tr("Restart the kiosk"))
        self.setup_button.setText(self.tr("Hardware setup"))
        self.link_button.setText(self.tr("Link a My Number card"))
        self.leave_button.setText(self.tr("Leave staff mode"))


class OutOfServiceScreen(Screen):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = _label("Title")
        self.hint = _label("Subtitle")
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        # Both languages at once: whoever walks up may read either.
        self.title.setText("ただいま休止中です\nOut of service")
        self.hint.setText("貸出はカウンターでどうぞ。\nPlease borrow at the counter.")


class StaffMode(QObject):
    """Adds staff mode to a kiosk window."""

    def __init__(self, window: Any, kiosk: Any, settings: StaffSettings, lock_path: Path, *,
                 quit_app: Callable[[int], None] | None = None,
                 discovery_root: Path = Path("/")) -> None:
        super().__init__(window)
        self.window, self.kiosk, self.settings = window, kiosk, settings
        self.lock = StaffLock(lock_path)
        self.quit_app = quit_app or QApplication.exit
        self.discovery_root = discovery_root
        self.active = False
        self.out_of_service = False
        self.pin = StaffPinScreen()
        self.home = StaffHomeScreen()
        self.closed = OutOfServiceScreen()
        self.setup = StaffSetupScreen()
        self.linking = StaffLinkScreen()
        for screen in (self.pin, self.home, self.closed, self.setup, self.linking):
            window.stack.addWidget(screen)
        self.tests = DeviceTests(self.setup, kiosk)
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
        self._press.setInterval(GESTURE_MS)
        self._press.timeout.connect(self.ask_pin)
        window.branch_label.installEventFilter(self)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(settings.idle_seconds * 1000)
        self._idle.timeout.connect(self.leave)

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
            verdict = getattr(result, "kind", None) or str(getattr(result, "reason", ""))
            screen = self.window.stack.currentWidget()
            if screen is self.linking:
                self.linking.scanned(raw)
            elif screen is self.setup:
                self.setup.show_result("scanner", f"{raw!r} → {verdict}")
            self.home.show_scan(raw, verdict)
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
        waiting = self.lock.locked_for()
        self.pin.reset(self._locked_text(waiting) if waiting else "")
        self.window.stack.setCurrentWidget(self.pin)
        self._idle.start()

    def _locked_text(self, seconds: float) -> str:
        return self.tr("Staff mode is locked after wrong PINs. Try again in %1 minutes."
                       ).replace("%1", str(max(1, round(seconds / 60))))

    def _pin_entered(self, digits: str) -> None:
        verdict = self.lock.attempt(digits, self.settings.stored_hash())
        if verdict.ok:
            self.enter()
        elif verdict.locked_seconds:
            self.pin.reset(self._locked_text(verdict.locked_seconds))
        else:
            self.pin.reset(self.tr("Wrong PIN. %1 tries left.").replace(
                "%1", str(verdict.tries_left)))

    # -- in staff mode -------------------------------------------------------------------------
    def enter(self) -> None:
        self.active = True
        log.info("staff mode entered")
        self.refresh()
        self.window.stack.setCurrentWidget(self.home)
        self._idle.start()

    def refresh(self) -> None:
        status = status_lines(self.kiosk, self.window.device_states)
        found = [f"{f.kind}: {f.name}  {f.url}" for f in everything(self.discovery_root)]
        self.home.out_of_service = self.out_of_service
        self.home.show_status(status, found)

    def _toggle_service(self) -> None:
        self.out_of_service = not self.out_of_service
        log.warning("kiosk %s by staff", "out of service" if self.out_of_service
                    else "back in service")
        self.refresh()
        self._idle.start()

    def open_setup(self) -> None:
        config = self.kiosk.config
        scanners = list(config.scanners)
        current = {"scanner": next((u for u in scanners if not u.startswith("camera:")), ""),
                   "camera": next((u for u in scanners if u.startswith("camera:")), ""),
                   "printer": config.printer_url,
                   "card reader": str((config.mynumber or {}).get("reader", ""))}
        self.setup.fill(everything(self.discovery_root), current)
        self.window.stack.setCurrentWidget(self.setup)
        self._idle.start()

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
        self.setup.saved.setText(save_choices(self.setup, self.kiosk.config.source))

    def _link(self, card: str) -> None:
        desk = self.kiosk.mynumber
        self._idle.start()
        if desk is None or not card:
            return
        self.linking.result = self.tr("Reading the card…")
        self.linking.retranslate()
        self.window.worker.submit(lambda: desk.link(card), self.linking.show_events,
                                  lambda exc: self.linking.show_error(str(exc)))

    def leave(self) -> None:
        self.tests.stop()
        self.active = False
        self._idle.stop()
        if self.out_of_service:
            self.window.stack.setCurrentWidget(self.closed)
        else:
            self.window.show_idle()


def make_staff_mode(window: Any, kiosk: Any, state_dir: Path) -> StaffMode:
    settings = StaffSettings.from_mapping(getattr(kiosk.config, "staff", {}) or {})
    return StaffMode(window, kiosk, settings, state_dir / "staff-lock.json")


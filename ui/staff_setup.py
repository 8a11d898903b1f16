"""Staff mode's hardware setup and My Number linking.

Setup: for the scanner, camera, card reader and printer, pick what ``kiosk devices`` finds (or
type a device URL), test it live — a scanner's scans, a camera preview with the decoded codes
drawn on it, a card read, a test page — and save the choices into the branch config
(validated; kiosk.config_edit). Linking: scan the patron's library card, have them place the
My Number card, press Link (kiosk.mynumber.MyNumberDesk.link). Slow work (opening devices,
reading cards, printing) runs off the GUI thread; results come back as queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from drivers.discovery import Found
from drivers.ports import DeviceState, Scan, Scanner
from kiosk.barcodes import mask
from kiosk.events import CardLinked, CardRefused, Event, ScanRejected
from ui.i18n import CARD_PROBLEMS, message
from ui.screens import Screen, _label, back_and_go

log = logging.getLogger(__name__)

ROLES = ("scanner", "camera", "card reader", "printer")
NONE = ""


class _Results(QObject):
    """Results of background tests, back on the GUI thread."""

    line = Signal(str, str)                 # role, text
    frame = Signal(QImage)


class CameraPreview(QLabel):
    """The camera's newest frame with what was decoded drawn on it (green outlines)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(320, 180)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frames = 0

    def show_frame(self, image: QImage) -> None:
        self.frames += 1
        self.setPixmap(QPixmap.fromImage(image).scaled(
            self.width(), self.height(), Qt.AspectRatioMode.KeepAspectRatio))


def frame_image(frame: np.ndarray, polygons: list[tuple[tuple[int, int], ...]]) -> QImage:
    """A BGR (or grey) OpenCV frame as a QImage, decoded codes outlined."""
    if frame.ndim == 2:
        frame = np.repeat(frame[:, :, None], 3, axis=2)
    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    height, width, _ = rgb.shape
    image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
    if polygons:
        painter = QPainter(image)
        painter.setPen(QPen(QColor("#00e000"), max(3, width // 200)))
        for polygon in polygons:
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in polygon]))
        painter.end()
    return image


class StaffSetupScreen(Screen):
    back = Signal()
    save = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.results = _Results()
        self.results.line.connect(self.show_result)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        self.title = _label("Title", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        grid = QGridLayout()
        self.names: dict[str, QLabel] = {}
        self.choices: dict[str, QComboBox] = {}
        self.tests: dict[str, QPushButton] = {}
        self.outcomes: dict[str, QLabel] = {}
        for row, role in enumerate(ROLES):
            self.names[role] = name = QLabel()
            self.choices[role] = choice = QComboBox()
            choice.setEditable(True)            # a URL the discovery did not find, typed
            choice.setMinimumWidth(200)
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            choice.setMinimumContentsLength(16)
            self.tests[role] = test = QPushButton()
            self.outcomes[role] = outcome = QLabel()
            outcome.setWordWrap(True)
            grid.addWidget(name, 2 * row, 0)
            grid.addWidget(choice, 2 * row, 1)
            grid.setColumnStretch(1, 1)
            grid.addWidget(test, 2 * row, 2)
            grid.addWidget(outcome, 2 * row + 1, 1, 1, 2)
        layout.addLayout(grid)
        self.preview = CameraPreview()
        self.results.frame.connect(self.preview.show_frame)
        layout.addWidget(self.preview, 1)
        self.saved = _label("Subtitle", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        self.back_button, self.save_button = back_and_go(layout, self.back.emit,
                                                         self.save.emit)
        self.retranslate()

    def fill(self, found: list[Found], current: dict[str, str]) -> None:
        """Each role's choices: what is configured now first, then what was found."""
        kinds = {"scanner": ("scanner (serial)", "scanner (keyboard)"), "camera": ("camera",),
                 "card reader": ("card reader",), "printer": ("printer",)}
        for role, choice in self.choices.items():
            choice.clear()
            urls = [current.get(role, NONE)]
            urls += [f.url for f in found if f.kind in kinds[role] and f.url]
            names = {f.url: f.name for f in found}
            for url in dict.fromkeys([*urls, NONE]):
                label = self.tr("(none)") if url == NONE else (
                    f"{names[url]} — {url}" if url in names else url)
                choice.addItem(label, url)
            choice.setCurrentIndex(0)
            self.outcomes[role].clear()
        self.saved.clear()

    def chosen(self, role: str) -> str:
        choice = self.choices[role]
        data = choice.currentData()
        text = choice.currentText().strip()
        if choice.currentIndex() >= 0 and text == choice.itemText(choice.currentIndex()):
            return str(data or "")
        return text                                     # typed by staff

    def show_result(self, role: str, text: str) -> None:
        self.outcomes[role].setText(text)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Hardware setup"))
        words = {"scanner": self.tr("Barcode scanner"), "camera": self.tr("Camera"),
                 "card reader": self.tr("Card reader"), "printer": self.tr("Receipt printer")}
        tests = {"scanner": self.tr("Test scans"), "camera": self.tr("Preview"),
                 "card reader": self.tr("Read a card"), "printer": self.tr("Test page")}
        for role in ROLES:
            self.names[role].setText(words[role])
            self.tests[role].setText(tests[role])
        self.back_button.setText(self.tr("Back"))
        self.save_button.setText(self.tr("Save to the branch config"))


class StaffLinkScreen(Screen):
    """Staff link a patron's My Number card to their library card."""

    back = Signal()
    link = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.card = ""
        self.result = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        self.title = _label("Title", align=Qt.AlignmentFlag.AlignLeft)
        self.step1 = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        self.card_label = _label("Subtitle", align=Qt.AlignmentFlag.AlignLeft)
        self.step2 = _label("Hint", align=Qt.AlignmentFlag.AlignLeft)
        self.result_label = _label("Subtitle", align=Qt.AlignmentFlag.AlignLeft)
        for widget in (self.title, self.step1, self.card_label, self.step2, self.result_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.back_button, self.link_button = back_and_go(
            layout, self.back.emit, lambda: self.link.emit(self.card))
        self.reset()

    def reset(self) -> None:
        self.card, self.result = "", ""
        self.retranslate()

    def scanned(self, raw: str) -> None:
        self.card, self.result = raw, ""
        self.retranslate()

    def show_events(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, CardLinked):
                self.result = self.tr("Linked to library card %1. The certificate is valid "
                                      "until %2.").replace("%1", event.card_masked).replace(
                                          "%2", f"{event.not_after:%Y-%m-%d}")
                self.card = ""
            elif isinstance(event, CardRefused):
                self.result = f"{message(CARD_PROBLEMS[event.reason])} ({event.reason})"
            elif isinstance(event, ScanRejected):
                self.result = self.tr("That is not a library card number. Scan the patron's "
                                      "library card.")
        self.retranslate()

    def show_error(self, cause: str) -> None:
        self.result = cause
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Link a My Number card"))
        self.step1.setText(self.tr("1. Scan the patron's library card."))
        self.card_label.setText(self.tr("Library card: %1").replace(
            "%1", mask(self.card) if self.card else "—"))
        self.step2.setText(self.tr("2. The patron places the My Number card on the reader; "
                                   "press Link. Only the certificate's link key is kept."))
        self.result_label.setText(self.result)
        self.back_button.setText(self.tr("Back"))
        self.link_button.setText(self.tr("Link"))
        self.link_button.setEnabled(bool(self.card))


# -- live tests, off the GUI thread ----------------------------------------------------------
class DeviceTests:
    """Runs the setup screen's tests; at most one live device (scanner or camera) at a time."""

    def __init__(self, screen: StaffSetupScreen, kiosk: Any) -> None:
        self.screen, self.kiosk = screen, kiosk
        self.live: Scanner | None = None

    def stop(self) -> None:
        live, self.live = self.live, None
        if live is not None:
            threading.Thread(target=live.stop, name="setup-stop", daemon=True).start()

    def run(self, role: str) -> None:
        url = self.screen.chosen(role)
        say = self.screen.results.line.emit
        if not url:
            say(role, QCoreApplication.translate("StaffSetupScreen", "Nothing chosen."))
            return
        self.stop()
        if role in ("scanner", "camera"):
            self._live(role, url)
        elif role == "card reader":
            self._background(role, lambda: self._read_card(url))
        else:
            self._background(role, lambda: self._test_page(url))

    def _background(self, role: str, job: Callable[[], str]) -> None:
        say = self.screen.results.line.emit
        say(role, "…")

        def run() -> None:
            try:
                say(role, job())
            except Exception as exc:            # any driver failure is a line for staff
                log.warning("setup test %s failed: %s", role, exc)
                say(role, f"{type(exc).__name__}: {exc}")

        threading.Thread(target=run, name=f"setup-{role}", daemon=True).start()

    def _live(self, role: str, url: str) -> None:
        from drivers.registry import open_scanner
        say = self.screen.results.line.emit
        try:
            scanner = open_scanner(url)
        except (ValueError, OSError) as exc:
            say(role, str(exc))
            return
        if role == "camera" and hasattr(scanner, "on_frame"):
            frame_signal = self.screen.results.frame
            scanner.on_frame = lambda frame, polygons: frame_signal.emit(
                frame_image(frame, polygons))

        def on_scan(scan: Scan) -> None:
            say(role, QCoreApplication.translate("StaffSetupScreen", "Read: %1").replace(
                "%1", scan.text))

        def on_status(state: DeviceState, cause: str) -> None:
            say(role, f"{state}: {cause}")

        say(role, QCoreApplication.translate(
            "StaffSetupScreen", "Listening: scan a barcode (or hold one up to the camera)."))
        try:
            scanner.start(on_scan, on_status)
        except (ValueError, OSError, RuntimeError) as exc:
            say(role, str(exc))
            return
        self.live = scanner

    def _read_card(self, url: str) -> str:
        """The reader first, in staff words (which reader is there, is pcscd running); then,
        when My Number cards are on, the card itself as the kiosk would read it."""
        from drivers.pcsc import CardReader, ReaderUnavailable
        from kiosk.mynumber import MyNumberError
        reader = CardReader(url)
        try:
            reader.connect()
        except ReaderUnavailable as exc:
            return str(exc)
        desk = self.kiosk.mynumber
        if desk is None:
            reader.disconnect()
            return QCoreApplication.translate("StaffSetupScreen",
                                              "Card reader works: a card is on it.")
        try:
            read = desk.read(reader)
        except MyNumberError as exc:
            return f"{message(CARD_PROBLEMS[exc.problem])} ({exc.problem})"
        finally:
            reader.disconnect()
        return QCoreApplication.translate(
            "StaffSetupScreen", "My Number card read. Certificate valid until %1."
        ).replace("%1", f"{read.not_after:%Y-%m-%d}")

    def _test_page(self, url: str) -> str:
        from drivers.printer import open_printer
        from kiosk.receipt import sample_page
        printer = open_printer(url)
        status = printer.status()
        if not status.ready:
            return f"{status.state}: {status.cause}"
        printer.send(sample_page(self.kiosk.config.branch_name, url))
        return QCoreApplication.translate(
            "StaffSetupScreen", "Test page sent. Check the printout.")


def save_choices(screen: StaffSetupScreen, config_source: str) -> str:
    """Save the chosen devices; the line to show staff."""
    from kiosk.config import ConfigError
    from kiosk.config_edit import save_devices
    path = Path(config_source)
    if not path.is_file():
        return QCoreApplication.translate(
            "StaffSetupScreen", "This kiosk runs on the embedded demo defaults: there is no "
            "branch config file to save to.")
    scanners = [u for u in (screen.chosen("scanner"), screen.chosen("camera")) if u]
    try:
        save_devices(path, scanners=scanners, printer=screen.chosen("printer"),
                     card_reader=screen.chosen("card reader") or None)
    except ConfigError as exc:
        return QCoreApplication.translate("StaffSetupScreen", "Not saved: %1").replace(
            "%1", str(exc))
    log.warning("staff saved the device setup to %s", path)
    return QCoreApplication.translate(
        "StaffSetupScreen", "Saved to %1. Restart the kiosk to use the new devices."
    ).replace("%1", str(path))

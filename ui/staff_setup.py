"""Staff mode's hardware setup and My Number linking.

Setup: for the scanner, camera, card reader and printer, pick what ``kiosk devices`` finds (or
type a device URL), test it live — a scanner's scans, a camera preview with the decoded codes
drawn on it, a card read, a test page — and save the choices into the branch config. The
RFID pad (``[rfid] reader``) is shown with a live list of the tags on it (UID, item, ok or
its problem), from the window's own polling of the pad, which runs off the GUI thread
(validated; kiosk.config_edit). Linking: scan the patron's library card, have them place the
My Number card, press Link (kiosk.mynumber.MyNumberDesk.link). Slow work (listing devices,
reading cards, printing, saving) runs off the GUI thread through ``ui.worker``.

Every line for staff is kept as ``Words``, a function giving it in the current language, so
that a result already shown changes language with the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
)

from drivers.discovery import Found
from drivers.ports import DeviceState, Scan, Scanner
from kiosk.barcodes import mask
from kiosk.events import CardLinked, CardRefused, Event, ScanRejected
from kiosk.rfid import isil_key
from kiosk.rfid_station import TagReport
from ui.i18n import CARD_PROBLEMS, message
from ui.screens import Screen, _label, back_and_go, label_column
from ui.worker import Worker, cause_of, ignore

log = logging.getLogger(__name__)

ROLES = ("scanner", "camera", "card reader", "printer")
NONE = ""
CONTEXT = "StaffSetupScreen"

Words = Callable[[], str]


def _tr(source: str) -> str:
    """For sources marked where they are written (``QT_TRANSLATE_NOOP(CONTEXT, …)``)."""
    return QCoreApplication.translate(CONTEXT, source)


def nothing() -> str:
    return ""


def state_words(state: str) -> str:
    """A device's state as staff say it, in the current language."""
    words = {
        str(DeviceState.CONNECTED): QCoreApplication.translate("StaffSetupScreen",
                                                               "Connected"),
        str(DeviceState.DISCONNECTED): QCoreApplication.translate(
            "StaffSetupScreen", "Not connected (the kiosk keeps trying)"),
        str(DeviceState.FAILED): QCoreApplication.translate(
            "StaffSetupScreen", "Not working: the settings need fixing"),
    }
    return words.get(str(state), str(state))


def kind_words(kind: str) -> str:
    """What ``kiosk devices`` calls a kind of device, in the current language."""
    words = {
        "scanner (serial)": QCoreApplication.translate("StaffSetupScreen",
                                                       "Barcode scanner (serial)"),
        "scanner (keyboard)": QCoreApplication.translate("StaffSetupScreen",
                                                         "Barcode scanner (keyboard)"),
        "camera": QCoreApplication.translate("StaffSetupScreen", "Camera"),
        "card reader": QCoreApplication.translate("StaffSetupScreen", "Card reader"),
        "printer": QCoreApplication.translate("StaffSetupScreen", "Receipt printer"),
    }
    return words.get(kind, kind)


def device_line(url: str, state: str, cause: str) -> str:
    """One configured device for staff: where, its state in words, and the driver's own
    detail when something is wrong (it names the port, the errno, the missing service)."""
    line = f"{url}: {state_words(state)}"
    if state != str(DeviceState.CONNECTED) and cause:
        line += "\n    " + QCoreApplication.translate("StaffSetupScreen", "Detail: %1").replace(
            "%1", cause)
    return line


def found_line(found: Found) -> str:
    """One device ``kiosk devices`` found; a card reader service that is not there, in words."""
    if found.kind == "card reader" and not found.url:
        return QCoreApplication.translate(
            "StaffSetupScreen", "Card reader: the PC/SC service (pcscd) is not available. "
            "Detail: %1").replace("%1", found.detail)
    return f"{kind_words(found.kind)}: {found.name}  {found.url}"


def failure_words(exc: BaseException) -> Words:
    """A failed test or save in plain words, the cause after them."""
    from drivers.cards.pcsc import ReaderUnavailable
    cause = cause_of(exc)
    if isinstance(exc, ValueError):
        source = QT_TRANSLATE_NOOP("StaffSetupScreen",
                                   "The kiosk cannot use this device address: %1")
    elif isinstance(exc, ReaderUnavailable):
        source = QT_TRANSLATE_NOOP("StaffSetupScreen", "The card reader is not available: %1")
    elif isinstance(exc, OSError):
        source = QT_TRANSLATE_NOOP("StaffSetupScreen", "The device did not answer: %1")
    else:
        source = QT_TRANSLATE_NOOP("StaffSetupScreen", "The test did not work: %1")
    return lambda: _tr(str(source)).replace("%1", cause)


class _Results(QObject):
    """Results of live tests from the drivers' threads, back on the GUI thread."""

    line = Signal(str, object)              # role, Words
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
        self._said: dict[str, Words] = {}
        self._saved: Words = nothing
        self._searching: Words = nothing
        layout, (self.title, self.searching) = label_column(self, "Title", "Hint", staff=True)
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
        self.pad_name = QLabel()
        self.pad_state = QLabel()
        self.pad_state.setWordWrap(True)
        self.pad_tags = QLabel()
        self.pad_tags.setObjectName("PadTags")
        self.pad_tags.setWordWrap(True)
        self.pad_tags.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pad = QGridLayout()
        pad.addWidget(self.pad_name, 0, 0)
        pad.addWidget(self.pad_state, 0, 1)
        pad.setColumnStretch(1, 1)
        pad.addWidget(self.pad_tags, 1, 1)
        layout.addLayout(pad)
        self._pad_said: Words = nothing
        self._pad_tags: tuple[TagReport, ...] = ()
        self._own_isil = ""
        self.preview = CameraPreview()
        self.results.frame.connect(self.preview.show_frame)
        layout.addWidget(self.preview, 1)
        self.saved = _label("Subtitle", align=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved)
        self.back_button, self.save_button = back_and_go(layout, self.back.emit,
                                                         self.save.emit)
        self.retranslate()

    def fill(self, found: list[Found], current: Mapping[str, str]) -> None:
        """Each role's choices: what is configured now first, then what was found."""
        for role, choice in self.choices.items():
            choice.clear()
            for url in dict.fromkeys([current.get(role, NONE), NONE]):
                choice.addItem(url, url)
            choice.setCurrentIndex(0)
            self._said.pop(role, None)
        self._saved = nothing
        self.offer(found)

    def offer(self, found: list[Found]) -> None:
        """Add what ``kiosk devices`` found, before "(none)"; what staff chose or typed stays."""
        kinds = {"scanner": ("scanner (serial)", "scanner (keyboard)"), "camera": ("camera",),
                 "card reader": ("card reader",), "printer": ("printer",)}
        for role, choice in self.choices.items():
            typed = choice.currentText()
            for f in found:
                if f.kind in kinds[role] and f.url and choice.findData(f.url) < 0:
                    choice.insertItem(choice.count() - 1, f"{f.name} — {f.url}", f.url)
            if choice.currentText() != typed:
                choice.setEditText(typed)
        self.retranslate()

    def show_searching(self, words: Words) -> None:
        self._searching = words
        self.retranslate()

    def show_looking(self) -> None:
        self.show_searching(lambda: self.tr("Looking for devices…"))

    def show_devices_failed(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self.show_searching(lambda: self.tr("The devices could not be listed: %1").replace(
            "%1", cause))

    def show_saving(self) -> None:
        self.show_saved(lambda: self.tr("Saving…"))

    def show_save_failed(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self.show_saved(lambda: self.tr("Not saved: %1").replace("%1", cause))

    def show_saved(self, words: Words) -> None:
        self._saved = words
        self.retranslate()

    def chosen(self, role: str) -> str:
        choice = self.choices[role]
        data = choice.currentData()
        text = choice.currentText().strip()
        if choice.currentIndex() >= 0 and text == choice.itemText(choice.currentIndex()):
            return str(data or "")
        return text                                     # typed by staff

    def show_pad(self, url: str, state: str, cause: str) -> None:
        """The RFID pad's URL and state (its cause when not connected)."""
        if not url:
            self._pad_said = lambda: self.tr("None configured ([rfid] reader in the branch "
                                             "config).")
        else:
            self._pad_said = lambda: device_line(url, state, cause)
        self.retranslate()

    def show_pad_tags(self, tags: tuple[TagReport, ...], own_isil: str = "") -> None:
        """The tags on the pad now, one line each: UID, item (part of parts), ok or why not
        (another library's, when its owner is not ``own_isil``)."""
        self._own_isil = own_isil
        if tags != self._pad_tags:
            self._pad_tags = tags
            self.pad_tags.setText(self._tag_lines())

    def _tag_lines(self) -> str:
        if not self._pad_tags:
            return self.tr("No tag on the pad.")
        lines = []
        for report in self._pad_tags:
            reading, content = report.reading, report.reading.content
            item = "—"
            if content is not None:
                item = content.item + (f" ({content.part}/{content.parts})"
                                       if content.parts > 1 else "")
                if content.owner:
                    item += f" [{content.owner}]"
            said = self.tr("ok") if reading.ok else f"{reading.problem}: {reading.detail}"
            if reading.ok and content is not None and content.owner and self._own_isil \
                    and isil_key(content.owner) != isil_key(self._own_isil):
                said = self.tr("another library's item (this library is %1)").replace(
                    "%1", self._own_isil)
            security = f" AFI {report.afi:02X}" if report.afi is not None else ""
            lines.append(f"{report.uid}  {item}  {said}{security}")
        return "\n".join(lines)

    def show_result(self, role: str, words: Words | str) -> None:
        self._said[role] = words if callable(words) else (lambda: words)
        self.outcomes[role].setText(self._said[role]())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Hardware setup"))
        self.searching.setText(self._searching())
        self.searching.setVisible(bool(self.searching.text()))
        for role, choice in self.choices.items():
            none = choice.findData(NONE)
            if none >= 0:
                typed = choice.currentText() if choice.currentIndex() != none else None
                choice.setItemText(none, self.tr("(none)"))
                if typed is not None and choice.currentText() != typed:
                    choice.setEditText(typed)
            self.outcomes[role].setText(self._said.get(role, nothing)())
        self.saved.setText(self._saved())
        self.pad_name.setText(self.tr("RFID pad"))
        self.pad_state.setText(self._pad_said())
        self.pad_tags.setText(self._tag_lines() if self._pad_said is not nothing else "")
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
        self.result: Words = nothing
        layout, (self.title, self.step1, self.card_label, self.step2, self.result_label) = (
            label_column(self, "Title", "Hint", "Subtitle", "Hint", "Subtitle", staff=True))
        layout.addStretch(1)
        self.back_button, self.link_button = back_and_go(
            layout, self.back.emit, lambda: self.link.emit(self.card))
        self.reset()

    def reset(self) -> None:
        self.card, self.result = "", nothing
        self.retranslate()

    def scanned(self, raw: str) -> None:
        self.card, self.result = raw, nothing
        self.retranslate()

    def show_reading(self) -> None:
        self.result = lambda: self.tr("Reading the card…")
        self.retranslate()

    def show_events(self, events: list[Event]) -> None:
        for event in events:
            self.result = self._words(event) or self.result
            if isinstance(event, CardLinked):
                self.card = ""
        self.retranslate()

    def _words(self, event: Event) -> Words | None:
        if isinstance(event, CardLinked):
            masked, until = event.card_masked, f"{event.not_after:%Y-%m-%d}"
            return lambda: self.tr(
                "Linked to library card %1. The certificate is valid until %2."
            ).replace("%1", masked).replace("%2", until)
        if isinstance(event, CardRefused):
            problem = CARD_PROBLEMS[event.reason]
            return lambda: message(problem)
        if isinstance(event, ScanRejected):
            return lambda: self.tr("That is not a library card number. Scan the patron's "
                                   "library card.")
        return None

    def show_error(self, exc: BaseException) -> None:
        cause = cause_of(exc)
        self.result = lambda: self.tr("The card could not be linked: %1").replace("%1", cause)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Link a My Number card"))
        self.step1.setText(self.tr("1. Scan the patron's library card."))
        self.card_label.setText(self.tr("Library card: %1").replace(
            "%1", mask(self.card) if self.card else "—"))
        self.step2.setText(self.tr("2. The patron places the My Number card on the reader; "
                                   "press Link. Only the certificate's link key is kept."))
        self.result_label.setText(self.result())
        self.back_button.setText(self.tr("Back"))
        self.link_button.setText(self.tr("Link"))
        self.link_button.setEnabled(bool(self.card))


# -- live tests, off the GUI thread ----------------------------------------------------------
class DeviceTests:
    """Runs the setup screen's tests; at most one live device (scanner or camera) at a time.

    A card read or a test page runs ``aside`` on the worker (a stuck pcscd or printer must
    hold up neither the screen nor the patron queue); a newer test of the same device, or
    leaving the screen, makes an older result stale, and it is dropped."""

    def __init__(self, screen: StaffSetupScreen, kiosk: Any, worker: Worker) -> None:
        self.screen, self.kiosk, self.worker = screen, kiosk, worker
        self.live: Scanner | None = None
        self._runs: dict[str, int] = dict.fromkeys(ROLES, 0)

    def stop(self) -> None:
        """Leaving the screen: the live device stops, results still to come are stale."""
        for role in ROLES:
            self._runs[role] += 1
        self._stop_live()

    def _stop_live(self) -> None:
        live, self.live = self.live, None
        if live is not None:               # a camera's stop joins its threads: not here
            self.worker.aside(live.stop, ignore, ignore, name="setup-stop")

    def run(self, role: str) -> None:
        url = self.screen.chosen(role)
        say = self.screen.show_result
        if not url:
            say(role, lambda: QCoreApplication.translate("StaffSetupScreen", "Nothing chosen."))
            return
        self._stop_live()
        self._runs[role] += 1                  # an older test of this device is stale now
        if role in ("scanner", "camera"):
            self._live(role, url)
        elif role == "card reader":
            self._background(role, lambda: self._read_card(url))
        else:
            self._background(role, lambda: self._test_page(url))

    def _background(self, role: str, job: Callable[[], Words]) -> None:
        say = self.screen.show_result
        say(role, lambda: QCoreApplication.translate("StaffSetupScreen", "Testing…"))
        run = self._runs[role]

        def done(words: Words) -> None:
            if self._runs[role] == run:
                say(role, words)

        def failed(exc: BaseException) -> None:
            if self._runs[role] == run:
                say(role, failure_words(exc))

        self.worker.aside(job, done, failed, name=f"setup-{role}")

    def _live(self, role: str, url: str) -> None:
        from drivers.registry import open_scanner
        say = self.screen.results.line.emit
        try:
            scanner = open_scanner(url)
        except (ValueError, OSError) as exc:
            say(role, failure_words(exc))
            return
        if role == "camera" and hasattr(scanner, "on_frame"):
            frame_signal = self.screen.results.frame
            scanner.on_frame = lambda frame, polygons: frame_signal.emit(
                frame_image(frame, polygons))

        def on_scan(scan: Scan) -> None:
            text = scan.text
            say(role, lambda: QCoreApplication.translate("StaffSetupScreen", "Read: %1").replace(
                "%1", text))

        def on_status(state: DeviceState, cause: str) -> None:
            if state is DeviceState.CONNECTED:
                say(role, lambda: QCoreApplication.translate(
                    "StaffSetupScreen", "Connected. Scan a barcode (or hold one up to the "
                    "camera)."))
            else:
                say(role, lambda: device_line(url, str(state), cause))

        say(role, lambda: QCoreApplication.translate(
            "StaffSetupScreen", "Listening: scan a barcode (or hold one up to the camera)."))
        try:
            scanner.start(on_scan, on_status)
        except (ValueError, OSError, RuntimeError) as exc:
            say(role, failure_words(exc))
            return
        self.live = scanner

    def _read_card(self, url: str) -> Words:
        """The reader first, in staff words (which reader is there, is pcscd running); then,
        when My Number cards are on, the card itself as the kiosk would read it."""
        from drivers.cards.pcsc import CardReader
        from kiosk.mynumber import MyNumberError
        reader = CardReader(url)
        reader.connect()                     # ReaderUnavailable: failure_words says it
        desk = self.kiosk.mynumber
        if desk is None:
            reader.disconnect()
            return lambda: QCoreApplication.translate("StaffSetupScreen",
                                                      "Card reader works: a card is on it.")
        try:
            read = desk.read(reader)
        except MyNumberError as exc:
            problem = CARD_PROBLEMS[exc.problem]
            return lambda: message(problem)
        finally:
            reader.disconnect()
        until = f"{read.not_after:%Y-%m-%d}"
        return lambda: QCoreApplication.translate(
            "StaffSetupScreen", "My Number card read. Certificate valid until %1."
        ).replace("%1", until)

    def _test_page(self, url: str) -> Words:
        from drivers.registry import open_printer
        from kiosk.receipt import sample_page
        printer = open_printer(url)
        status = printer.status()
        if not status.ready:
            state, cause = str(status.state), status.cause
            return lambda: QCoreApplication.translate(
                "StaffSetupScreen", "The printer is not ready: %1. Detail: %2"
            ).replace("%1", state_words(state)).replace("%2", cause)
        printer.send(sample_page(self.kiosk.config.branch_name, url))
        return lambda: QCoreApplication.translate(
            "StaffSetupScreen", "Test page sent. Check the printout.")


def save_choices(choices: Mapping[str, str], config_source: str) -> Words:
    """Save the chosen devices (off the GUI thread: it writes files); the line for staff."""
    from kiosk.config import ConfigError
    from kiosk.config_edit import save_devices
    path = Path(config_source)
    if not path.is_file():
        return lambda: QCoreApplication.translate(
            "StaffSetupScreen", "This kiosk runs on the embedded demo defaults: there is no "
            "branch config file to save to.")
    scanners = [u for u in (choices.get("scanner", ""), choices.get("camera", "")) if u]
    try:
        save_devices(path, scanners=scanners, printer=choices.get("printer", ""),
                     card_reader=choices.get("card reader") or None)
    except ConfigError as exc:
        cause = str(exc)
        return lambda: QCoreApplication.translate("StaffSetupScreen", "Not saved: %1").replace(
            "%1", cause)
    log.warning("staff saved the device setup to %s", path)
    return lambda: QCoreApplication.translate(
        "StaffSetupScreen", "Saved to %1. Restart the kiosk to use the new devices."
    ).replace("%1", str(path))

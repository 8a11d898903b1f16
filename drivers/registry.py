"""Every device the kiosk drives, chosen by its URL's scheme, so the branch config and not code
picks hardware (ADR 0001).

One table per family. A scheme belongs to one family only, so a URL alone says what it is:
:func:`open_device` builds whatever a URL names, and each family's opener refuses, by name, a
URL of another family given where its own belongs (a printer's URL among the scanners).
Building a device opens nothing: a scanner is started, a reader connected, a printer asked,
by whoever holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from drivers.cameras.camera_scanner import CameraScanner
from drivers.cards.pcsc import CardReader
from drivers.ports import Scanner
from drivers.printers.escpos import NetworkPrinter, SerialPrinter, UsbPrinter
from drivers.printers.fake import FakePrinter
from drivers.printers.port import Printer
from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.feig import FeigReader
from drivers.rfid.pcsc_tag import PcscTagReader
from drivers.rfid.port import RfidReader
from drivers.scanners.evdev import EvdevScanner
from drivers.scanners.fake import FakeScanner
from drivers.scanners.keyboard_wedge import KeyboardWedge
from drivers.scanners.serial import SerialScanner
from drivers.url import RENAMED_SCHEMES, current_url, parse_device_url

SCANNERS: Mapping[str, Callable[[str], Scanner]] = MappingProxyType(
    {
        "serial": SerialScanner,
        "evdev": EvdevScanner,
        "keyboard": KeyboardWedge,
        "camera": CameraScanner,
        "fake-scanner": FakeScanner,
    }
)
PRINTERS: Mapping[str, Callable[[str], Printer]] = MappingProxyType(
    {
        "escpos-net": NetworkPrinter,
        "escpos-serial": SerialPrinter,
        "escpos-usb": UsbPrinter,
        "fake-printer": FakePrinter,
    }
)
CARD_READERS: Mapping[str, Callable[[str], CardReader]] = MappingProxyType({"pcsc": CardReader})
RFID_READERS: Mapping[str, Callable[[str], RfidReader]] = MappingProxyType(
    {"feig": FeigReader, "pcsc-tag": PcscTagReader, "fake-rfid": FakeRfidReader}
)
FAMILIES: Mapping[str, Mapping[str, Callable[[str], object]]] = MappingProxyType(
    {
        "scanner": SCANNERS,
        "printer": PRINTERS,
        "card reader": CARD_READERS,
        "RFID reader": RFID_READERS,
    }
)

Device = Scanner | Printer | CardReader | RfidReader
D = TypeVar("D")


class UnknownDevice(ValueError):
    """The config names a device scheme no driver handles (or one of another family)."""


def family_of(url: str) -> str:
    """``"scanner"``, ``"printer"``, ``"card reader"`` or ``"RFID reader"``; UnknownDevice for
    a scheme no driver handles, ValueError for what is not a device URL."""
    scheme = parse_device_url(url).scheme
    scheme = RENAMED_SCHEMES.get(scheme, scheme)
    for family, schemes in FAMILIES.items():
        if scheme in schemes:
            return family
    known = sorted(s for schemes in FAMILIES.values() for s in schemes)
    raise UnknownDevice(f"no driver for {url!r}; known schemes: {', '.join(known)}")


def open_device(url: str) -> Device:
    """Build (not start) the device ``url`` names, whatever its family."""
    url = current_url(url)
    factory = FAMILIES[family_of(url)][parse_device_url(url).scheme]
    device: Device = factory(url)  # type: ignore[assignment]
    return device


def _open(url: str, schemes: Mapping[str, Callable[[str], D]], what: str) -> D:
    current = current_url(url)
    scheme = parse_device_url(current).scheme
    factory = schemes.get(scheme)
    if factory is None:
        other = next((family for family, table in FAMILIES.items() if scheme in table), None)
        where = f" ({scheme}:// is a {other}'s)" if other and other != what else ""
        raise UnknownDevice(f"no {what} driver for {url!r}{where}; known schemes: "
                            f"{', '.join(sorted(schemes))}")
    return factory(current)


def open_scanner(url: str, schemes: Mapping[str, Callable[[str], Scanner]] = SCANNERS) -> Scanner:
    """Build (not start) the scanner for ``url``; ValueError for a URL to fix in the config."""
    return _open(url, schemes, "scanner")


def open_printer(url: str, schemes: Mapping[str, Callable[[str], Printer]] = PRINTERS) -> Printer:
    """Build the receipt printer for ``url`` (nothing is sent until it is asked)."""
    return _open(url, schemes, "printer")


def open_card_reader(url: str, schemes: Mapping[str, Callable[[str], CardReader]] = CARD_READERS
                     ) -> CardReader:
    """Build (not connect) the PC/SC card reader for ``url``."""
    return _open(url, schemes, "card reader")


def open_rfid_reader(url: str, schemes: Mapping[str, Callable[[str], RfidReader]] = RFID_READERS
                     ) -> RfidReader:
    """Build (not open) the RFID reader for ``url``; ValueError for a URL to fix."""
    return _open(url, schemes, "RFID reader")

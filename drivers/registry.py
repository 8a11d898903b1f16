"""Chooses a scanner (or RFID reader) class by URL scheme, so the branch config, not code,
picks hardware."""

from collections.abc import Callable, Mapping
from types import MappingProxyType

from drivers.camera_scanner import CameraScanner
from drivers.keyboard_wedge import KeyboardWedge
from drivers.ports import Scanner
from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.feig import FeigReader
from drivers.rfid.pcsc_tag import PcscTagReader
from drivers.rfid.port import RfidReader
from drivers.scanner_evdev import EvdevScanner
from drivers.scanner_fake import FakeScanner
from drivers.scanner_serial import SerialScanner
from drivers.url import parse_device_url

SCANNERS: Mapping[str, Callable[[str], Scanner]] = MappingProxyType(
    {
        "serial": SerialScanner,
        "fake": FakeScanner,
        "evdev": EvdevScanner,
        "keyboard": KeyboardWedge,
        "camera": CameraScanner,
    }
)


class UnknownDevice(ValueError):
    """The config names a device scheme no driver handles."""


RFID_READERS: Mapping[str, Callable[[str], RfidReader]] = MappingProxyType(
    {"feig": FeigReader, "pcsc-tag": PcscTagReader, "fake-rfid": FakeRfidReader}
)


def open_rfid_reader(
    url: str, schemes: Mapping[str, Callable[[str], RfidReader]] = RFID_READERS
) -> RfidReader:
    """Build (not open) the RFID reader for ``url``; ValueError for a URL to fix."""
    scheme = parse_device_url(url).scheme
    factory = schemes.get(scheme)
    if factory is None:
        raise UnknownDevice(
            f"no RFID reader driver for {url!r}; known schemes: {', '.join(sorted(schemes))}"
        )
    return factory(url)


def open_scanner(url: str, schemes: Mapping[str, Callable[[str], Scanner]] = SCANNERS) -> Scanner:
    """Build (not start) the scanner for ``url``; ValueError for a URL to fix in the config."""
    scheme = parse_device_url(url).scheme
    factory = schemes.get(scheme)
    if factory is None:
        raise UnknownDevice(
            f"no scanner driver for {url!r}; known schemes: {', '.join(sorted(schemes))}"
        )
    return factory(url)

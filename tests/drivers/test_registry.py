import logging

import pytest

from drivers.cameras.camera_scanner import CameraScanner
from drivers.cards.pcsc import CardReader
from drivers.printers.escpos import NetworkPrinter, SerialPrinter, UsbPrinter
from drivers.printers.fake import FakePrinter
from drivers.registry import (
    FAMILIES,
    SCANNERS,
    UnknownDevice,
    family_of,
    open_card_reader,
    open_device,
    open_printer,
    open_rfid_reader,
    open_scanner,
)
from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.feig import FeigReader
from drivers.scanners.evdev import EvdevScanner
from drivers.scanners.fake import FakeScanner
from drivers.scanners.keyboard_wedge import KeyboardWedge
from drivers.scanners.serial import SerialScanner


@pytest.mark.parametrize(
    ("url", "cls"),
    [
        ("serial:///dev/ttyACM0?baud=9600&suffix=cr", SerialScanner),
        ("SERIAL:///dev/serial/by-id/usb-DENSO_WAVE-if00", SerialScanner),
        ("fake-scanner://", FakeScanner),
        ("fake-scanner://?name=demo", FakeScanner),
        ("evdev:///dev/input/by-id/usb-Scanner-event-kbd?layout=us", EvdevScanner),
        ("keyboard://?layout=us&host=jis", KeyboardWedge),
    ],
)
def test_schemes_map_to_their_driver(url: str, cls: type) -> None:
    scanner = open_scanner(url)
    assert isinstance(scanner, cls)
    assert scanner.url == url


@pytest.mark.parametrize(
    ("url", "cls", "family"),
    [
        ("serial:///dev/ttyACM0", SerialScanner, "scanner"),
        ("camera://0", CameraScanner, "scanner"),
        ("fake-scanner://?name=demo", FakeScanner, "scanner"),
        ("escpos-net://10.0.0.5:9100", NetworkPrinter, "printer"),
        ("escpos-serial:///dev/usb/lp0", SerialPrinter, "printer"),
        ("escpos-usb://04b8:0e28", UsbPrinter, "printer"),
        ("fake-printer://", FakePrinter, "printer"),
        ("pcsc://?reader=Virtual", CardReader, "card reader"),
        ("feig:///dev/ttyUSB0", FeigReader, "RFID reader"),
        ("fake-rfid://?name=demo", FakeRfidReader, "RFID reader"),
    ],
)
def test_one_registry_opens_every_family(url: str, cls: type, family: str) -> None:
    assert isinstance(open_device(url), cls)
    assert family_of(url) == family


def test_each_family_has_its_own_opener() -> None:
    assert isinstance(open_printer("fake-printer://"), FakePrinter)
    assert isinstance(open_card_reader("pcsc://"), CardReader)
    assert isinstance(open_rfid_reader("fake-rfid://"), FakeRfidReader)


def test_a_url_of_another_family_is_named_as_such() -> None:
    with pytest.raises(UnknownDevice, match=r"no scanner driver .*escpos-net:// is a printer's"):
        open_scanner("escpos-net://10.0.0.5:9100")
    with pytest.raises(UnknownDevice, match=r"no printer driver .*fake-scanner:// is a scanner's"):
        open_printer("fake-scanner://")


def test_a_scheme_belongs_to_one_family_and_fakes_are_fake_family() -> None:
    schemes = [scheme for table in FAMILIES.values() for scheme in table]
    assert len(schemes) == len(set(schemes))
    fakes = sorted(scheme for scheme in schemes if "fake" in scheme)
    assert fakes == ["fake-printer", "fake-rfid", "fake-scanner"]


def test_the_old_fake_spelling_still_opens_the_fake_scanner_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="drivers.url"):
        scanner = open_device("fake://?name=demo")
    assert isinstance(scanner, FakeScanner)
    assert scanner.url == "fake-scanner://?name=demo"
    warnings = [r.getMessage() for r in caplog.records if "deprecated" in r.getMessage()]
    assert len(warnings) == 1, "one warning per device opened"
    assert "'fake-scanner://?name=demo'" in warnings[0]
    assert isinstance(open_scanner("fake://"), FakeScanner)
    assert family_of("fake://") == "scanner"


def test_open_scanner_does_not_start_the_device() -> None:
    scanner = open_scanner("fake-scanner://")
    assert isinstance(scanner, FakeScanner)
    assert not scanner.started


def test_unknown_scheme_names_the_url_and_the_known_schemes() -> None:
    with pytest.raises(UnknownDevice) as caught:
        open_scanner("hid:///dev/input/by-id/usb-scanner-event-kbd")
    message = str(caught.value)
    assert "hid:///dev/input/by-id/usb-scanner-event-kbd" in message
    assert all(scheme in message for scheme in ("fake-scanner", "serial", "evdev", "keyboard"))
    assert isinstance(caught.value, ValueError)
    with pytest.raises(UnknownDevice, match=r"no driver for 'hid://'.*escpos-net.*pcsc"):
        open_device("hid://")


def test_a_new_scheme_is_one_entry() -> None:
    schemes = {**SCANNERS, "demo": FakeScanner}
    with pytest.raises(ValueError, match="not a fake"):
        open_scanner("demo://", schemes)


@pytest.mark.parametrize("url", ["", "/dev/ttyACM0", "serial:/dev/ttyACM0"])
def test_not_a_device_url(url: str) -> None:
    with pytest.raises(ValueError, match="not a device URL"):
        open_scanner(url)


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        SCANNERS["camera"] = FakeScanner  # type: ignore[index]
    with pytest.raises(TypeError):
        FAMILIES["scanner"] = SCANNERS  # type: ignore[index]

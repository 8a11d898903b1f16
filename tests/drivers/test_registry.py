import pytest

from drivers.registry import SCANNERS, UnknownDevice, open_scanner
from drivers.scanners.evdev import EvdevScanner
from drivers.scanners.fake import FakeScanner
from drivers.scanners.keyboard_wedge import KeyboardWedge
from drivers.scanners.serial import SerialScanner


@pytest.mark.parametrize(
    ("url", "cls"),
    [
        ("serial:///dev/ttyACM0?baud=9600&suffix=cr", SerialScanner),
        ("SERIAL:///dev/serial/by-id/usb-DENSO_WAVE-if00", SerialScanner),
        ("fake://", FakeScanner),
        ("fake://?name=demo", FakeScanner),
        ("evdev:///dev/input/by-id/usb-Scanner-event-kbd?layout=us", EvdevScanner),
        ("keyboard://?layout=us&host=jis", KeyboardWedge),
    ],
)
def test_schemes_map_to_their_driver(url: str, cls: type) -> None:
    scanner = open_scanner(url)
    assert isinstance(scanner, cls)
    assert scanner.url == url


def test_open_scanner_does_not_start_the_device() -> None:
    scanner = open_scanner("fake://")
    assert isinstance(scanner, FakeScanner)
    assert not scanner.started


def test_unknown_scheme_names_the_url_and_the_known_schemes() -> None:
    with pytest.raises(UnknownDevice) as caught:
        open_scanner("hid:///dev/input/by-id/usb-scanner-event-kbd")
    message = str(caught.value)
    assert "hid:///dev/input/by-id/usb-scanner-event-kbd" in message
    assert all(scheme in message for scheme in ("fake", "serial", "evdev", "keyboard"))
    assert isinstance(caught.value, ValueError)


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

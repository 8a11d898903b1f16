"""One behaviour every Scanner shares, checked against the fake and the real drivers
(serial over a pty, evdev over a pipe of kernel input events, the keyboard-burst fallback).

Each rig knows how to make its device send a code; the tests only speak the Scanner port,
so the fake cannot drift from what the hardware driver does.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.ports import DeviceState, Scan, Scanner
from drivers.scanners.evdev import EvdevScanner
from drivers.scanners.fake import FakeScanner
from drivers.scanners.keyboard_wedge import KeyboardWedge
from drivers.scanners.serial import SerialScanner
from tests.rigs.evdev_input import FifoKeyboard
from tests.rigs.scanners import PtyScanner, Recorder


@dataclass
class Rig:
    scanner: Scanner
    send: Callable[[str], None]  # make the device send one code


@pytest.fixture
def fake_rig() -> Rig:
    fake = FakeScanner("fake-scanner://?name=contract")

    def send(code: str) -> None:
        # A stopped fake refuses inject(); like a real device, the code then goes nowhere.
        if fake.started:
            fake.inject(code)

    return Rig(fake, send)


@pytest.fixture
def serial_rig(tmp_path: Path) -> Iterator[Rig]:
    device = PtyScanner(tmp_path / "usb-Contract_Scanner-if00")
    device.plug()
    yield Rig(
        SerialScanner(f"serial://{device.link}"),
        lambda code: device.send(code.encode("latin-1") + b"\r"),
    )
    device.unplug()


@pytest.fixture
def evdev_rig(tmp_path: Path) -> Iterator[Rig]:
    keyboard = FifoKeyboard(tmp_path / "usb-Contract_Scanner-event-kbd")
    keyboard.plug()
    yield Rig(EvdevScanner(f"evdev://{keyboard.path}"), keyboard.type)
    keyboard.unplug()


@pytest.fixture
def keyboard_rig() -> Rig:
    wedge = KeyboardWedge("keyboard://?layout=us&host=us")

    def send(code: str) -> None:               # typed as a scanner types: a key per ms
        now = time.monotonic()
        for n, ch in enumerate(code):
            wedge.key(now + n / 1000, ch)
        wedge.key(now + len(code) / 1000, "", enter=True)

    return Rig(wedge, send)


def _started(request: pytest.FixtureRequest, recorder: Recorder) -> Iterator[Rig]:
    rig: Rig = request.getfixturevalue(f"{request.param}_rig")
    rig.scanner.start(recorder.on_scan, recorder.on_status)
    recorder.wait_for(DeviceState.CONNECTED)
    yield rig
    rig.scanner.stop()


@pytest.fixture(params=["fake", "serial", "evdev", "keyboard"])
def rig(request: pytest.FixtureRequest, recorder: Recorder) -> Iterator[Rig]:
    yield from _started(request, recorder)


@pytest.fixture(params=["fake", "serial"])
def byte_rig(request: pytest.FixtureRequest, recorder: Recorder) -> Iterator[Rig]:
    """Scanners that pass bytes on (keyboards can only type what their layout has keys for)."""
    yield from _started(request, recorder)


def test_a_sent_code_arrives_once_with_its_source(rig: Rig, recorder: Recorder) -> None:
    rig.send("A0012345B")
    assert recorder.next_scan() == Scan("A0012345B", rig.scanner.url)
    recorder.assert_no_scan()


def test_codes_arrive_in_the_order_sent(rig: Rig, recorder: Recorder) -> None:
    rig.send("A0012345B")
    rig.send("9784840107421")
    assert [recorder.next_scan().text for _ in range(2)] == ["A0012345B", "9784840107421"]


def test_non_ascii_survives_as_latin1(byte_rig: Rig, recorder: Recorder) -> None:
    byte_rig.send("\xb1\xc3\xff")
    assert recorder.next_scan().text == "\xb1\xc3\xff"


def test_nothing_arrives_after_stop(rig: Rig, recorder: Recorder) -> None:
    rig.scanner.stop()
    rig.send("A0012345B")
    recorder.assert_no_scan()
    assert recorder.statuses.empty()

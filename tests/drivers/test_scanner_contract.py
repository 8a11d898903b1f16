"""One behaviour every Scanner shares, checked against the fake and the real serial driver.

Each rig knows how to make its device send a code; the tests only speak the Scanner port,
so the fake cannot drift from what the hardware driver does.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scanner_rigs import PtyScanner, Recorder

from drivers.ports import DeviceState, Scan, Scanner
from drivers.scanner_fake import FakeScanner
from drivers.scanner_serial import SerialScanner


@dataclass
class Rig:
    scanner: Scanner
    send: Callable[[str], None]  # make the device send one code


@pytest.fixture
def fake_rig() -> Rig:
    fake = FakeScanner("fake://?name=contract")

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


@pytest.fixture(params=["fake", "serial"])
def rig(request: pytest.FixtureRequest, recorder: Recorder) -> Iterator[Rig]:
    rig: Rig = request.getfixturevalue(f"{request.param}_rig")
    rig.scanner.start(recorder.on_scan, recorder.on_status)
    recorder.wait_for(DeviceState.CONNECTED)
    yield rig
    rig.scanner.stop()


def test_a_sent_code_arrives_once_with_its_source(rig: Rig, recorder: Recorder) -> None:
    rig.send("A0012345B")
    assert recorder.next_scan() == Scan("A0012345B", rig.scanner.url)
    recorder.assert_no_scan()


def test_codes_arrive_in_the_order_sent(rig: Rig, recorder: Recorder) -> None:
    rig.send("A0012345B")
    rig.send("9784840107421")
    assert [recorder.next_scan().text for _ in range(2)] == ["A0012345B", "9784840107421"]


def test_non_ascii_survives_as_latin1(rig: Rig, recorder: Recorder) -> None:
    rig.send("\xb1\xc3\xff")
    assert recorder.next_scan().text == "\xb1\xc3\xff"


def test_nothing_arrives_after_stop(rig: Rig, recorder: Recorder) -> None:
    rig.scanner.stop()
    rig.send("A0012345B")
    recorder.assert_no_scan()
    assert recorder.statuses.empty()

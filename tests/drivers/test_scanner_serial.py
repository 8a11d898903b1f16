
"""SerialScanner over real pseudo-terminals: the same kernel path a USB-CDC scanner takes."""

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from drivers.ports import DeviceState, Scan
from drivers.scanners.serial import SerialScanner
from tests.rigs.bad_urls import refused_urls
from tests.rigs.scanners import PtyScanner, Recorder


@contextmanager
def connected(scanner: SerialScanner, recorder: Recorder,
              on_scan: Callable[[Scan], None] | None = None) -> Iterator[SerialScanner]:
    """``scanner`` started (its scans to ``on_scan``, else the recorder) and connected;
    stopped on the way out."""
    scanner.start(on_scan or recorder.on_scan, recorder.on_status)
    try:
        recorder.wait_for(DeviceState.CONNECTED)
        yield scanner
    finally:
        scanner.stop()


@pytest.fixture
def scanner(pty_scanner: PtyScanner, recorder: Recorder) -> Iterator[SerialScanner]:
    with connected(SerialScanner(f"serial://{pty_scanner.link}?baud=9600"), recorder) as s:
        yield s


def texts(recorder: Recorder, count: int) -> list[str]:
    return [recorder.next_scan().text for _ in range(count)]


def test_codes_arrive_with_any_usual_suffix(
    scanner: SerialScanner, pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    pty_scanner.send(b"A0012345B\r")
    assert recorder.next_scan() == Scan("A0012345B", scanner.url)
    pty_scanner.send(b"9784840107421\n")
    pty_scanner.send(b"A115538407A\r\n")
    assert texts(recorder, 2) == ["9784840107421", "A115538407A"]
    recorder.assert_no_scan()


def test_a_burst_of_codes_arrives_in_order(
    scanner: SerialScanner, pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    codes = [f"A{n:08d}B" for n in range(200)]
    pty_scanner.send(b"".join(code.encode() + b"\r" for code in codes))
    assert texts(recorder, len(codes)) == codes


def test_a_code_written_in_pieces_arrives_whole(
    scanner: SerialScanner, pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    for piece in (b"97848", b"40107", b"421\rA11", b"5538407", b"\r"):
        pty_scanner.send(piece)
    assert texts(recorder, 2) == ["9784840107421", "A115538407"]


def test_a_failing_listener_does_not_silence_the_scanner(
    pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    def on_scan(scan: Scan) -> None:
        if scan.text == "boom":
            raise RuntimeError("bug in the kiosk")
        recorder.on_scan(scan)

    with connected(SerialScanner(f"serial://{pty_scanner.link}"), recorder, on_scan):
        pty_scanner.send(b"boom\rA1B\r")
        assert recorder.next_scan().text == "A1B"


def test_missing_port_is_reported_and_picked_up_when_it_appears(
    tmp_path: Path, recorder: Recorder
) -> None:
    device = PtyScanner(tmp_path / "usb-Late_Scanner-if00")
    scanner = SerialScanner(f"serial://{device.link}")
    try:
        with recorder.listening(scanner):
            detail = recorder.wait_for(DeviceState.DISCONNECTED)
            assert str(device.link) in detail
            device.plug()
            recorder.wait_for(DeviceState.CONNECTED)
            device.send(b"A1B\r")
            assert recorder.next_scan().text == "A1B"
    finally:
        device.unplug()


def test_scans_flow_again_after_each_of_twenty_unplugs_and_replugs(
    scanner: SerialScanner, pty_scanner: PtyScanner, recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The driver retries every RETRY_INTERVAL (0.5 s, well inside the 2 s a patron would
    # wait); a shorter interval here only makes twenty rounds quicker.
    monkeypatch.setattr("drivers.scanners.serial.RETRY_INTERVAL", 0.1)
    for round_ in range(20):
        pty_scanner.unplug()
        assert str(pty_scanner.link) in recorder.wait_for(DeviceState.DISCONNECTED)
        pty_scanner.plug()
        recorder.wait_for(DeviceState.CONNECTED)
        pty_scanner.send(f"A{round_}B\r".encode())
        assert recorder.next_scan().text == f"A{round_}B"


@pytest.mark.parametrize("plugged", [True, False])
def test_stop_returns_quickly(tmp_path: Path, recorder: Recorder, plugged: bool) -> None:
    device = PtyScanner(tmp_path / "scanner")
    if plugged:
        device.plug()
    scanner = SerialScanner(f"serial://{device.link}")
    scanner.start(recorder.on_scan, recorder.on_status)
    recorder.wait_for(DeviceState.CONNECTED if plugged else DeviceState.DISCONNECTED)
    began = time.monotonic()
    scanner.stop()
    assert time.monotonic() - began < 1.0
    scanner.stop()  # a second stop is harmless
    device.unplug()


def test_port_is_closed_after_stop(pty_scanner: PtyScanner, recorder: Recorder) -> None:
    scanner = SerialScanner(f"serial://{pty_scanner.link}")
    scanner.start(recorder.on_scan, recorder.on_status)
    recorder.wait_for(DeviceState.CONNECTED)
    target = os.path.realpath(pty_scanner.link)
    scanner.stop()
    fds = Path(f"/proc/{os.getpid()}/fd").iterdir()
    # Only the test's own slave fd still points at the pty.
    assert [fd for fd in fds if os.path.realpath(fd) == target] == [
        Path(f"/proc/{os.getpid()}/fd/{pty_scanner.slave}")
    ]


def test_suffix_parameter_selects_the_terminator(tmp_path: Path, recorder: Recorder) -> None:
    device = PtyScanner(tmp_path / "scanner")
    device.plug()
    try:
        with connected(SerialScanner(f"serial://{device.link}?baud=115200&suffix=crlf"),
                       recorder):
            device.send(b"A\r1\r\n")
            assert recorder.next_scan().text == "A\r1"
    finally:
        device.unplug()


test_bad_urls_are_refused_up_front = refused_urls(SerialScanner, [
    ("serial:///dev/ttyACM0?baud=fast", "baud"),
    ("serial:///dev/ttyACM0?baud=0", "baud"),
    ("serial:///dev/ttyACM0?suffix=tab", "suffix"),
    ("serial:///dev/ttyACM0?baudrate=9600", "baudrate"),
    ("serial://", "device path"),
    ("fake-scanner://", "serial"),
])


def test_a_stopped_scanner_can_be_started_again(
    pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    scanner = SerialScanner(f"serial://{pty_scanner.link}")
    for code in ("A1B", "A2B"):
        with connected(scanner, recorder):
            pty_scanner.send(code.encode() + b"\r")
            assert recorder.next_scan().text == code


def test_junk_on_the_line_is_framed_away_and_good_codes_still_arrive(
    scanner: SerialScanner, pty_scanner: PtyScanner, recorder: Recorder
) -> None:
    rng = random.Random(5)
    junk = bytes(rng.randrange(256) for _ in range(4000)).replace(b"\r", b"").replace(b"\n", b"")
    pty_scanner.send(junk)                       # 4000 bytes, no terminator: over-long
    pty_scanner.send(b"\r\x00\x01\x02\rA0012345B\r")
    texts = [recorder.next_scan().text, recorder.next_scan().text]
    assert texts == ["\x00\x01\x02", "A0012345B"]   # control bytes reach the kiosk's checks
    recorder.assert_no_scan()

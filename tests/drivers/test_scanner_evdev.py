"""The evdev keyboard-wedge driver reading kernel input events from a real file."""

from pathlib import Path

import pytest

from drivers.ports import DeviceState, Scan
from drivers.scanners.evdev import EvdevScanner
from tests.rigs.bad_urls import refused_urls
from tests.rigs.evdev_input import FifoKeyboard, recording
from tests.rigs.scanners import Recorder


@pytest.fixture
def keyboard(tmp_path: Path):
    kb = FifoKeyboard(tmp_path / "usb-Scanner-event-kbd")
    kb.plug()
    yield kb
    kb.unplug()


def test_codes_arrive_read_with_the_scanners_layout(keyboard: FifoKeyboard,
                                                    recorder: Recorder) -> None:
    scanner = EvdevScanner(f"evdev://{keyboard.path}?layout=jis")
    with recorder.listening(scanner):
        detail = recorder.wait_for(DeviceState.CONNECTED)
        assert "not grabbed" in detail          # a pipe cannot be grabbed; staff are told
        keyboard.type("A12+34:5B", layout="jis")
        assert recorder.next_scan() == Scan("A12+34:5B", scanner.url)


def test_a_scanner_pressing_shift_and_altgr_and_one_losing_events(
        keyboard: FifoKeyboard, recorder: Recorder) -> None:
    """Recorded streams through the driver: capitals and AltGr symbols arrive as sent; the
    scan during which the kernel dropped events arrives marked unreadable (the kiosk tells
    the patron), and the next scans are not spoilt by a Shift whose release was lost."""
    scanner = EvdevScanner(f"evdev://{keyboard.path}?layout=de")
    with recorder.listening(scanner):
        recorder.wait_for(DeviceState.CONNECTED)
        keyboard.replay(recording("de-altgr-flag.evemu"))
        assert [recorder.next_scan().text for _ in range(3)] == [
            "A21045877B", "LIB-39.$/+% X7", "Mail@Lib{42}[x]~|\\Yz"]
        keyboard.replay(recording("us-unreadable.evemu"))
        texts = [recorder.next_scan().text for _ in range(4)]
        assert ["\ufffd" in text for text in texts] == [True, True, True, False]
        assert texts[3] == "115538407"


def test_unplug_and_replug_twenty_times(keyboard: FifoKeyboard, recorder: Recorder,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("drivers.scanners.evdev.RETRY_INTERVAL", 0.05)
    scanner = EvdevScanner(f"evdev://{keyboard.path}")
    with recorder.listening(scanner):
        recorder.wait_for(DeviceState.CONNECTED)
        for n in range(20):
            keyboard.unplug()
            recorder.wait_for(DeviceState.DISCONNECTED)
            keyboard.plug()
            recorder.wait_for(DeviceState.CONNECTED)
            keyboard.type(f"A{n:07d}B")
            assert recorder.next_scan().text == f"A{n:07d}B"


def test_grab_can_be_turned_off_and_says_so(keyboard: FifoKeyboard, recorder: Recorder) -> None:
    scanner = EvdevScanner(f"evdev://{keyboard.path}?grab=0")
    with recorder.listening(scanner):
        assert "not grabbed by configuration" in recorder.wait_for(DeviceState.CONNECTED)


test_bad_urls_are_refused_up_front = refused_urls(EvdevScanner, [
    ("evdev://", "needs a device path"),
    ("evdev:///dev/input/event3?layout=dvorak", "unknown keyboard layout"),
    ("evdev:///dev/input/event3?grab=yes", "grab must be"),
    ("evdev:///dev/input/event3?baud=9600", "unknown parameter"),
])

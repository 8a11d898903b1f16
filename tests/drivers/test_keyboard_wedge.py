"""The key-burst logic that tells a keyboard-wedge scanner from a person typing."""

from collections.abc import Iterable
from pathlib import Path

import pytest

from drivers.ports import DeviceState
from drivers.scanners.evdev_stream import InputEvent, parse_evemu
from drivers.scanners.keyboard_wedge import Key, KeyboardWedge, host_layout
from drivers.scanners.keymaps import ALTGR_LAYOUTS
from tests.rigs.bad_urls import refused_urls
from tests.rigs.evdev_input import host_keys, recording
from tests.rigs.scanners import Recorder

CODABAR, CODE39, CODE128 = "A21045877B", "LIB-39.$/+% X7", "Kiosk128aBcD-xyz/Q"
JIS_LINES = [CODABAR, "A12+34:56/78.9$0-1B", CODE39, "Kiosk128aBcD@:xyz/Q"]
DE_128 = "Mail@Lib{42}[x]~|\\Yz"


def replay(wedge: KeyboardWedge, events: Iterable[InputEvent], host: str,
           caps_lock: bool = False) -> list[Key]:
    """Feed the wedge what the window gets from a desktop for these scanner key events, the
    way ui/keyboard_scanner.py does: modifiers as such, other keys' presses with their text
    and flags, at the recorded times."""
    from drivers.scanners.keyboard_wedge import Modifier
    which = {42: Modifier.SHIFT, 54: Modifier.SHIFT, 29: Modifier.CONTROL,
             97: Modifier.CONTROL, 56: Modifier.ALT, 125: Modifier.META, 126: Modifier.META,
             58: Modifier.CAPS_LOCK, 69: Modifier.NUM_LOCK,
             100: Modifier.ALTGR if host in ALTGR_LAYOUTS else Modifier.ALT}
    keys = []
    for k in host_keys(events, host, caps_lock):
        if k.code in which:
            keys.append(wedge.modifier(k.time, which[k.code], k.pressed))
        elif k.pressed:
            enter = k.text in ("\r", "\t")
            keys.append(wedge.key(k.time, "" if enter else k.text, enter=enter,
                                  shifted=k.shift, chord=k.chord))
    return keys


def scans(recorder: Recorder) -> list[str]:
    found = []
    while not recorder.scans.empty():
        found.append(recorder.scans.get().text)
    return found


class Typist:
    """Feeds characters with a given gap between keys, as key events would arrive."""

    def __init__(self, wedge: KeyboardWedge) -> None:
        self.wedge = wedge
        self.now = 100.0
        self.released: list[str] = []
        wedge.on_release = self.released.append

    def type(self, text: str, gap_ms: float, enter: bool = True) -> list[Key]:
        keys = []
        for ch in text:
            self.now += gap_ms / 1000
            keys.append(self.wedge.key(self.now, ch))
        if enter:
            self.now += gap_ms / 1000
            keys.append(self.wedge.key(self.now, "", enter=True))
        return keys


@pytest.fixture
def typist(recorder: Recorder) -> Typist:
    wedge = KeyboardWedge("keyboard://?layout=us&host=us")
    wedge.start(recorder.on_scan, recorder.on_status)
    return Typist(wedge)


def test_a_fast_burst_ending_in_enter_is_a_scan_and_nothing_leaks(typist: Typist,
                                                                 recorder: Recorder) -> None:
    keys = typist.type("A21045877B", gap_ms=4)
    assert set(keys) == {Key.SWALLOW}
    assert recorder.next_scan(0.1).text == "A21045877B"
    assert typist.released == []


def test_slow_typing_is_handed_back_to_the_focused_widget(typist: Typist,
                                                          recorder: Recorder) -> None:
    typist.type("1234", gap_ms=150)
    recorder.assert_no_scan(0.05)
    assert "".join(typist.released) == "1234\n"


def test_keys_held_too_long_are_released_by_the_tick(typist: Typist) -> None:
    typist.type("12", gap_ms=5, enter=False)
    typist.wedge.tick(typist.now + 0.01)
    assert typist.released == []
    typist.wedge.tick(typist.now + 0.2)
    assert typist.released == ["12"]


def test_too_short_a_burst_is_not_a_scan(typist: Typist, recorder: Recorder) -> None:
    typist.type("12", gap_ms=3)
    recorder.assert_no_scan(0.05)
    assert typist.released == ["12\n"]


def test_a_person_then_a_scan_are_told_apart(typist: Typist, recorder: Recorder) -> None:
    typist.type("9", gap_ms=300, enter=False)
    typist.now += 0.4                        # the scanner fires a moment later
    typist.type("115538407", gap_ms=3)
    assert recorder.next_scan(0.1).text == "115538407"
    assert typist.released == ["9"]


def test_a_key_that_types_nothing_on_its_own_is_delivered_and_flushes(typist: Typist) -> None:
    typist.type("12", gap_ms=150, enter=False)
    assert typist.wedge.key(typist.now + 0.2, "") is Key.DELIVER
    assert typist.released == ["1", "2"]


def test_a_key_that_types_nothing_inside_a_burst_makes_the_scan_unreadable(
        typist: Typist, recorder: Recorder) -> None:
    typist.type("0104", gap_ms=8, enter=False)
    assert typist.wedge.key(typist.now + 0.008, "") is Key.SWALLOW    # e.g. Ctrl+]
    typist.now += 0.008
    typist.type("21XY", gap_ms=8)
    assert recorder.next_scan(0.1).text == "0104\ufffd21XY"
    assert typist.released == []


@pytest.mark.parametrize(("name", "layout", "host", "caps_lock", "lines"), [
    ("us-shift-flag.evemu", "us", "us", False, [CODABAR, CODE39, CODE128]),
    ("us-shift-flag.evemu", "us", "us", True, [CODABAR, CODE39, CODE128]),
    ("us-rshift-keys.evemu", "us", "us", False, [CODABAR, CODE39, CODE128]),
    ("us-rshift-keys.evemu", "us", "us", True, [CODABAR, CODE39, CODE128]),
    ("us-capslock.evemu", "us", "us", False, [CODABAR, CODE39, CODE128]),
    ("us-capslock.evemu", "us", "us", True, [CODABAR, CODE39, CODE128]),
    ("us-rshift-keys.evemu", "us", "jis", False, [CODABAR, CODE39, CODE128]),
    ("jis-shift-flag.evemu", "jis", "jis", False, JIS_LINES),
    ("jis-shift-flag.evemu", "jis", "jis", True, JIS_LINES),
    ("jis-shift-flag.evemu", "jis", "us", False, JIS_LINES),
    ("de-altgr-flag.evemu", "de", "de", False, [CODABAR, CODE39, DE_128]),
    ("de-altgr-flag.evemu", "de", "de", True, [CODABAR, CODE39, DE_128]),
])
def test_scanners_pressing_shift_altgr_or_caps_lock_scan_as_sent(
        recorder: Recorder, *, name: str, layout: str, host: str, caps_lock: bool,
        lines: list[str]) -> None:
    """Recorded scanners through the window's key events: the modifiers keep the burst
    together, the case is the scanner's whatever the host's Caps Lock, a scanner whose
    layout is not the host's is repaired, and nothing reaches the focused widget."""
    wedge = KeyboardWedge(f"keyboard://?layout={layout}&host={host}")
    wedge.start(recorder.on_scan, recorder.on_status)
    released: list[str] = []
    wedge.on_release = released.append
    keys = replay(wedge, parse_evemu(recording(name)), host, caps_lock)
    assert scans(recorder) == lines
    assert set(keys) == {Key.SWALLOW}
    assert released == []


def test_altgr_sent_as_ctrl_alt_cannot_be_read_through_the_window_and_says_so(
        recorder: Recorder) -> None:
    # xkb does not take Ctrl+Alt for AltGr: those keys are shortcuts to the window (read the
    # scanner with evdev:// instead, which does).
    wedge = KeyboardWedge("keyboard://?layout=de&host=de")
    wedge.start(recorder.on_scan, recorder.on_status)
    replay(wedge, parse_evemu(recording("de-ctrl-alt-keys.evemu")), "de")
    codabar, code128 = scans(recorder)
    assert codabar == CODABAR
    assert "\ufffd" in code128


def test_a_gs_typed_as_ctrl_key_inside_a_scan_is_said_unreadable(recorder: Recorder) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=us")
    wedge.start(recorder.on_scan, recorder.on_status)
    events = list(parse_evemu(recording("us-unreadable.evemu")))
    first_enter = next(i for i, e in enumerate(events) if e.code == 28 and e.value == 1)
    replay(wedge, events[:first_enter + 1], "us")
    assert scans(recorder) == ["010491234567890410AB12\ufffd21XY34"]


@pytest.mark.parametrize("caps_lock", [False, True])
def test_a_person_typing_with_shift_is_told_apart_and_gets_their_keys(
        recorder: Recorder, caps_lock: bool) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=us")
    wedge.start(recorder.on_scan, recorder.on_status)
    released: list[str] = []
    wedge.on_release = released.append
    replay(wedge, parse_evemu(recording("person-typing.evemu")), "us", caps_lock)
    assert scans(recorder) == []
    assert "".join(released) == ("aB12\n" if caps_lock else "Ab12\n")   # as the host typed


def test_us_scanner_on_jis_host_is_repaired_and_staff_are_told(recorder: Recorder) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis")
    wedge.start(recorder.on_scan, recorder.on_status)
    assert "USB-COM" in recorder.wait_for(DeviceState.CONNECTED)
    t = Typist(wedge)
    t.type("A12~34+56B", gap_ms=3)           # what the JIS host made of "A12+34:56B"
    assert recorder.next_scan(0.1).text == "A12+34:56B"


def test_an_unrepairable_character_is_marked_so_the_scan_is_refused(recorder: Recorder) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis")
    wedge.start(recorder.on_scan, recorder.on_status)
    Typist(wedge).type("A12¥3B", gap_ms=3)
    assert recorder.next_scan(0.1).text == "A12\ufffd3B"


def test_before_start_every_key_is_delivered() -> None:
    wedge = KeyboardWedge("keyboard://?host=us")
    assert wedge.key(1.0, "1") is Key.DELIVER


def test_stop_hands_back_held_keys(typist: Typist) -> None:
    typist.type("12", gap_ms=3, enter=False)
    typist.wedge.stop()
    assert typist.released == ["12"]
    assert typist.wedge.key(typist.now, "3") is Key.DELIVER


@pytest.mark.parametrize(("text", "layout"), [
    ('XKBMODEL="jp106"\nXKBLAYOUT="jp"\n', "jis"),
    ('XKBLAYOUT="us"\n', "us"),
    ("nothing here\n", "us"),
    ('XKBLAYOUT="fr"\n', "us"),
])
def test_host_layout_from_debian_keyboard_file(tmp_path: Path, text: str, layout: str) -> None:
    path = tmp_path / "keyboard"
    path.write_text(text)
    assert host_layout(path) == layout
    assert KeyboardWedge("keyboard://", keyboard_defaults=path).host == layout


test_bad_urls = refused_urls(KeyboardWedge, [
    ("keyboard://?max_gap_ms=x", "must be numbers"),
    ("keyboard://?max_gap_ms=0", "must be > 0"),
    ("keyboard://?layout=xx", "unknown keyboard layout"),
    ("keyboard://?speed=1", "unknown parameter"),
])

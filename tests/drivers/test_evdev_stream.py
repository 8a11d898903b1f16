"""The evdev parser on recorded keyboard-wedge streams (these machines have no /dev/input)."""

import pytest

from drivers.scanners.evdev_stream import (
    EV_KEY,
    EV_SYN,
    LOST,
    RECORD_SIZE,
    InputEvent,
    KeyDecoder,
    parse_binary,
    parse_evemu,
    to_binary,
)
from tests.rigs.evdev_input import Recorder, recording


def decode(name: str, layout: str = "us") -> list[str]:
    return KeyDecoder(layout).feed(parse_evemu(recording(name)))


CODABAR, CODE39, CODE128 = "A21045877B", "LIB-39.$/+% X7", "Kiosk128aBcD-xyz/Q"
SCANNERS = [        # recording, the scanner's layout, the lines it typed
    ("us-shift-flag.evemu", "us", [CODABAR, CODE39, CODE128]),
    ("us-rshift-keys.evemu", "us", [CODABAR, CODE39, CODE128]),
    ("us-capslock.evemu", "us", [CODABAR, CODE39, CODE128]),
    ("jis-shift-flag.evemu", "jis", [CODABAR, "A12+34:56/78.9$0-1B", CODE39,
                                     "Kiosk128aBcD@:xyz/Q"]),
    ("de-altgr-flag.evemu", "de", [CODABAR, CODE39, "Mail@Lib{42}[x]~|\\Yz"]),
    ("de-ctrl-alt-keys.evemu", "de", [CODABAR, "Mail@Lib{42}[x]~|\\Yz"]),
]


def test_us_scanner_recording_gives_each_code_with_start_stop_and_symbols() -> None:
    assert decode("us-scanner.evemu") == [
        "A21045877B", "115538407", "A12+34$56:78/90.B", "9784834000825"]


def test_jis_scanner_read_with_its_own_layout_is_right() -> None:
    assert decode("jis-scanner.evemu", layout="jis") == ["A12+34:5B", "C0012345D"]


def test_jis_scanner_read_as_us_shows_the_mangling_the_layout_setting_prevents() -> None:
    assert decode("jis-scanner.evemu", layout="us") == ["A12:34'5B", "C0012345D"]


def test_keypad_digits_and_keypad_enter() -> None:
    assert decode("keypad-scanner.evemu") == ["21045877"]


def test_junk_is_marked_not_dropped_and_framing_recovers() -> None:
    decoder = KeyDecoder("us", max_length=128)
    lines = decoder.feed(parse_evemu(recording("junk.evemu")))
    # the 200-key line is refused as unreadable, so the patron hears of it
    assert lines == ["1234", f"1{LOST}2", f"3{LOST}", f"4{LOST}5", "ABc", LOST, "9876"]
    assert decoder.dropped == 1


def test_binary_form_round_trips_and_partial_records_wait_for_the_rest() -> None:
    events = list(parse_evemu(recording("us-scanner.evemu")))
    data = to_binary(events)
    assert len(data) == RECORD_SIZE * len(events)
    decoder = KeyDecoder("us")
    lines: list[str] = []
    rest = b""
    for start in range(0, len(data), 100):           # reads that cut records in two
        got, rest = parse_binary(rest + data[start:start + 100])
        lines += decoder.feed(got)
    assert rest == b""
    assert lines == decode("us-scanner.evemu")


def test_a_split_line_across_feeds_is_one_code() -> None:
    events = list(parse_evemu(recording("us-scanner.evemu")))
    decoder = KeyDecoder("us")
    first = decoder.feed(events[:20])
    rest = decoder.feed(events[20:])
    assert first == []
    assert rest[0] == "A21045877B"


def test_release_events_and_other_types_make_no_characters() -> None:
    rec = Recorder()
    rec.type_line("12", "us")
    events = [*parse_evemu(rec.text().splitlines()), InputEvent(0.0, 0x02, 0, 5)]  # EV_REL
    assert KeyDecoder().feed(events) == ["12"]
    assert all(e.type != EV_KEY or e.value in (0, 1) for e in events)


@pytest.mark.parametrize(("name", "layout", "lines"), SCANNERS)
def test_capitals_and_symbols_typed_with_modifiers_read_as_sent(
        name: str, layout: str, lines: list[str]) -> None:
    """Left or right Shift, in the key's report or a report of its own; Caps Lock toggled by
    the scanner; AltGr as right Alt or as Ctrl+Alt where the layout has a third level."""
    assert decode(name, layout) == lines


def test_a_reports_modifiers_apply_to_its_keys_whatever_the_order_written() -> None:
    # One report holding Shift and "a": a descriptor with the key array before the modifier
    # byte makes the kernel write the key first; the report still means "A".
    t = 1.0
    events = [InputEvent(t, EV_KEY, 30, 1), InputEvent(t, EV_KEY, 42, 1),
              InputEvent(t, EV_SYN, 0, 0),
              InputEvent(t + .01, EV_KEY, 30, 0), InputEvent(t + .01, EV_KEY, 42, 0),
              InputEvent(t + .01, EV_SYN, 0, 0),
              InputEvent(t + .02, EV_KEY, 28, 1), InputEvent(t + .02, EV_SYN, 0, 0)]
    assert KeyDecoder("us").feed(events) == ["A"]


def test_lost_events_make_the_scan_unreadable_and_leave_no_shift_stuck() -> None:
    lines = decode("us-unreadable.evemu")
    assert lines == [
        f"010491234567890410AB12{LOST}21XY34",   # GS typed as Ctrl+]
        f"A210{LOST}877B",                         # "45" lost when the kernel's buffer overran
        f"A{LOST}21045877B",                       # Shift's release lost: not held after it
        "115538407",
    ]


def test_after_lost_events_the_device_says_which_modifiers_are_held() -> None:
    decoder = KeyDecoder("us", key_state=lambda: [42, 30])     # Shift and "a" held now
    t = 1.0
    lines = decoder.feed([
        InputEvent(t, EV_SYN, 3, 0), InputEvent(t, EV_SYN, 0, 0),    # SYN_DROPPED
        InputEvent(t + .01, EV_KEY, 48, 1), InputEvent(t + .01, EV_SYN, 0, 0),
        InputEvent(t + .02, EV_KEY, 28, 1), InputEvent(t + .02, EV_SYN, 0, 0)])
    assert lines == [f"{LOST}B"]


def test_malformed_recording_line_is_named() -> None:
    with pytest.raises(ValueError, match="line 2"):
        list(parse_evemu(["N: x", "E: 0.1 0001 zz 1"]))

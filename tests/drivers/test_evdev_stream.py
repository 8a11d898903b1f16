"""The evdev parser on recorded keyboard-wedge streams (these machines have no /dev/input)."""

import pytest
from evdev_rigs import Recorder, recording

from drivers.evdev_stream import (
    EV_KEY,
    LOST,
    RECORD_SIZE,
    InputEvent,
    KeyDecoder,
    parse_binary,
    parse_evemu,
    to_binary,
)


def decode(name: str, layout: str = "us") -> list[str]:
    return KeyDecoder(layout).feed(parse_evemu(recording(name)))


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
    assert lines == ["1234", f"1{LOST}2", f"3{LOST}", f"4{LOST}5", "ABc", "9876"]
    assert decoder.dropped == 1          # the 200-key line


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


def test_malformed_recording_line_is_named() -> None:
    with pytest.raises(ValueError, match="line 2"):
        list(parse_evemu(["N: x", "E: 0.1 0001 zz 1"]))

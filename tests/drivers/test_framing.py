import pytest

from drivers.scanners.framing import LineFramer


@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n"])
def test_each_usual_suffix_ends_a_code(end: bytes) -> None:
    assert LineFramer().feed(b"A123456B" + end) == ["A123456B"]


def test_crlf_split_across_reads_is_one_terminator() -> None:
    framer = LineFramer()
    assert framer.feed(b"A1B\r") == ["A1B"]
    assert framer.feed(b"\nA2B\r") == ["A2B"]
    assert framer.feed(b"\n") == []
    assert framer.feed(b"\n") == []  # a second LF is just an empty line


def test_several_codes_in_one_read() -> None:
    assert LineFramer().feed(b"A1B\rA2B\nA3B\r\nA4B\r") == ["A1B", "A2B", "A3B", "A4B"]


def test_partial_lines_wait_for_their_terminator() -> None:
    framer = LineFramer()
    assert framer.feed(b"97848") == []
    assert framer.feed(b"") == []
    assert framer.feed(b"40107") == []
    assert framer.feed(b"42\rA11") == ["9784840107" + "42"]
    assert framer.feed(b"5538407\r") == ["A115538407"]


def test_empty_lines_are_dropped_without_counting() -> None:
    framer = LineFramer()
    assert framer.feed(b"\r\r\n\n\rA1B\r\r") == ["A1B"]
    assert framer.dropped == 0


def test_overlong_junk_is_dropped_then_framing_recovers() -> None:
    framer = LineFramer(max_length=8)
    assert framer.feed(b"0123456789") == []
    assert framer.feed(b"more junk without end") == []
    assert framer.dropped == 1
    assert framer.feed(b"still junk\rA1B\r") == ["A1B"]
    assert framer.dropped == 1


def test_overlong_line_within_one_read_is_dropped() -> None:
    framer = LineFramer(max_length=8)
    assert framer.feed(b"A1B\r0123456789\rA2B\r") == ["A1B", "A2B"]
    assert framer.dropped == 1


def test_line_of_exactly_max_length_is_kept() -> None:
    assert LineFramer(max_length=4).feed(b"1234\r") == ["1234"]


def test_non_ascii_bytes_are_kept_as_latin1() -> None:
    raw = bytes([0xB1, 0xC3, 0x00, 0xFF]) + b"~+$"
    (code,) = LineFramer().feed(raw + b"\r")
    assert code.encode("latin-1") == raw


def test_explicit_suffix_is_the_only_terminator() -> None:
    framer = LineFramer(suffix=b"\r\n")
    assert framer.feed(b"A\rB\nC\r") == []
    assert framer.feed(b"\nD\r\n") == ["A\rB\nC", "D"]


def test_explicit_suffix_split_across_reads_after_junk() -> None:
    framer = LineFramer(suffix=b"\r\n", max_length=4)
    assert framer.feed(b"0123456789\r") == []
    assert framer.feed(b"\nA1B\r\n") == ["A1B"]
    assert framer.dropped == 1


def test_empty_suffix_is_refused() -> None:
    with pytest.raises(ValueError, match="suffix"):
        LineFramer(suffix=b"")

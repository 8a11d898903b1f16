"""The FEIG ISC host protocol with literal bytes: the CRC vectors of DESIGN §13, frames cut
from a stream in any chunks, replies parsed into values or typed errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.rfid import feig_protocol as proto
from drivers.rfid.port import NoTag, RfError, RfidError, TagError
from tests.rigs.chunked import read_in_chunks
from tests.rigs.feig_emulator import crc as bitwise_crc  # written from the protocol text

# no deadline: the machine is shared and loaded; no example database in the tree
PROPERTY = settings(deadline=None, database=None)

UID = "E004010012345678"


def test_the_design_vectors() -> None:
    assert proto.frame(0x65) == bytes.fromhex("05 FF 65 E5 CB")
    assert proto.frame(0x65, advanced=True) == bytes.fromhex("02 00 07 FF 65 6E 61")
    assert proto.frame(*proto.inventory_request()) == bytes.fromhex("07 FF B0 01 00 1C 56")


def test_requests_carry_the_uid_most_significant_byte_first() -> None:
    command, data = proto.read_request(UID, 2, 3)
    assert command == 0xB0
    assert data == bytes.fromhex("23 01 E0 04 01 00 12 34 56 78 02 03")
    assert proto.afi_request(UID, 0xC2)[1][-1] == 0xC2
    assert proto.eas_request(UID, proto.EAS_RESET) == (0xB1, bytes.fromhex(
        "A3 01 04 E0 04 01 00 12 34 56 78"))
    assert proto.inventory_request(more=True)[1] == b"\x01\x80"
    with pytest.raises(ValueError, match="16 hex digits"):
        proto.read_request("E004", 0, 1)
    with pytest.raises(ValueError, match="whole blocks"):
        proto.write_request(UID, 0, 4, b"abc")


@PROPERTY
@given(command=st.integers(0, 255), status=st.integers(0, 255),
       data=st.binary(max_size=600), advanced=st.booleans(),
       cuts=st.lists(st.integers(1, 50), max_size=20))
def test_frames_are_cut_from_a_stream_in_any_chunks(command: int, status: int, data: bytes,
                                                    advanced: bool, cuts: list[int]) -> None:
    raw = proto.frame(command, data, status=status, advanced=advanced) * 2
    reader = proto.FrameReader()
    frames = read_in_chunks(raw, cuts, reader.feed, reader.next_frame)
    assert len(frames) == 2
    assert frames[0] == proto.Frame(0xFF, command, status, data, frames[0].advanced)
    assert frames[0].advanced == (advanced or len(data) > 252)


def test_a_wrong_crc_or_an_impossible_length_is_a_frame_error() -> None:
    good = proto.frame(0xB0, b"\x00", status=0)
    reader = proto.FrameReader()
    reader.feed(good[:-1] + bytes([good[-1] ^ 1]))
    with pytest.raises(proto.FrameError, match="wrong CRC"):
        reader.next_frame()
    assert reader.pending == 0
    reader.feed(b"\x03\xff\xb0")
    with pytest.raises(proto.FrameError, match="length of 3"):
        reader.next_frame()
    reader.feed(b"\x02\xff\xff")
    with pytest.raises(proto.FrameError, match="length of 65535"):
        reader.next_frame()


def test_requests_can_be_read_too() -> None:
    reader = proto.FrameReader(replies=False)
    reader.feed(bytes.fromhex("07 FF B0 01 00 1C 56"))
    assert reader.next_frame() == proto.Frame(0xFF, 0xB0, None, b"\x01\x00")


def reply(status: int, data: bytes = b"", command: int = 0xB0) -> proto.Frame:
    return proto.Frame(0xFF, command, status, data)


@pytest.mark.parametrize(("status", "data", "error", "words"), [
    (0x01, b"", NoTag, "no tag answered"),
    (0x83, b"", RfError, "RF communication error"),
    (0x02, b"", RfError, "RF error"),
    (0x95, b"\x12", TagError, "locked"),
    (0x95, b"\x10", TagError, "block not available"),
    (0x03, b"", TagError, "write error"),
    (0x82, b"", RfidError, "command not available"),
])
def test_statuses_become_typed_errors(status: int, data: bytes, error: type[Exception],
                                      words: str) -> None:
    with pytest.raises(error, match=words) as raised:
        proto.raise_for_status(reply(status, data), "write AFI C2 to " + UID)
    assert UID in str(raised.value)
    if status == 0x95:
        assert isinstance(raised.value, TagError)
        assert raised.value.iso_code == data[0]


def test_ok_and_more_data_are_not_errors() -> None:
    proto.raise_for_status(reply(0x00), "x")
    proto.raise_for_status(reply(0x94), "x")


def test_inventory_replies() -> None:
    data = bytes([2]) + bytes([3, 0x00]) + bytes.fromhex(UID) + bytes([3, 0x06]) + \
        bytes.fromhex("E0040100AABBCCDD")
    seen = proto.parse_inventory(reply(0, data))
    assert seen == [(UID, 0), ("E0040100AABBCCDD", 6)]
    with pytest.raises(proto.FrameError, match="for 2 tags"):
        proto.parse_inventory(reply(0, data[:-1]))


def test_block_replies() -> None:
    data = bytes([2, 4]) + b"\x00abcd" + b"\x01efgh"
    assert proto.parse_blocks(reply(0, data), 2) == (4, b"abcdefgh", b"\x00\x01")
    with pytest.raises(proto.FrameError, match="3 blocks"):
        proto.parse_blocks(reply(0, data), 3)


def test_system_information_replies() -> None:
    data = bytes([0x06]) + bytes.fromhex(UID) + bytes([0x07, 0x03, 0x1B, 0x01])
    info = proto.parse_system_info(reply(0, data))
    assert (info.uid, info.dsfid, info.afi, info.block_size, info.block_count) == \
        (UID, 6, 7, 4, 28)
    with pytest.raises(proto.FrameError):
        proto.parse_system_info(reply(0, data[:-1]))


@PROPERTY
@given(data=st.binary(max_size=300))
def test_the_fast_crc_is_the_bitwise_one(data: bytes) -> None:
    assert proto.crc16(data) == bitwise_crc(data)

"""The PC/SC single-tag driver through the real stack: pyscard → pcscd → vpcd → a virtual
ISO 15693 tag answering storage-card commands (tests/rigs/vpcd_tag.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.rfid.pcsc_tag import PcscTagReader
from drivers.rfid.port import NoTag, ReaderGone, TagError, Unsupported, read_memory
from tests.rigs.bad_urls import refused_urls
from tests.rigs.vpcd_tag import READER, TagSlot, VirtualTag, wait_for

UID = "E004015012345678"
URL = f"pcsc-tag://?reader={READER}"


@pytest.fixture
def slot(pcscd: object) -> Iterator[TagSlot]:
    tag = VirtualTag(UID, bytearray(range(112)), locked_blocks={27})
    slot = TagSlot(tag)
    slot.insert()
    wait_for(present=True)
    yield slot
    slot.remove()
    wait_for(present=False)


@pytest.fixture
def reader() -> Iterator[PcscTagReader]:
    tag_reader = PcscTagReader(URL)
    yield tag_reader
    tag_reader.close()


def test_the_tag_on_the_reader(slot: TagSlot, reader: PcscTagReader) -> None:
    assert reader.inventory() == [(UID, None)]              # the UID turned round: E0 first
    assert reader.read_blocks(UID, 2, 2) == bytes(range(8, 16))
    reader.write_blocks(UID, 4, b"ABCDEFGH")
    assert reader.read_blocks(UID, 4, 2) == b"ABCDEFGH"
    assert slot.tag.received[-1] == bytes.fromhex("FFB0000504")
    assert read_memory(reader, UID)[16:24] == b"ABCDEFGH"
    assert len(read_memory(reader, UID)) == 112


def test_a_locked_block_and_one_past_the_end(slot: TagSlot, reader: PcscTagReader) -> None:
    reader.inventory()
    with pytest.raises(TagError, match="locked") as raised:
        reader.write_blocks(UID, 27, b"abcd")
    assert raised.value.iso_code == 0x12
    with pytest.raises(TagError, match="no such block"):
        reader.read_blocks(UID, 27, 2)


def test_afi_and_eas_are_unsupported_and_say_what_to_do(slot: TagSlot,
                                                       reader: PcscTagReader) -> None:
    reader.inventory()
    with pytest.raises(Unsupported, match='security = "database"'):
        reader.write_afi(UID, 0xC2)
    for call in (reader.eas_set, reader.eas_reset, reader.eas_alarm):
        with pytest.raises(Unsupported, match="cannot read or write AFI or EAS"):
            call(UID)
    info = reader.system_information(UID)
    assert (info.uid, info.afi, info.block_size, info.block_count) == (UID, None, 4, None)


def test_no_tag_then_a_tag_then_none(pcscd: object, reader: PcscTagReader) -> None:
    assert reader.inventory() == []
    with pytest.raises(NoTag, match="no tag on the reader"):
        reader.read_blocks(UID, 0, 1)
    slot = TagSlot(VirtualTag(UID))
    slot.insert()
    try:
        wait_for(present=True)
        assert reader.inventory() == [(UID, None)]
        with pytest.raises(NoTag, match="is not on the reader"):
            reader.read_blocks("E0040150FFFFFFFF", 0, 1)
    finally:
        slot.remove()
    wait_for(present=False)
    assert reader.inventory() == []


def test_a_tag_pulled_mid_read_is_no_tag(pcscd: object, reader: PcscTagReader) -> None:
    tag = VirtualTag(UID, pull_after=3)
    slot = TagSlot(tag)
    slot.insert()
    try:
        wait_for(present=True)
        reader.inventory()
        with pytest.raises(NoTag, match="left the reader"):
            reader.read_blocks(UID, 0, 8)
    finally:
        slot.remove()
    wait_for(present=False)


class NotATag(VirtualTag):
    def answer(self, apdu: bytes) -> bytes:
        self.received.append(apdu)
        return b"\x6a\x81"


def test_a_card_that_is_not_a_tag(pcscd: object, reader: PcscTagReader) -> None:
    slot = TagSlot(NotATag(UID))
    slot.insert()
    try:
        wait_for(present=True)
        with pytest.raises(TagError, match="not an ISO 15693 tag"):
            reader.inventory()
    finally:
        slot.remove()
    wait_for(present=False)


def test_no_such_reader(pcscd: object) -> None:
    reader = PcscTagReader("pcsc-tag://?reader=Nonexistent Reader")
    with pytest.raises(ReaderGone, match="no card reader 'Nonexistent Reader'"):
        reader.inventory()
    with pytest.raises(ReaderGone):
        reader.open()


test_bad_urls = refused_urls(PcscTagReader, [("pcsc://", "not a pcsc-tag"),
                                             ("pcsc-tag://?name=x", "unknown parameter")])

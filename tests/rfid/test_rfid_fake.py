"""The fake pad the demo panel drives: tags from the URL, "put 3 books on the pad", "take one
off", injected trouble; it records what it was asked to write."""

from __future__ import annotations

import pytest

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.port import NoTag, ReaderGone, RfError
from kiosk.rfid import TagContent, decode_tag, encode_tag
from tests.rigs.bad_urls import refused_urls

UID = "E004010012345678"


def test_tags_from_the_url() -> None:
    memory = encode_tag(TagContent("123456789"))
    pad = FakeRfidReader(f"fake-rfid://?name=demo&tags={UID}:{memory.hex()},E0040100AAAAAAAA")
    assert [t.uid for t in pad.inventory()] == [UID, "E0040100AAAAAAAA"]
    reading = decode_tag(pad.read_blocks(UID, 0, 8))
    assert reading.content is not None
    assert reading.content.item == "123456789"
    assert decode_tag(pad.read_blocks("E0040100AAAAAAAA", 0, 8)).problem is not None


def test_put_three_books_and_take_one_off() -> None:
    pad = FakeRfidReader()
    uids = [pad.put(memory=encode_tag(TagContent(f"10000000{n}"))).uid for n in range(3)]
    assert [t.uid for t in pad.inventory()] == uids
    assert pad.take() == uids[-1]
    assert [t.uid for t in pad.inventory()] == uids[:2]
    assert pad.take(uids[0]) == uids[0]
    pad.clear()
    assert pad.take() is None


def test_writes_are_recorded() -> None:
    pad = FakeRfidReader()
    pad.put(UID)
    pad.write_afi(UID, 0xC2)
    pad.eas_reset(UID)
    assert pad.writes == [("afi", UID, 0xC2), ("eas", UID, False)]
    assert pad.system_information(UID).afi == 0xC2


def test_trouble_on_demand() -> None:
    pad = FakeRfidReader()
    pad.put(UID)
    pad.fail_next(RfError("RF noise"))
    with pytest.raises(RfError):
        pad.inventory()
    assert pad.inventory()
    pad.unplug()
    with pytest.raises(ReaderGone, match="unplugged"):
        pad.inventory()
    pad.replug()
    pad.take(UID)
    with pytest.raises(NoTag):
        pad.write_afi(UID, 0x07)


test_bad_urls = refused_urls(FakeRfidReader, [("fake://?tags=x", "not a fake-rfid"),
                                             ("fake-rfid://?tags=E004:00", "16 hex digits"),
                                             ("fake-rfid://?tags=E004010012345678:zz", "tags="),
                                             ("fake-rfid://?tag=x", "unknown parameter")])

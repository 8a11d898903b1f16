"""One behaviour every RFID reader shares, checked against the fake and the real drivers (FEIG
on the emulator over a pty, PC/SC through pcscd + vpcd with one tag). The tests speak only the
reader port, so the fake cannot drift from what the hardware drivers do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.feig import FeigReader
from drivers.rfid.pcsc_tag import PcscTagReader
from drivers.rfid.port import NoTag, RfidReader, TagError, Unsupported, read_memory
from kiosk.rfid import TagContent, decode_tag, encode_tag
from tests.rigs.feig_emulator import EmulatedTag, FeigEmulator
from tests.rigs.vpcd_tag import READER, TagSlot, VirtualTag, wait_for

UID = "E004015000ABCDEF"


@dataclass
class Rig:
    reader: RfidReader
    put: Callable[[str, bytes], None]           # a tag with this memory, block 27 locked
    take: Callable[[str], None]
    afi_eas: bool = True
    cleanup: list[Callable[[], None]] = field(default_factory=list)


@pytest.fixture
def fake_rig() -> Rig:
    fake = FakeRfidReader("fake-rfid://?name=contract")

    def put(uid: str, memory: bytes) -> None:
        fake.put(uid, memory, locked_blocks={27})

    return Rig(fake, put, fake.take)


@pytest.fixture
def feig_rig(emulator: FeigEmulator) -> Rig:
    def put(uid: str, memory: bytes) -> None:
        emulator.put(EmulatedTag(uid, bytearray(memory.ljust(112, b"\0")), locked_blocks={27}))

    return Rig(FeigReader(f"feig://{emulator.link}?timeout=0.5"), put, emulator.take)


@pytest.fixture
def pcsc_rig(pcscd: object) -> Rig:
    slots: dict[str, TagSlot] = {}

    def put(uid: str, memory: bytes) -> None:
        slot = TagSlot(VirtualTag(uid, bytearray(memory.ljust(112, b"\0")), locked_blocks={27}))
        slot.insert()
        slots[uid] = slot
        wait_for(present=True)

    def take(uid: str) -> None:
        slots.pop(uid).remove()
        wait_for(present=False)

    rig = Rig(PcscTagReader(f"pcsc-tag://?reader={READER}"), put, take, afi_eas=False)
    rig.cleanup.append(lambda: [take(uid) for uid in list(slots)])
    return rig


@pytest.fixture(params=["fake", "feig", "pcsc"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    chosen: Rig = request.getfixturevalue(f"{request.param}_rig")
    yield chosen
    chosen.reader.close()
    for step in chosen.cleanup:
        step()


def test_an_empty_pad(rig: Rig) -> None:
    assert rig.reader.inventory() == []


def test_a_tag_is_seen_read_written_and_read_back(rig: Rig) -> None:
    memory = bytes(range(112))
    rig.put(UID, memory)
    assert [t.uid for t in rig.reader.inventory()] == [UID]
    assert rig.reader.read_blocks(UID, 0, 3) == memory[:12]
    rig.reader.write_blocks(UID, 1, b"WXYZ")
    assert rig.reader.read_blocks(UID, 0, 3) == memory[:4] + b"WXYZ" + memory[8:12]
    assert len(read_memory(rig.reader, UID)) == 112


def test_a_tag_written_by_the_kiosk_decodes(rig: Rig) -> None:
    rig.put(UID, b"")
    content = TagContent("123456789", owner="JP-1000001")
    rig.reader.write_blocks(UID, 0, encode_tag(content))
    reading = decode_tag(read_memory(rig.reader, UID))
    assert reading.ok
    assert reading.content is not None
    assert reading.content.item == "123456789"


def test_locked_and_missing_blocks_are_tag_errors(rig: Rig) -> None:
    rig.put(UID, b"")
    rig.reader.inventory()
    with pytest.raises(TagError) as locked:
        rig.reader.write_blocks(UID, 27, b"abcd")
    assert locked.value.iso_code == 0x12
    with pytest.raises(TagError) as missing:
        rig.reader.read_blocks(UID, 27, 2)
    assert missing.value.iso_code == 0x10


def test_a_tag_taken_off_is_no_tag(rig: Rig) -> None:
    rig.put(UID, b"")
    rig.reader.inventory()
    rig.take(UID)
    with pytest.raises(NoTag):
        rig.reader.read_blocks(UID, 0, 1)
    assert rig.reader.inventory() == []


def test_afi_and_eas_where_the_reader_can(rig: Rig) -> None:
    rig.put(UID, b"")
    rig.reader.inventory()
    if not rig.afi_eas:
        with pytest.raises(Unsupported, match="database"):
            rig.reader.write_afi(UID, 0xC2)
        with pytest.raises(Unsupported):
            rig.reader.eas_reset(UID)
        return
    rig.reader.write_afi(UID, 0xC2)
    assert rig.reader.system_information(UID).afi == 0xC2
    rig.reader.eas_reset(UID)
    assert rig.reader.eas_alarm(UID) is False
    rig.reader.eas_set(UID)
    assert rig.reader.eas_alarm(UID) is True

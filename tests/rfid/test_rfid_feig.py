"""The FEIG driver against the emulator over a real pty: a stack with "more data", reads and
writes read back, AFI and EAS, and every kind of trouble as a typed error that never hangs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.rfid.feig import FeigReader
from drivers.rfid.pad import PadWatcher
from drivers.rfid.port import (
    Garbage,
    NoTag,
    ReaderGone,
    ReaderSilent,
    RfError,
    TagError,
    read_memory,
)
from tests.rigs.bad_urls import refused_urls
from tests.rigs.feig_emulator import EmulatedTag, FeigEmulator, stack

UID = "E004010012345678"


def test_a_stack_of_ten_comes_in_answers_of_four(emulator: FeigEmulator,
                                                 feig: FeigReader) -> None:
    tags = stack(10)
    emulator.put(*tags)
    seen = feig.inventory()
    assert [t.uid for t in seen] == [t.uid for t in tags]
    inventories = [r for r in emulator.requests if r[2:4] == b"\xb0\x01"]
    assert [r[4] for r in inventories] == [0x00, 0x80, 0x80]     # first, then "more"


def test_an_empty_pad_is_an_empty_list(feig: FeigReader) -> None:
    assert feig.inventory() == []


def test_read_write_and_read_back(emulator: FeigEmulator, feig: FeigReader) -> None:
    tag = EmulatedTag(UID, bytearray(range(112)))
    emulator.put(tag)
    assert feig.read_blocks(UID, 1, 2) == bytes(range(4, 12))
    feig.write_blocks(UID, 3, b"ABCDEFGH")
    assert feig.read_blocks(UID, 3, 2) == b"ABCDEFGH"
    assert tag.memory[12:20] == b"ABCDEFGH"
    assert read_memory(feig, UID) == bytes(tag.memory)


def test_system_information_afi_and_eas(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID, dsfid=0x06))
    info = feig.system_information(UID)
    assert (info.uid, info.dsfid, info.afi, info.block_size, info.block_count) == \
        (UID, 6, 0x07, 4, 28)
    feig.write_afi(UID, 0xC2)
    assert feig.system_information(UID).afi == 0xC2
    assert feig.eas_alarm(UID) is True
    feig.eas_reset(UID)
    assert feig.eas_alarm(UID) is False
    feig.eas_set(UID)
    assert feig.eas_alarm(UID) is True


def test_advanced_frames(emulator: FeigEmulator) -> None:
    emulator.put(*stack(3))
    reader = FeigReader(f"feig://{emulator.link}?frame=advanced&timeout=0.5")
    try:
        assert len(reader.inventory()) == 3
    finally:
        reader.close()
    assert emulator.requests[-1][0] == 0x02


def test_a_locked_afi_refuses_the_write(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID, afi_locked=True))
    with pytest.raises(TagError, match="locked") as raised:
        feig.write_afi(UID, 0xC2)
    assert raised.value.iso_code == 0x12
    assert feig.system_information(UID).afi == 0x07


def test_a_locked_block_refuses_the_write(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID, locked_blocks={0}))
    with pytest.raises(TagError, match="ISO 15693 error 12"):
        feig.write_blocks(UID, 0, b"abcd")


def test_a_tag_taken_off_is_no_tag(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID))
    feig.inventory()
    emulator.take(UID)
    with pytest.raises(NoTag, match=f"read blocks 0-1 of {UID}: no tag answered"):
        feig.read_blocks(UID, 0, 2)
    with pytest.raises(NoTag):
        feig.eas_alarm(UID)


def test_reading_past_the_end_is_a_tag_error(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID))
    with pytest.raises(TagError, match="block not available"):
        feig.read_blocks(UID, 27, 2)


def test_rf_noise_is_an_rf_error_and_the_next_call_works(emulator: FeigEmulator,
                                                         feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID))
    emulator.rf_errors(1)
    with pytest.raises(RfError, match="RF communication error"):
        feig.read_blocks(UID, 0, 1)
    assert feig.read_blocks(UID, 0, 1) == bytes(4)


@pytest.mark.parametrize("kind", ["crc", "noise"])
def test_garbage_is_garbage_and_the_next_call_works(emulator: FeigEmulator, feig: FeigReader,
                                                    kind: str) -> None:
    emulator.put(EmulatedTag(UID))
    emulator.garbage(1, kind)
    with pytest.raises(Garbage, match="garbage"):
        feig.inventory()
    assert [t.uid for t in feig.inventory()] == [UID]


def test_a_reader_silent_mid_stack_times_out(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(*stack(6))
    uids = [t.uid for t in feig.inventory()]
    emulator.go_silent(after=2)
    feig.read_blocks(uids[0], 0, 1)
    feig.read_blocks(uids[1], 0, 1)
    start = time.monotonic()
    with pytest.raises(ReaderSilent, match=r"did not answer within 0\.5 s"):
        feig.read_blocks(uids[2], 0, 1)
    assert time.monotonic() - start < 2
    emulator.speak()
    assert feig.read_blocks(uids[2], 0, 1) == bytes(4)


def test_unplugged_and_plugged_back(emulator: FeigEmulator, feig: FeigReader) -> None:
    emulator.put(EmulatedTag(UID))
    assert feig.inventory()
    emulator.unplug()
    with pytest.raises(ReaderGone):
        feig.inventory()
    with pytest.raises(ReaderGone):
        feig.inventory()
    emulator.plug()
    assert [t.uid for t in feig.inventory()] == [UID]


def test_no_reader_at_the_path(tmp_path: Path) -> None:
    reader = FeigReader(f"feig://{tmp_path}/nothing")
    with pytest.raises(ReaderGone, match="no reader at"):
        reader.inventory()


def test_lossy_rf_through_the_pad_watcher(emulator: FeigEmulator, feig: FeigReader) -> None:
    steady = stack(3)
    flaky = EmulatedTag("E0040100FFFFFFFF", presence=[True, False])
    emulator.put(*steady, flaky)
    pad = PadWatcher(placed_after=2, removed_after=2)
    for _ in range(6):
        pad.feed(t.uid for t in feig.inventory())
    assert set(pad.on_pad) == {t.uid for t in steady}
    assert flaky.uid in pad.blinking


test_bad_urls = refused_urls(FeigReader, [
    ("feig://", "needs a device"),
    ("feig:///dev/x?parity=X", "parity"),
    ("feig:///dev/x?frame=big", "standard or advanced"),
    ("feig:///dev/x?baudrate=9600", "unknown parameter"),
    ("feig:///dev/x?timeout=soon", "numbers"),
    ("serial:///dev/x", "not a feig"),
])


def test_the_port_settings(tmp_path: Path) -> None:
    opened: dict[str, object] = {}

    def opener(path: str, **kw: object) -> object:
        opened.update(kw, path=path)
        raise OSError("not really")

    reader = FeigReader("feig:///dev/ttyUSB0?baud=115200&parity=N", opener=opener)
    with pytest.raises(ReaderGone):
        reader.open()
    assert opened["path"] == "/dev/ttyUSB0"
    assert (opened["baudrate"], opened["parity"], opened["bytesize"], opened["stopbits"]) == \
        (115200, "N", 8, 1)
    default = FeigReader("feig:///dev/ttyUSB0", opener=opener)
    with pytest.raises(ReaderGone):
        default.open()
    assert (opened["baudrate"], opened["parity"]) == (38400, "E")


def test_settings_the_port_refuses_are_reader_gone(emulator: FeigEmulator) -> None:
    # A Linux pty takes even parity once and refuses it the second time (EINVAL): pyserial
    # raises termios.error, which is no OSError; the driver must still say ReaderGone.
    first = FeigReader(f"feig://{emulator.link}")
    first.open()
    first.close()
    again = FeigReader(f"feig://{emulator.link}")
    with pytest.raises(ReaderGone, match="refused the settings"):
        again.open()

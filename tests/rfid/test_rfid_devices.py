"""RFID readers in the device registry and in `kiosk devices`, on a small /dev and /sys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.discovery import everything, rfid_readers
from drivers.registry import RFID_READERS, UnknownDevice, open_rfid_reader
from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.feig import FeigReader
from drivers.rfid.pcsc_tag import PcscTagReader
from tests.rigs.small_machine import SmallMachine

FEIG_LINK = "usb-FEIG_ELECTRONIC_GmbH_OBID_RFID-Reader_0815-if00-port0"


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Path]:
    with SmallMachine(tmp_path) as rig:
        rig.tty(f"serial/by-id/{FEIG_LINK}")
        rig.usb("1-4", "0ab1", product="ID ISC.MR102-USB", tty="ttyUSB3")
        rig.usb("1-5", "0ab1", product="ID ISC.PRH101")
        yield tmp_path


def readers() -> list[str]:
    return ["ACS ACR1552 1S CL Reader PICC 00 00"]


def test_feig_and_pcsc_readers_are_listed_with_urls(machine: Path) -> None:
    found = {(f.kind, f.url): f for f in rfid_readers(machine, readers)}
    link = machine / "dev/serial/by-id" / FEIG_LINK
    assert ("RFID reader (FEIG)", f"feig://{link}?baud=38400") in found
    assert ("RFID reader (FEIG)", "feig:///dev/ttyUSB3?baud=38400") in found
    unusable = found[("RFID reader (FEIG)", "")]
    assert "ISC.PRH101" in unusable.name
    assert "serial" in unusable.detail
    assert ("RFID reader (PC/SC, one tag)",
            "pcsc-tag://?reader=ACS ACR1552 1S CL Reader PICC 00 00") in found


def test_a_feig_reader_is_not_offered_as_a_scanner(machine: Path) -> None:
    kinds = {f.kind for f in everything(machine, readers) if FEIG_LINK in f.url}
    assert kinds == {"RFID reader (FEIG)"}


def test_without_pcsc_the_feig_readers_are_still_listed(machine: Path) -> None:
    def broken() -> list[str]:
        raise RuntimeError("no pcscd")

    kinds = [f.kind for f in rfid_readers(machine, broken)]
    assert kinds.count("RFID reader (FEIG)") == 3
    assert "RFID reader (PC/SC, one tag)" not in kinds


def test_every_listed_url_opens(machine: Path) -> None:
    for device in rfid_readers(machine, readers):
        if device.url:
            open_rfid_reader(device.url)


@pytest.mark.parametrize(("url", "kind"), [("feig:///dev/ttyUSB0", FeigReader),
                                           ("pcsc-tag://?reader=ACS", PcscTagReader),
                                           ("fake-rfid://?name=demo", FakeRfidReader)])
def test_the_registry(url: str, kind: type) -> None:
    assert isinstance(open_rfid_reader(url), kind)
    assert set(RFID_READERS) == {"feig", "pcsc-tag", "fake-rfid"}


def test_unknown_schemes_are_named() -> None:
    with pytest.raises(UnknownDevice, match=r"no RFID reader driver for 'fake://'.*fake-rfid"):
        open_rfid_reader("fake://")
    with pytest.raises(ValueError, match="unknown parameter"):
        open_rfid_reader("feig:///dev/ttyUSB0?baudrate=9600")

"""`kiosk doctor` and the RFID pad: the configured reader opened, one inventory, how many tags
it sees (and how many name an item), or the reader's own words; on the fake pad and on the
FEIG emulator over a pty."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.commands.doctor import FAIL, OK, WARN, check_rfid
from kiosk.config import KioskConfig, load_config
from kiosk.rfid import RfidSettings, TagContent, encode_tag
from tests.rigs.feig_emulator import EmulatedTag, FeigEmulator


def tag_hex(item: str, *, parts: int = 1, part: int = 1) -> str:
    return encode_tag(TagContent(item, parts=parts, part=part, owner="JP1000001")).hex()


def with_reader(url: str) -> KioskConfig:
    return replace(load_config(None), rfid=RfidSettings(reader=url))


def test_no_reader_configured_adds_no_line() -> None:
    assert check_rfid(load_config(None)) == []


def test_the_fake_pad_counts_its_tags() -> None:
    url = (f"fake-rfid://?tags=E004010000000001:{tag_hex('30000001')},"
           f"E004010000000002:{tag_hex('30000002')}")
    [check] = check_rfid(with_reader(url))
    assert check.status == OK, check
    assert "2 tag(s) on the pad, 2 naming an item" in check.detail
    assert "simulated" in check.detail


def test_a_blank_tag_on_the_pad_is_a_warning_that_says_how_to_look() -> None:
    [check] = check_rfid(with_reader("fake-rfid://?tags=E004010000000001"))
    assert check.status == WARN, check
    assert "1 tag(s) name no item" in check.detail
    assert "kiosk rfid inventory" in check.detail


def test_a_url_of_another_family_is_named() -> None:
    [check] = check_rfid(with_reader("fake-printer://"))
    assert check.status == FAIL
    assert "printer" in check.detail
    assert "[rfid] reader" in check.detail


def test_the_feig_emulator_on_a_pty(emulator: FeigEmulator) -> None:
    emulator.put(EmulatedTag("E004015000000001", bytearray.fromhex(tag_hex("30000001"))
                             .ljust(112, b"\0")),
                 EmulatedTag("E004015000000002", bytearray.fromhex(tag_hex("30000002"))
                             .ljust(112, b"\0")),
                 EmulatedTag("E004015000000003", bytearray.fromhex(
                     tag_hex("40000001", parts=3, part=2)).ljust(112, b"\0")))
    [check] = check_rfid(with_reader(f"feig://{emulator.link}?timeout=0.5"))
    assert check.status == OK, check
    assert "3 tag(s) on the pad, 3 naming an item" in check.detail
    assert "simulated" not in check.detail


def test_an_unplugged_feig_reader_is_named(emulator: FeigEmulator) -> None:
    emulator.unplug()
    emulator.link.unlink()
    [check] = check_rfid(with_reader(f"feig://{emulator.link}?timeout=0.5"))
    assert check.status == FAIL
    assert str(emulator.link) in check.detail
    assert "barcode" in check.detail


def test_a_silent_feig_reader_is_named(emulator: FeigEmulator) -> None:
    emulator.go_silent()
    [check] = check_rfid(with_reader(f"feig://{emulator.link}?timeout=0.3"))
    assert check.status == FAIL
    assert "answer" in check.detail, check.detail


def test_kiosk_doctor_prints_the_pad(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    config = tmp_path / "branch.toml"
    config.write_text(f'[rfid]\nreader = "fake-rfid://?tags=E004010000000001:'
                      f'{tag_hex("30000001")}"\n', encoding="utf-8")
    status = main(["doctor", "--json", "--min-free-mb", "1", "--config", str(config)])
    checks = {c["name"]: c for c in map(json.loads, capsys.readouterr().out.splitlines())}
    rfid = next(c for name, c in checks.items() if name.startswith("rfid "))
    assert rfid["status"] == OK
    assert "1 tag(s) on the pad" in rfid["detail"]
    assert status == 0, checks

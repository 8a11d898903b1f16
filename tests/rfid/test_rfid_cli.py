"""`kiosk rfid inventory / decode / write` through the real FEIG driver on the emulator, and
decode on dumps: the JSON fields, the words and the exit statuses (0 fine, 1 a tag or the
reader is not, 2 input to fix)."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main
from kiosk.rfid import TagContent, decode_tag, encode_tag, iso28560_3
from tests.rigs.feig_emulator import EmulatedTag, FeigEmulator

VECTOR = "11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3e 44 45 37 30 35 " \
    "00 00 00 00 00 00"


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def url(emulator: FeigEmulator) -> str:
    # parity=N: Linux ptys refuse a second even-parity set-up of the same pty (EINVAL), and
    # these tests open the emulator's pty several times; a USB-serial port takes 8E1 again
    return f"feig://{emulator.link}?timeout=0.5&parity=N"


def test_decode_the_published_vector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rfid", "decode", VECTOR, "--json"]) == 0
    assert lines(capsys.readouterr().out) == [
        {"model": "28560-3", "item": "11223344", "parts": 1, "part": 1, "owner": "DE705",
         "ok": True, "usage": 1}]


def test_decode_reports_what_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    broken = bytearray(bytes.fromhex(VECTOR))
    broken[4] ^= 1
    assert main(["rfid", "decode", broken.hex(), "00" * 32, VECTOR]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "bad-crc" in out[0]
    assert "3E51" in out[0]
    assert "blank" in out[1]
    assert "item 11223344" in out[2]


def test_decode_with_a_model_and_bad_hex(capsys: pytest.CaptureFixture[str]) -> None:
    jla = "3132333435" + "00" * 11
    assert main(["rfid", "decode", jla, "--model", "jla", "--json"]) == 0
    assert lines(capsys.readouterr().out)[0]["item"] == "12345"
    assert main(["rfid", "decode", "xyz"]) == 2
    assert "not hex" in capsys.readouterr().err


def test_inventory_of_a_mixed_stack(emulator: FeigEmulator,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    good = encode_tag(TagContent("100000001", owner="JP-1000001"))
    crc_broken = bytearray(encode_tag(TagContent("100000002")))
    crc_broken[5] ^= 1
    emulator.put(EmulatedTag("E004010000000001", bytearray(good), afi=0x07),
                 EmulatedTag("E004010000000002", bytearray(good), afi=0xC2, eas=False),
                 EmulatedTag("E004010000000003", crc_broken),
                 EmulatedTag("E004010000000004"))
    assert main(["rfid", "inventory", "--reader", url(emulator), "--json"]) == 1
    got = {line["uid"]: line for line in lines(capsys.readouterr().out)}
    first, second = got["E004010000000001"], got["E004010000000002"]
    assert (first["item"], first["owner"], first["afi"], first["eas"]) == \
        ("100000001", "JP1000001", "07", True)
    assert first["problem"] == second["problem"] == "duplicate-item"
    assert (second["afi"], second["eas"]) == ("C2", False)
    assert got["E004010000000003"]["problem"] == "bad-crc"
    assert got["E004010000000004"]["problem"] == "blank"
    assert {line["ok"] for line in got.values()} == {False}


def test_inventory_all_fine_and_empty(emulator: FeigEmulator,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rfid", "inventory", "--reader", url(emulator)]) == 0
    assert "no tags" in capsys.readouterr().err
    emulator.put(EmulatedTag("E004010000000001", bytearray(encode_tag(TagContent("42")))))
    assert main(["rfid", "inventory", "--reader", url(emulator)]) == 0
    out = capsys.readouterr().out
    assert "E004010000000001  28560-3: item 42  part 1/1  AFI 07  EAS on" in out


def test_inventory_when_the_reader_fails(emulator: FeigEmulator,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    emulator.go_silent()
    assert main(["rfid", "inventory", "--reader", url(emulator)]) == 1
    assert "did not answer" in capsys.readouterr().err
    assert main(["rfid", "inventory", "--reader", "feig://"]) == 2
    assert "needs a device" in capsys.readouterr().err
    assert main(["rfid", "inventory"]) == 2


def test_inventory_when_the_reader_stops_mid_stack(emulator: FeigEmulator,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    emulator.put(*(EmulatedTag(f"E00401000000000{n}", bytearray(encode_tag(TagContent(str(n)))))
                   for n in range(1, 5)))
    emulator.go_silent(after=1 + 3 * 2)           # the inventory, then two tags (3 each)
    assert main(["rfid", "inventory", "--reader", url(emulator), "--json"]) == 1
    captured = capsys.readouterr()
    assert [line["item"] for line in lines(captured.out)] == ["1", "2"]
    assert "did not answer within 0.5 s (after 2 tags)" in captured.err


def test_write_a_blank_tag_and_read_it_back(emulator: FeigEmulator,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    tag = EmulatedTag("E004010000000009", afi=0xC2, eas=False)
    emulator.put(tag)
    assert main(["rfid", "write", "--reader", url(emulator), "--item", "123456789",
                 "--owner", "JP-1000001", "--json"]) == 0
    result = lines(capsys.readouterr().out)[0]
    assert result["verified"] is True
    assert result["security_ok"] is True
    reading = decode_tag(bytes(tag.memory))
    assert reading.content == TagContent("123456789", owner="JP1000001")
    assert iso28560_3.crc_ok(bytes(tag.memory))
    assert (tag.afi, tag.eas) == (0x07, False)          # AFI mode: EAS left alone


def test_write_in_another_model(emulator: FeigEmulator,
                                capsys: pytest.CaptureFixture[str]) -> None:
    tag = EmulatedTag("E004010000000009")
    emulator.put(tag)
    assert main(["rfid", "write", "--reader", url(emulator), "--item", "123456789",
                 "--model", "28560-2", "--parts", "3", "--part", "2"]) == 0
    assert "read back and verified" in capsys.readouterr().out
    content = decode_tag(bytes(tag.memory)).content
    assert content is not None
    assert (content.item, content.parts, content.part) == ("123456789", 3, 2)


def test_write_refuses_without_doubt(emulator: FeigEmulator,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["rfid", "write", "--reader", url(emulator), "--item", "2"]
    assert main(argv) == 1
    assert "no tag on the reader" in capsys.readouterr().err
    emulator.put(EmulatedTag("E004010000000001", bytearray(encode_tag(TagContent("1")))),
                 EmulatedTag("E004010000000002"))
    assert main(argv) == 1
    assert "put one alone" in capsys.readouterr().err
    assert main([*argv, "--uid", "E004010000000001"]) == 1
    assert "already names item 1" in capsys.readouterr().err
    assert main([*argv, "--uid", "E004010000000001", "--force"]) == 0
    assert main(["rfid", "write", "--reader", url(emulator), "--item", "x" * 17]) == 2
    assert "1-16 ASCII" in capsys.readouterr().err


def test_write_with_a_locked_afi_says_the_security_is_not_set(
        emulator: FeigEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    tag = EmulatedTag("E004010000000001", afi=0xC2, afi_locked=True)
    emulator.put(tag)
    assert main(["rfid", "write", "--reader", url(emulator), "--item", "77"]) == 1
    err = capsys.readouterr().err
    assert "security is not set" in err
    assert "locked" in err
    assert decode_tag(bytes(tag.memory)).ok

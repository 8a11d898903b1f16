"""``kiosk devices`` on a small /dev and /sys built in a temporary directory."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.discovery import card_readers, everything
from kiosk.cli import main
from tests.rigs.small_machine import SmallMachine


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[Path]:
    with SmallMachine(tmp_path) as rig:
        rig.tty("serial/by-id/usb-DENSO_WAVE_INC._QK30-U-if00")
        rig.node("ttyACM7")                            # a port without a by-id link
        rig.node("input/event5")
        rig.link("input/by-id/usb-Honeywell_Scanner-event-kbd", "input/event5")
        rig.link("input/by-id/usb-Logitech_Mouse-event-mouse", "input/event5")
        rig.node("video0")
        rig.node("video1")
        rig.link("v4l/by-id/usb-Logi_C920-video-index0", "video0")
        rig.link("v4l/by-id/usb-Logi_C920-video-index1", "video1")
        rig.node("usb/lp0")
        rig.usb("1-2", "04b8", product_id="0e28", product="TM-T88VII")
        rig.usb("1-3", "046d")
        yield tmp_path


def readers() -> list[str]:
    return ["Virtual PCD 00 00"]


def test_every_kind_is_found_with_a_config_url(machine: Path) -> None:
    found = {(f.kind, f.url) for f in everything(machine, readers)}
    dev = machine / "dev"
    assert ("scanner (serial)",
            f"serial://{dev}/serial/by-id/usb-DENSO_WAVE_INC._QK30-U-if00?baud=9600") in found
    assert ("scanner (serial)", f"serial://{dev}/ttyACM7?baud=9600") in found
    assert ("scanner (keyboard)",
            f"evdev://{dev}/input/by-id/usb-Honeywell_Scanner-event-kbd?layout=us") in found
    assert ("camera", f"camera://{dev}/v4l/by-id/usb-Logi_C920-video-index0") in found
    assert ("printer", "escpos-usb://04b8:0e28") in found
    assert ("printer", f"escpos-serial://{dev}/usb/lp0") in found
    assert ("card reader", "pcsc://?reader=Virtual PCD 00 00") in found
    urls = " ".join(url for _, url in found)
    assert "event-mouse" not in urls           # a mouse is not a scanner
    assert "index1" not in urls                # metadata nodes are not cameras
    assert "046d" not in urls                  # not a printer vendor
    assert "video0" not in urls                # already listed by its by-id link


def test_names_are_readable(machine: Path) -> None:
    names = {f.name for f in everything(machine, readers)}
    assert "DENSO WAVE INC. QK30-U" in names
    assert "Epson TM-T88VII" in names


def test_without_pcscd_the_reader_line_says_why() -> None:
    def broken() -> list[str]:
        raise RuntimeError("Failed to establish context: Service not available.")
    (line,) = card_readers(broken)
    assert line.url == ""
    assert "pcscd" in line.detail
    assert "Service not available" in line.detail


def test_cli_table_and_json(machine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "--root", str(machine)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["KIND", "NAME", "URL", "NOTE"]
    assert "escpos-usb://04b8:0e28" in out
    assert main(["devices", "--json", "--root", str(machine)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"kind", "url", "name", "detail"} <= set(rows[0])
    assert any(r["url"].startswith("evdev://") for r in rows)


def test_an_empty_machine_says_where_it_looked(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.commands.devices import table
    assert "looked in /dev/serial/by-id" in table([])
    assert everything(tmp_path, list) == []

"""Staff mode saves device choices (kiosk.config_edit): only the device keys change, comments
stay, and a URL is checked against the registry's families before the file is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError
from kiosk.config_edit import save_devices

BRANCH = """# the branch's own words, kept
[devices]
scanners = ["fake-scanner://"]   # the demo's

[receipts]
printer = ""
"""


@pytest.fixture
def branch(tmp_path: Path) -> Path:
    path = tmp_path / "branch.toml"
    path.write_text(BRANCH, encoding="utf-8")
    return path


def test_the_device_keys_change_and_the_comments_stay(branch: Path) -> None:
    config = save_devices(branch, scanners=["serial:///dev/ttyACM0"],
                          printer="fake-printer://", card_reader="pcsc://")
    text = branch.read_text(encoding="utf-8")
    assert "# the branch's own words, kept" in text
    assert 'scanners = ["serial:///dev/ttyACM0"]' in text
    assert config.printer_url == "fake-printer://"
    assert (branch.parent / "branch.toml.bak").read_text(encoding="utf-8") == BRANCH


@pytest.mark.parametrize(("devices", "says"), [
    ({"scanners": ["escpos-net://192.0.2.1"], "printer": ""},
     "devices.scanners: 'escpos-net://192.0.2.1' is a URL of the printers, not of the scanners"),
    ({"scanners": [], "printer": "serial:///dev/ttyACM0"},
     "receipts.printer: 'serial:///dev/ttyACM0' is a URL of the scanners, not of the printers"),
    ({"scanners": [], "printer": "", "card_reader": "pcsc-tag://"},
     "mynumber.reader: 'pcsc-tag://' is a URL of the RFID readers, not of the card readers "
     "(known: pcsc)"),
    ({"scanners": [], "printer": "", "card_reader": "nfc://"},
     "mynumber.reader: no driver for 'nfc://'"),
])
def test_a_device_of_another_family_or_none_is_refused_by_name(
        branch: Path, devices: dict[str, object], says: str) -> None:
    with pytest.raises(ConfigError) as refused:
        save_devices(branch, **devices)  # type: ignore[arg-type]
    assert says in str(refused.value)
    assert branch.read_text(encoding="utf-8") == BRANCH           # untouched
    assert not (branch.parent / "branch.toml.bak").exists()

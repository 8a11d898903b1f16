"""The branch config's [rfid] section: defaults, a branch's values, and mistakes named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.rfid import SecurityMode
from kiosk.rfid.jla import JlaLayout

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example-branch.toml"


def branch(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "branch.toml"
    path.write_text("[rfid]\n" + text, encoding="utf-8")
    return path


def test_the_defaults_have_no_pad() -> None:
    config = load_config()
    assert not config.rfid.enabled
    assert config.rfid.tags.model == "auto"
    assert config.rfid.security.mode is SecurityMode.AFI
    assert (config.rfid.security.afi_in_library, config.rfid.security.afi_on_loan) == (7, 0xC2)


def test_the_example_branch_loads() -> None:
    assert load_config(EXAMPLE).rfid.owner == "JP-1000001"


def test_a_branch_with_a_jla_pad_and_field_afi_values(tmp_path: Path) -> None:
    config = load_config(branch(tmp_path, '''
reader = "feig:///dev/ttyUSB0?baud=38400"
model = "jla"
security = "both"
afi_in_library = 0xD7
afi_on_loan = 0xDA
jla_item_offset = 4
jla_item_length = 10
jla_charset = "shift_jis"
'''))
    rfid = config.rfid
    assert rfid.enabled
    assert rfid.tags.jla == JlaLayout(4, 10, "shift_jis")
    assert rfid.security.wanted(on_loan=True).afi == 0xDA
    assert rfid.security.wanted(on_loan=True).eas is False


@pytest.mark.parametrize(("text", "words"), [
    ('model = "iso"', "rfid.model"),
    ("afi_on_loan = 300", "rfid.afi_on_loan"),
    ("afi_on_loan = 7", "must differ"),
    ('reader = "pcsc-tag://?reader=ACS"', 'rfid.security: a pcsc-tag:// reader cannot write AFI'),
    ('jla_charset = "latin-1"', "rfid.jla_charset"),
    ("jla_owner_length = 8\njla_owner_offset = 8", "overlap"),
    ("afi = 7", "rfid.afi: unknown setting"),
])
def test_mistakes_are_named(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        load_config(branch(tmp_path, text))


def test_a_pcsc_tag_reader_with_database_security(tmp_path: Path) -> None:
    config = load_config(branch(tmp_path, 'reader = "pcsc-tag://?reader=ACS"\n'
                                'security = "database"\n'))
    assert config.rfid.security.wanted(on_loan=True).afi is None

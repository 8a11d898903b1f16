"""`kiosk card read` and `kiosk mynumber link` through pcscd + vpcd + the virtual card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from card_rig import READER
from test_mynumber_card import Inserted, card

from drivers.cards.pcsc import CardReader
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.mynumber import card_for
from kiosk.mynumber_card import MyNumberSettings, read_card
from sync.cache.cache import open_cache

pytestmark = pytest.mark.usefixtures("pcscd")


@pytest.fixture
def branch(tmp_path: Path, anchors: Path, secret: Path) -> Path:
    key = tmp_path / "card-key"
    key.write_bytes(b"k" * 32)
    config = tmp_path / "branch.toml"
    config.write_text(f"""
[mynumber]
enabled = true
reader = "{READER}"
link_secret_file = "{secret}"
trust_anchors = ["{anchors}"]

[cache]
path = "{tmp_path / 'cache.sqlite3'}"
key_file = "{key}"
""", encoding="utf-8")
    return config


def test_card_read_prints_the_link_key_and_nothing_personal(
        ca, branch: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with Inserted(card(ca)):
        assert main(["card", "read", "--json", "--config", str(branch)]) == 0
    out = capsys.readouterr().out
    line = json.loads(out)
    assert line["kind"] == "mynumber"
    assert len(line["link_key"]) == 64
    assert set(line) == {"kind", "link_key", "not_after"}


def test_no_card_is_an_error_line(branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # vpcd's second slot never has a card in these tests
    assert main(["card", "read", "--json", "--wait", "0.3", "--config", str(branch),
                 "--reader", "pcsc://?reader=Virtual PCD 00 01"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "no_card"


def test_mynumber_link_then_the_kiosk_finds_the_card(
        ca, branch: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with Inserted(card(ca, serial=4242)):
        assert main(["mynumber", "link", "--card", "21045877", "--config", str(branch)]) == 0
        assert "****5877" in capsys.readouterr().out
        config = load_config(branch)
        settings = MyNumberSettings.from_mapping(config.mynumber)
        read = read_card(CardReader(READER), settings)
        with open_cache(Path(config.cache_path), config.cache_key()) as cache:
            assert card_for(cache, read) == "21045877"

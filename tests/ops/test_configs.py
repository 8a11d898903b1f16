"""Branch configs: every example validates; every mistake names the file, the key and what is
wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "config").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_config_validates(path: Path) -> None:
    config = load_config(path)
    assert config.source == str(path)
    assert config.branch_name


def test_the_seed_libraries_have_examples() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"toyama-city", "kyoto-prefectural", "tochigi-prefectural",
            "hirakata-city"} <= names


@pytest.mark.parametrize(("toml", "says"), [
    ("[session]\nidle_seconds = 'soon'\n", "session.idle_seconds: expected an integer, got 'soon'"),
    ("[session]\nidle_sconds = 60\n", "session.idle_sconds: unknown setting"),
    ("[ils]\nport = 70000\n", "ils.port"),
    ("[ils]\nterminator = \"LF\"\n", "ils.terminator"),
    ("[receipts]\npolicy = \"sometimes\"\n", "receipts.policy"),
    ("[branch]\nlanguages = [\"ja\", \"fr\"]\n", "branch.languages.1"),
    ("[offline]\nmax_items_per_patron = -1\n", "offline.max_items_per_patron"),
    ("[barcodes]\ncard_check = \"luhn\"\n", "barcodes.card_check"),
    ("[session]\nrequire_pin = \"yes\"\n", "session.require_pin: expected true or false"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path: Path, toml: str, says: str) -> None:
    path = tmp_path / "branch.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert says in message


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "branch.toml"
    path.write_text("[session]\nidle_seconds = 'x'\ngoodbye_seconds = 'y'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"idle_seconds.*goodbye_seconds"):
        load_config(path)


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "branch.toml"
    path.write_text("[session\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}.*not valid TOML"):
        load_config(path)


def test_kiosk_run_refuses_a_bad_config_with_the_reason(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "branch.toml"
    path.write_text("[ils]\nport = 'sip'\n", encoding="utf-8")
    assert main(["run", "--config", str(path)]) == 2
    assert "ils.port: expected an integer" in capsys.readouterr().err

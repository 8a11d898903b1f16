from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "branch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_embedded_defaults_are_the_demo() -> None:
    config = load_config(None)
    assert config.ils.embedded
    assert config.languages[0] == "ja"
    assert config.scanners == ("fake-scanner://?name=demo",)
    assert str(config.timezone) == "Asia/Tokyo"


def test_a_branch_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[ils]\nhost = "ils.example"\nport = 7000\n'))
    assert (config.ils.host, config.ils.port) == ("ils.example", 7000)
    assert config.ils.encoding == "utf-8"


def test_the_example_branch_config_loads() -> None:
    example = Path(__file__).resolve().parents[2] / "config" / "example-branch.toml"
    config = load_config(example)
    assert config.ils.password_file.endswith("sip2-password")


@pytest.mark.parametrize(("text", "named"), [
    ("[ils]\nhots = 'x'\n", "ils.hots"),
    ("[ils]\nport = 'x'\n", "ils.port"),
    ("[ils]\nterminator = 'LF'\n", "ils.terminator"),
    ("[ils]\nencoding = 'klingon'\n", "ils.encoding"),
    ("[branch]\ntimezone = 'Mars/Base'\n", "branch.timezone"),
    ("[session]\nwarning_seconds = 100\n", "session.warning_seconds"),
    ("[barcodes]\ncard_pattern = '('\n", "barcodes"),
    ("not toml = = \n", "not valid TOML"),
])
def test_mistakes_name_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load_config(write(tmp_path, text))


def test_password_comes_from_a_file_or_a_systemd_credential(tmp_path: Path,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sip2-password").write_text("s3cret\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    assert load_config(None).ils.password() == "s3cret"
    config = load_config(write(tmp_path, "[ils]\npassword_file = '/nonexistent/pw'\n"))
    with pytest.raises(ConfigError, match="password_file"):
        config.ils.password()


def test_tls_settings_reach_the_sip2_client(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("secret\n")
    config = load_config(write(tmp_path, (
        "[ils]\nhost = 'ils.example'\ntls = true\ncafile = '/etc/ssl/ils-ca.pem'\n"
        f"password_file = '{tmp_path / 'pw'}'\nerror_detection = false\n")))
    settings = config.ils.sip2_settings(config.institution)
    assert settings.tls is True
    assert settings.cafile == "/etc/ssl/ils-ca.pem"
    assert settings.password == "secret"
    assert settings.framing.error_detection is False
    assert "secret" not in repr(settings)


def test_a_client_certificate_needs_its_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"certfile and ils\.keyfile"):
        load_config(write(tmp_path, "[ils]\ncertfile = '/etc/kiosk.pem'\n"))


def test_the_schema_finds_every_problem_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "[branch]\ntimezone = 'Mars/Base'\n"
                                    "[ils]\nencoding = 'klingon'\nport = 'x'\n"
                                    "[session]\nwarning_seconds = 100\n"))
    problems = str(caught.value).removeprefix(f"{tmp_path / 'branch.toml'}: ").split("; ")
    assert sorted(problems) == [
        "branch.timezone: unknown time zone 'Mars/Base'",
        "ils.encoding: unknown encoding 'klingon'",
        "ils.port: expected an integer, got 'x'",
        "session.warning_seconds: must be shorter than session.idle_seconds"]


@pytest.mark.parametrize(("text", "says"), [
    ("[session]\nidle_sconds = 60\n", "session.idle_sconds: unknown setting (known: "
                                      "goodbye_seconds, idle_seconds, require_pin, show_loans, "
                                      "warning_seconds)"),
    ("ils = 5\n", "ils: expected a [table]"),
    ("[colour]\nscheme = 'dark'\n", "colour: unknown setting (known: accessibility, alerts,"),
])
def test_a_misplaced_key_or_table_is_named(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert says in str(caught.value)


def test_numbers_and_the_guide_picture_come_out_as_the_dataclasses_want(tmp_path: Path) -> None:
    (tmp_path / "guide.png").write_bytes(b"\x89PNG")
    config = load_config(write(tmp_path, "[offline]\nretry_seconds = 5\n"
                                         "[display]\nguide_image = 'guide.png'\n"))
    assert isinstance(config.offline.retry_seconds, float)
    assert config.guide_image == str(tmp_path / "guide.png")
    assert config.barcodes.card_check == "mod10w21"
    assert config.mynumber["enabled"] is False

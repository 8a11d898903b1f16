"""The Debian package's sources, checked quickly on every run (the slow round trip in a
Debian 12 root is tests/packaging/test_deb.py): maintainer scripts that parse and stop on
errors, a control file that names what the kiosk loads, units that run the packaged
kiosk, an example config that loads, lintian overrides that each say why."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SCRIPTS = ("preinst", "postinst", "prerm", "postrm")


@pytest.mark.parametrize("name", SCRIPTS)
def test_maintainer_scripts_parse_and_stop_on_errors(name: str) -> None:
    path = PACKAGING / "debian" / name
    text = path.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert "\nset -e\n" in text
    assert path.stat().st_mode & 0o111, f"{name} is not executable"
    result = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_state_and_config_are_removed_only_on_purge() -> None:
    postrm = (PACKAGING / "debian" / "postrm").read_text()
    purge = postrm.split("    purge)", 1)[1].split(";;", 1)[0]
    remove = postrm.split("    remove)", 1)[1].split(";;", 1)[0]
    assert "rm -rf /var/lib/library-kiosk /etc/library-kiosk" in purge
    assert "/var/lib/library-kiosk" not in remove
    postinst = (PACKAGING / "debian" / "postinst").read_text()
    assert 'if [ ! -e "$ETC/branch.toml" ]' in postinst       # never overwritten


def test_the_user_gets_the_device_groups() -> None:
    postinst = (PACKAGING / "debian" / "postinst").read_text()
    groups = re.search(r"for group in ([\w ]+); do", postinst).group(1).split()  # type: ignore[union-attr]
    assert {"dialout", "input", "video", "lp", "plugdev"} <= set(groups)


def test_control_depends_on_what_the_kiosk_loads() -> None:
    control = (PACKAGING / "debian" / "control.in").read_text()
    fields = dict(re.findall(r"^([\w-]+): (.*)$", control, re.MULTILINE))
    for field in ("Package", "Version", "Architecture", "Maintainer", "Depends",
                  "Description", "Installed-Size"):
        assert field in fields, field
    depends = fields["Depends"]
    for package in ("python3 (>= 3.11)", "python3 (<< 3.12)", "adduser", "cage",
                    "libpcsclite1", "libzbar0", "fonts-noto-cjk", "libegl1"):
        assert package in depends, package


def test_units_run_the_packaged_kiosk() -> None:
    for unit in ("library-kiosk.service", "library-kiosk-cache-refresh.service"):
        text = (ROOT / "systemd" / unit).read_text()
        assert "/opt/library-kiosk/bin/kiosk " in text
        assert ".venv" not in text


def test_the_example_config_loads_and_names_the_package_paths() -> None:
    example = PACKAGING / "branch.toml.example"
    config = load_config(example)
    assert config.cache_path == "/var/lib/library-kiosk/cache.sqlite3"
    assert config.cache_key_file.startswith("/etc/library-kiosk/credentials/")
    assert not tomllib.loads(example.read_text())["ils"]["password_file"]   # a credential


def test_every_lintian_override_says_why() -> None:
    lines = (PACKAGING / "lintian-overrides").read_text().splitlines()
    overrides = [i for i, line in enumerate(lines) if line.startswith("library-kiosk:")]
    assert overrides
    for i in overrides:
        assert lines[i - 1].startswith("#"), f"no reason above {lines[i]!r}"

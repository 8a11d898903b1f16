"""The systemd units pass ``systemd-analyze verify`` and say what the kiosk needs."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "systemd").glob("*.service")) + sorted((ROOT / "systemd").glob("*.timer"))
INSTALLED_KIOSK = "/opt/library-kiosk/bin/kiosk"


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    text = (ROOT / "systemd" / name).read_text()
    # repeated keys (DeviceAllow, LoadCredential) are kept by joining: enough for asserting
    lines, seen = [], {}
    for raw in text.splitlines():
        key = raw.split("=", 1)[0].strip()
        line = raw
        if "=" in raw and not raw.lstrip().startswith("#") and key in seen:
            seen[key] += 1
            line = f"{key}__{seen[key]}={raw.split('=', 1)[1]}"
        elif "=" in raw:
            seen[key] = 0
        lines.append(line)
    parser.read_string("\n".join(lines))
    return parser


def test_every_unit_verifies(tmp_path: Path) -> None:
    # The units name where a kiosk installs the venv; here, this checkout's venv stands in.
    for path in UNITS:
        text = path.read_text().replace(INSTALLED_KIOSK, str(Path(sys.executable).parent /
                                                              "kiosk"))
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", *[str(tmp_path / p.name)
                                                            for p in UNITS]],
                            check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "library-kiosk" not in result.stderr, result.stderr   # no warnings about ours


def test_the_kiosk_unit_watches_restarts_and_is_locked_down() -> None:
    service = unit("library-kiosk.service")["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "all"
    assert int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "always"
    assert unit("library-kiosk.service")["Unit"]["StartLimitIntervalSec"] == "0"
    assert service["ExecStart"].startswith("/usr/bin/cage ")
    assert service["TTYPath"] == "/dev/tty1"
    for key in ("NoNewPrivileges", "PrivateTmp"):
        assert service[key] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["DevicePolicy"] == "closed"
    credentials = [v for k, v in service.items() if k.startswith("LoadCredential")]
    assert any(c.startswith("sip2-password:") for c in credentials)
    assert any(c.startswith("card-key:") for c in credentials)


def test_the_cache_refresh_runs_nightly_and_catches_up() -> None:
    timer = unit("library-kiosk-cache-refresh.timer")["Timer"]
    assert timer["OnCalendar"]
    assert timer["Persistent"] == "true"
    service = unit("library-kiosk-cache-refresh.service")["Service"]
    assert " cache import " in service["ExecStart"]

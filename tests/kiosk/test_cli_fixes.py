"""Issue 18, 15 and 8d: the staff command line as a new user meets it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.discovery import Found
from kiosk.cli import main
from kiosk.commands.devices import table

ROOT = Path(__file__).resolve().parents[2]


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_ils_sim_help_lists_its_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "ils-sim")
    for command in ("serve", "loans", "ledger", "export-feed"):
        assert command in text
    assert "export-feed" in help_of(capsys)               # `kiosk --help` names them too


def test_the_sip2_decode_example_has_a_right_checksum(
        capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(help_of(capsys, "sip2", "decode").split())
    match = re.search(r"e\.g\. '([^']+AZ)([0-9A-F]{4})'", text)
    assert match is not None, text
    body, written = match.groups()
    assert written == f"{-sum(body.encode()) & 0xFFFF:04X}"          # computed here: FDFD
    assert main(["sip2", "decode", body + written]) == 0
    assert json.loads(capsys.readouterr().out)["checksum_ok"] is True


def test_the_demo_without_a_display_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo"], cwd=ROOT,
                          env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        assert name in lines[0]


@pytest.mark.parametrize("found", [
    [],
    [Found("card reader", "", "(none listed)", "PC/SC is not available: no service. Is "
           "pcscd installed and running?")]])
def test_devices_with_nothing_plugged_in_names_every_class(found: list[Found]) -> None:
    text = table(found)
    for plural in ("scanners", "cameras", "printers", "RFID readers"):
        assert f"no {plural} found" in text
    assert ("no card readers found" in text) or ("pcscd" in text)
    assert "looked in /dev/serial/by-id" in text


def test_decode_formats_are_described_and_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from drivers.cameras.barcode_pipeline import SYMBOLOGIES
    text = " ".join(help_of(capsys, "decode").split())
    assert all(name in text for name in SYMBOLOGIES)
    assert main(["decode", "--formats", "nope", str(tmp_path / "x.png")]) == 2
    assert ", ".join(SYMBOLOGIES) in capsys.readouterr().err


# -- 8d: a demo on another ILS lends offline from a seeded cache ---------------------------------
def test_a_demo_on_an_ils_that_is_down_lends_from_a_seeded_cache(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]                    # nothing listens there
    state = tmp_path / "kiosk"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "demo", "--autopilot", "--offline", "--ils",
         f"127.0.0.1:{dead}", "--state-dir", str(state), "--items-per-patron", "2"],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                       "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300, check=False)
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, done.stdout + done.stderr
    assert sum(1 for e in events if e.get("event") == "checkout") == 2
    assert (state / "card-key").exists()


def test_a_feed_given_to_the_demo_seeds_its_cache(tmp_path: Path) -> None:
    from dataclasses import replace

    from kiosk.config import load_config
    from kiosk.demo import seed_cache
    feed = tmp_path / "feed.csv"
    assert main(["ils-sim", "export-feed", str(feed), "--format", "csv"]) == 0
    config = replace(load_config(None), cache_path=str(tmp_path / "cache.sqlite3"))

    counts = seed_cache(config, feed)

    assert counts["patrons"] > 0
    assert counts["items"] > 0
    assert (tmp_path / "cache.sqlite3.card-key").exists()      # kept for the next start

"""`kiosk demo --autopilot` as staff run it: a separate process, JSON lines, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.rigs.ils_process import ils_sim_process

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def autopilot(*options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "--autopilot", *options],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=90,
                          check=False)


def test_autopilot_borrows_three_items_and_exits_0() -> None:
    done = autopilot()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    checkouts = [e for e in lines if e["event"] == "checkout"]
    assert len(checkouts) == 3
    for event in checkouts:
        assert event["mode"] == "online"
        assert len(event["item"]) == 9
        assert event["due"] > "2000-01-01"
        assert event["patron"].startswith("****")          # never the full card number
    assert lines[-1]["event"] == "summary"
    assert lines[-1]["ok"] is True
    assert lines[-1]["checkouts"] == 3
    assert "Traceback" not in done.stderr


def test_autopilot_against_an_external_ils_simulator(tmp_path: Path) -> None:
    """`--ils HOST:PORT`: the kiosk talks to a separate `kiosk ils-sim` process."""
    state = tmp_path / "ils.sqlite3"
    with ils_sim_process("--state", str(state), env=ENV) as ils:
        done = autopilot("--ils", f"127.0.0.1:{ils.port}", "--patrons", "2",
                         "--items-per-patron", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    items = {json.loads(line)["item"] for line in done.stdout.splitlines()
             if json.loads(line)["event"] == "checkout"}
    assert len(items) == 4
    loans = subprocess.run([sys.executable, "-m", "kiosk.cli", "ils-sim", "loans", "--state",
                            str(state), "--json"], cwd=ROOT, env=ENV, capture_output=True,
                           text=True, check=True)
    assert items <= {loan["item"] for loan in json.loads(loans.stdout)}


def test_autopilot_against_a_strict_ils_simulator(tmp_path: Path) -> None:
    """`kiosk ils-sim serve --strict` closes the connection on any request departing from
    SIP2 2.00, as strict servers do (one refused every checkout of a kiosk sending 18
    blanks as the nb due date): the whole scripted visit goes through it online."""
    with ils_sim_process("--strict", "--state", str(tmp_path / "ils.sqlite3"),
                         env=ENV) as ils:
        assert "strict SIP2" in ils.first_line, ils.first_line
        done = autopilot("--ils", f"127.0.0.1:{ils.port}", "--patrons", "2",
                         "--items-per-patron", "2")
    assert done.returncode == 0, done.stdout + done.stderr + ils.log
    events = [json.loads(line) for line in done.stdout.splitlines()]
    checkouts = [e for e in events if e["event"] == "checkout"]
    assert len(checkouts) == 4
    assert all(e["mode"] == "online" for e in checkouts)
    assert events[-1]["ok"] is True
    assert "strict:" not in ils.log                  # nothing was refused
    assert ils.log.count(" 11 checkout ") == 4


def test_autopilot_offline_journals_every_loan(tmp_path: Path) -> None:
    done = autopilot("--offline", "--state-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["mode"] for e in events if e["event"] == "checkout"] == ["offline"] * 3
    listed = subprocess.run([sys.executable, "-m", "kiosk.cli", "journal", "list", "--json",
                             "--cache", str(tmp_path / "cache.sqlite3")],
                            cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"pending"') == 3

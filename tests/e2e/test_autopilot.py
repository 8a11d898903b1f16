"""`kiosk demo --autopilot` as staff run it: a separate process, JSON lines, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_autopilot_borrows_three_items_and_exits_0() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "--autopilot"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
                          check=False)
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
    import socket
    import time
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    state = tmp_path / "ils.sqlite3"
    ils = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "ils-sim", "--port", str(port),
                            "--state", str(state)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "--autopilot",
                               "--ils", f"127.0.0.1:{port}", "--patrons", "2",
                               "--items-per-patron", "2"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
                              check=False)
    finally:
        ils.terminate()
        ils.wait(timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    items = {json.loads(line)["item"] for line in done.stdout.splitlines()
             if json.loads(line)["event"] == "checkout"}
    assert len(items) == 4
    loans = subprocess.run([sys.executable, "-m", "kiosk.cli", "ils-sim", "loans", "--state",
                            str(state), "--json"], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True)
    assert items <= {loan["item"] for loan in json.loads(loans.stdout)}


def test_autopilot_against_a_strict_ils_simulator(tmp_path: Path) -> None:
    """`kiosk ils-sim serve --strict` closes the connection on any request departing from
    SIP2 2.00, as strict servers do (one refused every checkout of a kiosk sending 18
    blanks as the nb due date): the whole scripted visit goes through it online."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    ils = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "ils-sim", "serve", "--port",
                            "0", "--strict", "--state", str(tmp_path / "ils.sqlite3")],
                           cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert ils.stderr is not None
        first = ils.stderr.readline()
        assert "strict SIP2" in first, first
        port = int(first.split("listening on 127.0.0.1:")[1].split(" ")[0])
        done = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "--autopilot",
                               "--ils", f"127.0.0.1:{port}", "--patrons", "2",
                               "--items-per-patron", "2"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
                              check=False)
    finally:
        ils.terminate()
        _, log = ils.communicate(timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr + log
    events = [json.loads(line) for line in done.stdout.splitlines()]
    checkouts = [e for e in events if e["event"] == "checkout"]
    assert len(checkouts) == 4
    assert all(e["mode"] == "online" for e in checkouts)
    assert events[-1]["ok"] is True
    assert "strict:" not in log                      # nothing was refused
    assert log.count(" 11 checkout ") == 4


def test_autopilot_offline_journals_every_loan(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "--autopilot",
                           "--offline", "--state-dir", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["mode"] for e in events if e["event"] == "checkout"] == ["offline"] * 3
    listed = subprocess.run([sys.executable, "-m", "kiosk.cli", "journal", "list", "--json",
                             "--cache", str(tmp_path / "cache.sqlite3")],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"pending"') == 3

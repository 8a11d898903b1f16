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

"""The crash rig: kiosks lending offline are killed with SIGKILL at random moments; then the
ILS comes back and the journal is replayed. Every loan a patron saw acknowledged must be in
the simulator's ledger exactly once, and no other loan may be there. A checkout the ILS took
as a renewal (the patron had the item already) is a doubled loan even though the ILS shows
one loan: the ledger's ``renewal`` flag is counted as a second loan.

Used by tests/offline/test_crash.py (a few kills) and bench/bench_crash.py (many).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIM_PASSWORD = "kiosk-demo"


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def kiosk_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class CrashRun:
    workdir: Path
    patrons: int = 4
    items_per_patron: int = 3
    seed: int = 1
    acknowledged: Counter[tuple[str, str]] = field(default_factory=Counter)  # (item, last4)
    kills: int = 0
    log: list[str] = field(default_factory=list)
    replay_status: int | None = None     # exit status of the last `kiosk journal replay`

    @property
    def state_dir(self) -> Path:
        return self.workdir / "kiosk"

    @property
    def sim_state(self) -> Path:
        return self.workdir / "ils-state.json"

    def _demo(self) -> list[str]:
        return kiosk_cmd("demo", "--autopilot", "--offline", "--state-dir", str(self.state_dir),
                         "--patrons", str(self.patrons),
                         "--items-per-patron", str(self.items_per_patron))

    def _record(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if event.get("event") == "checkout":
            self.acknowledged[(event["item"], event["patron"][-4:])] += 1

    def offline_run(self, kill_after: float | None) -> int | None:
        """One kiosk process; SIGKILL after ``kill_after`` seconds (None: let it finish).

        Lines are read by a thread as they come: a line in the pipe is one the patron's
        screen had already shown when the process died."""
        proc = subprocess.Popen(self._demo(), cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        stdout = proc.stdout
        reader = threading.Thread(target=lambda: [self._record(line) for line in stdout],
                                  daemon=True)
        reader.start()
        try:
            proc.wait(timeout=kill_after if kill_after is not None else 600)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            self.kills += 1
            reader.join(timeout=10)
            return None
        reader.join(timeout=10)
        return proc.returncode

    def crash_phase(self, kills: int, max_delay: float = 4.0) -> None:
        rng = random.Random(self.seed)
        attempts = 0
        # a run that finishes before its kill time is fine but is no kill: go on until
        # ``kills`` processes really died mid-run
        while self.kills < kills and attempts < kills * 4:
            attempts += 1
            self.offline_run(rng.uniform(0.3, max_delay))
        code = self.offline_run(None)
        if code != 0:
            raise AssertionError(f"the final offline run failed with exit status {code}")

    def start_ils(self, port: int) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            kiosk_cmd("ils-sim", "--port", str(port), "--state", str(self.sim_state)),
            cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc
            except OSError:
                time.sleep(0.05)
        proc.kill()
        raise AssertionError("the ILS simulator did not start")

    def branch_config(self, port: int) -> Path:
        password = self.workdir / "sip2-password"
        password.write_text(SIM_PASSWORD)
        config = self.workdir / "branch.toml"
        config.write_text(
            "[ils]\n"
            f'host = "127.0.0.1"\nport = {port}\nuser = "kiosk"\n'
            f'password_file = "{password}"\ntimeout_seconds = 2.0\n'
            "[cache]\n"
            f'path = "{self.state_dir / "cache.sqlite3"}"\n'
            f'key_file = "{self.state_dir / "card-key"}"\n', encoding="utf-8")
        return config

    def replay(self, port: int, *, cut_ils: int = 0, check: bool = True) -> None:
        """Replay the journal; ``cut_ils`` times, kill the ILS at a random moment of it.
        ``check``: a final replay that does not exit 0 (rows refused, or taken as renewals)
        raises; else its status is kept in ``replay_status`` for the caller to report."""
        rng = random.Random(self.seed + 1)
        config = self.branch_config(port)
        ils = self.start_ils(port)
        try:
            for _ in range(cut_ils):
                replay = subprocess.Popen(kiosk_cmd("journal", "replay", "--config", str(config)),
                                          cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.0, 0.8))
                ils.send_signal(signal.SIGKILL)
                ils.wait()
                replay.wait(timeout=60)
                ils = self.start_ils(port)
            done = subprocess.run(kiosk_cmd("journal", "replay", "--config", str(config)),
                                  cwd=ROOT, env=_env(), capture_output=True, text=True,
                                  timeout=300, check=False)
            self.log.append(done.stdout + done.stderr)
            self.replay_status = done.returncode
            if check and done.returncode != 0:
                raise AssertionError(f"replay failed: {done.stdout}{done.stderr}")
        finally:
            ils.send_signal(signal.SIGTERM)
            ils.wait(timeout=30)

    def ledger_loans(self) -> Counter[tuple[str, str]]:
        """(item, last 4 of card) of every checkout the ILS recorded, with its multiplicity:
        a checkout it took as a renewal counts as one more loan (a doubled one)."""
        done = subprocess.run(kiosk_cmd("ils-sim", "ledger", "--state", str(self.sim_state),
                                        "--json"),
                              cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)
        loans: Counter[tuple[str, str]] = Counter()
        for entry in json.loads(done.stdout):
            if entry.get("ok") and (entry.get("renewal") or entry.get("kind") in (
                    "checkout", "no_block_checkout", "renew", "no_block_renew")):
                loans[(entry["item"], entry["card"][-4:])] += 1
        return loans

    def ils_renewals(self) -> int:
        """Checkouts the ILS took as renewals: each one a doubled loan."""
        done = subprocess.run(kiosk_cmd("ils-sim", "ledger", "--state", str(self.sim_state),
                                        "--json"),
                              cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)
        return sum(1 for entry in json.loads(done.stdout)
                   if entry.get("ok") and entry.get("renewal")
                   and entry.get("kind") in ("checkout", "no_block_checkout"))

    def check(self) -> tuple[set[tuple[str, str]], Counter[tuple[str, str]]]:
        """(acknowledged loans, ledger) after the run; equal sets, every count 1, when right."""
        return set(self.acknowledged), self.ledger_loans()

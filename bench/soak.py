"""Parts of the soak bench (bench_soak.py): the ILS simulator in its own process, the virtual
My Number card on pcscd + vpcd, and the process's own figures sampled as it runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
READER = "pcsc://?reader=Virtual PCD 00 00"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class SimulatorProcess:
    """``python -m sync.ils_sim serve`` (= ``kiosk ils-sim serve``) on a fixed port with a
    state file: killed with SIGKILL for an offline spell and started again on the same port
    and state, as an ILS that went away and came back."""

    def __init__(self, state: Path, log: Path) -> None:
        self.state, self.log = state, log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    @property
    def up(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        self._log = self._log or self.log.open("ab")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sync.ils_sim", "serve", "--port", str(self.port),
             "--state", str(self.state)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=self._log)
        self.starts += 1
        deadline = time.monotonic() + 60
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the ILS simulator did not come up (see {self.log})")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


def card_on_reader() -> bool:
    """Whether pcscd sees the virtual My Number card on vpcd's reader now."""
    from tests.rigs.pcsc_probe import card_on_reader as on
    return on(READER)


@dataclass(frozen=True)
class Sample:
    session: int
    seconds: float
    rss_kb: int
    threads: int
    fds: int
    db_bytes: int
    wal_bytes: int
    shm_bytes: int
    journal_open: int
    journal_rows: int
    widgets: int                 # Qt widgets alive (a leak Python's heap would not show)
    py_objects: int              # objects the garbage collector tracks
    steady: bool                 # the ILS up and the journal empty: like the end, to compare


def open_files() -> dict[str, int]:
    """What this process's descriptors are, by kind: sockets, pipes, files by name."""
    kinds: dict[str, int] = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        kind = target.split(":")[0] if ":" in target else target
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def process_figures() -> tuple[int, int, int]:
    """(VmRSS in kB, threads, open file descriptors) of this process, from /proc."""
    rss = threads = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads, len(os.listdir("/proc/self/fd"))


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0

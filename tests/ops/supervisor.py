"""A small stand-in for systemd's service manager, for the watchdog test (these machines do
not run systemd as PID 1): ``NOTIFY_SOCKET`` and ``WATCHDOG_USEC`` for the child, READY and
WATCHDOG messages read from the socket, ``WatchdogSec`` enforced with SIGABRT then SIGKILL,
and ``Restart=always``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    started: float
    ready_at: float | None = None
    pings: int = 0
    last_ping: float | None = None
    killed_by_watchdog: bool = False
    statuses: list[str] = field(default_factory=list)


class Supervisor:
    def __init__(self, command: list[str], directory: Path, *, watchdog_sec: float,
                 env_for_start: Callable[[int], dict[str, str]]) -> None:
        self.command = command
        self.watchdog_sec = watchdog_sec
        self.env_for_start = env_for_start
        self.socket_path = directory / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.socket_path))
        self.sock.settimeout(0.05)
        self.runs: list[Run] = []
        self.log = directory / "kiosk.log"

    def start(self) -> Run:
        env = {**os.environ, "NOTIFY_SOCKET": str(self.socket_path),
               "WATCHDOG_USEC": str(int(self.watchdog_sec * 1_000_000)),
               **self.env_for_start(len(self.runs))}
        with self.log.open("ab") as out:
            process = subprocess.Popen(self.command, env=env, stdout=out, stderr=out)
        run = Run(process, time.monotonic())
        self.runs.append(run)
        return run

    def supervise(self, until: Callable[[], bool], timeout: float) -> None:
        """Read notifications, enforce the watchdog, restart on exit, until ``until()``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until():
            run = self.runs[-1]
            try:
                message = self.sock.recv(4096).decode()
            except TimeoutError:
                message = ""
            now = time.monotonic()
            for line in message.splitlines():
                if line == "READY=1":
                    run.ready_at = now
                elif line == "WATCHDOG=1":
                    run.pings += 1
                    run.last_ping = now
                elif line.startswith("STATUS="):
                    run.statuses.append(line[7:])
            if run.process.poll() is not None:
                if len(self.runs) >= 5 and not any(r.ready_at for r in self.runs):
                    tail = self.log.read_text(errors="replace")[-2000:]
                    raise AssertionError(f"the kiosk never got ready in 5 starts:\n{tail}")
                self.start()                              # Restart=always
                continue
            last = run.last_ping or run.ready_at
            if last is not None and now - last > self.watchdog_sec:
                run.killed_by_watchdog = True
                run.process.send_signal(signal.SIGABRT)   # systemd's WatchdogSignal
                try:
                    run.process.wait(2)
                except subprocess.TimeoutExpired:
                    run.process.kill()
                    run.process.wait()
        assert until(), f"supervised for {timeout} s without reaching the goal: {self.runs}"

    def close(self) -> None:
        for run in self.runs:
            if run.process.poll() is None:
                run.process.terminate()
                try:
                    run.process.wait(5)
                except subprocess.TimeoutExpired:
                    run.process.kill()
        self.sock.close()

"""The watchdog restarts a hung kiosk: the real ``kiosk demo`` under a supervisor that does
what systemd's WatchdogSec and Restart=always do."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from supervisor import Supervisor

from kiosk.sdnotify import Notifier

KIOSK = str(Path(sys.executable).parent / "kiosk")


def test_a_hung_kiosk_is_killed_and_restarted(tmp_path: Path) -> None:
    def env(start: int) -> dict[str, str]:
        base = {"QT_QPA_PLATFORM": "offscreen"}
        return {**base, "KIOSK_DEBUG_HANG_AFTER": "1.5"} if start == 0 else base

    sup = Supervisor([KIOSK, "demo", "--state-dir", str(tmp_path / "state")], tmp_path,
                     watchdog_sec=2.0, env_for_start=env)
    try:
        sup.start()
        # the first run gets ready, pings, hangs, is killed; the second gets ready and pings
        sup.supervise(lambda: len(sup.runs) == 2 and sup.runs[1].pings >= 3, timeout=60)
    finally:
        sup.close()
    first, second = sup.runs
    assert first.ready_at is not None
    assert first.pings >= 1                      # it was alive before it hung
    assert first.killed_by_watchdog
    assert second.ready_at is not None
    assert not second.killed_by_watchdog
    assert any("lending" in s for s in first.statuses)


def test_notifier_speaks_the_protocol(tmp_path: Path) -> None:
    path = tmp_path / "n.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)
    n = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "3000000"})
    assert n.enabled
    assert n.watchdog_seconds == 3.0
    assert n.ready("lending")
    assert server.recv(100) == b"READY=1\nSTATUS=lending"
    assert n.ping()
    assert server.recv(100) == b"WATCHDOG=1"
    server.close()


def test_notifier_outside_systemd_does_nothing() -> None:
    n = Notifier({})
    assert not n.enabled
    assert n.watchdog_seconds is None
    assert not n.ready()
    assert not n.ping()


def test_notifier_ignores_a_watchdog_meant_for_another_process() -> None:
    n = Notifier({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert n.address == "\0x"
    assert n.watchdog_seconds is None


def test_notifier_never_raises_when_the_socket_is_gone(tmp_path: Path) -> None:
    n = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert n.ping() is False

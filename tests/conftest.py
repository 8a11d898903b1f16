"""Suite-wide setup: Qt draws offscreen unless a display is chosen explicitly; and no test
leaves a thread, a running QTimer or an open socket behind (napari's leak fixtures, ADR 0002).

A test whose kiosk, window, simulator or scanner is not closed fails at teardown, naming what
it left. What the standard library and Qt legitimately keep is let through: threads of Qt's
own that ran Python (``_DummyThread``), sockets a library keeps for its lifetime (libusb's
netlink, libpcsclite's to pcscd), and the rigs a test session keeps on purpose.

And pcscd with vpcd (``pcscd``), for the My Number and the PC/SC RFID tests.
"""

from __future__ import annotations

import gc
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from tests.rigs.pcscd import Pcscd

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GRACE_SECONDS = 5.0        # a stopped thread may take a moment to end; nothing waits longer
KEPT_THREADS = {"virtual-mynumber"}         # tests/mynumber's card stays on vpcd all session
KEPT_PORTS = {35963, 35964}                 # vpcd's: that card's connection, and the tags'
KEPT_UNIX = ("/run/pcscd/",)                # libpcsclite's connection to pcscd


def _threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate()
            if t.is_alive() and not isinstance(t, threading._DummyThread)
            and t.name not in KEPT_THREADS}


def _sockets() -> dict[int, str]:
    """Open sockets of this process: inode -> what it is (for the failure message)."""
    inodes = set()
    fds = Path("/proc/self/fd")
    for fd in os.listdir(fds):
        try:
            target = os.readlink(fds / fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    described = dict.fromkeys(inodes, "socket")
    for kind in ("tcp", "tcp6", "udp", "udp6"):
        for line in _lines(f"/proc/self/net/{kind}"):
            local, remote, inode = line[1], line[2], int(line[9])
            if inode in described:
                described[inode] = f"{kind} {_address(local)} -> {_address(remote)}"
    for line in _lines("/proc/self/net/unix"):
        inode = int(line[6])
        if inode in described:
            described[inode] = f"unix {line[7] if len(line) > 7 else '(unnamed)'}"
    return described


def _lines(path: str) -> list[list[str]]:
    try:
        return [line.split() for line in Path(path).read_text().splitlines()[1:]]
    except OSError:
        return []


def _address(hex_address: str) -> str:
    host, _, port = hex_address.rpartition(":")
    if len(host) == 8:                              # IPv4, little-endian
        host = socket.inet_ntoa(bytes.fromhex(host)[::-1])
    return f"{host}:{int(port, 16)}"


def _kept(description: str) -> bool:
    if description == "socket":           # neither inet nor unix: libusb's netlink (hotplug)
        return True
    if description.startswith("unix "):
        return description.removeprefix("unix ").startswith(KEPT_UNIX) or \
            description.endswith("(unnamed)")
    if description.startswith(("tcp", "udp")):
        ends = description.split(" ", 1)[1].split(" -> ")
        return any(int(end.rpartition(":")[2]) in KEPT_PORTS for end in ends)
    return False


def _windows() -> set[int]:
    if "PySide6.QtWidgets" not in sys.modules:
        return set()
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return set()
    return {id(widget) for widget in app.topLevelWidgets()}


def _timers(windows_before: set[int]) -> list[str]:
    """Running QTimers of ours on the test's windows (a window shut down has stopped all of
    its; Qt's widgets' own timers are Qt's business)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return []
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []
    running = []
    for widget in app.topLevelWidgets():
        if id(widget) in windows_before:
            continue
        for timer in widget.findChildren(QTimer):
            owner = timer.parent()
            if timer.isActive() and owner is not None \
                    and not type(owner).__module__.startswith("PySide6."):
                running.append(f"{type(owner).__name__}: a running {timer.interval()} ms "
                               f"timer")
    return running


def _leaks(threads_before: set[threading.Thread], sockets_before: dict[int, str]
           ) -> list[str]:
    threads = sorted(t.name for t in _threads() - threads_before)
    sockets = {inode: what for inode, what in _sockets().items()
               if inode not in sockets_before and not _kept(what)}
    if sockets:
        gc.collect()                   # one nobody holds is closed by its finaliser
        sockets = {inode: what for inode, what in _sockets().items()
                   if inode in sockets and not _kept(what)}
    return ([f"thread {name!r}" for name in threads]
            + [f"open {what}" for what in sorted(sockets.values())])


@pytest.fixture(autouse=True)
def nothing_left_behind() -> Iterator[None]:
    """Set up before a test's other fixtures, so checked after all of them closed."""
    threads_before, sockets_before, windows_before = _threads(), _sockets(), _windows()
    yield
    deadline = time.monotonic() + GRACE_SECONDS
    left = _leaks(threads_before, sockets_before)
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = _leaks(threads_before, sockets_before)
    left += _timers(windows_before)
    if left:
        pytest.fail("left behind: " + "; ".join(left), pytrace=False)


@pytest.fixture(autouse=True)
def root_logging_restored() -> Iterator[None]:
    """A test that runs ``kiosk.cli.main`` configures the root logger as the kiosk does
    (kiosk.logging_setup: a stderr handler with the card mask): take that handler away
    again, so a later test neither logs to a closed capture nor sees its item numbers
    masked. (pytest's own handlers, per phase, are pytest's to add and remove.)"""
    import logging

    from kiosk.logging_setup import CardMask
    root = logging.getLogger()
    level = root.level
    yield
    for handler in list(root.handlers):
        if any(isinstance(f, CardMask) for f in handler.filters):
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    """pcscd with Debian's vpcd virtual readers, kept for the session: the one running is used;
    else one is started here, and ended at the session's end (by its process only)."""
    from tests.rigs.pcscd import Pcscd
    service = Pcscd()
    service.ensure()
    yield service
    if service.process is not None:
        gc.collect()                 # card connections disconnect while pcscd still answers
        service.stop()


class _Closable(Protocol):
    def close(self) -> None: ...


@pytest.fixture
def closing() -> Iterator[list[_Closable]]:
    """A list for what a test opens (clients, kiosks): each closed after the test, in order."""
    opened: list[_Closable] = []
    yield opened
    for thing in opened:
        thing.close()

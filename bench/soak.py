"""Parts of the soak bench (bench_soak.py): the ILS simulator in its own process, the virtual
My Number card on pcscd + vpcd, and the process's own figures sampled as it runs."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from tests.rigs.ils_process import IlsSimProcess

READER = "pcsc://?reader=Virtual PCD 00 00"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SimulatorProcess(IlsSimProcess):
    """The soak's ILS (tests/rigs/ils_process.py) on a state file, logging to ``log``: killed
    with SIGKILL for an offline spell and started again on the same port and state, as an
    ILS that went away and came back."""

    def __init__(self, state: Path, log: Path) -> None:
        super().__init__("--state", str(state), log_file=log)


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

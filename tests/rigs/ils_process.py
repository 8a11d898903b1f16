"""``kiosk ils-sim serve`` as a separate process, as staff and CI run it: on a port of its
choosing, ready once its first log line says where it listens (nothing is polled or slept
on), stopped with SIGTERM at the end of the ``with`` block."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LISTENING = "listening on 127.0.0.1:"


@dataclass
class IlsProcess:
    port: int
    first_line: str          # "ILS simulator listening on 127.0.0.1:PORT (...)"
    log: str = ""            # what it logged after that, once it has stopped


@contextmanager
def ils_sim_process(*options: str, env: Mapping[str, str]) -> Iterator[IlsProcess]:
    """``kiosk ils-sim serve --port 0 OPTIONS...``; ``env`` must put the repository on
    PYTHONPATH."""
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "ils-sim", "serve", "--port",
                             "0", *options], cwd=ROOT, env=dict(env), stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()          # returns once it listens, or "" if it died
        assert LISTENING in first, first
        running = IlsProcess(int(first.split(LISTENING)[1].split(" ")[0]), first)
        yield running
    finally:
        proc.terminate()
        _, log = proc.communicate(timeout=30)
    running.log = log

"""``kiosk ils-sim serve`` as a separate process, as staff and CI run it: the one way the tests
(the autopilot and probe tests) and the benches (bench/soak.py, bench/crash.py) run the ILS
simulator in a process of its own.

Started, it is ready once its log says where it listens (on the port given, or on one of its
choosing, kept for the starts after). :meth:`IlsSimProcess.kill` is SIGKILL, an ILS gone at
once; :meth:`IlsSimProcess.start` again brings it back on the same port and state file;
:meth:`IlsSimProcess.stop` is SIGTERM (SIGKILL when that is not enough). Its output goes to
``log_file``, appended to across starts; without one, to a temporary file whose text after
the listening line is :attr:`IlsSimProcess.log` once stopped. As a ``with`` block: started
at the start, stopped at the end."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from tests.rigs.processes import end

ROOT = Path(__file__).resolve().parents[2]
LISTENING = "listening on 127.0.0.1:"
START_SECONDS = 60.0


class IlsSimProcess:
    """``kiosk ils-sim serve --port PORT OPTIONS...`` (``--state FILE``, ``--strict``, ...);
    ``env``: the process's environment (by default this one, the repository on PYTHONPATH)."""

    def __init__(self, *options: str, port: int = 0, log_file: Path | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self.options = options
        self.port = port                 # 0 until the first start has chosen one
        self.log_file = log_file
        self.env = dict(env) if env is not None else {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process: subprocess.Popen[bytes] | None = None
        self.first_line = ""             # "ILS simulator listening on 127.0.0.1:PORT (...)"
        self.log = ""                    # without a log_file: what it logged after that
        self._temporary: Path | None = None
        self._log_from = 0               # where the log after the listening line begins

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    @property
    def up(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start it and return once it listens (AssertionError, with what it logged, when it
        does not within a minute)."""
        if self.log_file is None and self._temporary is None:
            fd, name = tempfile.mkstemp(prefix="ils-sim-", suffix=".log")
            os.close(fd)
            self._temporary = Path(name)
        log = self._log_path()
        self._log_from = log.stat().st_size if log.exists() else 0
        with log.open("ab") as out:                     # the process has its own copy
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk.cli", "ils-sim", "serve", "--port",
                 str(self.port), *self.options], cwd=ROOT, env=self.env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        try:
            self.first_line = self._listening(log)
        except BaseException:
            self.stop()
            raise
        self.port = int(self.first_line.split(LISTENING)[1].split(" ")[0])

    def _listening(self, log: Path) -> str:
        """Its listening line, once this start has logged it."""
        assert self.process is not None
        said = f"{LISTENING}{self.port} " if self.port else LISTENING
        deadline = time.monotonic() + START_SECONDS
        while True:
            with log.open("rb") as f:
                f.seek(self._log_from)
                logged = f.read()
            at = logged.find(said.encode())
            line_end = logged.find(b"\n", at)
            if at >= 0 and line_end >= 0:
                line_start = logged.rfind(b"\n", 0, at) + 1
                self._log_from += line_end + 1
                return logged[line_start:line_end + 1].decode("utf-8", "replace")
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"the ILS simulator did not come up (exit status {self.process.poll()}): "
                    + logged.decode("utf-8", "replace")[-2000:])
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: the ILS gone at once, mid-answer if it was answering."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            end(self.process, 30)
            self.process = None
        if self._temporary is not None:
            with self._temporary.open("rb") as f:
                f.seek(self._log_from)
                self.log = f.read().decode("utf-8", "replace")
            self._temporary.unlink()
            self._temporary = None

    def _log_path(self) -> Path:
        path = self.log_file or self._temporary
        assert path is not None
        return path

    def __enter__(self) -> IlsSimProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ils_sim_process(*options: str, env: Mapping[str, str]) -> IlsSimProcess:
    """``with ils_sim_process(OPTIONS..., env=...) as ils``: on a port of its choosing
    (``ils.port``), its first line and, after the block, its log (``ils.first_line``,
    ``ils.log``)."""
    return IlsSimProcess(*options, env=env)

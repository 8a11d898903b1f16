"""A fork server for the crash bench: ``kiosk`` processes started by ``fork()`` from one that
has already imported the kiosk (Qt, SQLAlchemy, the SIP2 stack, the simulator), so each of
the bench's thousand kiosk processes skips the second of imports a fresh interpreter spends.

A child is the ``kiosk`` command itself (``kiosk.cli.main``) in a process of its own: it opens
its SQLite files, its sockets and its QApplication after the fork, and a SIGKILL ends it as it
ends a kiosk started by systemd. Nothing is shared with the server but imported code.

The server runs as ``python -m bench.forkserver`` and speaks JSON lines: on stdin
``{"op": "run", "id": N, "argv": [...], "stderr": PATH|null, "env": {...}}`` and
``{"op": "signal", "id": N, "sig": 9}``; on stdout ``{"ev": "pid", ...}``, ``{"ev": "out",
"id": N, "line": ...}`` for each line the child writes to stdout (read from a pipe as it comes,
so a line is one the child had written before it died) and ``{"ev": "exit", "id": N,
"status": S}`` (``subprocess``'s convention: -9 for SIGKILL), always after the child's last
``out``. Signals go through the server, which alone reaps its children: a pid it signals
cannot have been reused.

:class:`Launcher` is what the rig uses: the fork server, or plain subprocesses
(``fork=False``), behind one interface.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRELOAD = ("kiosk.cli", "kiosk.demo", "kiosk.bootstrap", "ui.app", "ui.autopilot", "ui.window",
           "sync.ils_sim.server", "sync.replay", "sync.cache.feed",
           "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")


def env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


# -- the server ---------------------------------------------------------------------------
def _child(argv: list[str], out_w: int, stderr: str | None, extra_env: dict[str, str],
           skip_visits: int) -> None:
    """In the forked child: become ``kiosk ARGV`` and never return."""
    code = 70
    try:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(out_w, 1)
        err = (os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600) if stderr
               else os.open(os.devnull, os.O_WRONLY))
        os.dup2(err, 2)
        os.closerange(3, 4096)
        for sig in (signal.SIGCHLD, signal.SIGPIPE, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        os.environ.update(extra_env)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the child's own std streams
        sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
        sys.argv = ["kiosk", *argv]
        if skip_visits:
            _skip_visits(skip_visits)
        from kiosk.cli import main
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:                           # reported, then the exit
        import traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _skip_visits(skip: int) -> None:
    """The autopilot's patrons whose visits ended before the crash do not come back: the
    restarted kiosk serves the one it was serving (who scans their items again) and those
    after. The script is the autopilot's own, less its first ``skip`` visits."""
    import ui.autopilot
    visits = ui.autopilot.demo_visits

    def remaining(patrons: int = 1, items_per_patron: int = 3) -> list[ui.autopilot.Visit]:
        return visits(patrons, items_per_patron)[skip:]

    ui.autopilot.demo_visits = remaining


@dataclass
class _Forked:
    pid: int
    pidfd: int
    out: int                 # the read end of the child's stdout
    buf: bytes = b""


def serve() -> int:
    import importlib
    for name in PRELOAD:
        importlib.import_module(name)
    if threading.active_count() != 1:     # a thread would not survive the fork
        print(json.dumps({"ev": "warning", "threads": threading.active_count()}), flush=True)
    children: dict[int, _Forked] = {}
    stdin = sys.stdin.fileno()
    inbuf = b""

    def say(**event: object) -> None:
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def pump(cid: int, final: bool) -> None:
        child = children[cid]
        while True:
            try:
                chunk = os.read(child.out, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            child.buf += chunk
        *lines, child.buf = child.buf.split(b"\n")
        if final and child.buf:
            lines, child.buf = [*lines, child.buf], b""
        for line in lines:
            say(ev="out", id=cid, line=line.decode("utf-8", "replace"))

    while True:
        fds = [stdin]
        for child in children.values():
            fds += [child.out, child.pidfd]
        ready, _, _ = select.select(fds, [], [])
        for cid in list(children):
            child = children[cid]
            if child.out in ready:
                pump(cid, final=False)
            if child.pidfd in ready:
                # dead: what it wrote is all in the pipe (a grandchild holding the pipe
                # open would not delay this: only what is there is read)
                pump(cid, final=True)
                _, status = os.waitpid(child.pid, 0)
                code = (-os.WTERMSIG(status) if os.WIFSIGNALED(status)
                        else os.WEXITSTATUS(status))
                os.close(child.out)
                os.close(child.pidfd)
                del children[cid]
                say(ev="exit", id=cid, status=code)
        if stdin not in ready:
            continue
        chunk = os.read(stdin, 65536)
        if not chunk:                   # the rig is gone: so are its kiosks
            for child in children.values():
                os.kill(child.pid, signal.SIGKILL)
            return 0
        inbuf += chunk
        *commands, inbuf = inbuf.split(b"\n")
        for raw in commands:
            command = json.loads(raw)
            cid = int(command["id"])
            if command["op"] == "run":
                out_r, out_w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    _child(list(command["argv"]), out_w, command.get("stderr"),
                           dict(command.get("env") or {}), int(command.get("skip_visits", 0)))
                os.close(out_w)
                os.set_blocking(out_r, False)
                children[cid] = _Forked(pid, os.pidfd_open(pid), out_r)
                say(ev="pid", id=cid, pid=pid)
            elif command["op"] == "signal" and cid in children:
                os.kill(children[cid].pid, int(command["sig"]))


# -- the rig's side -----------------------------------------------------------------------
@dataclass
class Child:
    """A ``kiosk`` process as the rig sees it. ``lines``: (monotonic time read, line)."""

    cid: int
    signal_fn: Callable[[int], None]
    on_line: Callable[[str], None] | None = None
    pid: int = 0
    lines: list[tuple[float, str]] = field(default_factory=list)
    status: int | None = None
    started: float = field(default_factory=time.monotonic)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def _line(self, line: str) -> None:
        with self._cond:
            self.lines.append((time.monotonic(), line))
            self._cond.notify_all()
        if self.on_line is not None:
            self.on_line(line)

    def _exit(self, status: int) -> None:
        with self._cond:
            self.status = status
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Until ``predicate()`` (checked under the lock at each line) or exit or timeout;
        True when the predicate held."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate() or self.status is not None,
                                       timeout) and predicate()

    def wait(self, timeout: float | None = None) -> int | None:
        with self._cond:
            self._cond.wait_for(lambda: self.status is not None, timeout)
            return self.status

    def kill(self, sig: int = signal.SIGKILL) -> None:
        self.signal_fn(sig)


class Launcher:
    """Starts ``kiosk ARGV`` children: forked from the fork server (``fork=True``) or as
    fresh interpreters (``subprocess``)."""

    def __init__(self, fork: bool = True) -> None:
        self.fork = fork
        self._next = 0
        self._children: dict[int, Child] = {}
        self._lock = threading.Lock()
        self._server: subprocess.Popen[bytes] | None = None
        if fork:
            self._server = subprocess.Popen([sys.executable, "-m", "bench.forkserver"],
                                            cwd=ROOT, env=env(), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=None)
            threading.Thread(target=self._events, daemon=True).start()

    def close(self) -> None:
        if self._server is not None:
            assert self._server.stdin is not None
            self._server.stdin.close()
            self._server.wait(timeout=30)
            self._server = None

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, **command: object) -> None:
        assert self._server is not None
        assert self._server.stdin is not None
        with self._lock:
            self._server.stdin.write(json.dumps(command).encode() + b"\n")
            self._server.stdin.flush()

    def _events(self) -> None:
        assert self._server is not None
        assert self._server.stdout is not None
        for raw in self._server.stdout:
            event = json.loads(raw)
            child = self._children.get(int(event.get("id", -1)))
            if child is None:
                continue
            if event["ev"] == "out":
                child._line(event["line"])
            elif event["ev"] == "pid":
                child.pid = int(event["pid"])
            elif event["ev"] == "exit":
                child._exit(int(event["status"]))
                self._children.pop(child.cid, None)

    def run(self, argv: list[str], *, stderr: Path | None = None,
            on_line: Callable[[str], None] | None = None, skip_visits: int = 0) -> Child:
        self._next += 1
        cid = self._next
        if self.fork:
            child = Child(cid, lambda sig: self._send(op="signal", id=cid, sig=sig), on_line)
            self._children[cid] = child
            self._send(op="run", id=cid, argv=argv, stderr=str(stderr) if stderr else None,
                       env={"QT_QPA_PLATFORM": "offscreen"}, skip_visits=skip_visits)
            return child
        if skip_visits:
            raise ValueError("skipping visits needs the fork server")
        err = open(stderr, "ab") if stderr else subprocess.DEVNULL  # noqa: SIM115
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", *argv], cwd=ROOT,
                                env=env(), stdout=subprocess.PIPE, stderr=err, text=True)
        if stderr:
            err.close()                                            # type: ignore[union-attr]
        child = Child(cid, proc.send_signal, on_line, pid=proc.pid)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                child._line(line.rstrip("\n"))
            child._exit(proc.wait())

        threading.Thread(target=read, daemon=True).start()
        return child


if __name__ == "__main__":
    sys.exit(serve())

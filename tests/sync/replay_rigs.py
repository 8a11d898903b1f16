"""A SIP2 relay for replay tests: real sockets between the kiosk's client and the simulator,
with the faults the replayer must survive.

``after_checkout=n`` with ``fault``:

* ``"cut"``: the n-th checkout is relayed to the ILS, which processes it; its answer is then
  swallowed and both connections closed — the kiosk cannot know whether the loan was made.
  It happens once; later connections are relayed faithfully.
* ``"hold"``: the same, but the connection stays open and the kiosk waits, as it would when
  the power fails at that moment.
* ``"close"``: the n-th checkout's answer is relayed, then the ILS goes away for good (the
  connection closed, nothing listening any more).

``rewrite``: every answer passes through it (to play an ILS that sends less than ours).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Literal

from sync.sip2.codec import Message, decode, encode

Rewrite = Callable[[Message], Message]


class Sip2Proxy:
    def __init__(self, target: tuple[str, int], *, after_checkout: int | None = None,
                 fault: Literal["cut", "hold", "close"] = "cut",
                 rewrite: Rewrite | None = None) -> None:
        self._target = target
        self._cut_after = after_checkout
        self._fault = fault
        self._rewrite = rewrite
        self._lock = threading.Lock()
        self._checkouts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._closing = threading.Event()
        self.cut = threading.Event()

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self._listener.getsockname()[1])

    def __enter__(self) -> Sip2Proxy:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._stop_listening()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close(sock)
        for thread in list(self._threads):
            thread.join(timeout=5)

    def _stop_listening(self) -> None:
        with suppress(OSError):     # wakes the accept() (a plain close would not, on Linux)
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="sip2-proxy")
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                kiosk, _ = self._listener.accept()
            except OSError:
                return
            ils = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [kiosk, ils]
            armed = threading.Event()
            self._spawn(self._requests, kiosk, ils, armed)
            self._spawn(self._answers, ils, kiosk, armed)

    def _requests(self, kiosk: socket.socket, ils: socket.socket, armed: threading.Event) -> None:
        for line in _lines(kiosk):
            if line.startswith(b"11"):
                with self._lock:
                    self._checkouts += 1
                    if self._checkouts == self._cut_after:
                        armed.set()
            try:
                ils.sendall(line + b"\r")
            except OSError:
                return

    def _answers(self, ils: socket.socket, kiosk: socket.socket, armed: threading.Event) -> None:
        for line in _lines(ils):
            if armed.is_set():      # the answer to the checkout to cut: it was processed
                self.cut.set()
                if self._fault == "hold":
                    continue
                if self._fault == "close":
                    with suppress(OSError):
                        kiosk.sendall(line + b"\r")
                    self._stop_listening()
                _close(kiosk)
                _close(ils)
                return
            out = line
            if self._rewrite is not None:
                msg = decode(line)
                out = encode(self._rewrite(msg), sequence=msg.sequence)[:-1]
            try:
                kiosk.sendall(out + b"\r")
            except OSError:
                return


def _lines(sock: socket.socket) -> Iterator[bytes]:
    buffer = b""
    while True:
        try:
            data = sock.recv(4096)
        except OSError:
            return
        if not data:
            return
        buffer += data
        while b"\r" in buffer:
            line, buffer = buffer.split(b"\r", 1)
            yield line


def _close(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def without_borrower(msg: Message) -> Message:
    """An ILS that keeps SIP2 2.00 to the letter: no AA in 18."""
    if msg.code != "18":
        return msg
    return Message(msg.code, msg.fixed, tuple(f for f in msg.fields if f[0] != "AA"),
                   msg.sequence)

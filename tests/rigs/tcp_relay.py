"""One loopback TCP relay for every test that needs the network between a client and a server
to misbehave: real sockets on both sides, the faults switched on while the test runs.

``up`` is what the client sends to the server, ``down`` what the server sends back. The relay
passes on *units*: the chunks ``recv`` returns, or, with ``frames=b"\\r"``, whole frames ending
in that byte string (SIP2's lines), so a fault can pick one request or one answer.

Faults, each off until set:

* ``black_hole = True``: every unit, both ways, is swallowed; the connections stay open (a dead
  switch). ``delay``: seconds added before each unit is passed on (a congested link).
* :meth:`cut`: every open connection is shut (a cable pulled); new ones are still accepted.
  :meth:`stop_listening`: the server is gone for good (nothing listening any more).
* :meth:`alter`: the ``nth`` unit from now in one direction is changed on the way.
  ``rewrite``: every unit ``down`` goes through it (a server that sends less than ours).
* :meth:`reconnect_upstream`: the next unit ``up`` goes over a new connection to the server
  (the server sees a stranger, the client the same socket).
* :meth:`inject`: bytes nobody asked for, to every client now; with ``on_next_up=True``, when
  the client's next unit arrives, before it is passed on (so before its answer).
* :meth:`fault_after`: the answer to the ``nth`` request starting with a prefix (counted over
  all connections) is swallowed and the connection cut (``"cut"``: the server acted on it,
  the client cannot know), swallowed with all that follows on that connection, which stays
  open (``"hold"``: a client waiting when the power fails), or passed on before the server goes
  away for good (``"close"``). It happens once.

``wrap`` turns each accepted socket into what the client talks to (a TLS server socket: the
relay is then stunnel in front of the server); ``refused`` is set when that fails, or when a
wrapped connection breaks.

``accepted`` counts the connections accepted. Threads: one accepting, one a connection, all
ended and every socket closed when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
from collections.abc import Callable
from typing import Literal

Direction = Literal["up", "down"]
Fault = Literal["cut", "hold", "close"]
Alteration = Callable[[bytes], bytes]
Wrap = Callable[[socket.socket], socket.socket]

TICK = 0.05          # how often a waiting thread looks whether the relay is closing


class _Link:
    """One relayed connection: the client's socket and the server's."""

    def __init__(self, client: socket.socket) -> None:
        self.client = client
        self.server: socket.socket | None = None
        self.buffers: dict[Direction, bytes] = {"up": b"", "down": b""}
        self.armed: tuple[Fault, threading.Event] | None = None
        self.holding = False
        self.send_lock = threading.Lock()     # inject() writes to the client from outside

    def to_client(self, data: bytes) -> None:
        with self.send_lock:
            self.client.sendall(data)

    def cut(self) -> None:
        for sock in (self.client, self.server):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for sock in (self.client, self.server):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()


class TcpRelay:
    def __init__(self, upstream: tuple[str, int], *, frames: bytes | None = None,
                 wrap: Wrap | None = None, connect_timeout: float = 5.0) -> None:
        self.upstream = upstream
        self.black_hole = False
        self.delay = 0.0
        self.rewrite: Alteration | None = None
        self.accepted = 0
        self.refused = threading.Event()
        self._frames = frames
        self._wrap = wrap
        self._connect_timeout = connect_timeout
        self._lock = threading.Lock()
        self._alterations: dict[Direction, list[tuple[int, Alteration]]] = {"up": [], "down": []}
        self._reconnect = False
        self._inject_on_up: list[bytes] = []
        self._faults: list[tuple[bytes, int, Fault, threading.Event]] = []
        self._requests: dict[bytes, int] = {}
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address: tuple[str, int] = ("127.0.0.1", self._listener.getsockname()[1])
        self.port = self.address[1]
        self._listening = True
        self._stop = threading.Event()
        self._links: list[_Link] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True,
                                          name="tcp-relay accept")

    def __enter__(self) -> TcpRelay:
        self._acceptor.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.stop_listening()
        self._acceptor.join(5)
        with self._lock:
            links, threads = list(self._links), list(self._threads)
        for link in links:
            link.cut()
        for thread in threads:
            thread.join(5)
        for link in links:
            link.close()
        self._listener.close()

    # -- faults ------------------------------------------------------------------------------
    def cut(self) -> None:
        """Shut every open connection, both ends (a cable pulled)."""
        with self._lock:
            links = list(self._links)
        for link in links:
            link.cut()

    def stop_listening(self) -> None:
        """Accept no more connections: a client connecting now is refused."""
        with self._lock:
            if not self._listening:
                return
            self._listening = False
        with contextlib.suppress(OSError):     # wakes the accept() (a close alone would not)
            self._listener.shutdown(socket.SHUT_RDWR)

    def alter(self, direction: Direction, change: Alteration, nth: int = 1) -> None:
        """The ``nth`` unit from now going ``direction`` is passed on as ``change(unit)``."""
        with self._lock:
            self._alterations[direction].append((nth, change))

    def reconnect_upstream(self) -> None:
        """The next unit up goes over a new connection to the server."""
        with self._lock:
            self._reconnect = True

    def inject(self, data: bytes, *, on_next_up: bool = False) -> None:
        """Send ``data`` to every client: now, or when its next unit up arrives."""
        if on_next_up:
            with self._lock:
                self._inject_on_up.append(data)
            return
        with self._lock:
            links = list(self._links)
        for link in links:
            link.to_client(data)

    def fault_after(self, request: bytes, nth: int, fault: Fault = "cut") -> threading.Event:
        """The answer to the ``nth`` unit up that starts with ``request`` meets ``fault``; the
        event returned is set when it has."""
        happened = threading.Event()
        with self._lock:
            self._faults.append((request, nth, fault, happened))
        return happened

    # -- relaying ----------------------------------------------------------------------------
    def _accept(self) -> None:
        self._listener.settimeout(TICK)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            link = _Link(client)
            thread = threading.Thread(target=self._carry, args=(link,), daemon=True,
                                      name="tcp-relay link")
            with self._lock:
                self.accepted += 1
                self._links.append(link)
                self._threads.append(thread)
            thread.start()

    def _carry(self, link: _Link) -> None:
        try:
            if self._wrap is not None:
                link.client.settimeout(5)
                try:
                    link.client = self._wrap(link.client)
                except OSError:
                    self.refused.set()
                    return
            link.server = socket.create_connection(self.upstream, self._connect_timeout)
            while not self._stop.is_set():
                ready, _, _ = select.select([link.client, link.server], [], [], TICK)
                if link.client in ready or _pending(link.client):
                    data = _recv(link.client)
                    if data is None:
                        continue
                    if not data or not self._arrived(link, "up", data):
                        return
                if link.server in ready:
                    data = link.server.recv(65536)
                    if not data or not self._arrived(link, "down", data):
                        return
        except OSError:
            if self._wrap is not None:
                self.refused.set()        # TLS 1.3: a client certificate refused late
        finally:
            link.cut()
            link.close()

    def _arrived(self, link: _Link, direction: Direction, data: bytes) -> bool:
        """Pass on what arrived; False once the connection is to end."""
        if self._frames is None:
            units = [data]
        else:
            buffered = link.buffers[direction] + data
            *units, link.buffers[direction] = buffered.split(self._frames)
            units = [unit + self._frames for unit in units]
        for unit in units:
            passing = self._up(link, unit) if direction == "up" else self._down(link, unit)
            if not passing:
                return False
        return True

    def _up(self, link: _Link, unit: bytes) -> bool:
        if self.black_hole:
            return True
        with self._lock:
            unit = self._altered("up", unit)
            for request, nth, fault, happened in self._faults:
                if unit.startswith(request):
                    self._requests[request] = seen = self._requests.get(request, 0) + 1
                    if seen == nth:
                        link.armed = (fault, happened)
            strays, self._inject_on_up = self._inject_on_up, []
            reconnect, self._reconnect = self._reconnect, False
        for stray in strays:
            link.to_client(stray)
        if reconnect:
            assert link.server is not None
            link.server.close()
            link.server = socket.create_connection(self.upstream, self._connect_timeout)
        self._stop.wait(self.delay)
        assert link.server is not None
        link.server.sendall(unit)
        return True

    def _down(self, link: _Link, unit: bytes) -> bool:
        if self.black_hole or link.holding:
            return True
        if link.armed is not None:       # the answer to the request the fault waits for
            fault, happened = link.armed
            link.armed = None
            happened.set()
            if fault == "hold":
                link.holding = True
                return True
            if fault == "close":
                with contextlib.suppress(OSError):
                    link.to_client(unit)
                self.stop_listening()
            return False
        with self._lock:
            unit = self._altered("down", unit)
        if self.rewrite is not None:
            unit = self.rewrite(unit)
        self._stop.wait(self.delay)
        link.to_client(unit)
        return True

    def _altered(self, direction: Direction, unit: bytes) -> bytes:
        waiting = []
        for nth, change in self._alterations[direction]:
            if nth == 1:
                unit = change(unit)
            else:
                waiting.append((nth - 1, change))
        self._alterations[direction] = waiting
        return unit


def _pending(sock: socket.socket) -> bool:
    """TLS: bytes already decrypted, which select() cannot see."""
    return isinstance(sock, ssl.SSLSocket) and sock.pending() > 0


def _recv(sock: socket.socket) -> bytes | None:
    try:
        return sock.recv(65536)
    except ssl.SSLWantReadError:   # a TLS record not yet whole
        return None

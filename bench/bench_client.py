"""Checkout round trip through Sip2Client against a bare socket sending the same bytes.

Both sides talk to one ILS simulator in the same run, over loopback TCP, on a generated
collection where every checkout is valid (many patrons, a few items each). Before each phase
every loan is cleared, so both make the same loans in the same order. The bare side encodes
every checkout once, up front, logs in on a raw socket (Nagle off, as the client's), then loops
``sendall`` + ``recv`` until CR on a plain blocking socket (no timeout, so one system call per
send and per receive: the cheapest there is); the client side calls
:meth:`Sip2Client.checkout`, which also builds, encodes, checks, decodes and types each
message. Both send the same bytes: the same dates and the same sequence numbers (93 and 99
first, as the client does). The value is the median over rounds of client time / bare time,
each round's two phases measured back to back, in alternating order.

The simulator runs in a process of its own, as an ILS does (never inside the kiosk): in the
kiosk's process its Python work shares the interpreter and the core with the client, and the
client's code then runs cache-cold after every answer (3–4× slower than in isolation). That
placement is measured too and reported without a target.

Target: client time / bare time <= 1.2.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from multiprocessing.connection import Connection

from bench.harness import Result
from sync.ils_sim.collection import DEMO, TOKYO, Collection, Item, MediaType, Patron, card_number
from sync.ils_sim.server import IlsSimulator
from sync.sip2 import messages
from sync.sip2.client import Sip2Client, Sip2Settings
from sync.sip2.codec import Message, encode
from sync.sip2.connection import Framing, Sip2Connection

TARGET = 1.2
NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
PER_PATRON = 8                      # under the demo rules' limit of 10 books
FRAMING = Framing()


def _collection(loans: int) -> tuple[Collection, list[tuple[str, str]]]:
    coll = Collection()
    work = []
    for n in range(loans):
        if n % PER_PATRON == 0:
            card = card_number(f"4{n // PER_PATRON:06d}")
            coll.add_patron(Patron(card, "利用者"))
        barcode = f"6{n:08d}"
        coll.add_item(Item(barcode, f"資料 {n}", "著者", MediaType.BOOK))
        work.append((card, barcode))
    return coll, work


def _fresh(sim: IlsSimulator) -> None:
    with sim.locked() as coll:
        coll.loans.clear()


class _Sim:
    """The simulator in this process (a thread) or in a child process, behind one face."""

    def __init__(self, n: int, placement: str) -> None:
        self.placement = placement
        if placement == "thread":
            coll, _ = _collection(n)
            self._sim: IlsSimulator | None = IlsSimulator(collection=coll, clock=lambda: NOW)
            self._sim.start()
            self.address = self._sim.address
            return
        self._sim = None
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(n, child), daemon=True)
        self._process.start()
        self.address = self._pipe.recv()

    def fresh(self) -> None:
        if self._sim is not None:
            _fresh(self._sim)
        else:
            self._pipe.send("fresh")
            self._pipe.recv()

    def close(self) -> None:
        if self._sim is not None:
            self._sim.close()
        else:
            self._pipe.send("stop")
            self._process.join(10)


def _serve(n: int, pipe: Connection) -> None:
    """The child process: a simulator on the same generated collection, cleared on demand."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) > 1:                   # a core of its own, as on the ILS's own machine
        os.sched_setaffinity(0, {cpus[-1]})
    coll, _ = _collection(n)
    sim = IlsSimulator(collection=coll, clock=lambda: NOW)
    sim.start()
    pipe.send(sim.address)
    while (command := pipe.recv()) != "stop":
        if command == "fresh":
            _fresh(sim)
        pipe.send("ok")
    sim.close()


def _requests(work: list[tuple[str, str]]) -> list[bytes]:
    """The checkouts as the client will send them: sequence numbers from 2 (after 93, 99)."""
    return [encode(messages.checkout(DEMO.institution, card, item, when=NOW),
                   sequence=(n + 2) % 10, encoding=FRAMING.encoding,
                   terminator=FRAMING.terminator)
            for n, (card, item) in enumerate(work)]


def _read_line(sock: socket.socket) -> bytes:
    data = sock.recv(4096)
    while not data.endswith(b"\r"):
        more = sock.recv(4096)
        if not more:
            raise RuntimeError("the simulator closed the connection")
        data += more
    return data


def _bare(sim: _Sim, requests: list[bytes]) -> float:
    sim.fresh()
    with socket.create_connection(sim.address, timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)     # the cheapest socket there is: one system call per I/O
        sock.sendall(encode(messages.login(DEMO.sip_user, DEMO.sip_password), sequence=0))
        if not _read_line(sock).startswith(b"941"):
            raise RuntimeError("bare login refused")
        sock.sendall(encode(messages.sc_status(), sequence=1))
        _read_line(sock)
        start = time.perf_counter()
        for data in requests:
            sock.sendall(data)
            answer = _read_line(sock)
            if not answer.startswith(b"121"):
                raise RuntimeError(f"bare checkout refused: {answer[:80]!r}")
        return time.perf_counter() - start


def _codec(sim: _Sim, work: list[tuple[str, str]]) -> float:
    """The sans-I/O codec's share: the client's builders, :class:`Sip2Connection` and typed
    answers, on the bare loop's socket. Client time / this time is what the client itself
    adds (locking, liveness check, resend and reconnect bookkeeping)."""
    sim.fresh()
    conn = Sip2Connection(FRAMING, role="sc")

    def exchange(sock: socket.socket, msg: Message) -> Message:
        sock.sendall(conn.send(msg))
        while (answer := conn.next_message()) is None:
            conn.receive_data(sock.recv(4096))
        return answer

    with socket.create_connection(sim.address, timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)
        exchange(sock, messages.login(DEMO.sip_user, DEMO.sip_password))
        exchange(sock, messages.sc_status())
        start = time.perf_counter()
        for card, item in work:
            msg = messages.checkout(DEMO.institution, card, item, when=NOW)
            if not messages.CheckoutResponse.from_message(exchange(sock, msg)).ok:
                raise RuntimeError("codec checkout refused")
        return time.perf_counter() - start


def _client(sim: _Sim, work: list[tuple[str, str]]) -> float:
    sim.fresh()
    host, port = sim.address
    client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                     password=DEMO.sip_password,
                                     institution=DEMO.institution, timeout=10.0),
                        clock=lambda: NOW)
    try:
        client.connect()
        start = time.perf_counter()
        for card, item in work:
            if not client.checkout(card, item).ok:
                raise RuntimeError("client checkout refused")
        return time.perf_counter() - start
    finally:
        client.close()


def _measure(n: int, rounds: int, work: list[tuple[str, str]], requests: list[bytes],
             placement: str) -> dict[str, list[float]]:
    sim = _Sim(n, placement)
    cpus = sorted(os.sched_getaffinity(0))
    if placement == "process" and len(cpus) > 1:
        os.sched_setaffinity(0, set(cpus[:-1]))   # the kiosk side keeps the other cores
    phases: dict[str, Callable[[], float]] = {
        "bare": lambda: _bare(sim, requests), "codec": lambda: _codec(sim, work),
        "client": lambda: _client(sim, work)}
    times: dict[str, list[float]] = {name: [] for name in phases}
    order = list(phases)
    try:
        for measure in phases.values():    # warm up every path once
            measure()
        # The simulator slows a little as its ledger grows: rotate which phase goes first.
        for r in range(rounds):
            for name in order[r % 3:] + order[: r % 3]:
                times[name].append(phases[name]())
    finally:
        sim.close()
        os.sched_setaffinity(0, set(cpus))
    return times


def _ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def run(quick: bool) -> list[Result]:
    # many short paired rounds: a median of many pairs shrugs off a busy moment on the box
    n = 400 if quick else 1500
    rounds = 9 if quick else 17
    _coll, work = _collection(n)
    requests = _requests(work)
    times = _measure(n, rounds, work, requests, "process")
    in_process = _measure(n, rounds, work, requests, "thread")
    ratio = _ratio(times, "client", "bare")
    own = _ratio(times, "client", "codec")

    def per_op(ts: dict[str, list[float]]) -> dict[str, float]:
        return {name: round(min(t) / n * 1e6, 1) for name, t in ts.items()}

    return [
        Result(name="client_vs_bare_checkout_round_trip", value=ratio, unit="ratio",
               target=f"<= {TARGET}", met=ratio <= TARGET,
               details={"checkouts": n, "rounds": rounds, "simulator": "its own process",
                        "ratio": "median of paired rounds (client / bare)",
                        "best_us_per_checkout": per_op(times),
                        **{f"{name}_seconds": [round(t, 4) for t in ts]
                           for name, ts in times.items()}}),
        Result(name="client_vs_codec_checkout_round_trip", value=own, unit="ratio",
               details={"ratio": "median of paired rounds (client / codec on a bare socket)",
                        "meaning": "what Sip2Client adds beyond the sans-I/O codec's own "
                        "encoding, decoding and typing of the same messages"}),
        Result(name="client_vs_bare_simulator_in_the_kiosk_process",
               value=_ratio(in_process, "client", "bare"), unit="ratio",
               details={"meaning": "the same, with the simulator as a thread of this process "
                        "(not how a kiosk meets its ILS; no target)",
                        "best_us_per_checkout": per_op(in_process)}),
    ]

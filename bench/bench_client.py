"""Checkout round trip through Sip2Client against a bare socket sending the same bytes.

Both sides talk to one ILS simulator in the same run, over loopback TCP, on a generated
collection where every checkout is valid (many patrons, a few items each). Before each phase
every loan is cleared, so both make the same loans in the same order. The bare side encodes
every checkout once, up front, logs in on a raw socket (Nagle off, as the client's), then loops
``sendall`` + ``recv`` until CR on a plain blocking socket (no timeout, so one system call per
send and per receive: the cheapest there is); the client side calls
:meth:`Sip2Client.checkout`, which also builds, encodes, checks, decodes and types each
message. Both send the same bytes: the same dates and the same sequence numbers (93 and 99
first, as the client does). The value is the median over many short rounds of client time /
bare time, each round's phases measured back to back, in rotating order.

The simulator runs in a process of its own on a core of its own, as an ILS does (never inside
the kiosk); the kiosk side runs on another core. The simulator inside the kiosk's process is
measured too and reported without a target.

A fourth phase, ``floor``, is the least any SIP2 client has to do, written by hand for this
one message: format the request and its checksum, send; read, verify the checksum, split the
fields, read the due date. It is no client (no typed messages, no validation, no framing
options, no recovery) but it shows how much of the ratio belongs to any Python code between a
receive and the next send on this machine. On the virtual machines here an idle vCPU halts in
the hypervisor, and code run right after a blocking receive takes 3-5 times its
micro-benchmark time.

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
from sync.sip2.codec import Message, byte_sum, encode, format_date, parse_date
from sync.sip2.connection import Framing, Sip2Connection
from sync.sip2.messages import BLANK_DATE

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
        while (answer := conn.feed(sock.recv(4096))) is None:   # as the client reads
            pass
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


def _floor(sim: _Sim, work: list[tuple[str, str]]) -> float:
    """The least a SIP2 client must do per checkout, by hand (see the module's docstring)."""
    sim.fresh()
    inst = DEMO.institution
    with socket.create_connection(sim.address, timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)
        sock.sendall(encode(messages.login(DEMO.sip_user, DEMO.sip_password), sequence=0))
        _read_line(sock)
        sock.sendall(encode(messages.sc_status(), sequence=1))
        _read_line(sock)
        start = time.perf_counter()
        for n, (card, item) in enumerate(work):
            data = (f"11NN{format_date(NOW)}{BLANK_DATE}AO{inst}|AA{card}|AB{item}|AC|"
                    f"AY{(n + 2) % 10}AZ").encode()
            sock.sendall(data + b"%04X\r" % (-byte_sum(data) & 0xFFFF))
            line = _read_line(sock)[:-1]
            if int(line[-4:], 16) != -byte_sum(line[:-4]) & 0xFFFF:
                raise RuntimeError("floor: bad checksum")
            text = line[:-9].decode()
            fields = {segment[:2]: segment[2:] for segment in text[24:].split("|")}
            if text[2] != "1" or parse_date(fields.get("AH")) is None:
                raise RuntimeError("floor checkout refused")
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
        os.sched_setaffinity(0, set(cpus[:-1]))   # the simulator has the last core
    phases: dict[str, Callable[[], float]] = {
        "bare": lambda: _bare(sim, requests), "floor": lambda: _floor(sim, work),
        "codec": lambda: _codec(sim, work), "client": lambda: _client(sim, work)}
    times: dict[str, list[float]] = {name: [] for name in phases}
    order = list(phases)
    try:
        for measure in phases.values():    # warm up every path once
            measure()
        # The simulator slows a little as its ledger grows: rotate which phase goes first.
        for r in range(rounds):
            k = r % len(order)
            for name in order[k:] + order[:k]:
                times[name].append(phases[name]())
    finally:
        sim.close()
        os.sched_setaffinity(0, set(cpus))
    return times


def _ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def run(quick: bool) -> list[Result]:
    # many short paired rounds: a median of many pairs shrugs off a busy moment on the box
    n = 100 if quick else 200
    rounds = 12 if quick else 40
    _coll, work = _collection(n)
    requests = _requests(work)
    times = _measure(n, rounds, work, requests, "process")
    in_process = _measure(n, rounds, work, requests, "thread")
    ratio = _ratio(times, "client", "bare")

    def per_op(ts: dict[str, list[float]]) -> dict[str, float]:
        return {name: round(statistics.median(t) / n * 1e6, 1) for name, t in ts.items()}

    return [
        Result(name="client_vs_bare_checkout_round_trip", value=ratio, unit="ratio",
               target=f"<= {TARGET}", met=ratio <= TARGET,
               details={"checkouts_per_round": n, "rounds": rounds,
                        "simulator": "its own process, on a core of its own",
                        "ratio": "median of paired rounds (client / bare)",
                        "median_us_per_checkout": per_op(times),
                        "floor_vs_bare": round(_ratio(times, "floor", "bare"), 3),
                        "codec_vs_bare": round(_ratio(times, "codec", "bare"), 3)}),
        Result(name="client_vs_codec_checkout_round_trip", value=_ratio(times, "client", "codec"),
               unit="ratio",
               details={"ratio": "median of paired rounds (client / codec on a bare socket)",
                        "meaning": "what Sip2Client adds beyond the sans-I/O codec's own "
                        "encoding, decoding and typing of the same messages"}),
        Result(name="client_vs_bare_simulator_in_the_kiosk_process",
               value=_ratio(in_process, "client", "bare"), unit="ratio",
               details={"meaning": "the same, with the simulator as a thread of this process "
                        "(not how a kiosk meets its ILS; no target)",
                        "median_us_per_checkout": per_op(in_process),
                        "floor_vs_bare": round(_ratio(in_process, "floor", "bare"), 3)}),
    ]

"""Checkout round trip through Sip2Client against a bare socket sending the same bytes.

Both sides talk to one ILS simulator in the same run, over loopback TCP, on a generated
collection where every checkout is valid (a few patrons, eight items each). Each phase opens
its connection once and keeps it, as a kiosk does; before each of its rounds every loan is
cleared, so all make the same loans in the same order. The bare side encodes every checkout
once, up front, logs in on a raw socket (Nagle off, as the client's), then loops ``sendall`` +
``recv`` until CR on a plain blocking socket (no timeout, so one system call per send and per
receive: the cheapest there is); the client side calls :meth:`Sip2Client.checkout`, which also
builds, encodes, checks, decodes and types each message. Both send the same bytes: the same
dates and the same sequence numbers (93 and 99 first, as the client does). The value is the
median over many short rounds (``ROUND`` checkouts) of client time / bare time, each round's
phases measured back to back, in rotating order: with rounds of 20 the two times of a pair
lie a few milliseconds apart and a busy moment on the shared host falls on both. (Rounds of
200, on a new connection each, gave results that moved by +-0.03 from run to run; these move
by about +-0.01.)

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
from datetime import datetime
from multiprocessing.connection import Connection

from bench.harness import Result
from sync.ils_sim.collection import DEMO, TOKYO, Collection, Item, MediaType, Patron, card_number
from sync.ils_sim.server import IlsSimulator
from sync.sip2 import messages
from sync.sip2.client import Sip2Client, Sip2Settings
from sync.sip2.codec import Message, byte_sum, encode, format_date, parse_date
from sync.sip2.connection import NEED_DATA, Framing, Sip2Connection

TARGET = 1.2
NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
PER_PATRON = 8                      # under the demo rules' limit of 10 books
# Checkouts per timed round: short, so that the phases' rounds of one pair lie milliseconds
# apart; a multiple of ten, so that every round sends the same sequence numbers.
ROUND = 20
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


def _connect(sim: _Sim) -> socket.socket:
    """A raw socket to the simulator, Nagle off (as the client's)."""
    sock = socket.create_connection(sim.address, timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(None)     # the cheapest socket there is: one system call per I/O
    return sock


def _raw_socket(sim: _Sim) -> socket.socket:
    """Logged in on a raw socket (Nagle off, as the client's), sequence numbers 0 and 1 used."""
    sock = _connect(sim)
    sock.sendall(encode(messages.login(DEMO.sip_user, DEMO.sip_password), sequence=0))
    if not _read_line(sock).startswith(b"941"):
        raise RuntimeError("bare login refused")
    sock.sendall(encode(messages.sc_status(), sequence=1))
    _read_line(sock)
    return sock


class _Phase:
    """One way of making the round's checkouts, on a connection opened once (as a kiosk keeps
    its own): :meth:`run` times one round of them."""

    def __init__(self, sim: _Sim, work: list[tuple[str, str]]) -> None:
        self.work = work

    def run(self) -> float:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _OnSocket(_Phase):
    """A phase on a raw socket of its own, closed with it."""

    sock: socket.socket

    def close(self) -> None:
        self.sock.close()


class _Bare(_OnSocket):
    """``sendall`` + ``recv`` until CR of the bytes the client sends, encoded up front."""

    def __init__(self, sim: _Sim, work: list[tuple[str, str]],
                 requests: list[bytes] | None = None) -> None:
        super().__init__(sim, work)
        self.requests = _requests(work) if requests is None else requests
        self.sock = _raw_socket(sim)

    def run(self) -> float:
        sock = self.sock
        start = time.perf_counter()
        for data in self.requests:
            sock.sendall(data)
            answer = _read_line(sock)
            if not answer.startswith(b"121"):
                raise RuntimeError(f"bare checkout refused: {answer[:80]!r}")
        return time.perf_counter() - start


class _Codec(_OnSocket):
    """The sans-I/O share: the client's builders, its :class:`Sip2Connection` (the state
    machine, with the codec) and typed answers (read typed as the client asks for them), on
    the bare loop's socket. Client time /
    this time is what the client itself adds (locking, liveness check, time-outs, reconnect
    bookkeeping)."""

    def __init__(self, sim: _Sim, work: list[tuple[str, str]]) -> None:
        super().__init__(sim, work)
        self.conn = conn = Sip2Connection(FRAMING, role="sc")
        self.sock = sock = _connect(sim)
        for msg in (messages.login(DEMO.sip_user, DEMO.sip_password), messages.sc_status()):
            sock.sendall(conn.send(msg))
            while (event := conn.next_event()) is NEED_DATA:
                conn.receive_data(sock.recv(4096))
            if type(event) is not Message:
                raise RuntimeError(f"codec set-up: {event!r}")

    def run(self) -> float:
        sock, conn, typed = self.sock, self.conn, messages.CheckoutResponse
        start = time.perf_counter()
        for card, item in self.work:
            sock.sendall(conn.send(messages.checkout(DEMO.institution, card, item, when=NOW),
                                   typed))
            while (answer := conn.next_event()) is NEED_DATA:     # as the client reads
                conn.receive_data(sock.recv(4096))
            if type(answer) is Message:                           # not the usual answer
                answer = typed.from_message(answer)
            if type(answer) is not typed or not answer.ok:
                raise RuntimeError("codec checkout refused")
        return time.perf_counter() - start


class _Floor(_OnSocket):
    """The least a SIP2 client must do per checkout, by hand (see the module's docstring)."""

    def __init__(self, sim: _Sim, work: list[tuple[str, str]]) -> None:
        super().__init__(sim, work)
        self.sock = _raw_socket(sim)

    def run(self) -> float:
        sock, inst = self.sock, DEMO.institution
        start = time.perf_counter()
        for n, (card, item) in enumerate(self.work):
            when = format_date(NOW)         # the nb due date too, as the kiosk sends it
            data = (f"11NN{when}{when}AO{inst}|AA{card}|AB{item}|AC|"
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


class _Client(_Phase):
    """:meth:`Sip2Client.checkout`, as the kiosk calls it."""

    def __init__(self, sim: _Sim, work: list[tuple[str, str]]) -> None:
        super().__init__(sim, work)
        host, port = sim.address
        self.client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                              password=DEMO.sip_password,
                                              institution=DEMO.institution, timeout=10.0),
                                 clock=lambda: NOW)
        self.client.connect()

    def run(self) -> float:
        client = self.client
        start = time.perf_counter()
        for card, item in self.work:
            if not client.checkout(card, item).ok:
                raise RuntimeError("client checkout refused")
        return time.perf_counter() - start

    def close(self) -> None:
        self.client.close()


PHASES: dict[str, type[_Phase]] = {"bare": _Bare, "floor": _Floor, "codec": _Codec,
                                   "client": _Client}


def _once(phase: type[_Phase], sim: _Sim, work: list[tuple[str, str]],
          requests: list[bytes] | None = None) -> float:
    """One round of one phase on a connection of its own (bench.instructions' loops); the
    bare loop sends ``requests`` when given (encoded by the caller, outside the count)."""
    sim.fresh()
    made = _Bare(sim, work, requests) if phase is _Bare else phase(sim, work)
    try:
        return made.run()
    finally:
        made.close()


def _measure(n: int, rounds: int, work: list[tuple[str, str]], placement: str
             ) -> dict[str, list[float]]:
    sim = _Sim(n, placement)
    cpus = sorted(os.sched_getaffinity(0))
    if placement == "process" and len(cpus) > 1:
        os.sched_setaffinity(0, set(cpus[:-1]))   # the simulator has the last core
    phases: dict[str, _Phase] = {}
    times: dict[str, list[float]] = {name: [] for name in PHASES}
    order = list(PHASES)
    try:
        for name, phase in PHASES.items():
            phases[name] = phase(sim, work)
        for name in order:                 # warm up every path once
            sim.fresh()
            phases[name].run()
        # The simulator slows a little as its ledger grows: rotate which phase goes first.
        for r in range(rounds):
            k = r % len(order)
            for name in order[k:] + order[:k]:
                sim.fresh()                # the same loans from the same empty start
                times[name].append(phases[name].run())
    finally:
        for made in phases.values():
            made.close()
        sim.close()
        os.sched_setaffinity(0, set(cpus))
    return times


def _ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def _spread(times: dict[str, list[float]], a: str, b: str, blocks: int = 5
            ) -> dict[str, float]:
    """The paired ratios in ``blocks`` runs of rounds, one median each: how far one stretch
    of the run answers differently from another on the shared host (min, median, max)."""
    ratios = [x / y for x, y in zip(times[a], times[b], strict=True)]
    size = max(1, len(ratios) // blocks)
    medians = sorted(statistics.median(ratios[at:at + size])
                     for at in range(0, len(ratios) - size + 1, size))
    return {"min": round(medians[0], 3), "median": round(statistics.median(medians), 3),
            "max": round(medians[-1], 3)}


def run(quick: bool) -> list[Result]:
    # many short paired rounds: a median of many pairs shrugs off a busy moment on the box
    n = ROUND
    rounds = 100 if quick else 400
    _coll, work = _collection(n)
    times = _measure(n, rounds, work, "process")
    in_process = _measure(n, rounds, work, "thread")
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
                        "block_medians": _spread(times, "client", "bare"),
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

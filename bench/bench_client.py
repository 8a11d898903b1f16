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

Target: client time / bare time <= 1.2.
"""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Callable
from datetime import datetime

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


def _bare(sim: IlsSimulator, requests: list[bytes]) -> float:
    _fresh(sim)
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


def _codec(sim: IlsSimulator, work: list[tuple[str, str]]) -> float:
    """The sans-I/O codec's share: the client's builders, :class:`Sip2Connection` and typed
    answers, on the bare loop's socket. Client time / this time is what the client itself
    adds (locking, liveness check, resend and reconnect bookkeeping)."""
    _fresh(sim)
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


def _client(sim: IlsSimulator, work: list[tuple[str, str]]) -> float:
    _fresh(sim)
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


def run(quick: bool) -> list[Result]:
    # many short paired rounds: a median of many pairs shrugs off a busy moment on the box
    n = 400 if quick else 1500
    rounds = 9 if quick else 17
    coll, work = _collection(n)
    requests = _requests(work)
    sim = IlsSimulator(collection=coll, clock=lambda: NOW)
    phases: dict[str, Callable[[], float]] = {
        "bare": lambda: _bare(sim, requests), "codec": lambda: _codec(sim, work),
        "client": lambda: _client(sim, work)}
    times: dict[str, list[float]] = {name: [] for name in phases}
    order = list(phases)
    sim.start()
    try:
        for measure in phases.values():    # warm up every path once
            measure()
        # The simulator slows a little as its ledger grows: rotate which phase goes first.
        for r in range(rounds):
            for name in order[r % 3:] + order[: r % 3]:
                times[name].append(phases[name]())
    finally:
        sim.close()
    bare, codec, client = times["bare"], times["codec"], times["client"]
    ratio = statistics.median(c / b for c, b in zip(client, bare, strict=True))
    own = statistics.median(c / k for c, k in zip(client, codec, strict=True))
    per_op = {name: round(min(t) / n * 1e6, 1) for name, t in times.items()}
    return [
        Result(name="client_vs_bare_checkout_round_trip", value=ratio, unit="ratio",
               target=f"<= {TARGET}", met=ratio <= TARGET,
               details={"checkouts": n, "rounds": rounds,
                        "ratio": "median of paired rounds (client / bare)",
                        "best_us_per_checkout": per_op,
                        **{f"{name}_seconds": [round(t, 4) for t in ts]
                           for name, ts in times.items()}}),
        Result(name="client_vs_codec_checkout_round_trip", value=own, unit="ratio",
               details={"ratio": "median of paired rounds (client / codec on a bare socket)",
                        "meaning": "what Sip2Client adds beyond the sans-I/O codec's own "
                        "encoding, decoding and typing of the same messages"}),
    ]

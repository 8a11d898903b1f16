"""Journal replay throughput against a bare loop of the same SIP2 checkouts.

Both sides talk to one ILS simulator in the same run, over loopback TCP, on a generated
collection (many patrons, many items). Before each phase every loan is cleared, so both start
from the same state and make the same loans of the same items to the same patrons with the
same dates: the difference is what the replayer adds — the durable ``sending`` mark before
each send, the result after it, reading the journal. The journal is written once, loan by
loan as the kiosk writes it, to an SQLite file (WAL, synchronous=FULL, as on a kiosk) in
the temporary directory — put TMPDIR on a disk like the kiosk's, not tmpfs, or the fsyncs
cost nothing; each round replays a copy of it.
The value is the median over rounds of bare time / replay time, each replay compared with the
bare runs just before and after it.

Target: replay throughput / bare throughput >= 0.8.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench.harness import Result
from sync.cache.cache import open_cache
from sync.ils_sim.collection import (
    DEMO,
    TOKYO,
    Collection,
    Item,
    MediaType,
    Patron,
    card_number,
    end_of_day,
)
from sync.ils_sim.server import IlsSimulator
from sync.journal import OfflineJournal
from sync.replay import WINDOW, Replayer, StopReason
from sync.sip2.client import Sip2Client, Sip2Settings

TARGET = 0.8
NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
KEY = b"bench-replay-key-0123456789"


@dataclass(frozen=True)
class Loan:
    card: str
    item: str
    when: datetime
    due: datetime


def _collection(loans: int, patrons: int) -> tuple[Collection, list[Loan]]:
    rng = random.Random(20250401)
    coll = Collection()
    cards = [card_number(f"3{n:06d}") for n in range(patrons)]
    for card in cards:
        coll.add_patron(Patron(card, "利用者"))
    work = []
    start = NOW - timedelta(days=2)
    for n in range(loans):
        barcode = f"5{n:08d}"
        coll.add_item(Item(barcode, f"資料 {n}", "著者", MediaType.BOOK))
        when = start + timedelta(seconds=n)
        work.append(Loan(rng.choice(cards), barcode, when,
                         end_of_day(when.date() + timedelta(days=14))))
    return coll, work


def _client(sim: IlsSimulator) -> Sip2Client:
    host, port = sim.address
    client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                     password=DEMO.sip_password, institution="DEMO",
                                     timeout=10.0), clock=lambda: NOW)
    client.connect()
    return client


def _fresh(sim: IlsSimulator) -> None:
    with sim.locked() as coll:
        coll.loans.clear()


def _bare(sim: IlsSimulator, work: list[Loan]) -> float:
    _fresh(sim)
    client = _client(sim)
    try:
        start = time.perf_counter()
        for loan in work:
            answer = client.checkout(loan.card, loan.item, no_block=True, when=loan.when,
                                     nb_due_date=loan.due)
            if not answer.ok:
                raise RuntimeError(f"bare checkout refused: {answer.screen_message}")
        return time.perf_counter() - start
    finally:
        client.close()


def _journal(work: list[Loan], path: Path) -> None:
    """The journal of an outage, written as the kiosk writes it: one durable commit a loan."""
    with open_cache(path, KEY) as cache:
        journal = OfflineJournal(cache, kiosk_id="BENCH")
        for loan in work:
            journal.record_loan(card=loan.card, item_id=loan.item, title="", loan_class="book",
                                transaction_at=loan.when, due_at=loan.due)


def _replay(sim: IlsSimulator, work: list[Loan], template: Path) -> float:
    _fresh(sim)
    path = template.with_name("replayed.sqlite3")
    shutil.copyfile(template, path)
    try:
        with open_cache(path, KEY) as cache:
            client = _client(sim)
            try:
                replayer = Replayer(OfflineJournal(cache), client, timezone=TOKYO)
                start = time.perf_counter()
                report = replayer.replay()
                elapsed = time.perf_counter() - start
            finally:
                client.close()
    finally:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    if report.stopped_because is not StopReason.DRAINED or report.sent != len(work):
        raise RuntimeError(f"replay did not send everything: {report}")
    with sim.locked() as coll:
        if len(coll.loans) != len(work):
            raise RuntimeError("the ILS does not hold every replayed loan")
    return elapsed


def run(quick: bool) -> list[Result]:
    n = 500 if quick else 10_000
    rounds = 9 if quick else 3
    coll, work = _collection(n, patrons=max(50, n // 20))
    sim = IlsSimulator(collection=coll, clock=lambda: NOW)
    bare: list[float] = []
    replay: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp:
        template = Path(tmp) / "journal.sqlite3"
        _journal(work, template)
        sim.start()
        try:
            # bare, replay, bare, ..., bare: each replay is compared with the bare runs just
            # before and after it, so a machine that slows down (or warms up) meanwhile
            # affects both sides alike
            bare.append(_bare(sim, work))
            for _ in range(rounds):
                replay.append(_replay(sim, work, template))
                bare.append(_bare(sim, work))
        finally:
            sim.stop()
    ratio = statistics.median((before + after) / 2 / r
                              for before, after, r in zip(bare[:-1], bare[1:], replay, strict=True))
    return [Result(name="replay_vs_bare_checkout_throughput", value=ratio, unit="ratio",
                   target=f">= {TARGET}", met=ratio >= TARGET,
                   details={"loans": n, "rounds": rounds,
                            "ratio": "median over rounds of the neighbouring bare runs' mean "
                                     "time / replay time",
                            "window": WINDOW,
                            "best_replay_loans_per_s": round(n / min(replay), 1),
                            "best_bare_checkouts_per_s": round(n / min(bare), 1),
                            "replay_seconds": [round(t, 3) for t in replay],
                            "bare_seconds": [round(t, 3) for t in bare]})]

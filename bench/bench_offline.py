"""An offline checkout (cached rules + the durable journal commit) against a bare SQLite
insert+commit with the same durability (WAL, synchronous=FULL), in the same run, same disk.

Target: ≤ 2× (issue "Offline mode"). The durable commit is what a patron waits for; the
rules around it must not cost more than it does. The journal is kept at a realistic size: the
default offline policy caps unsent loans at 500, so the bench marks rows sent every 250
checkouts (untimed), as a replay would.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.harness import Result
from kiosk.config import load_config
from kiosk.offline import OfflineCirculation
from sync.cache.cache import open_cache
from sync.cache.models import ItemRecord, LoanRule
from sync.cache.offline_view import OfflineView
from sync.journal import OfflineJournal

TOKYO = ZoneInfo("Asia/Tokyo")
REPLAY_EVERY = 250


def _seed(cache, patrons: int, items: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    for n in range(patrons):
        cache.remember_patron(f"5{n:07d}", valid=True, may_borrow=True, status=" " * 14,
                              charged_count=0, seen_at=now)
    with cache.sessions.begin() as s:
        s.add_all([LoanRule(loan_class="book", loan_days=14, limit_group="books",
                            max_items=10_000)])
        s.add_all([ItemRecord(item_id=f"1{n:08d}", title=f"本 {n}", media_type="001",
                              circulation_status="03", due_at=None, updated_at=now,
                              loan_class="book") for n in range(items)])


def _offline(directory: Path, n: int, patrons: int) -> float:
    now = datetime.now(TOKYO)
    cache = open_cache(directory / "cache.sqlite3", b"k" * 32)
    _seed(cache, patrons, n, now)
    # the branch's default cap on unsent loans (500): a kiosk's journal never holds more
    # pending rows, so every REPLAY_EVERY checkouts the rows are marked sent, untimed, as the
    # replayer would when the ILS is back
    policy = replace(load_config(None).offline, max_items_per_patron=10_000)
    offline = OfflineCirculation(OfflineView(cache), OfflineJournal(cache), policy,
                                 timezone=TOKYO)
    elapsed = 0.0
    for first in range(0, n, REPLAY_EVERY):
        start = time.perf_counter()
        for i in range(first, min(first + REPLAY_EVERY, n)):
            outcome = offline.checkout(f"5{i % patrons:07d}", f"1{i:08d}")
            assert outcome.loan is not None, outcome
        elapsed += time.perf_counter() - start
        with cache.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE journal SET state = 'done' WHERE state = 'pending'")
    offline.close()
    cache.close()
    return elapsed


def _bare(directory: Path, n: int) -> float:
    db = sqlite3.connect(directory / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE loans (id INTEGER PRIMARY KEY, card TEXT, item TEXT, at TEXT,"
               " due TEXT)")
    start = time.perf_counter()
    for i in range(n):
        db.execute("BEGIN")
        db.execute("INSERT INTO loans (card, item, at, due) VALUES (?, ?, ?, ?)",
                   (f"5{i:07d}", f"1{i:08d}", "2026-11-22T10:00:00", "2026-12-06"))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def run(quick: bool) -> list[Result]:
    n = 300 if quick else 2000
    ratios = []
    details: dict[str, object] = {}
    for _ in range(5):
        with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as tmp:
            bare = _bare(Path(tmp), n)
            offline = _offline(Path(tmp), n, patrons=50)
        ratios.append(offline / bare)
        details = {"checkouts": n, "offline_ms_each": round(offline / n * 1000, 3),
                   "bare_commit_ms_each": round(bare / n * 1000, 3)}
    ratio = sorted(ratios)[len(ratios) // 2]
    details["ratios"] = [round(r, 3) for r in ratios]
    return [Result("offline checkout / bare durable insert", ratio, "ratio", "<= 2.0",
                   ratio <= 2.0, details)]

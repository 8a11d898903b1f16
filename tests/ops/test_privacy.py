"""Nothing kept longer than it is needed (issue 21, item 5).

Offline loans of three patrons go through the kiosk's offline lending and its replay to a
real ILS simulator, with the kiosk's logging to a file: one patron's accepted loans are
older than ``[privacy] keep_accepted_hours``, another's recent, the third's refused (for
staff). After the kiosk's retention runs, nothing in the database, its WAL and shared-memory
files or the log links the first patron (card number, its keyed hash, the journal's masked
number) to an item of those loans, searched byte by byte, page by page; the recent and the
refused rows are still there, and ``kiosk privacy report`` says how much and until when.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.logging_setup import CardMask, KeyValueFormatter
from kiosk.offline import OfflineCirculation
from kiosk.privacy import PatronLink as Loan
from kiosk.privacy import Retention, find_links, report
from sync.cache.cache import Cache, open_cache
from sync.cache.feed import import_feed
from sync.cache.offline_view import OfflineView
from sync.ils_sim.collection import DEMO
from sync.ils_sim.feed_export import export_feed
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalState, OfflineJournal
from sync.replay import Replayer
from sync.sip2.client import Sip2Client, Sip2Settings

TOKYO = ZoneInfo("Asia/Tokyo")
KEY = b"privacy-test-key-0123456789abcdef"
OLD, RECENT, REFUSED = DEMO.good_card, DEMO.other_good_card, DEMO.english_card


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(login=(DEMO.sip_user, DEMO.sip_password)) as simulator:
        yield simulator


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The kiosk's log as systemd's journal would keep it: key=value lines, cards masked."""
    path = tmp_path / "kiosk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(CardMask(load_config(None).barcodes.card_pattern))
    # the simulator stands in for the library's ILS, whose logs are the ILS's: not this file
    handler.addFilter(lambda record: not record.name.startswith("sync.ils_sim"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def links(files: list[Path], log: Path, loan: Loan, page_size: int) -> list[str]:
    return find_links(files, [log], [loan], page_size)


def free_items(sim: IlsSimulator, n: int) -> list[str]:
    with sim.locked() as coll:
        free = [b for b, item in coll.items.items() if b not in coll.loans
                and not item.not_for_loan and item.hold_for is None]
    return sorted(free)[:n]


def lend_offline(cache: Cache, card: str, items: list[str]) -> None:
    offline = OfflineCirculation(OfflineView(cache), OfflineJournal(cache),
                                 load_config(None).offline, timezone=TOKYO)
    try:
        assert offline.identify(card).patron is not None
        for item in items:
            assert offline.checkout(card, item).loan is not None, item
        offline.end_session(card)
    finally:
        offline.close()


def test_nothing_links_a_patron_to_an_accepted_loan_older_than_the_limit(
        tmp_path: Path, sim: IlsSimulator, log_file: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    items = free_items(sim, 7)
    old_items, recent_items, refused_items = items[:3], items[3:5], items[5:]
    with open_cache(db, KEY) as cache:
        feed = tmp_path / "feed.ndjson.gz"
        export_feed(sim.collection, feed)
        import_feed(cache, feed)
        feed.unlink()
        journal = OfflineJournal(cache)
        for card, lent in ((OLD, old_items), (RECENT, recent_items),
                           (REFUSED, refused_items)):
            lend_offline(cache, card, lent)
        for row in journal.rows():
            if row.item_id in refused_items:
                journal.mark_failed(row.id, "refused by the ILS: patron blocked")
        host, port = sim.address
        client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                         password=DEMO.sip_password, institution="DEMO"))
        try:
            assert Replayer(journal, client, timezone=TOKYO).replay().sent == 5
        finally:
            client.close()
        with cache.sessions.begin() as session:
            txn = dict(session.execute(text("SELECT item_id, txn_id FROM journal")).all())
        old = [Loan(OLD, item, cache.card_hash(OLD), row.card_masked, txn[item])
               for row in journal.rows() if (item := row.item_id) in old_items]
        assert len(old) == 3
        # the ILS accepted these two days ago (the replay's own time, moved back)
        two_days_ago = datetime.now(UTC) - timedelta(hours=48)
        with cache.engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE journal SET closed_at = ?, last_attempt_at = ?, transaction_at = ? "
                f"WHERE item_id IN ({','.join('?' * len(old_items))})",
                (two_days_ago.replace(tzinfo=None).isoformat(" "),) * 3 + tuple(old_items))
        page_size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
        before = [f for loan in old for f in links(files, log_file, loan, page_size)]
        assert before, "the search finds nothing even before the purge: it proves nothing"

        deleted = Retention(journal, load_config(None).keep_accepted_hours).purge_once()
        assert deleted == 3

        # the running kiosk's files, then the files once it stopped
        for loan in old:
            assert links(files, log_file, loan, page_size) == [], loan
        states = sorted((r.state, r.item_id) for r in journal.rows())
        assert states == sorted([(JournalState.DONE, i) for i in recent_items]
                                + [(JournalState.FAILED, i) for i in refused_items])
        held = {h.kind: h for h in report(cache, 24.0, cache_path=db)}
        assert held["journal_accepted"].count == 2
        assert held["journal_failed"].count == 2
        assert held["journal_waiting"].count == 0
        assert held["journal_accepted"].next_deletion is not None
    for loan in old:
        assert links(files, log_file, loan, page_size) == [], loan
    # the refused rows keep their full card number for the counter staff
    assert REFUSED.encode() in db.read_bytes()
    assert not re.search(r"題名|\btitle=", log_file.read_text(encoding="utf-8"))


def test_a_recent_accepted_row_stays_until_its_time(tmp_path: Path) -> None:
    with open_cache(tmp_path / "cache.sqlite3", KEY) as cache:
        journal = OfflineJournal(cache)
        now = datetime.now(TOKYO)
        row = journal.record_loan(card=OLD, item_id="115538407", title="本", loan_class="book",
                                  transaction_at=now, due_at=now + timedelta(days=14))
        journal.mark_done(row.id)
        retention = Retention(journal, 24.0)
        assert retention.purge_once() == 0
        later = Retention(journal, 24.0, clock=lambda: datetime.now(UTC) + timedelta(hours=25))
        assert later.purge_once() == 1
        assert journal.rows() == []


def test_privacy_report_lists_every_kind_with_how_much_and_until_when(
        tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "card-key").write_bytes(KEY)
    with open_cache(state / "cache.sqlite3", KEY) as cache:
        journal = OfflineJournal(cache)
        now = datetime.now(TOKYO)
        for n, item in enumerate(("115538407", "115538415", "115538423")):
            row = journal.record_loan(card=OLD, item_id=item, title="本", loan_class="book",
                                      transaction_at=now, due_at=now + timedelta(days=14))
            if n == 0:
                journal.mark_done(row.id)
            elif n == 1:
                journal.mark_failed(row.id, "blocked")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["privacy", "report", "--state-dir", str(state), "--json"]) == 0
    held = {h["kind"]: h for h in json.loads(out.getvalue())}
    for kind in ("journal_waiting", "journal_failed", "journal_renewed", "journal_accepted",
                 "patrons", "holds", "mynumber_links", "card_key", "logs", "exports",
                 "files"):
        assert kind in held, kind
        assert held[kind]["what"], kind
        assert held[kind]["until"], kind
    assert held["journal_waiting"]["count"] == 1
    assert held["journal_failed"]["count"] == 1
    assert held["journal_accepted"]["count"] == 1
    assert "24 hours" in held["journal_accepted"]["until"]
    deletion = datetime.fromisoformat(held["journal_accepted"]["next_deletion"])
    assert timedelta(hours=23) < deletion - datetime.now(UTC) <= timedelta(hours=24)
    assert OLD not in out.getvalue()
    text = io.StringIO()
    with redirect_stdout(text):
        assert main(["privacy", "report", "--state-dir", str(state)]) == 0
    assert "journal_accepted: 1" in text.getvalue()
    assert "next deletion:" in text.getvalue()

"""Offline lending by the online rules, and the journal and the online kiosk together
(issue 18, items 1, 3, 6 and 7): a re-scan of a replayed loan, a second card, the AV loan
period and items left offline; an item the journal still holds is the offline patron's
online too (and nobody else's), a failed row keeps it for staff, and so does a kiosk killed
with SIGKILL right after the offline loan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.connectivity import ResilientCirculation
from kiosk.events import (
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    Mode,
    OtherCardScanned,
    PatronIdentified,
)
from kiosk.session import PatronSession
from sync.cache.cache import Cache, open_cache
from sync.cache.models import ItemRecord, LoanRule
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalState, OfflineJournal
from sync.sip2.client import Sip2Client
from tests.offline.fixed_clock import NOW, POLICY, TOKYO, offline_at_now

KEY = b"k" * 32
BOOK, AV, SEEN_ONLINE_AV = "100000001", "100000005", "100000009"
ROOT = Path(__file__).resolve().parents[2]


def seed(c: Cache) -> None:
    blank = " " * 14
    for card, charged in ((DEMO.good_card, 0), (DEMO.other_good_card, 9)):
        c.remember_patron(card, valid=True, may_borrow=True, status=blank,
                          charged_count=charged, seen_at=NOW)
    with c.sessions.begin() as s:
        s.add_all([
            ItemRecord(item_id=BOOK, title="ぐりとぐら", media_type="001",
                       circulation_status="03", due_at=None, updated_at=NOW,
                       loan_class="book"),
            ItemRecord(item_id=AV, title="映画DVD", media_type="006", circulation_status="03",
                       due_at=None, updated_at=NOW, loan_class="av"),
            LoanRule(loan_class="book", loan_days=14, limit_group="books", max_items=10),
            LoanRule(loan_class="av", loan_days=7, limit_group="av", max_items=3),
        ])
    # an AV item only ever seen in a SIP2 answer: no class from a feed, media type 006
    c.remember_item(SEEN_ONLINE_AV, title="音楽CD", media_type="006",
                    circulation_status="03", due_at=None, seen_at=NOW)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", KEY) as c:
        seed(c)
        yield c


offline = offline_at_now


# -- 1. a re-scan offline of a loan already replayed ----------------------------------------
def test_a_replayed_loan_scanned_again_offline_is_journalled_for_the_replay_to_check(
        cache: Cache) -> None:
    # The kiosk cannot know whether the book went back since (a return desk never tells its
    # cache): a new row, which the replay checks with the ILS before sending
    # (tests/sync/test_replay_doubled.py: skipped if still theirs, sent if returned).
    circulation, journal = offline(cache)
    first = circulation.checkout(DEMO.good_card, BOOK)
    assert first.loan is not None
    assert not first.already
    [row] = journal.rows()
    journal.mark_done(row.id, ils_due="20261204    235959")     # the replay sent it
    again = circulation.checkout(DEMO.good_card, BOOK)
    assert again.loan is not None
    assert not again.already
    assert journal.count() == 2
    # someone else scanning it while the second row waits is refused: the journal holds it
    other = circulation.checkout(DEMO.other_good_card, BOOK)
    assert other.problem is ItemProblem.ON_LOAN


def test_a_pending_loan_scanned_again_offline_is_answered_as_theirs(cache: Cache) -> None:
    circulation, journal = offline(cache)
    circulation.checkout(DEMO.good_card, BOOK)
    session = PatronSession(circulation, BarcodeRules())
    session.scan(DEMO.good_card)
    [event] = session.scan(BOOK)                        # a new visit after a restart
    assert isinstance(event, ItemAlreadyOnLoan)
    assert event.loan.mode is Mode.OFFLINE
    assert journal.count() == 1


# -- 3. a second card, offline --------------------------------------------------------------
def test_offline_another_card_asks_finished(cache: Cache) -> None:
    circulation, _ = offline(cache)
    session = PatronSession(circulation, BarcodeRules())
    [who] = session.scan(DEMO.codabar(DEMO.good_card))
    assert isinstance(who, PatronIdentified)
    assert who.name == ""                               # offline: no name to tell them by
    session.scan(BOOK)
    [asked] = session.scan(DEMO.codabar(DEMO.other_good_card))
    assert asked == OtherCardScanned("****" + DEMO.good_card[-4:],
                                     "****" + DEMO.other_good_card[-4:])
    assert session.signed_in
    assert len(session.loans) == 1


# -- 6. the same loan rules as online ----------------------------------------------------------
def test_offline_av_gets_the_av_period_whatever_the_offline_period(cache: Cache) -> None:
    circulation, _ = offline(cache)                     # the demo config: loan_days = 14
    av = circulation.checkout(DEMO.good_card, AV).loan
    assert av is not None
    assert av.due == (NOW + timedelta(days=7)).date()   # AV one week, as online
    seen_online = circulation.checkout(DEMO.good_card, SEEN_ONLINE_AV).loan
    assert seen_online is not None
    assert seen_online.due == (NOW + timedelta(days=7)).date()
    book = circulation.checkout(DEMO.good_card, BOOK).loan
    assert book is not None
    assert book.due == (NOW + timedelta(days=14)).date()


def test_offline_shows_how_many_more_items_may_be_borrowed(cache: Cache) -> None:
    circulation, _ = offline(cache)
    session = PatronSession(circulation, BarcodeRules())
    [who] = session.scan(DEMO.other_good_card)          # 9 books at the ILS, limit 10
    assert isinstance(who, PatronIdentified)
    assert who.remaining == 1
    assert who.counts is not None
    assert who.counts.items_left == 1
    [lent] = session.scan(BOOK)
    assert isinstance(lent, ItemCheckedOut)
    assert lent.counts is not None
    assert lent.counts.items_left == 0
    session.finish()
    [back] = session.scan(DEMO.good_card)               # nothing at the ILS: the day's five
    assert isinstance(back, PatronIdentified)
    assert back.remaining == POLICY.max_items_per_patron


# -- 7. the journal and the online kiosk together ----------------------------------------------
# (the simulator and its client: tests/offline/conftest.py)
def sent_for(sim: IlsSimulator, item: str) -> list[str]:
    return [e.kind for e in sim.ledger() if e.item == item]


def back_online(cache: Cache, client: Sip2Client) -> ResilientCirculation:
    """A kiosk that lent offline and now finds the ILS again, the journal not yet replayed."""
    online = OnlineCirculation(client, cache, timezone=TOKYO)
    return ResilientCirculation(online, offline(cache)[0], start_offline=True)


def test_online_an_item_lent_offline_is_its_patrons_and_nobody_elses(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    item = DEMO.lendable_items[0]
    circulation = back_online(cache, client)
    session = PatronSession(circulation, BarcodeRules())
    session.scan(DEMO.good_card)
    [lent] = session.scan(item)
    assert isinstance(lent, ItemCheckedOut)
    assert lent.loan.mode is Mode.OFFLINE
    session.finish()
    circulation.set_mode(Mode.ONLINE, "the ILS answers again")      # before any replay
    same = PatronSession(circulation, BarcodeRules())
    same.scan(DEMO.good_card)
    [mine] = same.scan(item)
    assert isinstance(mine, ItemAlreadyOnLoan)
    assert mine.loan.due == lent.loan.due
    same.finish()
    other = PatronSession(circulation, BarcodeRules())
    other.scan(DEMO.other_good_card)
    [theirs] = other.scan(item)
    assert isinstance(theirs, ItemRefused)
    assert theirs.reason is ItemProblem.ASK_STAFF                   # "please ask staff"
    assert sent_for(simulator, item) == []                          # the kiosk sent nothing


def test_a_failed_row_keeps_the_item_for_staff_until_resolved(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    item = DEMO.lendable_items[1]
    circulation, journal = offline(cache)
    assert circulation.checkout(DEMO.good_card, item).loan is not None
    [row] = journal.rows()
    journal.mark_sending(row.id)
    journal.mark_failed(row.id, "refused: on hold for another patron")
    online = OnlineCirculation(client, cache, timezone=TOKYO)
    for card in (DEMO.good_card, DEMO.other_good_card):
        outcome = online.checkout(card, item)
        assert outcome.problem is ItemProblem.ASK_STAFF, card
    # offline too: no second row for an item staff must look at
    assert circulation.checkout(DEMO.other_good_card, item).problem is ItemProblem.ASK_STAFF
    assert journal.count() == 1
    assert sent_for(simulator, item) == []
    journal.mark_resolved(row.id, "lent at the counter")            # staff dealt with it
    assert online.checkout(DEMO.other_good_card, item).loan is not None


KILLED_AFTER_LOAN = textwrap.dedent("""
    import os, signal, sys
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from kiosk.config import load_config
    from kiosk.offline import OfflineCirculation
    from sync.cache.cache import open_cache
    from sync.cache.offline_view import OfflineView
    from sync.journal import OfflineJournal
    tokyo = ZoneInfo("Asia/Tokyo")
    cache = open_cache(Path(sys.argv[1]), b"k" * 32)
    circulation = OfflineCirculation(OfflineView(cache), OfflineJournal(cache),
                                     load_config(None).offline, timezone=tokyo)
    outcome = circulation.checkout(sys.argv[2], sys.argv[3])
    print("acknowledged" if outcome.loan else f"refused {outcome.problem}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)      # the screen never said it; nothing closed
""")


def test_a_kiosk_killed_after_an_offline_loan_then_online_sends_nothing_for_it(
        simulator: IlsSimulator, client: Sip2Client, tmp_path: Path) -> None:
    item = DEMO.lendable_items[2]
    path = tmp_path / "killed" / "cache.sqlite3"
    done = subprocess.run([sys.executable, "-c", KILLED_AFTER_LOAN, str(path),
                           DEMO.good_card, item], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
                          check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.strip() == "acknowledged"
    with open_cache(path, KEY) as cache:                # the kiosk starts again, online
        [row] = OfflineJournal(cache).rows()
        assert row.state is JournalState.PENDING
        online = OnlineCirculation(client, cache, timezone=TOKYO)
        same = PatronSession(online, BarcodeRules())
        same.scan(DEMO.good_card)
        [event] = same.scan(item)
        assert isinstance(event, ItemAlreadyOnLoan)
        other = PatronSession(online, BarcodeRules())
        other.scan(DEMO.other_good_card)
        [refused] = other.scan(item)
        assert isinstance(refused, ItemRefused)
        assert refused.reason is ItemProblem.ASK_STAFF
    assert sent_for(simulator, item) == []

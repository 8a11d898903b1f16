"""Offline decisions from a real SQLite cache, and the journal they write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.events import ItemProblem, Mode, PatronProblem
from sync.cache.cache import Cache, open_cache
from sync.cache.models import ClosedDay, HoldRecord, ItemRecord, LoanRule
from sync.cache.offline_view import OfflineView
from sync.journal import JournalState
from tests.offline.fixed_clock import NOW, offline_at_now

GOOD, OTHER, LOST, UNKNOWN = "21045877", "21093315", "21204656", "28888881"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", b"k" * 32) as c:
        blank = " " * 14
        for card, status, charged in ((GOOD, blank, 0), (OTHER, blank, 9),
                                      (LOST, "Y   Y" + " " * 9, 0)):
            c.remember_patron(card, valid=True, may_borrow=status == blank, status=status,
                              charged_count=charged, seen_at=NOW)
        with c.sessions.begin() as s:
            s.add_all([
                ItemRecord(item_id="100000001", title="ぐりとぐら", media_type="001",
                           circulation_status="03", due_at=None, updated_at=NOW,
                           loan_class="picture_book"),
                ItemRecord(item_id="100000002", title="富山県地名大辞典", media_type="001",
                           circulation_status="03", due_at=None, updated_at=NOW,
                           loan_class="book", not_for_loan=True),
                ItemRecord(item_id="100000003", title="相互貸借の本", media_type="001",
                           circulation_status="03", due_at=None, updated_at=NOW,
                           loan_class="book", ill=True),
                ItemRecord(item_id="100000004", title="予約の本", media_type="001",
                           circulation_status="08", due_at=None, updated_at=NOW,
                           loan_class="book"),
                ItemRecord(item_id="100000005", title="映画DVD", media_type="006",
                           circulation_status="03", due_at=None, updated_at=NOW,
                           loan_class="av"),
                HoldRecord(item_id="100000004", card_hash=c.card_hash(OTHER), updated_at=NOW),
                LoanRule(loan_class="book", loan_days=14, limit_group="books", max_items=10),
                LoanRule(loan_class="picture_book", loan_days=14, limit_group="books",
                         max_items=10),
                LoanRule(loan_class="av", loan_days=7, limit_group="av", max_items=3),
                # the fixed-period due date (4 Dec) and the next day are closed
                ClosedDay(day=date(2026, 12, 4), reason="館内整理日"),
                ClosedDay(day=date(2026, 12, 5), reason="休館日"),
            ])
        yield c


circulation = offline_at_now


def test_a_known_patron_borrows_and_the_loan_is_journalled(cache: Cache) -> None:
    offline, journal = circulation(cache)
    assert offline.identify(GOOD).patron is not None
    outcome = offline.checkout(GOOD, "100000001")
    assert outcome.loan is not None
    assert outcome.loan.mode is Mode.OFFLINE
    assert outcome.loan.title == "ぐりとぐら"
    [row] = journal.rows()
    assert row.state is JournalState.PENDING
    assert row.item_id == "100000001"
    assert GOOD not in row.card_masked
    # the item is now on loan in the cache too: same transaction
    assert OfflineView(cache).item("100000001").circulation_status == "04"  # type: ignore[union-attr]


def test_due_dates_skip_closed_days(cache: Cache) -> None:
    offline, _ = circulation(cache)
    loan = offline.checkout(GOOD, "100000001").loan
    assert loan is not None
    assert loan.due == date(2026, 12, 6)        # 14 days is 4 Dec: closed, and so is 5 Dec


def test_cached_refusals_name_their_reason(cache: Cache) -> None:
    offline, journal = circulation(cache)
    assert offline.checkout(GOOD, "100000002").problem is ItemProblem.NOT_FOR_LOAN
    assert offline.checkout(GOOD, "100000003").problem is ItemProblem.ILL
    assert offline.checkout(GOOD, "100000004").problem is ItemProblem.ON_HOLD
    # the patron the hold is for picks it up
    assert offline.checkout(OTHER, "100000004").loan is not None
    assert journal.count() == 1


def test_patrons_the_cache_blocks_or_does_not_know(cache: Cache) -> None:
    offline, _ = circulation(cache)
    assert offline.identify(LOST).problem is PatronProblem.CARD_LOST
    assert offline.identify(UNKNOWN).problem is PatronProblem.OFFLINE_UNKNOWN
    lenient, _ = circulation(cache, unknown_patrons=True)
    assert lenient.identify(UNKNOWN).patron is not None
    closed, _ = circulation(cache, allowed=False)
    assert closed.identify(GOOD).problem is PatronProblem.ILS_UNAVAILABLE
    assert closed.checkout(GOOD, "100000001").problem is ItemProblem.ILS_UNAVAILABLE


def test_policy_limits(cache: Cache) -> None:
    offline, journal = circulation(cache, max_items_per_patron=1)
    assert offline.checkout(GOOD, "100000001").loan is not None
    assert offline.checkout(GOOD, "100000005").problem is ItemProblem.OFFLINE_LIMIT
    capped, _ = circulation(cache, max_total=1)
    assert capped.checkout(OTHER, "100000005").problem is ItemProblem.OFFLINE_CAP
    assert journal.count() == 1


def test_type_limits_count_the_ils_loans_and_the_unsent_ones(cache: Cache) -> None:
    offline, _ = circulation(cache)
    # OTHER had 9 books on loan at the ILS: one more book is the 10th, the next is refused
    assert offline.checkout(OTHER, "100000001").loan is not None
    with cache.sessions.begin() as s:
        s.add(ItemRecord(item_id="100000006", title="もう一冊", media_type="001",
                         circulation_status="03", due_at=None, updated_at=NOW,
                         loan_class="book"))
    assert offline.checkout(OTHER, "100000006").problem is ItemProblem.LIMIT_REACHED
    # AV counts in its own group
    assert offline.checkout(OTHER, "100000005").loan is not None


def test_one_item_cannot_be_lent_twice_offline(cache: Cache) -> None:
    offline, journal = circulation(cache)
    first = offline.checkout(GOOD, "100000001")
    assert offline.checkout(OTHER, "100000001").problem is ItemProblem.ON_LOAN
    # the same patron scanning it again (say after a restart) gets the same loan, not a 2nd
    again = offline.checkout(GOOD, "100000001")
    assert again.loan == first.loan
    assert journal.count() == 1


def test_unknown_items_follow_the_policy(cache: Cache) -> None:
    offline, _ = circulation(cache)
    assert offline.checkout(GOOD, "199999999").loan is not None
    strict, _ = circulation(cache, unknown_items=False)
    assert strict.checkout(GOOD, "199999998").problem is ItemProblem.REFUSED


def test_a_full_disk_stops_lending_and_acknowledges_nothing(cache: Cache) -> None:
    offline, journal = circulation(cache, max_items_per_patron=100)
    assert offline.checkout(GOOD, "100000001").loan is not None
    cards = [f"5{n:07d}" for n in range(200)]
    for card in cards:
        cache.remember_patron(card, valid=True, may_borrow=True, status=" " * 14,
                              charged_count=0, seen_at=NOW)
    with cache.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    # every pooled connection must hit the limit: SQLite's own "database or disk is full"
    from sqlalchemy import event

    def cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")
    event.listen(cache.engine, "connect", cap)
    offline.close()               # its kept connection was opened before the cap
    cache.engine.dispose()
    for n, card in enumerate(cards):   # fill the last free pages, then fail
        outcome = offline.checkout(card, f"3{n:08d}")
        if outcome.loan is None:
            break
    assert outcome.problem is ItemProblem.NOT_RECORDED
    acknowledged = 1 + n
    event.remove(cache.engine, "connect", cap)
    cache.engine.dispose()
    assert journal.count() == acknowledged        # every acknowledged loan is there, no more


def test_a_read_only_database_stops_lending(cache: Cache) -> None:
    offline, journal = circulation(cache)
    from sqlalchemy import event

    def read_only(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA query_only=ON")
    event.listen(cache.engine, "connect", read_only)
    offline.close()
    cache.engine.dispose()
    assert offline.checkout(GOOD, "100000001").problem is ItemProblem.NOT_RECORDED
    event.remove(cache.engine, "connect", read_only)
    cache.engine.dispose()
    assert journal.count() == 0
    with cache.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM journal")).scalar() == 0


def test_offline_loan_period_may_follow_the_rules(cache: Cache) -> None:
    offline, _ = circulation(cache, loan_days=0)
    loan = offline.checkout(GOOD, "100000005").loan
    assert loan is not None
    assert loan.due == (NOW + timedelta(days=7)).date()       # AV: one week

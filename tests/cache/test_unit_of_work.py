"""An offline loan's unit of work: the decision's reads, the journal row and the item's status
commit together or not at all, and the write lock is held from the first read; and the one
item upsert, as the feed, an offline loan and a SIP2 answer each use it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sync.cache.cache import Cache, open_cache
from sync.cache.rows import ITEM_FROM_FEED, item_upsert
from sync.cache.unit_of_work import OfflineLoans
from sync.journal import JournalState, OfflineJournal

AT = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
DUE = AT + timedelta(days=14)
CARD, ITEM = "21045877", "115538407"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", b"u" * 32) as c:
        yield c


@pytest.fixture
def loans(cache: Cache) -> Iterator[OfflineLoans]:
    loans = OfflineLoans(cache, kiosk_id="KIOSK-1")
    yield loans
    loans.close()


def facts(uow, item: str = ITEM):  # type: ignore[no-untyped-def]
    return uow.checkout_facts(CARD, item, since=AT - timedelta(hours=1), first_day=AT.date(),
                              last_day=AT.date() + timedelta(days=30))


def add(uow, item: str = ITEM, **kw):  # type: ignore[no-untyped-def]
    return uow.add_loan(card=CARD, item_id=item, title="題名", loan_class="book",
                        transaction_at=AT, due_at=DUE, **kw)


def test_a_committed_loan_is_its_journal_row_and_the_items_status(
        cache: Cache, loans: OfflineLoans) -> None:
    with loans.begin() as uow:
        assert facts(uow).item is None
        row = add(uow)
        uow.commit()
    [journalled] = OfflineJournal(cache).rows()
    assert (journalled.id, journalled.txn_id) == (row.id, row.txn_id)
    assert journalled.state is JournalState.PENDING
    item = cache.item(ITEM)
    assert item is not None
    assert (item.circulation_status, item.due_at) == ("04", DUE)
    with loans.begin() as uow:        # the next loan's reads see it
        seen = facts(uow)
        assert seen.item_last_row is not None
        assert (seen.open_total, seen.patron_loans_since) == (1, 1)
        assert seen.item_last_row.card_hash == seen.card_hash


def test_maybe_sent_starts_as_sending(cache: Cache, loans: OfflineLoans) -> None:
    with loans.begin() as uow:
        add(uow, maybe_sent=True)
        uow.commit()
    [row] = OfflineJournal(cache).rows()
    assert (row.state, row.attempts) == (JournalState.SENDING, 1)


def test_without_commit_nothing_stays(cache: Cache, loans: OfflineLoans) -> None:
    with loans.begin() as uow:
        add(uow)
    assert OfflineJournal(cache).rows() == []
    assert cache.item(ITEM) is None


def test_an_error_rolls_back_and_the_next_loan_goes_through(
        cache: Cache, loans: OfflineLoans) -> None:
    def half_way() -> None:
        with loans.begin() as uow:
            add(uow)
            raise RuntimeError("the decision failed half-way")

    def naive() -> None:
        with loans.begin() as uow:
            uow.add_loan(card=CARD, item_id=ITEM, title="", loan_class="",
                         transaction_at=AT.replace(tzinfo=None), due_at=DUE)

    with pytest.raises(RuntimeError):
        half_way()
    with pytest.raises(ValueError, match="timezone-aware"):
        naive()
    assert OfflineJournal(cache).rows() == []
    with loans.begin() as uow:
        add(uow, "115538415")
        uow.commit()
    assert [row.item_id for row in OfflineJournal(cache).rows()] == ["115538415"]


def test_the_write_lock_is_held_from_the_first_read(cache: Cache, loans: OfflineLoans,
                                                    tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "cache.sqlite3", timeout=0, isolation_level=None)
    try:
        with loans.begin() as uow:
            facts(uow)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            add(uow)
            uow.commit()
        other.execute("BEGIN IMMEDIATE")              # free again once committed
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_rules_and_closed_days_come_with_the_facts(cache: Cache,
                                                       loans: OfflineLoans) -> None:
    with cache.engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO loan_rules VALUES ('av', 7, 'av', 3)")
        connection.exec_driver_sql("INSERT INTO closed_days VALUES ('2026-12-07', 'closed')")
    with loans.begin() as uow:
        seen = facts(uow)
    assert seen.rules["av"].loan_days == 7
    assert seen.closed_days == frozenset({date(2026, 12, 7)})


def test_a_patrons_facts_are_read_in_a_read_only_unit_of_work(
        cache: Cache, loans: OfflineLoans, tmp_path: Path) -> None:
    with loans.begin() as uow:
        add(uow)
        add(uow, "115538408", maybe_sent=True)
        uow.commit()
    cache.remember_patron(CARD, valid=True, may_borrow=True, status=" " * 14,
                          charged_count=3, seen_at=AT)
    other = sqlite3.connect(tmp_path / "cache.sqlite3", timeout=0, isolation_level=None)
    try:
        with loans.read() as uow:
            seen = uow.patron_facts(CARD, since=AT - timedelta(hours=1))
            other.execute("BEGIN IMMEDIATE")          # a read takes no write lock
            other.execute("ROLLBACK")
            with pytest.raises(RuntimeError, match="read-only"):
                add(uow)
    finally:
        other.close()
    assert (seen.patron.known, seen.patron.charged_count) == (True, 3)
    assert (seen.loans_since, seen.open_by_class) == (2, {"book": 2})
    assert seen.card_hash == cache.card_hash(CARD)
    with loans.read() as uow:
        later = uow.patron_facts(CARD, since=AT + timedelta(hours=1))
        stranger = uow.patron_facts("29999999", since=AT)
    assert later.loans_since == 0
    assert (stranger.patron.known, stranger.open_by_class) == (False, {})
    assert len(OfflineJournal(cache).rows()) == 2          # the refused write left nothing


def test_a_security_result_goes_on_the_patrons_newest_row_of_the_item(
        cache: Cache, loans: OfflineLoans) -> None:
    with loans.begin() as uow:
        assert uow.record_security(ITEM, cache.card_hash(CARD), "ok: AFI C2") is False
        add(uow)
        add(uow)
        assert uow.record_security(ITEM, cache.card_hash(CARD), "ok: AFI C2") is True
        uow.commit()
    assert [row.security for row in OfflineJournal(cache).rows()] == [None, "ok: AFI C2"]


def test_one_item_upsert_each_source_setting_what_it_knows(cache: Cache,
                                                           loans: OfflineLoans) -> None:
    with cache.engine.begin() as connection:    # the feed: a picture book, not for loan
        connection.exec_driver_sql(ITEM_FROM_FEED, (ITEM, "ぐりとぐら", "03", None,
                                                    "2026-12-01 00:00:00.000000",
                                                    "picture_book", 1, 0))
    with loans.begin() as uow:                  # lent offline: on loan, due then
        add(uow)
        uow.commit()
    cache.remember_item(ITEM, title="ぐりとぐら (新版)", media_type="001",
                        circulation_status="03", due_at=None, seen_at=AT)   # back, online
    with cache.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT title, media_type, circulation_status, loan_class, not_for_loan, source"
            " FROM items WHERE item_id = ?", (ITEM,)).one()
    assert tuple(row) == ("ぐりとぐら (新版)", "001", "03", "picture_book", 1, "sip2")
    with cache.engine.begin() as connection:    # an older feed never overwrites
        connection.exec_driver_sql(ITEM_FROM_FEED, (ITEM, "古い", "03", None,
                                                    "2026-11-01 00:00:00.000000", "book", 0, 0))
    item = cache.item(ITEM)
    assert item is not None
    assert item.title == "ぐりとぐら (新版)"


@pytest.mark.parametrize("columns", [("item_id", "colour"), ("title",)])
def test_an_item_upsert_names_only_item_columns(columns: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="item upsert"):
        item_upsert(columns, update=())

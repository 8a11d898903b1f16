"""The cache's API on real SQLite files: round trips, upserts, keyed card hashes, privacy."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from sync.cache import Cache, CachedItem, CachedPatron, open_cache
from sync.cache.cache import create_cache_engine
from sync.cache.schema import head_revision

KEY = b"branch-secret-\x00\xff"
CARD = "20251122987654"
NO_FLAGS = " " * 14
JST = timezone(timedelta(hours=9))
SEEN = datetime(2025, 4, 1, 10, 30, tzinfo=JST)
LATER = SEEN + timedelta(hours=2)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "var" / "cache.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[Cache]:
    with open_cache(cache_path, KEY) as opened:
        yield opened


def database_bytes(path: Path) -> bytes:
    """The database file and any -wal / -shm beside it."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_patron_round_trip(cache: Cache) -> None:
    cache.remember_patron(
        CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=3, seen_at=SEEN
    )

    assert cache.patron(CARD) == CachedPatron(
        card_hash=cache.card_hash(CARD),
        valid=True,
        may_borrow=True,
        status=NO_FLAGS,
        charged_count=3,
        updated_at=SEEN,
    )
    assert cache.patron("20251122000000") is None
    assert cache.counts() == {"patrons": 1, "items": 0}


def test_patron_upsert_overwrites(cache: Cache) -> None:
    cache.remember_patron(
        CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=3, seen_at=SEEN
    )
    denied = "Y" + " " * 13
    cache.remember_patron(
        CARD, valid=False, may_borrow=False, status=denied, charged_count=0, seen_at=LATER
    )

    patron = cache.patron(CARD)
    assert patron is not None
    assert (patron.valid, patron.may_borrow, patron.status, patron.charged_count) == (
        False,
        False,
        denied,
        0,
    )
    assert patron.updated_at == LATER
    assert cache.counts() == {"patrons": 1, "items": 0}


def test_item_round_trip_and_upsert(cache: Cache) -> None:
    due = datetime(2025, 4, 15, 23, 59, 59, tzinfo=JST)
    cache.remember_item(
        "1000123456",
        title="吾輩は猫である",
        media_type="book",
        circulation_status="on_loan",
        due_at=due,
        seen_at=SEEN,
    )
    assert cache.item("1000123456") == CachedItem(
        item_id="1000123456",
        title="吾輩は猫である",
        media_type="book",
        circulation_status="on_loan",
        due_at=due,
        updated_at=SEEN,
    )

    cache.remember_item(
        "1000123456",
        title="吾輩は猫である（改版）",
        media_type="book",
        circulation_status="available",
        due_at=None,
        seen_at=LATER,
    )
    item = cache.item("1000123456")
    assert item is not None
    assert (item.title, item.circulation_status, item.due_at, item.updated_at) == (
        "吾輩は猫である（改版）",
        "available",
        None,
        LATER,
    )
    assert cache.item("9999999999") is None
    assert cache.counts() == {"patrons": 0, "items": 1}


def test_datetimes_come_back_as_the_same_instant_in_utc(cache: Cache) -> None:
    cache.remember_item(
        "1", title="t", media_type="book", circulation_status="available", due_at=None, seen_at=SEEN
    )
    item = cache.item("1")
    assert item is not None
    assert item.updated_at == SEEN
    assert item.updated_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(cache: Cache) -> None:
    naive = datetime(2025, 4, 1, 10, 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        cache.remember_item(
            "1",
            title="t",
            media_type="book",
            circulation_status="on_loan",
            due_at=naive,
            seen_at=SEEN,
        )
    with pytest.raises(ValueError, match="timezone-aware"):
        cache.remember_patron(
            CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=0, seen_at=naive
        )
    assert cache.counts() == {"patrons": 0, "items": 0}


def test_patron_status_must_be_the_14_sip2_flags(cache: Cache) -> None:
    with pytest.raises(ValueError, match="14"):
        cache.remember_patron(
            CARD, valid=True, may_borrow=True, status="Y", charged_count=0, seen_at=SEEN
        )


def test_card_hash_is_hmac_sha256_of_the_card(cache: Cache) -> None:
    expected = hmac.new(KEY, CARD.encode(), hashlib.sha256).hexdigest()
    assert cache.card_hash(CARD) == expected
    assert len(expected) == 64
    assert CARD not in expected


def test_different_keys_give_different_hashes(cache_path: Path) -> None:
    engine = create_cache_engine(cache_path.with_name("other.sqlite3"))
    cache_path.parent.mkdir(parents=True)
    try:
        first, second = Cache(engine, b"library-a"), Cache(engine, b"library-b")
        assert first.card_hash(CARD) != second.card_hash(CARD)
        assert first.card_hash(CARD) == Cache(engine, b"library-a").card_hash(CARD)
        assert first.card_hash(CARD) != first.card_hash(CARD[:-1] + "5")
    finally:
        engine.dispose()


def test_a_patron_is_not_found_under_another_key(cache_path: Path) -> None:
    with open_cache(cache_path, b"library-a") as first:
        first.remember_patron(
            CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=0, seen_at=SEEN
        )
    with open_cache(cache_path, b"library-b") as second:
        assert second.patron(CARD) is None
        assert second.counts()["patrons"] == 1


def test_empty_key_is_refused_before_anything_is_written(cache_path: Path) -> None:
    with pytest.raises(ValueError, match="key"):
        open_cache(cache_path, b"")
    assert not cache_path.parent.exists()

    cache_path.parent.mkdir(parents=True)
    engine = create_cache_engine(cache_path)
    try:
        with pytest.raises(ValueError, match="key"):
            Cache(engine, b"")
    finally:
        engine.dispose()


def test_empty_card_is_refused(cache: Cache) -> None:
    with pytest.raises(ValueError, match="card"):
        cache.card_hash("")


def test_the_card_number_never_reaches_the_database_file(cache_path: Path) -> None:
    cache = open_cache(cache_path, KEY)
    cache.remember_patron(
        CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=2, seen_at=SEEN
    )
    assert cache.patron(CARD) is not None
    card_hash = cache.card_hash(CARD).encode("ascii")

    while_open = database_bytes(cache_path)
    assert CARD.encode("ascii") not in while_open
    assert card_hash in while_open

    cache.close()
    after_close = database_bytes(cache_path)
    assert CARD.encode("ascii") not in after_close
    assert CARD.encode("utf-16-le") not in after_close
    assert card_hash in after_close


def test_usable_from_a_worker_thread(cache: Cache) -> None:
    def work() -> CachedPatron | None:
        cache.remember_patron(
            CARD, valid=True, may_borrow=True, status=NO_FLAGS, charged_count=1, seen_at=SEEN
        )
        return cache.patron(CARD)

    with ThreadPoolExecutor(max_workers=1) as worker:
        seen = worker.submit(work).result(timeout=30)
    assert seen is not None
    assert cache.patron(CARD) == seen


def test_schema_revision_is_head(cache: Cache) -> None:
    assert cache.schema_revision() == head_revision()


def test_dataclasses_are_frozen(cache: Cache) -> None:
    cache.remember_item("1", title="t", media_type="book", circulation_status="available",
                        due_at=None, seen_at=SEEN.astimezone(UTC))
    item = cache.item("1")
    assert item is not None
    with pytest.raises(AttributeError):
        item.title = "changed"  # type: ignore[misc]


# -- a transaction that reads, then writes, beside another writer ------------------------------
def _other_writer(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=0, isolation_level=None)   # refused at once if busy


def _a_patron_written_by(other: sqlite3.Connection, card_hash: str) -> None:
    other.execute("UPDATE patrons SET charged_count = charged_count + 1 WHERE card_hash = ?",
                  (card_hash,))


def test_a_plain_transaction_that_read_cannot_write_after_another_commit(
        cache: Cache, cache_path: Path) -> None:
    # why Cache.writing exists (the soak bench's "database is locked" in the replay)
    cache.remember_patron(CARD, valid=True, may_borrow=True, status=NO_FLAGS,
                          charged_count=0, seen_at=SEEN)
    other = _other_writer(cache_path)
    try:
        with cache.sessions.begin() as session:
            session.execute(text("SELECT count(*) FROM patrons")).one()
            _a_patron_written_by(other, cache.card_hash(CARD))         # commits meanwhile
            with pytest.raises(OperationalError, match="locked"):
                session.execute(text("UPDATE patrons SET charged_count = 0"))
            session.rollback()
    finally:
        other.close()


def test_writing_holds_the_write_lock_from_its_start(cache: Cache, cache_path: Path) -> None:
    cache.remember_patron(CARD, valid=True, may_borrow=True, status=NO_FLAGS,
                          charged_count=0, seen_at=SEEN)
    other = _other_writer(cache_path)
    try:
        with cache.writing() as session:
            session.execute(text("SELECT count(*) FROM patrons")).one()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                _a_patron_written_by(other, cache.card_hash(CARD))     # waits its turn
            session.execute(text("UPDATE patrons SET charged_count = 5"))
        _a_patron_written_by(other, cache.card_hash(CARD))             # after the commit
    finally:
        other.close()
    patron = cache.patron(CARD)
    assert patron is not None
    assert patron.charged_count == 6                 # both writes, in turn, none lost

"""The kiosk's local cache of patrons and items, fed from every SIP2 answer seen online.

Call it from one worker thread at a time, never the GUI thread: every method is one short
transaction on its own session.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import URL, Engine, create_engine, event, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session, sessionmaker

from sync.cache import schema
from sync.cache.models import ItemRecord, MyNumberLink, PatronRecord
from sync.cache.rows import ITEM_SEEN_ONLINE, sql_datetime

PATRON_STATUS_LENGTH = 14


if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Row = TypeVar("_Row", bound="DataclassInstance")


@dataclass(frozen=True)
class CachedPatron:
    card_hash: str
    valid: bool
    may_borrow: bool
    status: str
    charged_count: int
    updated_at: datetime


@dataclass(frozen=True)
class CachedItem:
    item_id: str
    title: str
    media_type: str
    circulation_status: str
    due_at: datetime | None
    updated_at: datetime


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _on_begin), so DDL and migrations are transactional.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # An acknowledged offline loan must survive a power cut.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        # Deleted rows leave the file: their cells and freed pages are overwritten with zeros
        # (a journal row the ILS accepted, a card number masked; docs/adr/0003).
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


IMMEDIATE = "kiosk_begin_immediate"     # an execution option read by _on_begin


def _on_begin(connection: Any) -> None:
    # ``Cache.writing()`` asks for the write lock at the start (see there)
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_cache_engine(path: Path) -> Engine:
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _require_key(card_key: bytes) -> None:
    if not card_key:
        raise ValueError("the card key must not be empty: card numbers would be guessable")


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware")


class Cache:
    def __init__(self, engine: Engine, card_key: bytes) -> None:
        _require_key(card_key)
        self._engine = engine
        self._card_key = bytes(card_key)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        """For the journal and importers that must write several tables in one transaction."""
        return self._sessions

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that holds the write lock from its start (``BEGIN IMMEDIATE``), for
        one that reads and then writes while others write: in WAL mode a plain ``BEGIN``
        that read first cannot take the lock once another connection has committed since,
        and fails at once with "database is locked" (the busy timeout does not apply).
        Commits on leaving, rolls back on an exception."""
        with self._sessions() as session, session.begin():
            session.connection(execution_options={IMMEDIATE: True})
            yield session

    def card_hash(self, card: str) -> str:
        """HMAC, not a plain hash: card numbers are short and sequential, so easy to enumerate."""
        if not card:
            raise ValueError("empty card number")
        return hmac.new(self._card_key, card.encode("utf-8"), hashlib.sha256).hexdigest()

    def remember_patron(
        self,
        card: str,
        *,
        valid: bool,
        may_borrow: bool,
        status: str,
        charged_count: int,
        seen_at: datetime,
    ) -> None:
        if len(status) != PATRON_STATUS_LENGTH:
            raise ValueError(f"patron status must be {PATRON_STATUS_LENGTH} characters")
        _require_aware("seen_at", seen_at)
        values = {
            "card_hash": self.card_hash(card),
            "valid": valid,
            "may_borrow": may_borrow,
            "status": status,
            "charged_count": charged_count,
            "updated_at": seen_at,
            # the ILS's answer is newer than any feed: its block (if any) is in ``status``
            "block": None,
            "source": "sip2",
        }
        stmt = insert(PatronRecord).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[PatronRecord.card_hash],
            set_={name: stmt.excluded[name] for name in values if name != "card_hash"},
        )
        with self._sessions.begin() as session:
            session.execute(stmt)

    def remember_item(
        self,
        item_id: str,
        *,
        title: str,
        media_type: str,
        circulation_status: str,
        due_at: datetime | None,
        seen_at: datetime,
    ) -> None:
        if not item_id:
            raise ValueError("empty item id")
        _require_aware("due_at", due_at)
        _require_aware("seen_at", seen_at)
        with self._engine.begin() as connection:
            connection.exec_driver_sql(ITEM_SEEN_ONLINE, (
                item_id, title, media_type, circulation_status,
                None if due_at is None else sql_datetime(due_at), sql_datetime(seen_at)))

    def patron(self, card: str) -> CachedPatron | None:
        return self._snapshot(PatronRecord, self.card_hash(card), CachedPatron)

    def item(self, item_id: str) -> CachedItem | None:
        return self._snapshot(ItemRecord, item_id, CachedItem)

    def _snapshot(self, model: type[Any], key: str, as_: type[_Row]) -> _Row | None:
        """The row of ``model`` at ``key`` as the plain value ``as_`` (its fields, by name)."""
        with self._sessions.begin() as session:
            row = session.get(model, key)
            if row is None:
                return None
            return as_(**{f.name: getattr(row, f.name) for f in fields(as_)})

    def counts(self) -> dict[str, int]:
        with self._sessions.begin() as session:
            patrons = session.scalar(select(func.count()).select_from(PatronRecord))
            items = session.scalar(select(func.count()).select_from(ItemRecord))
        return {"patrons": patrons or 0, "items": items or 0}

    # -- My Number links (the desk's kiosk.mynumber.LinkStore) -------------------------------
    def linked_card(self, link_key: str) -> str | None:
        """The library card a My Number certificate's link key is linked to, if any."""
        with self._sessions() as session:
            card: str | None = session.scalar(select(MyNumberLink.card_number).where(
                MyNumberLink.link_key == link_key))
        return card

    def link_card(self, link_key: str, card_number: str, not_after: datetime, *,
                  source: str = "staff") -> None:
        """Link (again) a certificate's link key to a library card, valid until
        ``not_after``: the keyed hash only, nothing else of the card (ADR 0005)."""
        _require_aware("not_after", not_after)
        with self._sessions.begin() as session:
            session.merge(MyNumberLink(link_key=link_key, card_number=card_number,
                                       cert_not_after=not_after, linked_at=datetime.now(UTC),
                                       source=source))

    # -- feed ------------------------------------------------------------------------------
    def card_hasher(self) -> Callable[[str], str]:
        """``card_hash`` for bulk use (the snapshot feed hashes every card it carries).

        Same result, about twice as fast: the keyed HMAC state is computed once and copied."""
        keyed = hmac.new(self._card_key, digestmod=hashlib.sha256)

        def card_hash(card: str) -> str:
            if not card:
                raise ValueError("empty card number")
            mac = keyed.copy()
            mac.update(card.encode("utf-8"))
            return mac.hexdigest()

        return card_hash

    # -- end feed ----------------------------------------------------------------------------

    def scrub(self, attempts: int = 20) -> bool:
        """After deleting personal data: checkpoint the WAL into the database and truncate it
        to nothing, so the old pages it still holds are gone from the disk too. A reader in
        another connection can delay it: tried again for a few seconds. True when done."""
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                for attempt in range(attempts):
                    busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    if not busy:
                        return True
                    time.sleep(0.05 * (attempt + 1))
                return False
            finally:
                cursor.close()
        finally:
            raw.close()

    def schema_revision(self) -> str | None:
        with self._engine.connect() as connection:
            return schema.current_revision(connection)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_cache(path: Path, card_key: bytes) -> Cache:
    """Open (creating if needed) the cache at `path` and migrate it to the newest schema."""
    _require_key(card_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_cache_engine(path)
    try:
        with engine.begin() as connection:
            schema.upgrade(connection)
        return Cache(engine, card_key)
    except BaseException:
        engine.dispose()
        raise


__all__ = ["Cache", "CachedItem", "CachedPatron", "create_cache_engine", "open_cache"]

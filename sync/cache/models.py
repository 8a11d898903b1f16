"""Tables of the local cache. Hand-written migrations in `migrations/versions` must match them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints let later migrations alter SQLite tables in batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC: SQLite keeps no zone, so one is chosen here."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("the cache stores only timezone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PatronRecord(Base):
    """A patron as last seen; keyed by a keyed hash of the card so the number is not kept."""

    __tablename__ = "patrons"

    card_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    valid: Mapped[bool] = mapped_column(Boolean)
    may_borrow: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(14))
    charged_count: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # why the patron may not borrow, in the kiosk's words (card_lost, long_overdue, expired,
    # blocked); None when they may. Set by the feed or derived from a SIP2 patron status.
    block: Mapped[str | None] = mapped_column(Text, nullable=True)
    wide_area: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    source: Mapped[str] = mapped_column(Text, default="sip2", server_default="sip2")


class ItemRecord(Base):
    __tablename__ = "items"

    item_id: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(Text)
    circulation_status: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # the lending class the offline rules count by: book, picture_book, large_picture_book,
    # magazine, kamishibai, av ("" when only SIP2 has been seen: treated as book)
    loan_class: Mapped[str] = mapped_column(Text, default="", server_default="")
    not_for_loan: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    ill: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    source: Mapped[str] = mapped_column(Text, default="sip2", server_default="sip2")


class HoldRecord(Base):
    """An item waiting on the hold shelf for a patron (keyed hash of the card)."""

    __tablename__ = "holds"

    item_id: Mapped[str] = mapped_column(Text, primary_key=True)
    card_hash: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoanRule(Base):
    """Loan period and per-patron limit of one lending class, for offline decisions."""

    __tablename__ = "loan_rules"

    loan_class: Mapped[str] = mapped_column(Text, primary_key=True)
    loan_days: Mapped[int] = mapped_column(Integer)
    # classes sharing a limit_group share one limit (books, picture books... count together)
    limit_group: Mapped[str] = mapped_column(Text)
    max_items: Mapped[int] = mapped_column(Integer)


class ClosedDay(Base):
    """A day the library is closed: a due date never falls on one."""

    __tablename__ = "closed_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class MyNumberLink(Base):
    """A My Number card's link to a library card: the keyed hash of its authentication
    certificate's issuer and serial, never the certificate or anything printed on the card."""

    __tablename__ = "mynumber_links"

    link_key: Mapped[str] = mapped_column(Text, primary_key=True)
    card_number: Mapped[str] = mapped_column(Text)
    cert_not_after: Mapped[datetime] = mapped_column(UtcDateTime)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(Text, default="staff", server_default="staff")


class JournalEntry(Base):
    """One offline loan, to be replayed to the ILS exactly once.

    The card number itself is kept only while the row is pending (the ILS needs it);
    once the ILS has the loan it is replaced by its masked form, and a ``done`` row is
    deleted ``[privacy] keep_accepted_hours`` after ``closed_at`` (sync.journal).
    state: pending → sending (a send may have reached the ILS) → done | failed.
    """

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    txn_id: Mapped[str] = mapped_column(Text, unique=True)
    card: Mapped[str] = mapped_column(Text)
    card_hash: Mapped[str] = mapped_column(Text)
    item_id: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="", server_default="")
    loan_class: Mapped[str] = mapped_column(Text, default="", server_default="")
    transaction_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(Text, default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="", server_default="")
    ils_due: Mapped[str] = mapped_column(Text, default="", server_default="")
    kiosk_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    # when the ILS accepted the row or staff resolved it: deleted keep_accepted_hours later
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # an RFID loan: the tag's security after it ("ok: AFI C2", "failed: …"); None otherwise
    security: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_journal_state_id", "state", "id"),
        # covering what a checkout asks of a patron's rows (migration 0006)
        Index("ix_journal_card", "card_hash", "transaction_at", "state", "loan_class"),
        Index("ix_journal_item_id", "item_id"),
    )

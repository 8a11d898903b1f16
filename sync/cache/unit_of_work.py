"""An offline loan as one unit of work: the reads its decision needs, the loan and its journal
row, in one SQLite transaction (docs/adr/0003-offline-journal.md).

The transaction takes the write lock as it begins (``BEGIN IMMEDIATE``), so what the decision
read is still so when the loan is written, whatever another process (a second kiosk on the
file, a staff replay) does meanwhile; ``commit()`` returns after the durable commit (WAL,
``synchronous=FULL``), and only then may the patron see success; leaving the block without
it, or on any error, rolls everything back. Plain SQL on a DB-API connection kept per thread:
this is what a patron waits for (bench/bench_offline.py), and taking a connection from the
pool and giving it back costs as much as the decision. The connection and its cursor never
leave this module. A patron's identify reads in a read-only one (``OfflineLoans.read()``:
a plain ``BEGIN``, one snapshot, no write lock); an RFID loan's security result is written in
one of its own.

    with loans.begin() as uow:
        facts = uow.checkout_facts(card, item, ...)
        ...                                   # decide
        uow.add_loan(card=card, item_id=item, ...)
        uow.commit()
"""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, NamedTuple

from sync.cache.cache import Cache
from sync.cache.offline_view import (
    UNKNOWN_PATRON,
    ItemStanding,
    JournalClaim,
    PatronStanding,
    Rule,
    standing,
)
from sync.cache.rows import ITEM_LENT_OFFLINE, sql_datetime

# sync.journal.JournalState's values: a row not yet at the ILS, or perhaps there already
PENDING, SENDING = "pending", "sending"
_OPEN = f"state IN ('{PENDING}', '{SENDING}')"

# One statement each: a patron waits on these, and each round trip through the driver costs
# more than the query itself. Named parameters: :card_hash, :item_id, :since, :first_day,
# :last_day, :count_cap. Single rows come back as plain columns (LEFT JOINs on their keys;
# NULLs where there is none); only the lists are JSON.
_PATRON_COLUMNS = ("p.card_hash, p.valid, p.may_borrow, p.status, p.charged_count, p.block,"
                   " p.wide_area")
_PATRON_JOIN = " LEFT JOIN patrons p ON p.card_hash = :card_hash"
# both read ix_journal_card alone (card_hash, transaction_at, state, loan_class)
_LOANS_SINCE = (" (SELECT count(*) FROM journal WHERE card_hash = :card_hash"
                "  AND transaction_at >= :since)")
_OPEN_BY_CLASS = (" (SELECT json_group_object(loan_class, n) FROM (SELECT loan_class,"
                  f"  count(*) n FROM journal WHERE card_hash = :card_hash AND {_OPEN}"
                  "  GROUP BY loan_class))")
_RULES = (" (SELECT json_group_array(json_array(loan_class, loan_days, limit_group,"
          "  max_items)) FROM loan_rules)")
_FACTS = (
    f"SELECT {_PATRON_COLUMNS},"
    " i.item_id, i.title, i.loan_class, i.not_for_loan, i.ill, i.circulation_status,"
    "  i.media_type, h.card_hash,"
    " j.card_hash, j.title, j.due_at, j.state, j.ils_due,"
    # bounded: only "at the cap or not" matters, and the journal can be long
    f" (SELECT count(*) FROM (SELECT 1 FROM journal WHERE {_OPEN} LIMIT :count_cap)),"
    + _LOANS_SINCE + "," + _OPEN_BY_CLASS + "," + _RULES + ","
    " (SELECT group_concat(day) FROM closed_days WHERE day >= :first_day"
    "  AND day <= :last_day)"
    " FROM (SELECT 1)" + _PATRON_JOIN +
    " LEFT JOIN items i ON i.item_id = :item_id"
    " LEFT JOIN holds h ON h.item_id = :item_id"
    " LEFT JOIN (SELECT card_hash, title, due_at, state, ils_due FROM journal"
    "  WHERE item_id = :item_id ORDER BY id DESC LIMIT 1) j")
_PATRON_FACTS = (f"SELECT {_PATRON_COLUMNS}," + ",".join((_LOANS_SINCE, _OPEN_BY_CLASS, _RULES))
                 + " FROM (SELECT 1)" + _PATRON_JOIN)
_SECURITY = (
    "UPDATE journal SET security = ? WHERE id = (SELECT id FROM journal"
    " WHERE item_id = ? AND card_hash = ? ORDER BY id DESC LIMIT 1)")
_JOURNAL_ROW = (
    "INSERT INTO journal (txn_id, card, card_hash, item_id, title, loan_class,"
    " transaction_at, due_at, state, attempts, result, ils_due, kiosk_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?)")


@dataclass(frozen=True)
class CheckoutFacts:
    """Everything one offline checkout decision needs, read in one go."""

    card_hash: str
    patron: PatronStanding
    item: ItemStanding | None
    item_open_loan: tuple[str, str, datetime] | None   # (card_hash, title, due) if unsent
    open_total: int                        # unsent loans, all patrons (at most count_cap)
    patron_loans_since: int                            # this patron's, since the given time
    patron_open_by_class: dict[str, int]
    rules: dict[str, Rule]
    closed_days: frozenset[date]
    item_last_row: JournalClaim | None = None          # its newest row, whatever the state


@dataclass(frozen=True)
class PatronFacts:
    """What identifying a patron offline reads, in one go: their standing, their loans since
    the given time, their unsent loans per class and the loan rules."""

    card_hash: str
    patron: PatronStanding
    loans_since: int
    open_by_class: dict[str, int]
    rules: dict[str, Rule]


class Journalled(NamedTuple):
    id: int
    txn_id: str


class LoanUnitOfWork:
    """One offline loan's transaction; from :meth:`OfflineLoans.begin`, used as a context.
    From :meth:`OfflineLoans.read`: a read-only one (a plain ``BEGIN``: its reads see one
    snapshot, and it takes no write lock), for identifying a patron; it cannot write."""

    def __init__(self, loans: OfflineLoans, connection: Any, *, read_only: bool = False
                 ) -> None:
        self._loans = loans
        self._connection = connection
        self._cursor: Any = None
        self._committed = False
        self._read_only = read_only

    def __enter__(self) -> LoanUnitOfWork:
        self._cursor = self._connection.cursor()
        try:
            self._cursor.execute("BEGIN" if self._read_only else "BEGIN IMMEDIATE")
        except BaseException:
            self._cursor.close()
            self._loans.discard(self._connection)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._cursor.close()
        if error is not None:
            self._loans.discard(self._connection)   # rolls back: nothing half-written stays
        elif not self._committed:
            self._connection.rollback()
            self._loans.release(self._connection)
        else:
            self._loans.release(self._connection)

    def checkout_facts(self, card: str, item_id: str, *, since: datetime, first_day: date,
                       last_day: date, count_cap: int = 1_000_000) -> CheckoutFacts:
        card_hash = self._loans.cache.card_hash(card)
        row = self._cursor.execute(_FACTS, {
            "card_hash": card_hash, "item_id": item_id, "since": sql_datetime(since),
            "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
            "count_cap": count_cap}).fetchone()
        # the statement's columns: patron (7), item and its hold (8), the item's newest
        # journal row (5), then the counts and lists
        found, title, loan_class, not_for_loan, ill, status, media_type, hold = row[7:15]
        item = None if found is None else ItemStanding(
            item_id=item_id, title=title, loan_class=loan_class, not_for_loan=bool(not_for_loan),
            ill=bool(ill), circulation_status=status, hold_card_hash=hold,
            media_type=media_type or "")
        owner, row_title, due_at, state, ils_due = row[15:20]
        last = None if owner is None else JournalClaim(
            card_hash=owner, title=row_title, due_at=_utc(due_at), state=state,
            ils_due=ils_due or "")
        total, recent, by_class, rules_json, closed = row[20:]
        return CheckoutFacts(
            card_hash=card_hash, patron=_standing(row), item=item,
            item_open_loan=((last.card_hash, last.title, last.due_at)
                            if last is not None and last.state in (PENDING, SENDING)
                            else None),
            open_total=int(total or 0), patron_loans_since=int(recent or 0),
            patron_open_by_class=json.loads(by_class) if by_class else {},
            rules=_rules(rules_json),
            closed_days=(frozenset(map(date.fromisoformat, closed.split(","))) if closed
                         else frozenset()),
            item_last_row=last)

    def patron_facts(self, card: str, *, since: datetime) -> PatronFacts:
        card_hash = self._loans.cache.card_hash(card)
        row = self._cursor.execute(_PATRON_FACTS, {
            "card_hash": card_hash, "since": sql_datetime(since)}).fetchone()
        recent, by_class, rules_json = row[7:]
        return PatronFacts(card_hash=card_hash, patron=_standing(row),
                           loans_since=int(recent or 0),
                           open_by_class=json.loads(by_class) if by_class else {},
                           rules=_rules(rules_json))

    def record_security(self, item_id: str, card_hash: str, security: str) -> bool:
        """The tag's security after an RFID loan, on that loan's row (the patron's newest
        row of the item, whatever its state: the replay may have sent it already, and
        leaves this column alone). False when there is no such row."""
        self._writable()
        self._cursor.execute(_SECURITY, (security, item_id, card_hash))
        return bool(self._cursor.rowcount)

    def _writable(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot write")

    def add_loan(self, *, card: str, item_id: str, title: str, loan_class: str,
                 transaction_at: datetime, due_at: datetime, maybe_sent: bool = False,
                 card_hash: str | None = None) -> Journalled:
        """The journal row and the item's local status (on loan, due then).

        ``maybe_sent``: an online checkout of this loan got no answer, so the ILS may have it
        already; the row starts as ``sending`` and the replayer checks before sending."""
        for name, value in (("transaction_at", transaction_at), ("due_at", due_at)):
            if value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
        self._writable()
        txn_id = secrets.token_hex(16)     # 32 hex digits, as uuid4().hex, at a fifth of its cost
        at, due = sql_datetime(transaction_at), sql_datetime(due_at)
        self._cursor.execute(_JOURNAL_ROW, (
            txn_id, card, card_hash or self._loans.cache.card_hash(card), item_id, title,
            loan_class, at, due, SENDING if maybe_sent else PENDING, int(maybe_sent),
            self._loans.kiosk_id))
        row_id = int(self._cursor.lastrowid or 0)
        self._cursor.execute(ITEM_LENT_OFFLINE, (item_id, title, due, at, loan_class))
        return Journalled(row_id, txn_id)

    def commit(self) -> None:
        """Durably: when this returns, the loan survives a crash or a power cut."""
        self._cursor.execute("COMMIT")
        self._committed = True


class OfflineLoans:
    """Begins a unit of work per offline loan on this thread's connection (kept between
    loans; ``keep_connection=False``: one from the pool each time, for a one-off loan).
    ``kiosk_id`` is written in each journal row."""

    def __init__(self, cache: Cache, *, kiosk_id: str = "", keep_connection: bool = True) -> None:
        self.cache = cache
        self.kiosk_id = kiosk_id
        self._keep = keep_connection
        self._local = threading.local()

    def begin(self) -> LoanUnitOfWork:
        """A loan's unit of work: it holds the write lock from its first statement."""
        return LoanUnitOfWork(self, self._connection())

    def read(self) -> LoanUnitOfWork:
        """A read-only unit of work (one snapshot, no write lock): a patron's identify."""
        return LoanUnitOfWork(self, self._connection(), read_only=True)

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self.cache.engine.raw_connection()
            if self._keep:
                self._local.connection = connection
        return connection

    def release(self, connection: Any) -> None:
        if not self._keep:
            connection.close()

    def discard(self, connection: Any) -> None:
        """After an error: rolled back, and never used again."""
        if getattr(self._local, "connection", None) is connection:
            self._local.connection = None
        with contextlib.suppress(Exception):
            connection.rollback()
            connection.invalidate()

    def close(self) -> None:
        """This thread's kept connection back to the pool, closed."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()


def _standing(row: tuple[Any, ...]) -> PatronStanding:
    """From the patron's columns, first in both statements' rows (NULL: not cached)."""
    return UNKNOWN_PATRON if row[0] is None else standing(*row[1:7])


def _rules(rules_json: str | None) -> dict[str, Rule]:
    return {r[0]: Rule(r[0], r[1], r[2], r[3]) for r in json.loads(rules_json or "[]")}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)

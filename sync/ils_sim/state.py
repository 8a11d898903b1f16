"""What the simulator remembers: loans, holds and a ledger of every transaction, in SQLite.

The ledger is the simulator's truth for the crash tests: one row per checkout, renewal,
checkin and fee payment, accepted or refused, append-only (triggers refuse UPDATE and
DELETE). It keeps the real card numbers, since every patron here is invented; logs mask them.

Why SQLite rather than a JSON file rewritten per transaction: the ledger row and the loan it
changes go into one transaction, committed in WAL mode with ``synchronous=FULL`` before the
answer is sent, so an answer a kiosk has seen is on disk even if the simulator is SIGKILLed
the next instant; the cost is one fsync, not a rewrite of a growing file; and ``kiosk ils-sim
ledger`` can read the file while the simulator runs. Without a path the same schema lives in
memory, so there is one code path.

A fresh file is seeded with the collection's loans and holds; from then on the file is the
truth for them, and a new simulator on the same file loads them into its collection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sync.ils_sim.collection import Collection, Loan, MediaType

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 60_000   # a reader holding the file (a test, the CLI) delays, never fails

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS loans (
    item TEXT PRIMARY KEY, card TEXT NOT NULL, media TEXT NOT NULL,
    loaned_at TEXT NOT NULL, due TEXT NOT NULL, renewals INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS holds (item TEXT PRIMARY KEY, card TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    card TEXT NOT NULL,
    item TEXT NOT NULL,
    transaction_date TEXT,
    received_at TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('ok', 'refused')),
    reason TEXT NOT NULL DEFAULT '',
    renewal INTEGER NOT NULL DEFAULT 0,
    due TEXT,
    amount TEXT,
    terminal TEXT NOT NULL DEFAULT '');
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"""


class Kind(StrEnum):
    """What a ledger row records: the request, not its outcome (see ``renewal``)."""

    CHECKOUT = "checkout"
    NO_BLOCK_CHECKOUT = "no_block_checkout"     # an offline loan replayed (11, no block Y)
    RENEW = "renew"                             # 29
    NO_BLOCK_RENEW = "no_block_renew"
    CHECKIN = "checkin"
    NO_BLOCK_CHECKIN = "no_block_checkin"
    FEE_PAID = "fee_paid"                       # 37


@dataclass(frozen=True)
class LedgerEntry:
    """One transaction. Dates are ISO 8601 with the offset; ``transaction_date`` is the one
    the request carried (None when it could not be read), ``received_at`` the simulator's
    clock. ``renewal`` is true when a checkout was taken as a renewal (a repeat, as in Koha
    and Evergreen). ``reason`` is empty when ``result`` is "ok", else ``reason[:detail]``."""

    kind: str
    card: str
    item: str
    transaction_date: str | None
    received_at: str
    result: str
    reason: str = ""
    renewal: bool = False
    due: str | None = None
    amount: str | None = None
    terminal: str = ""
    seq: int = 0

    @property
    def ok(self) -> bool:
        return self.result == "ok"

    def to_json(self) -> dict[str, object]:
        """The entry as JSON, with ``ok`` (the boolean of ``result``) for convenience."""
        data = asdict(self)
        return {"seq": data.pop("seq"), **data, "ok": self.ok}


def loan_to_json(loan: Loan) -> dict[str, object]:
    return {"item": loan.item, "card": loan.card, "loaned_at": loan.loaned_at.isoformat(),
            "due": loan.due.isoformat(), "renewals": loan.renewals}


class StateError(Exception):
    """The state file cannot be used (missing, not ours, or from a newer simulator)."""


class StateStore:
    """Loans, holds and the ledger. Not thread-safe: the simulator calls it under its lock."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.readonly = readonly
        if readonly and (self.path is None or not self.path.exists()):
            raise StateError(f"no state file at {self.path}")
        self._conn: sqlite3.Connection | None = None
        self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            target, uri = ":memory:", False
        elif self.readonly:
            target, uri = f"file:{self.path}?mode=ro", True
        else:
            target, uri = str(self.path), False
        try:
            db = sqlite3.connect(target, uri=uri, isolation_level=None,
                                 check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StateError(f"cannot open {self.path}: {exc}") from exc
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self.readonly:
                if self.path is not None:
                    db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
                db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StateError(f"{self.path} is not a simulator state file: {exc}") from exc
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            db.close()
            raise StateError(f"{self.path} was written by a newer simulator "
                             f"(schema {row[0]} > {SCHEMA_VERSION})")
        self._conn = db
        return db

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection, opened again after :meth:`close`."""
        return self._conn if self._conn is not None else self._open()

    def close(self) -> None:
        """Close the file (it is opened again on next use). An in-memory store stays open:
        closing it would forget everything."""
        if self._conn is not None and self.path is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- the collection ------------------------------------------------------------------
    @property
    def seeded(self) -> bool:
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'seeded_at'").fetchone() is not None

    def attach(self, collection: Collection, now: datetime) -> bool:
        """Seed a fresh store from ``collection``, or load a seeded one into it.

        Returns True when loans and holds were loaded (a restart), False when seeded."""
        if not self.seeded:
            with self._transaction() as db:
                self._write_snapshot(db, collection)
                db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               [("schema", str(SCHEMA_VERSION)),
                                ("seeded_at", now.isoformat())])
            return False
        collection.loans.clear()
        for loan in self.loans():
            collection.loans[loan.item] = loan
        holds = self.holds()
        for barcode, item in collection.items.items():
            item.hold_for = holds.get(barcode)
        return True

    def save_snapshot(self, collection: Collection) -> None:
        """Replace the stored loans and holds with the collection's (after a test edited it)."""
        with self._transaction() as db:
            self._write_snapshot(db, collection)

    @staticmethod
    def _write_snapshot(db: sqlite3.Connection, collection: Collection) -> None:
        db.execute("DELETE FROM loans")
        db.executemany(_PUT_LOAN, [_loan_row(loan) for loan in collection.loans.values()])
        db.execute("DELETE FROM holds")
        db.executemany("INSERT INTO holds (item, card) VALUES (?, ?)",
                       [(i.barcode, i.hold_for) for i in collection.items.values()
                        if i.hold_for is not None])

    # -- transactions --------------------------------------------------------------------
    def record(self, entry: LedgerEntry, *, loans: Iterable[Loan] = (),
               returned: Iterable[str] = (),
               holds: Mapping[str, str | None] | None = None) -> LedgerEntry:
        """Append ``entry`` and apply its changes in one durable transaction.

        ``loans`` are written (new or renewed), ``returned`` items lose their loan, ``holds``
        sets (card) or clears (None) an item's hold. Returns the entry with its ``seq``."""
        with self._transaction() as db:
            for loan in loans:
                db.execute(_PUT_LOAN, _loan_row(loan))
            for item in returned:
                db.execute("DELETE FROM loans WHERE item = ?", (item,))
            for item, card in (holds or {}).items():
                if card is None:
                    db.execute("DELETE FROM holds WHERE item = ?", (item,))
                else:
                    db.execute("INSERT OR REPLACE INTO holds (item, card) VALUES (?, ?)",
                               (item, card))
            cursor = db.execute(
                "INSERT INTO ledger (kind, card, item, transaction_date, received_at, result,"
                " reason, renewal, due, amount, terminal)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(entry.kind), entry.card, entry.item, entry.transaction_date,
                 entry.received_at, entry.result, entry.reason, int(entry.renewal), entry.due,
                 entry.amount, entry.terminal))
            seq = cursor.lastrowid
        assert seq is not None
        return replace(entry, seq=seq)

    # -- reading -------------------------------------------------------------------------
    def ledger(self, since: int = 0) -> list[LedgerEntry]:
        """Entries with ``seq`` greater than ``since``, oldest first."""
        rows = self._db.execute(
            "SELECT seq, kind, card, item, transaction_date, received_at, result, reason,"
            " renewal, due, amount, terminal FROM ledger WHERE seq > ? ORDER BY seq",
            (since,)).fetchall()
        return [LedgerEntry(seq=r[0], kind=r[1], card=r[2], item=r[3], transaction_date=r[4],
                            received_at=r[5], result=r[6], reason=r[7], renewal=bool(r[8]),
                            due=r[9], amount=r[10], terminal=r[11]) for r in rows]

    def loans(self) -> list[Loan]:
        rows = self._db.execute("SELECT item, card, media, loaned_at, due, renewals FROM loans"
                                " ORDER BY due, item").fetchall()
        return [Loan(item=r[0], card=r[1], media=_media(r[2]),
                     loaned_at=datetime.fromisoformat(r[3]), due=datetime.fromisoformat(r[4]),
                     renewals=int(r[5])) for r in rows]

    def holds(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT item, card FROM holds ORDER BY item").fetchall())


_PUT_LOAN = ("INSERT OR REPLACE INTO loans (item, card, media, loaned_at, due, renewals)"
             " VALUES (?, ?, ?, ?, ?, ?)")


def _loan_row(loan: Loan) -> tuple[str, str, str, str, str, int]:
    return (loan.item, loan.card, str(loan.media), loan.loaned_at.isoformat(),
            loan.due.isoformat(), loan.renewals)


def _media(value: str) -> MediaType:
    try:
        return MediaType(value)
    except ValueError:
        return MediaType.BOOK

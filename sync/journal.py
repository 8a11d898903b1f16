"""The offline journal: every loan made while the ILS was unreachable, until the ILS has it.

Guarantees (docs/adr/0003-offline-journal.md):
- A loan's decision, its journal row and the item's local status are ONE transaction (the
  unit of work, sync.cache.unit_of_work) on a WAL database with synchronous=FULL; the kiosk
  shows success only after its commit returns. An acknowledged loan survives a crash or a
  power cut.
- Rows leave ``pending`` in id order. Before each send the row is marked ``sending`` and
  committed: after a crash, a ``sending`` row is one whose checkout may have reached the ILS,
  so the replayer asks Item Information before sending it again (a repeated checkout is a
  renewal at Koha and Evergreen).
- The card number is kept only while the ILS still needs it: a ``done`` row keeps the
  masked number. ``failed`` rows keep it for the counter staff who enter the loan by hand.
- A ``done`` row (its card masked) is deleted ``[privacy] keep_accepted_hours`` after the
  ILS accepted it (:meth:`OfflineJournal.purge_accepted`), and leaves the file.
- A row the ILS took as a *renewal* (the patron already had the item at the ILS: a doubled
  loan, and a renewal used up) is ``renewed``, not ``done``: a row for staff, like a
  ``failed`` one, until they mark it resolved.
"""

from __future__ import annotations

import csv
import hmac
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import delete, func, select, update

from sync.cache.cache import Cache
from sync.cache.models import JournalEntry
from sync.cache.unit_of_work import OfflineLoans
from sync.privacy import mask_card


class JournalState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"
    RENEWED = "renewed"      # the ILS counted the replayed checkout as a renewal: for staff


OPEN_STATES = (JournalState.PENDING, JournalState.SENDING)
STAFF_STATES = (JournalState.FAILED, JournalState.RENEWED)     # rows staff must look at


@dataclass(frozen=True)
class JournalRow:
    id: int
    txn_id: str
    card_masked: str
    item_id: str
    title: str
    loan_class: str
    transaction_at: datetime
    due_at: datetime
    state: JournalState
    attempts: int
    last_attempt_at: datetime | None
    result: str
    ils_due: str
    security: str | None = None     # RFID: the tag's security after the loan ("ok: AFI C2")


@dataclass(frozen=True)
class ReplayRow:
    """A row as the replayer needs it: with the card number the ILS must be sent."""

    id: int
    card: str
    item_id: str
    transaction_at: datetime
    due_at: datetime
    state: JournalState
    attempts: int
    # something touched the item since the row was written (another row of this patron for
    # it, the kiosk seeing it or the patron online): the ILS may have the loan already
    touched: bool = False


@dataclass(frozen=True)
class ItemClaim:
    """An item's newest journal row, as a checkout needs it: whose loan, and how far."""

    id: int
    card_hash: str
    state: JournalState
    title: str
    due_at: datetime
    ils_due: str


def _row(entry: JournalEntry) -> JournalRow:
    card = entry.card if "*" in entry.card else mask_card(entry.card)
    return JournalRow(id=entry.id, txn_id=entry.txn_id, card_masked=card,
                      item_id=entry.item_id, title=entry.title, loan_class=entry.loan_class,
                      transaction_at=entry.transaction_at, due_at=entry.due_at,
                      state=JournalState(entry.state), attempts=entry.attempts,
                      last_attempt_at=entry.last_attempt_at, result=entry.result,
                      ils_due=entry.ils_due, security=entry.security)


class OfflineJournal:
    def __init__(self, cache: Cache, kiosk_id: str = "") -> None:
        self._cache = cache
        self._kiosk_id = kiosk_id

    @property
    def kiosk_id(self) -> str:
        return self._kiosk_id

    # -- the kiosk side -------------------------------------------------------------------
    def record_loan(self, *, card: str, item_id: str, title: str, loan_class: str,
                    transaction_at: datetime, due_at: datetime,
                    maybe_sent: bool = False, card_hash: str | None = None) -> JournalRow:
        """One loan and its journal row, durably, in a unit of work of its own (the kiosk
        decides and writes in one: kiosk.offline)."""
        loans = OfflineLoans(self._cache, kiosk_id=self._kiosk_id, keep_connection=False)
        with loans.begin() as uow:
            row_id, txn_id = uow.add_loan(card=card, item_id=item_id, title=title,
                                          loan_class=loan_class, transaction_at=transaction_at,
                                          due_at=due_at, maybe_sent=maybe_sent,
                                          card_hash=card_hash)
            uow.commit()
        return JournalRow(id=row_id, txn_id=txn_id, card_masked=mask_card(card),
                          item_id=item_id, title=title, loan_class=loan_class,
                          transaction_at=transaction_at.astimezone(UTC),
                          due_at=due_at.astimezone(UTC),
                          state=JournalState.SENDING if maybe_sent else JournalState.PENDING,
                          attempts=int(maybe_sent), last_attempt_at=None, result="", ils_due="")

    def open_loan_of_item(self, item_id: str) -> JournalRow | None:
        with self._cache.sessions.begin() as session:
            entry = session.scalars(select(JournalEntry).where(
                JournalEntry.item_id == item_id,
                JournalEntry.state.in_([JournalState.PENDING, JournalState.SENDING]))
                .order_by(JournalEntry.id.desc()).limit(1)).first()
            return _row(entry) if entry is not None else None

    def latest_of_item(self, item_id: str) -> ItemClaim | None:
        """The item's newest journal row, whatever its state (read-only): whose offline loan
        the item is, and whether the ILS has accepted it. For the online checkout, which
        lends nothing the journal still holds (kiosk.circulation)."""
        with self._cache.sessions.begin() as session:
            entry = session.scalars(select(JournalEntry).where(
                JournalEntry.item_id == item_id)
                .order_by(JournalEntry.id.desc()).limit(1)).first()
            if entry is None:
                return None
            return ItemClaim(id=entry.id, card_hash=entry.card_hash,
                             state=JournalState(entry.state), title=entry.title,
                             due_at=entry.due_at, ils_due=entry.ils_due)

    def card_hash_of(self, row_id: int) -> str:
        with self._cache.sessions.begin() as session:
            entry = session.get(JournalEntry, row_id)
            if entry is None:
                raise KeyError(row_id)
            return entry.card_hash

    def count_open(self) -> int:
        """Loans not yet confirmed by the ILS."""
        return self.count(JournalState.PENDING, JournalState.SENDING)

    def oldest_open(self) -> datetime | None:
        """When the oldest loan not yet confirmed by the ILS was made (None: none waits)."""
        with self._cache.sessions.begin() as session:
            oldest: datetime | None = session.scalar(
                select(func.min(JournalEntry.transaction_at))
                .where(JournalEntry.state.in_(list(OPEN_STATES))))
        return oldest

    def count(self, *states: JournalState) -> int:
        with self._cache.sessions.begin() as session:
            query = select(func.count()).select_from(JournalEntry)
            if states:
                query = query.where(JournalEntry.state.in_(list(states)))
            return session.scalar(query) or 0

    # -- the replayer side ----------------------------------------------------------------
    def to_replay(self, limit: int = 100) -> list[ReplayRow]:
        with self._cache.sessions.begin() as session:
            entries = session.scalars(
                select(JournalEntry)
                .where(JournalEntry.state.in_([JournalState.PENDING, JournalState.SENDING]))
                .order_by(JournalEntry.id).limit(limit)).all()
            return [ReplayRow(id=e.id, card=e.card, item_id=e.item_id,
                              transaction_at=e.transaction_at, due_at=e.due_at,
                              state=JournalState(e.state), attempts=e.attempts)
                    for e in entries]

    def mark_sending(self, row_id: int, when: datetime | None = None) -> None:
        self._update(row_id, state=JournalState.SENDING,
                     attempts=JournalEntry.attempts + 1,
                     last_attempt_at=when or datetime.now(UTC))

    def mark_done(self, row_id: int, *, result: str = "ok", ils_due: str = "") -> None:
        with self._cache.sessions.begin() as session:
            entry = session.get(JournalEntry, row_id)
            if entry is None:
                raise KeyError(row_id)
            entry.state = JournalState.DONE
            entry.result = result
            entry.ils_due = ils_due
            entry.card = mask_card(entry.card)   # the ILS has it now: keep no more than needed
            entry.closed_at = datetime.now(UTC)

    def mark_failed(self, row_id: int, reason: str) -> None:
        self._update(row_id, state=JournalState.FAILED, result=reason)

    def mark_resolved(self, row_id: int, note: str) -> JournalRow:
        """Staff dealt with a ``failed`` or ``renewed`` row at the counter: ``done``, with
        their note, and only the masked card kept."""
        with self._cache.sessions.begin() as session:
            entry = session.get(JournalEntry, row_id)
            if entry is None:
                raise KeyError(row_id)
            if entry.state not in STAFF_STATES:
                raise ValueError(f"row {row_id} is {entry.state}: only failed or renewed "
                                 "rows are resolved by staff")
            entry.result = (f"resolved by staff ({note or 'no note'}); was {entry.state}: "
                            f"{entry.result}")
            entry.state = JournalState.DONE
            entry.card = mask_card(entry.card)
            entry.closed_at = datetime.now(UTC)
            return _row(entry)

    def mark_pending(self, row_id: int, reason: str = "") -> None:
        """Back to pending after a send that certainly did not reach the ILS."""
        self._update(row_id, state=JournalState.PENDING, result=reason)

    def _update(self, row_id: int, **values: object) -> None:
        with self._cache.sessions.begin() as session:
            done = session.execute(update(JournalEntry).where(JournalEntry.id == row_id)
                                   .values(**values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise KeyError(row_id)

    # -- retention (nothing kept longer than needed) -------------------------------------------
    def purge_accepted(self, older_than: datetime) -> int:
        """Delete the rows the ILS accepted (``done``, staff-resolved ones included) that
        closed before ``older_than``, and scrub them from the files: SQLite overwrites deleted
        cells with zeros (``secure_delete``) and the WAL, which still holds the old pages, is
        checkpointed and truncated. Rows waiting, failed or renewed are never touched: they
        stay until the ILS has them or staff resolve them. Returns how many were deleted."""
        if older_than.tzinfo is None:
            raise ValueError("older_than must be timezone-aware")
        closed = func.coalesce(JournalEntry.closed_at, JournalEntry.last_attempt_at,
                               JournalEntry.transaction_at)
        with self._cache.sessions.begin() as session:
            done = session.execute(delete(JournalEntry).where(
                JournalEntry.state == JournalState.DONE, closed < older_than))
            count = int(done.rowcount or 0)  # type: ignore[attr-defined]
        if count:
            self._cache.scrub()
        return count

    def accepted_summary(self) -> tuple[int, datetime | None]:
        """(accepted rows kept, when the oldest of them closed)."""
        closed = func.coalesce(JournalEntry.closed_at, JournalEntry.last_attempt_at,
                               JournalEntry.transaction_at)
        with self._cache.sessions.begin() as session:
            count, oldest = session.execute(
                select(func.count(), func.min(closed))
                .where(JournalEntry.state == JournalState.DONE)).one()
        if isinstance(oldest, str):          # coalesce() loses the column's type
            oldest = datetime.fromisoformat(oldest).replace(tzinfo=UTC)
        return int(count or 0), oldest

    # -- staff ------------------------------------------------------------------------------
    def rows(self, state: JournalState | None = None) -> list[JournalRow]:
        with self._cache.sessions.begin() as session:
            query = select(JournalEntry).order_by(JournalEntry.id)
            if state is not None:
                query = query.where(JournalEntry.state == state)
            return [_row(e) for e in session.scalars(query).all()]

    def export_csv(self, path: Path, states: Iterable[JournalState] = (
            JournalState.FAILED, JournalState.RENEWED, JournalState.PENDING,
            JournalState.SENDING)) -> int:
        """For counter staff entering loans by hand: full card numbers, so a private file.

        Written to a new file that is 0600 from its creation (``mkstemp``) and renamed over
        ``path`` when complete: at no moment can anyone else read it, whatever the umask or
        the mode of a file already at ``path``."""
        wanted = [str(s) for s in states]
        with self._cache.sessions.begin() as session:
            entries = session.scalars(select(JournalEntry).where(
                JournalEntry.state.in_(wanted)).order_by(JournalEntry.id)).all()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["id", "state", "card", "item", "title", "loaned_at",
                                     "due", "attempts", "result"])
                    for e in entries:
                        writer.writerow([e.id, e.state, e.card, e.item_id, e.title,
                                         e.transaction_at.isoformat(),
                                         e.due_at.date().isoformat(), e.attempts, e.result])
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            return len(entries)

    # -- the card key -------------------------------------------------------------------------
    def card_hash_mismatches(self) -> tuple[int, int]:
        """(rows checked, rows whose card hash is not this key's): rows that still hold the
        full card number witness which key the journal was written with."""
        checked = wrong = 0
        with self._cache.sessions.begin() as session:
            for card, card_hash in session.execute(
                    select(JournalEntry.card, JournalEntry.card_hash)
                    .where(JournalEntry.card.not_like("%*%"))):
                if not card:
                    continue
                checked += 1
                wrong += not hmac.compare_digest(self._cache.card_hash(card), card_hash)
        return checked, wrong

    def rehash_cards(self) -> int:
        """Hash again, with the key in use, the rows that still hold the full card number
        and were hashed with another key (a kiosk that once made a new key at each start):
        the patron's offline limits and re-scans find their loans again. Returns how many."""
        fixed = 0
        with self._cache.sessions.begin() as session:
            for entry in session.scalars(select(JournalEntry).where(
                    JournalEntry.card.not_like("%*%"))):
                if not entry.card:
                    continue
                right = self._cache.card_hash(entry.card)
                if entry.card_hash != right:
                    entry.card_hash = right
                    fixed += 1
        return fixed

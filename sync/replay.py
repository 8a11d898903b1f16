"""Sends the offline journal to the ILS, in order, each loan exactly once.

A checkout is not idempotent: Koha and Evergreen (and the simulator) take a repeated checkout
of an item already on loan to the same patron as a renewal. So the replayer never re-sends a
row whose earlier send may have reached the ILS without first asking the ILS (Item
Information, 17) whether the loan is already there, and it never "undoes" anything with a
checkin (the ILS would treat it as a real return and might trap another patron's hold).

Per row:

* ``pending`` → the row is committed as ``sending`` *before* its checkout goes out
  (no-block Y, the original transaction date, the offline due date as nb due date);
  an answer makes it ``done`` (with the ILS's due date) or ``failed`` (with the ILS's reason).
* ``sending`` (an earlier run or a crash left it in doubt) → Item Information first.
  Already on loan to this patron → ``done`` without resending. Otherwise it is sent as above.
* ``pending`` but *touched* since it was written → Item Information first too, as for a row
  in doubt. Touched: the journal has another row of this patron for the item (a re-scan
  journalled twice), the cache saw the item after the row (an online loan or renewal of it),
  or the cache saw the patron online from a day before the row on (a loan the ILS may have
  made while the kiosk died before hearing of it). Found on loan to another patron, such a
  row is ``failed`` for staff: the kiosk lent the item again since, and a no-block checkout
  would take it from that patron.
* An answer that the ILS took the checkout as a *renewal* (the patron had the item at the
  ILS already: a doubled loan, a renewal used up) makes the row ``renewed``, a row for staff
  like a ``failed`` one, never a plain success.

"Already on loan to this patron" is decided from the 18 answer: the simulator (and ILSes set
up like it) name the borrower in AA, and then AA must equal the row's card. An ILS that sends
no AA leaves a heuristic: circulation status 04 (charged) with a due day equal to the offline
due day, which the ILS only gives the item when it honoured our nb due date — so it was our
checkout. Charged without AA and with another due day is undecidable (ours, with the due date
ignored, or someone else's): re-sending could renew and not sending could lose the loan, so
the row is marked ``failed`` for counter staff to check by hand.

Rows go strictly in id order. The first transport failure ends the run, so nothing is sent
out of order: a send that may have reached the ILS leaves its row ``sending`` (the next run
asks Item Information), one that certainly did not is put back to ``pending``.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import TypeVar, cast

from sqlalchemy import Select, Table, Update, and_, bindparam, exists, func, or_, select

from sync.cache.cache import Cache
from sync.cache.models import ItemRecord, JournalEntry, PatronRecord
from sync.journal import JournalState, OfflineJournal, ReplayRow
from sync.privacy import mask_card
from sync.sip2.client import Sip2Client, Sip2Refused, Sip2SetupError, Sip2Unavailable
from sync.sip2.codec import Sip2Error
from sync.sip2.messages import ItemInformation

log = logging.getLogger(__name__)

ALREADY_THERE = "already at the ILS"
RENEWED_BY_ILS = ("the ILS took this checkout as a renewal: the patron already had the item "
                  "there (a doubled loan, a renewal used up); check the loan at the counter")
WINDOW = 256                # rows marked `sending` per commit
_T = TypeVar("_T")


class StopReason(StrEnum):
    DRAINED = "drained"              # nothing left to send
    MAX_ROWS = "max_rows"            # the caller's limit
    UNREACHABLE = "unreachable"      # no connection; no row is in doubt because of this run
    IN_DOUBT = "in_doubt"            # a checkout may have reached the ILS; its row is `sending`
    LOGIN_REFUSED = "login_refused"  # the ILS refused the kiosk's credentials
    ILS_OFFLINE = "ils_offline"      # the ILS answered SC status with "offline"
    SETUP_ERROR = "setup_error"      # the kiosk's own SIP2 setup (password file, CA file)
    BUSY = "busy"                    # another replay of this journal is running (or its lock
                                     # file cannot be opened: see the detail)


@dataclass(frozen=True)
class ReplayReport:
    sent: int                        # checkouts the ILS accepted in this run
    skipped_already_there: int       # rows in doubt that Item Information found at the ILS
    failed: int                      # rows refused (or undecidable) in this run
    remaining: int                   # rows still pending or sending after the run
    stopped_because: StopReason
    detail: str = ""
    renewed: int = 0                 # rows the ILS took as renewals in this run: for staff
    asked: int = 0                   # Item Information requests before sending

    @property
    def for_staff(self) -> int:
        """Rows of this run that need a person: refused, undecidable, or renewed."""
        return self.failed + self.renewed

    @property
    def drained(self) -> bool:
        return self.stopped_because is StopReason.DRAINED

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"stopped_because": str(self.stopped_because)}

    def __str__(self) -> str:
        text = (f"sent {self.sent}, already at the ILS {self.skipped_already_there}, "
                f"failed {self.failed}, renewed by the ILS {self.renewed}, "
                f"remaining {self.remaining}; stopped: {self.stopped_because}")
        return f"{text} ({self.detail})" if self.detail else text


class _Stop(Exception):
    """Ends a run. ``changes``: what to record of the row it stopped at; ``untouched``: that
    row was not attempted (nothing written to the ILS for it)."""

    def __init__(self, reason: StopReason, detail: str, *changes: dict[str, object],
                 untouched: bool = False) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.changes = list(changes)
        self.untouched = untouched


class _Outcome(StrEnum):
    SENT = "sent"
    ALREADY_THERE = "already_there"
    FAILED = "failed"
    RENEWED = "renewed"


class Replayer:
    """``clock`` stamps the attempts (aware; UTC by default). ``timezone`` is the library's:
    SIP2 dates are local wall-clock time, so the journal's UTC instants are sent in it (the
    machine's own zone when not given — a kiosk runs on the library's time).

    ``window``: rows are marked ``sending`` a window at a time, in one commit that also
    records the answers to the previous window, so the fsyncs of a long replay are few. Every
    row is still durably ``sending`` before its checkout leaves; what a larger window costs
    is after a power cut, when up to ``window`` rows are in doubt and each takes one Item
    Information. ``window=1`` marks row by row.
    """

    def __init__(self, journal: OfflineJournal, client: Sip2Client, *,
                 clock: Callable[[], datetime] | None = None,
                 timezone: tzinfo | None = None, window: int = WINDOW) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self._journal = journal
        # The window's writes are one transaction over several rows, which the journal's
        # row-by-row methods cannot give.
        self._cache: Cache = journal._cache
        self._client = client
        self._clock = clock or (lambda: datetime.now(UTC))
        self._tz = timezone
        self._window = window

    def replay(self, max_rows: int | None = None) -> ReplayReport:
        """Send rows until the journal is drained, ``max_rows`` rows were handled, or the ILS
        fails; each call starts where the last one stopped.

        One replay of a journal at a time, across threads and processes (the kiosk's own and
        a staff member's ``kiosk journal replay``): two would both take a ``sending`` row for
        one in doubt and could both send it."""
        with _replay_lock(self._cache) as busy:
            if busy is not None:
                report = ReplayReport(0, 0, 0, self._journal.count_open(), StopReason.BUSY,
                                      busy)
                log.warning("journal replay: %s", report)
                return report
            return self._replay(max_rows)

    def _replay(self, max_rows: int | None) -> ReplayReport:
        self._asked = 0
        counts = dict.fromkeys(_Outcome, 0)
        stop, detail = StopReason.DRAINED, ""
        budget = max_rows if max_rows is not None else -1      # rows still to take; -1: all
        # answers not yet committed: their rows stay durably `sending` until they are
        settled: list[dict[str, object]] = []
        try:
            if self._journal.count_open():
                self._check_ils()
                while rows := self._advance(settled, self._take(budget)):
                    settled = []
                    budget -= len(rows) if budget > 0 else 0
                    for index, row in enumerate(rows):
                        try:
                            outcome, change = self._replay_row(row)
                        except _Stop as halt:
                            rest = rows[index:] if halt.untouched else rows[index + 1:]
                            settled += [*halt.changes, *_untouched(rest)]
                            raise
                        settled.append(change)
                        counts[outcome] += 1
                settled = []
                if budget == 0 and self._journal.count_open():
                    stop = StopReason.MAX_ROWS
        except _Stop as halt:
            stop, detail = halt.reason, halt.detail
        finally:
            self._advance(settled)
        # drained: the last look found no open row
        remaining = 0 if stop is StopReason.DRAINED else self._journal.count_open()
        report = ReplayReport(sent=counts[_Outcome.SENT],
                              skipped_already_there=counts[_Outcome.ALREADY_THERE],
                              failed=counts[_Outcome.FAILED], remaining=remaining,
                              stopped_because=stop, detail=detail,
                              renewed=counts[_Outcome.RENEWED], asked=self._asked)
        if report.renewed:
            log.error("journal replay: the ILS took %d checkout(s) as renewals: doubled "
                      "loans for staff (`kiosk journal list --state renewed`)", report.renewed)
        log.info("journal replay: %s", report)
        return report

    def _take(self, budget: int) -> int:
        return self._window if budget < 0 else min(self._window, budget)

    def _advance(self, changes: list[dict[str, object]], limit: int = 0) -> list[ReplayRow]:
        """One transaction: record the answers so far, then take the next ``limit`` open rows
        and mark them ``sending``. Returns those rows as they were before the mark.

        Plain Core statements, several rows each: this runs once per window and is most of
        what the replayer adds to the checkouts themselves.
        """
        by_keys: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for change in changes:
            by_keys.setdefault(tuple(sorted(change)), []).append(change)
        if not by_keys and not limit:
            return []
        # it reads the open rows, then marks them: the write lock from the start, or a
        # patron's loan committed in between makes SQLite refuse the mark at once
        with self._cache.writing() as session:
            for keys, group in by_keys.items():
                session.execute(_update_by_id(keys), [
                    {("row_id" if k == "id" else k): v for k, v in change.items()}
                    for change in group])
            if not limit:
                return []
            taken = session.execute(_OPEN_ROWS.limit(limit)).all()
            # the open rows from the first taken to the last are exactly those taken
            touched = {row_id for (row_id,) in session.execute(
                _TOUCHED, {"first": taken[0].id, "last": taken[-1].id})} if taken else set()
            rows = [ReplayRow(id=e.id, card=e.card, item_id=e.item_id,
                              transaction_at=e.transaction_at, due_at=e.due_at,
                              state=JournalState(e.state), attempts=e.attempts,
                              touched=e.id in touched)
                    for e in taken]
            if rows:
                session.execute(
                    _JOURNAL.update().where(_JOURNAL.c.id.in_([row.id for row in rows]))
                    .values(state=str(JournalState.SENDING),
                            attempts=_JOURNAL.c.attempts + 1, last_attempt_at=self._clock()))
        return rows

    # -- one row ---------------------------------------------------------------------------
    def _replay_row(self, row: ReplayRow) -> tuple[_Outcome, dict[str, object]]:
        if row.state is JournalState.SENDING or row.touched:
            found = self._ask(lambda: self._client.item_information(row.item_id))
            self._asked += 1
            verdict = self._already_there(row, found)
            if verdict is True:
                log.info("journal row %d: item %s already on loan to its patron at the "
                         "ILS; not sent again", row.id, row.item_id)
                return _Outcome.ALREADY_THERE, _done(row, ALREADY_THERE, found.due_text)
            if (verdict is False and row.touched and found.on_loan
                    and row.state is not JournalState.SENDING):
                reason = (f"the ILS shows the item on loan to {mask_card(found.patron or '')} "
                          "since this offline loan (lent again after it?): sending it would "
                          "take the loan from them; check by hand")
                log.warning("journal row %d: item %s: %s", row.id, row.item_id, reason)
                return _Outcome.FAILED, _failed(row, reason)
            if verdict is None:
                reason = ("the ILS shows the item on loan but names no borrower, due "
                          f"{found.due_text or 'unknown'} (offline due "
                          f"{self._due_day(row).isoformat()}): a checkout may "
                          "already be there; check by hand")
                log.warning("journal row %d: item %s in doubt: %s", row.id, row.item_id,
                            reason)
                return _Outcome.FAILED, _failed(row, reason)
        return self._send(row)

    def _send(self, row: ReplayRow) -> tuple[_Outcome, dict[str, object]]:
        # The row is durably `sending` (its window was committed so) before this leaves:
        # after a crash it is asked about, never blindly re-sent.
        try:
            answer = self._client.checkout(row.card, row.item_id, no_block=True,
                                           when=self._local(row.transaction_at),
                                           nb_due_date=self._local(row.due_at))
        except Sip2Refused as exc:
            # a login refusal: the ILS did not process the checkout
            raise _Stop(StopReason.LOGIN_REFUSED, str(exc), _pending(row, str(exc))) from exc
        except Sip2SetupError as exc:
            # raised while (re)connecting, before anything was written
            raise _Stop(StopReason.SETUP_ERROR, str(exc), _pending(row, str(exc))) from exc
        except Sip2Unavailable as exc:
            # The client says whether the request may have left; when it cannot tell, the
            # row stays in doubt: asking costs one round trip, a wrong guess a renewal.
            if exc.maybe_delivered:
                raise _Stop(StopReason.IN_DOUBT, f"item {row.item_id}: {exc}") from exc
            raise _Stop(StopReason.UNREACHABLE, str(exc), _pending(row, str(exc))) from exc
        except Sip2Error as exc:
            # An answer we cannot read: the checkout may have been made.
            self._client.close()
            raise _Stop(StopReason.IN_DOUBT, f"item {row.item_id}: {exc}") from exc
        if answer.ok:
            if answer.renewal:
                log.error("journal row %d: the ILS took item %s as a RENEWAL: the patron "
                          "already had it there (a doubled loan); for staff", row.id,
                          row.item_id)
                return _Outcome.RENEWED, _renewed(row, answer.due_text)
            return _Outcome.SENT, _done(row, "ok", answer.due_text)
        reason = answer.screen_message.strip() or "refused by the ILS (no reason given)"
        log.warning("journal row %d: item %s refused: %s", row.id, row.item_id, reason)
        return _Outcome.FAILED, _failed(row, reason)

    def _already_there(self, row: ReplayRow, found: ItemInformation) -> bool | None:
        """True: the loan is at the ILS; False: it is not; None: cannot tell."""
        if not found.on_loan:
            return False
        if found.patron:
            return found.patron == row.card
        if found.due is not None and found.due.date() == self._due_day(row):
            return True
        return None

    def _due_day(self, row: ReplayRow) -> date:
        return self._local(row.due_at).date()

    # -- the ILS ---------------------------------------------------------------------------
    def _check_ils(self) -> None:
        """One SC status before the first row (the client replaces a connection the ILS has
        closed): an unreachable ILS is found before any row is marked."""
        status = self._ask(self._client.sc_status)
        if not status.online:
            raise _Stop(StopReason.ILS_OFFLINE, "the ILS says it is offline")

    def _ask(self, question: Callable[[], _T]) -> _T:
        """An idempotent request: a failure leaves nothing in doubt."""
        try:
            return question()
        except Sip2Refused as exc:
            raise _Stop(StopReason.LOGIN_REFUSED, str(exc), untouched=True) from exc
        except Sip2SetupError as exc:
            raise _Stop(StopReason.SETUP_ERROR, str(exc), untouched=True) from exc
        except Sip2Error as exc:        # unavailable, or an answer we cannot use
            self._client.close()
            raise _Stop(StopReason.UNREACHABLE, str(exc), untouched=True) from exc

    def _local(self, when: datetime) -> datetime:
        return when.astimezone(self._tz)


@contextmanager
def _replay_lock(cache: Cache) -> Iterator[str | None]:
    """An exclusive flock on a file beside the database. Yields None when this replay holds
    it, else why not. The kernel releases it when its holder dies, so a crashed replay
    blocks nothing."""
    database = cache.engine.url.database
    if not database or database == ":memory:":
        yield None
        return
    path = f"{database}.replay-lock"
    try:
        # read-only is enough for flock, so a lock file another user created still works
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        yield f"cannot open the replay lock {path}: {exc.strerror}"
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield "another replay of this journal is running"
            return
        yield None
    finally:
        os.close(fd)        # releases the lock


_JOURNAL = cast(Table, JournalEntry.__table__)
_OPEN_ROWS = (select(_JOURNAL.c.id, _JOURNAL.c.card, _JOURNAL.c.item_id,
                     _JOURNAL.c.transaction_at, _JOURNAL.c.due_at, _JOURNAL.c.state,
                     _JOURNAL.c.attempts)
              .where(_JOURNAL.c.state.in_([str(JournalState.PENDING),
                                           str(JournalState.SENDING)]))
              .order_by(_JOURNAL.c.id))


_ITEMS = cast(Table, ItemRecord.__table__)
_PATRONS = cast(Table, PatronRecord.__table__)


def _touched() -> Select[tuple[int]]:
    """Of the open rows with ids from ``first`` to ``last``, those whose item something
    touched since the row was written (see the module's docstring): each is asked about
    before it is sent. Built once: one statement per window, compiled once."""
    row, other = _JOURNAL.alias("row"), _JOURNAL.alias("other")
    same_patron_again = exists().where(
        other.c.item_id == row.c.item_id, other.c.card_hash == row.c.card_hash,
        other.c.id != row.c.id)
    item_seen_since = exists().where(
        _ITEMS.c.item_id == row.c.item_id, _ITEMS.c.updated_at > row.c.transaction_at)
    patron_seen_online = exists().where(
        _PATRONS.c.card_hash == row.c.card_hash, _PATRONS.c.source == "sip2",
        _PATRONS.c.updated_at > func.datetime(row.c.transaction_at, "-1 day"))
    return select(row.c.id).where(and_(
        row.c.id.between(bindparam("first"), bindparam("last")),
        row.c.state.in_([str(JournalState.PENDING), str(JournalState.SENDING)]),
        or_(same_patron_again, item_seen_since, patron_seen_online)))


_TOUCHED = _touched()


@functools.cache
def _update_by_id(keys: tuple[str, ...]) -> Update:
    return (_JOURNAL.update().where(_JOURNAL.c.id == bindparam("row_id"))
            .values({key: bindparam(key) for key in keys if key != "id"}))


# Row changes, as the journal's mark_done / mark_failed / mark_pending make them.
def _done(row: ReplayRow, result: str, ils_due: str) -> dict[str, object]:
    # the ILS has the loan now: keep no more of the card than staff need to recognise it
    # closed now, as OfflineJournal.mark_done does: the purge keeps it [privacy] hours more
    return {"id": row.id, "state": str(JournalState.DONE), "result": result, "ils_due": ils_due,
            "card": mask_card(row.card), "closed_at": datetime.now(UTC)}


def _renewed(row: ReplayRow, ils_due: str) -> dict[str, object]:
    # the ILS has the loan (twice over): the masked card is enough to find it there
    return {"id": row.id, "state": str(JournalState.RENEWED), "result": RENEWED_BY_ILS,
            "ils_due": ils_due, "card": mask_card(row.card)}


def _failed(row: ReplayRow, reason: str) -> dict[str, object]:
    return {"id": row.id, "state": str(JournalState.FAILED), "result": reason}


def _pending(row: ReplayRow, reason: str) -> dict[str, object]:
    return {"id": row.id, "state": str(JournalState.PENDING), "result": reason}


def _untouched(rows: list[ReplayRow]) -> list[dict[str, object]]:
    """Rows marked but not attempted: back to what they were (a row an earlier run left
    `sending` stays in doubt)."""
    return [{"id": r.id, "state": str(r.state), "attempts": r.attempts} for r in rows]


__all__ = ["ReplayReport", "Replayer", "StopReason"]

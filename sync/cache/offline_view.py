"""What offline decisions read from the cache: a patron's standing, an item's, holds, rules
and closed days. Read-only; the journal writes."""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from sync.cache.cache import Cache
from sync.cache.models import ClosedDay, HoldRecord, ItemRecord, LoanRule, PatronRecord


@dataclass(frozen=True)
class PatronStanding:
    known: bool
    may_borrow: bool
    block: str | None              # card_lost, long_overdue, expired, blocked, or None
    charged_count: int
    wide_area: bool


@dataclass(frozen=True)
class ItemStanding:
    item_id: str
    title: str
    loan_class: str
    not_for_loan: bool
    ill: bool
    circulation_status: str
    hold_card_hash: str | None
    media_type: str = ""           # SIP2's (CK): the class of an item only seen online


@dataclass(frozen=True)
class JournalClaim:
    """The item's newest journal row: whose offline loan it is and how far it got."""

    card_hash: str
    title: str
    due_at: datetime
    state: str                     # pending, sending, done, failed, renewed
    ils_due: str


@dataclass(frozen=True)
class Rule:
    loan_class: str
    loan_days: int
    limit_group: str
    max_items: int


def standing(valid: bool, may_borrow: bool, status: str, charged_count: int,  # noqa: PLR0917
             block: str | None, wide_area: bool) -> PatronStanding:
    """A cached patron's standing: the feed's block, else one read from the SIP2 status."""
    if block is None and not may_borrow:
        block = "card_lost" if status[4:5] == "Y" else "blocked"
    if block is None and not valid:
        block = "unknown"
    return PatronStanding(known=True, may_borrow=block is None, block=block,
                          charged_count=charged_count, wide_area=bool(wide_area))


UNKNOWN_PATRON = PatronStanding(known=False, may_borrow=False, block=None, charged_count=0,
                                wide_area=False)


class OfflineView:
    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    @property
    def cache(self) -> Cache:
        return self._cache

    def card_hash(self, card: str) -> str:
        return self._cache.card_hash(card)

    def patron(self, card: str) -> PatronStanding:
        with self._cache.sessions.begin() as session:
            row = session.get(PatronRecord, self._cache.card_hash(card))
            if row is None:
                return UNKNOWN_PATRON
            return standing(row.valid, row.may_borrow, row.status, row.charged_count,
                            row.block, row.wide_area)

    def item(self, item_id: str) -> ItemStanding | None:
        with self._cache.sessions.begin() as session:
            row = session.get(ItemRecord, item_id)
            if row is None:
                return None
            hold = session.get(HoldRecord, item_id)
            return ItemStanding(item_id=row.item_id, title=row.title,
                                loan_class=row.loan_class, not_for_loan=row.not_for_loan,
                                ill=row.ill, circulation_status=row.circulation_status,
                                hold_card_hash=hold.card_hash if hold else None,
                                media_type=row.media_type)

    def rules(self) -> dict[str, Rule]:
        with self._cache.sessions.begin() as session:
            return {r.loan_class: Rule(r.loan_class, r.loan_days, r.limit_group, r.max_items)
                    for r in session.scalars(select(LoanRule)).all()}

    def closed_days(self, start: date, end: date) -> set[date]:
        with self._cache.sessions.begin() as session:
            return set(session.scalars(select(ClosedDay.day).where(
                ClosedDay.day >= start, ClosedDay.day <= end)).all())

    def seen_at(self, item_id: str) -> datetime | None:
        with self._cache.sessions.begin() as session:
            row = session.get(ItemRecord, item_id)
            return row.updated_at if row else None


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


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class FastReads:
    """The offline checkout's reads as plain SQL on one connection: a patron is waiting."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    def checkout_facts(self, card: str, item_id: str, *, since: datetime, first_day: date,
                       last_day: date, count_cap: int = 1_000_000,
                       cursor: Any = None) -> CheckoutFacts:
        """``cursor``: a DB-API cursor inside the caller's transaction (the one that then
        writes the loan), so the decision and the loan see the same state."""
        card_hash = self._cache.card_hash(card)
        since_text = since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        open_states = "state IN ('pending', 'sending')"
        with ExitStack() as stack:
            if cursor is None:
                c = stack.enter_context(self._cache.engine.connect())
                stack.callback(c.rollback)
                cursor = c.connection.driver_connection.cursor()  # type: ignore[union-attr]
                stack.callback(cursor.close)
            # one statement: a patron waits on this, and each round trip through the driver
            # costs more than the query itself
            row = cursor.execute(
                "SELECT"
                " (SELECT json_array(valid, may_borrow, status, charged_count, block,"
                "  wide_area) FROM patrons WHERE card_hash = ?1),"
                " (SELECT json_array(title, loan_class, not_for_loan, ill, circulation_status,"
                "  media_type) FROM items WHERE item_id = ?2),"
                " (SELECT card_hash FROM holds WHERE item_id = ?2),"
                " (SELECT json_array(card_hash, title, due_at, state, ils_due) FROM journal"
                "  WHERE item_id = ?2 ORDER BY id DESC LIMIT 1),"
                # bounded: only "at the cap or not" matters, and the journal can be long
                f" (SELECT count(*) FROM (SELECT 1 FROM journal WHERE {open_states} LIMIT ?6)),"
                " (SELECT count(*) FROM journal WHERE card_hash = ?1 AND transaction_at >= ?3),"
                " (SELECT json_group_object(loan_class, n) FROM (SELECT loan_class, count(*) n"
                f"  FROM journal WHERE card_hash = ?1 AND {open_states} GROUP BY loan_class)),"
                " (SELECT json_group_array(json_array(loan_class, loan_days, limit_group,"
                "  max_items)) FROM loan_rules),"
                " (SELECT json_group_array(day) FROM closed_days WHERE day >= ?4"
                "  AND day <= ?5)",
                (card_hash, item_id, since_text, first_day.isoformat(),
                 last_day.isoformat(), count_cap)).fetchone()
        p_json, i_json, hold_hash, loan_json, total, recent, by_class, rules_json, closed = row
        p = json.loads(p_json) if p_json else None
        i = json.loads(i_json) if i_json else None
        loan = json.loads(loan_json) if loan_json else None
        patron = UNKNOWN_PATRON if p is None else standing(*p)
        item = None if i is None else ItemStanding(
            item_id=item_id, title=i[0], loan_class=i[1], not_for_loan=bool(i[2]),
            ill=bool(i[3]), circulation_status=i[4], hold_card_hash=hold_hash,
            media_type=i[5] or "")
        last = None if loan is None else JournalClaim(
            card_hash=loan[0], title=loan[1], due_at=_utc(loan[2]), state=loan[3],
            ils_due=loan[4] or "")
        return CheckoutFacts(
            card_hash=card_hash, patron=patron, item=item,
            item_open_loan=((last.card_hash, last.title, last.due_at)
                            if last is not None and last.state in ("pending", "sending")
                            else None),
            open_total=int(total or 0), patron_loans_since=int(recent or 0),
            patron_open_by_class=json.loads(by_class or "{}"),
            rules={r[0]: Rule(r[0], r[1], r[2], r[3]) for r in json.loads(rules_json or "[]")},
            closed_days=frozenset(date.fromisoformat(d) for d in json.loads(closed or "[]")),
            item_last_row=last)

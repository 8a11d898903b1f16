"""What offline decisions read from the cache: a patron's standing, an item's, holds, rules
and closed days. Read-only; a loan's own reads and writes are one unit of work
(sync.cache.unit_of_work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
